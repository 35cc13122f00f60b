"""Login security settings as production loads them: order matters."""

import json
import os
import subprocess
import sys

from tests.config.test_production_settings import GOOD, ROOT

CODE = """
import json, django
django.setup()
from django.conf import settings
print(json.dumps({
    "require": settings.QMS_REQUIRE_2FA,
    "backends": settings.AUTHENTICATION_BACKENDS,
    "middleware": settings.MIDDLEWARE,
    "limit": settings.AXES_FAILURE_LIMIT,
    "cooloff": settings.AXES_COOLOFF_TIME.total_seconds(),
    "proxies": settings.QMS_PROXY_COUNT,
}))
"""


def load(module: str, **env) -> dict:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("QMS_", "AXES_"))}
    result = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", CODE],
        cwd=ROOT,
        env={**clean, **GOOD, "DJANGO_SETTINGS_MODULE": module, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_production_requires_two_factor_even_if_the_environment_says_no():
    loaded = load("config.settings.production", QMS_REQUIRE_2FA="false")
    assert loaded["require"] is True
    assert (loaded["limit"], loaded["cooloff"], loaded["proxies"]) == (5, 900.0, 0)


def test_the_demo_leaves_it_optional_unless_asked():
    assert load("config.settings.dev")["require"] is False
    assert load("config.settings.dev", QMS_REQUIRE_2FA="1")["require"] is True


def test_order_of_backends_and_middleware():
    loaded = load("config.settings.production", QMS_PROXY_COUNT="1")
    assert loaded["proxies"] == 1
    assert loaded["backends"][0] == "axes.backends.AxesStandaloneBackend"
    middleware = loaded["middleware"]
    assert middleware[-1] == "axes.middleware.AxesMiddleware"
    auth = middleware.index("django.contrib.auth.middleware.AuthenticationMiddleware")
    assert middleware[auth + 1] == "django_otp.middleware.OTPMiddleware"
    assert middleware[auth + 2] == "qms.organisation.two_factor.TwoFactorGateMiddleware"
    assert "config.middleware.ContentSecurityPolicyMiddleware" in middleware
