"""Document-control fixtures: a legal text, a document, a second approver."""

import datetime

import pytest

from qms.documents.choices import DocumentType
from qms.documents.models import ControlledDocument, LegalText
from qms.organisation.roles import APPROVER
from tests.conftest import make_user


@pytest.fixture
def second_approver(db):
    """A second leader, so that review and approval are by different people."""
    return make_user("approver2", APPROVER)


@pytest.fixture
def legal_text(db):
    return LegalText.objects.create(
        number="Nghị định 63/2010/NĐ-CP",
        title="Về kiểm soát thủ tục hành chính",
        issuing_body="Chính phủ",
        issued_on=datetime.date(2010, 6, 8),
        effective_on=datetime.date(2010, 10, 14),
    )


@pytest.fixture
def document(db, district, document_controller, legal_text):
    doc = ControlledDocument.objects.create(
        code="QT 02/HT-TP",
        title="Quy trình đăng ký khai sinh",
        doc_type=DocumentType.PROCESS,
        owning_unit=district,
        owner=document_controller,
        procedure_codes="1.001193",
    )
    doc.legal_bases.add(legal_text)
    return doc


@pytest.fixture
def commune_document(db, commune, document_controller):
    return ControlledDocument.objects.create(
        code="QT 01/XTT",
        title="Quy trình của thị trấn",
        doc_type=DocumentType.PROCESS,
        owning_unit=commune,
        owner=document_controller,
    )


@pytest.fixture
def other_commune_document(db, other_commune, document_controller):
    return ControlledDocument.objects.create(
        code="QT 01/XC",
        title="Quy trình của xã Xuân Châu",
        doc_type=DocumentType.PROCESS,
        owning_unit=other_commune,
        owner=document_controller,
    )
