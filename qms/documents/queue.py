"""Who may act on a revision, why not, and who is waiting for whom.

The services enforce the three-person rule; this module says it to people
before they try: ``revision_actions`` tells the revision page which buttons
to show and, for each one missing, why (same drafter, same reviewer, no
role). The same rules pick the rows of the "Việc chờ tôi" panel
(``waiting_sections``, which also gives drafters their drafts sent back) and
the recipients of the workflow mails (``eligible_reviewers``,
``eligible_approvers``, ``revision_readers``), so a person is never sent to
something they may not do.
"""

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from qms.documents.choices import RevisionStatus
from qms.documents.models import DocumentRevision
from qms.documents.services import (
    PERM_APPROVE,
    PERM_CHANGE,
    PERM_REVIEW,
    revisions_authors,
)
from qms.notices.waiting import WAITING_ROWS, WaitingItem, WaitingSection
from qms.organisation.models import AdministrativeUnit
from qms.organisation.people import person_name
from qms.organisation.scoping import VIEW_ALL_UNITS, scope_queryset

PERM_ACKNOWLEDGE = "qms.add_readacknowledgement"
_MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


# --- why a person may not act ----------------------------------------------


def review_refusal(user, revision: DocumentRevision, authors: set[int]) -> str:
    """Why ``user`` may not review ``revision`` (submitted), or ``""``."""
    if not user.has_perm(PERM_REVIEW):
        return _("Bạn chưa có vai trò người xem xét nên không thể xem xét bản này.")
    if user.pk == revision.drafted_by_id:
        return _("Bạn là người soạn thảo bản này nên không thể xem xét.")
    if user.pk in authors:
        return _("Bạn đã sửa hoặc trình bản này nên không thể xem xét.")
    return ""


def approve_refusal(
    user, revision: DocumentRevision, authors: set[int], *, today: datetime.date
) -> str:
    """Why ``user`` may not approve ``revision`` (reviewed), or ``""``."""
    if not user.has_perm(PERM_APPROVE):
        return _("Bạn chưa có vai trò người phê duyệt.")
    if user.pk == revision.reviewed_by_id:
        return _("Bạn đã xem xét bản này nên không thể phê duyệt.")
    if user.pk == revision.drafted_by_id:
        return _("Bạn là người soạn thảo bản này nên không thể phê duyệt.")
    if user.pk in authors:
        return _("Bạn đã sửa hoặc trình bản này nên không thể phê duyệt.")
    if revision.effective_date and revision.effective_date < today:
        return _(
            "Ngày hiệu lực %s đã qua nên chưa phê duyệt được: trả lại dự thảo "
            "để sửa ngày."
        ) % revision.effective_date.strftime("%d/%m/%Y")
    return ""


def submit_refusal(user) -> str:
    """Why ``user`` may not submit or edit a draft, or ``""``."""
    if not user.has_perm(PERM_CHANGE):
        return _(
            "Bạn chưa có vai trò cán bộ kiểm soát tài liệu nên không thể sửa "
            "hoặc trình dự thảo."
        )
    return ""


def acknowledge_refusal(user) -> str:
    """Why ``user`` may not confirm reading the revision in force, or ``""``."""
    if not user.has_perm(PERM_ACKNOWLEDGE):
        return _("Vai trò của bạn chỉ được xem tài liệu, không xác nhận đã đọc.")
    return ""


@dataclass(frozen=True)
class RevisionActions:
    """Which workflow steps ``user`` may take on one revision, and why not."""

    can_submit: bool = False
    can_review: bool = False
    can_approve: bool = False
    can_acknowledge: bool = False
    reasons: tuple[str, ...] = ()


