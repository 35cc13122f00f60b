"""The Ký số form: signed downloads, the trail, scope and bad input."""

import datetime
import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from audits.reviews.models import ManagementReview
from qms.documents.services import register_head
from qms.signing.demo_certificates import (
    DEMO_PASSPHRASE,
    DEMO_SIGNER_FILE,
    issue_pkcs12,
    load_demo_authority,
)
from qms.signing.models import SignedRecord, SigningCredential
from tests.qms.documents.helpers import approved, draft
from tests.qms.signing.pdf_tools import pdfsig, pdftotext, pyhanko_status

pytestmark = pytest.mark.django_db


@pytest.fixture
def revision(document, document_controller, second_approver, approver):
    return approved(document, document_controller, second_approver, approver)


def _post(client, url, credential, passphrase=DEMO_PASSPHRASE, **extra):
    return client.post(
        url,
        {
            "credential": credential.pk,
            "passphrase": passphrase,
            "reason": "Phê duyệt bản kiểm soát",
            "location": "Xuân Trường",
            **extra,
        },
    )


def test_the_approver_downloads_a_signed_controlled_copy_and_it_is_recorded(
    client, login, approver, approver_credential, revision
):
    login(approver)
    url = reverse("qms_documents:revision_sign", args=[revision.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "Mật khẩu chứng thư số" in page.content.decode()
    response = _post(client, url, approver_credential)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert "-ky-so.pdf" in response["Content-Disposition"]
    signed = response.content
    assert "Signature is Valid." in pdfsig(signed)
    assert pyhanko_status(signed).intact
    record = SignedRecord.objects.get()
    assert record.sha256 == hashlib.sha256(signed).hexdigest()
    assert record.signed_by == approver and record.credential == approver_credential
    assert record.kind == "controlled_copy"
    assert record.object_ref == f"documentrevision:{revision.pk}"
    assert record.level == "B-B" and record.register_head == ""
    assert record.history.count() == 1
    assert record.history.first().history_change_reason.startswith("Ký số")


def test_a_wrong_passphrase_says_so_and_records_nothing(
    client, login, approver, approver_credential, revision
):
    login(approver)
    url = reverse("qms_documents:revision_sign", args=[revision.pk])
    response = _post(client, url, approver_credential, passphrase="sai")
    assert response.status_code == 400
    assert "Mật khẩu chứng thư số không đúng" in response.content.decode()
    assert not SignedRecord.objects.exists()


def test_someone_elses_certificate_cannot_be_chosen(
    client, login, document_controller, approver_credential, revision
):
    login(document_controller)
    url = reverse("qms_documents:revision_sign", args=[revision.pk])
    page = client.get(url)
    assert "chưa có chứng thư số" in page.content.decode()
    response = _post(client, url, approver_credential)
    assert response.status_code == 400
    assert not SignedRecord.objects.exists()


def test_a_unit_certificate_serves_its_members_and_commune_scope_holds(
    client,
    login,
    commune_officer,
    commune_credential,
    commune_document,
    other_commune_document,
    document_controller,
    second_approver,
    approver,
):
    own = approved(commune_document, document_controller, second_approver, approver)
    other = approved(
        other_commune_document, document_controller, second_approver, approver
    )
    login(commune_officer)
    response = _post(
        client,
        reverse("qms_documents:revision_sign", args=[own.pk]),
        commune_credential,
    )
    assert response.status_code == 200
    assert SignedRecord.objects.get().unit == commune_document.owning_unit
    assert (
        client.get(reverse("qms_documents:revision_sign", args=[other.pk])).status_code
        == 404
    )


def test_a_draft_is_not_signed(
    client, login, approver, approver_credential, document, document_controller
):
    revision = draft(document, document_controller)
    login(approver)
    url = reverse("qms_documents:revision_sign", args=[revision.pk])
    response = client.get(url)
    # Wagtail turns the refusal into a redirect to the dashboard with a message.
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert not SignedRecord.objects.exists()


def test_a_signed_review_pack_prints_the_register_head_and_records_it(
    client, login, approver, approver_credential, revision, district
):
    review = ManagementReview.objects.create(
        unit=district,
        period_from="2026-01-01",
        period_to="2026-12-31",
        chair="Phạm Đức Minh",
    )
    login(approver)
    response = _post(
        client,
        reverse("audits_reviews:review_sign", args=[review.pk]),
        approver_credential,
        reason="Phê duyệt hồ sơ xem xét",
    )
    assert response.status_code == 200
    head = register_head()
    record = SignedRecord.objects.get()
    assert record.register_head == head.digest and record.register_revisions == 1
    text = pdftotext(response.content)
    assert head.digest in text.replace("\n", "")
    assert "Signature is Valid." in pdfsig(response.content)
    detail = client.get(reverse("qms_signing:record", args=[record.pk]))
    assert head.digest in detail.content.decode()


def test_the_form06_report_is_signed_from_the_dashboard(
    client, login, approver, approver_credential
):
    login(approver)
    url = reverse("audits_form06_sign") + "?date_from=2026-01-01&date_to=2026-06-30"
    response = _post(client, url, approver_credential, reason="Xác nhận số liệu")
    assert response.status_code == 200
    record = SignedRecord.objects.get()
    assert record.kind == "form06" and "01/01/2026–30/06/2026" in record.object_label
    assert "Signature is Valid." in pdfsig(response.content)


def test_the_trail_lists_signatures_in_scope_with_bounded_queries(
    client,
    login,
    approver,
    approver_credential,
    revision,
    iso_reviewer,
    django_assert_max_num_queries,
):
    login(approver)
    url = reverse("qms_documents:revision_sign", args=[revision.pk])
    for _ in range(3):
        _post(client, url, approver_credential)
    login(iso_reviewer)
    with django_assert_max_num_queries(20):
        page = client.get(reverse("qms_signing:records"))
    assert page.status_code == 200
    for record in SignedRecord.objects.all():
        assert record.sha256 in page.content.decode()


def _upload(data: bytes, name: str = "cua-toi.p12"):
    return SimpleUploadedFile(name, data, content_type="application/x-pkcs12")


def test_a_person_adds_their_own_certificate(client, login, inspector):
    login(inspector)
    url = reverse("qms_signing:credentials")
    response = client.post(
        url,
        {
            "label": "Chứng thư của tôi",
            "pkcs12": _upload(DEMO_SIGNER_FILE.read_bytes()),
            "passphrase": DEMO_PASSPHRASE,
        },
    )
    assert response.status_code == 302
    credential = SigningCredential.objects.get()
    assert credential.user == inspector and credential.unit is None
    assert credential.subject == "Phạm Đức Minh (chỉ dùng thử)"
    assert credential.not_after.year == 2036
    assert credential.pkcs12_data() == DEMO_SIGNER_FILE.read_bytes()


@pytest.mark.parametrize(
    ("name", "data", "passphrase", "message"),
    [
        ("thu.txt", b"plain text", DEMO_PASSPHRASE, "chỉ nhận P12, PFX"),
        ("gia.p12", b"<html><script>x</script>", DEMO_PASSPHRASE, "không được nhận"),
        ("dung.p12", DEMO_SIGNER_FILE.read_bytes(), "sai", "Mật khẩu"),
    ],
)
def test_bad_certificate_files_are_refused_with_a_clear_message(
    client, login, inspector, name, data, passphrase, message
):
    login(inspector)
    response = client.post(
        reverse("qms_signing:credentials"),
        {"label": "Thử", "pkcs12": _upload(data, name), "passphrase": passphrase},
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not SigningCredential.objects.exists()


def test_an_expired_certificate_cannot_be_added(client, login, inspector):
    expired = issue_pkcs12(
        load_demo_authority(),
        common_name="Hết hạn",
        not_before=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC),
        not_after=datetime.datetime(2021, 1, 1, tzinfo=datetime.UTC),
    )
    login(inspector)
    response = client.post(
        reverse("qms_signing:credentials"),
        {"label": "Thử", "pkcs12": _upload(expired), "passphrase": DEMO_PASSPHRASE},
    )
    assert response.status_code == 400
    assert "đã hết hạn ngày 01/01/2021" in response.content.decode()
    assert not SigningCredential.objects.exists()


def test_an_operator_adds_a_unit_certificate_by_command(
    superuser, commune, monkeypatch
):
    monkeypatch.setenv("QMS_PKCS12_PASSPHRASE", DEMO_PASSPHRASE)
    call_command(
        "add_signing_credential",
        str(DEMO_SIGNER_FILE),
        "--unit",
        commune.code,
        "--label",
        "Chứng thư của thị trấn",
    )
    assert SigningCredential.objects.get().unit == commune
    monkeypatch.setenv("QMS_PKCS12_PASSPHRASE", "sai")
    with pytest.raises(CommandError, match="Mật khẩu"):
        call_command(
            "add_signing_credential",
            str(DEMO_SIGNER_FILE),
            "--unit",
            commune.code,
            "--label",
            "Lần hai",
        )
    assert SigningCredential.objects.count() == 1


def test_an_administrator_adds_a_unit_certificate_in_the_browser(
    client, login, superuser, inspector, commune
):
    url = reverse("qms_signing:credentials")
    data = {
        "label": "Chứng thư của thị trấn",
        "passphrase": DEMO_PASSPHRASE,
        "unit": commune.pk,
    }
    # Anyone else adds only their own: a unit sent in the form is ignored.
    login(inspector)
    assert 'name="unit"' not in client.get(url).content.decode()
    client.post(url, {**data, "pkcs12": _upload(DEMO_SIGNER_FILE.read_bytes())})
    mine = SigningCredential.objects.get()
    assert mine.user == inspector and mine.unit is None
    login(superuser)
    assert 'name="unit"' in client.get(url).content.decode()
    response = client.post(
        url, {**data, "pkcs12": _upload(DEMO_SIGNER_FILE.read_bytes())}
    )
    assert response.status_code == 302
    unit_credential = SigningCredential.objects.exclude(pk=mine.pk).get()
    assert unit_credential.unit == commune and unit_credential.user is None
    assert unit_credential.added_by == superuser
    # A unit that does not exist is refused on the field, nothing saved.
    response = client.post(
        url,
        {**data, "unit": 999999, "pkcs12": _upload(DEMO_SIGNER_FILE.read_bytes())},
    )
    assert response.status_code == 400
    assert SigningCredential.objects.count() == 2
