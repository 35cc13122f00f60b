"""Registers exported as lists for an office: the master list of documents
(ISO 9001 7.5), the legal register and the administrative units."""

import io

import pytest
from openpyxl import load_workbook

from qms.documents.choices import DocumentType
from qms.documents.models import ControlledDocument
from tests.qms.documents.helpers import approved, draft

pytestmark = pytest.mark.django_db


def _rows(response) -> list[list]:
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def test_master_list_of_documents(
    login,
    document,
    document_controller,
    approver,
    second_approver,
    other_commune,
    django_assert_max_num_queries,
):
    approved(document, document_controller, approver, second_approver)
    draft(document, document_controller, change_what="Sửa đổi lần 1")
    client = login(document_controller)
    with django_assert_max_num_queries(40):
        rows = _rows(client.get("/admin/controlled_documents/", {"export": "xlsx"}))
    header = rows[0]
    for title in (
        "Mã hiệu",
        "Lần ban hành đang hiệu lực",
        "Trạng thái lần ban hành mới nhất",
        "Hiệu lực từ ngày",
        "Hạn xem xét định kỳ",
    ):
        assert any(title.lower() in str(h).lower() for h in header), (title, header)
    row = dict(zip(header, rows[1], strict=True))
    assert row["Lần ban hành đang hiệu lực"] == 1
    assert row["Trạng thái lần ban hành mới nhất"] == "Dự thảo"
    assert len(rows) == 2
    # more documents: the same number of queries (annotations, no query per row)
    for number in range(5):
        ControlledDocument.objects.create(
            code=f"QT 1{number}/HT",
            title="Quy trình chứng thực",
            doc_type=DocumentType.PROCESS,
            owning_unit=other_commune,
            owner=document_controller,
        )
    with django_assert_max_num_queries(40):
        rows = _rows(client.get("/admin/controlled_documents/", {"export": "xlsx"}))
    assert len(rows) == 7
    csv = client.get("/admin/controlled_documents/", {"export": "csv"})
    text = b"".join(csv.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff") and ";" in text.splitlines()[0]


def test_legal_register_and_units_export(login, document_controller, legal_text):
    client = login(document_controller)
    rows = _rows(client.get("/admin/legal_texts/", {"export": "xlsx"}))
    assert rows[0][0].lower().startswith("số")
    assert rows[1][0] == legal_text.number
    rows = _rows(client.get("/admin/units/", {"export": "xlsx"}))
    assert "Mã đơn vị cấp trên" in rows[0]
    assert len(rows) > 2


def test_commune_officer_exports_only_own_units(login, commune_officer, other_commune):
    rows = _rows(login(commune_officer).get("/admin/units/", {"export": "xlsx"}))
    names = [row[1] for row in rows[1:]]
    assert names and other_commune.name not in names
