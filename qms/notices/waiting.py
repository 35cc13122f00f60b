"""The "Việc chờ tôi" panel: what waits for this person to act, per role.

Each app registers a ``qms_waiting_for_me`` hook, ``fn(user, today) ->
list[WaitingSection]``, that lists only what the person may act on (commune
scope, the three-person rule): document control gives revisions to review or
approve and documents to acknowledge; inspections give a person's corrective
actions and the reported ones an inspector may verify. Each section costs a
fixed number of queries whatever its length, and shows at most
``WAITING_ROWS`` rows with the total beside its heading.
"""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from laces.components import Component
from wagtail import hooks

#: Rows shown per section; the heading gives the total, the link shows all.
WAITING_ROWS = 10


@dataclass(frozen=True)
class WaitingItem:
    """One thing to do: what, on what, where to do it."""

    title: str
    detail: str
    url: str
    action: str
    overdue: bool = False


@dataclass
class WaitingSection:
    """Items of one kind (e.g. "to review"), at most ``WAITING_ROWS`` of them."""

    key: str
    heading: str
    items: list[WaitingItem] = field(default_factory=list)
    total: int = 0
    more_url: str = ""
    more_label: str = ""


def waiting_for(*, user, today: datetime.date) -> list[WaitingSection]:
    """Every non-empty section of ``user``'s queue, from every app's hook."""
    sections: list[WaitingSection] = []
    for source in hooks.get_hooks("qms_waiting_for_me"):
        sections.extend(section for section in source(user, today) if section.total)
    return sections


class WaitingPanel(Component):
    """Dashboard panel: the person's own queue, each row a link to act."""

    template_name = "qms/notices/waiting_panel.html"
    order = 40

    def __init__(self, request) -> None:
        self.request = request

    def get_context_data(self, parent_context: Mapping[str, Any]) -> Mapping[str, Any]:
        sections = waiting_for(user=self.request.user, today=timezone.localdate())
        return {
            "request": self.request,
            "sections": sections,
            "total": sum(section.total for section in sections),
        }


@hooks.register("construct_homepage_panels")
def add_waiting_panel(request, panels) -> None:
    panels.append(WaitingPanel(request))
