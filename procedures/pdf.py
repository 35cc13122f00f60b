"""PDF rendering of postings (niêm yết) with WeasyPrint and the shipped font.

The only place that turns HTML into PDF in this app. Fonts load from the
static files through file:// URLs, never from the system or a CDN, so
Vietnamese glyphs come out the same on every machine (PITFALLS.md, PDF).
"""

from django.conf import settings

FONT_DIR = settings.SITE_DIR / "static" / "fonts"
_WEIGHTS = (400, 600, 700)
#: The shipped font comes in two subsets. Each gets its own family name so
#: that the renderer falls back glyph by glyph ("Đ" from the Vietnamese
#: subset, "a" from the Latin one); one family name for both garbles letters.
_SUBSETS = (("BVP Latin", "latin"), ("BVP Vietnamese", "vietnamese"))
#: The CSS font-family list that uses the rules of ``font_face_css``.
FONT_FAMILY = '"BVP Latin", "BVP Vietnamese", sans-serif'


def font_face_css(*, base_url: str | None = None) -> str:
    """@font-face rules for Be Vietnam Pro.

    ``base_url`` is where the fonts are served from (the print page in a
    browser); without it, file:// URLs of the shipped files (WeasyPrint).
    """
    base = base_url or FONT_DIR.as_uri()
    rules = []
    for weight in _WEIGHTS:
        for family, subset in _SUBSETS:
            rules.append(
                f'@font-face {{ font-family: "{family}"; '
                f"font-weight: {weight}; font-style: normal; "
                f'src: url("{base}/be-vietnam-pro-{subset}-{weight}-normal.woff") '
                'format("woff"); }'
            )
    return "\n".join(rules)


def render_pdf(html: str) -> bytes:
    """The PDF bytes of a complete HTML document (A4 comes from its CSS)."""
    from weasyprint import HTML  # heavy import, only when a PDF is asked for

    return HTML(string=html, base_url=str(settings.SITE_DIR / "static")).write_pdf()
