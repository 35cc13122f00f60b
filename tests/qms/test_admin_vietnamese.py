"""The Wagtail admin speaks Vietnamese on the screens civil servants use.

Wagtail ships only a partial Vietnamese catalogue; the rest comes from our own
``locale_wagtail/vi/LC_MESSAGES/django.po``. Each string asserted here is absent
from Wagtail's own catalogue (or translated differently there), so these tests
fail if ``locale_wagtail`` drops out of ``LOCALE_PATHS``.
"""

import pytest
from django.conf import settings
from django.utils import translation

pytestmark = pytest.mark.django_db


def test_locale_wagtail_is_a_locale_path():
    assert any(str(path).endswith("locale_wagtail") for path in settings.LOCALE_PATHS)


def test_catalogue_translates_wagtail_strings():
    with translation.override("vi"):
        assert translation.gettext("Save draft") == "Lưu bản nháp"
        assert translation.gettext("Submit for moderation") == "Gửi duyệt"
        assert translation.gettext("Dashboard") == "Bảng điều khiển"
        assert translation.gettext("Documents") == "Tài liệu"
        assert translation.gettext("Reports") == "Báo cáo"
        assert (
            translation.ngettext("%(num)d minute", "%(num)d minutes", 5)
            == "%(num)d phút"
        )


def test_login_page_in_vietnamese(client):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Đăng nhập hệ thống quản trị" in html  # Sign in to Wagtail
    assert "Quên mật khẩu?" in html  # Forgotten password?
    assert "Ghi nhớ đăng nhập" in html  # Remember me
    assert "Sign in to Wagtail" not in html
    assert "Forgotten password?" not in html


def test_dashboard_in_vietnamese(client, superuser):
    client.force_login(superuser)
    response = client.get("/admin/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Bảng điều khiển" in html  # Dashboard (Wagtail says "Trang tổng quan")
    assert "Tìm kiếm tất cả trang…" in html  # Search all pages…
    assert "Search all pages" not in html


def test_page_explorer_in_vietnamese(client, superuser):
    client.force_login(superuser)
    response = client.get("/admin/pages/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Cấu hình trang web ngay." in html  # Configure a site now.
    assert "Tiêu đề" in html  # Title column
    assert "Trạng thái" in html  # Status column
    assert "Configure a site now." not in html
    assert "Pages created here will not be accessible" not in html
