"""Quality objectives (ISO 9001:2015 6.2) and the risk register (6.1).

Plain models with ``HistoricalRecords``: the admin forms and the services set
the change reason. Each names the path to its unit in ``scope_unit_field``
(qms.organisation.scoping).
"""

from django.conf import settings
from django.contrib import admin
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from audits.planning.choices import (
    Comparison,
    ObjectiveKind,
    RiskKind,
    RiskLevel,
    RiskStatus,
)
from qms.history import reason_field
from qms.storage import private_storage

#: Likelihood and impact are scored 1–5 each.
SCALE_MIN, SCALE_MAX = 1, 5
#: (lowest score, level), highest first: 16–25 very high, 10–15 high,
#: 5–9 medium, 1–4 low.
LEVEL_THRESHOLDS = [
    (16, RiskLevel.CRITICAL),
    (10, RiskLevel.HIGH),
    (5, RiskLevel.MEDIUM),
    (1, RiskLevel.LOW),
]
#: Score from which a risk counts as high (the inspection plan suggests its unit).
HIGH_SCORE = 10


def level_for(score: int) -> str:
    """The level of a likelihood × impact score."""
    for lowest, level in LEVEL_THRESHOLDS:
        if score >= lowest:
            return level
    return RiskLevel.LOW


def objective_evidence_upload_to(instance: "QualityObjective", filename: str) -> str:
    """Evidence files grouped by unit and year."""
    return f"objectives/{instance.unit_id}/{instance.year}/{filename}"


