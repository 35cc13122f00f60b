"""``/health/`` for a load balancer or a monitor: can this process serve?

It runs one query on the database and a set/get round trip on the shared
cache, and answers JSON: 200 ``{"status": "ok", ...}`` or 503 naming what
failed. No login, no secrets (the reason of a failure goes to the log, not to
the anonymous caller), no session, nothing cached. Production exempts it from
the HTTPS redirect (``SECURE_REDIRECT_EXEMPT``) so a plain-HTTP probe works;
docs/deploy.md and deploy/nginx/qms.conf rely on it, and so does compose.yaml.
"""

import logging
import secrets

from django.core.cache import caches
from django.db import connections
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


def _database() -> None:
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT 1")
        if cursor.fetchone() != (1,):
            raise RuntimeError("SELECT 1 did not answer 1")


def _cache() -> None:
    cache = caches["default"]
    key = f"health:{secrets.token_hex(8)}"
    value = secrets.token_hex(8)
    cache.set(key, value, timeout=10)
    try:
        if cache.get(key) != value:
            raise RuntimeError("the cache did not return what was stored")
    finally:
        cache.delete(key)


CHECKS = {"database": _database, "cache": _cache}


@never_cache
@require_safe
def health(request: HttpRequest) -> JsonResponse:
    """Run every check; 200 when all pass, 503 with the names of those that fail."""
    results = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception:  # any failure is the answer, never a 500
            logger.warning("health check %s failed", name, exc_info=True)
            results[name] = "error"
        else:
            results[name] = "ok"
    failed = sorted(name for name, result in results.items() if result != "ok")
    body = {"status": "error" if failed else "ok", "checks": results}
    if failed:
        body["failed"] = failed
    response = JsonResponse(body, status=503 if failed else 200)
    # Already logged above as a warning: without this, Django logs the 503 as
    # an error and mails ADMINS once per probe (every few seconds).
    response._has_been_logged = True
    return response
