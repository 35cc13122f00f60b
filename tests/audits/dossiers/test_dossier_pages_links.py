"""A link that names only a unit shows that unit for the default period.

Found walking issue 6: /cong-khai/?unit=<id> (how a commune would link to its
own figures) showed "Trường này là bắt buộc" twice, for date fields the public
page does not have, and the district's figures under a select naming the
commune. The admin dashboard did the same with ?unit= alone.
"""

import datetime
import re

import pytest
from wagtail.models import Site

from qms.organisation.models import DeploymentSettings
from tests.audits.dossiers.factories import make_dossier

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def dossiers(district, commune, other_commune):
    deployment = DeploymentSettings.for_site(Site.objects.get(is_default_site=True))
    deployment.operating_unit = district
    deployment.save()
    make_dossier(commune, received=D(2021, 3, 1), due=D(2021, 3, 5))
    make_dossier(other_commune, received=D(2021, 3, 1), due=D(2021, 3, 5))


def _rows(html: str) -> list[str]:
    """Unit codes of the admin dashboard's Form 06 table."""
    body = html.split("<tbody>")[1].split("</tbody>")[0]
    return [cell.split("<")[0] for cell in body.split('<th scope="row">')[1::2]]


def _public_rows(html: str) -> list[str]:
    """Unit codes of the public page's table, then TOTAL if it has the total row."""
    table = html.split('<table class="f06-table">')[1].split("</table>")[0]
    codes = re.findall(r'<span class="f06-code">([^<]+)</span>', table)
    return codes + (["TOTAL"] if '<tr class="f06-total">' in table else [])


def test_public_link_with_only_a_unit(client, dossiers, other_commune):
    response = client.get("/cong-khai/", {"unit": other_commune.pk})
    html = response.content.decode()
    assert response.status_code == 200
    assert "errorlist" not in html
    assert f'<p class="lead">{other_commune.name} · ' in html
    assert "01/01/2021 – 31/12/2021" in html
    assert _public_rows(html) == ["14092", "TOTAL"]


@pytest.mark.parametrize("query", [{"year": "abc"}, {"date_from": ""}])
def test_public_link_with_a_unit_and_an_unusable_period(
    client, dossiers, other_commune, query
):
    html = client.get("/cong-khai/", {"unit": other_commune.pk, **query}).content
    html = html.decode()
    assert "errorlist" not in html
    assert _public_rows(html) == ["14092", "TOTAL"]


def test_dashboard_link_with_only_a_unit(login, inspector, dossiers, commune):
    response = login(inspector).get("/admin/dossiers/dashboard/", {"unit": commune.pk})
    html = response.content.decode()
    assert "errorlist" not in html
    assert 'value="2021-01-01"' in html
    assert _rows(html) == ["14089", "TOTAL"]


def test_a_bad_date_is_still_reported(login, inspector, dossiers, commune):
    html = (
        login(inspector)
        .get("/admin/dossiers/dashboard/", {"unit": commune.pk, "date_from": "x"})
        .content.decode()
    )
    assert "errorlist" in html
