"""Citizen feedback: filing, routing, time limit, answer, publication, scope, limits."""

import datetime
import re

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import Client

from audits.dossiers.satisfaction import satisfaction_figures
from audits.feedback import selectors
from audits.feedback.models import Feedback
from audits.feedback.services import (
    feedback_answer,
    feedback_raise_nonconformity,
    feedback_submit,
)
from audits.inspections.models import Nonconformity
from qms.notices.waiting import waiting_for
from qms.organisation.roles import COMMUNE_OFFICER
from qms.review_inputs import review_inputs
from tests.conftest import make_user

pytestmark = pytest.mark.django_db
FORM = "/phan-anh-kien-nghi/gui/"
CODE = re.compile(r"^PAKN-\d{4}-[23456789ABCDEFGHJKMNPQRSTVWXYZ]{6}$")


def _post(client, commune, **extra):
    data = {
        "kind": "report",
        "unit": commune.pk,
        "subject": "Giấy hẹn ghi sai ngày",
        "content": "Giấy hẹn ghi trả kết quả sau ba ngày, niêm yết là trong ngày.",
        "name": "Trần Văn Bình",
        "phone": "0912 345 678",
        "email": "",
        "consent_publish": "on",
        "website": "",
    }
    data.update(extra)
    return client.post(FORM, data)


def _submit(unit, *, consent=True, now=None):
    return feedback_submit(
        kind="report",
        unit=unit,
        subject="Chờ lâu",
        content="Phải chờ rất lâu tại bộ phận một cửa sáng thứ Hai.",
        name="Nguyễn Văn An",
        phone="0912345678",
        consent_publish=consent,
        now=now,
    )


@time_machine.travel("2026-02-13 10:00 +07:00", tick=False)
def test_filing_returns_a_code_and_a_due_date_past_tet(client, commune):
    response = _post(client, commune)
    assert response.status_code == 302
    feedback = Feedback.objects.get()
    assert CODE.match(feedback.code) and feedback.code.startswith("PAKN-2602-")
    assert response["Location"].startswith("/phan-anh-kien-nghi/theo-doi/?ma=PAKN")
    # Fri 13/02/2026; Tết 16–20/02 off: ten working days end on Fri 06/03
    assert feedback.due_on == datetime.date(2026, 3, 6)
    assert feedback.unit == commune and feedback.phone == "0912345678"
    page = client.get(response["Location"])
    assert feedback.code in page.text and "06/03/2026" in page.text
    assert "Trần Văn Bình" not in page.text and "0912345678" not in page.text
    assert "Nghị định số 20/2008/NĐ-CP" in page.text


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("subject", "", "subject"),
        ("subject", "x" * 201, "subject"),
        ("content", "ngắn", "content"),
        ("content", "x" * 5001, "content"),
        ("name", "", "name"),
        ("name", "x" * 101, "name"),
        ("phone", "12345", "Số điện thoại không đúng"),
        ("email", "khong-phai-thu", "email"),
        ("kind", "other", "kind"),
        ("unit", "999999", "unit"),
        ("procedure", "999999", "procedure"),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(
    client, commune, field, value, message
):
    response = _post(client, commune, **{field: value})
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert message in response.text or field in response.context["form"].errors
    assert not Feedback.objects.exists()


def test_no_contact_and_no_unit_are_refused(client, commune):
    response = _post(client, commune, phone="", email="", unit="")
    errors = response.context["form"].errors
    assert "phone" in errors and "unit" in errors
    assert not Feedback.objects.exists()


def test_the_honeypot_refuses_a_bot(client, commune):
    response = _post(client, commune, website="http://spam.example")
    assert response.status_code == 200
    assert not Feedback.objects.exists()


def test_csrf_is_required():
    client = Client(enforce_csrf_checks=True)
    assert client.post(FORM, {}).status_code == 403


def test_filing_is_rate_limited_in_redis(redis_cache, client, commune, settings):
    settings.QMS_FEEDBACK_PER_MINUTE = 2
    assert _post(client, commune).status_code == 302
    assert _post(client, commune).status_code == 302
    refused = _post(client, commune)
    assert refused.status_code == 429 and refused["Retry-After"]
    assert Feedback.objects.count() == 2


def test_code_lookups_are_rate_limited_in_redis(redis_cache, client, settings):
    settings.QMS_LOOKUPS_PER_MINUTE = 3
    for _ in range(3):
        assert (
            client.get("/phan-anh-kien-nghi/theo-doi/?ma=PAKN-2612-7F3K9Q").status_code
            == 200
        )
    assert (
        client.get("/phan-anh-kien-nghi/theo-doi/?ma=PAKN-2612-7F3K9Q").status_code
        == 429
    )


def test_unknown_and_malformed_codes_get_clear_messages(client):
    unknown = client.get("/phan-anh-kien-nghi/theo-doi/?ma=PAKN-2612-7F3K9Q")
    assert "Không tìm thấy phản ánh" in unknown.text
    bad = client.get("/phan-anh-kien-nghi/theo-doi/?ma=abc")
    assert "PAKN-2612-7F3K9Q" in bad.text and "Kiểm tra lại mã" in bad.text


