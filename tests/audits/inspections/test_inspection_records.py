"""The inspection record (biên bản) PDF: content, font, signatures; evidence scope."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audits.inspections.choices import AnswerResult
from audits.inspections.models import EvidenceFile
from audits.inspections.services import answer_record
from qms.organisation.people import person_name
from tests.audits.inspections.helpers import completed_visit_with_ncs, make_visit
from tests.pdf_helpers import pdf_fonts, pdf_is_a4, pdf_text, save_pdf_pages

pytestmark = pytest.mark.django_db


def test_record_pdf_has_unit_team_scope_findings_and_signatures(
    login, inspector, commune
):
    inspection, ncs, _actions = completed_visit_with_ncs(commune, inspector)
    response = login(inspector).get(
        reverse("audits_inspections:record", args=[inspection.pk])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "BIÊN BẢN KIỂM TRA" in text
    assert "Thị trấn Xuân Trường (14089)" in text
    assert "Quyết định số 15/QĐ-UBND ngày 01/03/2022" in text
    assert "Từ ngày 10/03/2022 đến ngày 10/03/2022" in text
    assert "Ngày lập biên bản 11/03/2022" in text
    assert "Trưởng đoàn" in text
    assert "Cải cách thủ tục hành chính" in text  # scope: reform area
    assert "KPH 01" in text and "KPH 02" in text
    assert "Không phù hợp nặng" in text
    assert "ĐẠI DIỆN ĐƠN VỊ ĐƯỢC KIỂM TRA" in text
    assert "TRƯỞNG ĐOÀN KIỂM TRA" in text
    # Decree 30: Times-metric font (Tinos) for an administrative document
    assert any("Tinos" in font for font in pdf_fonts(response.content))
    assert pdf_is_a4(response.content)


def test_record_pdf_has_the_decree_30_heading_every_answer_and_the_actions(
    login, inspector, commune, commune_officer
):
    inspection, ncs, actions = completed_visit_with_ncs(
        commune, inspector, owner=commune_officer
    )
    inspection.unit_representative = "Trần Thị Bình"
    inspection.save()
    client = login(inspector)
    pdf = client.get(reverse("audits_inspections:record", args=[inspection.pk]))
    text = pdf_text(pdf.content)
    save_pdf_pages(pdf.content, "office-inspection-record")
    # heading (Decree 30 Annex I): bodies, motto, number, place and date, title
    assert "ĐOÀN KIỂM TRA" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "Số: .../BB-ĐKT" in text
    assert "Xuân Trường, ngày 11 tháng 3 năm 2022" in text
    assert "BIÊN BẢN KIỂM TRA" in text
    # every answer, conforming ones too, grouped by section, with its result
    answers = list(inspection.answers.select_related("item"))
    assert len(answers) > len(ncs)
    for answer in answers:
        assert " ".join(answer.item.text.split())[:60] in text, answer.item.text
    assert text.count("Phù hợp") >= len(answers) - len(ncs)
    assert "Không phù hợp nhẹ" in text and "Không phù hợp nặng" in text
    assert "1. Phạm vi áp dụng bao gồm mọi thủ tục hành chính" in text
    # nonconformities and the corrective actions raised: owner, due date
    for nc, action in zip(ncs, actions, strict=True):
        assert f"KPH {nc.number:02d}" in text
        assert nc.description in text
        assert action.due_date.strftime("%d/%m/%Y") in text
    assert "Cập nhật quy trình" in text
    assert person_name(commune_officer) in text
    assert person_name(inspector) in text  # the leader signs
    assert str(actions[0].get_status_display()) in text
    # closing: both signatures with names, recipients
    assert "ĐẠI DIỆN ĐƠN VỊ ĐƯỢC KIỂM TRA" in text
    assert "(Ký, ghi rõ họ tên)" in text
    assert "Trần Thị Bình" in text
    assert "Nơi nhận:" in text
    assert "Lưu: hồ sơ kiểm tra." in text


def test_evidence_is_served_only_inside_scope(
    login, inspector, commune, other_commune, commune_officer
):
    own = make_visit(commune, inspector)
    other = make_visit(other_commune, inspector)
    files = {}
    for inspection in (own, other):
        answer = inspection.answers.first()
        answer_record(
            answer=answer,
            result=AnswerResult.CONFORMS,
            files=[SimpleUploadedFile("anh.jpg", b"\xff\xd8\xff", "image/jpeg")],
            user=inspector,
        )
        files[inspection.unit.code] = EvidenceFile.objects.get(answer=answer)
    client = login(commune_officer)
    own_url = reverse("audits_inspections:evidence", args=[files["14089"].pk])
    other_url = reverse("audits_inspections:evidence", args=[files["14092"].pk])
    response = client.get(own_url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"\xff\xd8\xff"
    assert client.get(other_url).status_code == 404
    # a file gone from the disk is a 404, not a 500
    files["14089"].file.storage.delete(files["14089"].file.name)
    assert client.get(own_url).status_code == 404


def test_record_pdf_queries_do_not_grow_with_answers_and_actions(
    login, inspector, commune, other_commune
):
    small = completed_visit_with_ncs(commune, inspector, grades=("minor",))[0]
    large = completed_visit_with_ncs(
        other_commune, inspector, grades=("minor", "major", "minor", "major")
    )[0]
    client = login(inspector)
    record = "audits_inspections:record"
    client.get(reverse(record, args=[small.pk]))  # warm the per-process caches
    with CaptureQueriesContext(connection) as first:
        client.get(reverse(record, args=[small.pk]))
    with CaptureQueriesContext(connection) as second:
        client.get(reverse(record, args=[large.pk]))
    assert len(second) == len(first)
