"""Rendering the management review sections contributed through qms.review_inputs."""

from django import template
from django.template.loader import render_to_string

register = template.Library()


@register.simple_tag(takes_context=True)
def review_input(context, item):
    """The section's template with its own context (and the request, for URLs)."""
    return render_to_string(
        item.template_name, dict(item.context), request=context.get("request")
    )
