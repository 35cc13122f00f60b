"""A report over a period its unit does not cover says so and links elsewhere."""

import datetime
import html as html_lib
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import Site

from qms.organisation.models import DeploymentSettings
from qms.organisation.unit_coverage import period_coverage
from tests.audits.dossiers.factories import make_dossier

pytestmark = pytest.mark.django_db

D = datetime.date
DASHBOARD = "/admin/dossiers/dashboard/"
PUBLIC = "/cong-khai/"


@pytest.fixture
def deployed(district):
    deployment = DeploymentSettings.for_site(Site.objects.get(is_default_site=True))
    deployment.operating_unit = district
    deployment.save()
    return district


@pytest.fixture
def new_commune(commune):
    """Today's commune that took over Thị trấn Xuân Trường on 01/07/2025."""
    return commune.successors.get()


def coverage_block(page: str) -> str:
    match = re.search(r'<div class="unit-coverage".*?</div>', page, re.S)
    return html_lib.unescape(match.group(0)) if match else ""


def test_a_unit_created_in_2025_points_to_its_predecessors(new_commune, commune):
    notice = period_coverage(new_commune, D(2022, 1, 1), D(2022, 12, 31))
    assert notice.direction == "before"
    assert notice.message.startswith(
        f"{new_commune.name} được thành lập từ 01/07/2025; kỳ báo cáo này thuộc"
    )
    assert commune in notice.units
    # the communes before the district that also led to it
    assert notice.units[0].level == new_commune.level


def test_a_period_across_the_reform_is_partly_covered(new_commune):
    notice = period_coverage(new_commune, D(2025, 1, 1), D(2025, 12, 31))
    assert "phần kỳ báo cáo trước ngày đó" in notice.message


def test_a_legacy_unit_after_the_reform_points_to_its_successors(commune, new_commune):
    notice = period_coverage(commune, D(2026, 1, 1), D(2026, 12, 31))
    assert notice.direction == "after"
    assert "chỉ tồn tại đến 30/06/2025" in notice.message
    assert notice.units == [new_commune]


def test_a_unit_covering_the_period_has_no_notice(commune, new_commune):
    assert period_coverage(commune, D(2022, 1, 1), D(2022, 12, 31)) is None
    assert period_coverage(new_commune, D(2026, 1, 1), D(2026, 6, 30)) is None
    assert period_coverage(None, D(2022, 1, 1), D(2022, 12, 31)) is None


def test_links_outside_the_allowed_units_are_left_out(new_commune):
    notice = period_coverage(
        new_commune, D(2022, 1, 1), D(2022, 12, 31), allowed_ids=set()
    )
    assert notice.units == []
    assert "không có đơn vị trước đó" in notice.message


def test_dashboard_explains_zeros_and_links_to_predecessors_with_the_period(
    login, inspector, deployed, commune, new_commune, django_assert_max_num_queries
):
    make_dossier(commune, received=D(2022, 3, 1), due=D(2022, 3, 5))
    client = login(inspector)
    period = {"date_from": "2022-01-01", "date_to": "2022-12-31"}
    with django_assert_max_num_queries(40):
        page = client.get(DASHBOARD, {**period, "unit": new_commune.pk})
    block = coverage_block(page.content.decode())
    assert f"{new_commune.name} được thành lập từ 01/07/2025" in block
    link = f'href="?date_from=2022-01-01&date_to=2022-12-31&unit={commune.pk}"'
    assert link in block
    # following it gives the figures of the commune that existed then
    followed = client.get(DASHBOARD, {**period, "unit": commune.pk}).content.decode()
    assert 'class="unit-coverage"' not in followed
    assert "14089" in followed


def test_dashboard_of_a_covered_unit_has_no_notice(login, inspector, deployed, commune):
    page = login(inspector).get(
        DASHBOARD, {"date_from": "2022-01-01", "date_to": "2022-12-31"}
    )
    assert 'class="unit-coverage"' not in page.content.decode()


def test_commune_officer_is_only_offered_their_own_units(
    login, commune_officer, deployed, new_commune
):
    # the officer belongs to the legacy commune only: the new one is not theirs
    page = login(commune_officer).get(
        DASHBOARD,
        {"date_from": "2026-01-01", "date_to": "2026-12-31", "unit": new_commune.pk},
    )
    assert 'class="unit-coverage"' not in page.content.decode()


def test_public_page_links_a_legacy_unit_to_its_successor(
    client, deployed, commune, new_commune
):
    page = client.get(PUBLIC, {"year": "2026", "unit": commune.pk})
    assert page.status_code == 200
    block = coverage_block(page.content.decode())
    assert "Thị trấn Xuân Trường chỉ tồn tại đến 30/06/2025" in block
    assert f'href="?year=2026&unit={new_commune.pk}"' in block
    # the successor is published: its page opens
    assert (
        client.get(PUBLIC, {"year": "2026", "unit": new_commune.pk}).status_code == 200
    )


def test_public_page_links_a_new_commune_to_its_predecessors(
    client, deployed, commune, new_commune
):
    page = client.get(PUBLIC, {"year": "2022", "unit": new_commune.pk})
    block = coverage_block(page.content.decode())
    assert "kỳ báo cáo này thuộc các đơn vị trước đó" in block
    assert f'href="?year=2022&unit={commune.pk}"' in block


def test_report_command_says_when_the_unit_does_not_cover_the_period(district, capsys):
    call_command(
        "dossier_report", "--from", "2026-01-01", "--to", "2026-12-31", "--unit", "364"
    )
    out = capsys.readouterr().out
    assert "Huyện Xuân Trường chỉ tồn tại đến 30/06/2025" in out
    successor = district.successors.order_by("code").first()
    assert f"{successor.code} {successor.name}" in out


def test_review_pack_of_a_legacy_district_after_the_reform_says_so(
    login, inspector, district
):
    page = login(inspector).get(
        reverse("audits_reviews:review_pack"),
        {"unit": district.pk, "period_from": "2026-01-01", "period_to": "2026-06-30"},
    )
    assert page.status_code == 200
    block = coverage_block(page.content.decode())
    assert "Huyện Xuân Trường chỉ tồn tại đến 30/06/2025" in block
    successor = district.successors.order_by("name").first()
    assert f"unit={successor.pk}" in block and "period_from=2026-01-01" in block
