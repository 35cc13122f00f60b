"""Stray quotes and NULs in a search never end in a 500."""

import pytest
from django.urls import reverse
from modelsearch.query import MATCH_NONE, And, Or, Phrase, PlainText

from qms.search_backend import MAX_WORDS, clean_query, words_and_phrases

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("raw", "clean"),
    [('"', MATCH_NONE), ('"a', " a"), ('a "b c" d', "a  b c  d"), ("x\x00y", "x y")],
)
def test_clean_query(raw, clean):
    assert clean_query(raw) == clean


def test_balanced_quotes_make_phrases():
    query = words_and_phrases('a "b c" d', "and")
    assert isinstance(query, And)
    assert [type(q) for q in query.subqueries] == [PlainText, Phrase, PlainText]
    assert [q.query_string for q in query.subqueries] == ["a", "b c", "d"]
    assert isinstance(words_and_phrases('"a:b" c', "or"), Or)
    assert words_and_phrases('""', "and") is MATCH_NONE
    assert words_and_phrases('x "y', "and") == "x  y"


@pytest.mark.parametrize("query", ['"', '"khai sinh', 'khai"', "a\x00b"])
def test_public_api_search(client, query):
    response = client.get("/api/v2/pages/", {"search": query})
    assert response.status_code in (200, 400)


@pytest.mark.parametrize("query", ['"', '"abc'])
def test_admin_page_chooser_search(client, superuser, query):
    client.force_login(superuser)
    response = client.get(reverse("wagtailadmin_choose_page_search"), {"q": query})
    assert response.status_code == 200


def test_a_long_query_keeps_its_first_words():
    """Hundreds of words would nest PostgreSQL's query past the recursion limit."""
    query = clean_query("a " * 300 + "b")
    assert query.split() == ["a"] * MAX_WORDS
    phrase = clean_query(Phrase("c " * 100))
    assert len(phrase.query_string.split()) == MAX_WORDS
    wide = clean_query(Or([PlainText(f"w{n}") for n in range(100)]))
    assert len(wide.subqueries) == MAX_WORDS
