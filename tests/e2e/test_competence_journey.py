"""A commune clerk records a training with its certificate and sees the gap close.

At 1,366 px and 375 px, on the demo's people and catalogue: the clerk's own
"Hồ sơ năng lực" shows communication skills missing; the clerk records the
course with a PDF certificate, lands back on the record and the gap is gone;
the unit's matrix shows the same. Screenshots: build/screenshots/competence-*.png.
"""

import pytest

from tests import hostile_files
from tests.e2e.conftest import admin_login

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _fits(page, width: int, name: str) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width, name


@pytest.mark.demo_loaders("qms.organisation.demo.load", "qms.competence.demo.load")
@pytest.mark.parametrize("width", [1366, 375])
def test_clerk_records_a_training_and_the_gap_closes(
    live_server, page, screenshot, demo, width
):
    page.set_viewport_size({"width": width, "height": 900})
    admin_login(page, live_server, "canboxa", "demo@2022")
    page.goto(f"{live_server.url}/admin/nang-luc/cua-toi/")
    competences = page.locator("#competences")
    row = competences.locator("tr", has_text="Kỹ năng giao tiếp")
    assert "Chưa có" in row.inner_text()
    assert "Sắp hết hạn" in competences.inner_text()  # the one-stop certificate
    screenshot(page, f"competence-person-before-{width}")
    _fits(page, width, "person page")

    page.click("text=Ghi nhận đào tạo")
    page.select_option(
        "select[name=competence]",
        label="KN-GT – Kỹ năng giao tiếp, ứng xử với người dân",
    )
    page.fill("input[name=course]", "Kỹ năng giao tiếp với người dân")
    page.fill("input[name=provider]", "Trường Chính trị tỉnh Nam Định")
    page.fill("input[name=completed_on]", "2026-11-20")
    page.fill("input[name=hours]", "16")
    page.set_input_files(
        "input[name=certificate]",
        {
            "name": "chung-chi-giao-tiep.pdf",
            "mimeType": "application/pdf",
            "buffer": hostile_files.real_pdf_bytes(),
        },
    )
    screenshot(page, f"competence-form-{width}")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    page.wait_for_url("**/admin/nang-luc/can-bo/**")
    row = page.locator("#competences tr", has_text="Kỹ năng giao tiếp")
    assert "Đạt" in row.inner_text()
    assert "chung-chi-giao-tiep" not in page.content()  # no private path shown
    assert page.locator("#trainings a", has_text="Tải về").count() >= 2
    screenshot(page, f"competence-person-after-{width}")
    _fits(page, width, "person page after")

    page.goto(f"{live_server.url}/admin/nang-luc/")
    page.click("text=Thị trấn Xuân Trường")
    page.wait_for_load_state()
    page.locator("table.qms-matrix").wait_for()
    assert page.locator("table.qms-matrix").is_visible()
    screenshot(page, f"competence-matrix-{width}")
    _fits(page, width, "matrix")
