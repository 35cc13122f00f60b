"""URL map: Wagtail admin, documents, API, language switch, then the public site."""

from django.conf import settings
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from config.health import health
from procedures.api import api_router
from qms import page_serving
from qms.csp_report import csp_report
from qms.documents.public_views import quality_document, quality_system
from qms.language import choose_language
from qms.organisation.admin_scoping import error_test_urls, site_history_urls
from qms.organisation.login import LoginView
from qms.organisation.two_factor_views import login_step_urls

urlpatterns = [
    # deploy (issue 11): load balancer probe, exempt from the HTTPS redirect
    path("health/", health, name="health"),
    # before Wagtail's own: its site history report ignores the commune scope
    path("admin/", include(site_history_urls)),
    # before Wagtail's own: its deliberate 500 is for superusers only (issue 11)
    path("admin/", include(error_test_urls)),
    # before Wagtail's own: odd ?next= text answered 500 (qms/organisation/login.py)
    path("admin/login/", LoginView.as_view(), name="wagtailadmin_login"),
    # login security (issue 11): the two-factor step between password and admin
    path("admin/login/", include(login_step_urls)),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v2/", api_router.urls),
    path("i18n/chon/<str:code>/", choose_language, name="choose_language"),
    path("i18n/", include("django.conf.urls.i18n")),
    # login security (issue 11): the admin's report-only CSP reports here
    path("csp-report/", csp_report, name="csp_report"),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [
    path("he-thong-chat-luong/", quality_system, name="quality_system"),
    path(
        "he-thong-chat-luong/tai-lieu/<int:pk>/",
        quality_document,
        name="quality_document",
    ),
    path("cong-khai/", include("audits.dossiers.urls")),
    # citizens' loop (issue 13): feedback, dossier lookup and its survey
    path("phan-anh-kien-nghi/", include("audits.feedback.urls")),
    path("tra-cuu-ho-so/", include("audits.dossiers.lookup_urls")),
    path("api/", include("audits.dossiers.api_urls")),
]
urlpatterns += [
    # Wagtail's serve view with the Site and routes remembered (qms/page_serving.py)
    path(
        "",
        include([p for p in wagtail_urls.urlpatterns if p.name != "wagtail_serve"]),
    ),
    re_path(wagtail_urls.serve_pattern, page_serving.serve, name="wagtail_serve"),
]
