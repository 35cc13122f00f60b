"""Writes of competence records: checked, scoped, saved with their reason.

The admin forms and the demo both come here, so every training record is
checked the same way: the certificate through ``qms.uploads``, the person a
member of the unit named, the unit within the writer's scope, the expiry
after the course and, when left empty, computed from the competence's
validity.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qms.competence.models import Competence, RoleCompetence, TrainingRecord
from qms.documents.models import add_months
from qms.history import save_with_history
from qms.organisation.models import UnitMembership
from qms.organisation.scoping import unit_ids_for
from qms.permissions import require_perm
from qms.uploads import MB, UploadKind, check_upload

#: Certificates are scans or PDFs, like inspection evidence.
CERTIFICATE = UploadKind(
    "certificate",
    gettext_lazy("chứng chỉ đào tạo"),
    frozenset({"pdf", "jpg", "jpeg", "png", "webp", "heic"}),
    10 * MB,
)

PERM_ADD = "qms.add_trainingrecord"
PERM_CHANGE = "qms.change_trainingrecord"


def certificate_check(upload: File) -> None:
    """Refuse a certificate file that is not a real PDF or picture (qms.uploads)."""
    try:
        check_upload(upload, CERTIFICATE)
    except ValidationError as error:
        raise ValidationError({"certificate": error.messages}) from error


def _new_upload(record: TrainingRecord) -> File | None:
    """The certificate file just assigned to ``record`` and not yet stored."""
    field_file = record.certificate
    if not field_file or getattr(field_file, "_committed", True):
        return None
    return field_file.file


@transaction.atomic
def training_record_save(
    *,
    record: TrainingRecord,
    user,
    reason: str | None = None,
    at: datetime.datetime | None = None,
) -> TrainingRecord:
    """Save a new or changed training record with its change reason.

    The writer needs add (new) or change (existing) permission and must see
    the record's unit; the person must belong to that unit. A certificate
    newly attached is checked for what it really is. An empty expiry is
    computed from the competence's validity. Nothing is stored when any
    check fails.
    """
    is_new = record.pk is None
    require_perm(user, PERM_ADD if is_new else PERM_CHANGE)
    allowed = unit_ids_for(user)
    if allowed is not None and record.unit_id not in allowed:
        raise PermissionDenied(_("Đơn vị này không thuộc phạm vi của bạn."))
    if (
        record.person_id
        and record.unit_id
        and not UnitMembership.objects.filter(
            user_id=record.person_id, unit_id=record.unit_id
        ).exists()
    ):
        raise ValidationError({"unit": _("Cán bộ này không thuộc đơn vị đã chọn.")})
    upload = _new_upload(record)
    if upload is not None:
        certificate_check(upload)
    if (
        record.expires_on is None
        and record.competence_id
        and record.completed_on
        and record.competence.validity_months
    ):
        record.expires_on = add_months(
            record.completed_on, record.competence.validity_months
        )
    if is_new:
        record.recorded_by = user
    default = (
        _("Ghi nhận đào tạo: %s") % record.course
        if is_new
        else _("Sửa hồ sơ đào tạo: %s") % record.course
    )
    save_with_history(record, user=user, reason=reason or default, at=at)
    return record


def training_record_create(
    *,
    user,
    person,
    unit,
    course: str,
    provider: str,
    completed_on: datetime.date,
    hours: Decimal | int = 0,
    competence: Competence | None = None,
    certificate: File | None = None,
    certificate_number: str = "",
    expires_on: datetime.date | None = None,
    at: datetime.datetime | None = None,
) -> TrainingRecord:
    """Record a course a person completed (the demo, tests, imports)."""
    record = TrainingRecord(
        person=person,
        unit=unit,
        competence=competence,
        course=course,
        provider=provider,
        completed_on=completed_on,
        hours=Decimal(hours),
        certificate_number=certificate_number,
        expires_on=expires_on,
    )
    if certificate is not None:
        record.certificate = certificate  # stored on save, after the checks
    return training_record_save(record=record, user=user, at=at)


@transaction.atomic
def competence_save(
    *, competence: Competence, user, reason: str | None = None
) -> Competence:
    """Add or change a competence of the catalogue."""
    is_new = competence.pk is None
    require_perm(user, "qms.add_competence" if is_new else "qms.change_competence")
    default = (
        _("Thêm năng lực vào danh mục: %s")
        if is_new
        else _("Sửa năng lực trong danh mục: %s")
    ) % competence.name
    save_with_history(competence, user=user, reason=reason or default)
    return competence


@transaction.atomic
def role_competence_save(
    *, requirement: RoleCompetence, user, reason: str | None = None
) -> RoleCompetence:
    """Require a competence of a role, or change that requirement."""
    is_new = requirement.pk is None
    require_perm(
        user, "qms.add_rolecompetence" if is_new else "qms.change_rolecompetence"
    )
    default = _("Yêu cầu năng lực %(competence)s cho vai trò %(role)s") % {
        "competence": requirement.competence.name if requirement.competence_id else "",
        "role": requirement.get_role_display(),
    }
    save_with_history(requirement, user=user, reason=reason or default)
    return requirement
