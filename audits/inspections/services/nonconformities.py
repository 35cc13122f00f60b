"""Nonconformities raised outside an inspection visit (ISO 9001:2015 10.2).

A missed quality objective (``audits.planning``) or a justified citizen
complaint raises a nonconformity of the unit concerned through
:func:`nonconformity_raise`; it is followed with corrective actions exactly as
a visit's nonconformity is.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from audits.inspections.choices import Grade
from audits.inspections.models import Nonconformity
from qms.history import save_with_history
from qms.organisation.models import AdministrativeUnit
from qms.organisation.scoping import in_scope
from qms.permissions import require_perm

#: Longest source label kept (the column's length).
SOURCE_LABEL_MAX = 255


def _next_unit_number(unit: AdministrativeUnit) -> int:
    current = Nonconformity.objects.filter(
        unit=unit, inspection__isnull=True
    ).aggregate(m=Max("number"))["m"]
    return (current or 0) + 1


@transaction.atomic
def nonconformity_raise(
    *,
    unit: AdministrativeUnit,
    source: models.Model,
    grade: str,
    description: str,
    evidence: str,
    user,
    reason: str,
    iso_clause: str = "",
    source_label: str = "",
) -> Nonconformity:
    """Raise a nonconformity of ``unit`` found through ``source`` (any saved record).

    ``source_label`` (default: the source's ``str``) names the source on
    screen and on records; ``reason`` is the history's change reason. The user
    needs ``audits.add_nonconformity`` and the unit in their scope. Numbered
    per unit among the nonconformities raised outside a visit, under a lock on
    the unit's row so that two raises at once do not take the same number.
    """
    require_perm(user, "audits.add_nonconformity")
    if not in_scope(unit, user):
        raise PermissionDenied(_("Đơn vị này không thuộc phạm vi của bạn."))
    if source is None or source.pk is None:
        raise ValidationError(_("Điểm không phù hợp phải nêu nguồn phát hiện."))
    if grade not in Grade.values:
        raise ValidationError({"grade": _("Mức độ phải là nhẹ hoặc nặng.")})
    if not description.strip():
        raise ValidationError({"description": _("Mô tả điểm không phù hợp.")})
    if not reason.strip():
        raise ValidationError(_("Nêu lý do lập điểm không phù hợp."))
    AdministrativeUnit.objects.select_for_update().filter(pk=unit.pk).first()
    nonconformity = Nonconformity(
        unit=unit,
        source_type=ContentType.objects.get_for_model(source),
        source_id=source.pk,
        source_label=(source_label or str(source))[:SOURCE_LABEL_MAX],
        number=_next_unit_number(unit),
        iso_clause=iso_clause,
        grade=grade,
        description=description.strip(),
        evidence=evidence.strip(),
        raised_by=user,
    )
    save_with_history(nonconformity, user=user, reason=reason)
    return nonconformity
