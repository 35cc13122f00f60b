"""Read rendered PDFs in tests with pypdf, so that no system binary is needed.

The PDF tests used poppler-utils (pdftotext, pdffonts, pdfinfo), which a fresh
machine and `.ci/run` do not install; pypdf comes with the `test` extra.
"""

import io
import shutil
import subprocess
from pathlib import Path

from pypdf import PdfReader
from pypdf.generic import DictionaryObject

A4_POINTS = (595.28, 841.89)


def pdf_reader(pdf: bytes) -> PdfReader:
    """A reader over PDF bytes; fails the test if they are not a PDF."""
    assert pdf.startswith(b"%PDF"), pdf[:40]
    return PdfReader(io.BytesIO(pdf))


def pdf_text(pdf: bytes) -> str:
    """The text of every page, in order, with runs of whitespace collapsed."""
    reader = pdf_reader(pdf)
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def _fonts_in(resources: DictionaryObject | None, seen: set[int]) -> set[str]:
    """Base font names in a resource dictionary and the form XObjects it uses."""
    if resources is None or id(resources) in seen:
        return set()
    seen.add(id(resources))
    names = {
        str(font.get_object()["/BaseFont"])
        for font in resources.get("/Font", DictionaryObject()).get_object().values()
    }
    for xobject in resources.get("/XObject", DictionaryObject()).get_object().values():
        xobject = xobject.get_object()
        if xobject.get("/Subtype") == "/Form" and "/Resources" in xobject:
            names |= _fonts_in(xobject["/Resources"].get_object(), seen)
    return names


def pdf_fonts(pdf: bytes) -> set[str]:
    """The /BaseFont of every font the pages use, as `pdffonts` would list them."""
    seen: set[int] = set()
    names: set[str] = set()
    for page in pdf_reader(pdf).pages:
        resources = page.get("/Resources", DictionaryObject()).get_object()
        names |= _fonts_in(resources, seen)
    return names


def pdf_is_a4(pdf: bytes) -> bool:
    """True when every page is A4 portrait (to within a point, like `pdfinfo`)."""
    pages = pdf_reader(pdf).pages
    return len(pages) > 0 and all(
        abs(float(page.mediabox.width) - A4_POINTS[0]) < 1
        and abs(float(page.mediabox.height) - A4_POINTS[1]) < 1
        for page in pages
    )


SCREENSHOTS = Path(__file__).resolve().parent.parent / "build" / "screenshots"


def save_pdf_pages(pdf: bytes, name: str) -> list[Path]:
    """Render ``pdf`` to ``build/screenshots/<name>-<page>.png`` to look at
    (the PDF itself is kept beside them).

    Uses poppler's pdftoppm where installed (a person checks the layout; the
    test's assertions do not depend on it); without it, nothing is written.
    """
    if shutil.which("pdftoppm") is None:
        return []
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for old in SCREENSHOTS.glob(f"{name}-*.png"):
        old.unlink()
    (SCREENSHOTS / f"{name}.pdf").write_bytes(pdf)
    subprocess.run(  # noqa: S603 - fixed arguments, a file we wrote
        ["pdftoppm", "-png", "-r", "80", "-", str(SCREENSHOTS / name)],  # noqa: S607
        input=pdf,
        check=True,
    )
    return sorted(SCREENSHOTS.glob(f"{name}-*.png"))
