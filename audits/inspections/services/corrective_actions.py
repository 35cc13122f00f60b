"""Corrective actions of a nonconformity: propose, report, verify; the
nonconformity closes once every action of it is verified effective."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audits.inspections.choices import ActionStatus, NonconformityStatus
from audits.inspections.models import (
    ActionVerification,
    CorrectiveAction,
    Nonconformity,
)
from audits.inspections.notices import notify_assigned
from qms.documents.models import add_months
from qms.history import save_with_history
from qms.organisation.models import AdministrativeUnit, UnitMembership
from qms.organisation.people import person_name
from qms.organisation.scoping import in_scope
from qms.permissions import require_perm

#: Circular 26: corrective action is reported within two months of the record.
ACTION_DUE_MONTHS = 2


def default_due_date(nonconformity: Nonconformity) -> datetime.date:
    """Record date + 2 months (today + 2 months while no record exists yet, and
    for a nonconformity raised outside a visit)."""
    record_date = (
        nonconformity.inspection.record_date if nonconformity.inspection_id else None
    )
    start = record_date or timezone.localdate()
    return add_months(start, ACTION_DUE_MONTHS)


@transaction.atomic
def action_create(
    *,
    nonconformity: Nonconformity,
    action: str,
    owner_unit: AdministrativeUnit | None = None,
    owner=None,
    due_date: datetime.date | None = None,
    root_cause: str = "",
    correction: str = "",
    user,
) -> CorrectiveAction:
    """A corrective action for ``nonconformity``.

    The inspection team or the inspected unit itself may propose it; the
    owner person must belong to the owner unit.
    """
    require_perm(user, "audits.add_correctiveaction")
    if not in_scope(nonconformity, user):
        raise PermissionDenied(_("Điểm không phù hợp này không thuộc đơn vị của bạn."))
    if nonconformity.status == NonconformityStatus.CLOSED:
        raise ValidationError(_("Điểm không phù hợp đã đóng."))
    owner_unit = owner_unit or nonconformity.unit
    if (
        owner is not None
        and not UnitMembership.objects.filter(user=owner, unit=owner_unit).exists()
    ):
        raise ValidationError(
            _("%(person)s không thuộc %(unit)s.")
            % {"person": person_name(owner), "unit": owner_unit.name}
        )
    if not action.strip():
        raise ValidationError(_("Nêu hành động khắc phục."))
    corrective = CorrectiveAction(
        nonconformity=nonconformity,
        owner_unit=owner_unit,
        owner=owner,
        due_date=due_date or default_due_date(nonconformity),
        root_cause=root_cause,
        correction=correction,
        action=action.strip(),
    )
    save_with_history(corrective, user=user, reason=_("Đề ra hành động khắc phục"))
    notify_assigned(corrective, by=user)
    return corrective


@transaction.atomic
def action_report(
    *,
    action: CorrectiveAction,
    report: str,
    root_cause: str | None = None,
    correction: str | None = None,
    document_revision=None,
    user,
) -> CorrectiveAction:
    """The owner unit reports what it did; the action awaits verification."""
    require_perm(user, "audits.report_correctiveaction")
    if not in_scope(action, user):
        raise PermissionDenied(_("Hành động khắc phục này không thuộc đơn vị của bạn."))
    if action.status == ActionStatus.EFFECTIVE:
        raise ValidationError(_("Hành động đã được xác minh có hiệu quả."))
    if not report.strip():
        raise ValidationError(_("Nêu kết quả thực hiện."))
    if root_cause is not None:
        action.root_cause = root_cause
    if correction is not None:
        action.correction = correction
    if document_revision is not None:
        action.document_revision = document_revision
    action.report = report.strip()
    action.status = ActionStatus.REPORTED
    action.reported_at = timezone.now()
    action.reported_by = user
    save_with_history(action, user=user, reason=_("Đơn vị báo cáo kết quả khắc phục"))
    return action


@transaction.atomic
def action_link_revision(
    *, action: CorrectiveAction, revision, user
) -> CorrectiveAction:
    """Cite the document revision this action caused (shown from both ends)."""
    if not (
        user.has_perm("audits.report_correctiveaction")
        or user.has_perm("audits.verify_correctiveaction")
    ):
        raise PermissionDenied(_("Bạn không có quyền thực hiện việc này."))
    if not in_scope(action, user):
        raise PermissionDenied(_("Hành động khắc phục này không thuộc đơn vị của bạn."))
    action.document_revision = revision
    save_with_history(
        action, user=user, reason=_("Gắn bản sửa đổi tài liệu do hành động khắc phục")
    )
    return action


@transaction.atomic
def action_verify(
    *,
    action: CorrectiveAction,
    effective: bool,
    comment: str,
    verified_on: datetime.date,
    new_due_date: datetime.date | None = None,
    user,
) -> ActionVerification:
    """An inspector other than the owner verifies a reported action.

    Effective: the action is done, and its nonconformity closes once every
    action of it is effective. Not effective: the action reopens with
    ``new_due_date``.
    """
    require_perm(user, "audits.verify_correctiveaction")
    if action.status != ActionStatus.REPORTED:
        raise ValidationError(
            _("Chỉ xác minh được hành động mà đơn vị đã báo cáo kết quả.")
        )
    if (
        action.owner_id == user.pk
        or UnitMembership.objects.filter(user=user, unit=action.owner_unit).exists()
    ):
        raise ValidationError(
            _(
                "Người xác minh phải khác người thực hiện: bạn thuộc đơn vị "
                "thực hiện hành động này."
            )
        )
    if not comment.strip():
        raise ValidationError(_("Ghi nhận xét khi xác minh."))
    if effective:
        new_due_date = None
    elif new_due_date is None:
        raise ValidationError(_("Hành động không hiệu quả phải có hạn hoàn thành mới."))
    verification = ActionVerification(
        action=action,
        verified_by=user,
        verified_on=verified_on,
        effective=effective,
        comment=comment.strip(),
        new_due_date=new_due_date,
    )
    save_with_history(
        verification,
        user=user,
        reason=_("Xác minh: có hiệu quả")
        if effective
        else _("Xác minh: không hiệu quả"),
    )
    if effective:
        action.status = ActionStatus.EFFECTIVE
        save_with_history(action, user=user, reason=_("Xác minh có hiệu quả"))
        nonconformity = action.nonconformity
        if not nonconformity.actions.exclude(status=ActionStatus.EFFECTIVE).exists():
            nonconformity_close(nonconformity=nonconformity, user=user)
    else:
        action.status = ActionStatus.OPEN
        action.due_date = new_due_date
        save_with_history(
            action,
            user=user,
            reason=_("Xác minh không hiệu quả: mở lại, hạn mới %s")
            % new_due_date.strftime("%d/%m/%Y"),
        )
    return verification


@transaction.atomic
def nonconformity_close(*, nonconformity: Nonconformity, user) -> Nonconformity:
    """Close a nonconformity: only when it has actions and all are effective."""
    require_perm(user, "audits.verify_correctiveaction")
    statuses = list(nonconformity.actions.values_list("status", flat=True))
    if not statuses:
        raise ValidationError(
            _("Điểm không phù hợp chưa có hành động khắc phục nên chưa đóng được.")
        )
    if any(status != ActionStatus.EFFECTIVE for status in statuses):
        raise ValidationError(
            _(
                "Chỉ đóng điểm không phù hợp khi mọi hành động khắc phục đã được "
                "xác minh có hiệu quả."
            )
        )
    if nonconformity.status == NonconformityStatus.CLOSED:
        return nonconformity
    nonconformity.status = NonconformityStatus.CLOSED
    nonconformity.closed_at = timezone.now()
    save_with_history(
        nonconformity, user=user, reason=_("Đóng: mọi hành động khắc phục có hiệu quả")
    )
    return nonconformity
