"""Test settings: fast hashing, in-memory mail, a named SQLite test database."""

from config.env import env_str

from .base import *  # noqa: F403
from .base import BASE_DIR, DATABASES, STORAGES

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = BASE_DIR / "build" / "test-media"
PRIVATE_MEDIA_ROOT = BASE_DIR / "build" / "test-private-media"
STORAGES = {
    **STORAGES,
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
