"""Independent checks of signed PDFs: poppler's pdfsig and pyHanko's validator."""

import io
import shutil
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from pyhanko.keys import load_cert_from_pemder
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from qms.signing.demo_certificates import DEMO_CA_FILE


def pdftotext(pdf: bytes) -> str:
    """The text of ``pdf`` (poppler's pdftotext)."""
    executable = shutil.which("pdftotext")
    assert executable, "pdftotext (poppler-utils) is needed"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "signed.pdf"
        path.write_bytes(pdf)
        return subprocess.run(  # noqa: S603 - fixed arguments
            [executable, str(path), "-"], capture_output=True, text=True, check=True
        ).stdout


def pdfsig(pdf: bytes) -> str:
    """pdfsig's report of ``pdf`` (poppler-utils; .ci/run installs it)."""
    executable = shutil.which("pdfsig")
    assert executable, "pdfsig (poppler-utils) is needed: apt-get install poppler-utils"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "signed.pdf"
        path.write_bytes(pdf)
        result = subprocess.run(  # noqa: S603 - fixed arguments
            [executable, str(path)], capture_output=True, text=True, check=False
        )
    return result.stdout + result.stderr


def pyhanko_status(pdf: bytes):
    """pyHanko's validation of the first signature, trusting the demo CA only."""
    context = ValidationContext(
        trust_roots=[load_cert_from_pemder(str(DEMO_CA_FILE))], allow_fetching=False
    )
    reader = PdfFileReader(io.BytesIO(pdf))
    # pyHanko's sync API calls asyncio.run: in a thread of its own, since
    # Playwright's loop may already run in this one (browser tests first).
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(
            validate_pdf_signature, reader.embedded_signatures[0], context
        ).result()
