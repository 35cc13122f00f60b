"""Writes of the planning records that carry a business rule."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audits.inspections.choices import Grade
from audits.inspections.models import Nonconformity
from audits.inspections.services import nonconformity_raise
from audits.planning.choices import ObjectiveStatus
from audits.planning.models import QualityObjective
from audits.planning.selectors import measure_objectives


@transaction.atomic
def objective_raise_nonconformity(
    *,
    objective: QualityObjective,
    user,
    grade: str = Grade.MINOR,
    description: str = "",
) -> Nonconformity:
    """Raise a nonconformity (ISO 6.2 / 10.2) for an objective measured as missed.

    The evidence is the measurement itself: figure, period and source. Refused
    for an objective that is met or not measurable yet, and for one that
    already raised an open nonconformity.
    """
    measurement = measure_objectives([objective], today=timezone.localdate())[0]
    if measurement.status != ObjectiveStatus.MISSED:
        raise ValidationError(
            _("Chỉ lập điểm không phù hợp cho mục tiêu không đạt (hiện: %s).")
            % measurement.status_label
        )
    if Nonconformity.objects.filter(
        source_type__model="qualityobjective",
        source_id=objective.pk,
        status="open",
    ).exists():
        raise ValidationError(_("Mục tiêu này đã có điểm không phù hợp đang mở."))
    evidence = _(
        "Kết quả %(value)s (%(detail)s) so với chỉ tiêu %(target)s, kỳ "
        "%(start)s–%(end)s. Nguồn: %(source)s"
    ) % {
        "value": measurement.value_text,
        "detail": measurement.detail or "—",
        "target": objective.target_text,
        "start": measurement.period_from.strftime("%d/%m/%Y"),
        "end": measurement.period_to.strftime("%d/%m/%Y"),
        "source": measurement.source,
    }
    return nonconformity_raise(
        unit=objective.unit,
        source=objective,
        grade=grade,
        description=description
        or _("Không đạt mục tiêu chất lượng năm %(year)s: %(title)s")
        % {"year": objective.year, "title": objective.title},
        evidence=evidence,
        user=user,
        reason=_("Lập điểm không phù hợp từ mục tiêu chất lượng không đạt"),
        iso_clause="6.2",
        source_label=_("Mục tiêu chất lượng %(year)s: %(title)s")
        % {"year": objective.year, "title": objective.title},
    )
