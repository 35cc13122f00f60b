"""Inspection screens: roles, commune scope, the full journey, query counts."""

import datetime
from io import BytesIO

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from audits.inspections.checklist_templates import checklist_templates_ensure
from audits.inspections.choices import ActionStatus, InspectionStatus
from audits.inspections.models import (
    ChecklistTemplate,
    CorrectiveAction,
    EvidenceFile,
    Inspection,
    InspectionPlan,
    Nonconformity,
)
from audits.inspections.services import (
    action_create,
    action_report,
    plan_create,
    plan_item_add,
)
from qms.documents.choices import DocumentType
from qms.documents.models import ControlledDocument
from qms.organisation.models import UnitMembership
from qms.organisation.roles import INSPECTOR
from tests.audits.inspections.helpers import completed_visit_with_ncs, make_visit
from tests.conftest import make_user
from tests.pdf_helpers import pdf_text, save_pdf_pages
from tests.qms.documents.helpers import draft

pytestmark = pytest.mark.django_db
NS = "audits_inspections"


def url(name, *args):
    return reverse(f"{NS}:{name}", args=args)


def refused(response) -> bool:
    """Wagtail's admin turns PermissionDenied into a redirect to its dashboard."""
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == "/admin/"
    )


@pytest.fixture
def inspector2(db):
    return make_user("inspector2", INSPECTOR)


@pytest.fixture
def other_visit(inspector, other_commune):
    """A completed visit of a commune the commune officer must never see."""
    return completed_visit_with_ncs(other_commune, inspector)


@pytest.fixture
def own_visit(inspector, commune):
    return completed_visit_with_ncs(commune, inspector)


def test_anonymous_is_sent_to_login(client):
    response = client.get(url("index"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("inspector", 200),
        ("iso_reviewer", 200),
        ("approver", 200),
        ("commune_officer", 200),
        ("site_editor", 403),
        ("document_controller", 403),
    ],
)
def test_index_by_role(request, login, persona, expected):
    user = request.getfixturevalue(persona)
    response = login(user).get(url("index"))
    if expected == 403:
        assert refused(response)
    else:
        assert response.status_code == expected


def test_commune_officer_sees_only_own_unit(
    login, commune_officer, own_visit, other_visit
):
    client = login(commune_officer)
    own, own_ncs, own_actions = own_visit
    other, other_ncs, other_actions = other_visit
    listing = client.get(url("index")).content.decode()
    assert own.unit.name in listing
    assert other.unit.name not in listing
    assert client.get(url("detail", own.pk)).status_code == 200
    assert client.get(url("nonconformity", own_ncs[0].pk)).status_code == 200
    assert client.get(url("action", own_actions[0].pk)).status_code == 200
    for path in (
        url("detail", other.pk),
        url("record", other.pk),
        url("visit", other.pk),
        url("complete", other.pk),
        url("nonconformity", other_ncs[0].pk),
        url("action", other_actions[0].pk),
    ):
        assert client.get(path).status_code == 404, path
    response = client.post(
        url("action", other_actions[0].pk), {"form": "report", "report": "x"}
    )
    assert response.status_code == 404
    other_actions[0].refresh_from_db()
    assert other_actions[0].status == ActionStatus.OPEN
    actions = client.get(url("actions")).content.decode()
    assert other.unit.name not in actions
    # the annual summary covers every unit: not for a commune officer
    assert refused(client.get(url("summary_pdf", 2022)))


def test_commune_officer_cannot_use_the_visit_form(
    login, commune_officer, commune, inspector
):
    inspection = make_visit(commune, inspector)
    client = login(commune_officer)
    assert refused(client.get(url("visit", inspection.pk)))


