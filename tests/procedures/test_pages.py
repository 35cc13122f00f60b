"""Procedure page, versions, print page and PDF postings."""

import datetime
import re
import zlib

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.models import Site

from procedures.demo_forms import FORMS, form_docx
from procedures.models import CatalogueIndexPage, HomePage, ProcedurePage
from procedures.procedure_page import procedure_versions
from qms import page_serving
from qms.documents.choices import DocumentType, RevisionStatus
from qms.documents.models import ControlledDocument, DocumentRevision, LegalText
from qms.organisation.models import DeploymentSettings
from tests.procedures.conftest import item

URL = "/thu-tuc/dang-ky-khai-sinh/"


def pdf_text(pdf: bytes) -> bytes:
    """The PDF with its compressed streams inflated, to look for font names."""
    chunks = [pdf]
    for stream in re.findall(rb"stream\r?\n(.*?)endstream", pdf, re.DOTALL):
        try:
            chunks.append(zlib.decompress(stream))
        except zlib.error:
            continue
    return b"".join(chunks)


@pytest.fixture
def birth(publish, agency):
    publish(item(agency="364.TP", level="district"))
    return ProcedurePage.objects.get(code="1.001193")


def test_page_shows_every_component(client, birth):
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    for text in [
        "Đăng ký khai sinh",
        "1.001193",
        "Hộ tịch",
        "Cấp huyện",
        "Phòng Tư pháp huyện Xuân Trường",
        "Toàn trình",
        "Nộp hồ sơ tại Bộ phận một cửa.",
        "Trực tuyến",
        "Miễn lệ phí",
        "Tờ khai đăng ký khai sinh",
        "https://example.gov.vn/m.docx",
        "Cha, mẹ của trẻ.",
        "Giấy khai sinh.",
        "Trong 60 ngày kể từ ngày sinh.",
        "Luật Hộ tịch số 60/2014/QH13",
        "Cập nhật lần cuối",
        "Công bố lần đầu.",
    ]:
        assert text in html, text


def test_text_is_escaped(client, publish):
    publish(item(applicants="<img src=x onerror=alert(1)>"))
    html = client.get(URL).content.decode()
    assert "<img src=x" not in html
    assert "&lt;img src=x" in html


def test_page_query_count_is_bounded(client, birth, django_assert_max_num_queries):
    client.get(URL)
    # issue 11: an uncached procedure page in at most 10 queries, all of them
    # Wagtail's routing, site and view-restriction lookups (the body is a
    # cached fragment); benchmarks/serving.py prints the same count.
    with django_assert_max_num_queries(10):
        assert client.get(URL).status_code == 200


def test_cold_page_query_count_is_bounded(
    client, birth, agency, document_controller, approver, django_assert_max_num_queries
):
    """Issue 11: an uncached procedure page in at most 10 queries, with every
    cache empty (the Django cache and the process memo of qms/page_serving.py)
    but the per-process ContentType cache, warm on any running site. The page
    shows everything that costs a query: a form file, a coordinating agency,
    a legal text, a process document found by code with its revision in force
    and the versions; benchmarks/serving.py prints the same count."""
    document = get_document_model()(title="Tờ khai đăng ký khai sinh")
    document.file.save("to-khai.docx", ContentFile(form_docx(FORMS[0])), save=False)
    document.file_size = document.file.size  # as an upload through the admin
    document.save()
    raw = [dict(row, value=dict(row["value"])) for row in birth.documents.raw_data]
    raw[0]["value"]["template"] = document.pk
    birth.documents = raw
    birth.coordinating_agencies.set([agency])
    birth.legal_texts.set(
        [
            LegalText.objects.create(
                number="Luật Hộ tịch 60/2014/QH13",
                title="Luật Hộ tịch",
                issuing_body="Quốc hội",
                issued_on=datetime.date(2014, 11, 20),
                effective_on=datetime.date(2016, 1, 1),
            )
        ]
    )
    birth.save_revision().publish()
    process = ControlledDocument.objects.create(
        code="QT 02/CX-HCTP",
        title="Quy trình đăng ký khai sinh",
        doc_type=DocumentType.PROCESS,
        owning_unit=agency,
        owner=document_controller,
        procedure_codes="1.001193",
    )
    DocumentRevision.objects.create(
        document=process,
        issue_number=1,
        effective_date=datetime.date(2025, 1, 2),
        status=RevisionStatus.IN_FORCE,
        change_what="Ban hành",
        change_where="Toàn bộ",
        change_why="Áp dụng ISO",
        drafted_by=document_controller,
        reviewed_by=approver,
        approved_by=get_user_model().objects.create(username="chutich"),
        content_sha256="0" * 64,
        approved_at=datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC),
    )
    # as on a running site: the settings row exists, content types are known
    DeploymentSettings.for_site(Site.objects.get(is_default_site=True))
    ContentType.objects.get_for_models(HomePage, CatalogueIndexPage, ProcedurePage)
    cache.clear()
    page_serving.forget()
    with django_assert_max_num_queries(10):
        response = client.get(URL)
    html = response.content.decode()
    for text in [
        "to-khai",
        "Phòng Tư pháp huyện Xuân Trường",
        "Luật Hộ tịch 60/2014/QH13",
        "QT 02/CX-HCTP – Quy trình đăng ký khai sinh",
        "Công bố lần đầu.",
        "Thay đổi: ",
    ]:
        assert text in html, text


