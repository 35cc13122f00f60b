"""Two-factor login with real TOTP codes computed from the device's key.

Required (QMS_REQUIRE_2FA on) for superusers, approvers and document
controllers; optional for everyone else. The password leads to the code step
or to enrolment; nothing under /admin/ opens before; wrong codes count toward
the lockout; superusers alone reset another person's two-factor, and it is
logged.
"""

import datetime
import re
import time

import pytest
import time_machine
from axes.models import AccessFailureLog
from django.test import Client, RequestFactory
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import ModelLogEntry

from qms.organisation.two_factor import (
    BACKUP_ACTION,
    DISABLE_ACTION,
    ENROL_ACTION,
    RESET_ACTION,
    TwoFactorGateMiddleware,
    backup_codes_create,
)
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"
VERIFY = "/admin/login/ma-xac-thuc/"
ENROL = "/admin/login/bat-xac-thuc/"
MANAGE = "/admin/xac-thuc-hai-buoc/"


@pytest.fixture(autouse=True)
def required(settings):
    settings.QMS_REQUIRE_2FA = True


def code_for(device: TOTPDevice) -> str:
    """The code the person's phone would show now (time_machine moves now)."""
    device.refresh_from_db()
    value = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{value:0{device.digits}d}"


def enrolled(user) -> TOTPDevice:
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    backup_codes_create(user=user)
    return device


def password_step(client, user, next_url=None):
    data = {"username": user.username, "password": PASSWORD}
    if next_url:
        data["next"] = next_url
    return client.post(LOGIN, data)


def signed_in(client) -> bool:
    return client.get("/admin/").status_code == 200


def test_required_role_must_enrol_before_any_admin_page(client, approver):
    response = password_step(client, approver)
    assert response.status_code == 302
    assert response["Location"] == ENROL
    # the password alone opened nothing
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302
    page = client.get(ENROL)
    text = page.content.decode()
    assert page.status_code == 200
    assert "<svg" in text
    assert "bắt buộc xác thực hai bước" in text
    device = TOTPDevice.objects.get(user=approver, confirmed=False)
    secret = re.search(r'class="qms-secret">([A-Z2-7 ]+)<', text).group(1)
    assert len(secret.replace(" ", "")) == 32
    # the same secret on reload: the app already scanned it
    assert secret in client.get(ENROL).content.decode()
    wrong = client.post(
        ENROL, {"code": "000000" if code_for(device) != "000000" else "111111"}
    )
    assert wrong.status_code == 200
    assert "Mã không đúng" in wrong.content.decode()
    with time_machine.travel(time.time() + 5, tick=False):
        done = client.post(ENROL, {"code": code_for(device)})
    assert done.status_code == 200
    codes = re.findall(r"<li><code>([a-z0-9]+)</code></li>", done.content.decode())
    assert len(codes) == 10
    assert set(codes) == set(
        StaticToken.objects.filter(device__user=approver).values_list(
            "token", flat=True
        )
    )
    device.refresh_from_db()
    assert device.confirmed
    assert signed_in(client)
    assert ModelLogEntry.objects.filter(action=ENROL_ACTION).count() == 1


def test_code_step_after_the_password(client, document_controller):
    device = enrolled(document_controller)
    response = password_step(client, document_controller, next_url="/admin/pages/")
    assert response["Location"] == VERIFY
    assert client.get("/admin/").status_code == 302
    page = client.get(VERIFY)
    assert page.status_code == 200
    assert 'autocomplete="one-time-code"' in page.content.decode()
    response = client.post(VERIFY, {"code": code_for(device)})
    assert response.status_code == 302
    assert response["Location"] == "/admin/pages/"
    assert signed_in(client)


def test_a_code_is_used_once(document_controller):
    device = enrolled(document_controller)
    first, second = Client(), Client()
    password_step(first, document_controller)
    password_step(second, document_controller)
    code = code_for(device)
    assert first.post(VERIFY, {"code": code}).status_code == 302
    replay = second.post(VERIFY, {"code": code})
    assert replay.status_code == 200
    assert not signed_in(second)


def test_a_backup_code_works_once(document_controller):
    enrolled(document_controller)
    backup = StaticToken.objects.filter(device__user=document_controller).first().token
    client = Client()
    password_step(client, document_controller)
    assert client.post(VERIFY, {"code": backup.upper()}).status_code == 302
    assert signed_in(client)
    other = Client()
    password_step(other, document_controller)
    assert other.post(VERIFY, {"code": backup}).status_code == 200
    assert not signed_in(other)
    assert StaticToken.objects.filter(device__user=document_controller).count() == 9


