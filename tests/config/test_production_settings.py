"""Production settings refuse to start half-configured; wsgi defaults to them."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GOOD = {
    "SECRET_KEY": "x" * 60,
    "ALLOWED_HOSTS": "qms.example.gov.vn",
    "WAGTAILADMIN_BASE_URL": "https://qms.example.gov.vn",
    "DATABASE_URL": "postgres://qms@127.0.0.1:5432/qms",
}


def start(env: dict, module: str | None = "config.settings.production", code: str = ""):
    """Import the settings (or config.wsgi) in a fresh process, as gunicorn would.

    ``code`` runs after that (default: print the module, DEBUG, ALLOWED_HOSTS).
    """
    clean = {k: v for k, v in os.environ.items() if k not in GOOD}
    clean.pop("DJANGO_SETTINGS_MODULE", None)
    if module:
        clean["DJANGO_SETTINGS_MODULE"] = module
    code = "import config.wsgi; " + (
        code
        or "from django.conf import settings; "
        "print(settings.SETTINGS_MODULE, settings.DEBUG, settings.ALLOWED_HOSTS)"
    )
    return subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_fully_configured_production_starts():
    result = start(GOOD)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "config.settings.production",
        "False",
        "['qms.example.gov.vn']",
    ]


def test_wsgi_without_a_settings_module_runs_production():
    result = start(GOOD, module=None)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("config.settings.production False")


@pytest.mark.parametrize("missing", sorted(GOOD))
def test_each_missing_setting_is_named(missing):
    env = {k: v for k, v in GOOD.items() if k != missing}
    result = start(env)
    assert result.returncode != 0
    assert f"Production needs {missing}" in result.stderr


def test_wsgi_without_settings_refuses_rather_than_running_dev():
    result = start({}, module=None)
    assert result.returncode != 0
    assert "Production needs SECRET_KEY" in result.stderr


def test_sqlite_is_refused_in_production():
    result = start({**GOOD, "DATABASE_URL": "sqlite:///db.sqlite3"})
    assert result.returncode != 0
    assert "PostgreSQL DATABASE_URL" in result.stderr
    assert "not sqlite" in result.stderr
