"""Two-factor login (TOTP, one-time backup codes): who needs it, and its writes.

A password alone signs nobody in when two-factor applies to them: the login
view keeps the person *pending* in the session (``PENDING_KEY``) until they
give a code (or, required but not enrolled yet, enrol). The gate middleware
covers sessions that were signed in some other way: under ``/admin/`` it sends
them to the code or enrolment step, elsewhere it treats them as anonymous, so
no API or private-file view sees a half-signed-in user.
"""

import time
from base64 import b32encode
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils.functional import LazyObject, empty
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.log_actions import log

from qms.organisation.roles import APPROVER, DOCUMENT_CONTROLLER

PENDING_KEY = "qms_2fa_pending"
#: Seconds a person may take between their password and their code.
PENDING_SECONDS = 300
BACKUP_CODE_COUNT = 10
ENROL_ACTION = "qms.two_factor_enrol"
DISABLE_ACTION = "qms.two_factor_disable"
RESET_ACTION = "qms.two_factor_reset"
BACKUP_ACTION = "qms.two_factor_backup_codes"
REQUIRED_GROUPS = (APPROVER.group_name, DOCUMENT_CONTROLLER.group_name)


def _concrete(obj):
    """The model instance behind ``request.user``'s lazy wrappers.

    django-otp wraps Django's lazy user in another one; Wagtail's log registry
    unwraps only one level and would silently log nothing.
    """
    while isinstance(obj, LazyObject):
        if obj._wrapped is empty:
            obj._setup()
        obj = obj._wrapped
    return obj


def _log(*, user, action: str, by) -> None:
    log(instance=_concrete(user), action=action, user=_concrete(by))


def two_factor_required(user) -> bool:
    """Whether ``user`` must use two-factor (setting ``QMS_REQUIRE_2FA``)."""
    if not settings.QMS_REQUIRE_2FA or not user.is_authenticated:
        return False
    return user.is_superuser or user.groups.filter(name__in=REQUIRED_GROUPS).exists()


def two_factor_enabled(user) -> bool:
    """Whether ``user`` has a confirmed authenticator app."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def two_factor_applies(user) -> bool:
    """Whether a code (or enrolment) must follow ``user``'s password."""
    return two_factor_enabled(user) or two_factor_required(user)


@dataclass(frozen=True)
class Pending:
    """A person who gave the right password and still owes a code."""

    user: object
    backend: str
    next_url: str
    remember: bool


def pending_start(
    request: HttpRequest, *, user, backend: str, next_url: str, remember: bool
) -> None:
    """Remember in the session that ``user`` passed the password step."""
    request.session[PENDING_KEY] = {
        "user_id": user.pk,
        "backend": backend,
        "next": next_url,
        "remember": remember,
        "started": time.time(),
    }


def pending_get(request: HttpRequest) -> Pending | None:
    """The pending person of this session, unless it expired or left."""
    data = request.session.get(PENDING_KEY)
    if not isinstance(data, dict):
        return None
    if time.time() - data.get("started", 0) > PENDING_SECONDS:
        request.session.pop(PENDING_KEY, None)
        return None
    user = get_user_model().objects.filter(pk=data.get("user_id"), is_active=True)
    user = user.first()
    if user is None:
        return None
    return Pending(user, data["backend"], data["next"], bool(data["remember"]))


def pending_clear(request: HttpRequest) -> None:
    request.session.pop(PENDING_KEY, None)


def totp_device_for_enrolment(user) -> TOTPDevice:
    """The user's unconfirmed authenticator, made once so the QR code stays put."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(
            user=user, name="Ứng dụng xác thực", confirmed=False
        )
    return device


def totp_secret_text(device: TOTPDevice) -> str:
    """The secret in base32, in groups of four, for typing into an app."""
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def _normalise(token: str) -> str:
    return "".join(token.split()).lower()


def _is_totp_code(token: str) -> bool:
    return len(token) == 6 and token.isascii() and token.isdigit()


@transaction.atomic
def backup_codes_create(*, user, by=None) -> list[str]:
    """New one-time backup codes for ``user`` (the old ones stop working)."""
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name="backup", defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(
        [StaticToken(device=device, token=code) for code in codes]
    )
    if by is not None:
        _log(user=user, action=BACKUP_ACTION, by=by)
    return codes


@transaction.atomic
def totp_enrol_confirm(*, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm ``device`` with a code from the app; return new backup codes.

    ``None`` when the code is wrong (or the device is throttled after wrong
    codes: django-otp doubles the wait after each failure).
    """
    token = _normalise(token)
    if not _is_totp_code(token) or not device.verify_token(token):
        return None
    user = device.user
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    _log(user=user, action=ENROL_ACTION, by=user)
    return backup_codes_create(user=user)


def two_factor_verify(*, user, token: str) -> Device | None:
    """The confirmed device that accepts ``token``: a 6-digit code or a backup code.

    Each device throttles itself after failures; a code is only tried against
    the kind of device it can belong to, so one typo does not throttle both.
    """
    token = _normalise(token)
    if not token or len(token) > 16:
        return None
    model = TOTPDevice if _is_totp_code(token) else StaticDevice
    devices = model.objects.filter(user=user, confirmed=True)
    with transaction.atomic():
        for device in devices.select_for_update():
            if device.verify_token(token):
                return device
    return None


def two_factor_throttled(user, token: str) -> bool:
    """Whether the devices ``token`` would be tried on wait after wrong codes."""
    model = TOTPDevice if _is_totp_code(_normalise(token)) else StaticDevice
    devices = list(model.objects.filter(user=user))
    return bool(devices) and not any(d.verify_is_allowed()[0] for d in devices)


@transaction.atomic
def two_factor_remove(*, user, by) -> int:
    """Remove ``user``'s authenticator and backup codes; recorded in the log.

    ``by`` is the user themself (turning optional two-factor off) or a
    superuser resetting someone who lost their phone. Returns devices removed.
    """
    totp, _ = TOTPDevice.objects.filter(user=user).delete()
    static, _ = StaticDevice.objects.filter(user=user).delete()
    action = DISABLE_ACTION if by.pk == user.pk else RESET_ACTION
    _log(user=user, action=action, by=by)
    return totp + static


class TwoFactorGateMiddleware:
    """Signed-in but not verified where two-factor applies: no way in.

    Under ``/admin/`` such a session is sent to the code step (or enrolment);
    anywhere else it is served as anonymous. The login, logout and two-factor
    pages themselves stay open. Goes after django-otp's OTPMiddleware.
    """

    OPEN_PREFIXES = ("/admin/login/", "/admin/logout/", "/admin/jsi18n/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and not user.is_verified()
            and not request.path_info.startswith(self.OPEN_PREFIXES)
            and two_factor_applies(user)
        ):
            if request.path_info.startswith("/admin/"):
                step = "qms_2fa_verify" if two_factor_enabled(user) else "qms_2fa_enrol"
                return HttpResponseRedirect(reverse(step))
            request.user = AnonymousUser()
        return self.get_response(request)
