"""Vietnamese first, time zone, env helpers, the dashboard panel, the home page."""

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from django.utils import formats, timezone, translation
from wagtail.models import Page, Site

from config.env import env_bool, env_int, env_list, env_str
from procedures.models import HomePage


def test_vietnamese_first_and_time_zone():
    assert settings.LANGUAGE_CODE == "vi"
    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"
    assert ("en", "English") in [(c, str(n)) for c, n in settings.LANGUAGES]


def test_dates_are_day_first_in_vietnamese():
    day = timezone.datetime(2022, 9, 29).date()
    with translation.override("vi"):
        assert formats.date_format(day) == "29/09/2022"
        assert formats.number_format(21526, force_grouping=True) == "21.526"


@pytest.mark.parametrize(
    ("value", "expected"), [("1", True), ("yes", True), ("off", False), ("", False)]
)
def test_env_bool(monkeypatch, value, expected):
    monkeypatch.setenv("QMS_FLAG", value)
    assert env_bool("QMS_FLAG") is expected


def test_env_helpers_fail_loudly(monkeypatch):
    monkeypatch.setenv("QMS_FLAG", "flase")
    with pytest.raises(ImproperlyConfigured, match="QMS_FLAG"):
        env_bool("QMS_FLAG")
    monkeypatch.setenv("QMS_NUMBER", "many")
    with pytest.raises(ImproperlyConfigured, match="QMS_NUMBER"):
        env_int("QMS_NUMBER", 1)
    monkeypatch.delenv("QMS_MISSING", raising=False)
    with pytest.raises(ImproperlyConfigured, match="QMS_MISSING"):
        env_str("QMS_MISSING")
    monkeypatch.setenv("QMS_LIST", " a, ,b ")
    assert env_list("QMS_LIST") == ["a", "b"]


@pytest.fixture
def home(db):
    """The district's home page as the default site's root."""
    home = HomePage(title="UBND huyện Xuân Trường", slug="trang-chu", intro="Một cửa")
    Page.get_first_root_node().add_child(instance=home)
    Site.objects.filter(is_default_site=True).update(root_page=home)
    return home


def test_public_pages_are_vietnamese_even_for_an_english_browser(home, client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.status_code == 200
    body = response.content.decode()
    assert '<html lang="vi">' in body
    assert "Trang chủ" in body


def test_english_is_switchable(home, client):
    link = reverse("choose_language", args=["en"]) + "?next=/"
    assert reverse("choose_language", args=["en"]) in client.get("/").content.decode()
    assert "csrftoken" not in client.get("/").cookies  # the page stays cacheable
    switched = client.get(link)
    assert switched.status_code == 302
    assert switched["Location"] == "/"
    response = client.get("/")
    body = response.content.decode()
    assert '<html lang="en">' in body
    assert "Trang chủ" not in body
    client.get(reverse("choose_language", args=["vi"]))
    assert '<html lang="vi">' in client.get("/").content.decode()


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/", "javascript:alert(1)", ""]
)
def test_language_switch_never_leaves_the_site(home, client, target):
    response = client.get(reverse("choose_language", args=["en"]), {"next": target})
    assert response["Location"] == "/"


@pytest.mark.django_db
def test_language_switch_refuses_unknown_languages_and_posts(client):
    assert client.get(reverse("choose_language", args=["xx"])).status_code == 404
    assert client.post(reverse("choose_language", args=["en"])).status_code == 405


@pytest.mark.django_db
def test_unknown_page_is_a_friendly_404(client):
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


@pytest.mark.django_db
class TestDashboardPanel:
    def test_commune_officer_sees_own_scope(self, commune_officer, client):
        client.force_login(commune_officer)
        body = client.get(reverse("wagtailadmin_home")).content.decode()
        assert "Phạm vi dữ liệu" in body
        assert "Thị trấn Xuân Trường" in body
        assert "Mọi đơn vị" not in body
        assert "Cán bộ cấp xã" in body

    def test_inspector_sees_all_units(self, inspector, client):
        client.force_login(inspector)
        body = client.get(reverse("wagtailadmin_home")).content.decode()
        assert "Mọi đơn vị" in body
        assert "Kiểm tra viên" in body


@pytest.mark.django_db
def test_login_form_labels_the_password_in_vietnamese(client):
    body = client.get(reverse("wagtailadmin_login")).content.decode()
    assert "Mật khẩu" in body
    assert ">Password<" not in body
