"""Corrective actions in the "Việc chờ tôi" panel (``qms.notices.waiting``).

An owner sees their own open actions, the overdue ones flagged (a commune
officer also sees the open actions of their unit that name no person); an inspector
sees reported actions they may verify: not their own and not of a unit they
belong to (the rule ``action_verify`` enforces). Two queries per section.
"""

import datetime

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from audits.inspections.choices import ActionStatus
from audits.inspections.selectors import actions_for
from qms.notices.waiting import WAITING_ROWS, WaitingItem, WaitingSection


def _item(action, *, detail: str, label: str, overdue: bool = False) -> WaitingItem:
    return WaitingItem(
        title=_("%(code)s: %(action)s")
        % {"code": action.nonconformity.code, "action": action.action[:120]},
        detail=detail,
        url=reverse("audits_inspections:action", args=[action.pk]),
        action=label,
        overdue=overdue,
    )


def _section(key: str, heading: str, queryset, build) -> WaitingSection:
    return WaitingSection(
        key=key,
        heading=heading,
        items=[build(action) for action in queryset[:WAITING_ROWS]],
        total=queryset.count(),
        more_url=reverse("audits_inspections:actions"),
        more_label=_("Xem tất cả hành động khắc phục"),
    )


def waiting_sections(user, today: datetime.date) -> list[WaitingSection]:
    """The ``qms_waiting_for_me`` hook of inspections."""
    if not user.has_perm("audits.view_correctiveaction"):
        return []
    sections = []
    mine = Q(owner=user)
    if user.has_perm("audits.report_correctiveaction"):
        # An action given to a unit without a named person is its officers' work.
        mine |= Q(owner__isnull=True, owner_unit__memberships__user=user)
    mine = (
        actions_for(user)
        .filter(mine, status=ActionStatus.OPEN)
        .distinct()
        .order_by("due_date", "pk")
    )
    sections.append(
        _section(
            "actions-mine",
            _("Hành động khắc phục bạn phụ trách"),
            mine,
            lambda a: _item(
                a,
                detail=(
                    _("%(unit)s · hạn %(due)s")
                    if a.owner_id
                    else _("%(unit)s (chưa giao người cụ thể) · hạn %(due)s")
                )
                % {"unit": a.owner_unit.name, "due": a.due_date.strftime("%d/%m/%Y")},
                label=_("Báo cáo kết quả"),
                overdue=a.due_date < today,
            ),
        )
    )
    if user.has_perm("audits.verify_correctiveaction"):
        to_verify = (
            actions_for(user)
            .filter(status=ActionStatus.REPORTED)
            .exclude(owner=user)
            .exclude(owner_unit__memberships__user=user)
            .order_by("reported_at", "pk")
        )
        sections.append(
            _section(
                "actions-verify",
                _("Điểm không phù hợp chờ bạn xác minh"),
                to_verify,
                lambda a: _item(
                    a,
                    detail=_("%(unit)s · báo cáo ngày %(day)s")
                    % {
                        "unit": a.owner_unit.name,
                        "day": a.reported_at.strftime("%d/%m/%Y"),
                    },
                    label=_("Xác minh"),
                ),
            )
        )
    return sections
