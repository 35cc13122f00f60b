"""The importer's shared reader: skipping, attachments, the legal register.

Through ``import_documents`` (call_command), including on the demo's own
``fixtures/documents/``, which must stay valid import input.
"""

import datetime
import io

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.core.management import CommandError, call_command

from qms.documents import demo as demo_documents
from qms.documents.choices import RevisionStatus
from qms.documents.models import (
    ControlledDocument,
    DocumentRevision,
    LegalText,
    RevisionAttachment,
)
from qms.documents.services import documents_verify
from qms.organisation import demo
from qms.organisation.roles import COMMUNE_OFFICER
from tests.conftest import make_user
from tests.qms.documents.test_documents_commands import GOOD

pytestmark = pytest.mark.django_db

FIXTURES = settings.BASE_DIR / "fixtures" / "documents"
ATTACHED = GOOD.replace(
    "approved_on: 2022-09-01\n",
    "approved_on: 2022-09-01\n"
    "attachments:\n  - {title: Mẫu tờ khai, file: mau/to-khai.txt}\n",
)


@pytest.fixture(autouse=True)
def frozen_time():
    with time_machine.travel(
        datetime.datetime(2022, 9, 1, 2, 0, tzinfo=datetime.UTC), tick=False
    ):
        yield


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command(*args, stdout=out, stderr=err)
    except CommandError as error:
        raise CommandError(f"{error}\n{err.getvalue()}") from error
    return out.getvalue(), err.getvalue()


def _folder(tmp_path, files: dict[str, str | bytes]):
    for name, content in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return tmp_path


IMPORT = ("import_documents", "--user", "controller", "--unit", "364")


@pytest.fixture
def signatories(district, document_controller, approver, second_approver, legal_text):
    """The three people of GOOD's front matter and its legal basis."""


def test_underscore_files_and_folders_are_not_documents(tmp_path, signatories):
    folder = _folder(
        tmp_path,
        {
            "qt05.md": GOOD,
            "_ghi-chu.md": "Không có phần đầu YAML",
            "_nhap/qt06.md": "Cũng không",
        },
    )
    out, _err = run(IMPORT[0], str(folder), *IMPORT[1:])
    assert "Đã nhập 1 tài liệu, 1 lần ban hành" in out


def test_attachment_is_stored_with_its_hash(tmp_path, signatories):
    folder = _folder(
        tmp_path, {"qt05.md": ATTACHED, "mau/to-khai.txt": "Tờ khai".encode()}
    )
    run(IMPORT[0], str(folder), *IMPORT[1:])
    attachment = RevisionAttachment.objects.get()
    assert attachment.title == "Mẫu tờ khai"
    assert "/to-khai" in attachment.file.name
    assert attachment.file.open("rb").read() == "Tờ khai".encode()
    assert attachment.size == len("Tờ khai".encode())
    assert attachment.revision.status == RevisionStatus.APPROVED
    assert documents_verify() == []


@pytest.mark.parametrize(
    ("attachments", "message"),
    [
        ("  - {title: Mẫu, file: khong-co.txt}\n", "không có tệp khong-co.txt"),
        ("  - {title: Mẫu, file: ../ngoai.txt}\n", "tệp phải nằm trong bộ tài liệu"),
        ("  - {file: mau/to-khai.txt}\n", "mỗi tệp đính kèm cần title và file"),
    ],
)
def test_bad_attachment_is_named_and_nothing_written(
    tmp_path, signatories, attachments, message
):
    text = ATTACHED.replace(
        "  - {title: Mẫu tờ khai, file: mau/to-khai.txt}\n", attachments
    )
    (tmp_path / "ngoai.txt").write_text("x", encoding="utf-8")
    folder = _folder(tmp_path / "bo", {"qt05.md": text, "mau/to-khai.txt": "Tờ khai"})
    with pytest.raises(CommandError) as raised:
        run(IMPORT[0], str(folder), *IMPORT[1:])
    assert f"qt05.md: attachments: {message}" in str(raised.value)
    assert not ControlledDocument.objects.exists()


def test_skip_existing_leaves_known_documents_alone(tmp_path, signatories):
    folder = _folder(tmp_path, {"qt05.md": GOOD})
    run(IMPORT[0], str(folder), *IMPORT[1:])
    with pytest.raises(CommandError) as raised:
        run(IMPORT[0], str(folder), *IMPORT[1:])
    assert "lần ban hành này đã có" in str(raised.value)
    out, _err = run(IMPORT[0], str(folder), *IMPORT[1:], "--skip-existing")
    assert "Bỏ qua (tài liệu đã có): qt05.md" in out
    assert "Đã nhập 0 tài liệu, 0 lần ban hành" in out
    assert DocumentRevision.objects.count() == 1


