"""Content-Security-Policy on the public site: enforced, no inline code without
the request's nonce; report-only in the admin (Wagtail runs inline scripts)."""

import re

import pytest

from procedures.models import ProcedurePage
from tests.procedures.conftest import item

ENFORCED = "Content-Security-Policy"
REPORT_ONLY = "Content-Security-Policy-Report-Only"


@pytest.fixture
def birth(publish, agency):
    publish(item(agency="364.TP", level="district"))
    return ProcedurePage.objects.get(code="1.001193")


def directives(header: str) -> dict[str, list[str]]:
    parts = (part.strip().split() for part in header.split(";") if part.strip())
    return {name: values for name, *values in parts}


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/thu-tuc/",
        "/thu-tuc/?q=khai+sinh",
        "/thu-tuc/dang-ky-khai-sinh/",
        "/thu-tuc/dang-ky-khai-sinh/ban-in/",
        "/cong-khai/",
        "/he-thong-chat-luong/",
        "/khong-co-trang-nay/",
    ],
)
def test_public_pages_enforce_the_policy(client, birth, url):
    response = client.get(url)
    assert response.status_code in (200, 404)
    policy = directives(response[ENFORCED])
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'self'"]
    assert "'unsafe-inline'" not in policy["script-src"]
    assert "'unsafe-inline'" not in policy["style-src"]
    assert REPORT_ONLY not in response
    html = response.content.decode()
    # every inline <script>/<style> carries this response's nonce
    nonces = {
        v[7:-1] for v in policy["style-src"] + policy["script-src"] if "nonce" in v
    }
    for tag, attrs in re.findall(r"<(script|style)([^>]*)>", html):
        if tag == "script" and "src=" in attrs:
            continue
        found = re.search(r'nonce="([^"]+)"', attrs)
        assert found, f"inline <{tag}> without a nonce on {url}"
        assert found.group(1) in nonces
    # no event-handler attributes either (script-src-attr falls back to script-src)
    assert not re.findall(r"<[a-z]+\s[^>]*\son[a-z]+=", html)


def test_the_print_page_style_has_the_nonce(client, birth):
    response = client.get("/thu-tuc/dang-ky-khai-sinh/ban-in/")
    nonce = re.search(r'<style nonce="([^"]+)">', response.content.decode()).group(1)
    assert f"'nonce-{nonce}'" in response[ENFORCED]
    # a fresh nonce for every response
    again = client.get("/thu-tuc/dang-ky-khai-sinh/ban-in/")
    assert nonce not in again[ENFORCED]


@pytest.mark.parametrize("url", ["/admin/login/", "/admin/"])
def test_admin_gets_the_policy_as_report_only(client, superuser, url):
    client.force_login(superuser)
    response = client.get(url)
    assert ENFORCED not in response
    assert "default-src 'self'" in response[REPORT_ONLY]
