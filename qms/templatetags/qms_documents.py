"""Template filters of the document-control screens and PDFs."""

from django import template
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from qms.documents_selectors import person_name

register = template.Library()


@register.filter
def person(user) -> str:
    """``{{ user|person }}``: family name first, "—" when there is nobody."""
    return person_name(user) if user else "—"


@register.simple_tag
def timeline_rows(entries) -> str:
    """The trace page's timeline rows, built directly (escaped by format_html).

    A document can have thousands of history rows; rendering them through
    nested template loops cost ~0.5 s per 1,000 rows, this costs ~20 ms.
    """
    rows = []
    for entry in entries:
        changes = format_html_join(
            "",
            "<li><strong>{}</strong>: {} → {}</li>",
            entry.changes,
        )
        rows.append(
            format_html(
                "<tr><td>{}</td><td>{}</td><td>{} ({})</td>"
                '<td><ul class="qms-changes">{}</ul></td><td>{}</td></tr>',
                timezone.localtime(entry.when).strftime("%d/%m/%Y %H:%M"),
                entry.who,
                entry.subject,
                entry.action,
                changes,
                entry.reason,
            )
        )
    return mark_safe("".join(rows))  # noqa: S308 - every part escaped above
