"""Template filters of the inspection screens and records."""

from django import template

from qms.organisation.people import person_name

register = template.Library()


@register.filter
def person(user) -> str:
    """A user's name in Vietnamese order (``qms.organisation.people.person_name``)."""
    return person_name(user)
