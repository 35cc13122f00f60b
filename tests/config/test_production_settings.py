"""Production settings refuse to start half-configured; wsgi defaults to them."""

import json
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
    "REDIS_URL": "redis://127.0.0.1:6379/14",
}


# Variables of the developer's shell that would change what production reads.
OTHERS = {
    "ADMINS",
    "DATABASE_CONN_MAX_AGE",
    "TASKS_BACKEND",
    "MEDIA_ROOT",
    "PRIVATE_MEDIA_ROOT",
    "STATIC_ROOT",
}


def start(env: dict, module: str | None = "config.settings.production", code: str = ""):
    """Import the settings (or config.wsgi) in a fresh process, as gunicorn would.

    ``code`` runs after that (default: print the module, DEBUG, ALLOWED_HOSTS).
    """
    clean = {k: v for k, v in os.environ.items() if k not in GOOD.keys() | OTHERS}
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


def production_settings(env: dict | None = None) -> dict:
    """The settings production resolves to, read in a fresh process."""
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({'middleware': s.MIDDLEWARE, "
        "'static': s.STORAGES['staticfiles']['BACKEND'], "
        "'tasks': s.TASKS['default']['BACKEND'], "
        "'cache': s.CACHES['default'], "
        "'conn_max_age': s.DATABASES['default']['CONN_MAX_AGE'], "
        "'conn_health_checks': s.DATABASES['default']['CONN_HEALTH_CHECKS'], "
        "'admins': s.ADMINS, 'server_email': s.SERVER_EMAIL, "
        "'redirect_exempt': s.SECURE_REDIRECT_EXEMPT, "
        "'mail_handler': s.LOGGING['handlers']['mail_admins']['class']}))"
    )
    result = start({**GOOD, **(env or {})}, code=code)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_whitenoise_serves_compressed_hashed_static_files_after_security():
    resolved = production_settings()
    assert resolved["middleware"][:2] == [
        "django.middleware.security.SecurityMiddleware",
        "whitenoise.middleware.WhiteNoiseMiddleware",
    ]
    whitenoise = "whitenoise.middleware.WhiteNoiseMiddleware"
    assert resolved["middleware"].count(whitenoise) == 1
    assert resolved["static"] == (
        "whitenoise.storage.CompressedManifestStaticFilesStorage"
    )


def test_shared_cache_tasks_in_the_database_and_reused_connections():
    resolved = production_settings()
    assert resolved["cache"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert resolved["cache"]["LOCATION"] == GOOD["REDIS_URL"]
    # an unreachable cache fails in seconds
    assert resolved["cache"]["OPTIONS"]["socket_connect_timeout"] == 2
    assert resolved["tasks"] == "django_tasks_db.DatabaseBackend"
    assert resolved["conn_max_age"] == 60
    assert resolved["conn_health_checks"] is True
    assert resolved["redirect_exempt"] == [r"^health/$"]
    # the environment cannot put production back on inline tasks
    assert production_settings({"TASKS_BACKEND": "x"})["tasks"] == (
        "django_tasks_db.DatabaseBackend"
    )
    assert production_settings({"DATABASE_CONN_MAX_AGE": "0"})["conn_max_age"] == 0


def test_admins_are_read_from_the_environment_for_error_mail():
    resolved = production_settings(
        {
            "ADMINS": "Trần Văn A <a@example.gov.vn>, it@example.gov.vn",
            "DEFAULT_FROM_EMAIL": "qms@example.gov.vn",
        }
    )
    assert resolved["admins"] == [
        ["Trần Văn A", "a@example.gov.vn"],
        ["it@example.gov.vn", "it@example.gov.vn"],
    ]
    assert resolved["server_email"] == "qms@example.gov.vn"
    assert resolved["mail_handler"] == "django.utils.log.AdminEmailHandler"
    assert production_settings()["admins"] == []


def test_bad_connection_age_is_named():
    result = start({**GOOD, "DATABASE_CONN_MAX_AGE": "one minute"})
    assert result.returncode != 0
    assert "DATABASE_CONN_MAX_AGE='one minute' is not an integer" in result.stderr


def test_private_files_inside_public_media_are_refused(tmp_path):
    result = start(
        {
            **GOOD,
            "MEDIA_ROOT": str(tmp_path / "media"),
            "PRIVATE_MEDIA_ROOT": str(tmp_path / "media" / "private"),
        }
    )
    assert result.returncode != 0
    assert "PRIVATE_MEDIA_ROOT" in result.stderr
    assert "move it out" in result.stderr
