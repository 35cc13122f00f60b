"""Production: only tightens what base.py sets.

It refuses to start unless the operator has said where it runs: a
``SECRET_KEY``, ``ALLOWED_HOSTS``, the ``WAGTAILADMIN_BASE_URL`` that mails
link to, and a PostgreSQL ``DATABASE_URL``. base.py's defaults (localhost, a
SQLite file) are for a developer's machine and never apply here silently.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_list, env_str

from .base import *  # noqa: F403
from .base import PRIVATE_MEDIA_ROOT


def _required(name: str, what: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(
            f"Production needs {name}: {what} (see .env.example and docs)."
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
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"
    },
}

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
