"""The one place HTML becomes PDF (WeasyPrint), with the shipped Vietnamese fonts.

``render_pdf(template_name, context)`` renders a Django template that extends
``qms/pdf/base.html`` and returns the PDF bytes. The fonts come from
``site/static/fonts`` (OFL), loaded through ``@font-face`` with file:// URLs so
that no system font and no network is needed (PITFALLS.md): Be Vietnam Pro for
printouts, Tinos (metric-compatible with the Times New Roman that Decree
30/2020/NĐ-CP prescribes, with italics) for administrative documents.

An administrative document passes ``official`` (an ``OfficialDocument``) in its
context: ``base.html`` then sets it in Tinos and the templates include
``qms/pdf/heading.html`` (issuing body, national motto, number, place and date,
title) at the top and ``qms/pdf/closing.html`` (recipients and signature
block) at the end, laid out as Decree 30/2020/NĐ-CP Annex I shows them:
the Form 06 report, the inspection record, the annual inspection summary and
the management-review pack. Two printouts are not administrative documents
(Decree 30 Art. 7 lists the kinds) and keep their own layout: the controlled
copy of a QMS document (the ISO document-control header with code, issue and
the drafted / reviewed / approved signatures) and the public posting of
procedures. Audits and procedures reuse this for their printouts.
"""

import datetime
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
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
#: Administrative documents (Decree 30: Times New Roman): Tinos, same metrics.
OFFICIAL_FONT_FAMILY = "Tinos"
_OFFICIAL_FACES = ((400, "normal"), (400, "italic"), (700, "normal"), (700, "italic"))
OFFICIAL_FONT_STACK = ", ".join(
    f"'{OFFICIAL_FONT_FAMILY} {subset}'" for subset in _SUBSETS
)


def font_dir() -> Path:
    """Where the shipped font files are."""
    return Path(settings.BASE_DIR) / "site" / "static" / "fonts"


def font_face_css() -> SafeString:
    """``@font-face`` rules for every weight of each subset, as file:// URLs.

    Each subset is its own family (WeasyPrint does not honour
    ``unicode-range``); ``FONT_STACK`` lists the Vietnamese subset first and
    falls back per glyph to the Latin one.
    """
    faces = [
        (FONT_FAMILY, "be-vietnam-pro", weight, "normal") for weight in _WEIGHTS
    ] + [
        (OFFICIAL_FONT_FAMILY, "tinos", weight, style)
        for weight, style in _OFFICIAL_FACES
    ]
    rules = []
    for family, stem, weight, style in faces:
        for subset in _SUBSETS:
            path = font_dir() / f"{stem}-{subset}-{weight}-{style}.woff"
            rules.append(
                f"@font-face {{ font-family: '{family} {subset}'; "
                f"font-style: {style}; font-weight: {weight}; "
                f"src: url('{path.as_uri()}') format('woff'); }}"
            )
    return mark_safe("\n".join(rules))  # noqa: S308 - built from constants


@dataclass(frozen=True)
class Signer:
    """One signature block (Decree 30 Annex I, item 7).

    ``authority`` is the line above the position when one signs on behalf of
    a collective ("TM. ỦY BAN NHÂN DÂN") or as a deputy ("KT. CHỦ TỊCH");
    ``name`` empty leaves a line to write the name by hand.
    """

    position: str
    name: str = ""
    authority: str = ""


@dataclass(frozen=True)
class OfficialDocument:
    """The parts of an administrative document around its body (Decree 30).

    ``parent_body`` is the superior body (regular, above), ``issuing_body``
    the body that issues (bold, below, with a short rule under it); both in
    capitals, ``issuing_body`` may hold a line break. ``symbol`` is the part
    of the number after the slash ("BC-UBND"): the number itself is given by
    the clerk's office at issue, so it stays "..." unless ``number`` is known.
    Without ``date`` the day is left blank to fill in by hand.
    """

    issuing_body: str
    kind: str
    parent_body: str = ""
    symbol: str = ""
    number: str = ""
    place: str = ""
    date: datetime.date | None = None
    summary: str = ""
    signers: tuple[Signer, ...] = ()
    recipients: tuple[str, ...] = field(default_factory=tuple)

    def number_line(self) -> str:
        """ "Số: 15/BC-UBND", or "Số: .../BC-UBND" before it is numbered."""
        if not self.symbol and not self.number:
            return ""
        if self.symbol:
            return f"Số: {self.number or '...'}/{self.symbol}"
        return f"Số: {self.number}"

    def place_and_date(self) -> str:
        """ "Xuân Trường, ngày 07 tháng 12 năm 2026" (Decree 30 Annex I, II.4)."""
        return place_and_date(self.place, self.date)


def place_and_date(place: str, day: datetime.date | None) -> str:
    """Place and date as Decree 30 writes them.

    Days below 10 and the months 1 and 2 take a leading zero ("ngày 05 tháng
    02", "ngày 07 tháng 12"), so that nobody can add a digit afterwards;
    other months do not ("tháng 3"). Without a date: dots to fill in by hand.
    """
    place = place or "..."
    if day is None:
        return f"{place}, ngày ... tháng ... năm ..."
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


#: How long a public PDF is kept by its content (a day: postings carry the date).
PDF_CACHE_SECONDS = 24 * 3600
#: Larger PDFs are rendered every time rather than kept.
PDF_CACHE_MAX_BYTES = 8 * 1024 * 1024


def _html(template_name: str, context: dict) -> str:
    official = context.get("official") is not None
    return render_to_string(
        template_name,
        {
            **context,
            "font_face_css": font_face_css(),
            "font_stack": OFFICIAL_FONT_STACK if official else FONT_STACK,
        },
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
