"""The one place a PDF is digitally signed: PAdES with pyHanko.

``sign_pdf`` takes the bytes ``qms.pdf`` rendered and returns them signed
with the signer's PKCS#12 certificate, a visible signature block in
Vietnamese (signer, date, reason) on the last page. The passphrase is never
stored: the signer types it each time, as a token's PIN.

Level: PAdES B-B (``ETSI.CAdES.detached``, signing certificate attribute,
no timestamp), because no timestamp authority is reachable from here. With
``SIGNING_TSA_URL`` set, a timestamp from that RFC 3161 server is added
(PAdES B-T); long-term validation data (B-LT/B-LTA) needs revocation
information from the CA, which is out of reach too.

Refused before anything is signed, with a message a clerk understands
(``SigningError``): a file that is not PKCS#12, a wrong passphrase, a
certificate not yet valid or expired, one whose key usage does not allow
signatures.
"""

import asyncio
import datetime
import functools
import hashlib
import io
import tempfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding, pkcs12
from cryptography.x509.oid import NameOID
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from qms.pdf import font_dir

#: The signature block's place on the last A4 page (points, from bottom left):
#: inside the 20 mm bottom margin of qms/pdf/base.html, between the footer on
#: the left and the page counter on the right, clear of the page's own text.
STAMP_BOX = (290, 6, 500, 54)
STAMP_FONT_SIZE = 7


