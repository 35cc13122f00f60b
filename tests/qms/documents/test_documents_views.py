"""Admin screens of document control: permissions per role, scope, workflow,
optimistic locking, sanitising, query counts."""

import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.models import Site
from wagtail.permissions import policy_registry

from qms.documents import services
from qms.documents.choices import RevisionStatus
from qms.documents.models import (
    ControlledDocument,
    DocumentRevision,
    LegalText,
    RevisionAttachment,
)
from qms.documents.views import RegisterInForceView
from qms.organisation.roles import APPROVER
from tests.conftest import PERSONAS, make_user
from tests.qms.documents.helpers import approved, draft

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 3, 2, 2, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def frozen_time():
    with time_machine.travel(NOW, tick=False):
        yield


def url(name, *args, **query):
    path = reverse(f"qms_documents:{name}", args=args)
    if query:
        path += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return path


# --- permissions per role ----------------------------------------------------

READERS = {"document_controller", "approver", "inspector", "iso_reviewer"}


@pytest.mark.parametrize("persona", PERSONAS)
def test_read_screens_per_role(request, login, persona, document):
    user = request.getfixturevalue(persona)
    revision = draft(document, request.getfixturevalue("document_controller"))
    client = login(user)
    pages = [
        url("dashboard"),
        url("in_force", on="2026-03-02"),
        url("trace", document.pk),
        url("revision", revision.pk),
        url("diff", document.pk, a=revision.pk, b=revision.pk),
        url("revision_pdf", revision.pk),
    ]
    for page in pages:
        response = client.get(page)
        if persona in READERS:
            assert response.status_code == 200, page
        elif persona == "commune_officer":
            # May read documents, but this one belongs to the district.
            expected = 200 if page in pages[:2] else 404
            assert response.status_code == expected, page
        else:
            assert response.status_code == 302, page  # Wagtail: permission denied


def test_commune_officer_sees_own_commune_only(
    login, commune_officer, commune_document, other_commune_document
):
    client = login(commune_officer)
    assert client.get(url("trace", commune_document.pk)).status_code == 200
    assert client.get(url("trace", other_commune_document.pk)).status_code == 404
    listing = client.get(reverse("controlled_documents:index"))
    assert listing.status_code == 200
    assert commune_document.code in listing.content.decode()
    assert other_commune_document.code not in listing.content.decode()
    edit = reverse("controlled_documents:edit", args=[other_commune_document.pk])
    assert client.get(edit).status_code in (302, 404)


def test_iso_reviewer_cannot_change_anything(
    login, iso_reviewer, document, document_controller
):
    revision = draft(document, document_controller)
    client = login(iso_reviewer)
    response = client.post(url("revision_action", revision.pk, "submit"))
    assert response.status_code == 302
    revision.refresh_from_db()
    assert revision.status == RevisionStatus.DRAFT
    assert client.get(url("revision_edit", revision.pk)).status_code == 302
    assert client.get(url("revision_create", document.pk)).status_code == 302
    for name in ("controlled_documents:add", "legal_texts:add"):
        assert client.get(reverse(name)).status_code == 302


def test_nobody_may_delete_not_even_superuser(superuser, document, login):
    policy = policy_registry.get_by_type(ControlledDocument)
    assert policy.user_has_permission(superuser, "delete") is False
    client = login(superuser)
    response = client.get(reverse("controlled_documents:delete", args=[document.pk]))
    assert response.status_code == 302
    assert ControlledDocument.objects.filter(pk=document.pk).exists()


# --- the workflow through the screens ---------------------------------------


