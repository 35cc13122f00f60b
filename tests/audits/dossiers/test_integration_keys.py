"""Per-integration API keys: made in the admin, shown once, stored hashed, scoped
to their units, revocable, expiring, throttled; the admin screens' permissions."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from audits.dossiers.models import Dossier, IntegrationKey
from tests.audits.dossiers.test_dossier_api import item
from tests.throttle_helpers import throttle_rates

pytestmark = pytest.mark.django_db

PUSH = "/api/dossiers/batch/"
ADMIN = "/admin/integration-keys/"


def make_key(*units, **extra) -> tuple[IntegrationKey, str]:
    key, plain = IntegrationKey.objects.create_key(
        name="Một cửa", integration="Hệ thống một cửa điện tử tỉnh", **extra
    )
    key.units.set(units)
    return key, plain


def client_with(plain: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {plain}")
    return client


def test_superuser_makes_a_key_shown_once_and_stored_hashed(client, superuser, commune):
    client.force_login(superuser)
    form = client.get(f"{ADMIN}new/")
    assert form.status_code == 200
    assert "Phần mềm tích hợp" in form.content.decode()
    response = client.post(
        f"{ADMIN}new/",
        {
            "name": "Một cửa Xuân Trường",
            "integration": "Hệ thống một cửa điện tử tỉnh",
            "units": [commune.pk],
            "expiry_date": "",
        },
    )
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    plain = re.search(
        r'<code id="integration-key"[^>]*>([^<]+)</code>', response.content.decode()
    ).group(1)
    key = IntegrationKey.objects.get()
    assert key.created_by == superuser
    assert list(key.units.all()) == [commune]
    assert plain.startswith(key.prefix + ".")
    assert plain not in key.hashed_key and plain not in key.pk
    assert key.hashed_key.startswith("sha512$$")
    # never shown again: not in the listing, the inspect or the edit page
    for url in (ADMIN, f"{ADMIN}inspect/{key.pk}/", f"{ADMIN}edit/{key.pk}/"):
        page = client.get(url)
        assert page.status_code == 200
        assert plain not in page.content.decode()
    assert key.history.count() == 1
    # and it works
    assert (
        client_with(plain)
        .post(PUSH, {"dossiers": [item()]}, format="json")
        .json()["created"]
        == 1
    )


def test_a_key_pushes_for_its_units_only(commune, other_commune):
    key, plain = make_key(commune)
    client = client_with(plain)
    ok = client.post(PUSH, {"dossiers": [item()]}, format="json")
    assert ok.status_code == 200
    key.refresh_from_db()
    assert key.last_used_at is not None
    refused = client.post(
        PUSH, {"dossiers": [item("B-1", unit="14092")]}, format="json"
    )
    assert refused.status_code == 400
    assert "không có quyền" in refused.json()["errors"][0]
    assert not Dossier.objects.filter(code="B-1").exists()


def test_a_key_cannot_take_over_another_communes_dossier(commune, other_commune):
    _key_b, plain_b = make_key(other_commune)
    assert (
        client_with(plain_b)
        .post(PUSH, {"dossiers": [item("X-1", unit="14092")]}, format="json")
        .status_code
        == 200
    )
    _key_a, plain_a = make_key(commune)
    refused = client_with(plain_a).post(
        PUSH, {"dossiers": [item("X-1", unit="14089")]}, format="json"
    )
    assert refused.status_code == 400
    assert "ngoài phạm vi" in refused.json()["errors"][0]
    assert Dossier.objects.get(code="X-1").unit == other_commune


def test_a_district_key_covers_its_communes(district, commune, other_commune):
    _key, plain = make_key(district)
    response = client_with(plain).post(
        PUSH,
        {"dossiers": [item("D-1"), item("D-2", unit="14092")]},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["created"] == 2


def test_a_key_without_units_pushes_nothing(commune):
    _key, plain = make_key()
    response = client_with(plain).post(PUSH, {"dossiers": [item()]}, format="json")
    assert response.status_code == 400
    assert not Dossier.objects.exists()


@pytest.mark.parametrize(
    "header",
    [
        "Api-Key nope.nope",
        "Api-Key ",
        "Api-Key " + "x" * 5000,
        "Api-Key ..",
    ],
)
def test_wrong_keys_are_401(commune, header):
    make_key(commune)
    client = APIClient()
    response = client.post(
        PUSH, {"dossiers": [item()]}, format="json", HTTP_AUTHORIZATION=header
    )
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Api-Key"
    assert not Dossier.objects.exists()


def test_a_right_prefix_with_a_wrong_secret_is_401(commune):
    key, _plain = make_key(commune)
    response = client_with(f"{key.prefix}.wrong-secret").post(
        PUSH, {"dossiers": [item()]}, format="json"
    )
    assert response.status_code == 401


def test_revoked_and_expired_keys_are_refused(commune):
    revoked, plain_revoked = make_key(commune)
    revoked.revoked = True
    revoked.save()
    past = timezone.now() - datetime.timedelta(minutes=1)
    _expired, plain_expired = make_key(commune, expiry_date=past)
    for plain, message in ((plain_revoked, "thu hồi"), (plain_expired, "hết hạn")):
        response = client_with(plain).post(PUSH, {"dossiers": [item()]}, format="json")
        assert response.status_code == 401
        assert message in response.json()["detail"]
    assert not Dossier.objects.exists()


def test_revoking_in_the_admin_is_final(client, superuser, commune):
    key, plain = make_key(commune)
    client.force_login(superuser)
    data = {
        "name": key.name,
        "integration": key.integration,
        "units": [commune.pk],
        "expiry_date": "",
    }
    response = client.post(f"{ADMIN}edit/{key.pk}/", {**data, "revoked": "on"})
    assert response.status_code == 302
    key.refresh_from_db()
    assert key.revoked
    after = client_with(plain).post(PUSH, {"dossiers": [item()]}, format="json")
    assert after.status_code == 401
    undo = client.post(f"{ADMIN}edit/{key.pk}/", data)
    assert undo.status_code == 200
    assert "không dùng lại được" in undo.content.decode()
    key.refresh_from_db()
    assert key.revoked
    assert key.history.count() == 2


def test_keys_are_never_deleted_not_even_by_a_superuser(client, superuser, commune):
    key, _plain = make_key(commune)
    client.force_login(superuser)
    response = client.post(f"{ADMIN}delete/{key.pk}/")
    assert response.status_code in (302, 403)
    assert IntegrationKey.objects.filter(pk=key.pk).exists()


@pytest.mark.parametrize(
    "persona",
    [
        "site_editor",
        "document_controller",
        "approver",
        "inspector",
        "commune_officer",
        "iso_reviewer",
    ],
)
def test_roles_cannot_see_or_make_keys(request, client, persona, commune):
    key, _plain = make_key(commune)
    client.force_login(request.getfixturevalue(persona))
    for url in (ADMIN, f"{ADMIN}new/", f"{ADMIN}edit/{key.pk}/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == "/admin/", url
    assert client.post(f"{ADMIN}new/", {"name": "x"}).status_code == 302
    assert IntegrationKey.objects.count() == 1


def test_anonymous_is_sent_to_login(client):
    response = client.get(ADMIN)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))


def test_bad_admin_input_is_a_form_error(client, superuser):
    client.force_login(superuser)
    response = client.post(
        f"{ADMIN}new/",
        {"name": "x" * 51, "integration": "", "units": ["abc"], "expiry_date": "99"},
    )
    assert response.status_code == 200
    assert not IntegrationKey.objects.exists()


def test_each_key_has_its_own_push_rate(commune, redis_cache):
    _a, plain_a = make_key(commune)
    _b, plain_b = make_key(commune)
    with throttle_rates(push="1/min"):
        first = client_with(plain_a).post(PUSH, {"dossiers": [item()]}, format="json")
        again = client_with(plain_a).post(PUSH, {"dossiers": [item()]}, format="json")
        other = client_with(plain_b).post(PUSH, {"dossiers": [item()]}, format="json")
    assert (first.status_code, again.status_code, other.status_code) == (200, 429, 200)
    assert again["Retry-After"]
