"""Request rate limits for the APIs and open-data downloads.

DRF throttles whose rates come from ``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]``
(env ``API_THROTTLE_*``), read at request time, and counted in the default
cache: Redis in production, so every process shares one counter. A refusal is
429 with ``Retry-After`` and a message in Vietnamese and English, for API views
(``ThrottledMessageMixin``) and plain Django views (``throttle_response``).
"""

import math

from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle


class _SettingsRateThrottle(SimpleRateThrottle):
    """The rate of ``scope`` as the settings say now (tests override them)."""

    def get_rate(self) -> str:
        return api_settings.DEFAULT_THROTTLE_RATES[self.scope]


class OpenDataThrottle(_SettingsRateThrottle):
    """Open data (Wagtail API, catalogue and transparency downloads), per address."""

    scope = "open_data"

    def get_cache_key(self, request, view) -> str:
        return self.cache_format % {
            "scope": self.scope,
            "ident": self.get_ident(request),
        }


class PushThrottle(_SettingsRateThrottle):
    """The push API, per integration key, else per user, else per address."""

    scope = "push"

    def get_cache_key(self, request, view) -> str:
        key = getattr(request, "auth", None)
        if key is not None and hasattr(key, "prefix"):
            ident = f"key-{key.prefix}"
        elif request.user and request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            ident = self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}


class PushAddressThrottle(_SettingsRateThrottle):
    """Every push attempt per address, counted before authentication, so that
    wrong keys and tokens cannot be tried at will (``API_THROTTLE_PUSH_ADDRESS``)."""

    scope = "push_address"

    def get_cache_key(self, request, view) -> str:
        return self.cache_format % {
            "scope": self.scope,
            "ident": self.get_ident(request),
        }


def throttled_message(wait: float | None) -> str:
    """What a throttled client reads, in both languages."""
    seconds = math.ceil(wait) if wait else 1
    return _(
        "Quá nhiều yêu cầu: thử lại sau %(seconds)d giây. "
        "(Too many requests: retry after %(seconds)d s.)"
    ) % {"seconds": seconds}


class ThrottledMessageMixin:
    """For API views: the 429 carries our message (DRF sets ``Retry-After``)."""

    def throttled(self, request, wait):
        error = exceptions.Throttled(detail=throttled_message(wait))
        error.wait = math.ceil(wait) if wait else 1
        raise error


def throttle_response(request: HttpRequest, throttle_class=OpenDataThrottle):
    """For plain views: a 429 response when over the rate, else ``None``."""
    throttle = throttle_class()
    if throttle.allow_request(request, None):
        return None
    wait = throttle.wait()
    response = JsonResponse({"detail": throttled_message(wait)}, status=429)
    response["Retry-After"] = str(math.ceil(wait) if wait else 1)
    return response
