"""The registry of management review inputs: every hook asked, order kept."""

import datetime

import pytest
from wagtail import hooks

from qms.review_inputs import HOOK, ReviewInput, review_inputs

PERIOD = {
    "period_from": datetime.date(2026, 1, 1),
    "period_to": datetime.date(2026, 6, 30),
    "today": datetime.date(2026, 7, 1),
}


# The apps' own sections (competence gaps...) are registered too and read the
# database.
@pytest.mark.django_db
def test_sections_come_in_order_and_none_is_left_out():
    seen = {}

    def late(**kwargs):
        seen.update(kwargs)
        return ReviewInput("late", "Sau", "c) 1", 90, "x.html")

    def early(**kwargs):
        return ReviewInput("early", "Trước", "c) 2", 10, "y.html")

    def silent(**kwargs):
        return None

    with (
        hooks.register_temporarily(HOOK, late),
        hooks.register_temporarily(HOOK, early),
        hooks.register_temporarily(HOOK, silent),
    ):
        found = review_inputs(unit_ids=(3, 4), **PERIOD)
    mine = [item.key for item in found if item.key in {"late", "early"}]
    assert mine == ["early", "late"]
    assert seen["unit_ids"] == [3, 4]
    assert seen["period_to"] == datetime.date(2026, 6, 30)
