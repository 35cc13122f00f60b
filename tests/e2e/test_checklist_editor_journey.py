"""An inspector revises a checklist in the browser: the editor's add, move and
remove buttons decide what is saved; a used template is copied instead."""

import pytest

from audits.inspections.models import ChecklistTemplate
from qms.organisation.demo import DEMO_PASSWORD
from tests.e2e.conftest import admin_login

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.demo_loaders(
        "qms.organisation.demo.load", "audits.inspections.demo.load"
    ),
]


def test_inspector_edits_and_copies_checklists(demo, live_server, page, screenshot):
    admin_login(page, live_server, "kiemtra", DEMO_PASSWORD)
    base = f"{live_server.url}/admin/inspections/checklists"
    # A new template: two questions typed, the second moved up, a blank one removed.
    page.goto(f"{base}/new/")
    page.fill("input[name=code]", "mot-cua-2025")
    page.fill("input[name=name]", "Kiểm tra bộ phận một cửa 2025")
    page.fill("textarea[name=items-0-text]", "Niêm yết thủ tục đầy đủ?")
    page.fill("input[name=items-0-iso_clause]", "7.5")
    page.click("[data-add-item]")
    page.fill("textarea[name=items-1-text]", "Có sổ theo dõi phản ánh, kiến nghị?")
    page.select_option("select[name=items-1-c26_item]", "complaints")
    page.click("[data-add-item]")
    page.fill("textarea[name=items-2-text]", "Câu sẽ bỏ")
    page.check("input[name=items-2-DELETE]")
    page.click("li[data-item]:nth-child(2) [data-move=up]")
    assert page.locator("li[data-item] [data-num]").all_inner_texts() == [
        "1.",
        "2.",
        "—",
    ]
    page.click("#checklist-form button[type=submit]")
    template = ChecklistTemplate.objects.get(code="MOT-CUA-2025")
    page.wait_for_url(f"{base}/{template.pk}/")
    assert list(template.items.values_list("order", "text")) == [
        (1, "Có sổ theo dõi phản ánh, kiến nghị?"),
        (2, "Niêm yết thủ tục đầy đủ?"),
    ]
    # A template the demo's inspections used: questions read only, copy offered.
    used = ChecklistTemplate.objects.get(code="TT26")
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(f"{base}/{used.pk}/")
    assert page.locator("textarea[name$='-text']").count() == 0
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot(page, "checklist-used-375")
    page.click(f'a[href="/admin/inspections/checklists/{used.pk}/copy/"]')
    page.fill("input[name=code]", "TT26-2025")
    page.click("main button[type=submit]")
    copy = ChecklistTemplate.objects.get(code="TT26-2025")
    page.wait_for_url(f"{base}/{copy.pk}/")
    used.refresh_from_db()
    assert not used.active
    assert copy.items.count() == used.items.count()
