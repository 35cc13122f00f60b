"""``/health/``: database and cache checked for real; 503 names what failed."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings

from tests.config.test_production_settings import GOOD, OTHERS

ROOT = Path(__file__).resolve().parents[2]
# Nothing listens on port 1 of the loopback: connections are refused at once.
UNREACHABLE_REDIS = "redis://127.0.0.1:1/0"
UNREACHABLE_POSTGRES = "postgres://qms@127.0.0.1:1/qms"


@pytest.mark.django_db
def test_healthy_answers_ok_cheaply_without_a_session(
    client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(1):
        response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok"},
    }
    assert "no-cache" in response["Cache-Control"]
    assert not response.cookies


@pytest.mark.django_db
def test_only_get_and_head(client):
    assert client.head("/health/").status_code == 200
    assert client.post("/health/").status_code == 405


@pytest.mark.django_db
def test_unreachable_cache_is_named_without_its_address(client):
    broken = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": UNREACHABLE_REDIS,
        }
    }
    with override_settings(CACHES=broken):
        response = client.get("/health/")
    assert response.status_code == 503
    assert response.json() == {
        "status": "error",
        "checks": {"database": "ok", "cache": "error"},
        "failed": ["cache"],
    }
    assert b"127.0.0.1" not in response.content


PROBE = """
import json, django
django.setup()
from django.core import mail
from django.test import Client
client = Client(raise_request_exception=False)
host = {"HTTP_HOST": "qms.example.gov.vn"}
health = client.get("/health/", **host)
home = client.get("/", **host)
home_https = client.get("/", **host, HTTP_X_FORWARDED_PROTO="https")
print(json.dumps({
    "health": [health.status_code, health.json()],
    "home": home.status_code,
    "home_https": home_https.status_code,
    "mail": [[m.subject, m.to] for m in getattr(mail, "outbox", [])],
}))
"""


def probe_production(**env) -> dict:
    """GET /health/ and / through production settings in a fresh process."""
    clean = {k: v for k, v in os.environ.items() if k not in GOOD.keys() | OTHERS}
    clean |= {
        **GOOD,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "ADMINS": "Quản trị <it@example.gov.vn>",
        **env,
    }
    result = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])


def test_production_with_an_unreachable_database_answers_503_over_plain_http():
    seen = probe_production(
        DATABASE_URL=UNREACHABLE_POSTGRES,
        REDIS_URL=os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15"),
    )
    # no redirect to HTTPS for the probe, while every other page is redirected
    assert seen["health"] == [
        503,
        {
            "status": "error",
            "checks": {"database": "error", "cache": "ok"},
            "failed": ["database"],
        },
    ]
    assert seen["home"] == 301
    # the public page fails for real: a 500, and the admins get one mail;
    # the failed probe itself mails nobody (it would, every few seconds)
    assert seen["home_https"] == 500
    assert len(seen["mail"]) == 1
    subject, to = seen["mail"][0]
    assert subject.startswith("[Một Cửa QMS] ")
    assert to == ["it@example.gov.vn"]


def test_production_with_nothing_reachable_names_both():
    seen = probe_production(
        DATABASE_URL=UNREACHABLE_POSTGRES, REDIS_URL=UNREACHABLE_REDIS
    )
    status, body = seen["health"]
    assert status == 503
    assert body["failed"] == ["cache", "database"]