def test_three_people_workflow_through_views(
    client, document, document_controller, approver, second_approver
):
    client.force_login(document_controller)
    response = client.post(
        url("revision_create", document.pk),
        {
            "issue_number": 1,
            "revision_number": 0,
            "effective_date": "2026-03-02",
            "change_what": "Ban hành lần đầu",
            "change_where": "Toàn bộ",
            "change_why": "Áp dụng ISO",
            "body": "# Quy trình\n\n| Bước | Việc |\n|---|---|\n| 1 | Tiếp nhận |",
        },
    )
    revision = DocumentRevision.objects.get(document=document)
    assert response.status_code == 302
    client.post(url("revision_action", revision.pk, "submit"))
    # The drafter cannot review their own draft, even with the button URL.
    document_controller.groups.add(*approver.groups.all())
    response = client.post(url("revision_action", revision.pk, "review"), follow=True)
    assert "không được tự xem xét" in response.content.decode()
    client.force_login(approver)
    client.post(url("revision_action", revision.pk, "review"))
    response = client.post(url("revision_action", revision.pk, "approve"), follow=True)
    assert "không tự phê duyệt" in response.content.decode()
    client.force_login(second_approver)
    client.post(url("revision_action", revision.pk, "approve"))
    revision.refresh_from_db()
    assert revision.status == RevisionStatus.IN_FORCE
    trace = client.get(url("trace", document.pk)).content.decode()
    assert "Phê duyệt ban hành" in trace
    assert "Trình xem xét" in trace
    pdf = client.get(url("revision_pdf", revision.pk))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_reject_needs_comment(client, document, document_controller, approver):
    revision = draft(document, document_controller)
    services.revision_submit(revision=revision, user=document_controller)
    client.force_login(approver)
    response = client.post(
        url("revision_action", revision.pk, "reject"), {"comment": ""}, follow=True
    )
    assert "Ghi rõ lý do trả lại" in response.content.decode()
    client.post(url("revision_action", revision.pk, "reject"), {"comment": "Thiếu"})
    revision.refresh_from_db()
    assert revision.status == RevisionStatus.DRAFT


def test_unknown_action_is_404_not_500(client, document, document_controller):
    revision = draft(document, document_controller)
    client.force_login(document_controller)
    assert (
        client.post(url("revision_action", revision.pk, "explode")).status_code == 404
    )
    assert client.get(url("revision_action", revision.pk, "submit")).status_code == 405


def test_second_saver_is_told_and_keeps_text(client, document, document_controller):
    revision = draft(document, document_controller)
    form = {
        "issue_number": 1,
        "revision_number": 0,
        "effective_date": "2026-03-02",
        "change_what": "a",
        "change_where": "b",
        "change_why": "c",
        "version": revision.version,
    }
    client.force_login(document_controller)
    first = client.post(url("revision_edit", revision.pk), {**form, "body": "Bản A"})
    assert first.status_code == 302
    second = client.post(url("revision_edit", revision.pk), {**form, "body": "Bản B"})
    assert second.status_code == 200
    html = second.content.decode()
    assert "Người khác đã lưu dự thảo này" in html
    assert "Bản B" in html  # the second saver's text is still in the form
    revision.refresh_from_db()
    assert revision.body == "Bản A"
    # Saving again from the re-displayed form (now at the current version) works.
    third = client.post(
        url("revision_edit", revision.pk),
        {**form, "version": revision.version, "body": "Bản B"},
    )
    assert third.status_code == 302
    revision.refresh_from_db()
    assert revision.body == "Bản B"


def test_approved_revision_edit_redirects(
    client, document, document_controller, approver, second_approver
):
    revision = approved(document, document_controller, approver, second_approver)
    client.force_login(document_controller)
    response = client.get(url("revision_edit", revision.pk))
    assert response.status_code == 302


def test_markdown_is_sanitised_in_revision_page(client, document, document_controller):
    revision = draft(
        document,
        document_controller,
        body="<script>alert('x')</script>\n\n[bấm](javascript:alert(1))\n\n"
        '<img src=x onerror="alert(2)">',
    )
    client.force_login(document_controller)
    html = client.get(url("revision", revision.pk)).content.decode()
    body = html.split('class="qms-body"', 1)[1]
    assert "<script>alert" not in body
    assert "javascript:" not in body
    assert "onerror" not in body


