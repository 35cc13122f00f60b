"""Document control (ISO 9001:2015 clause 7.5, Decision 19/2014/QĐ-TTg).

A legal register, controlled documents, their revisions with a three-person
approval, attachments and read acknowledgements. These are plain models (no
Wagtail drafts), so every one carries django-simple-history: the ISO reviewer's
trace page reads those history rows. State changes happen only in
``qms.documents.services``; the constraints below keep the invariants even if
someone bypasses the services.
"""

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from qms.documents.choices import DocumentType, RevisionStatus
from qms.folding import FoldedSearchMixin, FoldedTextField
from qms.storage import private_storage

#: Statuses of a revision that has been approved: its content is frozen.
APPROVED_STATUSES = (
    RevisionStatus.APPROVED,
    RevisionStatus.IN_FORCE,
    RevisionStatus.SUPERSEDED,
    RevisionStatus.OBSOLETE,
)


def _reason_field() -> models.TextField:
    """Change reasons are sentences (why a revision changed), not 100 characters."""
    return models.TextField(null=True)


class LegalText(FoldedSearchMixin, models.Model):
    """A law, decree, circular or decision that documents cite as their basis.

    When a text is amended or replaced, every document citing it must be
    updated within three months of the new text's effective date (Decision
    19/2014/QĐ-TTg); ``qms.documents.services.legal_text_mark_changed`` flags them.
    """

    number = models.CharField(
        _("số, ký hiệu"),
        max_length=120,
        unique=True,
        help_text=_("Ví dụ: Nghị định 63/2010/NĐ-CP."),
    )
    title = models.CharField(_("trích yếu"), max_length=500)
    issuing_body = models.CharField(_("cơ quan ban hành"), max_length=200)
    issued_on = models.DateField(_("ngày ban hành"))
    effective_on = models.DateField(_("ngày có hiệu lực"))
    amended_by = models.ForeignKey(
        "self",
        verbose_name=_("được sửa đổi, bổ sung bởi"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="amends",
    )
    replaced_by = models.ForeignKey(
        "self",
        verbose_name=_("được thay thế bởi"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaces",
    )

    #: Number, title and issuing body folded for the admin search (qms.folding).
    search_text = FoldedTextField(editable=False, blank=True, default="")

    folded_search_sources = ("number", "title", "issuing_body")

    history = HistoricalRecords(
        history_change_reason_field=_reason_field(), excluded_fields=["search_text"]
    )

    class Meta:
        verbose_name = _("văn bản pháp lý")
        verbose_name_plural = _("danh mục văn bản pháp lý")
        ordering = ["-issued_on", "number"]
        constraints = [
            models.CheckConstraint(
                condition=Q(issued_on__lte=F("effective_on")),
                name="legaltext_effective_after_issue",
                violation_error_message=_(
                    "Ngày có hiệu lực không được trước ngày ban hành."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(amended_by=F("pk")) & ~Q(replaced_by=F("pk")),
                name="legaltext_not_self_amended",
                violation_error_message=_(
                    "Văn bản không thể tự sửa đổi hoặc thay thế chính nó."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_current(self) -> bool:
        """False once another text replaces this one."""
        return self.replaced_by_id is None


class ControlledDocument(FoldedSearchMixin, models.Model):
    """A controlled document of the QMS: quality manual, process, form, record.

    The document holds what stays across revisions (code, owner, legal bases,
    review interval); the content lives in ``DocumentRevision``.
    """

    code = models.CharField(
        _("mã hiệu"),
        max_length=64,
        unique=True,
        help_text=_("Ví dụ: QT 02/CX-HCTP, BM 01."),
    )
    title = models.CharField(_("tên tài liệu"), max_length=300)
    doc_type = models.CharField(
        _("loại tài liệu"), max_length=16, choices=DocumentType.choices
    )
    owning_unit = models.ForeignKey(
        "qms.AdministrativeUnit",
        verbose_name=_("đơn vị chủ trì"),
        on_delete=models.PROTECT,
        related_name="controlled_documents",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người phụ trách"),
        on_delete=models.PROTECT,
        related_name="owned_documents",
    )
    procedure_codes = models.CharField(
        _("mã thủ tục hành chính"),
        max_length=500,
        blank=True,
        help_text=_(
            "Mã TTHC trên Cơ sở dữ liệu quốc gia, cách nhau bởi dấu phẩy "
            "(ví dụ: 1.001193, 1.000894)."
        ),
    )
    legal_bases = models.ManyToManyField(
        LegalText,
        verbose_name=_("căn cứ pháp lý"),
        blank=True,
        related_name="documents",
    )
    review_interval_months = models.PositiveSmallIntegerField(
        _("chu kỳ xem xét (tháng)"),
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    last_reviewed_on = models.DateField(
        _("ngày xem xét gần nhất"),
        null=True,
        blank=True,
        help_text=_("Đặt khi một lần ban hành có hiệu lực hoặc khi xem xét định kỳ."),
    )
    update_required_by = models.DateField(
        _("phải cập nhật trước ngày"),
        null=True,
        blank=True,
        help_text=_(
            "Văn bản pháp lý làm căn cứ đã thay đổi: cập nhật trong 3 tháng "
            "kể từ ngày văn bản mới có hiệu lực."
        ),
    )
    update_reason = models.CharField(
        _("lý do phải cập nhật"), max_length=500, blank=True
    )

    #: Code, title and procedure codes folded for the admin search: "chung
    #: thuc" finds "Chứng thực" (qms.folding, qms.admin_search).
    search_text = FoldedTextField(editable=False, blank=True, default="")

    folded_search_sources = ("code", "title", "procedure_codes")

    history = HistoricalRecords(
        m2m_fields=[legal_bases],
        history_change_reason_field=_reason_field(),
        excluded_fields=["search_text"],
    )

    #: Commune scope (qms.organisation.scoping): a document belongs to its owning unit.
    scope_unit_field = "owning_unit"

    class Meta:
        verbose_name = _("tài liệu kiểm soát")
        verbose_name_plural = _("tài liệu kiểm soát")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} – {self.title}"

    def procedure_code_list(self) -> list[str]:
        """National procedure codes as a list, in the order typed."""
        return [c.strip() for c in self.procedure_codes.split(",") if c.strip()]

    def review_due_on(self) -> datetime.date | None:
        """When the next periodic review is due, if it was ever reviewed."""
        if self.last_reviewed_on is None:
            return None
        return add_months(self.last_reviewed_on, self.review_interval_months)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """``day`` plus ``months`` calendar months, clamped to the month's last day."""
    month_index = day.month - 1 + months
    year = day.year + month_index // 12
    month = month_index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return datetime.date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover - 28 always exists


class DocumentRevision(models.Model):
    """One issue/revision of a controlled document, with its approval trail.

    Drafted, reviewed and approved by three different people; approved content
    is immutable and hashed into a per-document SHA-256 chain
    (``content_sha256`` covers the content and ``previous_sha256``).
    ``effective_date``/``ended_on`` say when it was in force, independently of
    whether the activation job has already updated ``status``.
    """

    document = models.ForeignKey(
        ControlledDocument,
        verbose_name=_("tài liệu"),
        on_delete=models.PROTECT,
        related_name="revisions",
    )
    issue_number = models.PositiveSmallIntegerField(
        _("lần ban hành"), validators=[MinValueValidator(1)]
    )
    revision_number = models.PositiveSmallIntegerField(_("lần sửa đổi"), default=0)
    effective_date = models.DateField(_("ngày hiệu lực"), null=True, blank=True)
    ended_on = models.DateField(
        _("hết hiệu lực từ ngày"),
        null=True,
        blank=True,
        help_text=_("Ngày lần ban hành sau có hiệu lực, hoặc ngày bị hủy bỏ."),
    )
    body = models.TextField(_("nội dung (Markdown)"), blank=True)
    status = models.CharField(
        _("trạng thái"),
        max_length=16,
        choices=RevisionStatus.choices,
        default=RevisionStatus.DRAFT,
        db_index=True,
    )
    change_what = models.TextField(_("nội dung sửa đổi"))
    change_where = models.CharField(_("vị trí sửa đổi"), max_length=300)
    change_why = models.TextField(_("lý do sửa đổi"))
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người soạn thảo"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    drafted_at = models.DateTimeField(_("ngày soạn thảo"), default=timezone.now)
    submitted_at = models.DateTimeField(_("ngày trình"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người xem xét"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("ngày xem xét"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người phê duyệt"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("ngày phê duyệt"), null=True, blank=True)
    reject_comment = models.TextField(_("ý kiến trả lại"), blank=True)
    content_sha256 = models.CharField(_("mã băm SHA-256"), max_length=64, blank=True)
    previous_sha256 = models.CharField(
        _("mã băm của lần trước"), max_length=64, blank=True
    )
    version = models.PositiveIntegerField(
        _("phiên bản lưu"),
        default=1,
        help_text=_("Khóa lạc quan: tăng mỗi lần lưu dự thảo."),
    )

    history = HistoricalRecords(history_change_reason_field=_reason_field())

    scope_unit_field = "document__owning_unit"

    class Meta:
        verbose_name = _("lần ban hành tài liệu")
        verbose_name_plural = _("lần ban hành tài liệu")
        ordering = ["document", "-issue_number", "-revision_number"]
        permissions = [
            ("review_documentrevision", _("Xem xét tài liệu")),
            ("approve_documentrevision", _("Phê duyệt tài liệu")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "issue_number", "revision_number"],
                name="revision_unique_number",
                violation_error_message=_("Tài liệu đã có lần ban hành với số này."),
            ),
            models.UniqueConstraint(
                fields=["document"],
                condition=Q(status=RevisionStatus.IN_FORCE),
                name="revision_one_in_force",
                violation_error_message=_(
                    "Mỗi tài liệu chỉ có một lần ban hành đang hiệu lực."
                ),
            ),
            models.CheckConstraint(
                condition=Q(reviewed_by__isnull=True) | ~Q(reviewed_by=F("drafted_by")),
                name="revision_reviewer_not_drafter",
                violation_error_message=_("Người xem xét phải khác người soạn thảo."),
            ),
            models.CheckConstraint(
                condition=Q(approved_by__isnull=True)
                | (~Q(approved_by=F("drafted_by")) & ~Q(approved_by=F("reviewed_by"))),
                name="revision_approver_independent",
                violation_error_message=_(
                    "Người phê duyệt phải khác người soạn thảo và người xem xét."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(status__in=APPROVED_STATUSES)
                | (
                    Q(approved_by__isnull=False)
                    & Q(reviewed_by__isnull=False)
                    & Q(effective_date__isnull=False)
                    & ~Q(content_sha256="")
                ),
                name="revision_approved_is_complete",
                violation_error_message=_(
                    "Lần ban hành đã phê duyệt phải có người xem xét, người phê "
                    "duyệt, ngày hiệu lực và mã băm."
                ),
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | Q(effective_date__isnull=True)
                | Q(ended_on__gte=F("effective_date")),
                name="revision_ends_after_start",
                violation_error_message=_(
                    "Ngày hết hiệu lực không được trước ngày hiệu lực."
                ),
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.document.code} – lần ban hành {self.issue_number:02d}"
            f", sửa đổi {self.revision_number:02d}"
        )

    @property
    def label(self) -> str:
        """Short label: ``BH 02 / SĐ 01``."""
        return f"BH {self.issue_number:02d} / SĐ {self.revision_number:02d}"

    @property
    def is_frozen(self) -> bool:
        """True once approved: the content can no longer change."""
        return self.status in APPROVED_STATUSES

    def in_force_on(self, day: datetime.date) -> bool:
        """Whether this revision was the one in force on ``day``."""
        return (
            self.approved_at is not None
            and self.effective_date is not None
            and self.effective_date <= day
            and (self.ended_on is None or self.ended_on > day)
        )


def attachment_upload_to(instance: "RevisionAttachment", filename: str) -> str:
    """Attachments live under their document's code, never overwritten."""
    return f"qms/documents/{instance.revision.document_id}/{filename}"


class RevisionAttachment(models.Model):
    """A file attached to a revision (usually a form template), with its hash."""

    revision = models.ForeignKey(
        DocumentRevision,
        verbose_name=_("lần ban hành"),
        on_delete=models.PROTECT,
        related_name="attachments",
    )
    title = models.CharField(_("tên tệp"), max_length=200)
    file = models.FileField(
        _("tệp"), upload_to=attachment_upload_to, storage=private_storage
    )
    sha256 = models.CharField(_("mã băm SHA-256"), max_length=64, editable=False)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"), editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tải lên"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("ngày tải lên"), auto_now_add=True)

    history = HistoricalRecords(history_change_reason_field=_reason_field())

    scope_unit_field = "revision__document__owning_unit"

    class Meta:
        verbose_name = _("tệp đính kèm")
        verbose_name_plural = _("tệp đính kèm")
        ordering = ["revision", "title"]

    def __str__(self) -> str:
        return self.title


class ReadAcknowledgement(models.Model):
    """A member of staff confirms having read a revision in force."""

    revision = models.ForeignKey(
        DocumentRevision,
        verbose_name=_("lần ban hành"),
        on_delete=models.PROTECT,
        related_name="acknowledgements",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người đọc"),
        on_delete=models.PROTECT,
        related_name="document_acknowledgements",
    )
    acknowledged_at = models.DateTimeField(_("thời điểm xác nhận"), auto_now_add=True)

    history = HistoricalRecords(history_change_reason_field=_reason_field())

    scope_unit_field = "revision__document__owning_unit"

    class Meta:
        verbose_name = _("xác nhận đã đọc")
        verbose_name_plural = _("xác nhận đã đọc")
        constraints = [
            models.UniqueConstraint(
                fields=["revision", "user"],
                name="acknowledgement_unique",
                violation_error_message=_("Người này đã xác nhận đã đọc."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.revision}"
