"""Satisfaction surveys and the one-stop evaluation rating (Circular 01/2018).

Surveys give a satisfaction rate per unit and period. The evaluation records
nine indicators, each scored 0–2 points (18 at most), and derives the rating
with the thresholds of Circular 01/2018/TT-VPCP Art. 15 (DOMAIN.md): from 15
points xuất sắc, from 12 tốt, from 9 khá, from 6 trung bình, below 6 yếu.
Both import from CSV or XLSX, all or nothing, upserting by unit and period.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audits.dossiers.choices import SATISFIED_LEVELS, Rating
from audits.dossiers.imports import UnitResolver, parse_moment
from audits.dossiers.kpi import percent
from audits.dossiers.models import (
    DossierRating,
    OneStopEvaluation,
    SatisfactionSurvey,
)
from audits.dossiers.tables import (
    RowError,
    RowReport,
    cell_text,
    read_table,
)
from audits.dossiers.totals import parse_count

#: The nine indicators (Decree 61/2018/NĐ-CP Art. 33, scored per Circular
#: 01/2018/TT-VPCP), in order.
INDICATORS = [
    gettext_lazy("Tổng thời gian giải quyết so với thời gian tối đa theo quy định"),
    gettext_lazy("Thời gian thực hiện của từng cơ quan, đơn vị tham gia giải quyết"),
    gettext_lazy("Số lần phải liên hệ với nơi tiếp nhận để hoàn thiện hồ sơ"),
    gettext_lazy("Số cơ quan, đơn vị, tổ chức phải liên hệ để hoàn thiện hồ sơ"),
    gettext_lazy("Việc thực hiện dịch vụ công trực tuyến"),
    gettext_lazy("Tính đúng quy định của kết quả giải quyết"),
    gettext_lazy("Công khai thủ tục hành chính"),
    gettext_lazy("Tiếp nhận, xử lý phản ánh, kiến nghị"),
    gettext_lazy("Mức độ hài lòng của tổ chức, cá nhân"),
]
MAX_POINTS = Decimal(2)

#: (lowest total, rating), highest first.
RATING_THRESHOLDS = [
    (Decimal(15), Rating.EXCELLENT),
    (Decimal(12), Rating.GOOD),
    (Decimal(9), Rating.FAIR),
    (Decimal(6), Rating.AVERAGE),
]


def satisfaction_figures(
    *,
    unit_ids: set[int] | list[int],
    period_from: datetime.date,
    period_to: datetime.date,
) -> dict[str, int | Decimal | None]:
    """Respondents, satisfied, complaints and the satisfaction rate (%) of the
    surveys of ``unit_ids`` that overlap the period, with the online answers.

    The one read of satisfaction figures: the management review pack, the
    quality objectives and the dashboard all count through it, so every source
    of answers is counted the same way everywhere: imported surveys (by their
    period) and the online answers given after a dossier (``DossierRating``,
    by the dossier's receiving unit and the day of the answer; "rất hài lòng"
    and "hài lòng" count as satisfied). ``online`` says how many of the
    respondents answered online. ``None`` where nothing covers the period.
    """
    ids = list(unit_ids)
    totals = SatisfactionSurvey.objects.filter(
        unit_id__in=ids,
        period_from__lte=period_to,
        period_to__gte=period_from,
    ).aggregate(
        respondents=Sum("respondents"),
        satisfied=Sum("satisfied"),
        complaints=Sum("complaints"),
    )
    online = DossierRating.objects.filter(
        dossier__unit_id__in=ids, answered_on__range=(period_from, period_to)
    ).aggregate(
        answers=Count("pk"),
        satisfied=Count("pk", filter=Q(level__in=SATISFIED_LEVELS)),
    )
    totals["online"] = online["answers"]
    if online["answers"]:
        totals["respondents"] = (totals["respondents"] or 0) + online["answers"]
        totals["satisfied"] = (totals["satisfied"] or 0) + online["satisfied"]
    totals["rate"] = percent(totals["satisfied"], totals["respondents"])
    return totals


def rating_for(total: Decimal) -> str:
    """The Art. 15 rating of a total score (0–18)."""
    for lowest, rating in RATING_THRESHOLDS:
        if total >= lowest:
            return rating
    return Rating.WEAK


@transaction.atomic
def evaluation_record(
    *,
    unit_id: int,
    period_from: datetime.date,
    period_to: datetime.date,
    scores: list[Decimal],
    source: str = "",
) -> OneStopEvaluation:
    """Store the nine scores of a unit and period with their total and rating."""
    if len(scores) != len(INDICATORS):
        raise ValueError("nine scores expected")
    total = sum(scores, Decimal(0)).quantize(Decimal("0.01"))
    evaluation, _created = OneStopEvaluation.objects.update_or_create(
        unit_id=unit_id,
        period_from=period_from,
        period_to=period_to,
        defaults={
            **{f"indicator_{i}": s for i, s in enumerate(scores, start=1)},
            "total": total,
            "rating": rating_for(total),
            "source": source,
        },
    )
    return evaluation


@transaction.atomic
def survey_record(
    *,
    unit_id: int,
    period_from: datetime.date,
    period_to: datetime.date,
    respondents: int,
    satisfied: int,
    complaints: int = 0,
    source: str = "",
) -> SatisfactionSurvey:
    """Store a unit's survey result for a period with its satisfaction rate."""
    survey, _created = SatisfactionSurvey.objects.update_or_create(
        unit_id=unit_id,
        period_from=period_from,
        period_to=period_to,
        defaults={
            "respondents": respondents,
            "satisfied": satisfied,
            "complaints": complaints,
            "satisfaction_rate": percent(satisfied, respondents),
            "source": source,
        },
    )
    return survey


