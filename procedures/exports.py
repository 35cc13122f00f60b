"""Procedures as the desk and open data need them: postings, CSV and JSON.

Takes procedure pages or their plain rows (``procedure_page.procedure_row``)
and returns responses; the pages' routes call these.
"""

import csv
import json
from collections.abc import Iterable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils import timezone

from qms.choices import Channel
from qms.organisation.models import DeploymentSettings
from qms.pdf import render_pdf_cached
from qms.ratelimit import public_render_limit

#: Columns of the CSV download, in order.
CSV_COLUMNS = [
    "code",
    "name",
    "field",
    "level",
    "agency",
    "agency_name",
    "online_level",
    "interconnected",
    "processing_time",
    "fees",
    "url",
    "last_published_at",
]


def _csv_safe(value) -> str:
    """Cell text that a spreadsheet will not run as a formula."""
    text = str(value)
    if text[:1] in ("=", "+", "-", "@"):
        return "'" + text
    return text


def catalogue_csv(rows: Iterable[dict[str, Any]]) -> HttpResponse:
    """The rows as CSV (UTF-8 with BOM, so Excel reads Vietnamese)."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="thu-tuc-hanh-chinh.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        row["processing_time"] = "; ".join(
            f"{Channel(c['channel']).label}: {c['processing_time']}"
            for c in row["channels"]
        )
        writer.writerow([_csv_safe(row[column]) for column in CSV_COLUMNS])
    return response


def catalogue_json(rows: list[dict[str, Any]]) -> HttpResponse:
    """The rows as JSON, in the import format plus labels and URL."""
    body = json.dumps(
        {"generated_at": timezone.now().isoformat(), "count": len(rows), "items": rows},
        ensure_ascii=False,
        indent=1,
    )
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="thu-tuc-hanh-chinh.json"'
    return response


def _posting_context(request: HttpRequest, procedures: list, *, title: str) -> dict:
    return {
        "procedures": procedures,
        "posting_title": title,
        "org_name": DeploymentSettings.for_request(request).display_name(),
        "printed_on": timezone.localdate(),
        # URLs built whole: the production storage (a manifest of hashed
        # names) knows only complete file names, never a prefix
        "font_faces": [
            (
                weight,
                static(f"fonts/be-vietnam-pro-vietnamese-{weight}-normal.woff2"),
                static(f"fonts/be-vietnam-pro-latin-{weight}-normal.woff2"),
            )
            for weight in (400, 600, 700)
        ],
    }


def posting_html(request: HttpRequest, procedures: list, *, title: str) -> HttpResponse:
    """Print-friendly posting (niêm yết) of ``procedures``."""
    context = _posting_context(request, procedures, title=title)
    return HttpResponse(render_to_string("procedures/posting.html", context, request))


def posting_pdf(
    request: HttpRequest, procedures: list, *, title: str, filename: str
) -> HttpResponse:
    """The posting of ``procedures`` as an A4 PDF, one after another.

    Kept by its content; a visitor may have only so many made a minute.
    """
    context = _posting_context(request, procedures, title=title)
    response = HttpResponse(
        render_pdf_cached(
            "procedures/posting_pdf.html",
            context,
            before_render=public_render_limit(request),
        ),
        content_type="application/pdf",
    )
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
