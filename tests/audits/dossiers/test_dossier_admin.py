"""The read-only dossier list in the admin: scope per commune, no writes."""

import datetime

import pytest

from audits.dossiers.models import Dossier
from tests.audits.dossiers.factories import make_dossier

pytestmark = pytest.mark.django_db

D = datetime.date
LIST = "/admin/dossiers/records/"


@pytest.fixture
def two(commune, other_commune):
    mine = make_dossier(
        commune, received=D(2021, 3, 1), due=D(2021, 3, 2), code="MINE-1"
    )
    other = make_dossier(
        other_commune, received=D(2021, 3, 1), due=D(2021, 3, 2), code="OTHER-1"
    )
    return Dossier.objects.get(code=mine), Dossier.objects.get(code=other)


def test_inspector_lists_every_dossier(login, inspector, two):
    html = login(inspector).get(LIST).content.decode()
    assert "MINE-1" in html
    assert "OTHER-1" in html


def test_commune_officer_sees_and_opens_only_their_dossiers(
    login, commune_officer, two
):
    mine, other = two
    client = login(commune_officer)
    html = client.get(LIST).content.decode()
    assert "MINE-1" in html
    assert "OTHER-1" not in html
    assert client.get(f"{LIST}inspect/{mine.pk}/").status_code == 200
    assert client.get(f"{LIST}inspect/{other.pk}/").status_code == 404


def test_nobody_writes_dossiers_in_the_admin(login, superuser, two):
    mine, _other = two
    client = login(superuser)
    for url in (f"{LIST}new/", f"{LIST}edit/{mine.pk}/", f"{LIST}delete/{mine.pk}/"):
        response = client.get(url)
        assert response.status_code in (302, 403, 404), url
        if response.status_code == 302:
            assert response["Location"] == "/admin/"
    page = client.get(f"{LIST}inspect/{mine.pk}/").content.decode()
    assert "Trang thủ tục" in page or "trang thủ tục" in page
