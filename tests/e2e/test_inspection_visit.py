"""An inspector runs a visit from a phone (375 px) and the ISO reviewer traces it."""

import datetime

import pytest
from django.contrib.auth import get_user_model

from audits.inspections.models import (
    ChecklistTemplate,
    CorrectiveAction,
    Nonconformity,
    PlanItem,
)
from audits.inspections.services import inspection_create
from qms.organisation.demo import DEMO_PASSWORD
from tests.e2e.conftest import admin_login

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _new_visit():
    """A decision for a planned commune of the demo that has no visit yet."""
    users = get_user_model().objects
    leader = users.get(username="kiemtra")
    item = PlanItem.objects.filter(inspections__isnull=True).order_by("unit__code")[0]
    return inspection_create(
        unit=item.unit,
        decision_number="90/QĐ-UBND",
        decision_date=datetime.date(2022, 9, 1),
        leader=leader,
        members=[users.get(username="kiemtra2")],
        start_date=datetime.date(2022, 9, 15),
        end_date=datetime.date(2022, 9, 15),
        content_items=["processes"],
        template=ChecklistTemplate.objects.get(code="TT26"),
        plan_item=item,
        user=leader,
    )


def test_visit_from_a_phone(demo, live_server, page, screenshot, tmp_path):
    inspection = _new_visit()
    answers = list(inspection.answers.order_by("item__order"))
    page.set_viewport_size({"width": 375, "height": 800})
    admin_login(page, live_server, "kiemtra", DEMO_PASSWORD)
    # the decision form fits the phone: Wagtail's admin clips what overflows
    page.goto(
        f"{live_server.url}/admin/inspections/new/?plan_item={inspection.plan_item_id}"
    )
    for name in ("unit", "plan_item", "leader"):
        box = page.locator(f"select[name={name}]").bounding_box()
        assert box["x"] + box["width"] <= 375, name
    page.goto(f"{live_server.url}/admin/inspections/{inspection.pk}/visit/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    for answer in answers:
        page.check(f"input[name=result-{answer.pk}][value=conforms]")
    # the nonconformity description appears only for a nonconforming result
    assert not page.locator(f"#nc-{answers[1].pk}").is_visible()
    page.check(f"input[name=result-{answers[1].pk}][value=minor]")
    assert page.locator(f"#nc-{answers[1].pk}").is_visible()
    page.fill(f"#nc-{answers[1].pk}", "Chưa phổ biến quy trình mới")
    page.check(f"input[name=result-{answers[2].pk}][value=major]")
    page.fill(f"#notes-{answers[2].pk}", "3/10 hồ sơ thiếu phiếu kiểm soát")
    page.fill(f"#nc-{answers[2].pk}", "Hồ sơ không có phiếu kiểm soát quá trình")
    photo = tmp_path / "ho-so.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    page.set_input_files(f"#files-{answers[2].pk}", str(photo))
    screenshot(page, "inspection-visit-375")
    page.click(".visit-save button[type=submit]")
    page.wait_for_selector(".messages")
    assert "2 điểm không phù hợp mới" in page.content()
    assert Nonconformity.objects.filter(inspection=inspection).count() == 2
    # the record, from the detail page
    page.goto(f"{live_server.url}/admin/inspections/{inspection.pk}/complete/")
    page.fill("input[name=record_date]", "2022-09-16")
    page.fill("textarea[name=conclusion]", "Cơ bản phù hợp")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/inspections/{inspection.pk}/")
    assert "Đã lập biên bản" in page.content()
    pdf = page.request.get(
        f"{live_server.url}/admin/inspections/{inspection.pk}/record.pdf"
    )
    assert pdf.ok and pdf.body().startswith(b"%PDF")
    screenshot(page, "inspection-detail-375")


def test_iso_reviewer_follows_the_demo_chain(demo, live_server, page, screenshot):
    reopened = CorrectiveAction.objects.get(verifications__effective=False)
    page.set_viewport_size({"width": 1280, "height": 900})
    admin_login(page, live_server, "danhgiaiso", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/admin/inspections/actions/{reopened.pk}/")
    page.click(".qms-trace a:has-text('KPH')")
    page.wait_for_url("**/nonconformities/*/")
    page.locator("#history").wait_for()
    assert "Xác minh: không hiệu quả" in page.content()
    assert "Đang mở" in page.content()
    page.click(f"a[href$='/actions/{reopened.pk}/']")
    page.wait_for_url(f"**/actions/{reopened.pk}/")
    assert f"/admin/inspections/actions/{reopened.pk}/" in page.url
    screenshot(page, "inspection-trace-reviewer")