def test_in_force_on_date_on_trace_page(
    client, document, document_controller, approver, second_approver
):
    approved(document, document_controller, approver, second_approver)
    client.force_login(document_controller)
    before = client.get(url("trace", document.pk, on="2026-03-01")).content.decode()
    assert "không có lần ban hành nào có hiệu lực" in before
    on_day = client.get(url("trace", document.pk, on="2026-03-02")).content.decode()
    assert "BH 01 / SĐ 00 đang có hiệu lực" in on_day
    bad = client.get(url("trace", document.pk, on="not-a-date"))
    assert bad.status_code == 200


def test_diff_shows_both_bodies(
    client, document, document_controller, approver, second_approver
):
    first = approved(
        document, document_controller, approver, second_approver, body="Dòng một\n"
    )
    second = draft(
        document,
        document_controller,
        body="Dòng một\nDòng <b>hai</b>\n",
        effective=datetime.date(2026, 4, 1),
        change_what="Thêm dòng hai",
    )
    client.force_login(document_controller)
    html = client.get(
        url("diff", document.pk, a=first.pk, b=second.pk)
    ).content.decode()
    # Compared as rendered text, word by word: the markup is not a change.
    assert '<ins><span class="qms-sr">thêm: </span>Dòng hai</ins>' in html
    assert "<b>hai</b>" not in html and "&lt;b&gt;" not in html
    assert "Thêm dòng hai" in html
    # A revision of another document is refused by the form, not a 500.
    assert client.get(url("diff", document.pk, a=first.pk, b=99999)).status_code == 200


