"""Wagtail viewsets of document control: the legal register and the documents.

Revisions are not edited through a generic form: their screens
(``qms.documents.views``) call the workflow services. Nobody may delete a
legal text, a document, a revision or any history row through the admin, not
even a superuser: the permission policies below answer "no" to delete.
"""

from django.urls import include, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from qms.admin_search import FoldedSearchIndexMixin
from qms.documents.choices import RevisionStatus
from qms.documents.models import (
    ControlledDocument,
    DocumentRevision,
    LegalText,
    ReadAcknowledgement,
    RevisionAttachment,
)
from qms.documents.queue import waiting_sections
from qms.documents.selectors import master_list
from qms.organisation.admin_scoping import (
    OfficeExportMixin,
    ReadableHistoryView,
    ScopedCreateView,
    ScopedEditView,
    ScopedIndexView,
    ScopedModelViewSet,
    ScopedPermissionPolicy,
)
from qms.organisation.people import person_name


class _NoDeleteMixin:
    def user_has_permission(self, user, action):
        if action == "delete":
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return super().user_has_any_permission(
            user, [a for a in actions if a != "delete"]
        )


class NoDeletePermissionPolicy(_NoDeleteMixin, ModelPermissionPolicy):
    """Model permissions without delete, for every user."""


class ScopedNoDeletePermissionPolicy(_NoDeleteMixin, ScopedPermissionPolicy):
    """Commune-scoped model permissions without delete."""


class ViewOnlyScopedPermissionPolicy(ScopedPermissionPolicy):
    """Scoped, and only "view": revisions, attachments and acknowledgements are
    written by the workflow services, never by a generic admin form."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return "view" in actions and super().user_has_any_permission(user, ["view"])


class _ReasonMixin:
    """Give history rows written by the generic forms a change reason."""

    change_reason = ""

    def save_instance(self):
        self.form.instance._change_reason = str(self.change_reason)
        return super().save_instance()


class LegalTextCreateView(_ReasonMixin, generic.CreateView):
    change_reason = _("Thêm vào danh mục văn bản pháp lý")


class LegalTextEditView(_ReasonMixin, generic.EditView):
    change_reason = _("Sửa thông tin văn bản pháp lý")


class DocumentCreateView(_ReasonMixin, ScopedCreateView):
    change_reason = _("Đăng ký tài liệu")


class DocumentEditView(_ReasonMixin, ScopedEditView):
    change_reason = _("Sửa thông tin tài liệu")


class _ChangeLinkColumn(Column):
    def get_value(self, instance):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("qms_documents:legal_change", args=[instance.pk]),
            _("Ghi nhận sửa đổi/thay thế"),
        )


class LegalTextIndexView(FoldedSearchIndexMixin, OfficeExportMixin, generic.IndexView):
    """The legal register, searched without tone marks ("nghi dinh"), exported
    for an office (``?export=csv|xlsx``)."""


class LegalTextViewSet(ModelViewSet):
    """The legal register; amendments are recorded through their own form."""

    model = LegalText
    index_view_class = LegalTextIndexView
    add_view_class = LegalTextCreateView
    edit_view_class = LegalTextEditView
    history_view_class = ReadableHistoryView
    icon = "doc-full-inverse"
    menu_label = _("Văn bản pháp lý")
    inspect_view_enabled = True
    list_display = [
        "number",
        "title",
        "issuing_body",
        "issued_on",
        "effective_on",
        "amended_by",
        "replaced_by",
        _ChangeLinkColumn("change", label=_("Thay đổi")),
    ]
    list_filter = ["issuing_body"]
    search_fields = ["number", "title"]
    list_export = [
        "number",
        "title",
        "issuing_body",
        "issued_on",
        "effective_on",
        "amended_by",
        "replaced_by",
    ]
    export_filename = "danh-muc-van-ban-phap-ly"
    form_fields = ["number", "title", "issuing_body", "issued_on", "effective_on"]

    def get_queryset(self, request):
        return LegalText.objects.select_related("amended_by", "replaced_by")


class DocumentIndexView(FoldedSearchIndexMixin, ScopedIndexView):
    """Rows open the document's trace page rather than the edit form; the
    export is the master list of documents (ISO 9001 7.5.3)."""

    def get_base_queryset(self):
        return master_list(super().get_base_queryset())

    def to_row_dict(self, item):
        row = super().to_row_dict(item)
        row["newest_status"] = (
            RevisionStatus(item.newest_status).label
            if (item.newest_status)
            else _("Chưa có lần ban hành")
        )
        row["owner"] = person_name(item.owner, nobody="")
        return row

    def get_edit_url(self, instance):
        return reverse("qms_documents:trace", args=[instance.pk])


class ControlledDocumentViewSet(ScopedModelViewSet):
    """The register of controlled documents, scoped to the user's units."""

    model = ControlledDocument
    index_view_class = DocumentIndexView
    add_view_class = DocumentCreateView
    edit_view_class = DocumentEditView
    icon = "doc-full"
    menu_label = _("Tài liệu kiểm soát")
    list_display = ["code", "title", "doc_type", "owning_unit", "owner"]
    list_filter = ["doc_type"]
    search_fields = ["code", "title", "procedure_codes"]
    #: The master list of documents (ISO 9001 7.5): ``?export=csv|xlsx``.
    list_export = [
        "code",
        "title",
        "doc_type",
        "current_issue",
        "current_revision",
        "newest_status",
        "in_force_since",
        "owning_unit",
        "owner",
        "last_reviewed_on",
        "review_due_on",
    ]
    export_headings = {
        "current_issue": _("Lần ban hành đang hiệu lực"),
        "current_revision": _("Lần sửa đổi đang hiệu lực"),
        "newest_status": _("Trạng thái lần ban hành mới nhất"),
        "in_force_since": _("Hiệu lực từ ngày"),
        "review_due_on": _("Hạn xem xét định kỳ"),
    }
    export_filename = "danh-muc-tai-lieu-kiem-soat"
    form_fields = [
        "code",
        "title",
        "doc_type",
        "owning_unit",
        "owner",
        "procedure_codes",
        "legal_bases",
        "review_interval_months",
    ]


