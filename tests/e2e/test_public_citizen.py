"""A citizen on the public site, on a 375 px phone and a 1,366 px desktop.

Reads the transparency page (nothing pushes the page sideways; the rates are
on screen), searches from the home page (the results start in the first
screen), opens a procedure, finds the online-submission link and downloads a
form. Screenshots: build/screenshots/public-*.png.
"""

import io
import zipfile

import pytest

from tests.e2e.test_public_accessibility import published_figures

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.demo_loaders("qms.organisation.demo.load", "procedures.demo.load"),
]

#: A small phone's first screen (375 × 667) and an office desktop.
SCREENS = {"375": (375, 667), "1366": (1366, 768)}


def _no_sideways_scroll(page) -> None:
    widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], widths


def _inside_the_width(page, locator) -> None:
    width = page.evaluate("window.innerWidth")
    assert locator.count() > 0
    for element in locator.all():
        assert element.is_visible()
        box = element.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, box


@pytest.mark.parametrize("screen", SCREENS)
def test_citizen_reads_searches_and_downloads(
    demo, live_server, page, screenshot, screen
):
    width, height = SCREENS[screen]
    page.set_viewport_size({"width": width, "height": height})
    published_figures()

    # 1. the transparency page
    page.goto(f"{live_server.url}/cong-khai/?year=2022")
    _no_sideways_scroll(page)
    if width < 600:
        assert page.locator(".f06-table").is_hidden()
        first_card = page.locator(".f06-card").first
        assert "Tổng cộng" in first_card.locator("h3").inner_text()
        _inside_the_width(page, first_card.locator(".f06-rates dd"))
        rates = first_card.locator(".f06-rates dd").all_inner_texts()
        assert rates == ["100,00", "50,00", "0,00"]  # Vietnamese decimals
        charts = page.locator(".t-chart-phone svg")
        _inside_the_width(page, charts)
    else:
        assert page.locator(".f06-cards").first.is_hidden()
        _inside_the_width(page, page.locator(".f06-table th.f06-rate"))
        _inside_the_width(page, page.locator(".f06-table tfoot td.f06-rate"))
        rates = page.locator(".f06-table tfoot td.f06-rate").all_inner_texts()
        assert rates == ["100,00", "50,00", "0,00"]  # Vietnamese decimals
        _inside_the_width(page, page.locator(".t-chart-wide svg"))
    screenshot(page, f"public-transparency-{screen}")

    # 2. search from the home page, without tone marks
    page.goto(f"{live_server.url}/")
    search = page.get_by_label("Tìm thủ tục hành chính")
    assert search.bounding_box()["y"] + 48 < height  # in the first screen
    screenshot(page, f"public-home-{screen}")
    search.fill("khai sinh")
    search.press("Enter")
    page.wait_for_url("**/thu-tuc/?q=khai+sinh")
    _no_sideways_scroll(page)
    heading = page.locator("#results-heading")
    assert "thủ tục" in heading.inner_text()
    first = page.locator(".procedure-item").first
    assert first.bounding_box()["y"] < height, "results start below the first screen"
    screenshot(page, f"public-search-{screen}")

    # 3. the procedure: online submission and a form to download
    first.get_by_role("link", name="Đăng ký khai sinh", exact=True).click()
    page.wait_for_url("**/thu-tuc/dang-ky-khai-sinh/")
    _no_sideways_scroll(page)
    online = page.get_by_role("link", name="Nộp hồ sơ trực tuyến")
    assert online.get_attribute("href").startswith("https://dichvucong.gov.vn/")
    assert online.bounding_box()["y"] < height
    form = page.locator(".form-downloads a").first
    assert "Tờ khai đăng ký khai sinh" in form.inner_text()
    screenshot(page, f"public-procedure-{screen}")
    with page.expect_download() as download_info:
        form.click()
    download = download_info.value
    assert download.suggested_filename.endswith(".docx")
    data = download.path().read_bytes()
    body = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    assert "TỜ KHAI ĐĂNG KÝ KHAI SINH" in body