def test_inspector_edits_only_visits_they_are_on(login, inspector, inspector2, commune):
    inspection = make_visit(commune, inspector)
    answer = inspection.answers.first()
    client = login(inspector2)
    assert client.get(url("detail", inspection.pk)).status_code == 200
    assert refused(client.get(url("visit", inspection.pk)))
    response = client.post(
        url("visit", inspection.pk), {f"result-{answer.pk}": "minor"}
    )
    assert refused(response)
    answer.refresh_from_db()
    assert answer.result == ""


def test_iso_reviewer_reads_everything_with_history_but_cannot_write(
    login, iso_reviewer, own_visit
):
    inspection, ncs, actions = own_visit
    client = login(iso_reviewer)
    page = client.get(url("nonconformity", ncs[0].pk)).content.decode()
    assert "Lập điểm không phù hợp từ phát hiện" in page  # why
    assert "Inspector" in page  # who
    assert refused(client.get(url("visit", inspection.pk)))
    response = client.post(
        url("action", actions[0].pk),
        {
            "form": "verify",
            "effective": "1",
            "comment": "x",
            "verified_on": "2022-06-01",
        },
    )
    assert refused(response)
    assert client.get(url("summary_xlsx", 2022)).status_code == 200


def test_impartiality_refusal_shows_clear_message(login, inspector, commune):
    UnitMembership.objects.create(user=inspector, unit=commune)
    response = login(inspector).post(
        url("create"),
        {
            "unit": commune.pk,
            "mode": "on_site",
            "decision_number": "1/QĐ",
            "decision_date": "2022-03-01",
            "leader": inspector.pk,
            "start_date": "2022-03-02",
            "end_date": "2022-03-02",
            "content_items": ["processes"],
            "template": _template_pk(),
        },
        follow=True,
    )
    assert response.status_code == 200
    assert "không được kiểm tra đơn vị này" in response.content.decode()
    assert not Inspection.objects.exists()


def _template_pk():
    checklist_templates_ensure()
    return ChecklistTemplate.objects.get(code="TT26").pk


def test_bad_input_is_a_form_error_not_a_500(login, inspector, commune):
    client = login(inspector)
    response = client.post(
        url("create"),
        {"unit": "abc", "decision_date": "31/02/2022", "template": "999999"},
    )
    assert response.status_code == 200
    assert not Inspection.objects.exists()
    assert client.get("/admin/inspections/999999/").status_code == 404
    assert client.get(url("summary_pdf", 1900)).status_code == 404


def test_plan_screen_warns_and_suggests(login, inspector, district, commune):
    plan = plan_create(year=2022, issuing_unit=district, user=inspector)
    plan_item_add(
        plan=plan, unit=commune, mode="on_file", planned_month=3, user=inspector
    )
    page = login(inspector).get(url("plan", plan.pk)).content.decode()
    assert "một phần ba" in page
    assert "chưa được kiểm tra năm 2021" in page


def test_plan_create_through_the_screen(login, inspector, district):
    response = login(inspector).post(
        url("plans"), {"year": "2023", "issuing_unit": district.pk}
    )
    plan = InspectionPlan.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("plan", plan.pk)
    assert plan.history.first().history_user == inspector


