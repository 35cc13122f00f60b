"""Reads of document control: register in force on a date, due list, trace, diff.

Each returns plain data or a queryset with a fixed number of queries, whatever
the number of rows: the trace page and ``documents_in_force`` rely on it.
"""

import datetime
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.contrib.auth import get_user_model
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qms.documents.choices import RevisionStatus
from qms.documents.models import (
    APPROVED_STATUSES,
    ControlledDocument,
    DocumentRevision,
    LegalText,
    ReadAcknowledgement,
    RevisionAttachment,
    add_months,
)
from qms.documents.word_diff import compare_bodies, diff_html
from qms.documents.word_diff import counts as word_counts
from qms.organisation.models import AdministrativeUnit, UnitMembership
from qms.organisation.people import person_name


def revisions_in_force_on(day: datetime.date) -> QuerySet[DocumentRevision]:
    """The revision of each document that was in force on ``day``.

    Decided by dates, not by ``status``: approved, effective on or before
    ``day``, not ended by ``day``. One query with the document and its unit.
    """
    return (
        DocumentRevision.objects.filter(
            status__in=APPROVED_STATUSES,
            effective_date__lte=day,
        )
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=day))
        .select_related("document", "document__owning_unit")
        .order_by("document__code")
    )


@dataclass(frozen=True)
class DueItem:
    """A document that must be reviewed or updated, and by when."""

    document: ControlledDocument
    reason: str
    due_on: datetime.date
    overdue: bool


def documents_due(
    *, today: datetime.date, within_days: int = 30, queryset=None
) -> list[DueItem]:
    """Documents whose periodic review or legal update is due within
    ``within_days`` of ``today``, or overdue. Soonest first."""
    horizon = today + datetime.timedelta(days=within_days)
    documents = queryset if queryset is not None else ControlledDocument.objects
    # Coarse filter in SQL (the shortest interval is one month), exact in Python.
    documents = documents.filter(
        Q(update_required_by__lte=horizon)
        | Q(last_reviewed_on__lte=add_months(horizon, -1))
    ).select_related("owner", "owning_unit")
    items = []
    for document in documents:
        if document.update_required_by and document.update_required_by <= horizon:
            items.append(
                DueItem(
                    document,
                    _("Cập nhật theo văn bản pháp lý mới: %s") % document.update_reason,
                    document.update_required_by,
                    document.update_required_by < today,
                )
            )
        if document.last_reviewed_on:
            due = add_months(document.last_reviewed_on, document.review_interval_months)
            if due <= horizon:
                items.append(
                    DueItem(
                        document,
                        _("Xem xét định kỳ %(n)s tháng")
                        % {"n": document.review_interval_months},
                        due,
                        due < today,
                    )
                )
    return sorted(items, key=lambda item: (item.due_on, item.document.code))


# --- trace -----------------------------------------------------------------


@dataclass
class TimelineEntry:
    """One history row: who, when, what kind of record, which fields, why."""

    when: datetime.datetime
    who: str
    subject: str
    action: str
    reason: str
    changes: list[tuple[str, str, str]] = field(default_factory=list)


_HISTORY_ACTIONS = {
    "+": gettext_lazy("tạo"),
    "~": gettext_lazy("sửa"),
    "-": gettext_lazy("xóa"),
}
# Timestamps of workflow steps repeat the history row's own date: not diffed
# (skipping them also saves parsing four datetimes per row on SQLite).
_SKIPPED_FIELDS = {
    "id",
    "version",
    "drafted_at",
    "submitted_at",
    "reviewed_at",
    "approved_at",
    "uploaded_at",
    "acknowledged_at",
    # a folded copy of other fields for the admin search, not in the history
    "search_text",
}


def _display(model, name: str, value, *, limit: int | None = 120) -> str:
    if value is None or value == "":
        return "—"
    model_field = model._meta.get_field(name)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%d/%m/%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    text = str(value)
    return text if limit is None or len(text) <= limit else text[: limit - 3] + "…"


_USER_FIELDS = {"owner", "drafted_by", "reviewed_by", "approved_by", "uploaded_by"}
#: Foreign keys that are the same on every row of one trace: not shown.
_CONTEXT_FIELDS = {"document", "revision"}
_HISTORY_VALUES = (
    "history_id",
    "history_date",
    "history_type",
    "history_change_reason",
    "history_user__username",
    "history_user__first_name",
    "history_user__last_name",
)


def _traced_fields(model) -> list:
    return [
        f
        for f in model._meta.concrete_fields
        if f.attname not in _SKIPPED_FIELDS and f.name not in _CONTEXT_FIELDS
    ]


def _history_values(queryset, model) -> list[dict]:
    """History rows as dicts, oldest first (no model instances: thousands)."""
    names = ["id", *(f.attname for f in _traced_fields(model))]
    return list(
        queryset.order_by("history_date", "history_id").values(*names, *_HISTORY_VALUES)
    )


