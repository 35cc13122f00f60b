"""Pages served with the Site, the route and the settings remembered
(qms/page_serving.py), with the page cache off as in the uncached benchmark.

Each test checks what a visitor sees after a change that Wagtail's own
routing would see: remembered answers must never outlive them.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction, Site

from procedures.procedure_page import ProcedurePage
from qms import page_serving
from qms.organisation.models import DeploymentSettings
from qms.page_cache import PAGES, purge
from tests.procedures.conftest import item

pytestmark = pytest.mark.django_db

URL = "/thu-tuc/dang-ky-khai-sinh/"


@pytest.fixture
def birth(publish, agency):
    publish(item(agency="364.TP", level="district"))
    # as on a running site: the settings row exists (its creation is a change)
    DeploymentSettings.for_site(Site.objects.get(is_default_site=True))
    return ProcedurePage.objects.get(code="1.001193")


def queries_of(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, len(queries)


def test_a_procedure_page_is_served_again_without_a_query(client, birth, settings):
    settings.QMS_PAGE_MEMO = False
    plain, plain_queries = queries_of(client, URL)
    settings.QMS_PAGE_MEMO = True
    client.get(URL)
    remembered, remembered_queries = queries_of(client, URL)
    assert plain_queries >= 7  # Wagtail's own routing: the figure this beats
    assert remembered_queries == 0
    assert remembered.status_code == 200
    assert remembered.content == plain.content


def test_a_subpage_route_is_remembered_with_its_arguments(client, birth):
    client.get(URL + "ban-in/")
    printed, queries = queries_of(client, URL + "ban-in/")
    page = client.get(URL)
    assert printed.status_code == 200
    assert queries <= 1
    assert printed.content != page.content
    assert "Niêm yết" in printed.content.decode()


def test_a_publish_here_shows_at_once_even_before_it_commits(client, birth):
    client.get(URL)
    birth.title = "Đăng ký khai sinh (đã sửa)"
    birth.save_revision().publish()
    assert "Đăng ký khai sinh (đã sửa)" in client.get(URL).content.decode()


def test_another_process_publish_shows_after_its_purge(client, birth):
    client.get(URL)
    # a change this process did not make (another worker, then its purge)
    Page.objects.filter(pk=birth.pk).update(title="Tiêu đề của tiến trình khác")
    assert "Tiêu đề của tiến trình khác" not in client.get(URL).content.decode()
    purge(PAGES)
    assert "Tiêu đề của tiến trình khác" in client.get(URL).content.decode()


def test_a_page_unpublished_elsewhere_is_not_served_after_the_purge(client, birth):
    client.get(URL)
    Page.objects.filter(pk=birth.pk).update(live=False)
    purge(PAGES)
    assert client.get(URL).status_code == 404


def test_unpublishing_and_moving_here_show_at_once(client, birth, catalogue):
    client.get(URL)
    birth.unpublish()
    assert client.get(URL).status_code == 404
    birth.save_revision().publish()
    assert client.get(URL).status_code == 200
    birth.move(catalogue.get_parent(), pos="last-child")
    assert client.get("/dang-ky-khai-sinh/").status_code == 200
    assert client.get(URL).status_code in (301, 302, 404)


def test_a_new_view_restriction_applies_at_once(client, birth):
    assert client.get(URL).status_code == 200
    PageViewRestriction.objects.create(
        page=birth, restriction_type=PageViewRestriction.LOGIN
    )
    response = client.get(URL)
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_site_settings_are_remembered_as_copies(client, birth):
    site = Site.objects.get(is_default_site=True)
    first = DeploymentSettings.for_site(site)
    first.organisation_name = "Chưa lưu: không được hiện"
    with CaptureQueriesContext(connection) as queries:
        second = DeploymentSettings.for_site(site)
    assert len(queries) == 0
    assert second.organisation_name != "Chưa lưu: không được hiện"
    first.save()
    assert "Chưa lưu: không được hiện" in client.get(URL).content.decode()


def test_a_site_saved_here_is_read_again(client, birth):
    client.get(URL)
    site = Site.objects.get(is_default_site=True)
    site.site_name = "Cổng thông tin đã đổi tên"
    site.save()
    _response, queries = queries_of(client, URL)
    assert queries >= 1  # the Site and the route are read again


def test_paths_that_404_are_not_remembered(client, birth):
    for number in range(5):
        assert client.get(f"/khong-co-trang-{number}/").status_code == 404
    assert all(key[2] != "khong-co-trang-0/" for key in page_serving.routes._data)


def test_the_memo_keeps_the_most_recently_used_within_its_bound(monkeypatch):
    monkeypatch.setattr(page_serving, "MAX_ENTRIES", 3)
    # one generation throughout: only the bound may drop entries here
    monkeypatch.setattr(page_serving.page_cache, "generation", lambda section: 1)
    memo = page_serving.GenerationMemo()
    for key in "abc":
        memo.set(key, key.upper())
    assert memo.get("a") == "A"  # now the most recent
    memo.set("d", "D")
    assert memo.get("b") is None
    assert [memo.get(key) for key in "acd"] == ["A", "C", "D"]


def test_a_view_restriction_on_an_ancestor_applies(client, birth):
    # the page, its ancestors and their restrictions are read in one query
    PageViewRestriction.objects.create(
        page=birth.get_parent(), restriction_type=PageViewRestriction.LOGIN
    )
    response = client.get(URL)
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_an_alias_answers_with_the_restrictions_of_its_original(client, birth):
    catalogue = birth.get_parent()
    catalogue.create_alias(parent=catalogue.get_parent(), update_slug="danh-muc")
    assert client.get("/danh-muc/").status_code == 200
    PageViewRestriction.objects.create(
        page=catalogue, restriction_type=PageViewRestriction.LOGIN
    )
    response = client.get("/danh-muc/")
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_each_host_gets_its_own_site(client, birth, settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "thutuc.example"]
    Site.objects.create(hostname="thutuc.example", port=80, root_page=birth)
    assert (
        "Đăng ký khai sinh"
        in client.get("/", HTTP_HOST="thutuc.example").content.decode()
    )
    assert client.get(URL, HTTP_HOST="thutuc.example").status_code == 404
    assert client.get(URL).status_code == 200
    # a port no Site names: the host's only Site answers, as in Wagtail
    response = client.get("/", HTTP_HOST="thutuc.example:8080")
    assert "Đăng ký khai sinh" in response.content.decode()
    page_serving.forget()
    Site.objects.create(
        hostname="thutuc.example", port=8080, root_page=birth.get_parent()
    )
    response = client.get("/", HTTP_HOST="thutuc.example:8080")
    assert "Thủ tục hành chính" in response.content.decode()
    assert (
        "Đăng ký khai sinh"
        in client.get("/", HTTP_HOST="thutuc.example").content.decode()
    )
