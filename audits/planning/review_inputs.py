"""The planning sections of the management review pack (ISO 9001:2015 9.3.2).

Registered with the ``qms_review_inputs`` hook (qms.review_inputs) in
``audits.planning.wagtail_hooks``: objectives met or missed with their
figures (c) 2), the effectiveness of the actions on risks (e), and the open
opportunities for improvement of the register (f).
"""

import datetime
from collections.abc import Sequence

from django.utils.translation import gettext as _

from audits.planning.choices import ObjectiveStatus
from audits.planning.selectors import (
    measure_objectives,
    objectives_of,
    open_opportunities,
    risk_actions_of,
)
from qms.review_inputs import ReviewInput


def objectives_input(
    *,
    unit_ids: Sequence[int],
    period_from: datetime.date,
    period_to: datetime.date,
    today: datetime.date,
) -> ReviewInput:
    """Quality objectives of the period's years, each measured (c) 2)."""
    measurements = measure_objectives(
        objectives_of(
            unit_ids=unit_ids, year_from=period_from.year, year_to=period_to.year
        ),
        today=min(today, period_to),
    )
    count = dict.fromkeys(ObjectiveStatus.values, 0)
    for measurement in measurements:
        count[measurement.status] += 1
    return ReviewInput(
        key="objectives",
        title=_("Mức độ đạt được các mục tiêu chất lượng"),
        clause="c) 2",
        order=20,
        template_name="audits/planning/review_objectives.html",
        context={"measurements": measurements},
        summary=[
            (_("Mục tiêu đạt"), str(count[ObjectiveStatus.MET])),
            (_("Mục tiêu không đạt"), str(count[ObjectiveStatus.MISSED])),
            (_("Chưa đo được"), str(count[ObjectiveStatus.NOT_MEASURABLE])),
        ],
    )


def risks_input(
    *,
    unit_ids: Sequence[int],
    period_from: datetime.date,
    period_to: datetime.date,
    today: datetime.date,
) -> ReviewInput:
    """Actions on risks and opportunities due or reviewed in the period, with
    the effectiveness review of each (e)."""
    actions = risk_actions_of(
        unit_ids=unit_ids, period_from=period_from, period_to=period_to
    )
    effective = sum(1 for a in actions if a.effective is True)
    not_effective = sum(1 for a in actions if a.effective is False)
    return ReviewInput(
        key="risks",
        title=_("Hiệu lực của các hành động giải quyết rủi ro và cơ hội"),
        clause="e)",
        order=30,
        template_name="audits/planning/review_risks.html",
        context={"actions": actions, "today": today},
        summary=[
            (_("Hành động có hiệu lực"), str(effective)),
            (_("Hành động không hiệu lực"), str(not_effective)),
            (
                _("Chưa đánh giá hiệu lực"),
                str(len(actions) - effective - not_effective),
            ),
        ],
    )


def opportunities_input(
    *,
    unit_ids: Sequence[int],
    period_from: datetime.date,
    period_to: datetime.date,
    today: datetime.date,
) -> ReviewInput | None:
    """Open opportunities for improvement of the register (f); none, no section."""
    opportunities = open_opportunities(unit_ids=unit_ids)
    if not opportunities:
        return None
    return ReviewInput(
        key="opportunities",
        title=_("Cơ hội cải tiến"),
        clause="f)",
        order=40,
        template_name="audits/planning/review_opportunities.html",
        context={"opportunities": opportunities},
        summary=[(_("Cơ hội cải tiến đang theo dõi"), str(len(opportunities)))],
    )
