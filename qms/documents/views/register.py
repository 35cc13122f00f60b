"""The register: in force on a day, and the due/overdue dashboard."""

from django.core.paginator import Paginator
from django.utils import timezone
from django.utils.translation import gettext_lazy

from qms.documents import services
from qms.documents.forms import DayForm
from qms.documents.models import DocumentRevision
from qms.documents.selectors import (
    acknowledgement_coverage,
    documents_due,
    revisions_in_force_on,
)
from qms.documents.views.base import _Base, _parse_day
from qms.organisation.models import AdministrativeUnit
from qms.organisation.scoping import scope_queryset


class RegisterInForceView(_Base):
    """The whole register as it stood on a day."""

    template_name = "qms/documents/in_force.html"
    page_title = gettext_lazy("Tài liệu có hiệu lực theo ngày")
    paginate_by = 200

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        day = _parse_day(self.request.GET.get("on")) or timezone.localdate()
        revisions = revisions_in_force_on(day).filter(
            document__in=self.scoped_documents()
        )
        page = Paginator(revisions, self.paginate_by).get_page(
            self.request.GET.get("p")
        )
        context.update(
            day=day,
            form=DayForm(initial={"on": day}),
            page=page,
            revisions=page.object_list,
        )
        return context


class DashboardView(_Base):
    """Documents due and overdue, drafts waiting, read coverage per unit."""

    template_name = "qms/documents/dashboard.html"
    page_title = gettext_lazy("Kiểm soát tài liệu")

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        documents = self.scoped_documents()
        waiting = (
            DocumentRevision.objects.filter(
                status__in=services.IN_PROGRESS, document__in=documents
            )
            .select_related("document", "drafted_by")
            .order_by("document__code")
        )
        context.update(
            today=today,
            due=documents_due(today=today, queryset=documents),
            waiting=list(waiting),
            coverage=acknowledgement_coverage(
                units_queryset=scope_queryset(
                    AdministrativeUnit.objects.all(), self.request.user
                )
            ),
        )
        return context