class RevisionIndexView(FoldedSearchIndexMixin, ScopedIndexView):
    """All revisions; rows open the revision page with its workflow buttons."""

    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .select_related("document", "drafted_by")
            .order_by("document__code", "-issue_number", "-revision_number")
        )

    folded_search_fields = ("document__search_text",)

    def get_edit_url(self, instance):
        return reverse("qms_documents:revision", args=[instance.pk])

    def get_inspect_url(self, instance):
        return self.get_edit_url(instance)


class _StatusColumn(Column):
    def get_value(self, instance):
        return instance.get_status_display()


class DocumentRevisionViewSet(ScopedModelViewSet):
    """Every revision, filterable by status: what waits for review or approval."""

    model = DocumentRevision
    index_view_class = RevisionIndexView
    icon = "history"
    menu_label = _("Lần ban hành")
    list_display = [
        "document",
        "issue_number",
        "revision_number",
        _StatusColumn("status", label=_("Trạng thái")),
        "effective_date",
        "drafted_by",
    ]
    list_filter = ["status"]
    search_fields = ["document__code", "document__title", "change_what"]
    form_fields = ["change_what"]  # never used: the policy allows "view" only


class DocumentControlGroup(ViewSetGroup):
    """The "Tài liệu ISO" menu."""

    menu_label = _("Tài liệu ISO")
    menu_icon = "doc-full"
    menu_order = 200
    items = (
        ControlledDocumentViewSet("controlled_documents"),
        DocumentRevisionViewSet("document_revisions"),
        LegalTextViewSet("legal_texts"),
    )


class DashboardMenuItem(MenuItem):
    """Link to the due/overdue dashboard for whoever may read documents."""

    def is_shown(self, request):
        return request.user.has_perm("qms.view_controlleddocument")


def dashboard_menu_item() -> MenuItem:
    """Menu item of the document-control dashboard."""
    return DashboardMenuItem(
        _("Theo dõi tài liệu ISO"),
        reverse("qms_documents:dashboard"),
        icon_name="date",
        order=210,
    )


# Document control: never deletable, scoped where the model belongs to a unit.
register_permission_policy(LegalText, NoDeletePermissionPolicy(LegalText))
register_permission_policy(
    ControlledDocument, ScopedNoDeletePermissionPolicy(ControlledDocument)
)
for _model in (DocumentRevision, RevisionAttachment, ReadAcknowledgement):
    register_permission_policy(_model, ViewOnlyScopedPermissionPolicy(_model))


@hooks.register("register_admin_viewset")
def register_document_viewsets():
    return [DocumentControlGroup()]


@hooks.register("register_admin_urls")
def register_document_urls():
    return [path("tai-lieu/", include("qms.documents.urls"))]


@hooks.register("register_admin_menu_item")
def register_document_dashboard():
    return dashboard_menu_item()


# "Việc chờ tôi": revisions to review or approve, documents to acknowledge.
hooks.register("qms_waiting_for_me", waiting_sections)
