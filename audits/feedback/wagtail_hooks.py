"""Admin of citizen feedback: URLs, menu item, waiting panel, review pack."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from audits.feedback import admin_views
from audits.feedback.review_input import feedback_review_input
from audits.feedback.waiting import waiting_sections

app_name = admin_views.NS
urlpatterns = [
    path("", admin_views.feedback_index, name="index"),
    path("<int:pk>/", admin_views.feedback_detail, name="detail"),
    path(
        "<int:pk>/lap-diem-khong-phu-hop/",
        admin_views.feedback_raise_nonconformity,
        name="raise_nonconformity",
    ),
]


@hooks.register("register_admin_urls")
def register_feedback_urls():
    return [
        path(
            "phan-anh-kien-nghi/",
            include((urlpatterns, app_name), namespace=app_name),
        )
    ]


class _FeedbackMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("audits.view_feedback")


@hooks.register("register_admin_menu_item")
def register_feedback_menu():
    return _FeedbackMenuItem(
        _("Phản ánh, kiến nghị"),
        reverse("audits_feedback_admin:index"),
        name="citizen-feedback",
        icon_name="mail",
        order=450,
    )


hooks.register("qms_waiting_for_me", waiting_sections)
hooks.register("qms_review_inputs", feedback_review_input)