def test_wrong_codes_count_toward_the_lockout(client, approver):
    device = enrolled(approver)
    start = time.time()
    for i in range(4):
        with time_machine.travel(start + 100 * i, tick=False):
            password_step(client, approver)
            response = client.post(VERIFY, {"code": "12345x"})
            assert response.status_code == 200
    with time_machine.travel(start + 500, tick=False):
        password_step(client, approver)
        response = client.post(VERIFY, {"code": "99999z"})
        assert response.status_code == 429
        assert "Tạm khóa đăng nhập" in response.content.decode()
        # the right password and the right code are refused now
        assert password_step(client, approver).status_code == 429
        assert client.post(VERIFY, {"code": code_for(device)}).status_code in (302, 429)
        assert not signed_in(client)
    assert AccessFailureLog.objects.filter(username="approver").count() >= 5


def test_throttled_after_a_wrong_code(client, approver):
    device = enrolled(approver)
    password_step(client, approver)
    with time_machine.travel(time.time(), tick=False) as traveller:
        wrong = "000000" if code_for(device) != "000000" else "111111"
        client.post(VERIFY, {"code": wrong})
        response = client.post(VERIFY, {"code": code_for(device)})
        assert response.status_code == 200
        assert "đợi vài giây" in response.content.decode()
        traveller.shift(datetime.timedelta(seconds=3))
        assert client.post(VERIFY, {"code": code_for(device)}).status_code == 302


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("", "bắt buộc"),
        ("   ", "bắt buộc"),
        ("x" * 10_000, "tối đa 32"),
        ("<script>", "chữ số hoặc chữ cái không dấu"),
        ("12 34 5é", "chữ số hoặc chữ cái không dấu"),
        ("\x00\x00\x00", "null"),
        ("１２３４５６", "chữ số hoặc chữ cái không dấu"),
        ("abcdefgh", "Mã không đúng"),
    ],
)
def test_odd_codes_are_refused_with_a_message(client, approver, code, message):
    enrolled(approver)
    password_step(client, approver)
    response = client.post(VERIFY, {"code": code})
    assert response.status_code == 200
    # listed in the messages box (Wagtail's login styles hide field errors)
    errors = re.findall(r'<li class="error">([^<]*)</li>', response.content.decode())
    assert len(errors) == 1
    assert message in errors[0]
    assert not signed_in(client)


def test_the_pending_step_expires(client, approver):
    device = enrolled(approver)
    start = time.time()
    with time_machine.travel(start, tick=False):
        password_step(client, approver)
    with time_machine.travel(start + 301, tick=False):
        response = client.post(VERIFY, {"code": code_for(device)})
        assert response.status_code == 302
        assert response["Location"] == "/admin/login/"
        assert not signed_in(client)


def test_optional_roles_sign_in_with_the_password(client, inspector):
    response = password_step(client, inspector)
    assert response["Location"] == "/admin/"
    assert signed_in(client)


def test_an_optional_user_who_enrolled_gets_the_code_step(client, inspector):
    enrolled(inspector)
    assert password_step(client, inspector)["Location"] == VERIFY


def test_requirement_off_means_password_only(client, settings, approver):
    settings.QMS_REQUIRE_2FA = False
    assert password_step(client, approver)["Location"] == "/admin/"


def test_superusers_are_required_too(client, superuser):
    assert password_step(client, superuser)["Location"] == ENROL


def test_a_session_without_the_second_factor_is_stopped(client, approver, inspector):
    client.force_login(approver)
    response = client.get("/admin/pages/")
    assert response.status_code == 302
    assert response["Location"] == ENROL
    # outside the admin it counts as anonymous: no API with half a login
    seen = []
    gate = TwoFactorGateMiddleware(lambda request: seen.append(request.user))
    request = RequestFactory().get("/api/v2/pages/")
    request.user = approver
    approver.is_verified = lambda: False
    gate(request)
    assert seen[0].is_anonymous
    enrolled(approver)
    assert client.get("/admin/")["Location"] == VERIFY
    client.force_login(inspector)
    assert client.get("/admin/").status_code == 200


