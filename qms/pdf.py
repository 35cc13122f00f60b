"""The one place HTML becomes PDF (WeasyPrint), with the shipped Vietnamese font.

``render_pdf(template_name, context)`` renders a Django template that extends
``qms/pdf/base.html`` and returns the PDF bytes. The font is Be Vietnam Pro
from ``site/static/fonts`` (OFL), loaded through ``@font-face`` with file://
URLs so that no system font and no network is needed (PITFALLS.md). Audits and
procedures reuse this for their printouts.
"""

import hashlib
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

FONT_FAMILY = "Be Vietnam Pro"
_WEIGHTS = (400, 600, 700)
_SUBSETS = ("vietnamese", "latin")
#: The CSS font-family value templates use.
FONT_STACK = ", ".join(f"'{FONT_FAMILY} {subset}'" for subset in _SUBSETS)


def font_dir() -> Path:
    """Where the shipped font files are."""
    return Path(settings.BASE_DIR) / "site" / "static" / "fonts"


def font_face_css() -> SafeString:
    """``@font-face`` rules for every weight of each subset, as file:// URLs.

    Each subset is its own family (WeasyPrint does not honour
    ``unicode-range``); ``FONT_STACK`` lists the Vietnamese subset first and
    falls back per glyph to the Latin one.
    """
    rules = []
    for weight in _WEIGHTS:
        for subset in _SUBSETS:
            path = font_dir() / f"be-vietnam-pro-{subset}-{weight}-normal.woff"
            rules.append(
                f"@font-face {{ font-family: '{FONT_FAMILY} {subset}'; "
                f"font-style: normal; font-weight: {weight}; "
                f"src: url('{path.as_uri()}') format('woff'); }}"
            )
    return mark_safe("\n".join(rules))  # noqa: S308 - built from constants


#: How long a public PDF is kept by its content (a day: postings carry the date).
PDF_CACHE_SECONDS = 24 * 3600
#: Larger PDFs are rendered every time rather than kept.
PDF_CACHE_MAX_BYTES = 8 * 1024 * 1024


def _html(template_name: str, context: dict) -> str:
    return render_to_string(
        template_name,
        {**context, "font_face_css": font_face_css(), "font_stack": FONT_STACK},
    )


def _pdf(html: str) -> bytes:
    # WeasyPrint loads Pango and its fonts (~0.3 s): only when a PDF is made.
    from weasyprint import HTML  # noqa: PLC0415

    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def render_pdf(template_name: str, context: dict) -> bytes:
    """Render ``template_name`` with ``context`` and return an A4 PDF."""
    return _pdf(_html(template_name, context))


def render_pdf_cached(
    template_name: str, context: dict, *, before_render: Callable[[], None] = None
) -> bytes:
    """``render_pdf``, kept in the shared cache under the hash of its HTML.

    The HTML is cheap (milliseconds), the PDF is not (a posting board: seconds
    of WeasyPrint); the same HTML gives the same PDF, so a PDF is made once per
    content whoever asks, and a change of content is a new key. Only for
    what the public may read: the key is the content, not who asked.
    ``before_render`` runs only when the PDF must be made (a rate limit).
    """
    html = _html(template_name, context)
    key = "pdf:" + hashlib.sha256(html.encode()).hexdigest()
    pdf = cache.get(key)
    if pdf is None:
        if before_render is not None:
            before_render()
        pdf = _pdf(html)
        if len(pdf) <= PDF_CACHE_MAX_BYTES:
            cache.set(key, pdf, PDF_CACHE_SECONDS)
    return pdf
