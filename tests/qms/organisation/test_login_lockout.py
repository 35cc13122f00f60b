"""Login lockout (django-axes): 5 failures per username + address lock it for
15 minutes; every login and failure is recorded; the client address behind a
proxy; unlocking by command and from the admin."""

import datetime
import json

import pytest
import time_machine
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.core.management import call_command
from django.test import Client, RequestFactory
from django.utils import timezone
from wagtail.models import ModelLogEntry

from qms.organisation.client_ip import client_ip
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"


def attempt(client, username, password):
    return client.post(LOGIN, {"username": username, "password": password})


def test_the_fifth_wrong_password_locks_and_the_right_one_is_refused(client, inspector):
    for _ in range(4):
        response = attempt(client, "inspector", "wrong")
        assert response.status_code == 200
        assert b'name="password"' in response.content
    response = attempt(client, "inspector", "wrong")
    assert response.status_code == 429
    text = response.content.decode()
    assert "Tạm khóa đăng nhập" in text
    assert "thử lại sau 15 phút" in text
    assert response["Retry-After"] == "900"
    response = attempt(client, "inspector", PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302


def test_after_the_cool_off_the_right_password_works(client, inspector):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for _ in range(5):
            attempt(client, "inspector", "wrong")
        assert attempt(client, "inspector", PASSWORD).status_code == 429
    with time_machine.travel(start + datetime.timedelta(minutes=14), tick=False):
        # a try during the lockout starts the 15 minutes again
        assert attempt(client, "inspector", PASSWORD).status_code == 429
    with time_machine.travel(start + datetime.timedelta(minutes=30), tick=False):
        response = attempt(client, "inspector", PASSWORD)
        assert response.status_code == 302
        assert response["Location"] == "/admin/"


def test_lockout_is_per_username_and_address(inspector, approver):
    office = Client(REMOTE_ADDR="203.0.113.7")
    for _ in range(5):
        attempt(office, "inspector", "wrong")
    assert attempt(office, "inspector", PASSWORD).status_code == 429
    # a colleague behind the same address is not locked out
    assert attempt(office, "approver", PASSWORD).status_code == 302
    # nor is the same person from another address
    home = Client(REMOTE_ADDR="198.51.100.9")
    assert attempt(home, "inspector", PASSWORD).status_code == 302


def test_a_success_resets_the_count(client, inspector):
    for _ in range(4):
        attempt(client, "inspector", "wrong")
    assert attempt(client, "inspector", PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        assert attempt(client, "inspector", "wrong").status_code == 200
    assert attempt(client, "inspector", PASSWORD).status_code == 302


def test_logins_and_failures_are_recorded(client, inspector):
    attempt(client, "inspector", "wrong")
    attempt(client, "nobody", "wrong")
    attempt(client, "inspector", PASSWORD)
    failures = AccessFailureLog.objects.order_by("attempt_time")
    assert [f.username for f in failures] == ["inspector", "nobody"]
    assert {f.ip_address for f in failures} == {"127.0.0.1"}
    assert not any(f.locked_out for f in failures)
    login = AccessLog.objects.get()
    assert (login.username, login.ip_address) == ("inspector", "127.0.0.1")
    assert login.logout_time is None
    client.post("/admin/logout/")
    login.refresh_from_db()
    assert login.logout_time is not None
    # the password itself is never stored
    stored = AccessAttempt.objects.values_list("post_data", flat=True)
    assert "wrong" not in "".join(stored)


@pytest.mark.parametrize(
    "form",
    [
        {"username": "x" * 10_000, "password": "p"},
        {"username": "ad\x00min", "password": "p\x00"},
        {"username": "", "password": ""},
        {"password": "only"},
        {},
    ],
)
def test_odd_login_input_is_an_answer_not_a_500(client, form):
    response = client.post(LOGIN, form)
    assert response.status_code == 200
    assert b'name="password"' in response.content


def test_axes_reset_command_unlocks(client, inspector):
    for _ in range(5):
        attempt(client, "inspector", "wrong")
    assert attempt(client, "inspector", PASSWORD).status_code == 429
    call_command("axes_reset_username", "inspector")
    assert AccessAttempt.objects.count() == 0
    assert attempt(client, "inspector", PASSWORD).status_code == 302


def test_a_superuser_unlocks_from_the_admin(client, inspector, superuser, login):
    stranger = Client()
    for _ in range(5):
        attempt(stranger, "inspector", "wrong")
    locked = AccessAttempt.objects.get(username="inspector")
    admin = login(superuser)
    listing = admin.get("/admin/login_attempts/")
    assert listing.status_code == 200
    assert "inspector" in listing.content.decode()
    delete_url = f"/admin/login_attempts/delete/{locked.pk}/"
    confirm = admin.get(delete_url)
    assert confirm.status_code == 200
    assert "Mở khóa" in confirm.content.decode()
    done = admin.post(delete_url, follow=True)
    assert "Đã mở khóa" in done.content.decode()
    assert not AccessAttempt.objects.exists()
    assert ModelLogEntry.objects.filter(action="wagtail.delete").exists()
    assert attempt(stranger, "inspector", PASSWORD).status_code == 302


@pytest.mark.parametrize(
    "url",
    [
        "/admin/login_records/",
        "/admin/login_failures/",
        "/admin/login_attempts/",
    ],
)
@pytest.mark.parametrize("persona", ["approver", "document_controller", "iso_reviewer"])
def test_only_superusers_see_the_records(request, login, url, persona):
    response = login(request.getfixturevalue(persona)).get(url)
    assert response.status_code in (302, 403)
    assert response.status_code != 200


def test_records_are_read_only_for_superusers(client, inspector, superuser, login):
    attempt(client, "inspector", PASSWORD)
    record = AccessLog.objects.get()
    admin = login(superuser)
    page = admin.get("/admin/login_records/?q=inspector")
    assert page.status_code == 200
    assert "inspector" in page.content.decode()
    assert admin.get(f"/admin/login_records/inspect/{record.pk}/").status_code == 200
    # Wagtail answers a denied view with a redirect to the dashboard
    for url in [f"edit/{record.pk}/", f"delete/{record.pk}/", "add/"]:
        assert admin.get(f"/admin/login_records/{url}").status_code in (302, 403, 404)
    admin.post(f"/admin/login_records/delete/{record.pk}/")
    admin.post(f"/admin/login_records/edit/{record.pk}/", {"username": "x"})
    record.refresh_from_db()
    assert record.username == "inspector"


def test_the_menu_shows_the_records_to_superusers_only(client, superuser, approver):
    # the sidebar's menu is JSON in the page, non-ASCII letters escaped
    label = json.dumps("Nhật ký đăng nhập")[1:-1]
    client.force_login(superuser)
    assert label in client.get("/admin/").content.decode()
    client.force_login(approver)
    assert label not in client.get("/admin/").content.decode()


def test_session_api_access_still_works(client, login, superuser, settings):
    """DRF's session authentication sees the signed-in user through axes; a
    session that still owes its second factor is anonymous there."""
    url = "/api/dossiers/batch/"
    assert client.post(url, {}, content_type="application/json").status_code in (
        401,
        403,
    )
    signed_in = login(superuser)
    # past authentication and permission: the empty batch itself is refused
    assert signed_in.post(url, {}, content_type="application/json").status_code == 400
    settings.QMS_REQUIRE_2FA = True
    assert signed_in.post(url, {}, content_type="application/json").status_code in (
        401,
        403,
    )


class TestClientAddress:
    factory = RequestFactory()

    def request(self, forwarded=None, remote="10.0.0.1"):
        meta = {"REMOTE_ADDR": remote}
        if forwarded is not None:
            meta["HTTP_X_FORWARDED_FOR"] = forwarded
        return self.factory.get("/", **meta)

    def test_without_a_proxy_the_header_is_ignored(self, settings):
        settings.QMS_PROXY_COUNT = 0
        assert client_ip(self.request("6.6.6.6")) == "10.0.0.1"

    @pytest.mark.parametrize(
        ("count", "forwarded", "expected"),
        [
            (1, "203.0.113.5", "203.0.113.5"),
            # a client-written entry in front is ignored
            (1, "6.6.6.6, 203.0.113.5", "203.0.113.5"),
            (2, "203.0.113.5, 198.51.100.1", "203.0.113.5"),
            (2, "6.6.6.6, 203.0.113.5, 198.51.100.1", "203.0.113.5"),
            (3, "203.0.113.5", "203.0.113.5"),
            (1, "2001:db8::1", "2001:db8::1"),
            (1, "not-an-address", "10.0.0.1"),
            (1, " , ", "10.0.0.1"),
            (1, "", "10.0.0.1"),
            (1, "1.2.3.4\x00", "10.0.0.1"),
        ],
    )
    def test_behind_proxies(self, settings, count, forwarded, expected):
        settings.QMS_PROXY_COUNT = count
        settings.QMS_PROXY_TRUSTED_IPS = []
        assert client_ip(self.request(forwarded)) == expected

    def test_only_from_the_listed_proxies(self, settings):
        settings.QMS_PROXY_COUNT = 1
        settings.QMS_PROXY_TRUSTED_IPS = ["10.0.0.1"]
        assert client_ip(self.request("203.0.113.5")) == "203.0.113.5"
        assert client_ip(self.request("203.0.113.5", remote="10.9.9.9")) == "10.9.9.9"

    def test_lockout_uses_the_forwarded_address(self, settings, inspector):
        settings.QMS_PROXY_COUNT = 1
        settings.QMS_PROXY_TRUSTED_IPS = []
        proxy = Client(REMOTE_ADDR="127.0.0.1")
        for spoof in ["1.1.1.1", "2.2.2.2", "3.3.3.3", "4.4.4.4", "5.5.5.5"]:
            response = proxy.post(
                LOGIN,
                {"username": "inspector", "password": "wrong"},
                HTTP_X_FORWARDED_FOR=f"{spoof}, 203.0.113.5",
            )
        # changing the client-written part does not dodge the lockout
        assert response.status_code == 429
        assert set(AccessFailureLog.objects.values_list("ip_address", flat=True)) == {
            "203.0.113.5"
        }


def test_lockout_page_in_english_for_who_chose_it(client, inspector):
    client.cookies["django_language"] = "en"
    for _ in range(5):
        response = attempt(client, "inspector", "wrong")
    assert response.status_code == 429
    assert "Login temporarily locked" in response.content.decode()


def test_record_columns_in_vietnamese(client, superuser, inspector, login):
    attempt(client, "inspector", "wrong")
    text = login(superuser).get("/admin/login_failures/").content.decode()
    assert "Thời điểm" in text
    assert "Địa chỉ IP" in text
