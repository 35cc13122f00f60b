"""Writes of signing: adding a certificate, signing a printout and recording it."""

import datetime
import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qms.documents.services import RegisterHead, register_head
from qms.signing.choices import SignedKind
from qms.signing.models import SignedRecord, SigningCredential
from qms.signing.pades import SigningError, check_certificate, open_pkcs12, sign_pdf
from qms.signing.selectors import credentials_for
from qms.uploads import PKCS12, check_upload


def _as_validation_error(error: SigningError) -> ValidationError:
    if error.field:
        return ValidationError({error.field: [error.message]})
    return ValidationError(error.message)


@transaction.atomic
def credential_add(
    *,
    upload: File,
    passphrase: str,
    label: str,
    added_by,
    user=None,
    unit=None,
    at: datetime.datetime | None = None,
) -> SigningCredential:
    """Keep a PKCS#12 file for ``user`` or ``unit``, its certificate checked.

    The passphrase opens the file once, to check that it holds a key and a
    certificate valid now and made for signing; it is not kept. Refused with
    a ``ValidationError`` naming the field; nothing is saved then.
    """
    if (user is None) == (unit is None):
        raise ValidationError(
            _("Chứng thư số thuộc về một người hoặc một đơn vị, không cả hai.")
        )
    try:
        check_upload(upload, PKCS12)
    except ValidationError as error:
        raise ValidationError({"pkcs12": error.messages}) from error
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    try:
        _key, certificate, _others = open_pkcs12(data, passphrase)
        facts = check_certificate(certificate, at=at)
    except SigningError as error:
        raise _as_validation_error(error) from error
    credential = SigningCredential(
        label=label,
        user=user,
        unit=unit,
        subject=facts.subject[:255],
        issuer=facts.issuer[:255],
        serial=facts.serial[:100],
        fingerprint=facts.fingerprint,
        not_before=facts.not_before,
        not_after=facts.not_after,
        added_by=added_by,
    )
    credential.file.save("chung-thu.p12", upload, save=False)
    credential._change_reason = _("Thêm chứng thư số %(subject)s") % {
        "subject": facts.subject
    }
    credential.save()
    return credential


@dataclass(frozen=True)
class SignSubject:
    """One printout that can be signed, as the app that owns it describes it.

    ``render`` makes the PDF; it receives the register head when
    ``anchor_register`` (review packs print it), else ``None``. The caller
    has already checked that the user may see the record.
    """

    kind: str
    object_ref: str
    object_label: str
    filename: str
    render: Callable[[RegisterHead | None], bytes]
    default_reason: str
    unit: object = None
    anchor_register: bool = False

    @property
    def kind_label(self) -> str:
        """The kind's name, for the signing form."""
        return str(SignedKind(self.kind).label)


def signing_level() -> str:
    """PAdES B-T with a timestamp authority configured, else B-B."""
    return "B-T" if settings.SIGNING_TSA_URL else "B-B"


@transaction.atomic
def record_sign(
    *,
    subject: SignSubject,
    credential: SigningCredential,
    passphrase: str,
    reason: str,
    location: str,
    user,
) -> tuple[bytes, SignedRecord]:
    """Render, sign and record ``subject``; return the signed PDF and its record.

    The credential must be the signer's own or one of their units'
    (``PermissionDenied`` otherwise); a wrong passphrase or a certificate
    that cannot sign now is a ``ValidationError`` and nothing is recorded.
    """
    if not credentials_for(user).filter(pk=credential.pk).exists():
        raise PermissionDenied(
            _("Chứng thư số này không thuộc về anh/chị hay đơn vị của anh/chị.")
        )
    anchor = register_head() if subject.anchor_register else None
    pdf = subject.render(anchor)
    try:
        signed = sign_pdf(
            pdf,
            credential=credential,
            passphrase=passphrase,
            reason=reason,
            location=location,
        )
    except SigningError as error:
        raise _as_validation_error(error) from error
    record = SignedRecord(
        kind=subject.kind,
        object_ref=subject.object_ref,
        object_label=subject.object_label[:300],
        unit=subject.unit,
        credential=credential,
        certificate_subject=credential.subject,
        certificate_serial=credential.serial,
        signed_by=user,
        signed_at=timezone.now(),
        reason=reason,
        location=location,
        level=signing_level(),
        filename=subject.filename,
        sha256=hashlib.sha256(signed).hexdigest(),
        size=len(signed),
        register_head=anchor.digest if anchor else "",
        register_revisions=anchor.revisions if anchor else None,
    )
    record._change_reason = _("Ký số %(what)s") % {"what": subject.object_label}
    record.save()
    return signed, record
