"""Listings of inspection records on Wagtail's generic index view.

Inspections, nonconformities and corrective actions are listed with
``wagtail.admin.views.generic.IndexView``: paginated, filtered (unit, year,
status, grade, overdue), searched without tone marks (the unit's folded name
and the record's folded text, ``qms.admin_search``), sorted by their column
headings and exported as CSV/XLSX for an office (``OfficeExportMixin``,
``qms.spreadsheets``). The
commune scope comes from ``ScopedIndexView``; the unit filter offers only the
units the reader may see, so another commune's id is an invalid choice, never
a leak. Rows open the existing detail screens. The management-review listing
(``audits.reviews.listings``) is built on the same base.
"""

import datetime
from collections.abc import Callable
from typing import Any

import django_filters
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, TitleColumn

from audits.inspections import selectors
from audits.inspections.choices import (
    ActionStatus,
    Grade,
    InspectionStatus,
    NonconformityStatus,
)
from audits.inspections.models import CorrectiveAction, Inspection, Nonconformity
from qms.admin_search import FoldedSearchIndexMixin
from qms.organisation.admin_scoping import (
    ScopedIndexView,
    ScopedPermissionPolicy,
    export_value,
)
from qms.organisation.people import person_name
from qms.organisation.unit_fields import UnitFilter

#: The first year a listing's year filter offers.
FIRST_YEAR = 2015
YES_NO = [("yes", _("Có")), ("no", _("Không"))]


def year_choices() -> list[tuple[int, int]]:
    """Years a listing can be filtered on, newest first (no query)."""
    this_year = timezone.localdate().year
    return [(year, str(year)) for year in range(this_year + 1, FIRST_YEAR - 1, -1)]


class YearFilter(django_filters.ChoiceFilter):
    """Records whose ``field_name`` (a date) falls in the chosen year.

    A year that is not offered (``?year=abc``, ``?year=1900``) makes the
    filter form invalid: Wagtail then shows every row with the error beside the
    field, never a server error.
    """

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("choices", year_choices)
        kwargs.setdefault("label", _("Năm"))
        kwargs.setdefault("empty_label", _("Mọi năm"))
        kwargs.setdefault("lookup_expr", "year")
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        # the form checked that the value is one of the years offered
        return super().filter(qs, int(value) if value else value)


def yes_no_filter(label, method: str) -> django_filters.ChoiceFilter:
    return django_filters.ChoiceFilter(
        label=label, choices=YES_NO, method=method, empty_label=_("Tất cả")
    )


def overdue_actions_q(prefix: str = "") -> Q:
    """``Q`` for actions still open past their due date (``prefix`` to reach
    them from another model: ``"actions__"``)."""
    today = timezone.localdate()
    return Q(**{f"{prefix}status": ActionStatus.OPEN, f"{prefix}due_date__lt": today})


def _date(name: str) -> Callable[[Any], str]:
    def value(instance) -> str:
        day = export_value(instance, name)  # None-safe: a finding outside a visit
        return f"{day:%d/%m/%Y}" if isinstance(day, datetime.date) else "—"

    return value


class DateColumn(Column):
    """A date as dd/mm/yyyy, sortable on the field."""

    def __init__(self, name: str, **kwargs) -> None:
        kwargs.setdefault("sort_key", name)
        super().__init__(name, accessor=_date(name), **kwargs)


class AuditIndexView(FoldedSearchIndexMixin, ScopedIndexView):
    """Common ground of the audit listings.

    Subclasses name the model, the filterset, the columns (``get_columns``),
    the listing's reads (``listing_queryset``), the export columns
    (``list_export`` with Vietnamese ``export_headings``) and, for values
    that are not attributes, ``export_values`` (name -> function of a row).
    """

    any_permission_required = ["view"]
    template_name = "audits/inspections/listing.html"
    paginate_by = 50
    header_icon = "clipboard-list"
    export_values: dict[str, Callable[[Any], Any]] = {}
    detail_url_name = ""

    @cached_property
    def permission_policy(self):
        return ScopedPermissionPolicy(self.model)

    def listing_queryset(self, queryset: QuerySet) -> QuerySet:
        return queryset

    def get_base_queryset(self):
        return self.listing_queryset(super().get_base_queryset())

    def get_detail_url(self, instance) -> str:
        return reverse(self.detail_url_name, args=[instance.pk])

    # Rows open the record's own screen; the generic edit/delete menu is not
    # offered (the record's screens call the services).
    def get_edit_url(self, instance):
        return None

    def get_list_more_buttons(self, instance):
        return []

    def get_columns(self) -> list[Column]:
        raise NotImplementedError

    @cached_property
    def columns(self):
        return self.get_columns()

    def to_row_dict(self, item) -> dict[str, Any]:
        return {
            name: (
                self.export_values[name](item)
                if name in self.export_values
                else export_value(item, name)
            )
            for name in self.list_export
        }


