"""The page a locked-out person sees (django-axes ``AXES_LOCKOUT_CALLABLE``)."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict | None = None,
) -> HttpResponse:
    """HTTP 429 in Vietnamese: what happened, when to retry, whom to ask.

    Every failure during a lockout starts the cool-off again, so the time to
    retry is counted from this request.
    """
    cool_off = settings.AXES_COOLOFF_TIME
    minutes = int(cool_off.total_seconds() // 60)
    retry_at = timezone.localtime(timezone.now() + cool_off)
    response = render(
        request,
        "qms/auth/lockout.html",
        {
            "failure_limit": settings.AXES_FAILURE_LIMIT,
            "minutes": minutes,
            "retry_at": retry_at,
        },
        status=429,
    )
    response["Retry-After"] = str(int(cool_off.total_seconds()))
    return response
