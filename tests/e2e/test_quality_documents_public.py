"""A citizen opens an ISO document from the quality-system page (issue 12)."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.mark.demo_loaders("qms.organisation.demo.load", "qms.documents.demo.load")
@pytest.mark.parametrize("width", [1366, 375])
def test_listed_documents_open_their_text_in_force(
    demo, live_server, browser, screenshot, width
):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(f"{live_server.url}/he-thong-chat-luong/")
    links = page.locator("table.register a")
    assert links.count() >= 10
    page.click("table.register a:has-text('Quy trình đăng ký khai sinh')")
    page.wait_for_url("**/he-thong-chat-luong/tai-lieu/*/")
    assert page.locator("h1").inner_text() == "Quy trình đăng ký khai sinh"
    assert "Lần ban hành 02, sửa đổi 00" in page.locator(".hero").inner_text()
    body = page.locator(".document-body")
    assert body.locator("h2", has_text="5. Nội dung quy trình").count() == 1
    assert body.locator("table").count() >= 1
    # The page does not scroll sideways; a wide table scrolls inside itself.
    overflow = page.evaluate("document.documentElement.scrollWidth - innerWidth")
    assert overflow <= 1
    screenshot(page, f"author-public-document-{width}")
    context.close()
