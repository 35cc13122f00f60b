"""Every public page passes axe-core with no serious or critical violation.

At 1,366 px and 375 px: home, catalogue, one field (sector), a procedure, its
posting (print page), search with and without results, transparency, the
quality-system page, 404 and 429. axe-core comes bundled in the
axe-playwright-python package (axe.min.js, MPL-2.0): nothing is fetched at
test time. A failure lists every page, rule and element at once. Screenshots:
build/screenshots/public-a11y-<page>-<width>.png.
"""

import datetime

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.cache import cache
from wagtail.models import Site

from qms import page_cache
from qms.organisation.choices import UnitLevel
from qms.organisation.models import DeploymentSettings
from tests.audits.dossiers.factories import make_dossier
from tests.conftest import legacy_unit

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

WIDTHS = {"desktop": (1366, 900), "phone": (375, 800)}
BLOCKING = {"serious", "critical"}

PAGES = {
    "home": "/",
    "catalogue": "/thu-tuc/",
    "sector": "/thu-tuc/?linh_vuc=ho-tich",
    "procedure": "/thu-tuc/dang-ky-khai-sinh/",
    "posting": "/thu-tuc/dang-ky-khai-sinh/ban-in/",
    "search": "/thu-tuc/?q=khai+sinh",
    "search-empty": "/thu-tuc/?q=xyzkhongco",
    "transparency": "/cong-khai/?year=2022",
    "quality-system": "/he-thong-chat-luong/",
    "feedback-form": "/phan-anh-kien-nghi/gui/",
    "feedback-list": "/phan-anh-kien-nghi/",
    "feedback-status": "/phan-anh-kien-nghi/theo-doi/?ma=PAKN-2612-7F3K9Q",
    "dossier-lookup": "/tra-cuu-ho-so/?ma=H40.14089-250616-0001",
    "404": "/trang-khong-co/",
    # an uncached PDF past the per-minute limit (set to 0 below): the 429 page
    "429": "/cong-khai/?year=2003&export=pdf",
}


def published_figures() -> None:
    """The demo district published, with a few 2022 dossiers in two communes."""
    deployment = DeploymentSettings.for_site(Site.objects.get(is_default_site=True))
    deployment.operating_unit = legacy_unit("364", UnitLevel.DISTRICT)
    deployment.save()
    day = datetime.date
    for commune in (legacy_unit("14089"), legacy_unit("14092")):
        make_dossier(
            commune,
            received=day(2022, 3, 1),
            due=day(2022, 3, 5),
            resolved=day(2022, 3, 4),
        )
        make_dossier(commune, received=day(2022, 5, 2), due=day(2022, 5, 3))


def blocking_violations(page) -> list[str]:
    """Serious and critical axe-core violations of the page, one line each."""
    results = Axe().run(page).response
    lines = []
    for violation in results["violations"]:
        if violation["impact"] not in BLOCKING:
            continue
        targets = [" ".join(node["target"]) for node in violation["nodes"][:5]]
        lines.append(f"{violation['id']} ({violation['impact']}): {targets}")
    return lines


@pytest.mark.demo_loaders(
    "qms.organisation.demo.load",
    "qms.documents.demo.load",
    "procedures.demo.load",
)
def test_public_pages_pass_axe(demo, live_server, page, settings, screenshot):
    settings.QMS_PDF_RENDERS_PER_MINUTE = 0
    cache.clear()
    page_cache.forget_generations()
    published_figures()
    failures = []
    for width_name, (width, height) in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": height})
        for name, path in PAGES.items():
            response = page.goto(f"{live_server.url}{path}")
            expected = {"404": 404, "429": 429}.get(name, 200)
            assert response.status == expected, (name, response.status)
            screenshot(page, f"public-a11y-{name}-{width}")
            for line in blocking_violations(page):
                failures.append(f"{name} @ {width_name}: {line}")
    assert not failures, "\n".join(failures)


def test_axe_reports_what_a_citizen_would_trip_over(page):
    """The check can fail: an image without text and faint grey text."""
    page.set_content(
        '<html lang="vi"><body><main><h1>Trang thử</h1>'
        '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">'
        '<p style="color:#bbb;background:#fff">Chữ quá mờ</p></main></body></html>'
    )
    rules = {line.split(" ")[0] for line in blocking_violations(page)}
    assert {"image-alt", "color-contrast"} <= rules
