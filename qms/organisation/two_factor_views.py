"""Two-factor pages: the code step and enrolment after the password, a
person's own two-factor settings, and a superuser's reset of someone else's.

The code step and enrolment are open to a *pending* person (right password,
no code yet) and are routed in config/urls.py beside the login; the other two
are admin views (``two_factor_admin_urls``, registered by wagtail_hooks.py, so
Wagtail's admin-access check runs first).
"""

import segno
from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import login as auth_login
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticToken

from qms.organisation.forms import TotpEnrolForm, TwoFactorCodeForm
from qms.organisation.lockout import lockout_response
from qms.organisation.two_factor import (
    Pending,
    backup_codes_create,
    pending_clear,
    pending_get,
    totp_device_for_enrolment,
    totp_enrol_confirm,
    totp_secret_text,
    two_factor_enabled,
    two_factor_remove,
    two_factor_required,
    two_factor_throttled,
    two_factor_verify,
)

WRONG_CODE = gettext_lazy("Mã không đúng hoặc đã dùng. Vui lòng thử lại.")


def _identity(request) -> tuple[object | None, Pending | None]:
    """Who is taking the step: the pending person, else the signed-in user."""
    pending = pending_get(request)
    if pending is not None:
        return pending.user, pending
    if request.user.is_authenticated:
        return request.user, None
    return None, None


def _finish(request, pending: Pending | None, device) -> str:
    """Sign the pending person in, verified by ``device``; where to go next."""
    if pending is None:
        otp_login(request, device)
        return reverse("wagtailadmin_home")
    auth_login(request, pending.user, backend=pending.backend)
    otp_login(request, device)
    request.session.set_expiry(settings.SESSION_COOKIE_AGE if pending.remember else 0)
    pending_clear(request)
    return pending.next_url


def _code_error(throttled: bool) -> str:
    """Why a code was refused; ``throttled`` is the state before trying it."""
    if throttled:
        return _("Vừa nhập sai mã: vui lòng đợi vài giây rồi nhập lại.")
    return str(WRONG_CODE)


@never_cache
@sensitive_post_parameters("code")
@require_http_methods(["GET", "POST"])
def verify(request):
    """Second step: a code from the app, or a backup code.

    Every wrong code counts as a failed login for django-axes, with the
    password's failures: the fifth locks the username + address pair.
    """
    user, pending = _identity(request)
    if user is None or not two_factor_enabled(user):
        return redirect("wagtailadmin_login")
    if pending is None and request.user.is_verified():
        return redirect("wagtailadmin_home")
    credentials = {"username": user.get_username()}
    form = TwoFactorCodeForm(request.POST or None)
    if request.method == "POST":
        if AxesProxyHandler.is_locked(request, credentials):
            pending_clear(request)
            return lockout_response(request, None, credentials)
        if form.is_valid():
            code = form.cleaned_data["code"]
            throttled = two_factor_throttled(user, code)
            device = two_factor_verify(user=user, token=code)
            if device is not None:
                return redirect(_finish(request, pending, device))
            form.add_error("code", _code_error(throttled))
        user_login_failed.send(
            sender=__name__, credentials=credentials, request=request
        )
        if getattr(request, "axes_locked_out", False):
            pending_clear(request)  # AxesMiddleware answers with the lockout page
    return render(
        request,
        "qms/auth/verify.html",
        {"form": form, "username": user.get_username()},
    )


