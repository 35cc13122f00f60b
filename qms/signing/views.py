"""Admin screens of signing: the signing form of each printout, the trail,
and a person's certificates.

``sign_page`` is the one signing form: the app that owns a printout checks
that the user may see it, describes it as a ``SignSubject`` and hands it here.
"""

import re

from anyascii import anyascii
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from qms.permissions import require_perm
from qms.signing import selectors, services
from qms.signing.forms import CredentialForm, SignForm

VIEW_SIGNED = "qms.view_signedrecord"
ADD_CREDENTIAL = "qms.add_signingcredential"
#: Form fields a service error may name; others go to the form as a whole.
_ERROR_FIELDS = {"passphrase": "passphrase", "pkcs12": "credential"}


def _render(request, template: str, title: str, **context) -> TemplateResponse:
    context.update(page_title=title, header_icon="key")
    return TemplateResponse(request, f"qms/signing/{template}", context)


def _add_errors(form, error: ValidationError, fields: dict[str, str]) -> None:
    if hasattr(error, "error_dict"):
        for key, errors in error.error_dict.items():
            for item in errors:
                form.add_error(fields.get(key), item.messages[0])
    else:
        for message in error.messages:
            form.add_error(None, message)


def signed_filename(filename: str) -> str:
    """``QT-07-BH01-SD00.pdf`` → ``QT-07-BH01-SD00-ky-so.pdf`` (ASCII)."""
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", anyascii(filename)).strip("-")
    stem = stem.removesuffix(".pdf") or "ban-ghi"
    return f"{stem}-ky-so.pdf"


def sign_page(
    request, subject: services.SignSubject, *, back_url: str, location: str = ""
) -> HttpResponse:
    """GET: the signing form; POST: the signed PDF as a download, or the errors.

    The signer picks one of their certificates (their own or their unit's),
    types its passphrase, and may change the reason and place.
    """
    form = SignForm(
        request.POST or None,
        user=request.user,
        initial={"reason": subject.default_reason, "location": location},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            signed, record = services.record_sign(
                subject=subject,
                credential=data["credential"],
                passphrase=data["passphrase"],
                reason=data["reason"],
                location=data["location"],
                user=request.user,
            )
        except ValidationError as error:
            _add_errors(form, error, _ERROR_FIELDS)
        except PermissionDenied as error:
            form.add_error("credential", str(error))
        else:
            response = HttpResponse(signed, content_type="application/pdf")
            response["Content-Disposition"] = content_disposition_header(
                as_attachment=True, filename=signed_filename(subject.filename)
            )
            response["X-Signed-SHA256"] = record.sha256
            return response
    response = _render(
        request,
        "sign.html",
        _("Ký số: %(what)s") % {"what": subject.object_label},
        form=form,
        subject=subject,
        back_url=back_url,
        has_credentials=form.fields["credential"].queryset.exists(),
        level=services.signing_level(),
        records=selectors.signed_records_of(
            request.user, kind=subject.kind, object_ref=subject.object_ref
        )[:20],
    )
    if request.method == "POST":
        response.status_code = 400
    return response


def records_index(request):
    """Sổ ký số: every signed PDF in the reader's scope, who, when, its hash."""
    require_perm(request.user, VIEW_SIGNED)
    return _render(
        request,
        "records.html",
        _("Sổ ký số"),
        records=selectors.signed_records_for(request.user)[:200],
    )


def record_detail(request, pk: int):
    """One signed PDF's record and its history (404 outside the reader's scope)."""
    require_perm(request.user, VIEW_SIGNED)
    record = get_object_or_404(selectors.signed_records_for(request.user), pk=pk)
    return _render(
        request,
        "record.html",
        str(record),
        record=record,
        history=record.history.select_related("history_user").order_by("history_date"),
    )


def my_credentials(request):
    """The certificates a person may sign with, and a form to add their own
    (an administrator may add a unit's organisation certificate too)."""
    require_perm(request.user, ADD_CREDENTIAL)
    for_units = request.user.is_superuser
    form = CredentialForm(
        request.POST or None, request.FILES or None, for_units=for_units
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        unit = data.get("unit") if for_units else None
        try:
            services.credential_add(
                upload=data["pkcs12"],
                passphrase=data["passphrase"],
                label=data["label"],
                added_by=request.user,
                user=None if unit else request.user,
                unit=unit,
            )
        except ValidationError as error:
            _add_errors(form, error, {"pkcs12": "pkcs12", "passphrase": "passphrase"})
        else:
            return redirect("qms_signing:credentials")
    response = _render(
        request,
        "credentials.html",
        _("Chứng thư số của tôi"),
        form=form,
        for_units=for_units,
        credentials=selectors.credentials_for(request.user),
    )
    if request.method == "POST":
        response.status_code = 400
    return response
