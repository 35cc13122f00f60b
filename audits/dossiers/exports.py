"""HTTP responses for Form 06 exports (CSV, XLSX, PDF), shared by both dashboards."""

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from audits.dossiers import kpi_export
from audits.dossiers.kpi import Form06Report
from qms.organisation.official import deployment_document
from qms.pdf import OfficialDocument, render_pdf_cached

EXPORT_FORMATS = ("csv", "xlsx", "pdf")


def form06_document(
    report: Form06Report, *, unit_label: str, request=None
) -> OfficialDocument:
    """The Decree 30 parts of the Form 06 report: the deployment's body issues
    it ("Số: .../BC-UBND"), dated the day it is printed, its head signs."""
    return deployment_document(
        request,
        kind=_("BÁO CÁO"),
        summary=_(
            "Tình hình, kết quả giải quyết thủ tục hành chính\n"
            "%(unit)s, từ ngày %(start)s đến ngày %(end)s"
        )
        % {
            "unit": unit_label,
            "start": f"{report.date_from:%d/%m/%Y}",
            "end": f"{report.date_to:%d/%m/%Y}",
        },
        document_type="BC",
        date=timezone.localdate(),
    )


def form06_filename(report: Form06Report, fmt: str = "pdf") -> str:
    """``mau06_<from>_<to>.<fmt>``."""
    return f"mau06_{report.date_from:%Y%m%d}_{report.date_to:%Y%m%d}.{fmt}"


def form06_pdf(
    data: dict, *, title: str, unit_label: str, before_render=None, request=None
) -> bytes:
    """The Form 06 report of ``data`` (``dashboard_data``) as an A4 PDF.

    Kept by its content (``render_pdf_cached``); ``before_render`` runs only
    when it must be made (the public page's rate limit).
    """
    report = data["report"]
    return render_pdf_cached(
        "audits/form06_pdf.html",
        {
            **data,
            "title": title,
            "unit_label": unit_label,
            "official": form06_document(report, unit_label=unit_label, request=request),
            "table": kpi_export.table_context(report),
            "denominators": kpi_export.denominators_note(),
        },
        before_render=before_render,
    )


def form06_export_response(
    fmt: str,
    data: dict,
    *,
    title: str,
    unit_label: str,
    before_render=None,
    request=None,
):
    """The report in ``data`` as a download; ``fmt`` is one of EXPORT_FORMATS.

    The PDF is kept by its content (``render_pdf_cached``); ``before_render``
    runs only when it must be made (the public page's rate limit).
    """
    report = data["report"]
    if fmt == "csv":
        # Titles, numbers and separator of the interface language, with a BOM
        # so that Excel opens the UTF-8 text with Vietnamese intact.
        response = HttpResponse(
            kpi_export.render_office_csv(report),
            content_type="text/csv; charset=utf-8",
        )
    elif fmt == "xlsx":
        response = HttpResponse(
            kpi_export.render_xlsx(report),
            content_type=(
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            ),
        )
    else:
        response = HttpResponse(
            form06_pdf(
                data,
                title=title,
                unit_label=unit_label,
                before_render=before_render,
                request=request,
            ),
            content_type="application/pdf",
        )
    response["Content-Disposition"] = (
        f'attachment; filename="{form06_filename(report, fmt)}"'
    )
    return response
