"""The list of management reviews on Wagtail's generic index view.

Built on ``audits.inspections.listings.AuditIndexView``: paginated, filtered
(unit, year, meeting held, overdue decisions), searched without tone marks on
the unit's name, sorted and exported for an office, within the commune scope.
Below the list, the period form that assembles a new review pack.
"""

import django_filters
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, TitleColumn

from audits.inspections.listings import (
    AuditIndexView,
    DateColumn,
    YearFilter,
    yes_no_filter,
)
from audits.reviews import selectors
from audits.reviews.forms import ReviewPeriodForm
from audits.reviews.models import ManagementReview, ReviewAction
from qms.organisation.unit_fields import UnitFilter

HELD = [("held", _("Đã họp")), ("pending", _("Chưa họp"))]


class ReviewFilterSet(WagtailFilterSet):
    """Unit, year the period ends, meeting held or not, overdue decisions."""

    unit = UnitFilter(
        field_name="unit",
        label=_("Đơn vị (và các đơn vị trực thuộc)"),
        levels=None,
        empty_label=_("Tất cả đơn vị được xem"),
    )
    year = YearFilter(field_name="period_to", label=_("Năm của kỳ xem xét"))
    status = django_filters.ChoiceFilter(
        choices=HELD,
        label=_("Cuộc họp"),
        method="filter_status",
        empty_label=_("Tất cả"),
    )
    overdue = yes_no_filter(_("Có việc quá hạn"), "filter_overdue")

    class Meta:
        model = ManagementReview
        fields = ["unit", "year", "status", "overdue"]

    def filter_status(self, queryset, name, value):
        return queryset.filter(meeting_date__isnull=value != "held")

    def filter_overdue(self, queryset, name, value):
        late = Exists(
            ReviewAction.objects.filter(
                review=OuterRef("pk"),
                done_on__isnull=True,
                due_date__lt=timezone.localdate(),
            )
        )
        return queryset.filter(late if value == "yes" else ~late)


class ReviewIndexView(AuditIndexView):
    """Past management reviews of the reader's units, newest period first."""

    model = ManagementReview
    page_title = _("Xem xét của lãnh đạo")
    header_icon = "group"
    template_name = "audits/reviews/review_listing.html"
    index_url_name = "audits_reviews:reviews"
    index_results_url_name = "audits_reviews:reviews_results"
    detail_url_name = "audits_reviews:review"
    filterset_class = ReviewFilterSet
    folded_search_fields = ("unit__search_text",)
    search_fields = ["chair", "minutes"]
    default_ordering = "-period_to"
    export_filename = "xem-xet-cua-lanh-dao"
    list_export = [
        "unit",
        "period_from",
        "period_to",
        "meeting_date",
        "chair",
        "action_count",
        "open_action_count",
        "overdue_action_count",
    ]
    export_headings = {
        "action_count": _("Số việc sau xem xét"),
        "open_action_count": _("Việc chưa hoàn thành"),
        "overdue_action_count": _("Việc quá hạn"),
    }

    def listing_queryset(self, queryset):
        return selectors.review_listing(queryset, today=timezone.localdate())

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        if not self.results_only:
            context["form"] = ReviewPeriodForm(user=self.request.user)
        return context

    def get_detail_url(self, instance) -> str:
        return reverse(self.detail_url_name, args=[instance.pk])

    def get_columns(self):
        return [
            TitleColumn(
                "period",
                label=_("Kỳ xem xét"),
                accessor=lambda r: f"{r.period_from:%d/%m/%Y} – {r.period_to:%d/%m/%Y}",
                get_url=self.get_detail_url,
                sort_key="period_to",
            ),
            Column(
                "unit", label=_("Đơn vị"), accessor="unit.name", sort_key="unit__name"
            ),
            DateColumn(
                "meeting_date", label=_("Ngày họp"), classname="qms-col-secondary"
            ),
            Column(
                "action_count",
                label=_("Số việc"),
                classname="qms-col-secondary",
                accessor=lambda r: f"{r.action_count} ({r.open_action_count})",
                sort_key="action_count",
            ),
            Column(
                "overdue_action_count",
                label=_("Việc quá hạn"),
                sort_key="overdue_action_count",
            ),
        ]
