"""The grouped unit picker and the period-coverage notice in a real browser.

Screenshots at 1,366 px and 375 px: build/screenshots/units-*.png. A closed
``<select>`` shows one line, so the picker is also shown opened as a list
(``size``) to see its groups.
"""

import datetime

import pytest
from wagtail.models import Site

from qms.organisation.choices import UnitLevel
from qms.organisation.models import AdministrativeUnit, DeploymentSettings
from qms.organisation.roles import INSPECTOR, roles_sync
from qms.organisation.unit_loader import units_load
from tests.audits.dossiers.factories import make_dossier
from tests.conftest import PASSWORD, ensure_wagtail_tree, legacy_unit, make_user
from tests.e2e.conftest import admin_login

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

D = datetime.date


def _data():
    if not AdministrativeUnit.objects.filter(code="364").exists():
        units_load(provinces=["36"], structure="both")
    roles_sync()
    ensure_wagtail_tree()
    district = legacy_unit("364", UnitLevel.DISTRICT)
    deployment = DeploymentSettings.for_site(Site.objects.get(is_default_site=True))
    deployment.operating_unit = district
    deployment.save()
    commune = legacy_unit("14089")
    make_dossier(
        commune, received=D(2022, 3, 1), due=D(2022, 3, 5), resolved=D(2022, 3, 4)
    )
    return make_user("kiemtra_units", INSPECTOR), commune, commune.successors.get()


@pytest.mark.parametrize("width", [1366, 375])
def test_dashboard_filter_groups_units_and_explains_the_period(
    live_server, page, screenshot, width
):
    inspector, commune, new_commune = _data()
    page.set_viewport_size({"width": width, "height": 900})
    admin_login(page, live_server, inspector.username, PASSWORD)
    url = f"{live_server.url}/admin/dossiers/dashboard/"
    page.goto(f"{url}?date_from=2022-01-01&date_to=2022-12-31&unit={new_commune.pk}")
    select = page.locator("form.dossier-filter select[name=unit]")
    groups = select.locator("optgroup").evaluate_all("gs => gs.map(g => g.label)")
    assert groups[0] == "Đơn vị trước 01/07/2025 · tỉnh, huyện"
    assert "Đơn vị trước 01/07/2025 · Huyện Xuân Trường" in groups
    assert "Tỉnh Ninh Bình" in groups
    labels = select.locator("option").evaluate_all("os => os.map(o => o.text)")
    assert len(labels) == len(set(labels))
    notice = page.locator(".unit-coverage")
    assert notice.is_visible()
    assert "được thành lập từ 01/07/2025" in notice.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    screenshot(page, f"units-dashboard-{width}")
    # the picker opened as a list, to see its groups
    select.evaluate("s => { s.size = 14; s.scrollTop = 0; }")
    select.scroll_into_view_if_needed()
    screenshot(page, f"units-picker-open-{width}")
    # following a link keeps the period and shows the commune that existed then
    notice.locator("a", has_text=commune.name).click()
    page.wait_for_load_state()
    assert f"unit={commune.pk}" in page.url and "date_from=2022-01-01" in page.url
    assert page.locator(".unit-coverage").count() == 0
    assert "14089" in page.locator(".form06").inner_text()


def test_public_page_explains_a_legacy_unit_after_the_reform(
    live_server, page, screenshot
):
    _inspector, commune, new_commune = _data()
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(f"{live_server.url}/cong-khai/?year=2026&unit={commune.pk}")
    notice = page.locator(".unit-coverage")
    assert "chỉ tồn tại đến 30/06/2025" in notice.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot(page, "units-transparency-375")
    notice.locator("a", has_text=new_commune.name).click()
    page.wait_for_load_state()
    assert f"unit={new_commune.pk}" in page.url and "year=2026" in page.url
    assert page.locator(".unit-coverage").count() == 0
