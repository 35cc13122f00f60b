"""REST push of dossiers: token auth, same validation, all or nothing per batch."""

import pytest
from django.contrib.auth.models import Permission
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from audits.dossiers.api import MAX_BATCH
from audits.dossiers.models import Dossier
from qms.organisation.roles import COMMUNE_OFFICER
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

URL = "/api/dossiers/batch/"


def item(code="API-1", unit="14089", **extra):
    return {
        "dossier_code": code,
        "procedure_code": "1.001193",
        "unit_code": unit,
        "channel": "truc_tuyen",
        "online_level": "toan_trinh",
        "received_at": "05/01/2022 08:30",
        "due_at": "2022-01-07",
        "resolved_at": "2022-01-06 10:00",
        "status": "",
        **extra,
    }


def pusher(username="phanmem", *units, view_all=True):
    user = make_user(username, None, *units)
    codenames = ["add_dossier", "change_dossier"]
    if view_all:
        codenames.append("view_all_units")
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    client = APIClient()
    client.credentials(
        HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}"
    )
    return client


def test_schema_is_served_and_describes_the_endpoint(client):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    text = response.content.decode()
    assert URL in text
    assert "dossier_code" in text


def test_without_a_token_the_push_is_refused():
    response = APIClient().post(URL, {"dossiers": [item()]}, format="json")
    assert response.status_code == 401
    assert not Dossier.objects.exists()


def test_a_user_without_the_permissions_is_refused(commune):
    user = make_user("officer2", COMMUNE_OFFICER, commune)
    client = APIClient()
    client.credentials(
        HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}"
    )
    assert client.post(URL, {"dossiers": [item()]}, format="json").status_code == 403


def test_push_creates_then_updates(commune):
    client = pusher()
    response = client.post(URL, {"dossiers": [item(), item("API-2")]}, format="json")
    assert response.status_code == 200
    assert response.json() == {"created": 2, "updated": 0, "unchanged": 0}
    again = client.post(
        URL,
        {"dossiers": [item(resolved_at="2022-01-08"), item("API-2")]},
        format="json",
    )
    assert again.json() == {"created": 0, "updated": 1, "unchanged": 1}
    dossier = Dossier.objects.get(code="API-1")
    assert (dossier.unit, dossier.channel, dossier.outcome) == (
        commune,
        "online",
        "late",
    )
    assert Dossier.objects.count() == 2


def test_one_bad_item_rejects_the_whole_batch():
    client = pusher()
    response = client.post(
        URL,
        {
            "dossiers": [
                item(),
                item("API-2", due_at="2021-12-01"),
                item("X", unit="999"),
            ]
        },
        format="json",
    )
    assert response.status_code == 400
    body = response.json()
    assert body["error_count"] == 2
    assert body["errors"][0].startswith("dossiers[1].due_at:")
    assert body["errors"][1].startswith("dossiers[2].unit_code:")
    assert not Dossier.objects.exists()


def test_structure_errors_and_batch_size():
    client = pusher()
    response = client.post(URL, {"dossiers": [{"unit_code": "14089"}]}, format="json")
    assert response.status_code == 400
    assert any("dossier_code" in line for line in response.json()["errors"])
    too_many = {"dossiers": [item(f"C{i}") for i in range(MAX_BATCH + 1)]}
    assert client.post(URL, too_many, format="json").status_code == 400
    assert (
        client.post(URL, "not json", content_type="application/json").status_code == 400
    )
    assert not Dossier.objects.exists()


def test_a_scoped_pusher_may_only_push_its_units(commune, other_commune):
    client = pusher("xa", commune, view_all=False)
    ok = client.post(URL, {"dossiers": [item()]}, format="json")
    assert ok.status_code == 200
    refused = client.post(
        URL, {"dossiers": [item("API-9", unit="14092")]}, format="json"
    )
    assert refused.status_code == 400
    assert "không có quyền" in refused.json()["errors"][0]
    assert not Dossier.objects.filter(code="API-9").exists()


def test_a_scoped_pusher_cannot_take_over_another_units_dossier(commune, other_commune):
    other = pusher("xa-khac", other_commune, view_all=False)
    assert (
        other.post(
            URL, {"dossiers": [item("API-X", unit="14092")]}, format="json"
        ).status_code
        == 200
    )
    client = pusher("xa", commune, view_all=False)
    refused = client.post(
        URL, {"dossiers": [item("API-X", unit="14089")]}, format="json"
    )
    assert refused.status_code == 400
    assert "ngoài phạm vi" in refused.json()["errors"][0]
    assert Dossier.objects.get(code="API-X").unit == other_commune
