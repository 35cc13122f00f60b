"""No dead ends for a citizen: online submission and downloadable forms.

Issue 12 point 8: a procedure page links to the portal page where the dossier
is submitted online when the record has one, and lists its forms (mẫu đơn, tờ
khai); the demo ships real-looking forms a citizen can download.
"""

import io
import re
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.module_loading import import_string
from wagtail.documents import get_document_model

from procedures.demo_forms import FORMS, demo_forms_load, form_docx
from procedures.models import ProcedurePage
from procedures.services import ProcedureImportError, procedures_validate
from qms.uploads import check_upload, public_document_kind
from tests.procedures.conftest import item

URL = "/thu-tuc/dang-ky-khai-sinh/"
PORTAL = (
    "https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html"
    "?ma_thu_tuc=1.001193"
)


def test_page_links_to_online_submission(client, publish):
    publish(item(online_url=PORTAL))
    html = client.get(URL).content.decode()
    link = html.split('class="button button-online"')[1].split(">")[0]
    assert f'href="{PORTAL.replace("&", "&amp;")}"' in link
    assert 'rel="external noopener"' in link
    assert "Nộp hồ sơ trực tuyến" in html
    assert "Nộp trực tuyến trên dichvucong.gov.vn" in html
    assert ProcedurePage.objects.get().online_portal == "dichvucong.gov.vn"


def test_open_data_carries_the_online_address(client, publish):
    publish(item(online_url=PORTAL))
    rows = client.get("/thu-tuc/tai-ve/json/").json()["items"]
    assert rows[0]["online_url"] == PORTAL
    assert procedures_validate([{**item(), "online_url": rows[0]["online_url"]}])


def test_page_without_an_online_address_offers_no_link(client, publish):
    publish(item())
    html = client.get(URL).content.decode()
    assert "button-online" not in html
    assert "Nộp hồ sơ trực tuyến" not in html


@pytest.mark.parametrize(
    "bad", ["javascript:alert(1)", "dichvucong.gov.vn", "https://", "ftp://x.vn/a"]
)
def test_import_refuses_an_online_address_that_is_not_http(db, bad):
    with pytest.raises(ProcedureImportError) as raised:
        procedures_validate([item(online_url=bad)])
    assert raised.value.errors == [
        "item 1 (1.001193): online_url: phải là địa chỉ http(s)://, "
        "ví dụ https://dichvucong.gov.vn/..."
    ]


def test_import_sets_and_clears_the_online_address(catalogue, publish):
    publish(item(online_url=PORTAL))
    assert ProcedurePage.objects.get().online_url == PORTAL
    publish(item())
    assert ProcedurePage.objects.get().online_url == ""


def test_forms_box_lists_template_links_and_files(client, publish):
    publish(item())
    page = ProcedurePage.objects.get()
    document = get_document_model()(title="Tờ khai đăng ký khai sinh")
    document.file.save("to-khai.docx", ContentFile(form_docx(FORMS[0])), save=False)
    document.save()
    raw = [dict(row, value=dict(row["value"])) for row in page.documents.raw_data]
    raw[0]["value"]["template"] = document.pk
    page.documents = raw
    page.save_revision().publish()
    html = client.get(URL).content.decode()
    box = html.split('<section class="forms-box"')[1].split("</section>")[0]
    assert box.count("<li>") == 2
    assert f'href="{document.url}" download' in box
    assert "Tờ khai đăng ký khai sinh" in box
    size = filesizeformat(len(form_docx(FORMS[0])))
    assert f"DOCX, {size}" in box
    assert "," in size  # Vietnamese decimals: "2,5 KB"
    assert 'href="https://example.gov.vn/m.docx" rel="external noopener"' in box
    assert "liên kết ngoài" in box


def test_no_forms_box_without_a_form(client, publish):
    publish(item(documents=[{"name": "Giấy chứng sinh", "copies": 1}]))
    assert "forms-box" not in client.get(URL).content.decode()


def test_demo_form_files_are_what_they_claim():
    for form in FORMS:
        if form.extension != "docx":
            continue
        data = form_docx(form)
        assert data == form_docx(form)  # the same bytes at every load
        check_upload(ContentFile(data, name=form.filename), public_document_kind())
        body = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
        assert form.title in body
        assert "Mẫu minh họa" in body


def _demo() -> None:
    out = io.StringIO()
    for path in ("qms.organisation.demo.load", "procedures.demo.load"):
        import_string(path)(stdout=out)


def test_demo_citizen_can_download_forms(client, db):
    _demo()
    birth = ProcedurePage.objects.get(code="1.001193")
    assert birth.online_url.endswith("ma_thu_tuc=1.001193")
    html = client.get("/thu-tuc/dang-ky-khai-sinh/").content.decode()
    href = html.split('<ul class="form-downloads">')[1].split('href="')[1].split('"')[0]
    assert re.fullmatch(r"/documents/\d+/to-khai-dang-ky-khai-sinh(_\w+)?\.docx", href)
    response = client.get(href)
    assert response.status_code == 200
    data = b"".join(response.streaming_content)
    assert zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")
    marriage = client.get("/thu-tuc/dang-ky-ket-hon/").content.decode()
    pdf_href = marriage.split('<ul class="form-downloads">')[1].split('href="')[1]
    pdf = client.get(pdf_href.split('"')[0])
    assert pdf.status_code == 200
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    # a second load makes no file and no revision
    documents = get_document_model().objects.count()
    revisions = birth.revisions.count()
    out = io.StringIO()
    demo_forms_load(stdout=out)
    assert out.getvalue() == ""
    assert get_document_model().objects.count() == documents
    assert birth.revisions.count() == revisions