class SigningError(Exception):
    """A signature that must not be made; ``field`` names the form field."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class HasPkcs12(Protocol):
    """What ``sign_pdf`` needs from a credential (``SigningCredential``)."""

    def pkcs12_data(self) -> bytes: ...


@dataclass(frozen=True)
class CertificateFacts:
    """What a clerk and an ISO reviewer need to know about a certificate."""

    subject: str
    issuer: str
    serial: str
    not_before: datetime.datetime
    not_after: datetime.datetime
    fingerprint: str
    signs: bool


def _common_name(name: x509.Name) -> str:
    values = name.get_attributes_for_oid(NameOID.COMMON_NAME)
    return str(values[0].value) if values else name.rfc4514_string()


def _allows_signing(certificate: x509.Certificate) -> bool:
    """Key usage digitalSignature or nonRepudiation (contentCommitment).

    A certificate without the extension is refused too: a signing certificate
    from a CA always names its use, and a guess here is what ISO auditors ask about.
    """
    try:
        usage = certificate.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        return False
    return usage.digital_signature or usage.content_commitment


def certificate_facts(certificate: x509.Certificate) -> CertificateFacts:
    """Subject and issuer names, serial, validity, SHA-256 fingerprint, use."""
    return CertificateFacts(
        subject=_common_name(certificate.subject),
        issuer=_common_name(certificate.issuer),
        serial=f"{certificate.serial_number:X}",
        not_before=certificate.not_valid_before_utc,
        not_after=certificate.not_valid_after_utc,
        fingerprint=hashlib.sha256(certificate.public_bytes(Encoding.DER)).hexdigest(),
        signs=_allows_signing(certificate),
    )


def open_pkcs12(data: bytes, passphrase: str):
    """(key, certificate, other certificates) of a PKCS#12 file.

    Raises ``SigningError`` on the ``passphrase`` field for a wrong
    passphrase, on the ``pkcs12`` field for a file that is not PKCS#12 or
    holds no key and certificate.
    """
    if not data or data[:1] != b"\x30":
        raise SigningError(
            _("Tệp không phải là tệp chứng thư số PKCS#12 (.p12, .pfx)."),
            field="pkcs12",
        )
    try:
        key, certificate, others = pkcs12.load_key_and_certificates(
            data, passphrase.encode() if passphrase else None
        )
    except ValueError as error:
        text = str(error).lower()
        if "password" in text or "mac" in text or "decrypt" in text:
            raise SigningError(
                _("Mật khẩu chứng thư số không đúng: chưa ký."), field="passphrase"
            ) from error
        raise SigningError(
            _("Tệp không phải là tệp chứng thư số PKCS#12 (.p12, .pfx)."),
            field="pkcs12",
        ) from error
    if key is None or certificate is None:
        raise SigningError(
            _("Tệp PKCS#12 không chứa khóa bí mật và chứng thư số của người ký."),
            field="pkcs12",
        )
    return key, certificate, list(others)


def check_certificate(
    certificate: x509.Certificate, *, at: datetime.datetime | None = None
) -> CertificateFacts:
    """Refuse (``SigningError``) a certificate that cannot sign at ``at``."""
    facts = certificate_facts(certificate)
    at = at or timezone.now()
    local = timezone.localtime
    if at < facts.not_before:
        raise SigningError(
            _("Chứng thư số chưa có hiệu lực (từ %(day)s): chưa ký.")
            % {"day": f"{local(facts.not_before):%d/%m/%Y}"}
        )
    if at > facts.not_after:
        raise SigningError(
            _("Chứng thư số đã hết hạn ngày %(day)s: chưa ký.")
            % {"day": f"{local(facts.not_after):%d/%m/%Y}"}
        )
    if not facts.signs:
        raise SigningError(
            _(
                "Chứng thư số không được cấp cho mục đích ký số (thiếu "
                "“digitalSignature” trong Key Usage): chưa ký."
            )
        )
    return facts


@functools.cache
def stamp_font_path() -> Path:
    """A TrueType Be Vietnam Pro with Latin and Vietnamese glyphs for the stamp.

    ``site/static/fonts`` ships the font split in two subsets (for the web);
    pyHanko needs one font file, so the two are merged once per process.
    """
    from fontTools.merge import Merger  # noqa: PLC0415
    from fontTools.ttLib import TTFont  # noqa: PLC0415

    folder = Path(tempfile.mkdtemp(prefix="qms-stamp-font-"))
    parts = []
    for subset in ("latin", "vietnamese"):
        font = TTFont(font_dir() / f"be-vietnam-pro-{subset}-400-normal.woff")
        font.flavor = None
        path = folder / f"{subset}.ttf"
        font.save(path)
        parts.append(str(path))
    merged = folder / "be-vietnam-pro-400.ttf"
    Merger().merge(parts).save(merged)
    return merged


def stamp_text(
    *, signer: str, signed_at: datetime.datetime, reason: str, location: str
) -> str:
    """The visible block: who signed, when (dd/mm/yyyy, local time), why, where."""
    lines = [
        _("Ký số bởi: %(signer)s") % {"signer": signer},
        _("Ngày ký: %(when)s")
        % {"when": f"{timezone.localtime(signed_at):%d/%m/%Y %H:%M}"},
        _("Lý do: %(reason)s") % {"reason": reason},
    ]
    if location:
        lines.append(_("Nơi ký: %(place)s") % {"place": location})
    return "\n".join(lines)


def _timestamper():
    url = getattr(settings, "SIGNING_TSA_URL", "")
    if not url:
        return None
    from pyhanko.sign.timestamps import HTTPTimeStamper  # noqa: PLC0415

    return HTTPTimeStamper(url)


def sign_pdf(
    pdf_bytes: bytes,
    *,
    credential: HasPkcs12,
    passphrase: str,
    reason: str,
    location: str = "",
    field_name: str = "KySo1",
) -> bytes:
    """``pdf_bytes`` signed (PAdES B-B, B-T with a TSA) with ``credential``.

    Raises ``SigningError`` (nothing signed) for a wrong passphrase or a
    certificate that cannot sign now; the visible block goes on the last page.
    """
    from pyhanko.pdf_utils import layout, text  # noqa: PLC0415
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory  # noqa: PLC0415
    from pyhanko.pdf_utils.incremental_writer import (  # noqa: PLC0415
        IncrementalPdfFileWriter,
    )
    from pyhanko.sign import fields, signers  # noqa: PLC0415
    from pyhanko.stamp import TextStampStyle  # noqa: PLC0415

    data = credential.pkcs12_data()
    _key, certificate, _others = open_pkcs12(data, passphrase)
    check_certificate(certificate)
    signer = signers.SimpleSigner.load_pkcs12_data(
        data, other_certs=[], passphrase=passphrase.encode()
    )
    facts = certificate_facts(certificate)
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf_bytes), strict=False)
    last_page = int(writer.root["/Pages"]["/Count"]) - 1
    style = TextStampStyle(
        stamp_text=stamp_text(
            signer=facts.subject,
            signed_at=timezone.now(),
            reason=reason,
            location=location,
        ).replace("%", "%%"),
        text_box_style=text.TextBoxStyle(
            font=GlyphAccumulatorFactory(
                str(stamp_font_path()), font_size=STAMP_FONT_SIZE
            ),
            font_size=STAMP_FONT_SIZE,
            leading=STAMP_FONT_SIZE + 2,
            box_layout_rule=layout.SimpleBoxLayoutRule(
                x_align=layout.AxisAlignment.ALIGN_MIN,
                y_align=layout.AxisAlignment.ALIGN_MID,
                margins=layout.Margins(left=6, right=4),
            ),
        ),
        border_width=1,
        background=None,
    )
    meta = signers.PdfSignatureMetadata(
        field_name=field_name,
        reason=reason,
        location=location or None,
        name=facts.subject,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
    )
    output = io.BytesIO()
    pdf_signer = signers.PdfSigner(
        meta,
        signer=signer,
        timestamper=_timestamper(),
        stamp_style=style,
        new_field_spec=fields.SigFieldSpec(
            sig_field_name=field_name, on_page=last_page, box=STAMP_BOX
        ),
    )
    _outside_event_loop(lambda: pdf_signer.sign_pdf(writer, output=output))
    return output.getvalue()


def _outside_event_loop(work: Callable[[], object]) -> None:
    """Run ``work`` (pyHanko's sync API calls ``asyncio.run``) where it can.

    In a thread that already runs an event loop (an ASGI worker, or a test
    process after Playwright's browser tests) ``asyncio.run`` refuses: the
    signing then runs in a short-lived worker thread.
    """
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        work()
        return
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(work).result()
