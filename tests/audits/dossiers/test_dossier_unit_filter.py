"""The dossier list's unit filter: the shared picker, the unit and units below."""

import datetime

import pytest
from django.urls import reverse
from wagtail.models import Site

from qms.organisation.models import DeploymentSettings
from tests.audits.dossiers.factories import make_dossier

pytestmark = pytest.mark.django_db

D = datetime.date
LIST = "audits_dossiers:index"


@pytest.fixture
def dossiers(district, commune, other_commune):
    deployment = DeploymentSettings.for_site(Site.objects.get(is_default_site=True))
    deployment.operating_unit = district
    deployment.save()
    return {
        "mine": make_dossier(commune, received=D(2022, 3, 1), due=D(2022, 3, 5)),
        "other": make_dossier(other_commune, received=D(2022, 3, 1), due=D(2022, 3, 5)),
    }


def test_filtering_by_a_district_keeps_its_communes(
    login, inspector, district, commune, dossiers, django_assert_max_num_queries
):
    client = login(inspector)
    with django_assert_max_num_queries(45):
        html = client.get(reverse(LIST), {"unit": district.pk}).content.decode()
    assert dossiers["mine"] in html and dossiers["other"] in html
    html = client.get(reverse(LIST), {"unit": commune.pk}).content.decode()
    assert dossiers["mine"] in html and dossiers["other"] not in html
    # the filter is the grouped picker
    assert "<optgroup" in html.split('name="unit"')[1].split("</select>")[0]


def test_a_commune_officer_cannot_filter_by_another_commune(
    login, commune_officer, other_commune, dossiers
):
    client = login(commune_officer)
    html = client.get(reverse(LIST), {"unit": other_commune.pk}).content.decode()
    assert dossiers["other"] not in html
    select = html.split('name="unit"')[1].split("</select>")[0]
    assert "Xã Xuân Châu" not in select