def test_full_journey(
    login, client, inspector, inspector2, commune, commune_officer, iso_reviewer
):
    """Plan → visit → two NCs → commune answers → not effective → record PDF."""
    inspection = make_visit(commune, inspector)
    answers = list(inspection.answers.select_related("item").order_by("item__order"))
    data = {f"result-{a.pk}": "conforms" for a in answers}
    data[f"result-{answers[0].pk}"] = "minor"
    data[f"nc-{answers[0].pk}"] = "Chưa phổ biến tài liệu"
    data[f"result-{answers[2].pk}"] = "major"
    data[f"nc-{answers[2].pk}"] = "Hồ sơ không có phiếu kiểm soát"
    data[f"files-{answers[2].pk}"] = SimpleUploadedFile(
        "anh.jpg", b"\xff\xd8\xff fake jpeg", content_type="image/jpeg"
    )
    client.force_login(inspector)
    response = client.post(url("visit", inspection.pk), data)
    assert response.status_code == 302
    assert Nonconformity.objects.filter(inspection=inspection).count() == 2
    evidence = EvidenceFile.objects.get()
    assert client.get(url("evidence", evidence.pk)).status_code == 200
    response = client.post(
        url("complete", inspection.pk),
        {"record_date": "2022-03-11", "conclusion": "Cơ bản phù hợp"},
    )
    assert response.status_code == 302
    inspection.refresh_from_db()
    assert inspection.status == InspectionStatus.COMPLETED
    ncs = list(inspection.nonconformities.order_by("number"))
    for nc in ncs:
        response = client.post(url("nonconformity", nc.pk), {"action": "Sửa"})
        assert response.status_code == 302
    action = CorrectiveAction.objects.get(nonconformity=ncs[1])
    assert action.due_date == datetime.date(2022, 5, 11)
    # the commune answers
    client.force_login(commune_officer)
    response = client.post(
        url("action", action.pk),
        {"form": "report", "report": "Đã bổ sung phiếu", "root_cause": "Thiếu mẫu"},
    )
    assert response.status_code == 302
    # another inspector verifies: not effective
    client.force_login(inspector2)
    response = client.post(
        url("action", action.pk),
        {
            "form": "verify",
            "effective": "0",
            "comment": "Còn hồ sơ thiếu phiếu",
            "verified_on": "2022-05-20",
            "new_due_date": "2022-07-20",
        },
    )
    assert response.status_code == 302
    action.refresh_from_db()
    ncs[1].refresh_from_db()
    assert action.status == ActionStatus.OPEN
    assert action.due_date == datetime.date(2022, 7, 20)
    assert ncs[1].status == "open"
    # the record prints
    pdf = client.get(url("record", inspection.pk))
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")
    # the ISO reviewer finds the chain with who and why
    client.force_login(iso_reviewer)
    page = client.get(url("nonconformity", ncs[1].pk)).content.decode()
    assert url("action", action.pk) in page
    assert url("detail", inspection.pk) in page
    assert "Xác minh: không hiệu quả" in page
    assert "Đơn vị báo cáo kết quả khắc phục" in page
    assert "Officer" in page and "Inspector2" in page
    action_page = client.get(url("action", action.pk)).content.decode()
    assert url("nonconformity", ncs[1].pk) in action_page


def test_verify_refused_for_owner_unit_member_shows_message(
    login, inspector2, commune, commune_officer, own_visit
):
    _inspection, _ncs, actions = own_visit
    action_report(action=actions[0], report="Xong", user=commune_officer)
    UnitMembership.objects.create(user=inspector2, unit=commune)
    response = login(inspector2).post(
        url("action", actions[0].pk),
        {
            "form": "verify",
            "effective": "1",
            "comment": "ok",
            "verified_on": "2022-06-01",
        },
        follow=True,
    )
    assert "khác người thực hiện" in response.content.decode()
    actions[0].refresh_from_db()
    assert actions[0].status == ActionStatus.REPORTED


def test_listing_and_detail_query_counts(
    login, inspector, commune, other_commune, django_assert_max_num_queries
):
    visits = [
        completed_visit_with_ncs(u, inspector)[0] for u in (commune, other_commune)
    ]
    client = login(inspector)
    with django_assert_max_num_queries(20):
        assert client.get(url("index")).status_code == 200
    with django_assert_max_num_queries(30):
        assert client.get(url("detail", visits[0].pk)).status_code == 200
    with django_assert_max_num_queries(25):
        assert client.get(url("actions")).status_code == 200
    nc = visits[0].nonconformities.first()
    with django_assert_max_num_queries(25):
        assert client.get(url("nonconformity", nc.pk)).status_code == 200


