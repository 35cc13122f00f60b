"""Throttle rates for one test (qms.throttling reads the settings per request)."""

from django.conf import settings
from django.test import override_settings


def throttle_rates(**rates: str) -> override_settings:
    """``with throttle_rates(open_data="3/min"):`` overrides those scopes only."""
    framework = settings.REST_FRAMEWORK
    return override_settings(
        REST_FRAMEWORK={
            **framework,
            "DEFAULT_THROTTLE_RATES": {
                **framework["DEFAULT_THROTTLE_RATES"],
                **rates,
            },
        }
    )
