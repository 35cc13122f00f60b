"""Admin pages of competence: the person's record, unit overview, certificates.

Every URL carrying an id checks the scope: another unit's person, unit or
certificate is 404 (PITFALLS.md). A person may always open their own record.
"""

from io import BytesIO

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from openpyxl import Workbook
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from qms.competence import selectors
from qms.competence.models import TrainingRecord
from qms.organisation.models import AdministrativeUnit
from qms.organisation.people import person_name
from qms.organisation.scoping import scope_queryset
from qms.spreadsheets import xlsx_append, xlsx_response


class _Base(WagtailAdminTemplateMixin, TemplateView):
    header_icon = "user"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def require_reader(self) -> None:
        if not self.request.user.has_perm(selectors.VIEW_TRAINING):
            raise PermissionDenied


class OverviewView(_Base):
    """Units the user may see, with their people and gaps today."""

    template_name = "qms/competence/overview.html"
    page_title = gettext_lazy("Năng lực cán bộ")

    def get(self, request, *args, **kwargs):
        self.require_reader()
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        context.update(
            today=today,
            units=selectors.gaps_by_unit(
                unit_ids=selectors.visible_unit_ids(self.request.user), day=today
            ),
        )
        return context


class UnitMatrixView(_Base):
    """People × competences of one unit; ``?export=xlsx`` downloads it."""

    template_name = "qms/competence/unit.html"
    page_title = gettext_lazy("Ma trận năng lực")

    def get(self, request, *args, pk, **kwargs):
        self.require_reader()
        unit = get_object_or_404(
            scope_queryset(AdministrativeUnit.objects.all(), request.user), pk=pk
        )
        self.matrix = selectors.unit_matrix(unit=unit, day=timezone.localdate())
        if request.GET.get("export") == "xlsx":
            return _matrix_xlsx(self.matrix)
        return super().get(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.matrix.unit.name

    def get_context_data(self, **kwargs):
        return super().get_context_data(matrix=self.matrix, **kwargs)


def _matrix_xlsx(matrix: selectors.UnitMatrix):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_("Ma trận năng lực")[:31])
    xlsx_append(
        sheet,
        [_("Cán bộ"), _("Vai trò")]
        + [c.name for c in matrix.competences]
        + [_("Số thiếu hụt")],
        bold=True,
    )
    for row in matrix.rows:
        cells = []
        for cell in row.cells:
            if cell is None:
                cells.append("")
            elif cell.expires_on:
                cells.append(f"{cell.label} ({cell.expires_on:%d/%m/%Y})")
            else:
                cells.append(cell.label if cell.required else f"{cell.label} *")
        xlsx_append(
            sheet,
            [person_name(row.person), ", ".join(r.group_name for r in row.roles)]
            + cells
            + [row.gap_count],
        )
    output = BytesIO()
    workbook.save(output)
    filename = f"nang-luc-{matrix.unit.code}-{matrix.day:%Y%m%d}.xlsx"
    return xlsx_response(filename, output.getvalue())


class PersonView(_Base):
    """ "Hồ sơ năng lực": trainings, competences required and held, readings."""

    template_name = "qms/competence/person.html"
    page_title = gettext_lazy("Hồ sơ năng lực")

    def get(self, request, *args, pk, **kwargs):
        person = get_object_or_404(get_user_model(), pk=pk)
        if person.pk != request.user.pk:
            self.require_reader()
        if not selectors.person_visible(request.user, person):
            raise Http404
        self.profile = selectors.person_profile(person=person, day=timezone.localdate())
        return super().get(request, *args, **kwargs)

    def get_page_subtitle(self):
        return person_name(self.profile.person)

    def get_context_data(self, **kwargs):
        user = self.request.user
        can_add = user.has_perm("qms.add_trainingrecord")
        return super().get_context_data(
            profile=self.profile,
            today=timezone.localdate(),
            add_url=(
                reverse("training_records:add") + f"?person={self.profile.person.pk}"
                if can_add
                else ""
            ),
            **kwargs,
        )


def certificate_download(request, pk):
    """The certificate of a record the user may see (their own, or in scope)."""
    record = get_object_or_404(TrainingRecord.objects.select_related("person"), pk=pk)
    if record.person_id != request.user.pk:
        if not request.user.has_perm(selectors.VIEW_TRAINING):
            raise PermissionDenied
        if not scope_queryset(
            TrainingRecord.objects.filter(pk=record.pk), request.user
        ).exists():
            raise Http404
    if not record.certificate:
        raise Http404
    try:
        handle = record.certificate.open("rb")
    except OSError as error:
        raise Http404 from error
    return FileResponse(
        handle, as_attachment=True, filename=record.certificate.name.split("/")[-1]
    )


def my_record(request):
    """The signed-in person's own record: everyone may open it."""
    return redirect("qms_competence:person", pk=request.user.pk)