def test_detail_queries_do_not_grow_with_findings(
    login, inspector, commune, other_commune, django_assert_num_queries
):
    small = completed_visit_with_ncs(commune, inspector, grades=("minor",))[0]
    large = completed_visit_with_ncs(
        other_commune, inspector, grades=("minor", "major", "minor", "major")
    )[0]
    client = login(inspector)
    with CaptureQueriesContext(connection) as first:
        client.get(url("detail", small.pk))
    with CaptureQueriesContext(connection) as second:
        client.get(url("detail", large.pk))
    assert len(second) == len(first)


def test_summary_files(login, inspector, own_visit):
    client = login(inspector)
    pdf = client.get(url("summary_pdf", 2022))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    save_pdf_pages(pdf.content, "office-inspection-summary")
    text = pdf_text(pdf.content)
    for part in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: .../BC",
        "BÁO CÁO",
        "năm 2022",
        "Nơi nhận:",
        "(Ký, ghi rõ họ tên)",
    ):
        assert part in text, part
    xlsx = client.get(url("summary_xlsx", 2022))
    assert xlsx.status_code == 200
    book = load_workbook(BytesIO(xlsx.content))
    units = book.worksheets[0]
    assert units["B2"].value == "Thị trấn Xuân Trường"
    assert units["E2"].number_format == "DD/MM/YYYY"
    findings = book.worksheets[1]
    assert [c.value for c in findings[1]] == ["Lĩnh vực", "Nhẹ", "Nặng", "Tổng"]
    assert findings.freeze_panes == "A2"  # one header row, kept in view
    assert findings["B2"].number_format == "#,##0"
    # TT26 items 1 (minor) and 2 (major) carry Circular 26 content items
    rows = {row[0].value: [c.value for c in row[1:]] for row in findings.iter_rows(2)}
    assert rows == {
        "TT 26: Phạm vi áp dụng bao gồm mọi thủ tục hành chính": [1, 0, 1],
        "TT 26: Phổ biến tài liệu của hệ thống": [0, 1, 1],
    }


def test_document_revision_link_shows_from_both_ends(
    login, inspector, commune, commune_officer, document_controller, own_visit
):
    document = ControlledDocument.objects.create(
        code="QT 01/XTT",
        title="Quy trình của thị trấn",
        doc_type=DocumentType.PROCESS,
        owning_unit=commune,
        owner=document_controller,
    )
    revision = draft(document, document_controller)
    _inspection, _ncs, actions = own_visit
    client = login(commune_officer)
    response = client.post(
        url("action", actions[0].pk),
        {
            "form": "report",
            "report": "Đã sửa quy trình",
            "document_revision": revision.pk,
        },
    )
    assert response.status_code == 302
    actions[0].refresh_from_db()
    assert actions[0].document_revision == revision
    action_page = client.get(url("action", actions[0].pk)).content.decode()
    assert reverse("qms_documents:revision", args=[revision.pk]) in action_page
    revision_end = client.get(url("revision_actions", revision.pk)).content.decode()
    assert url("action", actions[0].pk) in revision_end
    assert reverse("qms_documents:revision", args=[revision.pk]) in revision_end
    # the revision's own page in document control links to that list
    revision_page = client.get(reverse("qms_documents:revision", args=[revision.pk]))
    assert url("revision_actions", revision.pk) in revision_page.content.decode()


def test_revision_end_is_scoped(
    login, commune_officer, other_commune, document_controller
):
    document = ControlledDocument.objects.create(
        code="QT 01/XC",
        title="Quy trình của xã Xuân Châu",
        doc_type=DocumentType.PROCESS,
        owning_unit=other_commune,
        owner=document_controller,
    )
    revision = draft(document, document_controller)
    response = login(commune_officer).get(url("revision_actions", revision.pk))
    assert response.status_code == 404


