"""Nonconformities raised from a visit, their corrective actions and the
verifications of those actions (ISO 9001:2015 10.2)."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from audits.inspections.choices import (
    ActionStatus,
    C26Item,
    Grade,
    NonconformityStatus,
    ReformArea,
)
from audits.inspections.models.visits import Inspection, VisitAnswer
from qms.folding import FoldedSearchMixin, FoldedTextField
from qms.history import reason_field


class Nonconformity(FoldedSearchMixin, models.Model):
    """A nonconformity (ISO 9001:2015 10.2), raised from an inspection visit or
    from another source: a missed quality objective, a citizen complaint.

    ``unit`` is the nonconforming unit (the inspected unit for a visit) and the
    scope of the record. A visit's nonconformities are numbered per inspection;
    the others per unit, and their ``source`` names the record that raised them.
    """

    inspection = models.ForeignKey(
        Inspection,
        verbose_name=_("cuộc kiểm tra"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="nonconformities",
    )
    unit = models.ForeignKey(
        "qms.AdministrativeUnit",
        verbose_name=_("đơn vị"),
        on_delete=models.PROTECT,
        related_name="nonconformities",
    )
    source_type = models.ForeignKey(
        ContentType,
        verbose_name=_("loại nguồn"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    source_id = models.PositiveBigIntegerField(_("mã nguồn"), null=True, blank=True)
    source = GenericForeignKey("source_type", "source_id")
    source_label = models.CharField(
        _("nguồn phát hiện"),
        max_length=255,
        blank=True,
        help_text=_("Ví dụ: Mục tiêu chất lượng năm 2022: tỷ lệ hồ sơ đúng hạn."),
    )
    answer = models.ForeignKey(
        VisitAnswer,
        verbose_name=_("phát hiện"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="nonconformities",
    )
    number = models.PositiveSmallIntegerField(_("số thứ tự"))
    iso_clause = models.CharField(
        _("điều khoản ISO 9001:2015"), max_length=16, blank=True
    )
    c26_item = models.CharField(
        _("nội dung theo Thông tư 26"),
        max_length=24,
        choices=C26Item.choices,
        blank=True,
    )
    reform_area = models.CharField(
        _("lĩnh vực cải cách hành chính"),
        max_length=24,
        choices=ReformArea.choices,
        blank=True,
    )
    grade = models.CharField(_("mức độ"), max_length=8, choices=Grade.choices)
    description = models.TextField(_("mô tả"))
    evidence = models.TextField(_("bằng chứng khách quan"), blank=True)
    status = models.CharField(
        _("trạng thái"),
        max_length=8,
        choices=NonconformityStatus.choices,
        default=NonconformityStatus.OPEN,
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người lập"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    raised_at = models.DateTimeField(_("lập lúc"), auto_now_add=True)
    closed_at = models.DateTimeField(_("đóng lúc"), null=True, blank=True)

    #: Accent-folded description, evidence, clause and source: staff search.
    search_text = FoldedTextField(editable=False, blank=True, default="")
    folded_search_sources = ("description", "evidence", "iso_clause", "source_label")

    history = HistoricalRecords(
        history_change_reason_field=reason_field(), excluded_fields=["search_text"]
    )

    scope_unit_field = "unit"

    class Meta:
        verbose_name = _("điểm không phù hợp")
        verbose_name_plural = _("điểm không phù hợp")
        ordering = ["inspection", "unit", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["inspection", "number"],
                name="nonconformity_unique_number",
                violation_error_message=_("Số thứ tự điểm không phù hợp bị trùng."),
            ),
            models.UniqueConstraint(
                fields=["unit", "number"],
                condition=Q(inspection__isnull=True),
                name="nonconformity_unique_number_outside_visit",
                violation_error_message=_("Số thứ tự điểm không phù hợp bị trùng."),
            ),
            models.CheckConstraint(
                condition=Q(inspection__isnull=False) | Q(answer__isnull=True),
                name="nonconformity_answer_needs_inspection",
                violation_error_message=_(
                    "Điểm không phù hợp từ một phát hiện phải thuộc cuộc kiểm tra."
                ),
            ),
            models.CheckConstraint(
                condition=Q(source_type__isnull=True, source_id__isnull=True)
                | Q(source_type__isnull=False, source_id__isnull=False),
                name="nonconformity_source_complete",
                violation_error_message=_("Nguồn phát hiện phải có cả loại và mã."),
            ),
            models.UniqueConstraint(
                fields=["answer"],
                condition=Q(answer__isnull=False),
                name="nonconformity_one_per_answer",
                violation_error_message=_(
                    "Phát hiện này đã được lập thành điểm không phù hợp."
                ),
            ),
            models.CheckConstraint(
                condition=Q(grade__in=Grade.values),
                name="nonconformity_grade_valid",
                violation_error_message=_("Mức độ phải là nhẹ hoặc nặng."),
            ),
            models.CheckConstraint(
                condition=Q(status=NonconformityStatus.OPEN, closed_at__isnull=True)
                | Q(status=NonconformityStatus.CLOSED, closed_at__isnull=False),
                name="nonconformity_closed_has_date",
                violation_error_message=_(
                    "Điểm không phù hợp đã đóng phải có thời điểm đóng."
                ),
            ),
        ]

    def __str__(self) -> str:
        if self.inspection_id is None:
            return f"KPH {self.number:02d} – {self.source_label or self.unit}"
        return f"KPH {self.number:02d} – {self.inspection}"

    @property
    def code(self) -> str:
        """Short reference used on records: decision number / NC number, or
        for a nonconformity raised outside a visit, unit code / NC number."""
        if self.inspection_id is None:
            return f"{self.unit.code}/KPH-N{self.number:02d}"
        return f"{self.inspection.decision_number}/KPH{self.number:02d}"

    @property
    def origin(self) -> str:
        """Where the nonconformity was found: the visit, or the named source."""
        if self.inspection_id is not None:
            return str(self.inspection)
        return self.source_label


class CorrectiveAction(FoldedSearchMixin, models.Model):
    """A corrective action of a nonconformity, followed until verified effective."""

    nonconformity = models.ForeignKey(
        Nonconformity,
        verbose_name=_("điểm không phù hợp"),
        on_delete=models.PROTECT,
        related_name="actions",
    )
    owner_unit = models.ForeignKey(
        "qms.AdministrativeUnit",
        verbose_name=_("đơn vị thực hiện"),
        on_delete=models.PROTECT,
        related_name="corrective_actions",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người chịu trách nhiệm"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrective_actions",
    )
    due_date = models.DateField(_("hạn hoàn thành"))
    root_cause = models.TextField(_("nguyên nhân gốc rễ"), blank=True)
    correction = models.TextField(_("khắc phục tức thời"), blank=True)
    action = models.TextField(_("hành động khắc phục"))
    status = models.CharField(
        _("trạng thái"),
        max_length=10,
        choices=ActionStatus.choices,
        default=ActionStatus.OPEN,
    )
    reported_at = models.DateTimeField(_("báo cáo lúc"), null=True, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người báo cáo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    report = models.TextField(_("báo cáo kết quả thực hiện"), blank=True)
    document_revision = models.ForeignKey(
        "qms.DocumentRevision",
        verbose_name=_("bản sửa đổi tài liệu liên quan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrective_actions",
    )

    #: Accent-folded action, root cause and correction: staff search.
    search_text = FoldedTextField(editable=False, blank=True, default="")
    folded_search_sources = ("action", "root_cause", "correction")

    history = HistoricalRecords(
        history_change_reason_field=reason_field(), excluded_fields=["search_text"]
    )

    scope_unit_field = "owner_unit"

    class Meta:
        verbose_name = _("hành động khắc phục")
        verbose_name_plural = _("hành động khắc phục")
        ordering = ["due_date", "pk"]
        permissions = [
            ("report_correctiveaction", _("Báo cáo kết quả hành động khắc phục")),
            ("verify_correctiveaction", _("Xác minh hiệu quả hành động khắc phục")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status=ActionStatus.OPEN) | Q(reported_at__isnull=False),
                name="corrective_action_reported_has_date",
                violation_error_message=_(
                    "Hành động đã báo cáo phải có thời điểm báo cáo."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.nonconformity.code} – {self.action[:60]}"


class ActionVerification(models.Model):
    """An inspector's verdict on an action: effective, or not (with a new due date)."""

    action = models.ForeignKey(
        CorrectiveAction,
        verbose_name=_("hành động khắc phục"),
        on_delete=models.PROTECT,
        related_name="verifications",
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người xác minh"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    verified_on = models.DateField(_("ngày xác minh"))
    effective = models.BooleanField(_("có hiệu quả"))
    comment = models.TextField(_("nhận xét"))
    new_due_date = models.DateField(_("hạn mới"), null=True, blank=True)

    history = HistoricalRecords(history_change_reason_field=reason_field())

    scope_unit_field = "action__owner_unit"

    class Meta:
        verbose_name = _("xác minh hiệu quả")
        verbose_name_plural = _("xác minh hiệu quả")
        ordering = ["verified_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(effective=True, new_due_date__isnull=True)
                | Q(effective=False, new_due_date__isnull=False),
                name="verification_not_effective_has_new_due",
                violation_error_message=_(
                    "Hành động không hiệu quả phải có hạn hoàn thành mới."
                ),
            ),
            models.CheckConstraint(
                condition=Q(new_due_date__isnull=True)
                | Q(new_due_date__gt=F("verified_on")),
                name="verification_new_due_after_verification",
                violation_error_message=_("Hạn mới phải sau ngày xác minh."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.action} – {self.verified_on:%d/%m/%Y}"
