"""In Chromium: the public pages work under the Content-Security-Policy, and an
administrator enrols in two-factor and signs in with a backup code."""

import re
from base64 import b32decode

import pytest
from django.core.cache import cache
from django_otp.oath import totp

from qms.organisation.demo import DEMO_PASSWORD

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.demo_loaders(
        "qms.organisation.demo.load",
        "qms.documents.demo.load",
        "procedures.demo.load",
        "audits.demo.load",
    ),
]

WATCH_CSP = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${location.pathname}`);
});
"""


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()


@pytest.fixture
def csp_watch(page):
    """Collects CSP violations: the page's own events and console messages."""
    console: list[str] = []
    page.on(
        "console",
        lambda message: (
            console.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )
    page.add_init_script(WATCH_CSP)

    def _violations() -> list[str]:
        return console + page.evaluate("window.__csp || []")

    return _violations


def visit(page, url: str) -> None:
    response = page.goto(url)
    assert response.status == 200, url
    page.wait_for_load_state("networkidle")


def test_public_pages_have_no_csp_violations(demo, live_server, page, csp_watch):
    base = live_server.url
    found: dict[str, list[str]] = {}
    visit(page, base + "/")
    # the site's stylesheet and its font loaded under the policy
    font = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert "Be Vietnam Pro" in font
    found["/"] = csp_watch()
    visit(page, base + "/thu-tuc/")
    found["/thu-tuc/"] = csp_watch()
    href = page.locator("a[href^='/thu-tuc/'][href$='/']").nth(3).get_attribute("href")
    procedure = base + href
    visit(page, procedure)
    found[href] = csp_watch()
    visit(page, procedure + "ban-in/")
    # the print page's nonce-carrying <style> applied
    assert page.evaluate(
        "getComputedStyle(document.querySelector('.screen-only')).maxWidth"
    ) not in ("", "none")
    found[href + "ban-in/"] = csp_watch()
    visit(page, base + "/cong-khai/")
    assert page.locator(".t-charts svg").count() >= 1
    found["/cong-khai/"] = csp_watch()
    visit(page, base + "/he-thong-chat-luong/")
    found["/he-thong-chat-luong/"] = csp_watch()
    assert {url: v for url, v in found.items() if v} == {}

    # the watch itself works: an injected inline script is blocked and seen
    page.evaluate(
        "() => { const s = document.createElement('script');"
        " s.textContent = 'window.__ran = true'; document.body.append(s); }"
    )
    page.wait_for_timeout(200)
    assert page.evaluate("window.__ran === undefined")
    assert any("script-src" in v for v in csp_watch())


def test_two_factor_enrolment_then_a_backup_code(demo, live_server, page, settings):
    settings.QMS_REQUIRE_2FA = True
    base = live_server.url
    page.goto(base + "/admin/login/")
    page.fill("input[name=username]", "admin")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(base + "/admin/login/bat-xac-thuc/")
    assert page.locator(".qms-qr svg").count() == 1
    secret = page.locator(".qms-secret").inner_text().replace(" ", "")
    key = b32decode(secret + "=" * (-len(secret) % 8))
    page.fill("input[name=code]", f"{totp(key):06d}")
    page.click("button[type=submit]")
    page.locator(".qms-backup-codes").wait_for()
    codes = page.locator(".qms-backup-codes code").all_inner_texts()
    assert len(codes) == 10
    assert all(re.fullmatch(r"[a-z0-9]{8}", code) for code in codes)
    page.get_by_role("link", name="Đã lưu mã, tiếp tục").click()
    page.wait_for_url(base + "/admin/")
    assert page.locator("#wagtail-sidebar").count() == 1

    page.context.clear_cookies()
    page.goto(base + "/admin/")
    page.wait_for_url(re.compile(r".*/admin/login/.*"))
    page.fill("input[name=username]", "admin")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(base + "/admin/login/ma-xac-thuc/")
    page.fill("input[name=code]", "saima123")
    page.click("button[type=submit]")
    error = page.locator(".messages li.error")
    error.wait_for()
    assert "Mã không đúng" in error.inner_text()
    # after a wrong code django-otp makes the next try wait a second
    page.wait_for_timeout(1500)
    page.fill("input[name=code]", codes[0])
    page.click("button[type=submit]")
    page.wait_for_url(base + "/admin/")
    assert page.locator("#wagtail-sidebar").count() == 1
