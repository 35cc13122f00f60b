"""Staff searches in the admin ignore tone marks and case, on both databases.

Run on SQLite and, with ``DATABASE_URL``, on PostgreSQL: the folded column and
its ``has`` lookup must give the same answers on both.
"""

import datetime

import pytest
from django.urls import reverse

from qms.documents.choices import DocumentType
from qms.documents.models import ControlledDocument, LegalText
from qms.folding import fold
from qms.organisation.models import AdministrativeUnit
from tests.qms.documents.helpers import draft

pytestmark = pytest.mark.django_db


@pytest.fixture
def certified_copy(district, document_controller):
    return ControlledDocument.objects.create(
        code="QT 05/HT-CT",
        title="Quy trình chứng thực bản sao từ bản chính",
        doc_type=DocumentType.PROCESS,
        owning_unit=district,
        owner=document_controller,
        procedure_codes="2.000815",
    )


@pytest.fixture
def birth(district, document_controller):
    return ControlledDocument.objects.create(
        code="QT 02/HT-TP",
        title="Quy trình đăng ký khai sinh",
        doc_type=DocumentType.PROCESS,
        owning_unit=district,
        owner=document_controller,
    )


def listing(client, name, query) -> str:
    response = client.get(reverse(f"{name}:index"), {"q": query})
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    "query",
    ["chung thuc", "CHUNG THUC", "chứng thực", "chung th", "ban sao", "2.000815"],
)
def test_documents_are_found_without_tone_marks(
    login, document_controller, certified_copy, birth, query
):
    html = listing(login(document_controller), "controlled_documents", query)
    assert "QT 05/HT-CT" in html
    assert "QT 02/HT-TP" not in html


def test_dang_finds_the_d_with_a_stroke(
    login, document_controller, certified_copy, birth
):
    html = listing(login(document_controller), "controlled_documents", "dang ky")
    assert "QT 02/HT-TP" in html
    assert "QT 05/HT-CT" not in html


def test_a_word_matches_at_its_start_only(login, document_controller, certified_copy):
    # "huc" is inside "thuc" but starts no word
    html = listing(login(document_controller), "controlled_documents", "huc")
    assert "QT 05/HT-CT" not in html


def test_codes_with_punctuation_still_match_as_typed(
    login, document_controller, certified_copy, birth
):
    html = listing(login(document_controller), "controlled_documents", "05/HT-CT")
    assert "QT 05/HT-CT" in html
    assert "QT 02/HT-TP" not in html


def test_revisions_are_found_by_their_document_without_tone_marks(
    login, document_controller, certified_copy, birth
):
    draft(certified_copy, document_controller)
    draft(birth, document_controller)
    html = listing(login(document_controller), "document_revisions", "chung thuc")
    assert "QT 05/HT-CT" in html
    assert "QT 02/HT-TP" not in html


def test_legal_texts_are_found_without_tone_marks(login, document_controller):
    LegalText.objects.create(
        number="Nghị định 63/2010/NĐ-CP",
        title="Về kiểm soát thủ tục hành chính",
        issuing_body="Chính phủ",
        issued_on=datetime.date(2010, 6, 8),
        effective_on=datetime.date(2010, 10, 14),
    )
    client = login(document_controller)
    assert "63/2010" in listing(client, "legal_texts", "nghi dinh kiem soat")
    assert "63/2010" in listing(client, "legal_texts", "chinh phu")
    assert "63/2010" not in listing(client, "legal_texts", "thong tu")


def test_units_are_found_without_tone_marks(login, superuser):
    html = listing(login(superuser), "units", "thi tran xuan truong")
    assert "14089" in html
    assert "14092" not in html  # Xã Xuân Châu


def test_memberships_are_found_by_unit_without_tone_marks(
    login, superuser, commune_officer
):
    html = listing(login(superuser), "unit_memberships", "xuan truong")
    assert "Thị trấn Xuân Trường" in html
    assert listing(login(superuser), "unit_memberships", "officer").count("officer")


def test_the_folded_column_follows_every_save(certified_copy):
    certified_copy.title = "Quy trình chứng thực chữ ký"
    certified_copy.save(update_fields=["title"])
    certified_copy.refresh_from_db()
    assert " chu ky " in certified_copy.search_text
    assert ControlledDocument.objects.filter(search_text__has=" chu ky").exists()


def test_units_loaded_from_the_packages_carry_their_folded_names():
    unit = AdministrativeUnit.objects.filter(code="14089").first()
    assert unit.search_text == f" {fold(f'{unit.code} {unit.name} {unit.short_name}')} "


@pytest.mark.parametrize("query", ['"', "\x00", "a:b", "'; DROP", "%", "_"])
def test_hostile_queries_are_harmless(
    login, document_controller, certified_copy, query
):
    client = login(document_controller)
    for name in ("controlled_documents", "legal_texts", "document_revisions"):
        assert client.get(reverse(f"{name}:index"), {"q": query}).status_code == 200
