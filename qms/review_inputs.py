"""Inputs to the management review (ISO 9001:2015 9.3.2) that the apps contribute.

The review pack (``audits.reviews``) shows, beside its own inputs, one section per
function registered with the Wagtail hook ``qms_review_inputs``: quality
objectives, risks and opportunities, citizen feedback, competence gaps. Each
function is called with keyword arguments ``unit_ids`` (the reviewed unit and
the units below it), ``period_from``, ``period_to`` and ``today``, and returns
a :class:`ReviewInput` or ``None`` when it has nothing to say. The section's
template is rendered inside both the HTML pack and its PDF, so it keeps to
headings, paragraphs and plain tables.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from wagtail import hooks

HOOK = "qms_review_inputs"


@dataclass(frozen=True)
class ReviewInput:
    """One section of the review pack, contributed by an app."""

    #: Stable identifier, e.g. ``"objectives"``; also the HTML anchor.
    key: str
    #: Section heading, translated.
    title: str
    #: Clause of ISO 9001:2015 9.3.2 it answers, e.g. ``"c) 2"``.
    clause: str
    #: Position in the pack: lower first.
    order: int
    #: Template rendered with ``context`` (HTML pack and PDF alike).
    template_name: str
    context: dict[str, Any] = field(default_factory=dict)
    #: A few (label, value) lines shown in the pack's summary table.
    summary: Sequence[tuple[str, str]] = ()


def review_inputs(
    *,
    unit_ids: Sequence[int],
    period_from: datetime.date,
    period_to: datetime.date,
    today: datetime.date,
) -> list[ReviewInput]:
    """Every contributed section for these units and period, in pack order."""
    found = []
    for contribute in hooks.get_hooks(HOOK):
        item = contribute(
            unit_ids=list(unit_ids),
            period_from=period_from,
            period_to=period_to,
            today=today,
        )
        if item is not None:
            found.append(item)
    return sorted(found, key=lambda item: (item.order, item.key))
