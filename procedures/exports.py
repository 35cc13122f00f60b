"""Views of the public catalogue, called by the page types' routes.

Short by design: parse the request, call selectors, render.
"""

import csv
import json

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from procedures.forms import CatalogueFilterForm
from procedures.models import CatalogueIndexPage, ProcedurePage, Sector
from procedures.selectors import (
    catalogue_filter_options,
    catalogue_procedures,
    procedure_row,
    procedures_filter,
    procedures_page,
    procedures_search,
)
from qms.choices import Channel
from qms.organisation.models import DeploymentSettings
from qms.pdf import render_pdf

PAGE_SIZE = 20
#: Open-data downloads are capped so that one request stays cheap.
MAX_DOWNLOAD = 5000


def _filtered(request: HttpRequest, index: CatalogueIndexPage):
    """The filter form and the matching procedures, ranked."""
    base = catalogue_procedures(index)
    sectors, agencies = catalogue_filter_options(base, index=index)
    form = CatalogueFilterForm(request.GET, sectors=sectors, agencies=agencies)
    queryset = procedures_filter(base, **form.filters())
    return form, procedures_search(queryset, form.query())


def catalogue_context(request: HttpRequest, index: CatalogueIndexPage) -> dict:
    """Context of the catalogue page: form, one page of results, the count."""
    form, queryset = _filtered(request, index)
    page_obj = procedures_page(queryset, request.GET.get("trang"), PAGE_SIZE)
    params = request.GET.copy()
    params.pop("trang", None)
    base_url = index.get_url(request) or ""
    return {
        "catalogue": index,
        "catalogue_path": base_url,
        "selects": form.selects(),
        "csv_url": base_url + index.reverse_subpage("csv").lstrip("/"),
        "json_url": base_url + index.reverse_subpage("json").lstrip("/"),
        "boards": [
            (name, base_url + index.reverse_subpage("board", args=[slug]).lstrip("/"))
            for slug, name in form.fields["linh_vuc"].choices
            if slug
        ],
        "form": form,
        "query": form.query(),
        "page_obj": page_obj,
        "result_count": page_obj.paginator.count,
        "filtered": any(form.filters().values()) or bool(form.query()),
        "querystring": params.urlencode(),
    }


def catalogue_csv(request: HttpRequest, index: CatalogueIndexPage) -> HttpResponse:
    """The matching procedures as CSV (UTF-8 with BOM, so Excel reads Vietnamese)."""
    _form, queryset = _filtered(request, index)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="thu-tuc-hanh-chinh.csv"'
    response.write("\ufeff")
    columns = [
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
    writer = csv.writer(response)
    writer.writerow(columns)
    for page in queryset[:MAX_DOWNLOAD]:
        row = procedure_row(page)
        row["processing_time"] = "; ".join(
            f"{Channel(c['channel']).label}: {c['processing_time']}"
            for c in row["channels"]
        )
        writer.writerow([_csv_safe(row[column]) for column in columns])
    return response


def _csv_safe(value) -> str:
    """Cell text that a spreadsheet will not run as a formula."""
    text = str(value)
    if text[:1] in ("=", "+", "-", "@"):
        return "'" + text
    return text


def catalogue_json(request: HttpRequest, index: CatalogueIndexPage) -> HttpResponse:
    """The matching procedures as JSON, in the import format plus labels and URL."""
    _form, queryset = _filtered(request, index)
    rows = [procedure_row(page) for page in queryset[:MAX_DOWNLOAD]]
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
        "font_weights": (400, 600, 700),
    }


def _pdf_response(
    request: HttpRequest, procedures: list, *, title: str, filename: str
) -> HttpResponse:
    context = _posting_context(request, procedures, title=title)
    response = HttpResponse(
        render_pdf("procedures/posting_pdf.html", context),
        content_type="application/pdf",
    )
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def procedure_print(request: HttpRequest, page: ProcedurePage) -> HttpResponse:
    """Print-friendly posting of one procedure."""
    context = _posting_context(request, [page], title=page.title)
    return HttpResponse(render_to_string("procedures/posting.html", context, request))


def procedure_pdf(request: HttpRequest, page: ProcedurePage) -> HttpResponse:
    """The posting of one procedure as an A4 PDF."""
    filename = f"niem-yet-{slugify(page.code)}.pdf"
    return _pdf_response(request, [page], title=page.title, filename=filename)


def posting_board_pdf(
    request: HttpRequest, index: CatalogueIndexPage, sector_slug: str
) -> HttpResponse:
    """Every live procedure of one field, one after another, as one A4 PDF."""
    sector = get_object_or_404(Sector, slug=sector_slug)
    procedures = list(
        catalogue_procedures(index)
        .filter(sector=sector)
        .prefetch_related("legal_texts")
        .order_by("search_name")
    )
    if not procedures:
        raise Http404
    return _pdf_response(
        request,
        procedures,
        title=_("Lĩnh vực %(name)s") % {"name": sector.name},
        filename=f"niem-yet-{sector.slug}.pdf",
    )
