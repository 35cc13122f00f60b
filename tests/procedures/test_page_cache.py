"""The public page cache (qms/page_cache.py), on the real Redis of tests.

Hits are told by the ``X-Cache`` header and by the queries they do not make;
purges by what the next anonymous visitor sees after a publish, an unpublish,
a move, a settings change or new dossier figures.
"""

import datetime
import time

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from procedures.procedure_page import ProcedurePage
from qms import page_cache
from qms.organisation.models import DeploymentSettings
from qms.page_cache import FIGURES, PAGES, generation, purge
from tests.audits.dossiers.factories import make_dossier
from tests.procedures.conftest import item

pytestmark = pytest.mark.django_db

URL = "/thu-tuc/dang-ky-khai-sinh/"


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.QMS_PAGE_CACHE_SECONDS = 300


@pytest.fixture
def birth(publish, agency):
    publish(item(agency="364.TP", level="district"))
    return ProcedurePage.objects.get(code="1.001193")


def test_second_anonymous_visit_is_a_hit_without_queries(client, birth):
    first = client.get(URL)
    assert first["X-Cache"] == "MISS"
    with CaptureQueriesContext(connection) as queries:
        second = client.get(URL)
    assert second["X-Cache"] == "HIT"
    assert len(queries) == 0
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]


def test_query_strings_and_languages_are_kept_apart(client, birth):
    client.get("/thu-tuc/", {"q": "khai sinh"})
    assert client.get("/thu-tuc/", {"q": "chứng thực"})["X-Cache"] == "MISS"
    assert client.get("/thu-tuc/", {"q": "khai sinh"})["X-Cache"] == "HIT"
    vietnamese = client.get(URL)
    client.cookies["django_language"] = "en"
    english = client.get(URL)
    assert english["X-Cache"] == "MISS"
    assert english["Content-Language"] == "en"
    assert vietnamese["Content-Language"] == "vi"


def test_staff_and_sessions_are_never_served_from_the_cache(
    client, login, birth, site_editor
):
    client.get(URL)
    assert client.get(URL)["X-Cache"] == "HIT"
    staff = login(site_editor)
    response = staff.get(URL)
    assert "X-Cache" not in response
    assert "X-Cache" not in staff.get("/thu-tuc/")
    basic = client.get(URL, headers={"authorization": "Token abc"})
    assert "X-Cache" not in basic


def test_posts_and_errors_are_not_kept(client, birth):
    assert client.get("/thu-tuc/khong-co/").status_code == 404
    assert "X-Cache" not in client.get("/thu-tuc/khong-co/")
    assert "X-Cache" not in client.post(URL)


def test_publishing_purges_the_page_and_the_catalogue(
    client, birth, publish, django_capture_on_commit_callbacks
):
    client.get(URL)
    client.get("/thu-tuc/")
    with django_capture_on_commit_callbacks(execute=True):
        publish(item(agency="364.TP", level="district", result="Bản chính."))
    response = client.get(URL)
    assert response["X-Cache"] == "MISS"
    assert "Bản chính." in response.content.decode()
    assert client.get("/thu-tuc/")["X-Cache"] == "MISS"


def test_unpublishing_and_moving_purge(
    client, birth, catalogue, django_capture_on_commit_callbacks
):
    client.get(URL)
    with django_capture_on_commit_callbacks(execute=True):
        birth.unpublish()
    assert client.get(URL).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        birth.save_revision().publish()
    client.get(URL)
    assert client.get(URL)["X-Cache"] == "HIT"
    before = generation(PAGES)
    with django_capture_on_commit_callbacks(execute=True):
        birth.move(catalogue.get_parent(), pos="last-child")
    assert generation(PAGES) == before + 1
    moved = client.get(URL)  # Wagtail's automatic redirect to the new place
    assert (moved.status_code, moved["Location"]) == (301, "/dang-ky-khai-sinh/")


def test_a_site_setting_purges(
    client, birth, district, django_capture_on_commit_callbacks
):
    client.get(URL)
    settings = DeploymentSettings.for_site(Site.objects.get(is_default_site=True))
    with django_capture_on_commit_callbacks(execute=True):
        settings.operating_unit = district
        settings.save()
    assert client.get(URL)["X-Cache"] == "MISS"


