"""``/admin/login/?next=`` never ends in a 500 and never leaves the site."""

import pytest

pytestmark = pytest.mark.django_db

ODD = ['"', "a:b", '"a:b"', "x", "wagtailadmin_home", "::", "a b", "%00", "\x00"]


@pytest.mark.parametrize("value", ODD + ["https://evil.example/", "//evil.example/"])
def test_signed_in_user_goes_to_the_dashboard(login, superuser, value):
    client = login(superuser)
    response = client.get("/admin/login/", {"next": value})
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_a_local_path_is_followed(login, superuser):
    response = login(superuser).get("/admin/login/", {"next": "/admin/pages/"})
    assert response.status_code == 302
    assert response["Location"] == "/admin/pages/"


@pytest.mark.parametrize("value", ODD)
def test_anonymous_user_sees_the_form(client, value):
    response = client.get("/admin/login/", {"next": value})
    assert response.status_code == 200
    assert b'name="password"' in response.content


def test_signing_in_follows_a_local_next_only(client, superuser):
    superuser.set_password("Mat-khau-2026")
    superuser.save()
    form = {"username": superuser.username, "password": "Mat-khau-2026"}
    response = client.post("/admin/login/?next=a:b", {**form, "next": "a:b"})
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    client.logout()
    response = client.post("/admin/login/", {**form, "next": "/admin/pages/"})
    assert response["Location"] == "/admin/pages/"
