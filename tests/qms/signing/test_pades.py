"""sign_pdf: PAdES signatures that tools the project did not write accept."""

import datetime

import pytest
import time_machine
from weasyprint import HTML

from qms.signing.demo_certificates import (
    DEMO_PASSPHRASE,
    DEMO_SIGNER_FILE,
    issue_pkcs12,
    load_demo_authority,
)
from qms.signing.pades import SigningError, sign_pdf, stamp_text
from tests.qms.signing.pdf_tools import pdfsig, pyhanko_status


class Credential:
    def __init__(self, data: bytes):
        self.data = data

    def pkcs12_data(self) -> bytes:
        return self.data


DEMO = Credential(DEMO_SIGNER_FILE.read_bytes())


@pytest.fixture(scope="module")
def plain_pdf() -> bytes:
    return HTML(string="<h1>Bản kiểm soát</h1><p>Nội dung thử.</p>").write_pdf()


def _sign(pdf, credential=DEMO, passphrase=DEMO_PASSPHRASE):
    return sign_pdf(
        pdf,
        credential=credential,
        passphrase=passphrase,
        reason="Phê duyệt bản kiểm soát",
        location="Xuân Trường",
    )


def test_pdfsig_reports_the_signature_valid_and_the_whole_document_signed(plain_pdf):
    report = pdfsig(_sign(plain_pdf))
    assert "Signature is Valid." in report
    assert "Total document signed" in report
    assert "ETSI.CAdES.detached" in report  # PAdES, not adbe.pkcs7
    assert "Phạm Đức Minh (chỉ dùng thử)" in report


def test_pyhanko_validator_trusting_the_demo_ca_finds_it_intact_and_trusted(
    plain_pdf,
):
    status = pyhanko_status(_sign(plain_pdf))
    assert status.intact and status.valid
    assert status.trusted
    assert status.coverage.name == "ENTIRE_FILE"


def test_one_byte_changed_after_signing_makes_pdfsig_report_it_invalid(plain_pdf):
    signed = bytearray(_sign(plain_pdf))
    # A byte of the page content, inside the first signed range.
    offset = signed.index(b"stream") + 20
    signed[offset] ^= 0x01
    report = pdfsig(bytes(signed))
    assert "Signature is Valid." not in report
    assert "Digest Mismatch" in report or "Invalid" in report


def test_the_visible_block_is_in_vietnamese_with_date_dd_mm_yyyy():
    text = stamp_text(
        signer="Phạm Đức Minh",
        signed_at=datetime.datetime(2026, 12, 7, 2, 30, tzinfo=datetime.UTC),
        reason="Phê duyệt",
        location="Xuân Trường",
    )
    assert "Ký số bởi: Phạm Đức Minh" in text
    assert "Ngày ký: 07/12/2026 09:30" in text  # Asia/Ho_Chi_Minh
    assert "Lý do: Phê duyệt" in text and "Nơi ký: Xuân Trường" in text


def test_a_wrong_passphrase_signs_nothing(plain_pdf):
    with pytest.raises(SigningError) as refused:
        _sign(plain_pdf, passphrase="sai-mat-khau")
    assert refused.value.field == "passphrase"
    assert "Mật khẩu" in refused.value.message


def test_a_file_that_is_not_pkcs12_is_refused(plain_pdf):
    with pytest.raises(SigningError) as refused:
        _sign(plain_pdf, credential=Credential(plain_pdf))
    assert refused.value.field == "pkcs12"


def test_an_expired_certificate_is_refused():
    expired = issue_pkcs12(
        load_demo_authority(),
        common_name="Hết hạn",
        not_before=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC),
        not_after=datetime.datetime(2026, 6, 30, tzinfo=datetime.UTC),
    )
    pdf = HTML(string="<p>x</p>").write_pdf()
    with (
        time_machine.travel(datetime.datetime(2026, 12, 7, tzinfo=datetime.UTC)),
        pytest.raises(SigningError) as refused,
    ):
        _sign(pdf, credential=Credential(expired))
    assert "hết hạn ngày 30/06/2026" in refused.value.message


def test_a_certificate_not_made_for_signing_is_refused():
    encryption_only = issue_pkcs12(
        load_demo_authority(), common_name="Chỉ mã hóa", signing=False
    )
    pdf = HTML(string="<p>x</p>").write_pdf()
    with pytest.raises(SigningError) as refused:
        _sign(pdf, credential=Credential(encryption_only))
    assert "digitalSignature" in refused.value.message
