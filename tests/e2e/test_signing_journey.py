"""Ký số in Chromium: the approver signs a controlled copy with the demo
certificate, downloads it, and a tool the project did not write (poppler's
pdfsig) verifies it; a wrong passphrase first says so (issue 13, point 8)."""

import subprocess
from pathlib import Path

import pytest

from qms.documents.models import APPROVED_STATUSES, DocumentRevision
from qms.organisation.demo import DEMO_PASSWORD
from qms.signing.demo_certificates import DEMO_PASSPHRASE
from qms.signing.models import SignedRecord
from tests.e2e.conftest import SCREENSHOTS, admin_login
from tests.qms.signing.pdf_tools import pdfsig

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.mark.demo_loaders(
    "qms.organisation.demo.load", "qms.documents.demo.load", "qms.signing.demo.load"
)
@pytest.mark.parametrize("width", [1366, 375])
def test_the_approver_signs_a_controlled_copy_and_pdfsig_accepts_it(
    demo, live_server, browser, screenshot, width
):
    revision = (
        DocumentRevision.objects.filter(status__in=APPROVED_STATUSES)
        .exclude(approved_at=None)
        .order_by("pk")
        .first()
    )
    context = browser.new_context(
        viewport={"width": width, "height": 900}, accept_downloads=True
    )
    page = context.new_page()
    admin_login(page, live_server, "pheduyet", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/admin/tai-lieu/lan/{revision.pk}/")
    page.click("text=Ký số bản kiểm soát")
    assert "/ky-so/" in page.url
    assert "chỉ dùng thử" in page.locator("select[name=credential]").inner_text()

    page.fill("input[name=passphrase]", "sai-mat-khau")
    page.click("button:has-text('Ký số và tải về')")
    page.wait_for_selector(".errorlist")
    screenshot(page, f"sign-wrong-passphrase-{width}")
    assert "Mật khẩu chứng thư số không đúng" in page.content()
    assert not SignedRecord.objects.exists()

    page.fill("input[name=passphrase]", DEMO_PASSPHRASE)
    screenshot(page, f"sign-form-{width}")
    with page.expect_download() as download_info:
        page.click("button:has-text('Ký số và tải về')")
    download = download_info.value
    assert download.suggested_filename.endswith("-ky-so.pdf")
    signed = Path(download.path()).read_bytes()
    report = pdfsig(signed)
    assert "Signature is Valid." in report
    assert "Total document signed" in report
    record = SignedRecord.objects.get()
    assert record.signed_by.username == "pheduyet"

    page.goto(f"{live_server.url}/admin/ky-so/")
    assert record.sha256 in page.content()
    screenshot(page, f"sign-trail-{width}")
    if width == 1366:
        # The visible signature block, as a reader sees page 1 of the PDF.
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        pdf_path = SCREENSHOTS / "sign-signed-copy.pdf"
        pdf_path.write_bytes(signed)
        subprocess.run(  # noqa: S603 - fixed arguments
            [
                "/usr/bin/pdftoppm",
                "-png",
                "-r",
                "80",
                "-f",
                "1",
                "-l",
                "1",
                "-singlefile",
                str(pdf_path),
                str(SCREENSHOTS / "sign-pdf-page1"),
            ],
            check=True,
        )
        pdf_path.unlink()
    context.close()