# Inspections --------------------------------------------------------------------


class InspectionFilterSet(WagtailFilterSet):
    """Unit (and the units below it), year of the visit, status, findings."""

    unit = UnitFilter(
        field_name="unit",
        label=_("Đơn vị (và các đơn vị trực thuộc)"),
        levels=None,
        empty_label=_("Tất cả đơn vị được xem"),
    )
    year = YearFilter(field_name="start_date", label=_("Năm kiểm tra"))
    status = django_filters.ChoiceFilter(
        choices=InspectionStatus.choices,
        label=_("Trạng thái"),
        empty_label=_("Mọi trạng thái"),
    )
    grade = django_filters.ChoiceFilter(
        choices=Grade.choices,
        label=_("Có điểm không phù hợp mức"),
        method="filter_grade",
        empty_label=_("Mọi mức"),
    )
    overdue = yes_no_filter(_("Có hành động khắc phục quá hạn"), "filter_overdue")

    class Meta:
        model = Inspection
        fields = ["unit", "year", "status", "grade", "overdue"]

    def filter_grade(self, queryset, name, value):
        graded = Nonconformity.objects.filter(inspection=OuterRef("pk"), grade=value)
        return queryset.filter(Exists(graded))

    def filter_overdue(self, queryset, name, value):
        late = Exists(
            CorrectiveAction.objects.filter(
                overdue_actions_q(), nonconformity__inspection=OuterRef("pk")
            )
        )
        return queryset.filter(late if value == "yes" else ~late)


class InspectionIndexView(AuditIndexView):
    """Every inspection the reader may see, 50 a page."""

    model = Inspection
    page_title = _("Cuộc kiểm tra")
    index_url_name = "audits_inspections:index"
    index_results_url_name = "audits_inspections:index_results"
    detail_url_name = "audits_inspections:detail"
    filterset_class = InspectionFilterSet
    folded_search_fields = ("unit__search_text",)
    search_fields = ["decision_number"]
    default_ordering = "-start_date"
    export_filename = "cuoc-kiem-tra"
    list_export = [
        "decision_number",
        "decision_date",
        "unit",
        "unit.code",
        "mode",
        "start_date",
        "end_date",
        "leader",
        "status",
        "record_date",
        "nc_count",
        "major_count",
        "open_action_count",
        "overdue_action_count",
    ]
    export_headings = {
        "unit.code": _("Mã đơn vị"),
        "nc_count": _("Số điểm không phù hợp"),
        "major_count": _("Số điểm không phù hợp nặng"),
        "open_action_count": _("Hành động khắc phục chưa hoàn thành"),
        "overdue_action_count": _("Hành động khắc phục quá hạn"),
    }
    export_values = {"leader": lambda inspection: person_name(inspection.leader)}

    def get_add_url(self):
        if self.request.user.has_perm("audits.add_inspection"):
            return reverse("audits_inspections:create")
        return None

    @cached_property
    def add_item_label(self):
        return _("Ra quyết định kiểm tra")

    def listing_queryset(self, queryset):
        return selectors.inspection_listing(queryset, today=timezone.localdate())

    def get_columns(self):
        return [
            TitleColumn(
                "decision_number",
                label=_("Quyết định"),
                get_url=self.get_detail_url,
                sort_key="decision_number",
            ),
            Column(
                "unit", label=_("Đơn vị"), accessor="unit.name", sort_key="unit__name"
            ),
            DateColumn(
                "start_date", label=_("Ngày kiểm tra"), classname="qms-col-secondary"
            ),
            Column(
                "leader",
                label=_("Trưởng đoàn"),
                classname="qms-col-secondary",
                accessor=lambda i: person_name(i.leader),
            ),
            Column(
                "status",
                label=_("Trạng thái"),
                accessor="get_status_display",
                sort_key="status",
            ),
            Column(
                "nc_count",
                label=_("Điểm KPH (nặng)"),
                classname="qms-col-secondary",
                accessor=lambda i: f"{i.nc_count} ({i.major_count})",
                sort_key="nc_count",
            ),
            Column(
                "open_action_count",
                label=_("HĐKP chưa xong"),
                accessor=_open_actions_cell,
                sort_key="open_action_count",
            ),
        ]