@never_cache
@sensitive_post_parameters("code")
@require_http_methods(["GET", "POST"])
def enrol(request):
    """Set up an authenticator app: QR code, secret as text, a first code.

    Then the backup codes, shown this once. A pending person who must use
    two-factor is signed in only when this is done.
    """
    user, pending = _identity(request)
    if user is None:
        return redirect("wagtailadmin_login")
    if two_factor_enabled(user):
        return redirect("qms_2fa_verify" if pending else "qms_2fa_manage")
    device = totp_device_for_enrolment(user)
    form = TotpEnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        throttled = two_factor_throttled(user, form.cleaned_data["code"])
        codes = totp_enrol_confirm(device=device, token=form.cleaned_data["code"])
        if codes is not None:
            next_url = _finish(request, pending, device)
            if pending is None:
                next_url = reverse("qms_2fa_manage")
            return render(
                request,
                "qms/auth/backup_codes.html",
                {"codes": codes, "next_url": next_url},
            )
        form.add_error("code", _code_error(throttled))
    qr = segno.make(device.config_url, error="m")
    return render(
        request,
        "qms/auth/enrol.html",
        {
            "form": form,
            "required": two_factor_required(user),
            "qr_svg": mark_safe(  # noqa: S308 - segno's own SVG of our otpauth URL
                qr.svg_inline(scale=5, title=_("Mã QR để cài ứng dụng xác thực"))
            ),
            "secret": totp_secret_text(device),
            "username": user.get_username(),
        },
    )


@never_cache
@sensitive_post_parameters("code")
@require_http_methods(["GET", "POST"])
def manage(request):
    """A person's own two-factor: status, new backup codes, turn it off.

    Turning it off needs a current code, and is refused where it is required.
    """
    user = request.user
    enabled = two_factor_enabled(user)
    required = two_factor_required(user)
    form = TwoFactorCodeForm(request.POST or None)
    if request.method == "POST" and enabled:
        action = request.POST.get("action")
        if action == "backup":
            codes = backup_codes_create(user=user, by=user)
            return render(
                request,
                "qms/auth/backup_codes.html",
                {"codes": codes, "next_url": reverse("qms_2fa_manage")},
            )
        if action == "disable" and required:
            messages.error(request, _("Vai trò của bạn bắt buộc xác thực hai bước."))
            return redirect("qms_2fa_manage")
        if action == "disable" and form.is_valid():
            throttled = two_factor_throttled(user, form.cleaned_data["code"])
            if two_factor_verify(user=user, token=form.cleaned_data["code"]):
                two_factor_remove(user=user, by=user)
                messages.success(request, _("Đã tắt xác thực hai bước."))
                return redirect("qms_2fa_manage")
            form.add_error("code", _code_error(throttled))
    if request.method == "POST" and not enabled:
        return redirect("qms_2fa_manage")
    return render(
        request,
        "qms/auth/manage.html",
        {
            "enabled": enabled,
            "required": required,
            "form": form,
            "header_title": _("Xác thực hai bước"),
            "backup_left": StaticToken.objects.filter(
                device__user=user, device__confirmed=True
            ).count(),
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def reset_user(request, pk: int):
    """A superuser removes another person's two-factor (lost phone); logged."""
    if not request.user.is_superuser:
        raise PermissionDenied
    target = get_object_or_404(get_user_model(), pk=pk)
    if request.method == "POST":
        removed = two_factor_remove(user=target, by=request.user)
        messages.success(
            request,
            _("Đã đặt lại xác thực hai bước của %(user)s (%(count)d thiết bị).")
            % {"user": target.get_username(), "count": removed},
        )
        return redirect("wagtailusers_users:index")
    return render(
        request,
        "qms/auth/reset_confirm.html",
        {
            "target": target,
            "enabled": two_factor_enabled(target),
            "header_title": _("Đặt lại xác thực hai bước"),
        },
    )


login_step_urls = [
    path("ma-xac-thuc/", verify, name="qms_2fa_verify"),
    path("bat-xac-thuc/", enrol, name="qms_2fa_enrol"),
]
two_factor_admin_urls = [
    path("xac-thuc-hai-buoc/", manage, name="qms_2fa_manage"),
    path(
        "xac-thuc-hai-buoc/nguoi-dung/<int:pk>/dat-lai/",
        reset_user,
        name="qms_2fa_reset_user",
    ),
]
