"""The client's address as the login lockout sees it, behind a reverse proxy.

``X-Forwarded-For`` is written by whoever sends the request, so it is only read
when the operator has said how many reverse proxies stand in front of Django
(``QMS_PROXY_COUNT``, shared with the PDF limit and DRF's throttles) and, when proxy
addresses are listed (``QMS_PROXY_TRUSTED_IPS``), only when the request comes
from one of them. Each proxy appends the address it saw, so the client is the
entry that many places from the right; anything a client put in front of it
is ignored. Used by django-axes (``AXES_CLIENT_IP_CALLABLE``); unlike
``qms.ratelimit.client_ip`` (a cache key only) it never returns a value that is
not an address, since axes stores it in an IP address column.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _valid(address: str) -> bool:
    try:
        ipaddress.ip_address(address)
    except ValueError:
        return False
    return True


def client_ip(request: HttpRequest) -> str:
    """The address of the client that sent ``request``."""
    remote = request.META.get("REMOTE_ADDR", "")
    count = settings.QMS_PROXY_COUNT
    trusted = settings.QMS_PROXY_TRUSTED_IPS
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if count <= 0 or not forwarded or (trusted and remote not in trusted):
        return remote
    chain = [part.strip() for part in forwarded.split(",") if part.strip()]
    if not chain:
        return remote
    candidate = chain[-min(count, len(chain))]
    return candidate if _valid(candidate) else remote
