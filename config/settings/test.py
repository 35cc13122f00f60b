"""Test settings: fast hashing, in-memory mail, a named SQLite test database.

The cache is the real Redis on 127.0.0.1:6379 (database 15, or
``TEST_REDIS_URL``) when it answers, so throttles and lockout are tested as
they run; without one, a memory cache, and the tests that need Redis fail in
CI (``CI`` set) and are skipped elsewhere (tests/conftest.py).
"""

import socket
from urllib.parse import urlsplit

from config.env import env_str

from .base import *  # noqa: F403
from .base import BASE_DIR, DATABASES, STORAGES


def _answers(url: str) -> bool:
    parts = urlsplit(url)
    try:
        socket.create_connection((parts.hostname, parts.port or 6379), 0.5).close()
    except OSError:
        return False
    return True


# Off except in the tests of the page cache (tests/qms/test_page_cache.py).
QMS_PAGE_CACHE_SECONDS = 0

TEST_REDIS_URL = env_str("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
if TEST_REDIS_URL and _answers(TEST_REDIS_URL):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": TEST_REDIS_URL,
            "KEY_PREFIX": "qms-test",
        }
    }

DEBUG = False
# Tests sign personas in with force_login; the two-factor tests turn it on.
QMS_REQUIRE_2FA = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = BASE_DIR / "build" / "test-media"
PRIVATE_MEDIA_ROOT = BASE_DIR / "build" / "test-private-media"
STORAGES = {
    **STORAGES,
    # a static name no file has fails here as it fails in production
    "staticfiles": {"BACKEND": "tests.static_storage.StrictStaticFilesStorage"},
    "private": {
        "BACKEND": "qms.storage.PrivateFileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT},
    },
}
# A file name lets pytest --reuse-db keep the SQLite test database.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {
        "NAME": env_str("TEST_DB_NAME", str(BASE_DIR / "db.test.sqlite3"))
    }
