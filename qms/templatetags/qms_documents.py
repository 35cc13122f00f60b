"""Template filters of the document-control screens and PDFs."""

from django import template

from qms.documents_selectors import person_name

register = template.Library()


@register.filter
def person(user) -> str:
    """``{{ user|person }}``: family name first, "—" when there is nobody."""
    return person_name(user) if user else "—"