def test_evidence_must_be_a_photo_or_pdf(login, inspector, commune):
    inspection = make_visit(commune, inspector)
    answer = inspection.answers.first()
    response = login(inspector).post(
        url("visit", inspection.pk),
        {
            f"result-{answer.pk}": "conforms",
            f"files-{answer.pk}": SimpleUploadedFile("virus.exe", b"MZ"),
        },
        follow=True,
    )
    assert "chỉ nhận HEIC, JPEG, JPG, PDF, PNG, WEBP" in response.content.decode()
    answer.refresh_from_db()
    assert answer.result == ""  # nothing of the refused form was kept
    assert not EvidenceFile.objects.exists()


def test_dashboard_panel_counts_overdue_actions(
    login, inspector, commune, commune_officer, other_visit, own_visit
):
    with time_machine.travel(datetime.datetime(2022, 6, 1, 3, tzinfo=datetime.UTC)):
        page = login(inspector).get("/admin/").content.decode()
        assert "4 quá hạn" in page
        page = login(commune_officer).get("/admin/").content.decode()
        assert "2 quá hạn" in page


def test_plan_history_shows_who_and_why(login, iso_reviewer, inspector, district):
    plan = plan_create(year=2022, issuing_unit=district, user=inspector)
    page = login(iso_reviewer).get(url("plan", plan.pk)).content.decode()
    assert "Lập kế hoạch kiểm tra" in page
    assert "Inspector" in page


def test_team_corrects_the_decision_with_impartiality_checked(
    login, inspector, inspector2, commune
):
    inspection = make_visit(commune, inspector)
    data = {
        "decision_number": "15/QĐ-UBND (sửa)",
        "decision_date": "2022-03-01",
        "leader": inspector.pk,
        "members": [inspector2.pk],
        "start_date": "2022-03-10",
        "end_date": "2022-03-12",
        "content_items": ["processes"],
    }
    # another inspector, not on the team, may not
    assert refused(login(inspector2).post(url("edit", inspection.pk), data))
    response = login(inspector).post(url("edit", inspection.pk), data)
    assert response.status_code == 302
    inspection.refresh_from_db()
    assert inspection.decision_number == "15/QĐ-UBND (sửa)"
    assert list(inspection.members.all()) == [inspector2]
    # a member of the inspected unit cannot be added
    UnitMembership.objects.create(user=inspector2, unit=commune)
    data["decision_number"] = "lần 3"
    page = login(inspector).post(url("edit", inspection.pk), data, follow=True)
    assert "không được kiểm tra đơn vị này" in page.content.decode()
    inspection.refresh_from_db()
    assert inspection.decision_number == "15/QĐ-UBND (sửa)"


def test_decision_form_prefilled_from_plan_item(login, inspector, district, commune):
    plan = plan_create(year=2022, issuing_unit=district, user=inspector)
    item = plan_item_add(
        plan=plan, unit=commune, mode="on_file", planned_month=3, user=inspector
    )
    client = login(inspector)
    form = client.get(url("create") + f"?plan_item={item.pk}").context["form"]
    assert form.initial["unit"] == commune.pk
    assert form.initial["mode"] == "on_file"
    assert client.get(url("create") + "?plan_item=abc").status_code == 200


def test_plan_and_visit_query_counts(
    login, inspector, district, commune, other_commune, django_assert_max_num_queries
):
    plan = plan_create(year=2022, issuing_unit=district, user=inspector)
    for month, unit in enumerate((commune, other_commune), start=1):
        plan_item_add(
            plan=plan, unit=unit, mode="on_site", planned_month=month, user=inspector
        )
    visit = make_visit(commune, inspector)
    client = login(inspector)
    # 31: the plan's risk suggestions read the risk register (audits.planning)
    with django_assert_max_num_queries(31):
        assert client.get(url("plan", plan.pk)).status_code == 200
    with django_assert_max_num_queries(25):
        assert client.get(url("visit", visit.pk)).status_code == 200


