"""Admin URLs of background jobs (registered by qms/wagtail_hooks.py)."""

from django.urls import path

from qms.jobs import views

app_name = "qms_jobs"

urlpatterns = [
    path("<uuid:pk>/", views.JobView.as_view(), name="detail"),
    path("<uuid:pk>/tai-ve/", views.job_download, name="download"),
]
