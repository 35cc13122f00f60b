"""Commune scope enforced in the Wagtail admin, not only hidden in menus.

Wagtail's model views filter listings through ``get_queryset`` but fetch a
single object by primary key, so a listing filter alone would let a commune-A
officer open a commune-B record by URL (PITFALLS.md). ``ScopedModelViewSet``
checks the scope on every view that carries an object id (404 outside it), and
``ScopedPermissionPolicy`` answers instance questions (bulk actions, choosers)
the same way. Register the policy for each scoped model.
"""

from io import BytesIO

from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.http import Http404
from django.urls import path
from django.utils.encoding import force_str
from openpyxl import Workbook
from wagtail import hooks
from wagtail.admin.auth import require_admin_access
from wagtail.admin.views import generic
from wagtail.admin.views.generic import history, usage
from wagtail.admin.views.reports.audit_logging import LogEntriesView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.coreutils import multigetattr
from wagtail.permission_policies import ModelPermissionPolicy

from qms.organisation.scoping import in_scope, scope_queryset, sees_all_units
from qms.organisation.unit_fields import scope_unit_fields, unit_formfield
from qms.spreadsheets import csv_response, xlsx_append, xlsx_response


class ScopedPermissionPolicy(ModelPermissionPolicy):
    """Model permissions, further limited to the user's units for instances."""

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and in_scope(instance, user)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return self.user_has_any_permission(user, actions) and in_scope(instance, user)

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return self.model._default_manager.none()
        return scope_queryset(self.model._default_manager.all(), user)


class _ScopedObjectMixin:
    """404 for any object outside the requesting user's scope."""

    def get_object(self, *args, **kwargs):
        obj = super().get_object(*args, **kwargs)
        if obj is not None and not in_scope(obj, self.request.user):
            raise Http404
        return obj


class _ScopedFormMixin:
    """Unit pickers of the form hold only the units the user may see."""

    def get_form(self, *args, **kwargs):
        form = super().get_form(*args, **kwargs)
        scope_unit_fields(form, self.request.user)
        return form


class _ScopedIndexMixin:
    def get_base_queryset(self):
        return scope_queryset(super().get_base_queryset(), self.request.user)


def export_value(item, name: str):
    """``multigetattr(item, name)``, or None where the path meets a None."""
    current = item
    for part in name.split("."):
        if current is None:
            return None
        current = multigetattr(current, part)
    return current


class OfficeExportMixin:
    """Wagtail's listing export (``?export=csv|xlsx``) made ready for an office.

    Wagtail writes the columns named in ``list_export``; a listing that names
    none answered ``?export=csv`` with one empty line per row (the dossier
    list did). Here a listing without ``list_export`` has no export at all
    (``?export=`` shows the listing), and the files follow
    ``qms.spreadsheets``: headings in the interface language, choices as their
    labels, dates dd/mm/yyyy and local times, Vietnamese numbers, a BOM.
    """

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.is_export = self.is_export and bool(self.list_export)

    def _choice_labels(self) -> dict[str, dict]:
        labels = {}
        model = getattr(self, "model", None)
        for name in self.list_export:
            if not isinstance(name, str) or "." in name or model is None:
                continue
            try:
                field = model._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            if getattr(field, "choices", None):
                labels[name] = dict(field.flatchoices)
        return labels

    def to_row_dict(self, item) -> dict:
        """The ``list_export`` values of ``item``; a dotted path through an
        empty relation (a unit without parent: ``parent.code``) is empty."""
        return {name: export_value(item, name) for name in self.list_export}

    def export_rows(self, queryset):
        """One list of plain values per object, choices as labels."""
        labels = self._choice_labels()
        for item in queryset:
            row = self.to_row_dict(item)
            yield [
                labels[name].get(value, value) if name in labels else value
                for name, value in row.items()
            ]

    def export_headers(self, queryset) -> list[str]:
        return [self.get_heading(queryset, field) for field in self.list_export]

    def write_csv_response(self, queryset):
        return csv_response(
            f"{self.get_filename()}.csv",
            self.export_headers(queryset),
            self.export_rows(queryset),
        )

    def write_xlsx(self, queryset, output):
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(title=force_str(self.get_filename())[:31])
        xlsx_append(sheet, self.export_headers(queryset), bold=True)
        for row in self.export_rows(queryset):
            xlsx_append(sheet, row)
        workbook.save(output)

    def write_xlsx_response(self, queryset):
        output = BytesIO()
        self.write_xlsx(queryset, output)
        return xlsx_response(f"{self.get_filename()}.xlsx", output.getvalue())


class ScopedIndexView(_ScopedIndexMixin, OfficeExportMixin, generic.IndexView):
    pass


class ScopedCreateView(_ScopedFormMixin, generic.CreateView):
    pass


class ScopedEditView(_ScopedFormMixin, _ScopedObjectMixin, generic.EditView):
    pass


class ScopedDeleteView(_ScopedObjectMixin, generic.DeleteView):
    pass


class ScopedInspectView(_ScopedObjectMixin, generic.InspectView):
    pass


class ScopedCopyView(_ScopedObjectMixin, generic.CopyView):
    pass


class ReadableHistoryView(history.HistoryView):
    """A record's history for whoever may view the record (the ISO reviewer
    traces changes without any right to make them), not only its editors."""

    any_permission_required = ["add", "change", "delete", "view"]


class ScopedHistoryView(_ScopedObjectMixin, ReadableHistoryView):
    pass


class ScopedUsageView(_ScopedObjectMixin, usage.UsageView):
    pass


class UnitPickerViewSetMixin:
    """Foreign keys to a unit get the shared grouped picker in the forms."""

    def formfield_for_dbfield(self, db_field, **kwargs):
        return unit_formfield(db_field, **kwargs)


class ScopedModelViewSet(UnitPickerViewSetMixin, ModelViewSet):
    """A ModelViewSet whose every view respects the commune scope."""

    index_view_class = ScopedIndexView
    add_view_class = ScopedCreateView
    edit_view_class = ScopedEditView
    delete_view_class = ScopedDeleteView
    inspect_view_class = ScopedInspectView
    copy_view_class = ScopedCopyView
    history_view_class = ScopedHistoryView
    usage_view_class = ScopedUsageView


class ScopedSiteHistoryView(LogEntriesView):
    """Wagtail's site history report, only for users who see every unit.

    The report lists log entries by model permission alone, so it would show a
    commune officer the titles of other communes' records. Scoped users keep
    the history of each record they may open (the per-object history views).
    """

    def dispatch(self, request, *args, **kwargs):
        if not sees_all_units(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


site_history_urls = [
    path(
        "reports/site-history/",
        require_admin_access(ScopedSiteHistoryView.as_view()),
        name="qms_site_history",
    ),
    path(
        "reports/site-history/results/",
        require_admin_access(ScopedSiteHistoryView.as_view(results_only=True)),
        name="qms_site_history_results",
    ),
]


@hooks.register("construct_reports_menu")
def hide_site_history_from_scoped_users(request, menu_items) -> None:
    if not sees_all_units(request.user):
        menu_items[:] = [item for item in menu_items if item.name != "site-history"]


def error_test(request):
    """Wagtail's ``/admin/failwhale/`` (a deliberate server error, to try the
    error pages and reporting), for superusers only: any other admin user
    could otherwise fill the error reports at will. Others get 404."""
    if not request.user.is_superuser:
        raise Http404
    raise RuntimeError("Deliberate server error (/admin/failwhale/) by a superuser.")


error_test_urls = [
    path("failwhale/", require_admin_access(error_test), name="qms_error_test"),
]