def test_demo_fixtures_are_valid_import_input():
    demo.load(stdout=io.StringIO())
    demo_documents._reviewer()
    args = (
        "import_documents",
        str(FIXTURES),
        "--user",
        "kiemsoat",
        "--legal-texts",
        str(FIXTURES / "legal_texts.yaml"),
        "--skip-existing",
    )
    out, _err = run(*args)
    assert "Đã nhập 11 tài liệu, 24 lần ban hành" in out
    assert LegalText.objects.count() == 13
    amended = LegalText.objects.get(number="Nghị định 63/2010/NĐ-CP")
    assert amended.amended_by.number == "Nghị định 92/2017/NĐ-CP"
    assert RevisionAttachment.objects.get().revision.document.code == "BM 01"
    assert documents_verify() == []
    # The draft kept for reference (a "_" file) is not a revision.
    assert DocumentRevision.objects.filter(document__code="QT 05/HT").count() == 3
    out, _err = run(*args)
    assert "Đã nhập 0 tài liệu, 0 lần ban hành" in out
    assert LegalText.objects.count() == 13


@pytest.mark.parametrize(
    ("yaml_text", "message"),
    [
        ("number: x\n", "phải là danh sách"),
        ("- number: NĐ 1\n  title: T\n  issuing_body: CP\n", "issued_on: bắt buộc"),
        (
            "- {number: NĐ 1, title: T, issuing_body: CP, issued_on: hôm qua,"
            " effective_on: 2020-01-01}\n",
            "issued_on: ngày không hợp lệ",
        ),
        (
            "- {number: NĐ 1, title: T, issuing_body: CP, issued_on: 2020-01-01,"
            " effective_on: 2020-01-01, amended_by: NĐ 2}\n",
            "amended_by: chưa có trong danh mục: NĐ 2",
        ),
        (
            "- {number: NĐ 1, title: T, issuing_body: CP, issued_on: 2020-01-01,"
            " effective_on: 2020-01-01, nguon: x}\n",
            "nguon: trường không được hỗ trợ",
        ),
        ("- [không đóng\n", "legal_texts.yaml"),
    ],
)
def test_bad_legal_texts_are_named_and_nothing_written(
    tmp_path, signatories, yaml_text, message
):
    (tmp_path / "legal_texts.yaml").write_text(yaml_text, encoding="utf-8")
    folder = _folder(tmp_path / "bo", {"qt05.md": GOOD})
    before = LegalText.objects.count()
    with pytest.raises(CommandError, match=message):
        run(
            *IMPORT[:1],
            str(folder),
            *IMPORT[1:],
            "--legal-texts",
            str(tmp_path / "legal_texts.yaml"),
        )
    assert LegalText.objects.count() == before
    assert not ControlledDocument.objects.exists()


def test_legal_texts_roll_back_when_documents_fail_or_dry_run(tmp_path, signatories):
    (tmp_path / "legal_texts.yaml").write_text(
        "- {number: NĐ 1, title: T, issuing_body: CP, issued_on: 2020-01-01,"
        " effective_on: 2020-01-01}\n",
        encoding="utf-8",
    )
    legal = ("--legal-texts", str(tmp_path / "legal_texts.yaml"))
    bad = _folder(tmp_path / "bad", {"qt05.md": GOOD.replace("issue: 1", "issue: 0")})
    with pytest.raises(CommandError):
        run(IMPORT[0], str(bad), *IMPORT[1:], *legal)
    good = _folder(tmp_path / "good", {"qt05.md": GOOD})
    run(IMPORT[0], str(good), *IMPORT[1:], *legal, "--dry-run")
    assert not LegalText.objects.filter(number="NĐ 1").exists()
    run(IMPORT[0], str(good), *IMPORT[1:], *legal)
    assert LegalText.objects.filter(number="NĐ 1").exists()


def test_an_imported_set_mails_each_reader_one_list(tmp_path, signatories, district):
    reader = make_user("canbo", COMMUNE_OFFICER, district)
    in_force_now = GOOD.replace("2022-09-15", "2022-09-01")
    second = in_force_now.replace("code: QT 05/HT", "code: QT 06/HT").replace(
        "Quy trình đăng ký kết hôn", "Quy trình đăng ký khai tử"
    )
    folder = _folder(tmp_path, {"qt05.md": in_force_now, "qt06.md": second})
    mail.outbox.clear()
    run(*IMPORT, str(folder))
    assert DocumentRevision.objects.filter(status=RevisionStatus.IN_FORCE).count() == 2
    # no mail per workflow step or per document: one list for the reader
    [message] = mail.outbox
    assert message.to == [reader.email]
    assert "2 tài liệu" in message.subject
    assert "QT 05/HT" in message.body and "QT 06/HT" in message.body
