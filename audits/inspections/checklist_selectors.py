"""Reads of the checklist template editor: the list and a template's trail."""

from django.db.models import Count, Prefetch, QuerySet
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from audits.inspections.models import ChecklistItem, ChecklistTemplate
from qms.history import HistoryRow, history_rows


def checklist_templates_overview() -> QuerySet[ChecklistTemplate]:
    """Every template with its questions in order and ``use_count`` (inspections
    decided on it). Two queries, however many templates."""
    return ChecklistTemplate.objects.annotate(
        use_count=Count("inspections", distinct=True)
    ).prefetch_related(Prefetch("items", ChecklistItem.objects.order_by("order")))


def checklist_template_detail(pk: int) -> ChecklistTemplate:
    """One template as the overview reads it; ``DoesNotExist`` when missing."""
    return checklist_templates_overview().get(pk=pk)


def checklist_template_history(template: ChecklistTemplate) -> list[HistoryRow]:
    """The trail of a template and of its questions (removed ones included),
    newest first: who, when, why. Two queries."""
    rows = history_rows(
        template.history.select_related("history_user"),
        lambda record: (
            _("Mẫu: %(name)s (%(state)s)")
            % {
                "name": record.name,
                "state": _("đang dùng") if record.active else _("ngừng dùng"),
            }
        ),
    )
    rows += history_rows(
        ChecklistItem.history.filter(template_id=template.pk).select_related(
            "history_user"
        ),
        lambda record: (
            _("Câu hỏi %(order)s: %(text)s")
            % {"order": record.order, "text": Truncator(record.text).chars(80)}
        ),
    )
    return sorted(rows, key=lambda row: row.when, reverse=True)
