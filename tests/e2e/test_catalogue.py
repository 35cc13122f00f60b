"""A citizen on a phone: find a procedure without diacritics, open it, print it.

Home, catalogue and procedure pages are checked at 375 px for sideways
overflow and with axe-core for serious or critical accessibility violations.
axe-core is the copy bundled in the axe-playwright-python test dependency.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.cache import cache

from tests.e2e.conftest import SCREENSHOTS

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(scope="session")
def axe_source() -> str:
    """The axe-core script bundled in axe-playwright-python: no network."""
    return Axe().axe_script


@pytest.fixture
def browser_context_args(browser_context_args):
    """axe-core goes in as an inline script, which the site's CSP rightly
    blocks; test_content_security_policy.py checks these pages under the CSP."""
    return {**browser_context_args, "bypass_csp": True}


@pytest.fixture(autouse=True)
def _empty_cache():
    """Fragments are cached by page and revision id, which repeat across tests."""
    cache.clear()


def serious_violations(page, axe_source: str) -> list[str]:
    """axe-core's serious and critical violations on the current page."""
    page.add_script_tag(content=axe_source)
    result = page.evaluate(
        "async () => await axe.run(document, {resultTypes: ['violations']})"
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} – "
        + "; ".join(node["target"][0] for node in v["nodes"][:3])
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def fits_375(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= 375


def test_find_open_and_print_on_a_phone(demo, live_server, page, axe_source):
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(live_server.url + "/")
    assert serious_violations(page, axe_source) == []
    page.get_by_role("link", name="Thủ tục hành chính").first.click()
    page.wait_for_url("**/thu-tuc/")
    assert fits_375(page)
    assert serious_violations(page, axe_source) == []

    page.fill("#id_q", "dang ky khai sinh")
    page.get_by_role("button", name="Tìm kiếm").click()
    page.wait_for_url("**/thu-tuc/?q=*")
    first = page.locator(".procedure-item h3 a").first
    assert first.inner_text() == "Đăng ký khai sinh"
    assert "thủ tục" in page.locator(".result-count").inner_text()
    assert fits_375(page)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "catalogue-375.png"), full_page=True)

    first.click()
    page.wait_for_url("**/thu-tuc/dang-ky-khai-sinh/")
    assert page.locator("h1").inner_text() == "Đăng ký khai sinh"
    assert "1.001193" in page.content()
    assert fits_375(page)
    assert serious_violations(page, axe_source) == []
    page.screenshot(path=str(SCREENSHOTS / "procedure-375.png"), full_page=True)

    page.get_by_role("link", name="Bản in").click()
    page.wait_for_url("**/ban-in/")
    assert "NIÊM YẾT CÔNG KHAI THỦ TỤC HÀNH CHÍNH" in page.content()
    response = page.request.get(
        live_server.url + "/thu-tuc/dang-ky-khai-sinh/niem-yet/"
    )
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"


def test_empty_search_and_filters_on_a_phone(demo, live_server, page, axe_source):
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(live_server.url + "/thu-tuc/?q=khong+co+thu+tuc+nay")
    assert "Không tìm thấy thủ tục nào phù hợp." in page.content()
    assert serious_violations(page, axe_source) == []
    page.goto(live_server.url + "/thu-tuc/")
    # the filters are folded until one is in use
    assert page.locator("#id_linh_vuc").is_hidden()
    page.get_by_text("Lọc theo lĩnh vực").click()
    page.select_option("#id_linh_vuc", label="Chứng thực")
    page.get_by_role("button", name="Lọc").click()
    page.wait_for_url("**linh_vuc=chung-thuc*")
    titles = page.locator(".procedure-item h3 a").all_inner_texts()
    assert titles and all("hứng thực" in title for title in titles)
    assert fits_375(page)
