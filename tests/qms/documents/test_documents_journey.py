"""The issue's "done when", as a new user would do it on the demo (test client)."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from qms.documents import demo as demo_documents
from qms.documents.choices import RevisionStatus
from qms.documents.models import ControlledDocument, DocumentRevision
from qms.organisation import demo

pytestmark = pytest.mark.django_db


def test_draft_review_approve_trace_pdf_diff_and_tamper(client):
    demo.load(stdout=io.StringIO())
    demo_documents.load(stdout=io.StringIO())
    users = {u.username: u for u in get_user_model().objects.all()}
    document = ControlledDocument.objects.get(code="QT 07/HT")
    previous = document.revisions.get(status=RevisionStatus.IN_FORCE)

    client.force_login(users["kiemsoat"])
    form = client.get(reverse("qms_documents:revision_create", args=[document.pk]))
    initial_body = form.context["form"].initial["body"]
    assert initial_body == previous.body
    client.post(
        reverse("qms_documents:revision_create", args=[document.pk]),
        {
            "issue_number": 2,
            "revision_number": 0,
            "effective_date": timezone.localdate().isoformat(),
            "change_what": "Trả kết quả trực tuyến",
            "change_where": "Bước B4",
            "change_why": "Nghị định 107/2021/NĐ-CP",
            "body": initial_body + "\nBổ sung: trả kết quả trực tuyến.\n",
        },
    )
    revision = document.revisions.get(status=RevisionStatus.DRAFT)
    action = "qms_documents:revision_action"
    client.post(reverse(action, args=[revision.pk, "submit"]))
    client.force_login(users["xemxet"])
    client.post(reverse(action, args=[revision.pk, "review"]))
    client.force_login(users["pheduyet"])
    client.post(reverse(action, args=[revision.pk, "approve"]))
    revision.refresh_from_db()
    previous.refresh_from_db()
    assert revision.status == RevisionStatus.IN_FORCE
    assert previous.status == RevisionStatus.SUPERSEDED
    document.refresh_from_db()
    assert document.update_required_by is None  # the legal update is absorbed

    client.force_login(users["danhgiaiso"])  # the ISO reviewer checks it all
    pdf = client.get(reverse("qms_documents:revision_pdf", args=[revision.pk]))
    assert pdf.content.startswith(b"%PDF")
    diff = client.get(
        reverse("qms_documents:diff", args=[document.pk]),
        {"a": previous.pk, "b": revision.pk},
    ).content.decode()
    assert "Bổ sung: trả kết quả trực tuyến." in diff
    trace = client.get(reverse("qms_documents:trace", args=[document.pk]))
    html = trace.content.decode()
    for reason in ("Tạo dự thảo", "Trình xem xét", "Xem xét: đạt", "Phê duyệt"):
        assert reason in html
    assert "Nguyễn Văn Bình" in html and "Phạm Đức Minh" in html

    call_command("verify_documents", stdout=io.StringIO())
    DocumentRevision.objects.filter(pk=previous.pk).update(body="Sửa tay")
    with pytest.raises(
        CommandError, match=f"QT 07/HT BH 01 / SĐ 01 \\(id {previous.pk}"
    ):
        call_command("verify_documents", stdout=io.StringIO(), stderr=io.StringIO())
