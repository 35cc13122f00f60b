"""A newcomer's first minutes: the public home page and the admin, in Chromium."""

import pytest

from qms.organisation.demo import DEMO_PASSWORD
from tests.e2e.conftest import admin_login

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.demo_loaders("qms.organisation.demo.load", "procedures.demo.load"),
]


def test_home_page_in_vietnamese_on_a_phone(demo, live_server, page, screenshot):
    page.set_viewport_size({"width": 375, "height": 800})
    response = page.goto(live_server.url + "/")
    assert response.status == 200
    assert page.locator("html").get_attribute("lang") == "vi"
    assert page.locator("h1").inner_text() == "UBND huyện Xuân Trường"
    assert "Thủ tục hành chính" in page.content()
    # nothing overflows a 375 px screen sideways
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot(page, "home-375")


def test_admin_login_and_dashboard(demo, live_server, page, screenshot):
    page.set_viewport_size({"width": 1280, "height": 900})
    admin_login(page, live_server, "admin", DEMO_PASSWORD)
    assert page.locator("html").get_attribute("lang") == "vi"
    sidebar = page.locator("#wagtail-sidebar").inner_text()
    assert "Đơn vị hành chính" in sidebar
    screenshot(page, "admin-dashboard")
    page.goto(live_server.url + "/")
    assert page.locator("h1").inner_text() == "UBND huyện Xuân Trường"


def test_wrong_password_is_refused(demo, live_server, page):
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("input[name=username]", "admin")
    page.fill("input[name=password]", "not-the-password")
    page.click("button[type=submit]")
    error = page.locator(".messages li.error")
    error.wait_for()
    assert "/admin/login/" in page.url
    assert error.inner_text().strip()