def revision_actions(
    user, revision: DocumentRevision, *, today: datetime.date
) -> RevisionActions:
    """The steps open to ``user`` in the revision's status; one query at most."""
    status = revision.status
    if status == RevisionStatus.DRAFT:
        reason = submit_refusal(user)
        return RevisionActions(can_submit=not reason, reasons=_nonempty(reason))
    if status == RevisionStatus.SUBMITTED:
        authors = revisions_authors([revision])[revision.pk]
        reason = review_refusal(user, revision, authors)
        return RevisionActions(can_review=not reason, reasons=_nonempty(reason))
    if status == RevisionStatus.REVIEWED:
        authors = revisions_authors([revision])[revision.pk]
        reason = approve_refusal(user, revision, authors, today=today)
        return RevisionActions(can_approve=not reason, reasons=_nonempty(reason))
    if status == RevisionStatus.IN_FORCE:
        reason = acknowledge_refusal(user)
        return RevisionActions(can_acknowledge=not reason, reasons=_nonempty(reason))
    return RevisionActions()


def _nonempty(reason: str) -> tuple[str, ...]:
    return (reason,) if reason else ()


# --- who should hear of a revision ------------------------------------------


def _ancestor_ids(unit_id: int) -> set[int]:
    """The unit and every unit above it: whose members see the unit's data."""
    found: set[int] = set()
    current: int | None = unit_id
    while current is not None and current not in found:
        found.add(current)
        current = (
            AdministrativeUnit.objects.filter(pk=current)
            .values_list("parent_id", flat=True)
            .first()
        )
    return found


def _people_with(permission: str, revision: DocumentRevision) -> QuerySet:
    """Active holders of ``permission`` who may see the revision's document.

    Through a role (group) or a personal grant; a superuser without the role
    is the system's administrator, not a signatory, and is not mailed.
    """
    users = get_user_model().objects
    holders = users.with_perm(
        permission, backend=_MODEL_BACKEND, include_superusers=False
    )
    all_units = users.with_perm(VIEW_ALL_UNITS, backend=_MODEL_BACKEND)
    units = _ancestor_ids(revision.document.owning_unit_id)
    return (
        users.filter(pk__in=holders.values("pk"), is_active=True)
        .filter(
            Q(pk__in=all_units.values("pk")) | Q(unit_memberships__unit_id__in=units)
        )
        .distinct()
        .select_related("wagtail_userprofile")
        .order_by("pk")
    )


def eligible_reviewers(revision: DocumentRevision) -> list:
    """Who may review ``revision``: reviewers in scope, none of its authors."""
    authors = revisions_authors([revision])[revision.pk]
    return [
        person
        for person in _people_with(PERM_REVIEW, revision)
        if person.pk not in authors
    ]


def eligible_approvers(revision: DocumentRevision) -> list:
    """Who may approve ``revision``: approvers in scope, not its reviewer or authors."""
    excluded = revisions_authors([revision])[revision.pk] | {revision.reviewed_by_id}
    return [
        person
        for person in _people_with(PERM_APPROVE, revision)
        if person.pk not in excluded
    ]


def revision_readers(revision: DocumentRevision) -> QuerySet:
    """Staff who must confirm reading ``revision``: members of the owning unit
    (as ``acknowledgement_coverage`` counts them) who may acknowledge and have
    not yet."""
    users = get_user_model().objects
    return (
        users.filter(
            pk__in=users.with_perm(
                PERM_ACKNOWLEDGE, backend=_MODEL_BACKEND, include_superusers=False
            ).values("pk"),
            is_active=True,
            unit_memberships__unit_id=revision.document.owning_unit_id,
        )
        .exclude(document_acknowledgements__revision=revision)
        .distinct()
        .select_related("wagtail_userprofile")
        .order_by("pk")
    )


# --- the person's own queue -------------------------------------------------


def _revisions(user, status: str) -> QuerySet[DocumentRevision]:
    return scope_queryset(
        DocumentRevision.objects.filter(status=status).select_related(
            "document", "drafted_by", "reviewed_by"
        ),
        user,
    )


def _title(revision: DocumentRevision) -> str:
    return f"{revision.document.code} – {revision.document.title} ({revision.label})"


def _url(revision: DocumentRevision) -> str:
    return reverse("qms_documents:revision", args=[revision.pk])


def _day(value) -> str:
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value)
    return value.strftime("%d/%m/%Y") if value else "—"


