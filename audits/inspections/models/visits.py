"""An inspection (decision, team, scope, record) and what its visit recorded:
one answer per checklist item, with evidence files (Circular 26 Arts. 34–36)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from audits.inspections.choices import (
    AnswerResult,
    C26Item,
    InspectionMode,
    InspectionStatus,
    ReformArea,
)
from audits.inspections.models.checklists import ChecklistItem, ChecklistTemplate
from audits.inspections.models.plans import PlanItem
from qms.history import reason_field
from qms.storage import private_storage


class Inspection(models.Model):
    """An inspection decision and its visit to one unit (Circular 26 Arts. 34–36)."""

    plan_item = models.ForeignKey(
        PlanItem,
        verbose_name=_("theo kế hoạch"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="inspections",
    )
    unit = models.ForeignKey(
        "qms.AdministrativeUnit",
        verbose_name=_("đơn vị được kiểm tra"),
        on_delete=models.PROTECT,
        related_name="inspections",
    )
    mode = models.CharField(
        _("hình thức"),
        max_length=10,
        choices=InspectionMode.choices,
        default=InspectionMode.ON_SITE,
    )
    decision_number = models.CharField(_("số quyết định"), max_length=64)
    decision_date = models.DateField(_("ngày quyết định"))
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("trưởng đoàn"),
        on_delete=models.PROTECT,
        related_name="inspections_led",
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("thành viên đoàn"),
        blank=True,
        related_name="inspections_joined",
    )
    start_date = models.DateField(_("ngày bắt đầu"))
    end_date = models.DateField(_("ngày kết thúc"))
    reform_areas = models.JSONField(_("lĩnh vực cải cách"), default=list, blank=True)
    content_items = models.JSONField(
        _("nội dung theo Thông tư 26"), default=list, blank=True
    )
    template = models.ForeignKey(
        ChecklistTemplate,
        verbose_name=_("mẫu danh mục kiểm tra"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inspections",
    )
    status = models.CharField(
        _("trạng thái"),
        max_length=12,
        choices=InspectionStatus.choices,
        default=InspectionStatus.PLANNED,
    )
    record_date = models.DateField(_("ngày lập biên bản"), null=True, blank=True)
    conclusion = models.TextField(_("kết luận"), blank=True)
    unit_representative = models.CharField(
        _("đại diện đơn vị được kiểm tra"), max_length=200, blank=True
    )

    history = HistoricalRecords(
        m2m_fields=[members], history_change_reason_field=reason_field()
    )

    scope_unit_field = "unit"

    class Meta:
        verbose_name = _("cuộc kiểm tra")
        verbose_name_plural = _("cuộc kiểm tra")
        ordering = ["-start_date", "unit__code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="inspection_dates_ordered",
                violation_error_message=_("Ngày kết thúc phải sau ngày bắt đầu."),
            ),
            models.CheckConstraint(
                condition=Q(start_date__gte=F("decision_date")),
                name="inspection_after_decision",
                violation_error_message=_(
                    "Ngày kiểm tra không được trước ngày quyết định."
                ),
            ),
            models.CheckConstraint(
                condition=Q(record_date__isnull=True)
                | Q(record_date__gte=F("start_date")),
                name="inspection_record_after_start",
                violation_error_message=_(
                    "Ngày lập biên bản không được trước ngày bắt đầu kiểm tra."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(status=InspectionStatus.COMPLETED)
                | Q(record_date__isnull=False),
                name="inspection_completed_has_record_date",
                violation_error_message=_(
                    "Cuộc kiểm tra đã lập biên bản phải có ngày lập biên bản."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.decision_number} – {self.unit.name}"

    def reform_area_labels(self) -> list[str]:
        """Display names of the reform areas in scope."""
        labels = dict(ReformArea.choices)
        return [str(labels.get(key, key)) for key in self.reform_areas]

    def content_item_labels(self) -> list[str]:
        """Display names of the Circular 26 content items in scope."""
        labels = dict(C26Item.choices)
        return [str(labels.get(key, key)) for key in self.content_items]


class VisitAnswer(models.Model):
    """The answer to one checklist item during a visit."""

    inspection = models.ForeignKey(
        Inspection,
        verbose_name=_("cuộc kiểm tra"),
        on_delete=models.CASCADE,
        related_name="answers",
    )
    item = models.ForeignKey(
        ChecklistItem,
        verbose_name=_("câu hỏi"),
        on_delete=models.PROTECT,
        related_name="answers",
    )
    result = models.CharField(
        _("kết quả"), max_length=16, choices=AnswerResult.choices, blank=True
    )
    notes = models.TextField(_("ghi chú"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ghi"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("ghi lúc"), null=True, blank=True)

    history = HistoricalRecords(history_change_reason_field=reason_field())

    scope_unit_field = "inspection__unit"

    class Meta:
        verbose_name = _("kết quả kiểm tra")
        verbose_name_plural = _("kết quả kiểm tra")
        ordering = ["inspection", "item__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["inspection", "item"],
                name="visit_answer_unique_item",
                violation_error_message=_("Câu hỏi này đã có kết quả."),
            ),
            models.CheckConstraint(
                condition=Q(result="") | Q(result__in=AnswerResult.values),
                name="visit_answer_result_valid",
                violation_error_message=_("Kết quả kiểm tra không hợp lệ."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.inspection} – {self.item}"


def evidence_upload_to(instance: "EvidenceFile", filename: str) -> str:
    """Evidence files grouped by inspection."""
    return f"inspections/{instance.answer.inspection_id}/{filename}"


class EvidenceFile(models.Model):
    """A photo or file attached to an answer as evidence."""

    answer = models.ForeignKey(
        VisitAnswer,
        verbose_name=_("kết quả kiểm tra"),
        on_delete=models.CASCADE,
        related_name="evidence",
    )
    file = models.FileField(
        _("tệp"), upload_to=evidence_upload_to, storage=private_storage
    )
    caption = models.CharField(_("chú thích"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tải lên"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)

    history = HistoricalRecords(history_change_reason_field=reason_field())

    scope_unit_field = "answer__inspection__unit"

    class Meta:
        verbose_name = _("bằng chứng")
        verbose_name_plural = _("bằng chứng")
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.caption or self.file.name
