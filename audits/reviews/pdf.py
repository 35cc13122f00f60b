"""The management-review pack and record as A4 PDFs, with their charts."""

import re

from anyascii import anyascii
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from audits.reviews.models import ManagementReview
from audits.reviews.selectors import ReviewPack
from qms import charts
from qms.documents.services import RegisterHead
from qms.organisation.models import organisation_name
from qms.organisation.official import unit_document
from qms.pdf import OfficialDocument, Signer, render_pdf


def review_pack_charts(pack: ReviewPack) -> dict[str, SafeString | None]:
    """Inline SVG charts of a management-review pack, for its page and its PDF.

    The same ``qms.charts`` helpers as the dossier dashboard and its PDF
    export: no JavaScript, so WeasyPrint draws them as it draws the page. A
    chart with nothing to show is ``None``; the templates say so in words.
    """
    months = pack.kpi_months
    has_ncs = any(pack.nc_by_grade.values())
    return {
        "nc_grade": charts.count_bars_svg(
            list(pack.nc_by_grade.items()),
            title=_("Điểm không phù hợp theo mức độ"),
            colour=charts.RED,
        )
        if has_ncs
        else None,
        "nc_status": charts.count_bars_svg(
            list(pack.nc_by_status.items()),
            title=_("Điểm không phù hợp theo trạng thái"),
            colour=charts.GOLD,
        )
        if has_ncs
        else None,
        "actions": charts.count_bars_svg(
            list(pack.action_by_status.items()),
            title=_("Hành động khắc phục theo trạng thái"),
        )
        if any(pack.action_by_status.values())
        else None,
        "trend": charts.monthly_trend_svg(
            months,
            title=_("Hồ sơ tiếp nhận và đã giải quyết theo tháng"),
            labels=(_("Tiếp nhận"), _("Đã giải quyết")),
        )
        if any(m["received"] or m["resolved"] for m in months)
        else None,
        "on_time": charts.ranking_svg(
            [(f"{m['month']:%m/%Y}", m["on_time_rate"]) for m in months],
            title=_("Tỷ lệ giải quyết đúng hạn theo tháng"),
        )
        if any(m["resolved"] for m in months)
        else None,
    }


def review_document(
    pack: ReviewPack, *, review: ManagementReview | None = None
) -> OfficialDocument:
    """The Decree 30 parts of the pack: issued by the reviewed unit, dated the
    meeting (or the print day before it), signed by the chair when recorded,
    else by the unit's head or by hand."""
    signers = None
    if review is not None and review.chair:
        signers = (Signer(position=_("CHỦ TRÌ CUỘC HỌP"), name=review.chair),)
    return unit_document(
        pack.unit,
        kind=_("HỒ SƠ XEM XÉT CỦA LÃNH ĐẠO"),
        summary=_(
            "Hệ thống quản lý chất lượng theo TCVN ISO 9001:2015, điều 9.3\n"
            "Kỳ xem xét: từ ngày %(start)s đến ngày %(end)s"
        )
        % {
            "start": f"{pack.period_from:%d/%m/%Y}",
            "end": f"{pack.period_to:%d/%m/%Y}",
        },
        document_type="BC",
        date=(review.meeting_date if review else None) or timezone.localdate(),
        signers=signers,
    )


def management_review_pdf(
    pack: ReviewPack,
    *,
    review: ManagementReview | None = None,
    register: RegisterHead | None = None,
) -> bytes:
    """The management-review pack (ISO 9001:2015 9.3) as an A4 PDF.

    The inputs of ``pack`` (``inspection_selectors.review_pack``) in the
    order of the HTML pack, with charts; when ``review`` is given (the meeting
    was recorded), its chair, minutes and decisions with their progress too.
    A signed pack passes ``register`` (the document register's hash-chain
    head), printed at the end so that the chain is anchored on paper.
    """
    actions = list(review.actions.select_related("owner_unit")) if review else []
    return render_pdf(
        "audits/reviews/pdf/review.html",
        {
            "pack": pack,
            "official": review_document(pack, review=review),
            "charts": review_pack_charts(pack),
            "review": review,
            "actions": actions,
            "organisation": organisation_name(),
            "printed_at": timezone.localtime(),
            "today": timezone.localdate(),
            "register": register,
        },
    )


def review_pdf_filename(pack: ReviewPack) -> str:
    """``xem-xet-lanh-dao-<unit code>-<from>-<to>.pdf``, ASCII whatever the code."""
    code = re.sub(r"[^A-Za-z0-9-]+", "-", anyascii(pack.unit.code)).strip("-")
    return (
        f"xem-xet-lanh-dao-{code}-{pack.period_from:%Y%m%d}-{pack.period_to:%Y%m%d}.pdf"
    )
