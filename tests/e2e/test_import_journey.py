"""A commune clerk imports a dossier file from the admin (issue 12.2).

At 1,366 px and 375 px: a file with errors is refused with row and column
messages, the corrected file is checked, confirmed, queued (the progress page
follows it) and run by the real database worker (``manage.py db_worker``, as
in production); the page reloads itself to the result, and the dossiers are
in the list.
"""

import pytest
from django.core.management import call_command

from audits.dossiers.models import Dossier
from qms.organisation.models import AdministrativeUnit
from qms.organisation.roles import COMMUNE_OFFICER, roles_sync
from qms.organisation.unit_loader import units_load
from tests.conftest import PASSWORD, ensure_wagtail_tree, legacy_unit, make_user
from tests.e2e.conftest import admin_login

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

HEADER = "ma_ho_so,ma_thu_tuc,ma_don_vi,kenh_nop,ngay_tiep_nhan,ngay_hen_tra"


def _lines(prefix: str) -> list[str]:
    return [
        HEADER,
        f"{prefix}-0001,1.001193,14089,truc_tiep,05/01/2021,05/01/2021",
        f"{prefix}-0002,1.000894,14089,truc_tuyen,05/01/2021,08/01/2021",
        f"{prefix}-0003,2.000815,14089,buu_chinh,06/01/2021,07/01/2021",
    ]


def _file(lines: list[str]) -> dict:
    return {
        "name": "ho-so-thang-01.csv",
        "mimeType": "text/csv",
        "buffer": ("\n".join(lines) + "\n").encode(),
    }


def _clerk():
    # an earlier transactional test may have flushed what the session loaded
    if not AdministrativeUnit.objects.filter(code="14089").exists():
        units_load(provinces=["36"], structure="both")
    roles_sync()
    ensure_wagtail_tree()
    return make_user("canboxa_e2e", COMMUNE_OFFICER, legacy_unit("14089"))


def _fits(page, width: int, name: str) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width, name


@pytest.mark.parametrize("width", [1366, 375])
def test_a_clerk_imports_a_dossier_file_refused_then_accepted(
    live_server, page, screenshot, settings, width
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    clerk = _clerk()
    prefix = f"H15.50.05.13-210105-{width}"
    page.set_viewport_size({"width": width, "height": 900})
    admin_login(page, live_server, clerk.username, PASSWORD)

    page.goto(f"{live_server.url}/admin/nhap-du-lieu/")
    page.get_by_role("link", name="Hồ sơ thủ tục").click()
    page.wait_for_url("**/nhap-du-lieu/ho-so/")

    good = _lines(prefix)
    bad = [
        good[0],
        good[1],
        good[2].replace("truc_tuyen", "fax"),
        good[3].replace("07/01/2021", "04/01/2021"),
        f"{prefix}-0004,,14092,truc_tiep,05/01/2021,06/01/2021",
    ]
    page.set_input_files("input[name=file]", _file(bad))
    page.get_by_role("button", name="Tải lên và kiểm tra").click()
    page.wait_for_selector("text=Tệp bị từ chối: 3 lỗi")
    report = page.locator(".qms-import-errors").inner_text()
    assert "row 3, column kenh_nop: giá trị không hợp lệ 'fax'" in report
    assert "row 4, column ngay_hen_tra: ngày hẹn trả trước ngày tiếp nhận" in report
    assert (
        "row 5, column ma_don_vi: không có quyền với đơn vị mã 14092 (ngoài phạm vi"
        in report
    )
    assert page.get_by_role("button", name="Xác nhận nhập").count() == 0
    _fits(page, width, "refused")
    screenshot(page, f"import-refused-{width}")
    assert not Dossier.objects.exists()

    page.set_input_files("input[name=file]", _file(good))
    page.get_by_role("button", name="Tải lên và kiểm tra").click()
    page.wait_for_selector("text=Kiểm tra xong: không có lỗi")
    _fits(page, width, "checked")
    screenshot(page, f"import-checked-{width}")
    assert not Dossier.objects.exists()

    page.get_by_role("button", name="Xác nhận nhập").click()
    page.wait_for_url("**/admin/viec-nen/**")
    progress = page.locator("progress#qms-job-progress")
    assert progress.get_attribute("max") == "100"
    assert progress.get_attribute("value") == "0"
    assert "Đang chờ" in page.content()
    _fits(page, width, "progress")
    screenshot(page, f"import-progress-{width}")

    # the worker of production picks the job up; the page reloads itself
    call_command("db_worker", "--batch", "--no-reload", verbosity=0)
    page.wait_for_selector("text=Hồ sơ mới", timeout=15_000)
    counts = page.locator(".qms-job-counts").inner_text()
    assert "Dòng dữ liệu\t3" in counts
    assert "Hồ sơ mới\t3" in counts
    _fits(page, width, "result")
    screenshot(page, f"import-result-{width}")

    page.get_by_role("link", name="Xem danh sách hồ sơ").click()
    page.wait_for_selector(f"text={prefix}-0003")
    screenshot(page, f"import-list-{width}")
    assert Dossier.objects.filter(code__startswith=prefix).count() == 3