def _open_actions_cell(row) -> str:
    if row.overdue_action_count:
        return format_html(
            '{} <span class="qms-tag overdue">{} {}</span>',
            row.open_action_count,
            row.overdue_action_count,
            _("quá hạn"),
        )
    return str(row.open_action_count)


# Nonconformities ------------------------------------------------------------------


class NonconformityFilterSet(WagtailFilterSet):
    """Unit inspected, year of the visit, status, grade, overdue actions."""

    unit = UnitFilter(
        field_name="unit",
        label=_("Đơn vị (và các đơn vị trực thuộc)"),
        levels=None,
        empty_label=_("Tất cả đơn vị được xem"),
    )
    year = YearFilter(field_name="inspection__start_date", label=_("Năm kiểm tra"))
    status = django_filters.ChoiceFilter(
        choices=NonconformityStatus.choices,
        label=_("Trạng thái"),
        empty_label=_("Mọi trạng thái"),
    )
    grade = django_filters.ChoiceFilter(
        choices=Grade.choices, label=_("Mức độ"), empty_label=_("Mọi mức")
    )
    overdue = yes_no_filter(_("Có hành động khắc phục quá hạn"), "filter_overdue")

    class Meta:
        model = Nonconformity
        fields = ["unit", "year", "status", "grade", "overdue"]

    def filter_overdue(self, queryset, name, value):
        late = Exists(
            CorrectiveAction.objects.filter(
                overdue_actions_q(), nonconformity=OuterRef("pk")
            )
        )
        return queryset.filter(late if value == "yes" else ~late)


class NonconformityIndexView(AuditIndexView):
    """Every nonconformity raised in the reader's units."""

    model = Nonconformity
    page_title = _("Điểm không phù hợp")
    index_url_name = "audits_inspections:nonconformities"
    index_results_url_name = "audits_inspections:nonconformities_results"
    detail_url_name = "audits_inspections:nonconformity"
    filterset_class = NonconformityFilterSet
    folded_search_fields = ("unit__search_text", "search_text")
    search_fields = ["description", "iso_clause", "inspection__decision_number"]
    default_ordering = "-inspection__start_date"
    export_filename = "diem-khong-phu-hop"
    list_export = [
        "code",
        "unit",
        "inspection.start_date",
        "grade",
        "iso_clause",
        "c26_item",
        "reform_area",
        "description",
        "status",
        "action_count",
        "open_action_count",
        "overdue_action_count",
    ]
    export_headings = {
        "code": _("Số hiệu"),
        "unit": _("Đơn vị"),
        "inspection.start_date": _("Ngày kiểm tra"),
        "action_count": _("Số hành động khắc phục"),
        "open_action_count": _("Hành động khắc phục chưa hoàn thành"),
        "overdue_action_count": _("Hành động khắc phục quá hạn"),
    }

    def listing_queryset(self, queryset):
        return selectors.nonconformity_listing(queryset, today=timezone.localdate())

    def get_columns(self):
        return [
            TitleColumn(
                "code",
                label=_("Số hiệu"),
                get_url=self.get_detail_url,
                sort_key="inspection__decision_number",
            ),
            Column(
                "unit",
                label=_("Đơn vị"),
                accessor="unit.name",
                sort_key="unit__name",
            ),
            DateColumn(
                "inspection.start_date",
                label=_("Ngày kiểm tra"),
                classname="qms-col-secondary",
            ),
            Column(
                "grade",
                label=_("Mức độ"),
                accessor="get_grade_display",
                sort_key="grade",
            ),
            Column(
                "description",
                label=_("Mô tả"),
                classname="qms-col-secondary",
                accessor=lambda nc: _shorten(nc.description),
            ),
            Column(
                "status",
                label=_("Trạng thái"),
                accessor="get_status_display",
                sort_key="status",
            ),
            Column(
                "open_action_count",
                label=_("HĐKP chưa xong"),
                accessor=_open_actions_cell,
                sort_key="open_action_count",
            ),
        ]


def _shorten(text: str, limit: int = 90) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# Corrective actions ---------------------------------------------------------------


