"""Dossier KPI records: dossiers, periodic totals (Form 06 of Circular 01/2020).

Inspection records come later in this app; these models are the dossier KPIs.
Derived columns (dates in Asia/Ho_Chi_Minh, the outcome bucket) are stored at
write time by ``audits.dossier_services`` so that the report aggregates in SQL
(PITFALLS.md: per-row date arithmetic in the ORM is far too slow on SQLite).
"""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from audits.choices import Channel, DossierStatus, OnlineLevel, Outcome


class Dossier(models.Model):
    """One dossier (hồ sơ) received at a one-stop desk.

    ``closed_on`` is the local date the dossier left the office: the
    resolution date, or for a withdrawn/returned dossier the date in
    ``resolved_at`` (its received date when that is empty). Empty while
    pending. ``outcome`` buckets the closed dossier for Form 06.
    """

    code = models.CharField(_("mã hồ sơ"), max_length=64, unique=True)
    procedure_code = models.CharField(
        _("mã thủ tục"), max_length=64, blank=True, db_index=True
    )
    unit = models.ForeignKey(
        "qms.AdministrativeUnit",
        verbose_name=_("đơn vị tiếp nhận"),
        on_delete=models.PROTECT,
        related_name="dossiers",
    )
    channel = models.CharField(
        _("kênh nộp"), max_length=8, choices=Channel.choices, default=Channel.DIRECT
    )
    online_level = models.CharField(
        _("mức độ trực tuyến"),
        max_length=8,
        choices=OnlineLevel.choices,
        blank=True,
        default=OnlineLevel.NONE,
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
    # Derived at write time (local dates), see audits.dossier_services.
    received_on = models.DateField(_("ngày tiếp nhận (ngày)"))
    due_on = models.DateField(_("ngày hẹn trả (ngày)"))
    closed_on = models.DateField(_("ngày kết thúc"), null=True, blank=True)
    outcome = models.CharField(
        _("kết quả"), max_length=10, choices=Outcome.choices, default=Outcome.OPEN
    )
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    #: Commune scope (qms.scoping).
    scope_unit_field = "unit"

    class Meta:
        verbose_name = _("hồ sơ")
        verbose_name_plural = _("hồ sơ")
        ordering = ["-received_at"]
        indexes = [
            models.Index(fields=["unit", "received_on"], name="dossier_unit_received"),
            models.Index(fields=["unit", "closed_on"], name="dossier_unit_closed"),
            models.Index(fields=["received_on"], name="dossier_received"),
        ]
        constraints = [
            # On the derived local dates: the report's balance relies on them.
            models.CheckConstraint(
                condition=Q(due_on__gte=F("received_on")),
                name="dossier_due_not_before_received",
                violation_error_message=_(
                    "Ngày hẹn trả không được trước ngày tiếp nhận."
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
from audits.inspection_models import *  # noqa: F403,E402
