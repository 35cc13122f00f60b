"""The CSP report endpoint: logs a trimmed report; odd bodies get a 4xx, not a 500."""

import json
import logging

import pytest

URL = "/csp-report/"
REPORT = {
    "csp-report": {
        "document-uri": "https://qms.example/admin/",
        "violated-directive": "script-src-elem",
        "effective-directive": "script-src-elem",
        "blocked-uri": "inline",
        "original-policy": "default-src 'self'",
    }
}


def post(client, body, content_type="application/csp-report"):
    return client.post(URL, body, content_type=content_type)


def test_a_report_is_logged(client, caplog):
    with caplog.at_level(logging.WARNING, logger="qms.csp"):
        response = post(client, json.dumps(REPORT))
    assert response.status_code == 204
    assert response.content == b""
    (record,) = [r for r in caplog.records if r.name == "qms.csp"]
    assert "script-src-elem" in record.getMessage()
    assert "original-policy" not in record.getMessage()


def test_long_fields_are_cut(client, caplog):
    report = {"csp-report": {"blocked-uri": "x" * 5000}}
    with caplog.at_level(logging.WARNING, logger="qms.csp"):
        assert post(client, json.dumps(report)).status_code == 204
    assert "x" * 201 not in caplog.text


@pytest.mark.parametrize(
    "body",
    ["", "not json", "[]", '{"csp-report": "text"}', "{}", b"\xff\xfe", "null"],
)
def test_odd_bodies_are_refused(client, body):
    assert post(client, body).status_code == 400


def test_too_large_is_refused(client):
    assert (
        post(client, json.dumps({"csp-report": {"a": "x" * 10_000}})).status_code == 413
    )


def test_only_post(client):
    assert client.get(URL).status_code == 405


def test_the_admin_policy_points_here(client, db):
    assert (
        "report-uri /csp-report/"
        in client.get("/admin/login/")["Content-Security-Policy-Report-Only"]
    )
