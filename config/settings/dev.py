"""Local development: debug on, mail printed to the console."""

from config.env import env_bool, env_int, env_str

from .base import *  # noqa: F403

DEBUG = env_bool("DEBUG", True)
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
# Off while developing, so a template edit shows at once
# (QMS_PAGE_CACHE_SECONDS=300 to try it).
QMS_PAGE_CACHE_SECONDS = env_int("QMS_PAGE_CACHE_SECONDS", 0)
# The demo prints its logins with one password: two-factor stays optional
# there unless QMS_REQUIRE_2FA=1 (production always requires it).
QMS_REQUIRE_2FA = env_bool("QMS_REQUIRE_2FA", False)
