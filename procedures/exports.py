"""Procedures as the desk and open data need them: postings, CSV and JSON.

Takes procedure pages or their plain rows (``procedure_page.procedure_row``)
and returns responses; the pages' routes call these.
"""

import datetime
import json
from collections.abc import Iterable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils import timezone
from django.utils.translation import gettext_lazy

from qms import spreadsheets
from qms.choices import Channel
from qms.organisation.models import DeploymentSettings
from qms.pdf import render_pdf_cached
from qms.ratelimit import public_render_limit

#: Columns of the CSV download, in order, with their titles (one header row in
#: the interface language; the JSON download keeps the keys).
CSV_COLUMNS = {
    "code": gettext_lazy("Mã thủ tục"),
    "name": gettext_lazy("Tên thủ tục"),
    "field": gettext_lazy("Lĩnh vực"),
    "level_label": gettext_lazy("Cấp thực hiện"),
    "agency": gettext_lazy("Mã cơ quan thực hiện"),
    "agency_name": gettext_lazy("Cơ quan thực hiện"),
    "online_level_label": gettext_lazy("Dịch vụ công trực tuyến"),
    "interconnected": gettext_lazy("Liên thông"),
    "processing_time": gettext_lazy("Thời hạn giải quyết"),
    "fees": gettext_lazy("Phí, lệ phí"),
    "url": gettext_lazy("Địa chỉ trang"),
    "last_published_at": gettext_lazy("Ngày công bố"),
}


def _csv_values(row: dict[str, Any]) -> list:
    processing = "; ".join(
        f"{Channel(channel['channel']).label}: {channel['processing_time']}"
        for channel in row["channels"]
    )
    published = row["last_published_at"]
    values = {
        **row,
        "processing_time": processing,
        "last_published_at": (
            timezone.localdate(datetime.datetime.fromisoformat(published))
            if published
            else None
        ),
    }
    return [values[column] for column in CSV_COLUMNS]


def catalogue_csv(rows: Iterable[dict[str, Any]]) -> HttpResponse:
    """The rows as CSV for Excel (``qms.spreadsheets``: BOM, titles, labels)."""
    return spreadsheets.csv_response(
        "thu-tuc-hanh-chinh.csv",
        list(CSV_COLUMNS.values()),
        (_csv_values(row) for row in rows),
        stream=False,  # the page cache keeps it (MAX_DOWNLOAD rows at most)
    )


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
