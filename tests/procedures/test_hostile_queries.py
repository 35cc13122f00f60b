"""Every search box and search API answers hostile queries without a 500.

The corpus holds the syntax of SQLite FTS5 (quotes, ``col:``, ``NEAR``,
``*``, ``^``, parentheses, upper-case operators), of PostgreSQL's tsquery
(``&``, ``|``, ``!``, ``<->``, ``:*``), stray bytes and very long input. Each
payload goes through the public catalogue, the Wagtail API, and every admin
listing or chooser that searches, on whichever database the suite runs.
"""

import pytest
from wagtail.admin.viewsets import viewsets

from tests.procedures.conftest import item

pytestmark = pytest.mark.django_db

CORPUS = [
    '"a:b"',
    "a:b",
    "a:b:c",
    'title:"x"',
    '"a:b" c',
    '"',
    '""',
    '"a b',
    "'",
    "a'b",
    "a AND (",
    "a OR",
    "OR",
    "AND",
    "NOT",
    "NOT a",
    "a -b",
    "(",
    ")",
    "()",
    "-",
    "+",
    "*",
    "a*",
    "^a",
    "NEAR(a b)",
    "a NEAR b",
    "a + b",
    "{a}",
    "[a]",
    "&",
    "|",
    "!",
    "a & b",
    "a | b",
    "!a",
    "a <-> b",
    "a:*",
    ":*",
    "'a':*",
    "~a",
    "%",
    "_",
    "\\",
    ";--",
    "<script>alert(1)</script>",
    "\x00",
    "a\x00b",
    "\u200b",
    "😀",
    "đăng ký",
    "chung thuc",
    "1.001193",
    "XT.HT.05",
    "x" * 2000,
    "a " * 300,
    " ",
    "",
]

PUBLIC = [("/api/v2/pages/", "search"), ("/thu-tuc/", "q")]
ADMIN = [
    "/admin/pages/search/",
    "/admin/choose-page/search/",
    "/admin/documents/",
    "/admin/documents/chooser/results/",
    "/admin/images/",
    "/admin/images/chooser/results/",
    "/admin/users/",
    "/admin/groups/",
]


def admin_listings() -> list[str]:
    """The index URL of every registered admin viewset that searches."""
    urls = []
    for viewset in viewsets.viewsets:
        if getattr(viewset, "search_fields", None) or getattr(
            viewset, "search_backend_name", None
        ):
            url = getattr(viewset, "menu_url", None)
            if url:
                urls.append(url)
    return sorted(set(urls))


@pytest.fixture
def published(publish, agency):
    publish(
        item(code="1.001193", name="Đăng ký khai sinh", steps=["Nộp hồ sơ"]),
        item(code="XT.HT.05", name="Chứng thực chữ ký", steps=["Nộp hồ sơ"]),
    )


def test_public_search_and_api_survive_the_corpus(client, published):
    client.raise_request_exception = False  # collect every 500, not the first
    failures = []
    for url, param in PUBLIC:
        for query in CORPUS:
            for extra in ({}, {"search_operator": "and"}, {"search_operator": "or"}):
                if extra and param != "search":
                    continue
                response = client.get(url, {param: query, **extra})
                if response.status_code >= 500:
                    failures.append((url, query, extra, response.status_code))
    assert failures == []


def api_titles(client, search):
    response = client.get("/api/v2/pages/", {"search": search})
    assert response.status_code == 200
    return [page["title"] for page in response.json()["items"]]


def test_quotes_mean_a_phrase_and_a_colon_inside_is_just_text(client, published):
    assert api_titles(client, "ký chữ") == ["Chứng thực chữ ký"]
    assert api_titles(client, '"chữ ký"') == ["Chứng thực chữ ký"]
    assert api_titles(client, '"ký chữ"') == []  # the words, in that order
    assert api_titles(client, '"a:b"') == []


def test_admin_search_boxes_and_choosers_survive_the_corpus(
    login, superuser, published
):
    client = login(superuser)
    client.raise_request_exception = False
    urls = ADMIN + admin_listings()
    assert len(urls) > len(ADMIN)  # the project's own listings are walked too
    failures = []
    for url in urls:
        for query in CORPUS:
            response = client.get(url, {"q": query})
            if response.status_code >= 500:
                failures.append((url, query, response.status_code))
    assert failures == []
