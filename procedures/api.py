"""Open data: Wagtail API v2 at /api/v2/, readable without logging in.

The project's REST default is "authenticated only" (qms data); the public
website's pages are open data, so this endpoint allows anyone. Wagtail's pages
endpoint only ever serves live pages without view restrictions. Each address
may make ``API_THROTTLE_OPEN_DATA`` requests (qms.throttling).
"""

from rest_framework.permissions import AllowAny
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet

from qms.throttling import OpenDataThrottle, ThrottledMessageMixin


class PublicPagesAPIViewSet(ThrottledMessageMixin, PagesAPIViewSet):
    """Wagtail's pages endpoint, open to everyone, rate-limited per address."""

    permission_classes = [AllowAny]
    throttle_classes = [OpenDataThrottle]


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PublicPagesAPIViewSet)
