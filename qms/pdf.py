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
_SUBSETS = (
    # unicode-range of the @fontsource subsets, so each glyph comes from one file
    ("vietnamese", "U+0102-0103, U+0110-0111, U+0128-0129, U+0168-0169, "
     "U+01A0-01A1, U+01AF-01B0, U+0300-0301, U+0303-0304, U+0308-0309, "
     "U+0323, U+0329, U+1EA0-1EF9, U+20AB"),
    ("latin", "U+0000-00FF, U+0131, U+0152-0153, U+02BB-02BC, U+02C6, U+02DA, "
     "U+02DC, U+0304, U+0308, U+0329, U+2000-206F, U+20AC, U+2122, U+2191, "
     "U+2193, U+2212, U+2215, U+FEFF, U+FFFD"),
)  # fmt: skip


def font_dir() -> Path:
    """Where the shipped font files are."""
    return Path(settings.BASE_DIR) / "site" / "static" / "fonts"


def font_face_css() -> SafeString:
    """``@font-face`` rules for every weight and subset, as file:// URLs."""
    rules = []
    for weight in _WEIGHTS:
        for subset, unicode_range in _SUBSETS:
            path = font_dir() / f"be-vietnam-pro-{subset}-{weight}-normal.woff"
            rules.append(
                f"@font-face {{ font-family: '{FONT_FAMILY}'; font-style: normal; "
                f"font-weight: {weight}; src: url('{path.as_uri()}') "
                f"format('woff'); unicode-range: {unicode_range}; }}"
            )
    return mark_safe("\n".join(rules))  # noqa: S308 - built from constants


def render_pdf(template_name: str, context: dict) -> bytes:
    """Render ``template_name`` with ``context`` and return an A4 PDF."""
    from weasyprint import HTML  # heavy import, only when a PDF is made

    html = render_to_string(
        template_name, {**context, "font_face_css": font_face_css()}
    )
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
