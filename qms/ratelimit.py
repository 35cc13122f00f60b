"""A fixed-window limit per client address, counted in the shared cache.

For work that is expensive to do for an anonymous visitor (rendering a PDF
that is not cached yet): ``limit(request, "pdf", per_minute=10)`` raises
``RateLimited`` past the limit, and ``RateLimitMiddleware`` answers it with a
429 page in the visitor's language and a ``Retry-After``. The client address
is the one ``client_ip`` reads (behind the reverse proxy, from
``X-Forwarded-For`` as far as ``QMS_PROXY_COUNT`` trusted proxies wrote it).
"""

import time
from functools import partial

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string


class RateLimited(Exception):
    """Too many requests from one address; ``retry_after`` in seconds."""

    def __init__(self, retry_after: int):
        super().__init__(retry_after)
        self.retry_after = retry_after


def client_ip(request: HttpRequest) -> str:
    """The visitor's address: ``REMOTE_ADDR``, or the proxies' record of it.

    With ``QMS_PROXY_COUNT = n`` trusted proxies in front (nginx: 1), the
    address is the n-th from the right of ``X-Forwarded-For``: the one the
    outermost trusted proxy saw. Addresses a client wrote itself further left
    are never believed.
    """
    proxies = int(getattr(settings, "QMS_PROXY_COUNT", 0))
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    if proxies and len(hops) >= proxies:
        return hops[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def limit(request: HttpRequest, scope: str, *, per_minute: int) -> None:
    """Count one ``scope`` action for the client; raise past ``per_minute``."""
    window = int(time.time() // 60)
    key = f"ratelimit:{scope}:{client_ip(request)}:{window}"
    if cache.add(key, 1, 90):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, 90)
            count = 1
    if count > per_minute:
        raise RateLimited(retry_after=60 - int(time.time()) % 60)


def public_render_limit(request: HttpRequest):
    """For ``render_pdf_cached``: the anonymous visitor's PDF limit, or none.

    Staff are not limited (their requests are logged in and scoped);
    ``QMS_PDF_RENDERS_PER_MINUTE`` uncached PDFs per address for the public.
    """
    if getattr(request, "user", None) and request.user.is_authenticated:
        return None
    per_minute = int(getattr(settings, "QMS_PDF_RENDERS_PER_MINUTE", 10))
    return partial(limit, request, "pdf", per_minute=per_minute)


class RateLimitMiddleware:
    """Turn ``RateLimited`` into a 429 with ``Retry-After``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception):
        if not isinstance(exception, RateLimited):
            return None
        body = render_to_string(
            "429.html", {"retry_after": exception.retry_after}, request
        )
        response = HttpResponse(body, status=429)
        response["Retry-After"] = str(exception.retry_after)
        return response
