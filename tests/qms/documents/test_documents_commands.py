"""Management commands of document control, through call_command."""

import datetime
import io
import zipfile

import pytest
import time_machine
from django.core import mail
from django.core.management import CommandError, call_command

from qms.documents import services
from qms.documents.choices import RevisionStatus
from qms.documents.models import ControlledDocument, DocumentRevision, LegalText
from tests.qms.documents.helpers import approved

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2022, 9, 1, 2, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def frozen_time():
    with time_machine.travel(NOW, tick=False):
        yield


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_documents_in_force_on_a_date(
    document, document_controller, approver, second_approver
):
    first = approved(document, document_controller, approver, second_approver)
    approved(
        document,
        document_controller,
        approver,
        second_approver,
        effective=datetime.date(2022, 10, 1),
        change_what="Sửa bước 3",
        change_where="Mục 5",
        change_why="Luật mới",
    )
    before = run("documents_in_force", "--on", "2022-09-29")
    assert "QT 02/HT-TP" in before
    assert first.label in before
    assert "Tổng số: 1" in before
    after = run("documents_in_force", "--on", "01/10/2022")
    assert "BH 01 / SĐ 01" in after
    assert run("documents_in_force", "--on", "2022-08-31").endswith("Tổng số: 0\n")
    with pytest.raises(CommandError, match="Ngày không hợp lệ"):
        run("documents_in_force", "--on", "29-09-2022")


def test_verify_documents_names_tampered_revision(
    document, document_controller, approver, second_approver
):
    revision = approved(document, document_controller, approver, second_approver)
    assert "mọi mã băm đều khớp" in run("verify_documents")
    DocumentRevision.objects.filter(pk=revision.pk).update(
        change_why="Sửa tay trong cơ sở dữ liệu"
    )
    with pytest.raises(CommandError, match=r"QT 02/HT-TP BH 01 / SĐ 00"):
        run("verify_documents")


def test_verify_documents_detects_broken_chain(
    document, document_controller, approver, second_approver
):
    approved(document, document_controller, approver, second_approver)
    second = approved(
        document,
        document_controller,
        approver,
        second_approver,
        effective=datetime.date(2022, 12, 1),
        change_what="x",
        change_where="y",
        change_why="z",
    )
    DocumentRevision.objects.filter(pk=second.pk).update(previous_sha256="0" * 64)
    with pytest.raises(CommandError, match="SĐ 01"):
        run("verify_documents")


def test_verify_documents_mails_admins_on_failure_only(
    document, document_controller, approver, second_approver, settings
):
    settings.ADMINS = [("Quản trị", "it@example.gov.vn")]
    revision = approved(document, document_controller, approver, second_approver)
    mail.outbox.clear()  # the workflow's own notices (qms.documents.notices)
    run("verify_documents", "--mail-on-failure")
    assert mail.outbox == []
    DocumentRevision.objects.filter(pk=revision.pk).update(change_why="Sửa tay")
    with pytest.raises(CommandError, match="1 sai lệch"):
        run("verify_documents", "--mail-on-failure")
    [message] = mail.outbox
    assert message.to == ["it@example.gov.vn"]
    assert "1 sai lệch" in message.subject
    assert revision.label in message.body
    # without the option nothing is mailed, the exit status alone says it
    with pytest.raises(CommandError):
        run("verify_documents")
    assert len(mail.outbox) == 1


def test_verify_documents_mail_option_needs_admins(settings):
    settings.ADMINS = []
    with pytest.raises(CommandError, match="--mail-on-failure cần ADMINS"):
        run("verify_documents", "--mail-on-failure")
    assert mail.outbox == []


def test_send_reminders_mails_owner(document, document_controller, legal_text):
    document.last_reviewed_on = datetime.date(2021, 8, 1)
    document.save()
    new = LegalText.objects.create(
        number="Nghị định 107/2021/NĐ-CP",
        title="Sửa đổi Nghị định 61/2018/NĐ-CP",
        issuing_body="Chính phủ",
        issued_on=datetime.date(2021, 12, 6),
        effective_on=datetime.date(2022, 6, 1),
    )
    services.legal_text_mark_changed(
        legal_text=legal_text, amended_by=new, user=document_controller
    )
    output = run("send_reminders")
    assert "controller@example.gov.vn: 2 việc" in output
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "[QUÁ HẠN] QT 02/HT-TP" in body  # review due 01/08/2022
    assert "01/09/2022" in body  # legal update due: 01/06/2022 + 3 months
    assert f"/admin/tai-lieu/{document.pk}/" in body


def test_send_reminders_nothing_due(document):
    document.last_reviewed_on = datetime.date(2022, 8, 1)
    document.save()
    assert "Đã gửi 0 thư." in run("send_reminders")
    assert mail.outbox == []


GOOD = """---
code: QT 05/HT
title: Quy trình đăng ký kết hôn
type: Quy trình
issue: 1
effective_date: 2022-09-15
legal_bases: [Nghị định 63/2010/NĐ-CP]
procedure_codes: [1.000894]
drafted_by: controller
reviewed_by: approver
approved_by: approver2
approved_on: 2022-09-01
---
# 1. Mục đích

| Bước | Trách nhiệm | Thời gian |
|---|---|---|
| 1 | Công chức tư pháp | 0,5 ngày |
"""


