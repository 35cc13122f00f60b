"""Management review (ISO 9001:2015 9.3): the pack, the meeting, tracked actions."""

import datetime

import pytest
from django.urls import reverse

from audits.reviews.models import ManagementReview, ReviewAction
from audits.reviews.selectors import review_pack
from audits.reviews.services import management_review_record
from tests.audits.dossiers.factories import make_dossier
from tests.audits.inspections.helpers import completed_visit_with_ncs

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"audits_reviews:{name}", args=args)


def test_pack_assembles_audits_actions_kpis_and_previous_actions(
    inspector, district, commune
):
    completed_visit_with_ncs(commune, inspector)
    day = datetime.date(2022, 3, 2)
    make_dossier(commune, received=day, due=day, resolved=day)
    make_dossier(commune, received=day, due=day, resolved=day + datetime.timedelta(2))
    previous = management_review_record(
        unit=district,
        period_from=datetime.date(2021, 1, 1),
        period_to=datetime.date(2021, 12, 31),
        meeting_date=datetime.date(2022, 1, 10),
        chair="Chủ tịch UBND huyện",
        minutes="Họp",
        decisions=[
            ("Đào tạo lại bộ phận một cửa", commune, datetime.date(2022, 3, 31))
        ],
        user=inspector,
    )
    pack = review_pack(
        unit=district,
        period_from=datetime.date(2022, 1, 1),
        period_to=datetime.date(2022, 6, 30),
        today=datetime.date(2022, 7, 1),
    )
    assert len(pack.inspections) == 1
    assert pack.nc_by_grade == {"Nhẹ": 1, "Nặng": 1}
    assert pack.action_by_status["Đang thực hiện"] == 2
    assert len(pack.overdue) == 2  # due 11/05/2022
    march = next(m for m in pack.kpi_months if m["month"] == datetime.date(2022, 3, 1))
    assert (march["received"], march["resolved"], march["in_time"]) == (2, 2, 1)
    assert [a.decision for a in pack.previous_actions] == [
        "Đào tạo lại bộ phận một cửa"
    ]
    assert previous.actions.get().history.first().history_user == inspector


def test_meeting_decisions_become_tracked_actions(login, inspector, district, commune):
    client = login(inspector)
    query = f"?unit={district.pk}&period_from=2022-01-01&period_to=2022-12-31"
    page = client.get(url("review_pack") + query)
    assert page.status_code == 200
    assert "Kết quả kiểm tra, đánh giá" in page.content.decode()
    response = client.post(
        url("review_pack") + query,
        {
            "meeting_date": "2023-01-15",
            "chair": "Chủ tịch UBND huyện",
            "minutes": "Thống nhất các quyết định",
            "d-TOTAL_FORMS": "3",
            "d-INITIAL_FORMS": "0",
            "d-0-decision": "Bổ sung nhân lực bộ phận một cửa",
            "d-0-owner_unit": commune.pk,
            "d-0-due_date": "2023-03-31",
        },
    )
    review = ManagementReview.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("review", review.pk)
    action = ReviewAction.objects.get()
    assert action.owner_unit == commune
    response = client.post(
        url("review_action_done", action.pk),
        {"done_on": "2023-03-20", "result": "Đã bố trí thêm một công chức"},
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.done_on == datetime.date(2023, 3, 20)
    page = client.get(url("review", review.pk)).content.decode()
    assert "Đã bố trí thêm một công chức" in page
    assert "Hoàn thành việc sau xem xét của lãnh đạo" in page  # history: why


def test_review_scope_and_roles(
    login, inspector, iso_reviewer, commune_officer, district, other_commune
):
    review = management_review_record(
        unit=district,
        period_from=datetime.date(2022, 1, 1),
        period_to=datetime.date(2022, 12, 31),
        meeting_date=datetime.date(2023, 1, 15),
        chair="Chủ tịch",
        minutes="Họp",
        user=inspector,
    )
    # the district's review is outside a commune officer's units
    assert login(commune_officer).get(url("review", review.pk)).status_code == 404
    query = f"?unit={other_commune.pk}&period_from=2022-01-01&period_to=2022-12-31"
    assert login(commune_officer).get(url("review_pack") + query).status_code == 404
    # the ISO reviewer reads but cannot record a meeting
    client = login(iso_reviewer)
    assert client.get(url("review", review.pk)).status_code == 200
    query = f"?unit={district.pk}&period_from=2022-01-01&period_to=2022-12-31"
    page = client.get(url("review_pack") + query).content.decode()
    assert "Ghi nhận cuộc họp" not in page
    response = client.post(url("review_pack") + query, {"chair": "x"})
    assert response.status_code in (302, 403)
    assert ManagementReview.objects.count() == 1


def test_bad_period_is_a_form_error(login, inspector, district):
    query = f"?unit={district.pk}&period_from=2022-12-31&period_to=2022-01-01"
    page = login(inspector).get(url("review_pack") + query)
    assert page.status_code == 200
    assert "Từ ngày phải trước đến ngày" in page.content.decode()
    assert login(inspector).get(url("review_pack") + "?unit=x").status_code == 200


def test_review_detail_query_count(
    login, inspector, district, commune, django_assert_max_num_queries
):
    review = management_review_record(
        unit=district,
        period_from=datetime.date(2022, 1, 1),
        period_to=datetime.date(2022, 12, 31),
        meeting_date=datetime.date(2023, 1, 10),
        chair="Chủ tịch",
        minutes="Họp",
        decisions=[("Việc 1", commune, datetime.date(2023, 3, 1))],
        user=inspector,
    )
    client = login(inspector)
    # 37: the contributed inputs include citizens' feedback and competence gaps
    with django_assert_max_num_queries(37):
        assert client.get(url("review", review.pk)).status_code == 200
