"""Signers' certificates (PKCS#12, private storage) and the signed-record trail."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from qms.signing.choices import SignedKind
from qms.storage import private_storage


def credential_upload_to(instance: "SigningCredential", filename: str) -> str:
    """A random name: the file's name says nothing and is never overwritten."""
    return f"qms/signing/{uuid.uuid4().hex}.p12"


class SigningCredential(models.Model):
    """A signer's certificate and key as a PKCS#12 file, for a user or a unit.

    The passphrase is not stored: whoever signs types it each time (as a
    token's PIN), so the file alone signs nothing. The certificate's facts
    are read once, when the file is added with its passphrase, to show and
    to check expiry without it. A unit's credential (the office's seal
    certificate) may be used by any member of that unit.
    """

    label = models.CharField(_("tên gọi"), max_length=200)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ký"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="signing_credentials",
    )
    unit = models.ForeignKey(
        "qms.AdministrativeUnit",
        verbose_name=_("đơn vị"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="signing_credentials",
    )
    file = models.FileField(
        _("tệp PKCS#12"), upload_to=credential_upload_to, storage=private_storage
    )
    subject = models.CharField(_("chủ thể chứng thư"), max_length=255)
    issuer = models.CharField(_("tổ chức cấp"), max_length=255)
    serial = models.CharField(_("số hiệu chứng thư"), max_length=100)
    fingerprint = models.CharField(_("dấu vân tay SHA-256"), max_length=64)
    not_before = models.DateTimeField(_("hiệu lực từ"))
    not_after = models.DateTimeField(_("hiệu lực đến"))
    active = models.BooleanField(_("đang dùng"), default=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thêm"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    added_at = models.DateTimeField(_("ngày thêm"), auto_now_add=True)

    history = HistoricalRecords(history_change_reason_field=models.TextField(null=True))

    class Meta:
        verbose_name = _("chứng thư số")
        verbose_name_plural = _("chứng thư số")
        ordering = ["label", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(user__isnull=False) & Q(unit__isnull=True))
                | (Q(user__isnull=True) & Q(unit__isnull=False)),
                name="signing_credential_user_or_unit",
                violation_error_message=_(
                    "Chứng thư số thuộc về một người hoặc một đơn vị, không cả hai."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.label} ({self.subject}, đến {self.not_after:%d/%m/%Y})"

    def pkcs12_data(self) -> bytes:
        """The PKCS#12 file's bytes (for ``qms.signing.pades.sign_pdf``)."""
        with self.file.open("rb") as handle:
            return handle.read()

    @property
    def owner_label(self) -> str:
        """Whose it is: the person's name or the unit's."""
        if self.user_id:
            return self.user.get_full_name() or self.user.get_username()
        return str(self.unit)


class SignedRecord(models.Model):
    """One signed PDF handed out: who, when, what, with which certificate.

    ``sha256`` is the hash of the signed file exactly as downloaded, so that an
    ISO reviewer can match a file shown to them with this trail. For a review
    pack, ``register_head`` is the document register's hash-chain head printed
    in the signed PDF (``qms.documents.services.integrity.register_head``):
    the chain anchored outside the database.
    """

    kind = models.CharField(_("loại"), max_length=30, choices=SignedKind.choices)
    object_ref = models.CharField(_("mã bản ghi"), max_length=100)
    object_label = models.CharField(_("bản ghi"), max_length=300)
    unit = models.ForeignKey(
        "qms.AdministrativeUnit",
        verbose_name=_("đơn vị"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    credential = models.ForeignKey(
        SigningCredential,
        verbose_name=_("chứng thư số"),
        on_delete=models.PROTECT,
        related_name="signed_records",
    )
    certificate_subject = models.CharField(_("chủ thể chứng thư"), max_length=255)
    certificate_serial = models.CharField(_("số hiệu chứng thư"), max_length=100)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ký"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    signed_at = models.DateTimeField(_("lúc ký"))
    reason = models.CharField(_("lý do"), max_length=200)
    location = models.CharField(_("nơi ký"), max_length=200, blank=True)
    level = models.CharField(_("mức PAdES"), max_length=10)
    filename = models.CharField(_("tên tệp"), max_length=200)
    sha256 = models.CharField(_("mã băm SHA-256 của tệp đã ký"), max_length=64)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"))
    register_head = models.CharField(
        _("đầu chuỗi băm sổ tài liệu"), max_length=64, blank=True
    )
    register_revisions = models.PositiveIntegerField(
        _("số lần ban hành trong chuỗi"), null=True, blank=True
    )

    history = HistoricalRecords(history_change_reason_field=models.TextField(null=True))

    scope_unit_field = "unit"

    class Meta:
        verbose_name = _("bản ghi đã ký số")
        verbose_name_plural = _("sổ ký số")
        ordering = ["-signed_at", "-pk"]
        indexes = [models.Index(fields=["kind", "object_ref"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.object_label} ({self.sha256[:12]}…)"
