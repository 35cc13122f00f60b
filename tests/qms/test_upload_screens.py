"""Every upload screen refuses hostile files with a located message, never a 500:
document revision attachments, inspection evidence, Wagtail documents and images."""

import pytest
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection

from audits.inspections.models import EvidenceFile
from qms.documents.models import RevisionAttachment
from tests import hostile_files as hostile
from tests.audits.inspections.helpers import make_visit
from tests.qms.documents.helpers import draft

pytestmark = pytest.mark.django_db


def _attach(client, revision, upload):
    return client.post(
        reverse("qms_documents:revision_action", args=[revision.pk, "attach"]),
        {"title": "BM 01", "file": upload},
        follow=True,
    )


@pytest.mark.parametrize(
    ("upload", "expected"),
    [
        (hostile.svg_with_script(), "chỉ nhận"),
        (hostile.html_file(), "chỉ nhận"),
        (hostile.html_named_pdf(), "mã trang web"),
        (hostile.executable(), "chạy được"),
        (hostile.big_pdf(21), "tối đa 20 MB"),
    ],
    ids=["svg-script", "html", "html-as-pdf", "exe-as-docx", "21-mb"],
)
def test_revision_attachment_refuses_hostile_files(
    client, document, document_controller, upload, expected
):
    revision = draft(document, document_controller)
    client.force_login(document_controller)
    response = _attach(client, revision, upload)
    assert response.status_code == 200
    assert expected in response.content.decode()
    assert not RevisionAttachment.objects.exists()


def test_revision_attachment_accepts_a_real_pdf(client, document, document_controller):
    revision = draft(document, document_controller)
    client.force_login(document_controller)
    response = _attach(client, revision, hostile.real_pdf())
    assert "Đã đính kèm tệp" in response.content.decode()
    attachment = RevisionAttachment.objects.get()
    assert attachment.file.open("rb").read(5) == b"%PDF-"


def test_evidence_refuses_svg_and_html_as_pdf_and_takes_a_pdf(
    login, inspector, commune
):
    inspection = make_visit(commune, inspector)
    answer = inspection.answers.first()
    client = login(inspector)
    visit = reverse("audits_inspections:visit", args=[inspection.pk])
    for upload, expected in (
        (hostile.svg_with_script(), "chỉ nhận"),
        (hostile.html_named_pdf("anh.pdf"), "mã trang web"),
        (hostile.big_pdf(11), "tối đa 10 MB"),
    ):
        response = client.post(
            visit,
            {f"result-{answer.pk}": "conforms", f"files-{answer.pk}": upload},
            follow=True,
        )
        assert response.status_code == 200
        assert expected in response.content.decode()
    assert not EvidenceFile.objects.exists()
    client.post(
        visit,
        {f"result-{answer.pk}": "conforms", f"files-{answer.pk}": hostile.real_pdf()},
    )
    assert EvidenceFile.objects.count() == 1


def _root():
    return Collection.get_first_root_node().pk


def test_wagtail_document_refuses_html_renamed_pdf(client, superuser):
    client.force_login(superuser)
    response = client.post(
        "/admin/documents/add/",
        {"title": "x", "file": hostile.html_named_pdf(), "collection": _root()},
    )
    assert response.status_code == 200
    assert "mã trang web" in response.content.decode()
    assert not get_document_model().objects.exists()
    ok = client.post(
        "/admin/documents/add/",
        {"title": "Biên bản", "file": hostile.real_pdf(), "collection": _root()},
    )
    assert ok.status_code == 302
    assert get_document_model().objects.get().title == "Biên bản"


def test_wagtail_multiple_document_upload_is_checked_too(client, superuser):
    client.force_login(superuser)
    response = client.post(
        "/admin/documents/multiple/add/",
        {"files[]": hostile.html_named_pdf(), "collection": _root()},
        HTTP_X_REQUESTED_WITH="XMLHttpRequest",
    )
    assert response.status_code == 200
    body = response.json()
    assert body["success"] is False
    assert "mã trang web" in body["error_message"]
    assert not get_document_model().objects.exists()


def test_wagtail_image_refuses_svg(client, superuser):
    client.force_login(superuser)
    for upload in (hostile.svg_with_script(), hostile.svg_with_script("logo.png")):
        response = client.post(
            "/admin/images/add/",
            {"title": "logo", "file": upload, "collection": _root()},
        )
        assert response.status_code == 200
    assert not get_image_model().objects.exists()