class ActionFilterSet(WagtailFilterSet):
    """Owner unit, year of the inspection, status, grade, overdue."""

    unit = UnitFilter(
        field_name="owner_unit",
        label=_("Đơn vị thực hiện (và các đơn vị trực thuộc)"),
        levels=None,
        empty_label=_("Tất cả đơn vị được xem"),
    )
    year = YearFilter(
        field_name="nonconformity__inspection__start_date", label=_("Năm kiểm tra")
    )
    status = django_filters.ChoiceFilter(
        choices=ActionStatus.choices,
        label=_("Trạng thái"),
        empty_label=_("Mọi trạng thái"),
    )
    grade = django_filters.ChoiceFilter(
        field_name="nonconformity__grade",
        choices=Grade.choices,
        label=_("Mức độ điểm không phù hợp"),
        empty_label=_("Mọi mức"),
    )
    overdue = yes_no_filter(_("Quá hạn"), "filter_overdue")

    class Meta:
        model = CorrectiveAction
        fields = ["unit", "year", "status", "grade", "overdue"]

    def filter_overdue(self, queryset, name, value):
        late = overdue_actions_q()
        return queryset.filter(late) if value == "yes" else queryset.exclude(late)


def _due_cell(action) -> str:
    due = f"{action.due_date:%d/%m/%Y}"
    if action.status == ActionStatus.OPEN and action.due_date < timezone.localdate():
        return format_html(
            '{} <span class="qms-tag overdue">{}</span>', due, _("quá hạn")
        )
    return due


def _is_overdue(action) -> bool:
    return action.status == ActionStatus.OPEN and (
        action.due_date < timezone.localdate()
    )


class ActionIndexView(AuditIndexView):
    """Every corrective action of the reader's units, soonest due first."""

    model = CorrectiveAction
    page_title = _("Hành động khắc phục")
    template_name = "audits/inspections/action_index.html"
    index_url_name = "audits_inspections:actions"
    index_results_url_name = "audits_inspections:actions_results"
    detail_url_name = "audits_inspections:action"
    filterset_class = ActionFilterSet
    folded_search_fields = ("owner_unit__search_text", "search_text")
    search_fields = ["action", "nonconformity__inspection__decision_number"]
    default_ordering = "due_date"
    export_filename = "hanh-dong-khac-phuc"
    list_export = [
        "pk",
        "nonconformity.code",
        "nonconformity.grade",
        "owner_unit",
        "owner",
        "action",
        "due_date",
        "status",
        "overdue",
        "reported_at",
        "nonconformity.inspection.start_date",
    ]
    export_headings = {
        "pk": _("Số"),
        "nonconformity.code": _("Điểm không phù hợp"),
        "nonconformity.grade": _("Mức độ"),
        "overdue": _("Quá hạn"),
        "nonconformity.inspection.start_date": _("Ngày kiểm tra"),
    }
    export_values = {
        "owner": lambda action: person_name(action.owner, nobody=""),
        "nonconformity.grade": lambda action: action.nonconformity.get_grade_display(),
        "overdue": _is_overdue,
    }

    def listing_queryset(self, queryset):
        return selectors.action_listing(queryset)

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        if not self.results_only:
            today = timezone.localdate()
            context["today"] = today
            context["rows"] = selectors.follow_up(user=self.request.user, today=today)
        return context

    def get_columns(self):
        return [
            TitleColumn(
                "pk",
                label=_("Số"),
                accessor=lambda action: f"#{action.pk}",
                classname="qms-col-key",
                get_url=self.get_detail_url,
                sort_key="pk",
            ),
            Column(
                "nonconformity",
                label=_("Điểm KPH"),
                classname="qms-col-secondary",
                accessor=lambda action: (
                    f"{action.nonconformity.code} "
                    f"({action.nonconformity.get_grade_display()})"
                ),
            ),
            Column(
                "owner_unit",
                label=_("Đơn vị thực hiện"),
                accessor="owner_unit.name",
                sort_key="owner_unit__name",
            ),
            Column(
                "action",
                label=_("Hành động"),
                classname="qms-col-secondary",
                accessor=lambda action: _shorten(action.action),
            ),
            Column("due_date", label=_("Hạn"), accessor=_due_cell, sort_key="due_date"),
            Column(
                "status",
                label=_("Trạng thái"),
                accessor="get_status_display",
                sort_key="status",
            ),
        ]
