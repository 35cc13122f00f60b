"""The inspection record (biên bản) PDF: content, font, signatures; evidence scope."""

import shutil
import subprocess

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audits.inspection_choices import AnswerResult
from audits.inspection_models import EvidenceFile
from audits.inspection_services import answer_record
from tests.audits.inspection_helpers import completed_visit_with_ncs, make_visit

pytestmark = pytest.mark.django_db


def _run(*args: str) -> str:
    if not shutil.which(args[0]):
        pytest.fail(f"{args[0]} (poppler-utils) is needed to check the PDF")
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout  # noqa: S603


def test_record_pdf_has_unit_team_scope_findings_and_signatures(
    login, inspector, commune, tmp_path
):
    inspection, ncs, _actions = completed_visit_with_ncs(commune, inspector)
    response = login(inspector).get(
        reverse("audits_inspections:record", args=[inspection.pk])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    path = tmp_path / "record.pdf"
    path.write_bytes(response.content)
    text = " ".join(_run("pdftotext", "-raw", str(path), "-").split())
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
    assert "Be-Vietnam-Pro" in _run("pdffonts", str(path))
    assert "A4" in _run("pdfinfo", str(path))


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
