"""A commune officer sets this year's objective and sees it measured from the
demo's dossiers; the approver opens the review pack with every 9.3.2 input.

The demo's dossiers are of 2022 (audits.dossiers.demo), so "this year" is the
demo's year: an objective of 2026 would honestly read "chưa đo được".
"""

import pytest

from audits.planning.models import QualityObjective
from qms.organisation.demo import DEMO_PASSWORD
from tests.conftest import legacy_unit
from tests.e2e.conftest import admin_login

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.demo_loaders(
        "qms.organisation.demo.load",
        "audits.demo.load",
        "audits.inspections.demo.load",
        "audits.planning.demo.load",
    ),
]

CLAUSES = [
    "a)",
    "b)",
    "c) 1",
    "c) 2",
    "c) 3",
    "c) 4",
    "c) 5",
    "c) 6",
    "c) 7",
    "d)",
    "e)",
    "f)",
]


@pytest.mark.parametrize("width", [1366, 375])
def test_objective_measured_and_review_pack(demo, live_server, page, screenshot, width):
    commune = legacy_unit("14089")
    page.set_viewport_size({"width": width, "height": 900})
    admin_login(page, live_server, "canboxa", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/admin/planning/objectives/new/")
    page.select_option("select[name=unit]", str(commune.pk))
    page.fill("input[name=year]", "2022")
    page.fill("input[name=title]", "≥ 99,5% hồ sơ giải quyết đúng hạn")
    page.select_option("select[name=kind]", "on_time")
    page.fill("input[name=target]", "99.5")
    page.fill("textarea[name=plan_what]", "Nhắc hồ sơ sắp đến hạn mỗi sáng.")
    page.click("main form button[type=submit]:not([name])")
    page.wait_for_url(f"{live_server.url}/admin/planning/objectives/")
    objective = QualityObjective.objects.get(title__startswith="≥ 99,5%")
    # The list says for each objective whether it is met so far.
    row = page.locator("table.listing tbody tr", has_text="≥ 99,5%")
    assert row.locator(".qms-badge").inner_text() in ("Đạt", "Không đạt")
    screenshot(page, f"iso-objectives-list-{width}")
    page.goto(f"{live_server.url}/admin/planning/objectives/inspect/{objective.pk}/")
    box = page.locator(".qms-measure")
    assert "Mẫu 06" in box.inner_text()
    assert "hồ sơ đã giải quyết" in box.inner_text()
    assert page.locator(".qms-measure .qms-badge").inner_text() in ("Đạt", "Không đạt")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    screenshot(page, f"iso-objective-{width}")

    page.context.clear_cookies()  # a new session: the approver logs in
    admin_login(page, live_server, "pheduyet", DEMO_PASSWORD)
    district = legacy_unit("364", "district")
    page.goto(
        f"{live_server.url}/admin/inspections/reviews/pack/?unit={district.pk}"
        "&period_from=01/01/2022&period_to=31/12/2022"
    )
    checklist = page.locator("#pack-checklist").inner_text()
    for clause in CLAUSES:
        assert clause in checklist
    assert "chưa có dữ liệu" in checklist
    objectives = page.locator("#input-objectives").inner_text()
    assert "Không đạt" in objectives and "Đạt" in objectives
    assert "Không hiệu lực" in page.locator("#input-risks").inner_text()
    screenshot(page, f"iso-review-pack-{width}")
