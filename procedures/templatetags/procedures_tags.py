"""Template tags of the public website."""

from django import template

from procedures.models import CatalogueIndexPage

register = template.Library()


@register.simple_tag(takes_context=True)
def catalogue_url(context) -> str:
    """URL of the live procedure catalogue for the navigation ("" if none).

    Cached on the request: base.html asks once per page.
    """
    request = context.get("request")
    if context.get("catalogue") is not None:  # a procedure page knows its parent
        return context["catalogue"].get_url(request) or ""
    cached = getattr(request, "_catalogue_url", None)
    if cached is not None:
        return cached
    index = CatalogueIndexPage.objects.live().order_by("path").first()
    url = (index.get_url(request) or "") if index else ""
    if request is not None:
        request._catalogue_url = url
    return url
