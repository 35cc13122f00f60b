"""The inspection record (biên bản) PDF: content, font, signatures; evidence scope."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audits.inspections.choices import AnswerResult
from audits.inspections.models import EvidenceFile
from audits.inspections.services import answer_record
from tests.audits.inspections.helpers import completed_visit_with_ncs, make_visit
from tests.pdf_helpers import pdf_fonts, pdf_is_a4, pdf_text

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
    assert "Từ 10/03/2022 đến 10/03/2022" in text
    assert "Ngày lập biên bản 11/03/2022" in text
    assert "Trưởng đoàn" in text
    assert "Cải cách thủ tục hành chính" in text  # scope: reform area
    assert "KPH 01" in text and "KPH 02" in text
    assert "Không phù hợp nặng" in text
    assert "ĐẠI DIỆN ĐƠN VỊ ĐƯỢC KIỂM TRA" in text
    assert "TRƯỞNG ĐOÀN KIỂM TRA" in text
    assert any("Be-Vietnam-Pro" in font for font in pdf_fonts(response.content))
    assert pdf_is_a4(response.content)


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
