"""Wagtail discovers this module: it registers each domain package's admin."""

from django.templatetags.static import static
from django.urls import include, path
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet

from qms.calendar import CalendarDay
from qms.competence import wagtail_hooks as competence_hooks
from qms.documents import wagtail_hooks as document_hooks
from qms.imports import wagtail_hooks as import_hooks
from qms.notices import waiting
from qms.organisation import admin_panels
from qms.organisation import wagtail_hooks as organisation_hooks
from qms.signing import wagtail_hooks as signing_hooks

__all__ = [
    "admin_panels",
    "competence_hooks",
    "document_hooks",
    "import_hooks",
    "organisation_hooks",
    "signing_hooks",
    "waiting",
]


@hooks.register("insert_global_admin_css")
def admin_css():
    """The project's few admin style fixes (site/static/css/admin.css)."""
    return format_html('<link rel="stylesheet" href="{}">', static("css/admin.css"))


@hooks.register("register_admin_urls")
def register_job_urls():
    """Background jobs: each person's progress and results (qms/jobs)."""
    return [path("viec-nen/", include("qms.jobs.urls"))]


class CalendarDayViewSet(ModelViewSet):
    """The working-day calendar's holidays and make-up days (qms/calendar.py)."""

    model = CalendarDay
    icon = "date"
    menu_label = _("Lịch nghỉ lễ, làm bù")
    add_to_settings_menu = True
    list_display = ["date", "kind", "name", "source"]
    list_filter = ["kind"]
    search_fields = ["name"]
    form_fields = ["date", "kind", "name", "source"]
    ordering = ["-date"]


@hooks.register("register_admin_viewset")
def register_calendar_viewset():
    return CalendarDayViewSet("ngay-nghi-le")