class QualityObjective(models.Model):
    """A unit's quality objective for a year, with its target and plan (6.2)."""

    unit = models.ForeignKey(
        "qms.AdministrativeUnit",
        verbose_name=_("đơn vị"),
        on_delete=models.PROTECT,
        related_name="quality_objectives",
    )
    year = models.PositiveSmallIntegerField(
        _("năm"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    title = models.CharField(_("mục tiêu"), max_length=255)
    kind = models.CharField(
        _("cách đo"),
        max_length=16,
        choices=ObjectiveKind.choices,
        default=ObjectiveKind.MANUAL,
        help_text=_(
            "Các chỉ số có sẵn được tính tự động từ dữ liệu của hệ thống; "
            "mục tiêu khác được ghi kết quả thủ công kèm bằng chứng."
        ),
    )
    comparison = models.CharField(
        _("so sánh"), max_length=3, choices=Comparison.choices, default="gte"
    )
    target = models.DecimalField(_("chỉ tiêu"), max_digits=12, decimal_places=2)
    measure_unit = models.CharField(_("đơn vị tính"), max_length=32, default="%")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người chịu trách nhiệm"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="quality_objectives",
    )
    plan_what = models.TextField(_("việc cần làm"), blank=True)
    plan_who = models.CharField(_("người thực hiện"), max_length=255, blank=True)
    plan_when = models.CharField(_("thời hạn"), max_length=255, blank=True)
    plan_resources = models.TextField(_("nguồn lực"), blank=True)
    method = models.TextField(
        _("phương pháp đo"),
        blank=True,
        help_text=_("Với chỉ số tự động, để trống: hệ thống ghi nguồn số liệu."),
    )
    measured_value = models.DecimalField(
        _("kết quả đo (thủ công)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
    )
    measured_on = models.DateField(_("ngày đo"), null=True, blank=True)
    evidence_file = models.FileField(
        _("tệp bằng chứng"),
        upload_to=objective_evidence_upload_to,
        storage=private_storage,
        blank=True,
    )
    evidence_note = models.TextField(_("ghi chú bằng chứng"), blank=True)

    history = HistoricalRecords(history_change_reason_field=reason_field())

    scope_unit_field = "unit"

    class Meta:
        verbose_name = _("mục tiêu chất lượng")
        verbose_name_plural = _("mục tiêu chất lượng")
        ordering = ["-year", "unit__code", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year", "title"],
                name="objective_unique_title",
                violation_error_message=_(
                    "Đơn vị đã có mục tiêu cùng tên trong năm này."
                ),
            ),
            models.CheckConstraint(
                condition=Q(target__gte=0),
                name="objective_target_not_negative",
                violation_error_message=_("Chỉ tiêu không được âm."),
            ),
            models.CheckConstraint(
                condition=Q(comparison__in=Comparison.values),
                name="objective_comparison_valid",
                violation_error_message=_("So sánh phải là ≥ hoặc ≤."),
            ),
            models.CheckConstraint(
                condition=Q(measured_value__isnull=True) | Q(measured_on__isnull=False),
                name="objective_measured_has_date",
                violation_error_message=_("Kết quả đo phải có ngày đo."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} – {self.title}"

    @property
    def admin_url(self) -> str:
        """This record's page in the admin (linked from what it raised)."""
        return reverse("audits_objectives:inspect", args=[self.pk])

    @property
    @admin.display(description=_("chỉ tiêu"))
    def target_text(self) -> str:
        """The target as read aloud, decimal comma: "≥ 98 %", "≥ 99,5 %"."""
        value = f"{self.target:f}".rstrip("0").rstrip(".").replace(".", ",")
        return f"{self.get_comparison_display()} {value} {self.measure_unit}".strip()


class Risk(models.Model):
    """A risk or opportunity of one process in one unit (ISO 9001:2015 6.1)."""

    unit = models.ForeignKey(
        "qms.AdministrativeUnit",
        verbose_name=_("đơn vị"),
        on_delete=models.PROTECT,
        related_name="risks",
    )
    process = models.CharField(
        _("quá trình"),
        max_length=255,
        help_text=_("Ví dụ: Tiếp nhận và trả kết quả hồ sơ hộ tịch."),
    )
    kind = models.CharField(
        _("loại"), max_length=12, choices=RiskKind.choices, default=RiskKind.RISK
    )
    title = models.CharField(_("rủi ro / cơ hội"), max_length=255)
    cause = models.TextField(_("nguyên nhân"))
    consequence = models.TextField(_("hậu quả"))
    likelihood = models.PositiveSmallIntegerField(
        _("khả năng xảy ra (1–5)"),
        validators=[MinValueValidator(SCALE_MIN), MaxValueValidator(SCALE_MAX)],
    )
    impact = models.PositiveSmallIntegerField(
        _("mức ảnh hưởng (1–5)"),
        validators=[MinValueValidator(SCALE_MIN), MaxValueValidator(SCALE_MAX)],
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người chịu trách nhiệm"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="risks",
    )
    identified_on = models.DateField(_("ngày nhận diện"))
    status = models.CharField(
        _("trạng thái"),
        max_length=8,
        choices=RiskStatus.choices,
        default=RiskStatus.OPEN,
    )

    history = HistoricalRecords(history_change_reason_field=reason_field())

    scope_unit_field = "unit"

    class Meta:
        verbose_name = _("rủi ro, cơ hội")
        verbose_name_plural = _("sổ rủi ro và cơ hội")
        ordering = ["unit__code", "process", "-identified_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(likelihood__gte=SCALE_MIN, likelihood__lte=SCALE_MAX),
                name="risk_likelihood_1_5",
                violation_error_message=_("Khả năng xảy ra phải từ 1 đến 5."),
            ),
            models.CheckConstraint(
                condition=Q(impact__gte=SCALE_MIN, impact__lte=SCALE_MAX),
                name="risk_impact_1_5",
                violation_error_message=_("Mức ảnh hưởng phải từ 1 đến 5."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.process}: {self.title}"

    @property
    def score(self) -> int:
        """Likelihood × impact (1–25)."""
        return (self.likelihood or 0) * (self.impact or 0)

    @property
    def level(self) -> str:
        """Level on the 5 × 5 matrix (``RiskLevel``)."""
        return level_for(self.score)

    def get_level_display(self) -> str:
        return str(RiskLevel(self.level).label)

    @admin.display(description=_("mức rủi ro"))
    def level_badge(self) -> str:
        """Score and level as a coloured badge that says it in words too."""
        return format_html(
            '<span class="qms-badge risk-{}" title="{} × {}">{} – {}</span>',
            self.level,
            self.likelihood,
            self.impact,
            self.score,
            self.get_level_display(),
        )

    @admin.display(description=_("hành động"))
    def actions_list(self) -> str:
        """The risk's actions, due dates and effectiveness, one per line."""
        lines = [
            format_html(
                "{} – {} {}{}",
                action.action,
                _("hạn"),
                action.due_date.strftime("%d/%m/%Y"),
                ""
                if action.effective is None
                else (
                    _(" – có hiệu lực") if action.effective else _(" – không hiệu lực")
                ),
            )
            for action in self.actions.all()
        ]
        return format_html_join("", "<div>{}</div>", ((line,) for line in lines)) or "—"


class RiskAction(models.Model):
    """An action on a risk, with its due date and its effectiveness review."""

    risk = models.ForeignKey(
        Risk,
        verbose_name=_("rủi ro, cơ hội"),
        on_delete=models.PROTECT,
        related_name="actions",
    )
    action = models.TextField(_("hành động"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="risk_actions",
    )
    due_date = models.DateField(_("hạn hoàn thành"))
    done_on = models.DateField(_("ngày hoàn thành"), null=True, blank=True)
    reviewed_on = models.DateField(_("ngày đánh giá hiệu lực"), null=True, blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người đánh giá"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    effective = models.BooleanField(_("có hiệu lực"), null=True, blank=True)
    review_note = models.TextField(_("nhận xét đánh giá"), blank=True)

    history = HistoricalRecords(history_change_reason_field=reason_field())

    scope_unit_field = "risk__unit"

    class Meta:
        verbose_name = _("hành động xử lý rủi ro")
        verbose_name_plural = _("hành động xử lý rủi ro")
        ordering = ["due_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    effective__isnull=True,
                    reviewed_on__isnull=True,
                    reviewer__isnull=True,
                )
                | Q(
                    effective__isnull=False,
                    reviewed_on__isnull=False,
                    reviewer__isnull=False,
                ),
                name="risk_action_review_complete",
                violation_error_message=_(
                    "Đánh giá hiệu lực cần đủ ngày, người đánh giá và kết luận."
                ),
            ),
            models.CheckConstraint(
                condition=Q(effective__isnull=True) | Q(done_on__isnull=False),
                name="risk_action_review_after_done",
                violation_error_message=_(
                    "Chỉ đánh giá hiệu lực hành động đã hoàn thành."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.risk.title}: {self.action[:60]}"