SURVEY_HEADERS = {
    "unit_code": ("unit_code", "ma_don_vi"),
    "period_from": ("period_from", "tu_ngay"),
    "period_to": ("period_to", "den_ngay"),
    "respondents": ("respondents", "so_phieu"),
    "satisfied": ("satisfied", "hai_long"),
    "complaints": ("complaints", "phan_anh_kien_nghi"),
    **{
        f"indicator_{i}": (f"indicator_{i}", f"chi_so_{i}")
        for i in range(1, len(INDICATORS) + 1)
    },
}


@dataclass
class SatisfactionReport(RowReport):
    """Rows read, errors (nothing written then), surveys and evaluations written."""

    surveys: int = 0
    evaluations: list[tuple[str, Decimal, str]] = field(default_factory=list)


#: The largest count a survey stores (PositiveIntegerField).
MAX_RESPONDENTS = 2_147_483_647


def _int(value, column: str, *, required: bool) -> int | None:
    number = parse_count(value, column, maximum=MAX_RESPONDENTS)
    if number is None and required:
        raise RowError(column, _("thiếu giá trị"))
    return number


def _score(value, column: str) -> Decimal | None:
    text = str(value if value is not None else "").strip().replace(",", ".")
    if text == "":
        return None
    try:
        score = Decimal(text)
    except InvalidOperation:
        raise RowError(column, _("không phải số: %(v)r") % {"v": value}) from None
    # NaN and infinities are Decimals too: NaN cannot even be compared.
    if not score.is_finite():
        raise RowError(column, _("không phải số: %(v)r") % {"v": value})
    if not Decimal(0) <= score <= MAX_POINTS:
        raise RowError(column, _("điểm phải từ 0 đến 2"))
    # The indicators are stored with two decimals; the total must add up
    # what is stored, not a longer number rounded away on save.
    if score != score.quantize(Decimal("0.01")):
        raise RowError(column, _("điểm có tối đa hai chữ số thập phân"))
    return score


def _day(value, column: str) -> datetime.date:
    try:
        return parse_moment(value).date()
    except (ValueError, TypeError):
        raise RowError(column, _("ngày không hợp lệ %(v)r") % {"v": value}) from None


def _parse(cells: dict, units: UnitResolver) -> tuple:
    start = _day(cells.get("period_from"), "period_from")
    end = _day(cells.get("period_to"), "period_to")
    if end < start:
        raise RowError("period_to", _("đến ngày trước từ ngày"))
    code = cell_text(cells.get("unit_code"))
    if not code:
        raise RowError("unit_code", _("thiếu mã đơn vị"))
    unit_id = units.resolve(code, start)
    respondents = _int(cells.get("respondents"), "respondents", required=False)
    survey = None
    if respondents is not None:
        satisfied = _int(cells.get("satisfied"), "satisfied", required=True)
        if satisfied > respondents:
            raise RowError("satisfied", _("số hài lòng lớn hơn số phiếu"))
        complaints = _int(cells.get("complaints"), "complaints", required=False) or 0
        survey = (respondents, satisfied, complaints)
    scores = [
        _score(cells.get(f"indicator_{i}"), f"indicator_{i}")
        for i in range(1, len(INDICATORS) + 1)
    ]
    given = [s for s in scores if s is not None]
    if given and len(given) != len(scores):
        missing = next(i for i, s in enumerate(scores, start=1) if s is None)
        raise RowError(f"indicator_{missing}", _("cần đủ chín chỉ số"))
    if survey is None and not given:
        raise RowError("respondents", _("không có số liệu khảo sát hay chỉ số nào"))
    return code, unit_id, start, end, survey, (scores if given else None)


def satisfaction_import(
    path: Path,
    *,
    dry_run: bool = False,
    allowed_unit_ids: set[int] | None = None,
) -> SatisfactionReport:
    """Survey results and/or the nine indicators per unit and period.

    ``allowed_unit_ids`` (a commune officer's units) makes a row of another
    unit a located error; ``None`` allows every unit.
    """
    report = SatisfactionReport()
    table = read_table(path, SURVEY_HEADERS, ("unit_code", "period_from", "period_to"))
    units = UnitResolver(allowed_unit_ids)
    parsed = []
    for number, cells in table.rows:
        report.rows += 1
        try:
            parsed.append(_parse(cells, units))
        except RowError as error:
            report.refuse(table, number, error)
    if not report.ok or dry_run:
        return report
    with transaction.atomic():
        for code, unit_id, start, end, survey, scores in parsed:
            common = {"unit_id": unit_id, "period_from": start, "period_to": end}
            if survey:
                respondents, satisfied, complaints = survey
                survey_record(
                    **common,
                    respondents=respondents,
                    satisfied=satisfied,
                    complaints=complaints,
                    source=path.name,
                )
                report.surveys += 1
            if scores:
                evaluation = evaluation_record(
                    **common, scores=scores, source=path.name
                )
                report.evaluations.append(
                    (code, evaluation.total, evaluation.get_rating_display())
                )
    return report
