"""Catalogue search and filters: accent- and case-insensitive, ranked, bounded."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from procedures.models import ProcedurePage, ProcedureSearchWord
from tests.procedures.conftest import item

NAMES = [
    ("1.001193", "Đăng ký khai sinh", "Hộ tịch", "commune", "full"),
    ("1.000894", "Đăng ký kết hôn", "Hộ tịch", "commune", "partial"),
    ("1.000656", "Đăng ký khai tử", "Hộ tịch", "commune", "full"),
    (
        "XT.HT.05",
        "Đăng ký khai sinh kết hợp nhận cha, mẹ, con",
        "Hộ tịch",
        "commune",
        "partial",
    ),
    (
        "XT.HT.21",
        "Đăng ký kết hôn có yếu tố nước ngoài",
        "Hộ tịch",
        "district",
        "partial",
    ),
    ("2.000815", "Chứng thực bản sao từ bản chính", "Chứng thực", "commune", "partial"),
    ("2.000884", "Chứng thực chữ ký", "Chứng thực", "commune", "none"),
    ("XT.DD.01", "Hòa giải tranh chấp đất đai", "Đất đai", "commune", "none"),
]


@pytest.fixture
def procedures(publish, agency):
    items = []
    for code, name, field, level, online in NAMES:
        extra = {"agency": "364.TP"} if level == "district" else {}
        items.append(
            item(
                code=code,
                name=name,
                field=field,
                level=level,
                online_level=online,
                steps=[f"Bước của {name}"],
                documents=[],
                **extra,
            )
        )
    publish(*items)


def titles(response) -> list[str]:
    return [p.title for p in response.context["page_obj"].object_list]


@pytest.mark.parametrize(
    "query",
    ["khai sinh", "KHAI SINH", "dang ky khai sinh", "Đăng ký khai sinh", "1.001193"],
)
def test_birth_registration_found_first_with_or_without_diacritics(
    client, procedures, query
):
    response = client.get("/thu-tuc/", {"q": query})
    assert response.status_code == 200
    assert titles(response)[0] == "Đăng ký khai sinh"


def test_ket_hon_finds_marriage_first_and_not_unrelated(client, procedures):
    found = titles(client.get("/thu-tuc/", {"q": "ket hon"}))
    assert found == ["Đăng ký kết hôn", "Đăng ký kết hôn có yếu tố nước ngoài"]


def test_words_match_at_word_start_only(client, procedures):
    # "hon" is the start of "hôn" but must not match inside "nhận"/"chính".
    found = titles(client.get("/thu-tuc/", {"q": "inh"}))
    assert found == []


def test_ranking_prefers_name_start_then_phrase(client, procedures):
    # Every test item's result is "Giấy khai sinh": body matches come after names.
    found = titles(client.get("/thu-tuc/", {"q": "khai sinh"}))
    assert len(found) == len(NAMES)
    assert found[:2] == [
        "Đăng ký khai sinh",
        "Đăng ký khai sinh kết hợp nhận cha, mẹ, con",
    ]
    found = titles(client.get("/thu-tuc/", {"q": "chung thuc"}))
    assert found[0].startswith("Chứng thực")


def test_result_count_and_empty_state(client, procedures):
    response = client.get("/thu-tuc/", {"q": "ket hon"})
    assert "2 thủ tục" in response.content.decode()
    response = client.get("/thu-tuc/", {"q": "xuat nhap canh"})
    html = response.content.decode()
    assert response.context["result_count"] == 0
    assert "Không tìm thấy thủ tục nào phù hợp." in html
    assert "Bỏ mọi bộ lọc" in html


def test_filters(client, procedures, agency):
    response = client.get("/thu-tuc/", {"linh_vuc": "chung-thuc"})
    assert sorted(titles(response)) == [
        "Chứng thực bản sao từ bản chính",
        "Chứng thực chữ ký",
    ]
    assert titles(client.get("/thu-tuc/", {"cap": "district"})) == [
        "Đăng ký kết hôn có yếu tố nước ngoài"
    ]
    assert titles(client.get("/thu-tuc/", {"co_quan": str(agency.pk)})) == [
        "Đăng ký kết hôn có yếu tố nước ngoài"
    ]
    full = titles(client.get("/thu-tuc/", {"truc_tuyen": "full"}))
    assert sorted(full) == ["Đăng ký khai sinh", "Đăng ký khai tử"]
    combined = titles(client.get("/thu-tuc/", {"q": "dang ky", "truc_tuyen": "full"}))
    assert sorted(combined) == ["Đăng ký khai sinh", "Đăng ký khai tử"]


@pytest.mark.parametrize(
    "params",
    [
        {"cap": "galaxy"},
        {"co_quan": "not-a-number"},
        {"linh_vuc": "<script>"},
        {"trang": "-1"},
        {"trang": "9999"},
        {"q": "x" * 5000},
        {"q": "%_\\'\""},
    ],
)
def test_bad_parameters_never_fail(client, procedures, params):
    response = client.get("/thu-tuc/", params)
    assert response.status_code == 200


def test_query_is_escaped(client, procedures):
    html = client.get("/thu-tuc/", {"q": "<script>alert(1)</script>"}).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


def test_pagination(client, publish):
    publish(*[item(code=f"T.{n:03d}", name=f"Thủ tục thử {n:03d}") for n in range(45)])
    first = client.get("/thu-tuc/")
    assert first.context["result_count"] == 45
    assert len(titles(first)) == 20
    third = client.get("/thu-tuc/", {"trang": 3})
    assert titles(third) == [f"Thủ tục thử {n:03d}" for n in range(40, 45)]
    assert "Trang 3/3" in third.content.decode()


def test_drafts_are_not_listed(client, procedures):
    page = ProcedurePage.objects.get(code="1.001193")
    page.unpublish()
    assert "Đăng ký khai sinh" not in titles(
        client.get("/thu-tuc/", {"q": "khai sinh"})
    )


def _queries(client, params) -> int:
    client.get("/thu-tuc/", params)  # fills the filter-options cache
    with CaptureQueriesContext(connection) as context:
        assert client.get("/thu-tuc/", params).status_code == 200
    return len(context)


def test_list_query_count_is_bounded(client, publish, django_assert_max_num_queries):
    """The same number of queries for 5 and for 45 procedures, and few of them."""
    publish(*[item(code=f"Q.{n:03d}", name=f"Đăng ký thử {n:03d}") for n in range(5)])
    client.get("/thu-tuc/")  # first request creates the site settings row
    small = _queries(client, {"q": "dang ky"})
    publish(*[item(code=f"R.{n:03d}", name=f"Đăng ký thêm {n:03d}") for n in range(40)])
    large = _queries(client, {"q": "dang ky"})
    assert small == large
    with django_assert_max_num_queries(14):
        client.get("/thu-tuc/", {"truc_tuyen": "full", "trang": 2})


def test_filter_options_follow_publishing(client, publish):
    publish(item())
    html = client.get("/thu-tuc/").content.decode()
    assert 'value="ho-tich"' in html and 'value="dat-dai"' not in html
    publish(item(code="XT.DD.01", name="Hòa giải tranh chấp đất đai", field="Đất đai"))
    assert 'value="dat-dai"' in client.get("/thu-tuc/").content.decode()
    ProcedurePage.objects.get(code="XT.DD.01").unpublish()
    assert 'value="dat-dai"' not in client.get("/thu-tuc/").content.decode()


def test_word_index_follows_the_live_version(client, publish):
    publish(item(name="Đăng ký khai sinh lưu động"))
    page = ProcedurePage.objects.get()
    assert ProcedureSearchWord.objects.filter(page=page, word="luu").exists()
    publish(item())
    assert not ProcedureSearchWord.objects.filter(page=page, word="luu").exists()
    assert titles(client.get("/thu-tuc/", {"q": "luu dong"})) == []
    assert titles(client.get("/thu-tuc/", {"q": "dang ky kh"})) == ["Đăng ký khai sinh"]