def _folder(tmp_path, files: dict[str, str]):
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def test_import_folder_creates_approved_revision(
    tmp_path, district, document_controller, approver, second_approver, legal_text
):
    folder = _folder(tmp_path, {"qt05.md": GOOD})
    output = run(
        "import_documents", str(folder), "--user", "controller", "--unit", "364"
    )
    assert "Đã nhập 1 tài liệu, 1 lần ban hành" in output
    revision = DocumentRevision.objects.get(document__code="QT 05/HT")
    assert revision.status == RevisionStatus.APPROVED
    assert revision.approved_by == second_approver
    assert revision.document.legal_bases.get() == legal_text
    assert services.documents_verify() == []


def test_import_zip(
    tmp_path, district, document_controller, approver, second_approver, legal_text
):
    archive = tmp_path / "bo-tai-lieu.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("tai-lieu/qt05.md", GOOD)
    run("import_documents", str(archive), "--user", "controller", "--unit", "364")
    assert ControlledDocument.objects.filter(code="QT 05/HT").exists()


def test_import_bad_input_writes_nothing_and_names_file_and_field(
    tmp_path, district, document_controller, approver, second_approver, legal_text
):
    bad_type = GOOD.replace("type: Quy trình", "type: sổ tay bí mật")
    unknown_law = GOOD.replace("QT 05/HT", "QT 06/HT").replace("63/2010", "99/2099")
    self_approved = GOOD.replace("QT 05/HT", "QT 07/HT").replace(
        "approved_by: approver2", "approved_by: controller"
    )
    no_front = "# Chỉ có nội dung\n"
    folder = _folder(
        tmp_path,
        {
            "a-good.md": GOOD.replace("QT 05/HT", "QT 08/HT"),
            "b-type.md": bad_type,
            "c-law.md": unknown_law,
            "d-self.md": self_approved,
            "e-nofront.md": no_front,
            "f-date.md": GOOD.replace("QT 05/HT", "QT 09/HT").replace(
                "2022-09-15", "hôm qua"
            ),
            "g-issue.md": GOOD.replace("QT 05/HT", "QT 10/HT").replace(
                "issue: 1", "issue: 70000"
            ),
        },
    )
    err = io.StringIO()
    with pytest.raises(CommandError, match="không nhập tài liệu nào"):
        call_command(
            "import_documents",
            str(folder),
            "--user",
            "controller",
            "--unit",
            "364",
            stdout=io.StringIO(),
            stderr=err,
        )
    problems = err.getvalue()
    assert "b-type.md: type:" in problems
    assert (
        "c-law.md: legal_bases: chưa có trong danh mục: Nghị định 99/2099" in problems
    )
    assert "d-self.md: approved_by: ba người ký phải khác nhau" in problems
    assert "e-nofront.md: front matter" in problems
    assert "f-date.md: effective_date" in problems
    assert "g-issue.md: issue" in problems
    assert not ControlledDocument.objects.exists()
    assert not DocumentRevision.objects.exists()


def test_import_rolls_back_when_a_service_refuses(
    tmp_path, district, document_controller, inspector, approver, legal_text
):
    # The inspector has no approval permission: the service refuses at write
    # time, after validation passed; the first file must be rolled back too.
    good = GOOD.replace("approved_by: approver2", "approved_by: approver")
    good = good.replace("reviewed_by: approver", "reviewed_by: inspector", 1)
    folder = _folder(tmp_path, {"qt05.md": good})
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_documents",
            str(folder),
            "--user",
            "controller",
            "--unit",
            "364",
            stdout=io.StringIO(),
            stderr=err,
        )
    assert "qt05.md" in err.getvalue()
    assert not ControlledDocument.objects.exists()


def test_import_missing_path(document_controller):
    with pytest.raises(CommandError):
        run("import_documents", "/nonexistent/path", "--user", "controller")


def test_import_dry_run_writes_nothing(
    tmp_path, district, document_controller, approver, second_approver, legal_text
):
    folder = _folder(tmp_path, {"qt05.md": GOOD})
    output = run(
        "import_documents",
        str(folder),
        "--user",
        "controller",
        "--unit",
        "364",
        "--dry-run",
    )
    assert "không có lỗi" in output
    assert not ControlledDocument.objects.exists()


def test_documents_in_force_for_one_document(
    document, commune_document, document_controller, approver, second_approver
):
    approved(document, document_controller, approver, second_approver)
    approved(commune_document, document_controller, approver, second_approver)
    output = run("documents_in_force", "--document", "QT 01/XTT")
    assert "QT 01/XTT" in output
    assert "QT 02/HT-TP" not in output
    assert "Tổng số: 1" in output


def test_activate_revisions_puts_due_revision_in_force(
    document, document_controller, approver, second_approver
):
    revision = approved(
        document,
        document_controller,
        approver,
        second_approver,
        effective=datetime.date(2022, 9, 5),
    )
    assert revision.status == RevisionStatus.APPROVED
    assert run("activate_revisions") == ""
    with time_machine.travel(datetime.datetime(2022, 9, 5, 1, tzinfo=datetime.UTC)):
        output = run("activate_revisions")
    assert "Đang hiệu lực" in output
    revision.refresh_from_db()
    assert revision.status == RevisionStatus.IN_FORCE
