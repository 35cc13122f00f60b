"""A citizen files a complaint, the commune answers it, the answer is published;
the justified complaint raises a nonconformity; a demo dossier is looked up and
rated. At 1,366 px and 375 px.
Screenshots: build/screenshots/citizen-*.png."""

import re

import pytest
from django.core.cache import cache

from audits.dossiers.models import DossierRating
from audits.feedback.demo import DEMO_DOSSIER_RESOLVED
from audits.feedback.models import Feedback
from audits.inspections.models import Nonconformity
from qms import page_cache
from qms.organisation.demo import DEMO_PASSWORD
from tests.e2e.conftest import admin_login

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
WIDTHS = {"desktop": (1366, 900), "phone": (375, 800)}


@pytest.mark.demo_loaders(
    "qms.organisation.demo.load",
    "procedures.demo.load",
    "audits.feedback.demo.load",
)
@pytest.mark.parametrize("width", list(WIDTHS))
def test_citizen_feedback_journey(demo, live_server, page, screenshot, width):
    cache.clear()
    page_cache.forget_generations()
    page.set_viewport_size(dict(zip(("width", "height"), WIDTHS[width], strict=True)))
    base = live_server.url
    page.goto(f"{base}/phan-anh-kien-nghi/gui/")
    page.check("input[name=kind][value=report]")
    page.select_option("select[name=unit]", label="Thị trấn Xuân Trường")
    page.fill("input[name=subject]", f"Phải chờ quá lâu ({width})")
    page.fill(
        "textarea[name=content]",
        "Sáng thứ Hai tôi chờ hơn hai giờ mới được tiếp nhận hồ sơ khai sinh.",
    )
    page.fill("input[name=name]", "Lê Văn Dũng")
    page.fill("input[name=phone]", "0903 111 222")
    page.check("input[name=consent_publish]")
    screenshot(page, f"citizen-form-{width}")
    page.click("button[type=submit]")
    code = page.locator(".tracking-code").inner_text().strip()
    assert re.match(r"^PAKN-\d{4}-[A-Z0-9]{6}$", code)
    screenshot(page, f"citizen-code-{width}")

    feedback = Feedback.objects.get(code=code)
    admin_login(page, live_server, "canboxa", DEMO_PASSWORD)
    page.goto(f"{base}/admin/phan-anh-kien-nghi/")
    page.click(f"text={code}")
    page.fill(
        "textarea[name=answer]", "UBND thị trấn đã bố trí thêm một quầy tiếp nhận."
    )
    page.check("input[name=verdict][value=justified]")
    page.get_by_role("button", name="Ghi câu trả lời").click()
    page.wait_for_selector("text=Đã ghi câu trả lời")
    screenshot(page, f"citizen-admin-answer-{width}")
    feedback.refresh_from_db()
    assert feedback.status == "answered"
    # A justified complaint raises a nonconformity of the commune (ISO 10.2).
    page.get_by_role("button", name="Lập điểm không phù hợp").click()
    page.wait_for_selector("text=Đã lập điểm không phù hợp")
    screenshot(page, f"citizen-nonconformity-{width}")
    nonconformity = Nonconformity.objects.get(source_id=feedback.pk)
    assert nonconformity.iso_clause == "8.7" and nonconformity.unit == feedback.unit

    page.context.clear_cookies()
    page.goto(f"{base}/phan-anh-kien-nghi/")
    assert page.get_by_text("đã bố trí thêm một quầy").count() == 1
    assert page.get_by_text("Lê Văn Dũng").count() == 0
    screenshot(page, f"citizen-published-{width}")

    page.goto(f"{base}/tra-cuu-ho-so/")
    page.fill("input[name=ma]", DEMO_DOSSIER_RESOLVED)
    page.click("form button[type=submit]")
    page.wait_for_selector("text=Đã có kết quả")
    screenshot(page, f"citizen-lookup-{width}")
    if DossierRating.objects.filter(dossier__code=DEMO_DOSSIER_RESOLVED).exists():
        return  # rated at the other width
    page.click("text=Đánh giá sự hài lòng")
    page.check("input[name=level][value=very]")
    page.check("input[name=on_time][value=yes]")
    screenshot(page, f"citizen-rating-{width}")
    page.click("form button[type=submit]")
    page.wait_for_selector("text=Cảm ơn bạn đã đánh giá")
    assert (
        DossierRating.objects.filter(dossier__code=DEMO_DOSSIER_RESOLVED).count() == 1
    )