def test_routing_to_the_procedures_unit(client, commune):

    response = _post(client, commune, unit="")
    assert "unit" in response.context["form"].errors  # no procedure, no unit


def test_answer_publishes_only_with_consent_and_never_personal_data(
    commune, commune_officer, client
):
    published = _submit(commune, consent=True)
    private = _submit(commune, consent=False)
    for item in (published, private):
        feedback_answer(
            feedback=item,
            answer="Đã chấn chỉnh.",
            verdict="justified",
            user=commune_officer,
        )
    page = client.get("/phan-anh-kien-nghi/")
    assert page.text.count("Đã chấn chỉnh.") == 1
    assert "Nguyễn Văn An" not in page.text and "0912345678" not in page.text
    assert published.code not in page.text  # the code is the submitter's key


def test_answer_needs_text_and_verdict(commune, commune_officer):

    item = _submit(commune)
    with pytest.raises(ValidationError):
        feedback_answer(
            feedback=item, answer=" ", verdict="justified", user=commune_officer
        )
    with pytest.raises(ValidationError):
        feedback_answer(
            feedback=item, answer="Trả lời", verdict="", user=commune_officer
        )
    item.refresh_from_db()
    assert item.status == "received"


def test_officer_of_another_commune_cannot_answer_or_open(
    other_commune, commune_officer, login
):

    item = _submit(other_commune)
    with pytest.raises(ValidationError):
        feedback_answer(
            feedback=item, answer="x", verdict="justified", user=commune_officer
        )
    client = login(commune_officer)
    assert client.get(f"/admin/phan-anh-kien-nghi/{item.pk}/").status_code == 404
    assert (
        client.post(
            f"/admin/phan-anh-kien-nghi/{item.pk}/",
            {"answer": "x", "verdict": "justified"},
        ).status_code
        == 404
    )
    listing = client.get("/admin/phan-anh-kien-nghi/")
    assert item.code not in listing.text


