"""Competence gaps per unit as a management review input (ISO 9.3.2 d)).

Registered on the ``qms_review_inputs`` hook (``qms.review_inputs``) by
``qms.competence.wagtail_hooks``: the review pack shows, for the reviewed unit
and the units below it, each unit's people, the required competences missing
or expired at the end of the period, and the trainings of the period.
"""

import datetime
from collections.abc import Sequence

from django.utils.translation import gettext as _

from qms.competence.selectors import gaps_by_unit
from qms.review_inputs import ReviewInput


def competence_review_input(
    *,
    unit_ids: Sequence[int],
    period_from: datetime.date,
    period_to: datetime.date,
    today: datetime.date,
) -> ReviewInput | None:
    """Gaps on the period's last day (or today, if earlier) per unit."""
    day = min(period_to, today)
    rows = gaps_by_unit(unit_ids=unit_ids, day=day, trained_from=period_from)
    if not rows:
        return None
    gaps = sum(row.gaps for row in rows)
    required = sum(row.required for row in rows)
    met = round(100 * (required - gaps) / required, 1) if required else 100.0
    return ReviewInput(
        key="competence",
        title=_("Năng lực cán bộ: thiếu hụt theo đơn vị"),
        clause="d)",
        order=40,
        template_name="qms/competence/review_input.html",
        context={"rows": rows, "day": day, "gaps": gaps, "met": met},
        summary=[
            (_("Năng lực yêu cầu còn thiếu hoặc hết hạn"), str(gaps)),
            (_("Tỷ lệ đáp ứng năng lực yêu cầu"), f"{met:.1f} %".replace(".", ",")),
            (
                _("Lượt đào tạo trong kỳ"),
                str(sum(row.trainings for row in rows)),
            ),
        ],
    )
