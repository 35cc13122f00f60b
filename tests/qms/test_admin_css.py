"""The project's admin style fixes load on every admin page."""

import pytest

pytestmark = pytest.mark.django_db


def test_admin_pages_link_the_project_admin_css(login, superuser):
    response = login(superuser).get("/admin/")
    assert response.status_code == 200
    assert 'href="/static/css/admin.css"' in response.content.decode()