def _section(
    key: str, heading: str, items: list[WaitingItem], *, more: str = "dashboard"
) -> WaitingSection:
    return WaitingSection(
        key=key,
        heading=heading,
        items=items[:WAITING_ROWS],
        total=len(items),
        more_url=reverse(f"qms_documents:{more}"),
        more_label=_("Xem danh mục tài liệu có hiệu lực")
        if more == "in_force"
        else _("Xem mọi dự thảo đang xử lý"),
    )


def to_review(user) -> list[DocumentRevision]:
    """Submitted revisions ``user`` may review, oldest first. Two queries."""
    if not user.has_perm(PERM_REVIEW):
        return []
    revisions = list(
        _revisions(user, RevisionStatus.SUBMITTED).order_by("submitted_at", "pk")
    )
    authors = revisions_authors(revisions)
    return [r for r in revisions if user.pk not in authors[r.pk]]


def to_approve(user, *, today: datetime.date) -> list[DocumentRevision]:
    """Reviewed revisions ``user`` may approve, oldest first. Two queries."""
    if not user.has_perm(PERM_APPROVE):
        return []
    revisions = list(
        _revisions(user, RevisionStatus.REVIEWED)
        .exclude(reviewed_by=user)
        .order_by("reviewed_at", "pk")
    )
    authors = revisions_authors(revisions)
    return [
        r for r in revisions if not approve_refusal(user, r, authors[r.pk], today=today)
    ]


def to_acknowledge(user) -> list[DocumentRevision]:
    """Revisions in force of the user's units not yet confirmed read. One query."""
    if not user.has_perm(PERM_ACKNOWLEDGE):
        return []
    return list(
        _revisions(user, RevisionStatus.IN_FORCE)
        .filter(document__owning_unit__memberships__user=user)
        .exclude(acknowledgements__user=user)
        .distinct()
        .order_by("effective_date", "document__code")
    )


def to_correct(user) -> list[DocumentRevision]:
    """The user's own drafts sent back by a reviewer or approver. One query."""
    if not user.has_perm(PERM_CHANGE):
        return []
    return list(
        _revisions(user, RevisionStatus.DRAFT)
        .filter(drafted_by=user)
        .exclude(reject_comment="")
        .order_by("document__code", "pk")
    )


def waiting_sections(user, today: datetime.date) -> list[WaitingSection]:
    """The ``qms_waiting_for_me`` hook of document control."""
    review = [
        WaitingItem(
            title=_title(r),
            detail=_("Soạn thảo: %(who)s · trình ngày %(day)s")
            % {"who": person_name(r.drafted_by), "day": _day(r.submitted_at)},
            url=_url(r),
            action=_("Xem xét"),
        )
        for r in to_review(user)
    ]
    approve = [
        WaitingItem(
            title=_title(r),
            detail=_("Xem xét: %(who)s · hiệu lực từ %(day)s")
            % {"who": person_name(r.reviewed_by), "day": _day(r.effective_date)},
            url=_url(r),
            action=_("Phê duyệt"),
        )
        for r in to_approve(user, today=today)
    ]
    read = [
        WaitingItem(
            title=_title(r),
            detail=_("Hiệu lực từ %s · chưa xác nhận đã đọc") % _day(r.effective_date),
            url=_url(r),
            action=_("Đọc và xác nhận"),
        )
        for r in to_acknowledge(user)
    ]
    correct = [
        WaitingItem(
            title=_title(r),
            detail=_("Ý kiến trả lại: %s") % r.reject_comment[:160],
            url=_url(r),
            action=_("Sửa dự thảo"),
        )
        for r in to_correct(user)
    ]
    return [
        _section("documents-correct", _("Dự thảo bị trả lại cần sửa"), correct),
        _section("documents-review", _("Tài liệu chờ bạn xem xét"), review),
        _section("documents-approve", _("Tài liệu chờ bạn phê duyệt"), approve),
        _section(
            "documents-read",
            _("Tài liệu có hiệu lực chờ bạn xác nhận đã đọc"),
            read,
            more="in_force",
        ),
    ]