def test_new_dossier_figures_purge_only_the_transparency_pages(
    client, birth, district, commune, django_capture_on_commit_callbacks
):
    settings = DeploymentSettings.for_site(Site.objects.get(is_default_site=True))
    settings.operating_unit = district
    settings.save()
    purge(PAGES)
    query = {"year": "2021"}
    empty = client.get("/cong-khai/", query)
    client.get(URL)
    assert client.get("/cong-khai/", query)["X-Cache"] == "HIT"
    figures = generation(FIGURES)
    with django_capture_on_commit_callbacks(execute=True):
        make_dossier(
            commune,
            received=datetime.date(2021, 3, 1),
            due=datetime.date(2021, 3, 5),
            resolved=datetime.date(2021, 3, 4),
        )
    assert generation(FIGURES) > figures
    fresh = client.get("/cong-khai/", query)
    assert fresh["X-Cache"] == "MISS"
    assert fresh.content != empty.content
    assert client.get(URL)["X-Cache"] == "HIT"


def test_a_rolled_back_change_does_not_purge(client, birth, publish):
    client.get(URL)
    before = generation(PAGES)
    publish(item(agency="364.TP", level="district", result="Khác."))  # not committed
    assert generation(PAGES) == before


def test_off_when_the_setting_is_zero(client, birth, settings):
    settings.QMS_PAGE_CACHE_SECONDS = 0
    client.get(URL)
    assert "X-Cache" not in client.get(URL)


def test_posting_pdf_is_kept_and_purged(client, birth):
    url = URL + "niem-yet/"
    first = client.get(url)
    assert first["Content-Type"] == "application/pdf"
    second = client.get(url)
    assert second["X-Cache"] == "HIT"
    assert second.content == first.content
    assert second["Content-Disposition"] == first["Content-Disposition"]


def test_public_pdfs_are_made_once_per_content(client, birth, settings):
    """Without the page cache, the PDF itself is kept under its HTML's hash."""
    settings.QMS_PAGE_CACHE_SECONDS = 0
    settings.QMS_PDF_RENDERS_PER_MINUTE = 1
    url = URL + "niem-yet/"
    first = client.get(url)
    assert first.status_code == 200
    again = client.get(url)  # the same content: from the cache, not limited
    assert again.status_code == 200
    assert again.content == first.content


def test_uncached_pdfs_are_limited_per_visitor(
    client, birth, publish, settings, django_capture_on_commit_callbacks
):
    settings.QMS_PAGE_CACHE_SECONDS = 0
    settings.QMS_PDF_RENDERS_PER_MINUTE = 1
    settings.QMS_PROXY_COUNT = 1
    url = URL + "niem-yet/"
    visitor = {"headers": {"x-forwarded-for": "203.0.113.7"}}
    assert client.get(url, **visitor).status_code == 200
    publish(item(agency="364.TP", level="district", result="Mới."))  # new content
    refused = client.get(url, **visitor)
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 60
    assert "Vui lòng thử lại sau" in refused.content.decode()
    other = client.get(url, headers={"x-forwarded-for": "1.2.3.4, 198.51.100.9"})
    assert other.status_code == 200  # another address (the proxy's last hop)


def test_staff_pdfs_are_not_limited(
    client, login, birth, publish, settings, site_editor
):
    settings.QMS_PDF_RENDERS_PER_MINUTE = 0
    staff = login(site_editor)
    assert staff.get(URL + "niem-yet/").status_code == 200


def test_another_process_purge_shows_within_the_memo(monkeypatch):
    """Each process remembers a section's number a second; then reads it again."""
    first = generation(PAGES)
    cache.incr("page-cache:generation:pages")  # another process's purge
    assert generation(PAGES) == first  # remembered
    monkeypatch.setattr(page_cache, "GENERATION_MEMO_SECONDS", 0)
    page_cache.forget_generations()
    assert generation(PAGES) == first + 1


def test_a_lost_generation_never_comes_back_to_an_old_number():
    purge(PAGES)
    before = generation(PAGES)
    time.sleep(0.002)  # numbers are milliseconds
    cache.delete("page-cache:generation:pages")  # evicted
    page_cache.forget_generations()
    assert generation(PAGES) > before
