"""Template filters of the document-control screens and PDFs."""

from html import escape

from django import template
from django.utils import timezone
from django.utils.safestring import mark_safe

from qms.organisation.people import person_name

register = template.Library()


@register.filter
def person(user) -> str:
    """``{{ user|person }}``: family name first, "—" when there is nobody."""
    return person_name(user)


@register.simple_tag
def timeline_rows(entries) -> str:
    """The trace page's timeline rows, built directly, every value escaped.

    A document can have thousands of history rows; nested template loops cost
    ~0.5 s per 1,000 rows and ``format_html`` ~0.1 s; plain escaping ~20 ms.
    """
    rows = []
    for entry in entries:
        changes = "".join(
            f"<li><strong>{escape(str(label))}</strong>: "
            f"{escape(str(old))} → {escape(str(new))}</li>"
            for label, old, new in entry.changes
        )
        when = timezone.localtime(entry.when).strftime("%d/%m/%Y %H:%M")
        rows.append(
            f"<tr><td>{when}</td><td>{escape(entry.who)}</td>"
            f"<td>{escape(str(entry.subject))} ({escape(entry.action)})</td>"
            f'<td><ul class="qms-changes">{changes}</ul></td>'
            f"<td>{escape(entry.reason)}</td></tr>"
        )
    return mark_safe("".join(rows))  # noqa: S308 - every value escaped above