def test_staff_answer_through_the_admin(commune, commune_officer, login):
    item = _submit(commune)
    client = login(commune_officer)
    response = client.post(
        f"/admin/phan-anh-kien-nghi/{item.pk}/",
        {"answer": "Đã trả lời ông.", "verdict": "unjustified"},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == "answered" and item.verdict == "unjustified"
    assert item.history.first().history_change_reason == "Trả lời phản ánh"


def test_iso_reviewer_reads_but_cannot_answer(commune, iso_reviewer, login):
    item = _submit(commune)
    client = login(iso_reviewer)
    assert client.get(f"/admin/phan-anh-kien-nghi/{item.pk}/").status_code == 200
    response = client.post(
        f"/admin/phan-anh-kien-nghi/{item.pk}/", {"answer": "x", "verdict": "justified"}
    )
    assert response.status_code in (302, 403)  # Wagtail: back to the dashboard
    assert response.status_code == 403 or response["Location"] == "/admin/"
    item.refresh_from_db()
    assert item.status == "received"


def test_staff_list_filters_and_query_count(
    commune, commune_officer, login, django_assert_max_num_queries
):
    with time_machine.travel("2026-01-05 09:00 +07:00", tick=False):
        late = _submit(commune)
    fresh = _submit(commune)
    client = login(commune_officer)
    with django_assert_max_num_queries(25):
        response = client.get("/admin/phan-anh-kien-nghi/?overdue=on")
    assert late.code in response.text and fresh.code not in response.text
    response = client.get("/admin/phan-anh-kien-nghi/?status=answered")
    assert late.code not in response.text
    detail = client.get(f"/admin/phan-anh-kien-nghi/{late.pk}/")
    assert "Quá hạn" in detail.text and "0912345678" in detail.text


def test_overdue_feedback_waits_for_the_officer(commune, commune_officer):

    with time_machine.travel("2026-01-05 09:00 +07:00", tick=False):
        late = _submit(commune)
    sections = {
        s.key: s
        for s in waiting_for(user=commune_officer, today=datetime.date(2026, 3, 1))
    }
    assert sections["feedback"].total == 1
    assert sections["feedback"].items[0].overdue
    assert late.code in sections["feedback"].items[0].title


def test_review_input_and_nonconformity_seam(commune, commune_officer):
    with time_machine.travel("2026-01-05 09:00 +07:00", tick=False):
        late = _submit(commune)
        justified = _submit(commune)
        feedback_answer(
            feedback=justified, answer="Đúng", verdict="justified", user=commune_officer
        )
        unjustified = _submit(commune)
        feedback_answer(
            feedback=unjustified,
            answer="Không",
            verdict="unjustified",
            user=commune_officer,
        )
    kwargs = {
        "unit_ids": [commune.pk],
        "period_from": datetime.date(2026, 1, 1),
        "period_to": datetime.date(2026, 12, 31),
        "today": datetime.date(2026, 3, 1),
    }
    (section,) = [i for i in review_inputs(**kwargs) if i.key == "feedback"]
    assert section.clause == "c) 1"
    total = section.context["total"]
    assert total["received"] == 3 and total["answered_in_time"] == 2
    assert total["overdue"] == 1 and total["justified"] == 1
    candidates = set(selectors.feedback_nonconformity_candidates(**kwargs))
    assert candidates == {late, justified}


def test_transparency_counts_published_answers(
    client, commune, commune_officer, settings
):
    item = _submit(commune)
    feedback_answer(
        feedback=item, answer="Đã xử lý", verdict="justified", user=commune_officer
    )
    figures = selectors.feedback_figures(
        unit_ids=None,
        period_from=datetime.date(2000, 1, 1),
        period_to=datetime.date(2100, 1, 1),
        today=datetime.date.today(),
    )["total"]
    assert figures["published"] == 1 and figures["answered"] == 1


def test_satisfaction_figures_do_not_count_feedback_as_answers(commune):
    _submit(commune)
    figures = satisfaction_figures(
        unit_ids=[commune.pk],
        period_from=datetime.date(2000, 1, 1),
        period_to=datetime.date(2100, 1, 1),
    )
    assert figures["respondents"] is None and figures["online"] == 0


def test_justified_and_overdue_feedback_raise_a_nonconformity(commune, commune_officer):
    with time_machine.travel("2026-01-05 09:00 +07:00", tick=False):
        late = _submit(commune)
        justified = _submit(commune)
        feedback_answer(
            feedback=justified, answer="Đúng", verdict="justified", user=commune_officer
        )
    today = datetime.date(2026, 3, 1)
    nc = feedback_raise_nonconformity(feedback=justified, user=commune_officer)
    assert nc.inspection is None and nc.unit == commune and nc.source == justified
    assert nc.iso_clause == "8.7" and justified.code in nc.evidence
    assert nc.history.get().history_change_reason.startswith("Lập điểm")
    with pytest.raises(ValidationError, match="đang mở"):
        feedback_raise_nonconformity(feedback=justified, user=commune_officer)
    overdue = feedback_raise_nonconformity(
        feedback=late, user=commune_officer, today=today
    )
    assert overdue.iso_clause == "8.2.1" and "quá hạn" in overdue.description
    assert overdue.number == nc.number + 1


def test_feedback_in_time_and_unjustified_raises_nothing(commune, commune_officer):
    fresh = _submit(commune)
    with pytest.raises(ValidationError, match="Chỉ lập"):
        feedback_raise_nonconformity(feedback=fresh, user=commune_officer)
    feedback_answer(
        feedback=fresh, answer="Không", verdict="unjustified", user=commune_officer
    )
    with pytest.raises(ValidationError, match="Chỉ lập"):
        feedback_raise_nonconformity(feedback=fresh, user=commune_officer)
    assert not Nonconformity.objects.exists()


def test_raise_button_through_the_admin_and_its_scope(
    commune, commune_officer, other_commune, iso_reviewer, login
):
    with time_machine.travel("2026-01-05 09:00 +07:00", tick=False):
        late = _submit(commune)
    fresh = _submit(commune)
    url = f"/admin/phan-anh-kien-nghi/{late.pk}/lap-diem-khong-phu-hop/"
    # Someone else's commune: 404, nothing raised.
    stranger = login(make_user("officer2", COMMUNE_OFFICER, other_commune))
    assert stranger.post(url).status_code == 404
    # A reader without the add permission sees no button and is refused.
    reader = login(iso_reviewer)
    assert (
        "lap-diem-khong-phu-hop"
        not in reader.get(f"/admin/phan-anh-kien-nghi/{late.pk}/").text
    )
    reader.post(url)
    assert not Nonconformity.objects.exists()
    client = login(commune_officer)
    page = client.get(f"/admin/phan-anh-kien-nghi/{late.pk}/")
    assert "chưa trả lời khi đã quá hạn" in page.text and url in page.text
    assert (
        "lap-diem-khong-phu-hop"
        not in client.get(f"/admin/phan-anh-kien-nghi/{fresh.pk}/").text
    )
    response = client.post(url)
    nc = Nonconformity.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/admin/inspections/nonconformities/{nc.pk}/"
    assert nc.code in client.get(f"/admin/phan-anh-kien-nghi/{late.pk}/").text
    # The nonconformity's page links back to the complaint it came from.
    nc_page = client.get(response["Location"]).text
    assert f'href="/admin/phan-anh-kien-nghi/{late.pk}/"' in nc_page
    # A second press explains itself instead of raising twice.
    client.post(url, follow=True)
    assert Nonconformity.objects.count() == 1
    refused = client.post(
        f"/admin/phan-anh-kien-nghi/{fresh.pk}/lap-diem-khong-phu-hop/", follow=True
    )
    assert "Chỉ lập" in refused.text and Nonconformity.objects.count() == 1
