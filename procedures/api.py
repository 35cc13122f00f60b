"""Open data: Wagtail API v2 at /api/v2/, readable without logging in.

The project's REST default is "authenticated only" (qms data); the public
website's pages are open data, so this endpoint allows anyone. Wagtail's pages
endpoint only ever serves live pages without view restrictions.
"""

from rest_framework.permissions import AllowAny
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet


class PublicPagesAPIViewSet(PagesAPIViewSet):
    """Wagtail's pages endpoint, open to everyone."""

    permission_classes = [AllowAny]


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PublicPagesAPIViewSet)