def _who(row: dict) -> str:
    """The writer of a history row (rows are dicts here: thousands of them)."""
    if row["history_user__username"] is None:
        return _("hệ thống")  # written by a command
    return person_name(
        SimpleNamespace(
            username=row["history_user__username"],
            first_name=row["history_user__first_name"],
            last_name=row["history_user__last_name"],
        )
    )


def _timeline_rows(
    rows, model, subject_of, names_by_field, extra_changes=None
) -> list[TimelineEntry]:
    """Turn history rows (oldest first) into entries with the fields they changed.

    ``extra_changes(row, before)`` may add changes the row's own columns do not
    hold (the legal bases, kept by simple-history in a separate table).
    """
    fields = [
        (f, f.attname, capfirst(str(f.verbose_name))) for f in _traced_fields(model)
    ]
    previous: dict[int, dict] = {}
    entries = []
    for row in rows:
        before = previous.get(row["id"])
        changes = []
        for model_field, name, label in fields:
            new = row[name]
            old = before[name] if before is not None else None
            if before is None and new in (None, ""):
                continue
            if before is not None and old == new:
                continue
            if model_field.is_relation:
                lookup = names_by_field.get(model_field.name, {})
                changes.append(
                    (label, lookup.get(old, old or "—"), lookup.get(new, new or "—"))
                )
            else:
                changes.append(
                    (label, _display(model, name, old), _display(model, name, new))
                )
        if extra_changes is not None:
            changes += extra_changes(row, before)
        previous[row["id"]] = row
        entries.append(
            TimelineEntry(
                when=row["history_date"],
                who=_who(row),
                subject=subject_of(row),
                action=str(_HISTORY_ACTIONS.get(row["history_type"], "")),
                reason=row["history_change_reason"] or "",
                changes=changes,
            )
        )
    return entries


def _related_names(rows_by_model) -> dict[str, dict]:
    """Display names of the users and units the rows point at (two queries)."""
    user_ids, unit_ids = set(), set()
    for model, rows in rows_by_model:
        for model_field in _traced_fields(model):
            if not model_field.is_relation:
                continue
            target = user_ids if model_field.name in _USER_FIELDS else unit_ids
            target.update(row[model_field.attname] for row in rows)
    users = {
        u.pk: person_name(u)
        for u in get_user_model().objects.filter(pk__in=user_ids - {None})
    }
    units = dict(
        AdministrativeUnit.objects.filter(pk__in=unit_ids - {None}).values_list(
            "pk", "name"
        )
    )
    names = dict.fromkeys(_USER_FIELDS, users)
    names["owning_unit"] = units
    return names


def _legal_bases_changes(document: ControlledDocument):
    """A callback giving the legal bases added/removed by each history row."""
    history_model = ControlledDocument.history.model
    through = history_model._meta.get_field(
        "historicalcontrolleddocument_legal_bases"
    ).related_model
    bases: dict[int, set[int]] = {}
    for history_id, text_id in through.objects.filter(
        history__id=document.pk
    ).values_list("history_id", "legaltext_id"):
        bases.setdefault(history_id, set()).add(text_id)
    numbers = dict(
        LegalText.objects.filter(
            pk__in=set().union(*bases.values()) if bases else set()
        ).values_list("pk", "number")
    )
    label = capfirst(
        str(ControlledDocument._meta.get_field("legal_bases").verbose_name)
    )

    def changes(row: dict, before: dict | None) -> list[tuple[str, str, str]]:
        new = bases.get(row["history_id"], set())
        old = bases.get(before["history_id"], set()) if before else set()
        if new == old:
            return []
        return [
            (
                label,
                "; ".join(sorted(numbers.get(i, str(i)) for i in old)) or "—",
                "; ".join(sorted(numbers.get(i, str(i)) for i in new)) or "—",
            )
        ]

    return changes


def document_timeline(document: ControlledDocument) -> list[TimelineEntry]:
    """Every change of the document, its revisions and attachments, newest first.

    A fixed number of queries whatever the number of rows: one per history
    table, one for users, one for units.
    """
    doc_rows = _history_values(document.history.all(), ControlledDocument)
    revision_rows = _history_values(
        DocumentRevision.history.filter(document_id=document.pk), DocumentRevision
    )
    attachment_rows = _history_values(
        RevisionAttachment.history.filter(revision__document_id=document.pk),
        RevisionAttachment,
    )
    names = _related_names(
        [
            (ControlledDocument, doc_rows),
            (DocumentRevision, revision_rows),
            (RevisionAttachment, attachment_rows),
        ]
    )
    labels = {
        row["id"]: f"BH {row['issue_number']:02d} / SĐ {row['revision_number']:02d}"
        for row in revision_rows
    }
    document_label = _("Tài liệu")
    entries = _timeline_rows(
        doc_rows,
        ControlledDocument,
        lambda row: document_label,
        names,
        extra_changes=_legal_bases_changes(document),
    )
    entries += _timeline_rows(
        revision_rows, DocumentRevision, lambda row: labels[row["id"]], names
    )
    entries += _timeline_rows(
        attachment_rows,
        RevisionAttachment,
        lambda row: _("Tệp đính kèm “%s”") % row["title"],
        names,
    )
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries


