"""Production: only tightens what base.py sets.

It refuses to start unless the operator has said where it runs: a
``SECRET_KEY``, ``ALLOWED_HOSTS``, the ``WAGTAILADMIN_BASE_URL`` that mails
link to, a PostgreSQL ``DATABASE_URL`` and the ``REDIS_URL`` every gunicorn
worker shares. base.py's defaults (localhost, a SQLite file, a per-process
cache) are for a developer's machine and never apply here silently.
deploy/qms.env.example lists the variables; docs/deploy.md walks through them.
"""

import os
from email.utils import getaddresses
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_list, env_str

from .base import *  # noqa: F403
from .base import (
    CACHES,
    DATABASES,
    DEFAULT_FROM_EMAIL,
    MEDIA_ROOT,
    MIDDLEWARE,
    PRIVATE_MEDIA_ROOT,
    STATIC_ROOT,
)


def _required(name: str, what: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(
            f"Production needs {name}: {what} "
            "(see deploy/qms.env.example and docs/deploy.md)."
        )
    return value


DEBUG = False
SECRET_KEY = _required("SECRET_KEY", "a long random string kept secret")
_required("ALLOWED_HOSTS", "the host names the site answers to, comma-separated")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
WAGTAILADMIN_BASE_URL = _required(
    "WAGTAILADMIN_BASE_URL", "the public https:// address used in mails"
)
if not _required("DATABASE_URL", "postgres://user:password@host:5432/name").startswith(
    ("postgres://", "postgresql://")
):
    raise ImproperlyConfigured(
        "Production needs a PostgreSQL DATABASE_URL (postgres://...), not "
        f"{env_str('DATABASE_URL').split(':', 1)[0]}."
    )
# Two-factor login is always required of superusers, approvers and document
# controllers in production (issue 11).
QMS_REQUIRE_2FA = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# Wagtail's live preview shows the page in a same-origin iframe; DENY breaks it.
X_FRAME_OPTIONS = "SAMEORIGIN"
SILENCED_SYSTEM_CHECKS = ["security.W019"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "qms.storage.PrivateFileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT},
    },
    # --- deploy: static files (issue 11) ---------------------------------
    # Hashed names (cached for a year by WhiteNoise and nginx) plus .gz/.br
    # copies that WhiteNoise serves to clients that accept them.
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# --- deploy: production start (issue 11, docs/deploy.md) ------------------
# gunicorn serves the static files itself through WhiteNoise, right after
# SecurityMiddleware (so HTTPS redirect and HSTS still apply to them).
MIDDLEWARE = [
    *MIDDLEWARE[:1],
    "whitenoise.middleware.WhiteNoiseMiddleware",
    *[m for m in MIDDLEWARE[1:] if m != "whitenoise.middleware.WhiteNoiseMiddleware"],
]
# A load balancer probes /health/ over plain HTTP (config/health.py).
SECURE_REDIRECT_EXEMPT = [r"^health/$"]

# Lockout, throttles and the page cache only hold across gunicorn workers
# with one shared cache: base.py's per-process memory fallback is refused.
_required("REDIS_URL", "redis://127.0.0.1:6379/0, the cache every worker shares")
CACHES = {
    **CACHES,
    "default": {
        **CACHES["default"],
        # a cache that does not answer fails the request in seconds, not never
        "OPTIONS": {
            "socket_connect_timeout": env_int("REDIS_CONNECT_TIMEOUT", 2),
            "socket_timeout": env_int("REDIS_TIMEOUT", 2),
            **CACHES["default"].get("OPTIONS", {}),
        },
    },
}

# Long work waits in the database for ``manage.py db_worker``
# (deploy/systemd/qms-worker.service); never run inline in a request.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Reuse database connections across requests; check them before reuse so a
# restarted PostgreSQL costs only the requests in flight.
DATABASES = {
    **DATABASES,
    "default": {
        **DATABASES["default"],
        "CONN_MAX_AGE": env_int("DATABASE_CONN_MAX_AGE", 60),
        "CONN_HEALTH_CHECKS": True,
    },
}

# Private files (attachments, evidence) must never sit where nginx serves.
for _public in (Path(MEDIA_ROOT), Path(STATIC_ROOT)):
    if Path(PRIVATE_MEDIA_ROOT).resolve().is_relative_to(_public.resolve()):
        raise ImproperlyConfigured(
            f"PRIVATE_MEDIA_ROOT ({PRIVATE_MEDIA_ROOT}) lies inside {_public}, "
            "which the web server publishes: move it out."
        )

# Error reporting: a 500 mails ADMINS ("Tên <a@b>, c@d"); everything is
# logged to stderr, which systemd puts in the journal (journalctl -u qms-web).
ADMINS = [
    (name or address, address)
    for name, address in getaddresses([env_str("ADMINS", "")])
    if address
]
SERVER_EMAIL = env_str("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
EMAIL_SUBJECT_PREFIX = env_str("EMAIL_SUBJECT_PREFIX", "[Một Cửa QMS] ")
_LOG_LEVEL = env_str("LOG_LEVEL", "WARNING")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
    },
    "formatters": {
        # journald stamps the time itself
        "journal": {"format": "%(levelname)s %(name)s: %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "journal"},
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false"],
        },
    },
    "root": {"handlers": ["console", "mail_admins"], "level": _LOG_LEVEL},
    "loggers": {
        # replaces Django's default handlers: everything goes through root once
        "django": {"handlers": [], "level": _LOG_LEVEL, "propagate": True},
        # forged Host headers are noise, not something to mail about
        "django.security.DisallowedHost": {
            "handlers": ["console"],
            "propagate": False,
        },
    },
}
# --- end deploy -------------------------------------------------------------

# Optional S3-compatible object storage for media and private files (the s3
# extra: django-storages + boto3), for several app servers without a shared
# disk. Public media get plain URLs; private files stay behind the scoped views,
# which stream them, and any URL made for one is signed and short-lived.
# Credentials: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, read by boto3.
S3_BUCKET = env_str("S3_BUCKET", "")
if S3_BUCKET:
    _s3 = {
        "bucket_name": S3_BUCKET,
        "endpoint_url": env_str("S3_ENDPOINT_URL", "") or None,
        "region_name": env_str("S3_REGION", "") or None,
        "file_overwrite": False,
    }
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {**_s3, "location": "media", "querystring_auth": False},
    }
    STORAGES["private"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **_s3,
            "bucket_name": env_str("S3_PRIVATE_BUCKET", S3_BUCKET),
            "location": "private",
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": env_int("S3_PRIVATE_URL_SECONDS", 300),
        },
    }
