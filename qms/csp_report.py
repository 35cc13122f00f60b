"""Where browsers send Content-Security-Policy reports (``report-uri``).

The admin's policy is report-only: these reports are how an operator learns
what an enforced admin policy would break. Anyone can post here, so the body
is capped, only a few fields are kept, each cut short, and the answer is
always an empty 204 (or 400/405/413), never an echo.
"""

import json
import logging

from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

logger = logging.getLogger("qms.csp")

MAX_BYTES = 8 * 1024
FIELDS = ("document-uri", "violated-directive", "effective-directive", "blocked-uri")


@csrf_exempt
@require_POST
def csp_report(request: HttpRequest) -> HttpResponse:
    """Log one CSP violation report as a warning on the ``qms.csp`` logger."""
    if int(request.META.get("CONTENT_LENGTH") or 0) > MAX_BYTES:
        return HttpResponse(status=413)
    try:
        report = json.loads(request.body.decode("utf-8")).get("csp-report")
    except (UnicodeDecodeError, ValueError, AttributeError):
        return HttpResponse(status=400)
    if not isinstance(report, dict):
        return HttpResponse(status=400)
    kept = {name: str(report.get(name, ""))[:200] for name in FIELDS}
    logger.warning("CSP violation: %s", json.dumps(kept, ensure_ascii=False))
    return HttpResponse(status=204)
