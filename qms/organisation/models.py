"""The organisation: administrative units, the people in them, deployment settings."""

import datetime
from functools import partial

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, HelpPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Site

from qms.folding import FoldedSearchMixin, FoldedTextField
from qms.organisation.choices import UnitLevel

#: Resolution 202/2025/QH15: the two-tier structure starts on this date.
REFORM_DATE = datetime.date(2025, 7, 1)
LEGACY_END = REFORM_DATE - datetime.timedelta(days=1)


class AdministrativeUnitQuerySet(models.QuerySet):
    """Queries over units that every app reuses."""

    def valid_on(self, day: datetime.date) -> "AdministrativeUnitQuerySet":
        """Units that existed on ``day`` (both ends inclusive, open ends unbounded)."""
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=day),
            Q(valid_to__isnull=True) | Q(valid_to__gte=day),
        )

    def current(self) -> "AdministrativeUnitQuerySet":
        """Units in force today's structure (no end date)."""
        return self.filter(valid_to__isnull=True)


class AdministrativeUnit(FoldedSearchMixin, models.Model):
    """A province, district, commune or agency, with the period it existed.

    The pre-2025 three-tier structure and today's two tiers live side by side:
    a legacy unit ends on 30/06/2025 and names its successors, so historical
    records stay attached to the unit that existed then and figures can be
    regrouped onto today's units. Codes are the General Statistics Office's;
    the same code can belong to a legacy and a current unit.
    """

    code = models.CharField(_("mã"), max_length=32, db_index=True)
    name = models.CharField(_("tên"), max_length=200)
    short_name = models.CharField(_("tên ngắn"), max_length=200, blank=True)
    level = models.CharField(_("cấp"), max_length=16, choices=UnitLevel.choices)
    unit_type = models.CharField(
        _("loại"),
        max_length=32,
        blank=True,
        help_text=_("Ví dụ: xã, phường, thị trấn, đặc khu, huyện, tỉnh."),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    successors = models.ManyToManyField(
        "self",
        verbose_name=_("đơn vị kế thừa"),
        symmetrical=False,
        blank=True,
        related_name="predecessors",
    )
    email = models.EmailField(_("thư điện tử"), blank=True)
    source = models.CharField(
        _("nguồn dữ liệu"),
        max_length=64,
        blank=True,
        help_text=_("Gói dữ liệu đã tạo đơn vị này, để nạp lại không tạo trùng."),
    )
    #: Code and names folded for the admin search ("xuan truong" finds
    #: "Xuân Trường"): qms.folding, qms.admin_search.
    search_text = FoldedTextField(editable=False, blank=True, default="")

    folded_search_sources = ("code", "name", "short_name")

    objects = AdministrativeUnitQuerySet.as_manager()

    #: Units are scoped by themselves: see qms.organisation.scoping.
    scope_unit_field = "pk"

    class Meta:
        verbose_name = _("đơn vị hành chính")
        verbose_name_plural = _("đơn vị hành chính")
        ordering = ["level", "code"]
        permissions = [("view_all_units", _("Xem dữ liệu của mọi đơn vị"))]
        constraints = [
            models.UniqueConstraint(
                fields=["level", "code"],
                condition=Q(valid_to__isnull=True),
                name="unit_code_unique_current",
                violation_error_message=_(
                    "Đã có một đơn vị đang hiệu lực cùng cấp với mã này."
                ),
            ),
            models.UniqueConstraint(
                fields=["level", "code", "valid_to"],
                condition=Q(valid_to__isnull=False),
                name="unit_code_unique_ended",
                violation_error_message=_(
                    "Đã có một đơn vị cùng cấp, cùng mã, cùng ngày hết hiệu lực."
                ),
            ),
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_to__isnull=True)
                | Q(valid_from__lte=models.F("valid_to")),
                name="unit_valid_period_ordered",
                violation_error_message=_(
                    "Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực."
                ),
            ),
        ]

    def __str__(self) -> str:
        if self.valid_to:
            return _("%(name)s (%(code)s, đến %(end)s)") % {
                "name": self.name,
                "code": self.code,
                "end": f"{self.valid_to:%d/%m/%Y}",
            }
        return f"{self.name} ({self.code})"

    @property
    def is_legacy(self) -> bool:
        """True for units of the pre-2025 structure."""
        return self.valid_to is not None and self.valid_to <= LEGACY_END

    def descendant_ids(self) -> set[int]:
        """Ids of this unit and every unit below it (few queries per tier)."""
        found = {self.pk}
        frontier = [self.pk]
        while frontier:
            frontier = list(
                AdministrativeUnit.objects.filter(parent_id__in=frontier)
                .exclude(pk__in=found)
                .values_list("pk", flat=True)
            )
            found.update(frontier)
        return found


class UnitMembership(models.Model):
    """A person belongs to a unit: scopes commune officers, decides impartiality."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người dùng"),
        on_delete=models.CASCADE,
        related_name="unit_memberships",
    )
    unit = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("đơn vị"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    position = models.CharField(_("chức vụ"), max_length=120, blank=True)
    is_head = models.BooleanField(
        _("thủ trưởng đơn vị"),
        default=False,
        help_text=_("Nhận thông báo khi hành động khắc phục quá hạn lâu."),
    )

    class Meta:
        verbose_name = _("thành viên đơn vị")
        verbose_name_plural = _("thành viên đơn vị")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "unit"],
                name="membership_unique_user_unit",
                violation_error_message=_("Người này đã thuộc đơn vị này."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.unit.name}"


@register_setting(icon="site")
class DeploymentSettings(BaseSiteSetting):
    """Which unit runs this deployment, and how the public reaches it."""

    operating_unit = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("đơn vị vận hành hệ thống"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("UBND hoặc cơ quan đang vận hành hệ thống này."),
    )
    organisation_name = models.CharField(
        _("tên cơ quan hiển thị"), max_length=200, blank=True
    )
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=64, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)

    panels = [
        HelpPanel(
            content=_(
                "Đơn vị vận hành quyết định phạm vi mặc định của báo cáo "
                "và trang công khai."
            )
        ),
        FieldPanel("operating_unit"),
        FieldPanel("organisation_name"),
        FieldPanel("address"),
        FieldPanel("phone"),
        FieldPanel("email"),
    ]

    class Meta:
        verbose_name = _("cấu hình triển khai")
        verbose_name_plural = _("cấu hình triển khai")

    @classmethod
    def for_site(cls, site):
        """Read on every public page: remembered per generation of public pages.

        Saving the settings moves that generation (qms/signals.py).
        """
        from qms.page_serving import settings_for_site  # noqa: PLC0415 - views

        return settings_for_site(cls, site, partial(super().for_site, site))

    def display_name(self) -> str:
        """The organisation's name as the public site shows it."""
        if self.organisation_name:
            return self.organisation_name
        if self.operating_unit:
            return f"UBND {self.operating_unit.name}"
        return str(settings.WAGTAIL_SITE_NAME)


def organisation_name(request=None) -> str:
    """The deployment's name for headers of printouts, with or without a request.

    The request's site when there is one, else the default site; without any
    Wagtail site (a fresh database) the configured site name.
    """
    site = (Site.find_for_request(request) if request else None) or (
        Site.objects.filter(is_default_site=True).first()
    )
    if site is None:
        return str(settings.WAGTAIL_SITE_NAME)
    return DeploymentSettings.for_site(site).display_name()
