"""Dossier KPI records: dossiers, periodic totals (Form 06 of Circular 01/2020).

Inspection records come later in this app; these models are the dossier KPIs.
Derived columns (dates in Asia/Ho_Chi_Minh, the outcome bucket) are stored at
write time by ``audits.dossiers.services`` so that the report aggregates in SQL
(PITFALLS.md: per-row date arithmetic in the ORM is far too slow on SQLite).
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from rest_framework_api_key.models import AbstractAPIKey
from simple_history.models import HistoricalRecords

from audits.dossiers.choices import (
    DossierStatus,
    Outcome,
    Rating,
    SatisfactionLevel,
)
from qms.choices import Channel, OnlineLevel
from qms.history import reason_field


class Dossier(models.Model):
    """One dossier (hồ sơ) received at a one-stop desk.

    ``closed_on`` is the local date the dossier left the office: the
    resolution date, or for a withdrawn/returned dossier the date in
    ``resolved_at`` (its received date when that is empty). Empty while
    pending. ``outcome`` buckets the closed dossier for Form 06.
    """

    # Indexes are kept to what the report and the upsert need: each one costs
    # on every imported row (measured: 9 indexes → 5 saved a fifth of the
    # insert time). Hence no field-level unique/db_index on CharFields (which
    # add a second "_like" index on PostgreSQL) and no lone unit index (the
    # composite indexes below start with unit).
    code = models.CharField(_("mã hồ sơ"), max_length=64)
    procedure_code = models.CharField(_("mã thủ tục"), max_length=64, blank=True)
    unit = models.ForeignKey(
        "qms.AdministrativeUnit",
        verbose_name=_("đơn vị tiếp nhận"),
        on_delete=models.PROTECT,
        related_name="dossiers",
        db_index=False,
    )
    channel = models.CharField(
        _("kênh nộp"), max_length=8, choices=Channel.choices, default=Channel.DIRECT
    )
    online_level = models.CharField(
        _("mức độ trực tuyến"),
        max_length=8,
        # Blank when the dossier did not come online (the constraint below);
        # "none" is a catalogue value, meaningless for a dossier.
        choices=[
            (level.value, level.label)
            for level in OnlineLevel
            if level.value != OnlineLevel.NONE
        ],
        blank=True,
        default="",
    )
    received_at = models.DateTimeField(_("ngày tiếp nhận"))
    due_at = models.DateTimeField(_("ngày hẹn trả"))
    resolved_at = models.DateTimeField(_("ngày trả kết quả"), null=True, blank=True)
    status = models.CharField(
        _("trạng thái"),
        max_length=10,
        choices=DossierStatus.choices,
        blank=True,
        default=DossierStatus.NORMAL,
    )
    # Derived at write time (local dates), see audits.dossiers.services.
    received_on = models.DateField(_("ngày tiếp nhận (ngày)"))
    due_on = models.DateField(_("ngày hẹn trả (ngày)"))
    closed_on = models.DateField(_("ngày kết thúc"), null=True, blank=True)
    outcome = models.CharField(
        _("kết quả"), max_length=10, choices=Outcome.choices, default=Outcome.OPEN
    )
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    #: Commune scope (qms.organisation.scoping).
    scope_unit_field = "unit"

    class Meta:
        verbose_name = _("hồ sơ")
        verbose_name_plural = _("hồ sơ")
        ordering = ["-received_at"]
        # the import screens (qms/imports); scope still applies row by row
        permissions = [("import_dossier", _("Nhập hồ sơ từ tệp"))]
        # Covering on PostgreSQL: migration 0005 creates both with INCLUDE
        # columns (unit, received_on) INCLUDE (closed_on, due_on, channel,
        # online_level, outcome) and (unit, closed_on) INCLUDE (outcome,
        # received_on), so a unit's Form 06 and monthly trend are index-only
        # scans (measured at 10 M rows: 285 ms → 6 ms). Declared here by their
        # key columns only (0006), which keeps SQLite free of models.W040; a
        # migration that rebuilds them must keep the INCLUDE columns. The KPI
        # queries count ``received_on`` (never null), not the primary key.
        indexes = [
            models.Index(
                fields=["unit", "received_on"], name="dossier_unit_received_cov"
            ),
            models.Index(fields=["unit", "closed_on"], name="dossier_unit_closed_cov"),
            models.Index(fields=["received_on"], name="dossier_received"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["code"],
                name="dossier_code_unique",
                violation_error_message=_("Đã có hồ sơ với mã này."),
            ),
            # On the derived local dates: the report's balance relies on them.
            models.CheckConstraint(
                condition=Q(due_on__gte=F("received_on")),
                name="dossier_due_not_before_received",
                violation_error_message=_(
                    "Ngày hẹn trả không được trước ngày tiếp nhận."
                ),
            ),
            # Form 06 counts online levels among online dossiers only.
            models.CheckConstraint(
                condition=Q(online_level="") | Q(channel="online"),
                name="dossier_online_level_only_online",
                violation_error_message=_(
                    "Mức độ trực tuyến chỉ dành cho hồ sơ nộp trực tuyến."
                ),
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True)
                | Q(closed_on__gte=F("received_on")),
                name="dossier_closed_not_before_received",
                violation_error_message=_(
                    "Ngày trả kết quả không được trước ngày tiếp nhận."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.code


class DossierTotal(models.Model):
    """Periodic Form 06 totals of a unit, imported from someone else's report.

    Figures may be missing (``None``) and need not balance: ``issues`` lists
    every inconsistency found on import, in Vietnamese.
    """

    unit = models.ForeignKey(
        "qms.AdministrativeUnit",
        verbose_name=_("đơn vị"),
        on_delete=models.PROTECT,
        related_name="dossier_totals",
    )
    period_from = models.DateField(_("từ ngày"))
    period_to = models.DateField(_("đến ngày"))
    carried_over = models.PositiveBigIntegerField(_("kỳ trước chuyển sang"), null=True)
    received = models.PositiveBigIntegerField(_("tiếp nhận mới"), null=True)
    received_direct = models.PositiveBigIntegerField(_("trực tiếp"), null=True)
    received_online = models.PositiveBigIntegerField(_("trực tuyến"), null=True)
    received_postal = models.PositiveBigIntegerField(_("bưu chính"), null=True)
    online_partial = models.PositiveBigIntegerField(_("trực tuyến một phần"), null=True)
    online_full = models.PositiveBigIntegerField(_("trực tuyến toàn trình"), null=True)
    resolved = models.PositiveBigIntegerField(_("đã giải quyết"), null=True)
    resolved_early = models.PositiveBigIntegerField(_("trước hạn"), null=True)
    resolved_on_time = models.PositiveBigIntegerField(_("đúng hạn"), null=True)
    resolved_late = models.PositiveBigIntegerField(_("quá hạn"), null=True)
    pending = models.PositiveBigIntegerField(_("đang giải quyết"), null=True)
    pending_in_time = models.PositiveBigIntegerField(_("trong hạn"), null=True)
    pending_overdue = models.PositiveBigIntegerField(
        _("quá hạn (đang giải quyết)"), null=True
    )
    withdrawn = models.PositiveBigIntegerField(_("rút / trả lại"), null=True)
    source = models.CharField(_("nguồn"), max_length=255, blank=True)
    issues = models.JSONField(_("điểm không khớp"), default=list, blank=True)
    imported_at = models.DateTimeField(_("nhập lúc"), auto_now=True)

    scope_unit_field = "unit"

    class Meta:
        verbose_name = _("số liệu tổng hợp hồ sơ")
        verbose_name_plural = _("số liệu tổng hợp hồ sơ")
        permissions = [("import_dossiertotal", _("Nhập số liệu tổng hợp từ tệp"))]
        ordering = ["-period_from", "unit__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "period_from", "period_to"],
                name="dossier_total_unique_unit_period",
                violation_error_message=_("Đã có số liệu của đơn vị cho kỳ này."),
            ),
            models.CheckConstraint(
                condition=Q(period_from__lte=F("period_to")),
                name="dossier_total_period_ordered",
                violation_error_message=_("Kỳ báo cáo: từ ngày phải trước đến ngày."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.period_from:%d/%m/%Y}–{self.period_to:%d/%m/%Y}"


class SatisfactionSurvey(models.Model):
    """Satisfaction survey results of a unit for a period (khảo sát sự hài lòng).

    ``satisfaction_rate`` (percent, two decimals) is derived at write time by
    ``audits.dossiers.satisfaction.survey_record``.
    """

    unit = models.ForeignKey(
        "qms.AdministrativeUnit",
        verbose_name=_("đơn vị"),
        on_delete=models.PROTECT,
        related_name="satisfaction_surveys",
    )
    period_from = models.DateField(_("từ ngày"))
    period_to = models.DateField(_("đến ngày"))
    respondents = models.PositiveIntegerField(_("số phiếu"))
    satisfied = models.PositiveIntegerField(_("hài lòng"))
    complaints = models.PositiveIntegerField(_("phản ánh, kiến nghị"), default=0)
    satisfaction_rate = models.DecimalField(
        _("tỷ lệ hài lòng (%)"), max_digits=5, decimal_places=2, null=True
    )
    source = models.CharField(_("nguồn"), max_length=255, blank=True)

    scope_unit_field = "unit"

    class Meta:
        verbose_name = _("kết quả khảo sát sự hài lòng")
        verbose_name_plural = _("kết quả khảo sát sự hài lòng")
        permissions = [("import_satisfactionsurvey", _("Nhập kết quả khảo sát từ tệp"))]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "period_from", "period_to"],
                name="satisfaction_unique_unit_period",
                violation_error_message=_(
                    "Đã có kết quả khảo sát của đơn vị cho kỳ này."
                ),
            ),
            models.CheckConstraint(
                condition=Q(satisfied__lte=F("respondents")),
                name="satisfaction_satisfied_within_respondents",
                violation_error_message=_("Số hài lòng không được lớn hơn số phiếu."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.period_from:%d/%m/%Y}–{self.period_to:%d/%m/%Y}"


class DossierRating(models.Model):
    """A citizen's online answer to the short survey after a resolved dossier.

    One per dossier (the unique constraint): whoever holds the dossier code
    may answer once. Counted with the imported surveys by
    ``audits.dossiers.satisfaction.satisfaction_figures``, per the dossier's
    receiving unit and the day of the answer.
    """

    dossier = models.ForeignKey(
        Dossier,
        verbose_name=_("hồ sơ"),
        on_delete=models.CASCADE,
        related_name="ratings",
    )
    level = models.CharField(
        _("mức độ hài lòng"), max_length=12, choices=SatisfactionLevel.choices
    )
    on_time = models.BooleanField(_("được trả kết quả đúng hẹn"), null=True, blank=True)
    comment = models.TextField(_("góp ý"), blank=True, max_length=1000)
    answered_on = models.DateField(_("ngày đánh giá"))

    scope_unit_field = "dossier__unit"

    class Meta:
        verbose_name = _("đánh giá trực tuyến sau hồ sơ")
        verbose_name_plural = _("đánh giá trực tuyến sau hồ sơ")
        constraints = [
            models.UniqueConstraint(
                fields=["dossier"],
                name="dossier_rating_one_per_dossier",
                violation_error_message=_("Hồ sơ này đã được đánh giá."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.level}"


class OneStopEvaluation(models.Model):
    """The nine one-stop evaluation indicators of a unit and its rating.

    Each indicator scores 0–2 points (Circular 01/2018/TT-VPCP), 18 at most;
    ``total`` and ``rating`` (Art. 15 thresholds) are derived at write time
    by ``audits.dossiers.satisfaction.evaluation_record``.
    """

    unit = models.ForeignKey(
        "qms.AdministrativeUnit",
        verbose_name=_("đơn vị"),
        on_delete=models.PROTECT,
        related_name="onestop_evaluations",
    )
    period_from = models.DateField(_("từ ngày"))
    period_to = models.DateField(_("đến ngày"))
    indicator_1 = models.DecimalField(_("chỉ số 1"), max_digits=3, decimal_places=2)
    indicator_2 = models.DecimalField(_("chỉ số 2"), max_digits=3, decimal_places=2)
    indicator_3 = models.DecimalField(_("chỉ số 3"), max_digits=3, decimal_places=2)
    indicator_4 = models.DecimalField(_("chỉ số 4"), max_digits=3, decimal_places=2)
    indicator_5 = models.DecimalField(_("chỉ số 5"), max_digits=3, decimal_places=2)
    indicator_6 = models.DecimalField(_("chỉ số 6"), max_digits=3, decimal_places=2)
    indicator_7 = models.DecimalField(_("chỉ số 7"), max_digits=3, decimal_places=2)
    indicator_8 = models.DecimalField(_("chỉ số 8"), max_digits=3, decimal_places=2)
    indicator_9 = models.DecimalField(_("chỉ số 9"), max_digits=3, decimal_places=2)
    total = models.DecimalField(_("tổng điểm"), max_digits=4, decimal_places=2)
    rating = models.CharField(_("xếp loại"), max_length=10, choices=Rating.choices)
    source = models.CharField(_("nguồn"), max_length=255, blank=True)

    scope_unit_field = "unit"

    class Meta:
        verbose_name = _("đánh giá thực hiện cơ chế một cửa")
        verbose_name_plural = _("đánh giá thực hiện cơ chế một cửa")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "period_from", "period_to"],
                name="onestop_evaluation_unique_unit_period",
                violation_error_message=_("Đã có đánh giá của đơn vị cho kỳ này."),
            ),
            *(
                models.CheckConstraint(
                    condition=Q(**{f"indicator_{i}__gte": 0, f"indicator_{i}__lte": 2}),
                    name=f"onestop_indicator_{i}_0_to_2",
                    violation_error_message=_("Mỗi chỉ số từ 0 đến 2 điểm."),
                )
                for i in range(1, 10)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.period_from:%d/%m/%Y}–{self.period_to:%d/%m/%Y}"


class IntegrationKey(AbstractAPIKey):
    """A revocable key that one integration (one-stop software) pushes with.

    The key is shown once when it is made and only its hash is stored
    (djangorestframework-api-key). It may push dossiers of its units and every
    unit below them, nothing else; it stops working when revoked (for good)
    or past its expiry. ``last_used_at`` is usage, not a change: it is kept
    out of the history and written with a plain update.
    """

    name = models.CharField(
        _("tên khóa"),
        max_length=50,
        help_text=_("Tên để nhận ra khóa, ví dụ “Một cửa Xuân Trường 2026”."),
    )
    integration = models.CharField(
        _("phần mềm tích hợp"),
        max_length=200,
        help_text=_("Phần mềm dùng khóa, ví dụ “Hệ thống một cửa điện tử tỉnh”."),
    )
    units = models.ManyToManyField(
        "qms.AdministrativeUnit",
        verbose_name=_("đơn vị được đẩy hồ sơ"),
        related_name="+",
        help_text=_("Khóa chỉ đẩy được hồ sơ của các đơn vị này và đơn vị trực thuộc."),
    )
    revoked = models.BooleanField(
        _("đã thu hồi"),
        default=False,
        help_text=_("Khóa đã thu hồi không dùng được nữa; không hoàn tác được."),
    )
    expiry_date = models.DateTimeField(
        _("hết hạn lúc"),
        null=True,
        blank=True,
        help_text=_("Để trống: không hết hạn."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tạo"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    last_used_at = models.DateTimeField(
        _("dùng lần cuối"), null=True, blank=True, editable=False
    )

    history = HistoricalRecords(
        excluded_fields=["last_used_at"],
        history_change_reason_field=reason_field(),
    )

    class Meta(AbstractAPIKey.Meta):
        verbose_name = _("khóa API tích hợp")
        verbose_name_plural = _("khóa API tích hợp")

    def unit_ids(self) -> set[int]:
        """Ids of the units this key may push for (with every unit below)."""
        ids: set[int] = set()
        for unit in self.units.all():
            ids |= unit.descendant_ids()
        return ids
