"""Template filters of the inspection screens and records."""

from django import template

from audits.people import person_name

register = template.Library()


@register.filter
def person(user) -> str:
    """A user's name in Vietnamese order (``audits.people.person_name``)."""
    return person_name(user)