# --- diff ------------------------------------------------------------------

_DIFF_FIELDS = (
    "issue_number",
    "revision_number",
    "effective_date",
    "status",
    "change_what",
    "change_where",
    "change_why",
    "drafted_by",
    "reviewed_by",
    "approved_by",
    "content_sha256",
)


def revision_diff(old: DocumentRevision, new: DocumentRevision) -> dict:
    """Metadata rows and a word-level comparison of the two rendered bodies.

    ``body_html`` is built from escaped text (``qms.documents.word_diff``), so
    it is safe to show; ``inserted``/``deleted`` count words.
    """
    rows = []
    for name in _DIFF_FIELDS:
        model_field = DocumentRevision._meta.get_field(name)
        a, b = getattr(old, name), getattr(new, name)
        if model_field.is_relation:
            a_text, b_text = person_name(a), person_name(b)
        else:
            a_text = _display(DocumentRevision, name, a, limit=None)
            b_text = _display(DocumentRevision, name, b, limit=None)
        label = capfirst(str(model_field.verbose_name))
        rows.append((label, a_text, b_text, a_text != b_text))
    blocks = compare_bodies(old.body, new.body)
    inserted, deleted = word_counts(blocks)
    return {
        "metadata": rows,
        "body_html": diff_html(blocks),
        "inserted": inserted,
        "deleted": deleted,
        "identical": old.body == new.body,
    }


# --- read coverage ---------------------------------------------------------


@dataclass(frozen=True)
class CoverageRow:
    """Staff of one unit and how many in-force revisions they confirmed reading."""

    unit_name: str
    staff: int
    documents: int
    acknowledged: int

    @property
    def percent(self) -> float:
        """Share of (staff × documents in force) acknowledged, 0–100."""
        expected = self.staff * self.documents
        return round(100 * self.acknowledged / expected, 1) if expected else 0.0


def acknowledgement_coverage(*, units_queryset=None) -> list[CoverageRow]:
    """Per owning unit: staff, documents in force, acknowledgements by staff."""
    in_force = DocumentRevision.objects.filter(status=RevisionStatus.IN_FORCE)
    per_unit_docs = dict(
        in_force.values_list("document__owning_unit").annotate(n=Count("pk"))
    )
    if units_queryset is not None:
        allowed = set(units_queryset.values_list("pk", flat=True))
        per_unit_docs = {k: v for k, v in per_unit_docs.items() if k in allowed}
    memberships = UnitMembership.objects.filter(unit_id__in=per_unit_docs)
    staff: dict[int, set[int]] = {}
    names = dict(
        AdministrativeUnit.objects.filter(pk__in=per_unit_docs).values_list(
            "pk", "name"
        )
    )
    for membership in memberships:
        staff.setdefault(membership.unit_id, set()).add(membership.user_id)
    acknowledged: dict[int, int] = {}
    for unit_id, user_id in ReadAcknowledgement.objects.filter(
        revision__status=RevisionStatus.IN_FORCE,
        revision__document__owning_unit_id__in=per_unit_docs,
    ).values_list("revision__document__owning_unit_id", "user_id"):
        if user_id in staff.get(unit_id, ()):
            acknowledged[unit_id] = acknowledged.get(unit_id, 0) + 1
    rows = [
        CoverageRow(
            names.get(unit_id, str(unit_id)),
            len(staff.get(unit_id, ())),
            count,
            acknowledged.get(unit_id, 0),
        )
        for unit_id, count in per_unit_docs.items()
    ]
    return sorted(rows, key=lambda row: row.unit_name)


def master_list(queryset: QuerySet[ControlledDocument]) -> QuerySet[ControlledDocument]:
    """Documents (already scoped) as the master list of ISO 9001 7.5 shows
    them: the revision in force today (issue, revision, since when) and the
    status of the newest revision. One query whatever the number of rows."""
    today = timezone.localdate()
    in_force = (
        revisions_in_force_on(today)
        .filter(document=OuterRef("pk"))
        .order_by("-effective_date", "-issue_number", "-revision_number")
    )
    newest = DocumentRevision.objects.filter(document=OuterRef("pk")).order_by(
        "-issue_number", "-revision_number"
    )
    return queryset.select_related("owning_unit", "owner").annotate(
        current_issue=Subquery(in_force.values("issue_number")[:1]),
        current_revision=Subquery(in_force.values("revision_number")[:1]),
        in_force_since=Subquery(in_force.values("effective_date")[:1]),
        newest_status=Subquery(newest.values("status")[:1]),
    )