def test_commune_officer_sees_only_own_units_actions_on_a_nonconformity(
    login, inspector, commune, commune_officer, district, own_visit
):
    _inspection, ncs, actions = own_visit
    agency_action = action_create(
        nonconformity=ncs[0],
        owner_unit=district,
        action="Huyện ban hành hướng dẫn chung",
        user=inspector,
    )
    client = login(commune_officer)
    page = client.get(url("nonconformity", ncs[0].pk)).content.decode()
    assert url("action", actions[0].pk) in page
    assert "Huyện ban hành hướng dẫn chung" not in page
    page = client.get(url("detail", ncs[0].inspection_id)).content.decode()
    assert url("action", agency_action.pk) not in page
    page = login(inspector).get(url("nonconformity", ncs[0].pk)).content.decode()
    assert "Huyện ban hành hướng dẫn chung" in page


def test_plan_item_mode_changed_from_the_plan_page(
    login, inspector, iso_reviewer, district, commune
):
    plan = plan_create(year=2022, issuing_unit=district, user=inspector)
    item = plan_item_add(
        plan=plan, unit=commune, mode="on_file", planned_month=3, user=inspector
    )
    client = login(iso_reviewer)
    assert refused(
        client.post(url("plan_item", item.pk), {"mode": "on_site", "planned_month": 4})
    )
    client = login(inspector)
    response = client.post(
        url("plan_item", item.pk), {"mode": "x", "planned_month": 99}
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.mode, item.planned_month) == ("on_file", 3)
    client.post(url("plan_item", item.pk), {"mode": "on_site", "planned_month": 4})
    item.refresh_from_db()
    assert (item.mode, item.planned_month) == ("on_site", 4)
    assert "một phần ba" not in client.get(url("plan", plan.pk)).content.decode()
    assert client.get(url("plan_item", item.pk)).status_code == 404


def test_checklist_templates_page(
    login, iso_reviewer, site_editor, django_assert_max_num_queries
):
    checklist_templates_ensure()
    client = login(iso_reviewer)
    with django_assert_max_num_queries(15):
        page = client.get(url("checklists")).content.decode()
    assert "Kiểm tra công tác cải cách hành chính (7 lĩnh vực)" in page
    assert "ISO 10.2" in page
    assert refused(login(site_editor).get(url("checklists")))


@pytest.mark.parametrize("plan_item", ["²", "99999999999999999999", "-1", "abc"])
def test_new_inspection_ignores_a_bad_plan_item(login, inspector, plan_item):
    response = login(inspector).get(url("create"), {"plan_item": plan_item})
    assert response.status_code == 200


@pytest.mark.parametrize("field", ["members", "leader", "unit"])
def test_id_out_of_range_is_a_form_error(login, inspector, commune, field):
    data = {
        "unit": commune.pk,
        "leader": inspector.pk,
        "members": [inspector.pk],
        field: "99999999999999999999",
    }
    response = login(inspector).post(
        url("create"),
        {
            **data,
            "mode": "on_site",
            "decision_number": "2/QĐ",
            "decision_date": "2022-03-01",
            "start_date": "2022-03-02",
            "end_date": "2022-03-02",
            "content_items": ["processes"],
            "template": _template_pk(),
        },
    )
    assert response.status_code == 200
    assert not Inspection.objects.exists()


def test_summary_xlsx_headers_follow_the_language(login, inspector, own_visit):
    client = login(inspector)
    client.cookies["django_language"] = "en"
    english = load_workbook(BytesIO(client.get(url("summary_xlsx", 2022)).content))
    client.cookies["django_language"] = "vi"
    vietnamese = load_workbook(BytesIO(client.get(url("summary_xlsx", 2022)).content))
    assert english.worksheets[0]["A1"].value == "Unit code"
    assert vietnamese.worksheets[0]["A1"].value == "Mã đơn vị"
    for book in (english, vietnamese):
        sheet = book.worksheets[0]
        assert sheet.freeze_panes == "A2"  # one header row
        assert sheet["E2"].number_format == "DD/MM/YYYY"
        assert sheet["H2"].data_type == "n" and sheet["H2"].number_format == "#,##0"