def test_verify_page_without_a_login_goes_to_the_login(client):
    assert client.get(VERIFY)["Location"] == LOGIN
    assert client.get(ENROL)["Location"] == LOGIN
    assert client.post(VERIFY, {"code": "123456"})["Location"] == LOGIN


def test_optional_user_enrols_and_disables_from_the_account_page(client, inspector):
    client.force_login(inspector)
    page = client.get("/admin/account/")
    assert MANAGE in page.content.decode()
    assert "chưa bật" in client.get(MANAGE).content.decode()
    client.get(ENROL)
    device = TOTPDevice.objects.get(user=inspector)
    done = client.post(ENROL, {"code": code_for(device)})
    assert len(re.findall(r"<li><code>", done.content.decode())) == 10
    assert client.get(MANAGE).status_code == 200
    # a fresh set of backup codes replaces the old one
    old = set(StaticToken.objects.values_list("token", flat=True))
    fresh = client.post(MANAGE, {"action": "backup"})
    new = set(re.findall(r"<li><code>([a-z0-9]+)</code></li>", fresh.content.decode()))
    assert len(new) == 10
    assert not old & set(StaticToken.objects.values_list("token", flat=True))
    # turning it off needs a current code
    refused = client.post(MANAGE, {"action": "disable", "code": "abc"})
    assert refused.status_code == 200
    assert TOTPDevice.objects.filter(user=inspector).exists()
    with time_machine.travel(time.time() + 31, tick=False):
        client.post(MANAGE, {"action": "disable", "code": code_for(device)})
    assert not TOTPDevice.objects.filter(user=inspector).exists()
    assert not StaticDevice.objects.filter(user=inspector).exists()
    assert ModelLogEntry.objects.filter(action=DISABLE_ACTION).count() == 1
    assert ModelLogEntry.objects.filter(action=BACKUP_ACTION).count() == 1


def test_a_required_user_cannot_turn_it_off(client, approver):
    device = enrolled(approver)
    password_step(client, approver)
    client.post(VERIFY, {"code": code_for(device)})
    with time_machine.travel(time.time() + 31, tick=False):
        response = client.post(MANAGE, {"action": "disable", "code": code_for(device)})
    assert response.status_code == 302
    assert TOTPDevice.objects.filter(user=approver).exists()


def test_a_superuser_resets_someone_elses_two_factor(client, superuser, approver):
    enrolled(approver)
    enrolled(superuser)
    client.force_login(superuser)
    session = client.session
    # the superuser's own session is verified
    session["otp_device_id"] = TOTPDevice.objects.get(user=superuser).persistent_id
    session.save()
    url = f"/admin/xac-thuc-hai-buoc/nguoi-dung/{approver.pk}/dat-lai/"
    assert "Đặt lại" in client.get(url).content.decode()
    assert url in client.get("/admin/users/").content.decode()
    response = client.post(url)
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=approver).exists()
    entry = ModelLogEntry.objects.get(action=RESET_ACTION)
    assert (entry.user_id, entry.object_id) == (superuser.pk, str(approver.pk))
    assert (
        client.get("/admin/xac-thuc-hai-buoc/nguoi-dung/999999/dat-lai/").status_code
        == 404
    )
    # the approver must enrol again at the next login
    assert password_step(Client(), approver)["Location"] == ENROL


@pytest.mark.parametrize("persona", ["approver", "document_controller", "iso_reviewer"])
def test_only_superusers_reset(request, settings, persona, inspector):
    settings.QMS_REQUIRE_2FA = False
    enrolled(inspector)
    user = request.getfixturevalue(persona)
    client = Client()
    client.force_login(user)
    url = f"/admin/xac-thuc-hai-buoc/nguoi-dung/{inspector.pk}/dat-lai/"
    # Wagtail answers PermissionDenied in the admin with a redirect home
    assert client.get(url)["Location"] == "/admin/"
    assert client.post(url)["Location"] == "/admin/"
    assert TOTPDevice.objects.filter(user=inspector).exists()
    assert url not in client.get("/admin/").content.decode()


def test_anonymous_cannot_reach_the_two_factor_admin(client, inspector):
    url = f"/admin/xac-thuc-hai-buoc/nguoi-dung/{inspector.pk}/dat-lai/"
    assert client.post(url).status_code == 302
    assert client.get(MANAGE).status_code == 302
