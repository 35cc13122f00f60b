"""The one place HTML becomes PDF (WeasyPrint), with the shipped Vietnamese font.

``render_pdf(template_name, context)`` renders a Django template that extends
``qms/pdf/base.html`` and returns the PDF bytes. The font is Be Vietnam Pro
from ``site/static/fonts`` (OFL), loaded through ``@font-face`` with file://
URLs so that no system font and no network is needed (PITFALLS.md). Audits and
procedures reuse this for their printouts.
"""

from pathlib import Path

from django.conf import settings
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


def render_pdf(template_name: str, context: dict) -> bytes:
    """Render ``template_name`` with ``context`` and return an A4 PDF."""
    # WeasyPrint loads Pango and its fonts (~0.3 s): only when a PDF is made.
    from weasyprint import HTML  # noqa: PLC0415

    html = render_to_string(
        template_name,
        {**context, "font_face_css": font_face_css(), "font_stack": FONT_STACK},
    )
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
