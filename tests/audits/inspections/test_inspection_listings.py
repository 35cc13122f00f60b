"""The generic listings of inspections, nonconformities, actions and reviews:
filters, folded search, sorting, office exports, commune scope, bad input,
and query counts that do not grow with the number of rows."""

import datetime
import io
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from audits.inspections.choices import ActionStatus, Grade
from audits.inspections.services import (
    action_create,
    nonconformity_raise,
    plan_create,
    plan_item_add,
)
from audits.reviews.services import management_review_record
from tests.audits.inspections.helpers import completed_visit_with_ncs

pytestmark = pytest.mark.django_db

LISTS = [
    "audits_inspections:index",
    "audits_inspections:nonconformities",
    "audits_inspections:actions",
    "audits_reviews:reviews",
]
TODAY = datetime.datetime(2023, 6, 1, 9, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def visits(inspector, commune, other_commune):
    """One completed visit (minor + major, two actions due in 2022) per commune."""
    return (
        completed_visit_with_ncs(commune, inspector),
        completed_visit_with_ncs(other_commune, inspector),
    )


@pytest.fixture
def reviews(inspector, commune, other_commune):
    return [
        management_review_record(
            unit=unit,
            period_from=datetime.date(2022, 1, 1),
            period_to=datetime.date(2022, 12, 31),
            meeting_date=datetime.date(2023, 1, 15),
            chair="Chủ tịch",
            minutes="Họp",
            user=inspector,
        )
        for unit in (commune, other_commune)
    ]


def _rows(response) -> list[list]:
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


@pytest.mark.parametrize("name", LISTS)
def test_every_list_filters_and_exports_without_error(login, inspector, name, visits):
    client = login(inspector)
    for query in (
        {},
        {"year": "2022", "overdue": "yes"},
        {"year": "abc"},
        {"unit": "999999"},
        {"unit": "abc", "status": "nonsense", "grade": "x", "overdue": "maybe"},
        {"ordering": "nonsense"},
        {"q": "xuan"},
        {"p": "999"},
    ):
        response = client.get(reverse(name), query)
        assert response.status_code == 200, (name, query)
    results = reverse(name) + "results/"
    assert client.get(results, {"year": "2022"}).status_code == 200
    export = client.get(reverse(name), {"export": "xlsx"})
    assert export.status_code == 200
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")


def test_action_filters_year_overdue_status_and_sort(
    login, inspector, visits, commune, other_commune
):
    (_own, _own_ncs, own_actions), (_other, _ncs, other_actions) = visits
    client = login(inspector)
    url = reverse("audits_inspections:actions")
    page = client.get(url, {"year": "2022", "overdue": "yes"}).content.decode()
    assert f"#{own_actions[0].pk}<" in page or f"#{own_actions[0].pk}" in page
    page = client.get(url, {"year": "2021"}).content.decode()
    assert f'href="/admin/inspections/actions/{own_actions[0].pk}/"' not in page
    page = client.get(url, {"unit": commune.pk}).content.decode()
    assert f'href="/admin/inspections/actions/{own_actions[0].pk}/"' in page
    assert f'href="/admin/inspections/actions/{other_actions[0].pk}/"' not in page
    page = client.get(url, {"status": ActionStatus.EFFECTIVE}).content.decode()
    assert f'href="/admin/inspections/actions/{own_actions[0].pk}/"' not in page
    # folded search on the unit's name: "xuan chau" finds Xã Xuân Châu's actions
    page = client.get(url, {"q": "xuan chau"}).content.decode()
    assert f'href="/admin/inspections/actions/{other_actions[0].pk}/"' in page
    assert f'href="/admin/inspections/actions/{own_actions[0].pk}/"' not in page
    # sorted by the "Số" column, newest first
    page = client.get(url, {"ordering": "-pk"}).content.decode()
    newest = max(a.pk for a in (*own_actions, *other_actions))
    oldest = min(a.pk for a in (*own_actions, *other_actions))
    assert page.index(f"/actions/{newest}/") < page.index(f"/actions/{oldest}/")


def test_record_text_is_searched_without_tone_marks(login, inspector, visits):
    (_own, own_ncs, own_actions), (_other, other_ncs, other_actions) = visits
    client = login(inspector)
    ncs = reverse("audits_inspections:nonconformities")
    page = client.get(ncs, {"q": "mo ta cau"}).content.decode()
    assert all(f"/nonconformities/{nc.pk}/" in page for nc in (*own_ncs, *other_ncs))
    page = client.get(ncs, {"q": "khong co trong mo ta"}).content.decode()
    assert not any(f"/nonconformities/{nc.pk}/" in page for nc in own_ncs)
    actions = reverse("audits_inspections:actions")
    # Words may come from the unit's name and the action's text together.
    page = client.get(actions, {"q": "CAP NHAT xuan chau"}).content.decode()
    assert f"/actions/{other_actions[0].pk}/" in page
    assert f"/actions/{own_actions[0].pk}/" not in page


def test_action_export_is_office_ready(login, inspector, visits, commune):
    (_own, _ncs, own_actions), _other = visits
    response = login(inspector).get(
        reverse("audits_inspections:actions"),
        {"export": "xlsx", "unit": commune.pk, "ordering": "pk"},
    )
    assert "hanh-dong-khac-phuc.xlsx" in response["Content-Disposition"]
    rows = _rows(response)
    assert rows[0][:3] == ["Số", "Điểm không phù hợp", "Mức độ"]
    assert "Hạn hoàn thành" in rows[0] and "Quá hạn" in rows[0]
    assert len(rows) == 1 + len(own_actions)  # one header row
    assert rows[1][0] == own_actions[0].pk
    assert rows[1][rows[0].index("Trạng thái")] == "Đang thực hiện"
    assert rows[1][rows[0].index("Quá hạn")] == "Có"
    assert isinstance(rows[1][rows[0].index("Hạn hoàn thành")], datetime.datetime)
    csv = login(inspector).get(
        reverse("audits_inspections:actions"), {"export": "csv", "unit": commune.pk}
    )
    text = b"".join(csv.streaming_content).decode("utf-8")
    assert text.startswith("\ufeffSố;Điểm không phù hợp;")
    assert "/2022" in text  # dd/mm/yyyy


def test_commune_officer_lists_and_exports_only_own_units(
    login, commune_officer, visits, reviews, other_commune
):
    (own, _ncs, own_actions), (other, other_ncs, other_actions) = visits
    client = login(commune_officer)
    for name in LISTS:
        page = client.get(reverse(name)).content.decode()
        assert other.unit.name not in page, name
        # another commune's id in the filter is refused, the scope stays
        page = client.get(reverse(name), {"unit": other_commune.pk}).content.decode()
        assert other.unit.name not in page, name
        rows = _rows(client.get(reverse(name), {"export": "xlsx"}))
        flat = " ".join(str(v) for row in rows for v in row)
        assert other.unit.name not in flat, name
        assert len(rows) > 1, name
    page = client.get(
        reverse("audits_inspections:actions"), {"unit": other_commune.pk}
    ).content.decode()
    assert f"/actions/{other_actions[0].pk}/" not in page
    assert f"/actions/{own_actions[0].pk}/" in page


def test_inspection_list_counts_findings_and_open_actions(login, inspector, visits):
    page = login(inspector).get(
        reverse("audits_inspections:index"), {"grade": "major", "overdue": "yes"}
    )
    text = page.content.decode()
    assert "2 (1)" in text  # two nonconformities, one major
    assert "quá hạn" in text


@pytest.mark.parametrize("name", LISTS)
def test_list_query_count_does_not_grow_with_rows(
    login, inspector, commune, other_commune, name, django_assert_max_num_queries
):
    client = login(inspector)
    completed_visit_with_ncs(commune, inspector)
    management_review_record(
        unit=commune,
        period_from=datetime.date(2022, 1, 1),
        period_to=datetime.date(2022, 12, 31),
        meeting_date=None,
        chair="",
        minutes="",
        user=inspector,
    )
    client.get(reverse(name))  # warm caches (site, settings)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse(name), {"export": "xlsx"})
        client.get(reverse(name))
    for _ in range(4):
        completed_visit_with_ncs(other_commune, inspector)
        management_review_record(
            unit=other_commune,
            period_from=datetime.date(2021, 1, 1),
            period_to=datetime.date(2021, 12, 31),
            meeting_date=None,
            chair="",
            minutes="",
            user=inspector,
        )
    with django_assert_max_num_queries(len(few)):
        client.get(reverse(name), {"export": "xlsx"})
        assert client.get(reverse(name)).status_code == 200


def test_plan_shows_each_units_progress(
    login, inspector, district, commune, other_commune, django_assert_max_num_queries
):
    plan = plan_create(year=2022, issuing_unit=district, user=inspector)
    for month, unit in ((3, commune), (4, other_commune)):
        plan_item_add(
            plan=plan, unit=unit, mode="on_site", planned_month=month, user=inspector
        )
    completed_visit_with_ncs(commune, inspector)
    client = login(inspector)
    url = reverse("audits_inspections:plan", args=[plan.pk])
    # 31: the plan's risk suggestions read the risk register (audits.planning)
    with django_assert_max_num_queries(31):
        page = client.get(url).content.decode()
    assert page.count("Ra quyết định kiểm tra") == 1  # only the unit not inspected
    assert "Đã kiểm tra" in page and "biên bản ngày 11/03/2022" in page
    assert "2 (1)" in page  # its findings (one major)
    assert "Chưa kiểm tra" in page and "chậm so với kế hoạch" in page
    # The list of plans sums it up per plan, in a bounded number of queries.
    plan_create(year=2023, issuing_unit=district, user=inspector)
    # 21 with two plans: one query for the inspections of every plan
    with django_assert_max_num_queries(22):
        listing = client.get(reverse("audits_inspections:plans")).content.decode()
    row = listing[listing.index(f"/plans/{plan.pk}/") :].split("</tr>")[0]
    cells = re.findall(r'<td class="num">(.*?)</td>', row)
    assert cells[0] == "2" and cells[1] == "1 (50 %)" and ">1</span>" in cells[2]


def test_a_finding_outside_a_visit_is_listed_and_exported(
    login, inspector, approver, visits, commune
):
    """A nonconformity raised from a missed objective or a complaint has no
    inspection: the lists show it under its own unit (they answered 500)."""
    nc = nonconformity_raise(
        unit=commune,
        source=commune,
        grade=Grade.MINOR,
        description="Mục tiêu đúng hạn không đạt",
        evidence="Báo cáo Mẫu 06 năm 2022",
        user=approver,
        reason="Mục tiêu không đạt",
    )
    action_create(
        nonconformity=nc,
        action="Nhắc hồ sơ sắp đến hạn",
        owner=None,
        owner_unit=commune,
        due_date=datetime.date(2023, 3, 1),
        user=inspector,
    )
    client = login(inspector)
    for name in ("audits_inspections:nonconformities", "audits_inspections:actions"):
        page = client.get(reverse(name))
        assert page.status_code == 200, name
        assert nc.code in page.content.decode()
        assert client.get(reverse(name), {"export": "xlsx"}).status_code == 200
    rows = _rows(client.get(reverse(LISTS[1]), {"export": "xlsx"}))
    [row] = [row for row in rows if row[0] == nc.code]
    assert commune.name in str(row[1]) and not row[2]  # its unit, no visit date
