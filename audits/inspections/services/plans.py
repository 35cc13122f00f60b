"""The annual inspection plan: create it, add its units, change how and when."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audits.inspections.models import InspectionPlan, PlanItem
from qms.history import save_with_history
from qms.organisation.models import AdministrativeUnit
from qms.permissions import require_perm


@transaction.atomic
def plan_create(
    *, year: int, issuing_unit: AdministrativeUnit, user, title: str = ""
) -> InspectionPlan:
    """A new annual plan of ``issuing_unit``; one per unit and year."""
    require_perm(user, "audits.add_inspectionplan")
    plan = InspectionPlan(
        year=year,
        issuing_unit=issuing_unit,
        title=title or _("Kế hoạch kiểm tra năm %s") % year,
        created_by=user,
    )
    save_with_history(plan, user=user, reason=_("Lập kế hoạch kiểm tra"))
    return plan


@transaction.atomic
def plan_item_add(
    *,
    plan: InspectionPlan,
    unit: AdministrativeUnit,
    mode: str,
    planned_month: int,
    user,
) -> PlanItem:
    """Add ``unit`` to ``plan`` (on site or on file, in a month 1–12)."""
    require_perm(user, "audits.change_inspectionplan")
    if unit.pk == plan.issuing_unit_id:
        raise ValidationError(_("Đơn vị ban hành kế hoạch không tự kiểm tra mình."))
    item = PlanItem(plan=plan, unit=unit, mode=mode, planned_month=planned_month)
    save_with_history(item, user=user, reason=_("Thêm đơn vị vào kế hoạch"))
    return item


@transaction.atomic
def plan_item_update(
    *, item: PlanItem, mode: str, planned_month: int, user
) -> PlanItem:
    """Change how and when a planned unit is inspected."""
    require_perm(user, "audits.change_planitem")
    item.mode = mode
    item.planned_month = planned_month
    save_with_history(
        item, user=user, reason=_("Sửa hình thức, tháng kiểm tra trong kế hoạch")
    )
    return item