def test_legal_change_form_flags_documents(
    client, document, document_controller, legal_text
):
    new = LegalText.objects.create(
        number="Nghị định 92/2017/NĐ-CP",
        title="Sửa đổi",
        issuing_body="Chính phủ",
        issued_on=datetime.date(2017, 8, 7),
        effective_on=datetime.date(2017, 9, 25),
    )
    client.force_login(document_controller)
    response = client.post(
        url("legal_change", legal_text.pk), {"kind": "amended", "new_text": new.pk}
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.update_required_by == datetime.date(2017, 12, 25)
    dashboard = client.get(url("dashboard")).content.decode()
    assert "25/12/2017" in dashboard


def test_acknowledge_read(client, document, document_controller, approver, inspector):
    third = make_user("approver3", APPROVER)
    revision = approved(document, document_controller, approver, third)
    client.force_login(inspector)
    client.post(url("revision_action", revision.pk, "acknowledge"))
    client.post(url("revision_action", revision.pk, "acknowledge"))
    assert revision.acknowledgements.filter(user=inspector).count() == 1
    html = client.get(url("revision", revision.pk)).content.decode()
    assert "Bạn đã xác nhận đã đọc." in html
    assert "1 người đã xác nhận đã đọc" in html
    assert "Inspector – 02/03/2026" in html


# --- query counts -------------------------------------------------------------


def test_trace_page_query_count_is_bounded(
    client,
    document,
    document_controller,
    approver,
    second_approver,
    django_assert_max_num_queries,
):
    approved(document, document_controller, approver, second_approver)
    client.force_login(document_controller)
    client.get(url("trace", document.pk))  # warm caches (content types, site)
    with django_assert_max_num_queries(25):
        small = client.get(url("trace", document.pk))
    for n in range(2, 8):
        approved(
            document,
            document_controller,
            approver,
            second_approver,
            effective=datetime.date(2026, 3, 2) + datetime.timedelta(days=n),
            change_what=f"Sửa {n}",
        )
    with django_assert_max_num_queries(25):
        big = client.get(url("trace", document.pk))
    assert big.status_code == small.status_code == 200
    assert big.content.decode().count("Phê duyệt ban hành") == 7


def test_listing_and_dashboard_query_counts(
    client, district, document_controller, django_assert_max_num_queries
):
    for n in range(30):
        ControlledDocument.objects.create(
            code=f"BM {n:02d}",
            title=f"Biểu mẫu {n}",
            doc_type="form",
            owning_unit=district,
            owner=document_controller,
            last_reviewed_on=datetime.date(2025, 1, 1),
        )
    client.force_login(document_controller)
    client.get(url("dashboard"))
    with django_assert_max_num_queries(25):
        assert client.get(url("dashboard")).status_code == 200
    with django_assert_max_num_queries(30):
        assert client.get(reverse("controlled_documents:index")).status_code == 200
    with django_assert_max_num_queries(25):
        assert client.get(url("in_force")).status_code == 200


def test_record_periodic_review_from_trace_page(
    client, document, document_controller, iso_reviewer
):
    client.force_login(iso_reviewer)
    client.post(
        url("record_review", document.pk), {"note": "Phù hợp", "on": "2026-03-02"}
    )
    document.refresh_from_db()
    assert document.last_reviewed_on is None
    client.force_login(document_controller)
    response = client.post(
        url("record_review", document.pk), {"note": "", "on": "2026-03-02"}, follow=True
    )
    assert "Nhập kết luận" in response.content.decode()
    client.post(
        url("record_review", document.pk), {"note": "Phù hợp", "on": "2026-03-02"}
    )
    document.refresh_from_db()
    assert document.last_reviewed_on == datetime.date(2026, 3, 2)


def test_document_edit_form_records_reason(client, document, document_controller):
    client.force_login(document_controller)
    edit = reverse("controlled_documents:edit", args=[document.pk])
    response = client.post(
        edit,
        {
            "code": document.code,
            "title": "Quy trình đăng ký khai sinh (sửa tên)",
            "doc_type": document.doc_type,
            "owning_unit": document.owning_unit_id,
            "owner": document.owner_id,
            "procedure_codes": "1.001193",
            "legal_bases": [],
            "review_interval_months": 6,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    row = document.history.first()
    assert row.title.endswith("(sửa tên)")
    assert row.history_change_reason == "Sửa thông tin tài liệu"
    assert row.history_user == document_controller


def test_attachment_upload_and_scoped_download(
    client,
    commune_document,
    other_commune_document,
    document_controller,
    commune_officer,
):
    revision = draft(commune_document, document_controller)
    client.force_login(document_controller)
    client.post(
        url("revision_action", revision.pk, "attach"),
        {"title": "BM 01", "file": SimpleUploadedFile("bm01.txt", b"mau 01")},
    )
    attachment = RevisionAttachment.objects.get(revision=revision)
    other = draft(other_commune_document, document_controller)
    services.attachment_add(
        revision=other,
        user=document_controller,
        title="BM 02",
        uploaded_file=SimpleUploadedFile("bm02.txt", b"mau 02"),
    )
    other_attachment = RevisionAttachment.objects.get(revision=other)
    client.force_login(commune_officer)
    response = client.get(url("attachment", attachment.pk))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"mau 01"
    assert client.get(url("attachment", other_attachment.pk)).status_code == 404
    dashboard = client.get(url("dashboard")).content.decode()
    assert commune_document.code in dashboard  # its draft is waiting
    assert other_commune_document.code not in dashboard


def test_legal_text_cannot_be_deleted_by_superuser(superuser, legal_text, login):
    client = login(superuser)
    delete = reverse("legal_texts:delete", args=[legal_text.pk])
    client.post(delete)
    assert type(legal_text).objects.filter(pk=legal_text.pk).exists()


def test_pdf_without_any_wagtail_site_is_not_a_500(
    client, document, document_controller
):
    revision = draft(document, document_controller)
    Site.objects.all().delete()
    client.force_login(document_controller)
    response = client.get(url("revision_pdf", revision.pk))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")


def test_trace_escapes_what_people_typed(
    client, document, document_controller, approver
):
    revision = draft(document, document_controller, change_why="<b>lý do</b>")
    services.revision_submit(revision=revision, user=document_controller)
    services.revision_reject(
        revision=revision, user=approver, comment="<script>alert(1)</script>"
    )
    client.force_login(document_controller)
    html = client.get(url("trace", document.pk)).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>lý do</b>" not in html


def test_revision_listing_is_view_only_and_scoped(
    login,
    document_controller,
    superuser,
    commune_officer,
    commune_document,
    other_commune_document,
    django_assert_max_num_queries,
):
    mine = draft(commune_document, document_controller)
    other = draft(other_commune_document, document_controller)
    index = reverse("document_revisions:index")
    for user in (document_controller, superuser):
        client = login(user)
        listing = client.get(index)
        assert listing.status_code == 200
        html = listing.content.decode()
        assert url("revision", mine.pk) in html
        # Generic forms would bypass the workflow services: never offered.
        assert client.get(reverse("document_revisions:add")).status_code == 302
        edit = reverse("document_revisions:edit", args=[mine.pk])
        assert client.get(edit).status_code == 302
    client = login(commune_officer)
    with django_assert_max_num_queries(30):
        html = client.get(index).content.decode()
    assert url("revision", mine.pk) in html
    assert url("revision", other.pk) not in html


def test_register_in_force_is_paginated(
    client, monkeypatch, district, document_controller, approver, second_approver
):
    monkeypatch.setattr(RegisterInForceView, "paginate_by", 2)
    for n in range(3):
        doc = ControlledDocument.objects.create(
            code=f"QT {n:02d}",
            title=f"Quy trình {n}",
            doc_type="process",
            owning_unit=district,
            owner=document_controller,
        )
        approved(doc, document_controller, approver, second_approver)
    client.force_login(document_controller)
    first = client.get(url("in_force", on="2026-03-02")).content.decode()
    assert "3 tài liệu có hiệu lực ngày 02/03/2026" in first
    assert "QT 00" in first and "QT 02" not in first
    assert "Trang 1/2" in first
    second = client.get(url("in_force", on="2026-03-02", p=2)).content.decode()
    assert "QT 02" in second
    assert client.get(url("in_force", on="2026-03-02", p="x")).status_code == 200


@pytest.mark.parametrize(
    "bad",
    [
        {"issue_number": "99999999"},
        {"revision_number": "-1"},
        {"effective_date": "31/02/2026"},
        {"version": "99999999999999999999"},
        {"change_where": "x" * 400},
    ],
)
def test_bad_draft_input_is_a_form_error_not_a_500(
    client, document, document_controller, bad
):
    revision = draft(document, document_controller)
    form = {
        "issue_number": 1,
        "revision_number": 0,
        "effective_date": "2026-03-02",
        "change_what": "a",
        "change_where": "b",
        "change_why": "c",
        "body": "x",
        "version": revision.version,
        **bad,
    }
    client.force_login(document_controller)
    response = client.post(url("revision_edit", revision.pk), form)
    assert response.status_code == 200
    revision.refresh_from_db()
    assert revision.body != "x"


@pytest.mark.parametrize(
    ("code", "expected"),
    [("QT 07/HĐ", 'filename="QT-07-HD-BH01'), ("BM\r\n01", 'filename="BM-01-BH01')],
)
def test_pdf_file_name_is_plain_ascii(
    client, document, document_controller, code, expected
):
    type(document).objects.filter(pk=document.pk).update(code=code)
    revision = draft(document, document_controller)
    client.force_login(document_controller)
    response = client.get(url("revision_pdf", revision.pk))
    assert response.status_code == 200
    assert expected in response["Content-Disposition"]


def test_diff_compares_the_two_newest_revisions_by_default(
    client, document, document_controller, approver, second_approver
):
    first = approved(document, document_controller, approver, second_approver)
    second = draft(document, document_controller, body="Nội dung mới của quy trình")
    client.force_login(document_controller)
    response = client.get(url("diff", document.pk))
    assert response.status_code == 200
    assert (response.context["old"], response.context["new"]) == (first, second)
    assert "Nội dung mới của quy trình" in response.content.decode()
    assert response.context["diff"]["inserted"] == 6
