"""An inspector filters the demo's corrective actions of 2022 (by year and
overdue, then status), sorts them and downloads the XLSX, at 1366 px and on a
375 px phone."""

import io

import pytest
from openpyxl import load_workbook

from audits.inspections.choices import ActionStatus
from audits.inspections.models import CorrectiveAction
from qms.organisation.demo import DEMO_PASSWORD
from tests.e2e.conftest import admin_login

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

YEAR = 2022  # the demo's inspections


@pytest.mark.parametrize(("width", "name"), [(1366, "desktop"), (375, "phone")])
def test_inspector_filters_sorts_and_exports_actions(
    demo, live_server, page, screenshot, width, name
):
    page.set_viewport_size({"width": width, "height": 900})
    admin_login(page, live_server, "kiemtra", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/admin/inspections/actions/")
    assert "Hành động khắc phục" in page.title()
    # filter: last year's inspections, overdue actions only
    page.goto(f"{live_server.url}/admin/inspections/actions/?year={YEAR}&overdue=yes")
    expected = CorrectiveAction.objects.filter(
        nonconformity__inspection__start_date__year=YEAR, status=ActionStatus.OPEN
    ).count()
    rows = page.locator("table.listing tbody tr")
    assert rows.count() == expected >= 1
    assert page.locator("table.listing").get_by_text("quá hạn").count() == expected
    # sort by due date, latest first, by the column heading
    page.locator("table.listing thead a", has_text="Hạn").click()
    page.wait_for_url("**ordering=*")
    if "ordering=-due_date" not in page.url:
        page.locator("table.listing thead a", has_text="Hạn").click()
        page.wait_for_url("**ordering=-due_date*")
    assert "year=2022" in page.url and "overdue=yes" in page.url
    if name == "phone":
        assert page.evaluate("document.documentElement.scrollWidth") <= width + 1
    # the key facts of the first row are on the screen, not clipped by the table
    assert_cells_visible(page, width, ["Số", "Đơn vị thực hiện", "Hạn", "Trạng thái"])
    if name == "desktop":  # every column is there on a desk
        for heading in ("Điểm KPH", "Hành động"):
            assert page.locator("table.listing thead th", has_text=heading).is_visible()
    screenshot(page, f"lists-actions-{name}")
    # the export keeps the filters and the order
    # the download buttons sit in the header's "Thao tác" menu
    page.locator("header button[aria-label='Thao tác']").first.click()
    link = page.locator("a[href*='export=xlsx']").first.get_attribute("href")
    assert "year=2022" in link and "overdue=yes" in link
    download = page.request.get(f"{live_server.url}{link}")
    assert download.ok
    sheet = load_workbook(io.BytesIO(download.body())).active
    table = [[cell.value for cell in row] for row in sheet.iter_rows()]
    header = table[0]
    assert header[:3] == ["Số", "Điểm không phù hợp", "Mức độ"]
    assert len(table) == 1 + expected
    dues = [row[header.index("Hạn hoàn thành")] for row in table[1:]]
    assert dues == sorted(dues, reverse=True)
    assert {row[header.index("Quá hạn")] for row in table[1:]} == {"Có"}
    # status filter: awaiting verification, all years
    page.goto(f"{live_server.url}/admin/inspections/actions/?status=reported")
    reported = CorrectiveAction.objects.filter(status=ActionStatus.REPORTED).count()
    if reported:
        assert page.locator("table.listing tbody tr").count() == reported
    # the plan shows each unit's progress instead of one link per row
    page.goto(f"{live_server.url}/admin/inspections/plans/")
    assert page.get_by_role("columnheader", name="Đã kiểm tra").is_visible()
    screenshot(page, f"lists-plans-{name}")
    page.locator("main a[href*='/plans/']").first.click()
    page.wait_for_url("**/plans/*/")
    assert "Đã kiểm tra" in page.content()
    screenshot(page, f"lists-plan-{name}")


def assert_cells_visible(page, width: int, headings: list[str]) -> None:
    """The first row's cells under these headings lie inside the viewport."""
    heads = page.locator("table.listing thead th").all_inner_texts()
    row = page.locator("table.listing tbody tr").first
    for heading in headings:
        index = next(i for i, text in enumerate(heads) if text.strip() == heading)
        cell = row.locator("td").nth(index)
        assert cell.is_visible(), heading
        box = cell.bounding_box()
        assert box is not None, heading
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, (heading, box)


@pytest.mark.parametrize(("width", "name"), [(1366, "desktop"), (375, "phone")])
@pytest.mark.parametrize(
    ("path", "slug", "key", "secondary"),
    [
        (
            "/admin/inspections/",
            "inspections",
            ["Quyết định", "Đơn vị", "Trạng thái", "HĐKP chưa xong"],
            ["Ngày kiểm tra", "Trưởng đoàn", "Điểm KPH (nặng)"],
        ),
        (
            "/admin/inspections/nonconformities/",
            "nonconformities",
            ["Số hiệu", "Đơn vị", "Mức độ", "Trạng thái"],
            ["Ngày kiểm tra", "Mô tả"],
        ),
        (
            "/admin/inspections/reviews/",
            "reviews",
            ["Kỳ xem xét", "Đơn vị", "Việc quá hạn"],
            ["Ngày họp", "Số việc"],
        ),
    ],
)
def test_audit_lists_fit_the_screen(
    demo, live_server, page, screenshot, width, name, path, slug, key, secondary
):
    page.set_viewport_size({"width": width, "height": 900})
    admin_login(page, live_server, "kiemtra", DEMO_PASSWORD)
    page.goto(f"{live_server.url}{path}")
    assert page.locator("table.listing tbody tr").count() >= 1
    assert page.evaluate("document.documentElement.scrollWidth") <= width + 1
    assert_cells_visible(page, width, key)
    for heading in secondary:
        th = page.locator("table.listing thead th", has_text=heading)
        assert th.is_visible() == (name == "desktop"), heading
    screenshot(page, f"lists-{slug}-{name}")
