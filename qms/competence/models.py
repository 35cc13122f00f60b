"""Competence and awareness (TCVN ISO 9001:2015 7.2, 7.3).

A catalogue of competences, which roles require which, and each person's
training records with their certificates. Certificates are private files
(``qms.storage``), served only by a scoped view. Every record carries
simple-history: the services set who changed it and why.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from qms.folding import FoldedSearchMixin, FoldedTextField
from qms.history import reason_field
from qms.organisation.models import AdministrativeUnit
from qms.organisation.people import person_name
from qms.organisation.roles import ROLES
from qms.storage import private_storage

#: Roles as stored keys; the labels are the roles' fixed group names.
ROLE_CHOICES = [(role.key, role.group_name) for role in ROLES]


class Competence(FoldedSearchMixin, models.Model):
    """A competence of the catalogue ("Nghiệp vụ một cửa"), with how long
    a training keeps it valid."""

    code = models.CharField(_("mã"), max_length=32, unique=True)
    name = models.CharField(_("tên năng lực"), max_length=200)
    description = models.TextField(_("mô tả"), blank=True)
    validity_months = models.PositiveSmallIntegerField(
        _("thời hạn hiệu lực (tháng)"),
        null=True,
        blank=True,
        help_text=_("Để trống nếu năng lực không hết hạn."),
    )
    search_text = FoldedTextField(editable=False, blank=True, default="")

    folded_search_sources = ("code", "name")
    history = HistoricalRecords(
        history_change_reason_field=reason_field(), excluded_fields=["search_text"]
    )

    class Meta:
        verbose_name = _("năng lực")
        verbose_name_plural = _("danh mục năng lực")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} – {self.name}"


class RoleCompetence(models.Model):
    """A role requires a competence: everyone holding the role must have it."""

    role = models.CharField(_("vai trò"), max_length=32, choices=ROLE_CHOICES)
    competence = models.ForeignKey(
        Competence,
        verbose_name=_("năng lực"),
        on_delete=models.PROTECT,
        related_name="role_requirements",
    )
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)

    history = HistoricalRecords(history_change_reason_field=reason_field())

    class Meta:
        verbose_name = _("năng lực yêu cầu theo vai trò")
        verbose_name_plural = _("năng lực yêu cầu theo vai trò")
        ordering = ["role", "competence__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["role", "competence"],
                name="role_competence_unique",
                violation_error_message=_("Vai trò này đã yêu cầu năng lực này."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} – {self.competence.name}"


def certificate_upload_to(instance: "TrainingRecord", filename: str) -> str:
    """Certificates grouped by person, never overwritten (storage renames)."""
    return f"competence/{instance.person_id}/{filename}"


class TrainingRecord(FoldedSearchMixin, models.Model):
    """A person attended a course; the certificate, if any, and its expiry."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cán bộ"),
        on_delete=models.PROTECT,
        related_name="training_records",
    )
    unit = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("đơn vị công tác"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Đơn vị của cán bộ khi được đào tạo."),
    )
    competence = models.ForeignKey(
        Competence,
        verbose_name=_("năng lực đạt được"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="training_records",
    )
    course = models.CharField(_("khóa đào tạo"), max_length=255)
    provider = models.CharField(_("đơn vị đào tạo"), max_length=200)
    completed_on = models.DateField(_("ngày hoàn thành"))
    hours = models.DecimalField(_("số giờ"), max_digits=6, decimal_places=1, default=0)
    certificate = models.FileField(
        _("chứng chỉ (tệp)"),
        upload_to=certificate_upload_to,
        storage=private_storage,
        blank=True,
    )
    certificate_number = models.CharField(_("số chứng chỉ"), max_length=100, blank=True)
    expires_on = models.DateField(
        _("chứng chỉ hết hạn"),
        null=True,
        blank=True,
        help_text=_("Để trống: tính theo thời hạn của năng lực (nếu có). dd/mm/yyyy."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ghi nhận"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    search_text = FoldedTextField(editable=False, blank=True, default="")

    folded_search_sources = ("course", "provider", "person_name")
    history = HistoricalRecords(
        history_change_reason_field=reason_field(), excluded_fields=["search_text"]
    )

    scope_unit_field = "unit"

    class Meta:
        verbose_name = _("hồ sơ đào tạo")
        verbose_name_plural = _("hồ sơ đào tạo")
        ordering = ["-completed_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True)
                | Q(expires_on__gte=F("completed_on")),
                name="training_expiry_after_completion",
                violation_error_message=_(
                    "Ngày hết hạn chứng chỉ phải sau ngày hoàn thành khóa học."
                ),
            ),
            models.CheckConstraint(
                condition=Q(hours__gte=0),
                name="training_hours_not_negative",
                violation_error_message=_("Số giờ đào tạo không được âm."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.course} ({self.completed_on:%d/%m/%Y})"

    def clean(self) -> None:
        """Name the field at fault (the constraint alone would not)."""
        if (
            self.expires_on
            and self.completed_on
            and self.expires_on < self.completed_on
        ):
            raise ValidationError(
                {
                    "expires_on": _(
                        "Ngày hết hạn chứng chỉ phải sau ngày hoàn thành khóa học."
                    )
                }
            )

    @property
    def person_name(self) -> str:
        """The trainee as records write a name (family name first)."""
        return person_name(self.person) if self.person_id else ""
