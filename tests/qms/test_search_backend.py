"""Stray quotes and NULs in a search never end in a 500."""

import pytest
from django.urls import reverse
from modelsearch.query import MATCH_NONE

from qms.search_backend import clean_query

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("raw", "clean"),
    [('"', MATCH_NONE), ('"a', " a"), ('a "b c" d', 'a "b c" d'), ("x\x00y", "x y")],
)
def test_clean_query(raw, clean):
    assert clean_query(raw) == clean


@pytest.mark.parametrize("query", ['"', '"khai sinh', 'khai"', "a\x00b"])
def test_public_api_search(client, query):
    response = client.get("/api/v2/pages/", {"search": query})
    assert response.status_code in (200, 400)


@pytest.mark.parametrize("query", ['"', '"abc'])
def test_admin_page_chooser_search(client, superuser, query):
    client.force_login(superuser)
    response = client.get(reverse("wagtailadmin_choose_page_search"), {"q": query})
    assert response.status_code == 200
