"""Inspection records: plans, visits, checklists, findings and corrective actions.

Circular 26/2014/TT-BKHCN Arts. 33–39 and ISO 9001:2015 clauses 9.2, 9.3 and
10.2. Every record an ISO reviewer traces carries ``HistoricalRecords``; state
changes happen in ``audits.inspections.services``, which set the change reason.
Each model names the path to its unit in ``scope_unit_field``
(qms.organisation.scoping).
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from audits.inspections.choices import (
    ActionStatus,
    AnswerResult,
    C26Item,
    ChecklistKind,
    Grade,
    InspectionMode,
    InspectionStatus,
    NonconformityStatus,
    ReformArea,
)
from qms.history import reason_field
from qms.storage import private_storage

__all__ = [
    "ActionVerification",
    "ChecklistItem",
    "ChecklistTemplate",
    "CorrectiveAction",
    "EvidenceFile",
    "Inspection",
    "InspectionPlan",
    "Nonconformity",
    "PlanItem",
    "VisitAnswer",
]


class InspectionPlan(models.Model):
    """Annual inspection plan of an issuing unit (Circular 26 Art. 33)."""

    year = models.PositiveSmallIntegerField(_("năm"))
    issuing_unit = models.ForeignKey(
        "qms.AdministrativeUnit",
        verbose_name=_("đơn vị ban hành"),
        on_delete=models.PROTECT,
        related_name="inspection_plans",
    )
    title = models.CharField(_("tên kế hoạch"), max_length=300, blank=True)
    notes = models.TextField(_("ghi chú"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người lập"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    history = HistoricalRecords(history_change_reason_field=reason_field())

    scope_unit_field = "issuing_unit"

    class Meta:
        verbose_name = _("kế hoạch kiểm tra")
        verbose_name_plural = _("kế hoạch kiểm tra")
        ordering = ["-year", "issuing_unit__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "issuing_unit"],
                name="inspection_plan_unique_year_unit",
                violation_error_message=_(
                    "Đơn vị này đã có kế hoạch kiểm tra cho năm này."
                ),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000) & Q(year__lte=2100),
                name="inspection_plan_year_sane",
                violation_error_message=_("Năm kế hoạch không hợp lệ."),
            ),
        ]

    def __str__(self) -> str:
        return self.title or f"Kế hoạch kiểm tra năm {self.year}"


class PlanItem(models.Model):
    """One unit in a plan: on site or on file, in a planned month."""

    plan = models.ForeignKey(
        InspectionPlan,
        verbose_name=_("kế hoạch"),
        on_delete=models.CASCADE,
        related_name="items",
    )
    unit = models.ForeignKey(
        "qms.AdministrativeUnit",
        verbose_name=_("đơn vị được kiểm tra"),
        on_delete=models.PROTECT,
        related_name="plan_items",
    )
    mode = models.CharField(
        _("hình thức"),
        max_length=10,
        choices=InspectionMode.choices,
        default=InspectionMode.ON_SITE,
    )
    planned_month = models.PositiveSmallIntegerField(_("tháng dự kiến"))

    history = HistoricalRecords(history_change_reason_field=reason_field())

    scope_unit_field = "unit"

    class Meta:
        verbose_name = _("đơn vị trong kế hoạch")
        verbose_name_plural = _("đơn vị trong kế hoạch")
        ordering = ["planned_month", "unit__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "unit"],
                name="plan_item_unique_unit",
                violation_error_message=_("Đơn vị này đã có trong kế hoạch."),
            ),
            models.CheckConstraint(
                condition=Q(planned_month__gte=1) & Q(planned_month__lte=12),
                name="plan_item_month_1_12",
                violation_error_message=_("Tháng dự kiến phải từ 1 đến 12."),
            ),
            models.CheckConstraint(
                condition=Q(mode__in=InspectionMode.values),
                name="plan_item_mode_valid",
                violation_error_message=_("Hình thức kiểm tra không hợp lệ."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit.name} – {self.get_mode_display()} – T{self.planned_month}"


class ChecklistTemplate(models.Model):
    """A reusable checklist (ISO 9001 audit, Circular 26, seven reform areas)."""

    code = models.CharField(_("mã"), max_length=32, unique=True)
    name = models.CharField(_("tên"), max_length=300)
    kind = models.CharField(_("loại"), max_length=16, choices=ChecklistKind.choices)
    active = models.BooleanField(_("đang dùng"), default=True)

    history = HistoricalRecords(history_change_reason_field=reason_field())

    class Meta:
        verbose_name = _("mẫu danh mục kiểm tra")
        verbose_name_plural = _("mẫu danh mục kiểm tra")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class ChecklistItem(models.Model):
    """A question of a template, classified by ISO clause or Circular 26 item."""

    template = models.ForeignKey(
        ChecklistTemplate,
        verbose_name=_("mẫu"),
        on_delete=models.CASCADE,
        related_name="items",
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"))
    text = models.TextField(_("nội dung kiểm tra"))
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

    history = HistoricalRecords(history_change_reason_field=reason_field())

    class Meta:
        verbose_name = _("câu hỏi kiểm tra")
        verbose_name_plural = _("câu hỏi kiểm tra")
        ordering = ["template", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["template", "order"],
                name="checklist_item_unique_order",
                violation_error_message=_("Thứ tự câu hỏi bị trùng trong mẫu."),
            ),
            models.CheckConstraint(
                condition=~Q(iso_clause="") | ~Q(c26_item="") | ~Q(reform_area=""),
                name="checklist_item_classified",
                violation_error_message=_(
                    "Câu hỏi phải gắn với một điều khoản ISO 9001:2015, một nội "
                    "dung của Thông tư 26 hoặc một lĩnh vực cải cách hành chính."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.text[:80]}"

    def classification(self) -> str:
        """The clause, Circular 26 item or reform area, as a short label."""
        parts = []
        if self.iso_clause:
            parts.append(f"ISO {self.iso_clause}")
        if self.c26_item:
            parts.append(str(self.get_c26_item_display()))
        if self.reform_area:
            parts.append(str(self.get_reform_area_display()))
        return " · ".join(parts)


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


class Nonconformity(models.Model):
    """A nonconformity raised from a visit (ISO 9001:2015 10.2)."""

    inspection = models.ForeignKey(
        Inspection,
        verbose_name=_("cuộc kiểm tra"),
        on_delete=models.PROTECT,
        related_name="nonconformities",
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

    history = HistoricalRecords(history_change_reason_field=reason_field())

    scope_unit_field = "inspection__unit"

    class Meta:
        verbose_name = _("điểm không phù hợp")
        verbose_name_plural = _("điểm không phù hợp")
        ordering = ["inspection", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["inspection", "number"],
                name="nonconformity_unique_number",
                violation_error_message=_("Số thứ tự điểm không phù hợp bị trùng."),
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
        return f"KPH {self.number:02d} – {self.inspection}"

    @property
    def code(self) -> str:
        """Short reference used on records: decision number / NC number."""
        return f"{self.inspection.decision_number}/KPH{self.number:02d}"


class CorrectiveAction(models.Model):
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

    history = HistoricalRecords(history_change_reason_field=reason_field())

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
