"""Inspection services: plans, impartiality, answers, nonconformities, actions."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from audits.inspections.checklist_templates import TEMPLATES, checklist_templates_ensure
from audits.inspections.choices import (
    ActionStatus,
    AnswerResult,
    InspectionMode,
    InspectionStatus,
    NonconformityStatus,
)
from audits.inspections.models import (
    ChecklistItem,
    ChecklistTemplate,
    CorrectiveAction,
    Inspection,
    Nonconformity,
)
from audits.inspections.selectors import plan_warnings, unit_risks
from audits.inspections.services import (
    action_create,
    action_report,
    action_verify,
    answer_record,
    inspection_complete,
    nonconformity_close,
    nonconformity_raise_from_answer,
    plan_create,
    plan_item_add,
)
from qms.organisation.models import UnitMembership
from qms.organisation.roles import INSPECTOR
from tests.audits.dossiers.factories import make_dossier
from tests.audits.inspections.helpers import (
    RECORD_DATE,
    answer_all,
    completed_visit_with_ncs,
    make_visit,
)
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def inspector2(db):
    return make_user("inspector2", INSPECTOR)


def test_shipped_templates_idempotent_and_classified():
    assert checklist_templates_ensure() == 3
    assert checklist_templates_ensure() == 0
    for code, (_name, _kind, items) in TEMPLATES.items():
        template = ChecklistTemplate.objects.get(code=code)
        assert template.items.count() == len(items)
    # every item carries a clause, a Circular 26 item or a reform area
    assert not ChecklistItem.objects.filter(
        iso_clause="", c26_item="", reform_area=""
    ).exists()
    assert ChecklistTemplate.objects.get(code="CCHC-7").items.count() == 7


def test_checklist_item_must_be_classified():
    checklist_templates_ensure()
    item = ChecklistItem(
        template=ChecklistTemplate.objects.first(), order=99, text="Không phân loại"
    )
    with pytest.raises(ValidationError, match="điều khoản ISO"):
        item.full_clean()


def test_plan_warns_when_fewer_than_a_third_on_site(
    inspector, district, commune, other_commune
):
    plan = plan_create(year=2022, issuing_unit=district, user=inspector)
    assert plan_warnings(plan) == ["Kế hoạch chưa có đơn vị nào."]
    plan_item_add(
        plan=plan,
        unit=commune,
        mode=InspectionMode.ON_FILE,
        planned_month=3,
        user=inspector,
    )
    plan_item_add(
        plan=plan,
        unit=other_commune,
        mode=InspectionMode.ON_FILE,
        planned_month=4,
        user=inspector,
    )
    warnings = plan_warnings(plan)
    assert len(warnings) == 1
    assert "0/2" in warnings[0]
    assert "một phần ba" in warnings[0]
    item = plan.items.get(unit=other_commune)
    item.mode = InspectionMode.ON_SITE
    item.save()
    assert plan_warnings(plan) == []


def test_plan_refuses_bad_month_and_duplicates(inspector, district, commune):
    plan = plan_create(year=2022, issuing_unit=district, user=inspector)
    with pytest.raises(ValidationError, match="từ 1 đến 12"):
        plan_item_add(
            plan=plan, unit=commune, mode="on_site", planned_month=13, user=inspector
        )
    plan_item_add(
        plan=plan, unit=commune, mode="on_site", planned_month=2, user=inspector
    )
    with pytest.raises(ValidationError, match="đã có trong kế hoạch"):
        plan_item_add(
            plan=plan, unit=commune, mode="on_file", planned_month=5, user=inspector
        )
    with pytest.raises(ValidationError, match="đã có kế hoạch"):
        plan_create(year=2022, issuing_unit=district, user=inspector)
    assert plan.items.count() == 1


def test_commune_officer_cannot_plan(commune_officer, district):
    with pytest.raises(PermissionDenied):
        plan_create(year=2022, issuing_unit=district, user=commune_officer)


def test_impartiality_refuses_a_member_of_the_inspected_unit(
    inspector, inspector2, commune
):
    UnitMembership.objects.create(user=inspector2, unit=commune)
    with pytest.raises(ValidationError) as refused:
        make_visit(commune, inspector, inspector2)
    message = " ".join(refused.value.messages)
    assert "Inspector2" in message
    assert "Thị trấn Xuân Trường" in message
    assert "không được kiểm tra đơn vị này" in message
    assert not Inspection.objects.exists()


def test_impartiality_covers_units_inside_the_inspected_one(
    inspector, district, commune
):
    UnitMembership.objects.create(user=inspector, unit=commune)
    with pytest.raises(ValidationError, match="không được kiểm tra"):
        make_visit(district, inspector)


def test_visit_creates_unanswered_checklist_with_history(inspector, commune):
    inspection = make_visit(commune, inspector)
    assert inspection.answers.count() == len(TEMPLATES["TT26"][2])
    assert inspection.answers.filter(result="").count() == inspection.answers.count()
    record = inspection.history.first()
    assert record.history_change_reason == "Ra quyết định kiểm tra"
    assert inspection.answers.first().history.first().history_change_reason


def test_only_team_members_record_answers(inspector, inspector2, commune):
    inspection = make_visit(commune, inspector)
    answer = inspection.answers.first()
    with pytest.raises(PermissionDenied, match="thành viên đoàn"):
        answer_record(answer=answer, result=AnswerResult.CONFORMS, user=inspector2)
    answer.refresh_from_db()
    assert answer.result == ""
    answer_record(answer=answer, result=AnswerResult.CONFORMS, user=inspector)
    inspection.refresh_from_db()
    assert inspection.status == InspectionStatus.IN_PROGRESS


def test_answer_rejects_unknown_result(inspector, commune):
    inspection = make_visit(commune, inspector)
    with pytest.raises(ValidationError, match="Chọn kết quả"):
        answer_record(answer=inspection.answers.first(), result="bad", user=inspector)


def test_nonconformity_from_answer_takes_grade_and_clause(inspector, commune):
    inspection = make_visit(commune, inspector)
    answer = inspection.answers.select_related("item").get(item__order=3)
    answer_record(answer=answer, result=AnswerResult.MAJOR, user=inspector)
    nc = nonconformity_raise_from_answer(
        answer=answer, description="Không có phiếu", user=inspector
    )
    assert nc.grade == "major"
    assert nc.iso_clause == answer.item.iso_clause == "8.5.1"
    assert nc.c26_item == "processes"
    assert nc.number == 1
    with pytest.raises(ValidationError, match="đã được lập"):
        nonconformity_raise_from_answer(
            answer=answer, description="Lần hai", user=inspector
        )
    # the answer cannot be turned into a conformity behind the nonconformity
    with pytest.raises(ValidationError, match="không đổi kết quả"):
        answer_record(answer=answer, result=AnswerResult.CONFORMS, user=inspector)
    answer.refresh_from_db()
    assert answer.result == AnswerResult.MAJOR


def test_conforming_answer_raises_no_nonconformity(inspector, commune):
    inspection = make_visit(commune, inspector)
    answer = inspection.answers.first()
    answer_record(answer=answer, result=AnswerResult.OBSERVATION, user=inspector)
    with pytest.raises(ValidationError, match="nhẹ hoặc nặng"):
        nonconformity_raise_from_answer(answer=answer, description="x", user=inspector)


def test_complete_requires_all_answers_and_raised_ncs(inspector, commune):
    inspection = make_visit(commune, inspector)
    with pytest.raises(ValidationError, match="chưa có kết quả"):
        inspection_complete(
            inspection=inspection,
            record_date=RECORD_DATE,
            conclusion="",
            user=inspector,
        )
    answer_all(inspection, inspector, {2: AnswerResult.MINOR})
    with pytest.raises(ValidationError, match="chưa được lập điểm KPH"):
        inspection_complete(
            inspection=inspection,
            record_date=RECORD_DATE,
            conclusion="",
            user=inspector,
        )
    inspection.refresh_from_db()
    assert inspection.status == InspectionStatus.IN_PROGRESS
    assert inspection.record_date is None


def test_record_date_before_start_refused(inspector, commune):
    inspection = make_visit(commune, inspector)
    answer_all(inspection, inspector, {})
    with pytest.raises(ValidationError, match="không được trước ngày bắt đầu"):
        inspection_complete(
            inspection=inspection,
            record_date=datetime.date(2022, 1, 1),
            conclusion="",
            user=inspector,
        )
    inspection.refresh_from_db()
    assert inspection.record_date is None


def test_completed_visit_is_frozen(inspector, commune):
    inspection, _ncs, _actions = completed_visit_with_ncs(commune, inspector)
    with pytest.raises(ValidationError, match="đã lập"):
        answer_record(
            answer=inspection.answers.first(),
            result=AnswerResult.MAJOR,
            user=inspector,
        )


def test_action_due_date_defaults_to_record_date_plus_two_months(inspector, commune):
    _inspection, _ncs, actions = completed_visit_with_ncs(commune, inspector)
    assert actions[0].due_date == datetime.date(2022, 5, 11)
    assert actions[0].owner_unit == commune


def test_action_owner_must_belong_to_owner_unit(inspector, commune):
    _inspection, ncs, _actions = completed_visit_with_ncs(commune, inspector)
    with pytest.raises(ValidationError, match="không thuộc"):
        action_create(nonconformity=ncs[0], action="x", owner=inspector, user=inspector)


def test_commune_reports_and_other_inspector_verifies(
    inspector, inspector2, commune, commune_officer
):
    _inspection, ncs, actions = completed_visit_with_ncs(
        commune, inspector, grades=("minor",)
    )
    action = actions[0]
    action_report(
        action=action,
        report="Đã sửa",
        root_cause="Thiếu hướng dẫn",
        user=commune_officer,
    )
    assert action.status == ActionStatus.REPORTED
    action_verify(
        action=action,
        effective=True,
        comment="Đã kiểm tra hồ sơ",
        verified_on=datetime.date(2022, 5, 20),
        user=inspector2,
    )
    action.refresh_from_db()
    ncs[0].refresh_from_db()
    assert action.status == ActionStatus.EFFECTIVE
    assert ncs[0].status == NonconformityStatus.CLOSED
    reasons = [h.history_change_reason for h in ncs[0].history.all()]
    assert "Đóng: mọi hành động khắc phục có hiệu quả" in reasons


def test_commune_officer_cannot_report_other_units_action(
    inspector, other_commune, commune_officer
):
    _inspection, _ncs, actions = completed_visit_with_ncs(other_commune, inspector)
    with pytest.raises(PermissionDenied):
        action_report(action=actions[0], report="x", user=commune_officer)
    actions[0].refresh_from_db()
    assert actions[0].status == ActionStatus.OPEN


def test_verifier_must_not_belong_to_owner_unit(
    inspector, inspector2, commune, commune_officer
):
    _inspection, _ncs, actions = completed_visit_with_ncs(commune, inspector)
    action = actions[0]
    action_report(action=action, report="Đã sửa", user=commune_officer)
    UnitMembership.objects.create(user=inspector2, unit=commune)
    with pytest.raises(ValidationError, match="khác người thực hiện"):
        action_verify(
            action=action,
            effective=True,
            comment="ok",
            verified_on=datetime.date(2022, 5, 1),
            user=inspector2,
        )
    action.refresh_from_db()
    assert action.status == ActionStatus.REPORTED
    assert not action.verifications.exists()


def test_not_effective_reopens_with_new_due_and_nc_stays_open(
    inspector, inspector2, commune, commune_officer
):
    _inspection, ncs, actions = completed_visit_with_ncs(
        commune, inspector, grades=("minor",)
    )
    action = actions[0]
    action_report(action=action, report="Đã sửa", user=commune_officer)
    with pytest.raises(ValidationError, match="hạn hoàn thành mới"):
        action_verify(
            action=action,
            effective=False,
            comment="Chưa đạt",
            verified_on=datetime.date(2022, 5, 20),
            user=inspector2,
        )
    action.refresh_from_db()
    assert action.status == ActionStatus.REPORTED
    action_verify(
        action=action,
        effective=False,
        comment="Chưa đạt",
        verified_on=datetime.date(2022, 5, 20),
        new_due_date=datetime.date(2022, 7, 20),
        user=inspector2,
    )
    action.refresh_from_db()
    assert action.status == ActionStatus.OPEN
    assert action.due_date == datetime.date(2022, 7, 20)
    nc = Nonconformity.objects.get(pk=ncs[0].pk)
    assert nc.status == NonconformityStatus.OPEN
    with pytest.raises(ValidationError, match="mọi hành động"):
        nonconformity_close(nonconformity=nc, user=inspector2)
    nc.refresh_from_db()
    assert nc.status == NonconformityStatus.OPEN
    # verifying an action that is not reported is refused
    with pytest.raises(ValidationError, match="đã báo cáo"):
        action_verify(
            action=action,
            effective=True,
            comment="ok",
            verified_on=datetime.date(2022, 5, 21),
            user=inspector2,
        )


def test_nonconformity_with_two_actions_closes_only_after_both(
    inspector, inspector2, commune, commune_officer
):
    _inspection, ncs, actions = completed_visit_with_ncs(
        commune, inspector, grades=("major",)
    )
    nc = ncs[0]
    second = action_create(nonconformity=nc, action="Đào tạo lại", user=commune_officer)
    for action in (actions[0], second):
        action_report(action=action, report="Xong", user=commune_officer)
    action_verify(
        action=actions[0],
        effective=True,
        comment="ok",
        verified_on=datetime.date(2022, 5, 2),
        user=inspector2,
    )
    nc.refresh_from_db()
    assert nc.status == NonconformityStatus.OPEN
    action_verify(
        action=second,
        effective=True,
        comment="ok",
        verified_on=datetime.date(2022, 5, 2),
        user=inspector2,
    )
    nc.refresh_from_db()
    assert nc.status == NonconformityStatus.CLOSED


def test_nonconformity_without_actions_cannot_close(inspector, commune):
    inspection = make_visit(commune, inspector)
    answer = inspection.answers.first()
    answer_record(answer=answer, result=AnswerResult.MINOR, user=inspector)
    nc = nonconformity_raise_from_answer(answer=answer, description="x", user=inspector)
    with pytest.raises(ValidationError, match="chưa có hành động"):
        nonconformity_close(nonconformity=nc, user=inspector)


@time_machine.travel(datetime.datetime(2023, 1, 15, 9, tzinfo=datetime.UTC))
def test_risk_scores_explain_themselves(inspector, commune, other_commune):
    _inspection, _ncs, _actions = completed_visit_with_ncs(commune, inspector)
    today = datetime.date(2023, 1, 15)
    risks = unit_risks(units=[commune, other_commune], year=2023, today=today)
    by_unit = {r.unit.pk: r for r in risks}
    # commune: 2 overdue actions (due 11/05/2022) = 6, visited in 2022
    assert by_unit[commune.pk].score == 6
    assert by_unit[commune.pk].reasons == ["+6: 2 hành động khắc phục quá hạn"]
    # other commune: only "not visited last year"
    assert by_unit[other_commune.pk].score == 2
    assert "chưa được kiểm tra năm 2022" in by_unit[other_commune.pk].reasons[0]
    assert risks[0].unit == commune


def test_risk_uses_on_time_rate_of_dossiers(inspector, commune):
    day = datetime.date(2022, 6, 1)
    make_dossier(commune, received=day, due=day, resolved=day + datetime.timedelta(3))
    risks = unit_risks(units=[commune], year=2023, today=datetime.date(2023, 1, 2))
    assert any("tỷ lệ hồ sơ đúng hạn năm 2022" in r for r in risks[0].reasons)


def test_corrective_action_history_records_reporter(
    inspector, commune, commune_officer
):
    _inspection, _ncs, actions = completed_visit_with_ncs(commune, inspector)
    action_report(action=actions[0], report="Xong", user=commune_officer)
    latest = CorrectiveAction.history.filter(id=actions[0].pk).first()
    assert latest.history_change_reason == "Đơn vị báo cáo kết quả khắc phục"
    assert latest.status == ActionStatus.REPORTED
    assert latest.history_user == commune_officer


def test_regrading_the_answer_regrades_its_nonconformity(inspector, commune):
    inspection = make_visit(commune, inspector)
    answer = inspection.answers.first()
    answer_record(answer=answer, result=AnswerResult.MINOR, user=inspector)
    nc = nonconformity_raise_from_answer(answer=answer, description="x", user=inspector)
    answer_record(answer=answer, result=AnswerResult.MAJOR, user=inspector)
    nc.refresh_from_db()
    assert nc.grade == "major"
    assert (
        nc.history.first().history_change_reason
        == "Điều chỉnh mức độ theo kết quả kiểm tra"
    )