def test_versions_list_what_changed(client, birth, publish):
    publish(
        item(
            agency="364.TP",
            level="district",
            requirements="Trong 60 ngày; quá hạn thì nộp lệ phí.",
            channels=[
                {
                    "channel": "direct",
                    "processing_time": "Trong ngày",
                    "processing_days": None,
                    "fee": "8.000 đồng",
                }
            ],
        )
    )
    versions = procedure_versions(birth)
    assert len(versions) == 2
    newest, first = versions
    assert first.first
    assert set(newest.changes) == {"yêu cầu, điều kiện", "cách thức, thời hạn, phí"}
    html = client.get(URL).content.decode()
    assert "Thay đổi: " in html
    assert "yêu cầu, điều kiện" in html
    assert ProcedurePage.objects.filter(code="1.001193").count() == 1


def test_republishing_unchanged_content_says_so(client, birth, publish):
    publish(item(agency="364.TP", level="district"))
    newest = procedure_versions(birth)[0]
    assert newest.changes == []
    assert "nội dung không đổi" in client.get(URL).content.decode()


def test_print_page(client, birth):
    response = client.get(URL + "ban-in/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "NIÊM YẾT CÔNG KHAI THỦ TỤC HÀNH CHÍNH" in html
    assert "/static/fonts/be-vietnam-pro-vietnamese-400-normal.woff2" in html
    assert "Tờ khai đăng ký khai sinh" in html


def test_posting_pdf_embeds_the_shipped_font(client, birth):
    response = client.get(URL + "niem-yet/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = pdf_text(response.content)
    # qms.pdf's shipped font, one family per subset, embedded in the file.
    assert b"Be-Vietnam-Pro-vietnamese" in text
    assert b"Be-Vietnam-Pro-latin" in text


def test_posting_board_per_field(client, publish):
    publish(
        item(),
        item(code="1.000894", name="Đăng ký kết hôn"),
        item(code="2.000815", name="Chứng thực bản sao", field="Chứng thực"),
    )
    with CaptureQueriesContext(connection) as context:
        response = client.get("/thu-tuc/niem-yet/ho-tich/")
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    # Two procedures, one page each at least; queries do not grow per procedure.
    pages = re.findall(rb"/Type\s*/Page(?![a-z])", pdf_text(response.content))
    assert len(pages) >= 2
    assert len(context) < 25
    assert client.get("/thu-tuc/niem-yet/khong-co/").status_code == 404


def test_catalogue_links_to_boards_and_downloads(client, birth):
    html = client.get("/thu-tuc/").content.decode()
    assert "/thu-tuc/niem-yet/ho-tich/" in html
    assert "/thu-tuc/tai-ve/csv/" in html
    assert "/thu-tuc/tai-ve/json/" in html


def test_nav_links_to_catalogue(client, catalogue):
    assert 'href="/thu-tuc/"' in client.get("/").content.decode()


def test_cached_page_shows_a_new_version_at_once(client, birth, publish):
    assert "Giấy khai sinh." in client.get(URL).content.decode()
    publish(item(agency="364.TP", level="district", result="Bản chính Giấy khai sinh."))
    html = client.get(URL).content.decode()
    assert "Bản chính Giấy khai sinh." in html
    assert "Thay đổi: kết quả" in html


def test_process_document_in_force(client, birth, document_controller, approver):
    document = ControlledDocument.objects.create(
        code="QT 02/CX-HCTP",
        title="Quy trình đăng ký khai sinh",
        doc_type=DocumentType.PROCESS,
        owning_unit=birth.implementing_agency,
        owner=document_controller,
        procedure_codes="1.000894, 1.001193",
    )
    common = {
        "document": document,
        "change_what": "Ban hành",
        "change_where": "Toàn bộ",
        "change_why": "Áp dụng ISO",
        "drafted_by": document_controller,
        "reviewed_by": approver,
        "content_sha256": "0" * 64,
        "approved_at": datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC),
    }
    common["approved_by"] = get_user_model().objects.create(username="chutich")
    DocumentRevision.objects.create(
        issue_number=1,
        effective_date=datetime.date(2024, 1, 2),
        ended_on=datetime.date(2025, 1, 2),
        status=RevisionStatus.SUPERSEDED,
        **common,
    )
    DocumentRevision.objects.create(
        issue_number=2,
        effective_date=datetime.date(2025, 1, 2),
        status=RevisionStatus.IN_FORCE,
        **common,
    )
    html = client.get(URL).content.decode()
    assert "QT 02/CX-HCTP – Quy trình đăng ký khai sinh" in html
    assert "Đang áp dụng: BH 02 / SĐ 00, hiệu lực từ 02/01/2025" in html
    assert f'href="/he-thong-chat-luong/#doc-{document.pk}"' in html
    data = client.get(
        "/api/v2/pages/",
        {"type": "procedures.ProcedurePage", "fields": "process_document_in_force"},
    ).json()
    assert data["items"][0]["process_document_in_force"] == {
        "code": "QT 02/CX-HCTP",
        "title": "Quy trình đăng ký khai sinh",
        "revision": "BH 02 / SĐ 00",
        "effective_date": "2025-01-02",
    }


def test_copying_a_procedure_is_refused_with_a_message(client, birth, approver):
    client.force_login(approver)
    url = reverse("wagtailadmin_pages:copy", args=[birth.pk])
    response = client.post(
        url,
        {
            "new_title": "Bản sao",
            "new_slug": "ban-sao",
            "new_parent_page": birth.get_parent().pk,
        },
        follow=True,
    )
    assert response.status_code == 200
    assert "Không sao chép được thủ tục" in response.content.decode()
    assert ProcedurePage.objects.filter(code=birth.code).count() == 1
