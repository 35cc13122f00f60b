"""Dossier KPIs: the Form 06 report (Circular 01/2020/TT-VPCP) and dashboard figures.

Definitions are DOMAIN.md's, for a period [from, to] of local dates:

- carried over: received before ``from``, not closed before ``from``;
- received: received within the period, split by channel and online level;
- resolved early / on time / late: closed within the period as resolved,
  resolution date before / equal to / after the due date;
- pending in time / overdue: not closed by ``to``, due date >= ``to`` / < ``to``;
- withdrawn: withdrawn or returned within the period, never resolved.

Every dossier received by ``to`` and not closed before ``from`` is counted
exactly once on each side, so carried_over + received = resolved + pending +
withdrawn holds for every row by construction (tests prove it on random data).
Counts come from one SQL aggregation over stored derived columns (on
PostgreSQL over the daily roll-ups its triggers keep, migration 0008); Python
only sums a few rows per unit.
"""

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection
from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audits.dossiers.choices import Outcome
from audits.dossiers.models import Dossier, DossierTotal
from audits.dossiers.rollups import form06_counts_rollup
from audits.dossiers.succession import current_unit_map, with_predecessors
from qms.choices import Channel, OnlineLevel
from qms.organisation.choices import UnitLevel
from qms.organisation.models import AdministrativeUnit

FORM06_COLUMNS = [
    "unit_code",
    "unit_name",
    "carried_over",
    "received",
    "received_direct",
    "received_online",
    "received_postal",
    "online_partial",
    "online_full",
    "resolved",
    "resolved_early",
    "resolved_on_time",
    "resolved_late",
    "pending",
    "pending_in_time",
    "pending_overdue",
    "withdrawn",
    "on_time_rate",
    "progress_rate_766",
    "online_rate",
]
COUNT_COLUMNS = FORM06_COLUMNS[2:17]
RATE_COLUMNS = FORM06_COLUMNS[17:]
TOTAL_CODE = "TOTAL"

#: Column titles for screens, PDF and XLSX, in the active language (the CSV,
#: JSON and terminal table keep the keys, which scripts rely on).
COLUMN_TITLES = {
    "unit_code": gettext_lazy("Mã đơn vị"),
    "unit_name": gettext_lazy("Tên đơn vị"),
    "carried_over": gettext_lazy("Kỳ trước chuyển sang"),
    "received": gettext_lazy("Tiếp nhận mới"),
    "received_direct": gettext_lazy("Trực tiếp"),
    "received_online": gettext_lazy("Trực tuyến"),
    "received_postal": gettext_lazy("Bưu chính"),
    "online_partial": gettext_lazy("TT một phần"),
    "online_full": gettext_lazy("TT toàn trình"),
    "resolved": gettext_lazy("Đã giải quyết"),
    "resolved_early": gettext_lazy("Trước hạn"),
    "resolved_on_time": gettext_lazy("Đúng hạn"),
    "resolved_late": gettext_lazy("Quá hạn"),
    "pending": gettext_lazy("Đang giải quyết"),
    "pending_in_time": gettext_lazy("Trong hạn"),
    "pending_overdue": gettext_lazy("Quá hạn (đang GQ)"),
    "withdrawn": gettext_lazy("Rút / trả lại"),
    "on_time_rate": gettext_lazy("Tỷ lệ đúng hạn (%)"),
    "progress_rate_766": gettext_lazy("Tiến độ QĐ 766 (%)"),
    "online_rate": gettext_lazy("Tỷ lệ trực tuyến (%)"),
}

_LEVEL_ORDER = {
    UnitLevel.PROVINCE: 0,
    UnitLevel.DISTRICT: 1,
    UnitLevel.COMMUNE: 2,
    UnitLevel.AGENCY: 3,
}


@dataclass
class Form06Report:
    """A computed report: rows per unit, the TOTAL row, and what it rests on."""

    date_from: datetime.date
    date_to: datetime.date
    rows: list[dict]
    total: dict
    #: unit codes whose row comes from imported totals, not dossier records
    from_totals: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def all_rows(self) -> list[dict]:
        """The unit rows followed by the TOTAL row."""
        return [*self.rows, self.total]


def count_of(condition: Q | None = None) -> Count:
    """COUNT of dossiers matching ``condition``.

    Counts ``received_on`` (never null) rather than the primary key, so that
    PostgreSQL can answer from the covering indexes without reading rows.
    """
    return Count("received_on", filter=condition)


def form06_counts(
    *,
    date_from: datetime.date,
    date_to: datetime.date,
    unit_ids: set[int] | None,
) -> dict[int, dict[str, int]]:
    """Count columns per unit id from dossier records, in one SQL query.

    ``unit_ids`` ``None`` means every unit. Units without any dossier in the
    period's population are absent. PostgreSQL sums the daily roll-ups that
    its triggers keep (migration 0008); SQLite counts the rows.
    """
    if date_from > date_to:
        raise ValueError("date_from after date_to")
    if connection.vendor == "postgresql":
        return form06_counts_rollup(
            date_from=date_from, date_to=date_to, unit_ids=unit_ids
        )
    return form06_counts_rows(date_from=date_from, date_to=date_to, unit_ids=unit_ids)


def form06_counts_rows(
    *,
    date_from: datetime.date,
    date_to: datetime.date,
    unit_ids: set[int] | None,
) -> dict[int, dict[str, int]]:
    """``form06_counts`` by counting the dossier rows themselves."""
    queryset = Dossier.objects.filter(
        Q(closed_on__isnull=True) | Q(closed_on__gte=date_from),
        received_on__lte=date_to,
    )
    if unit_ids is not None:
        queryset = queryset.filter(unit_id__in=unit_ids)
    in_period = Q(received_on__gte=date_from)
    closed_by_to = Q(closed_on__lte=date_to)
    open_at_to = Q(closed_on__isnull=True) | Q(closed_on__gt=date_to)
    aggregates = {
        "carried_over": count_of(Q(received_on__lt=date_from)),
        "received": count_of(in_period),
        "received_direct": count_of(in_period & Q(channel=Channel.DIRECT)),
        "received_online": count_of(in_period & Q(channel=Channel.ONLINE)),
        "received_postal": count_of(in_period & Q(channel=Channel.POSTAL)),
        "online_partial": count_of(in_period & Q(online_level=OnlineLevel.PARTIAL)),
        "online_full": count_of(in_period & Q(online_level=OnlineLevel.FULL)),
        "resolved_early": count_of(closed_by_to & Q(outcome=Outcome.EARLY)),
        "resolved_on_time": count_of(closed_by_to & Q(outcome=Outcome.ON_TIME)),
        "resolved_late": count_of(closed_by_to & Q(outcome=Outcome.LATE)),
        "withdrawn": count_of(closed_by_to & Q(outcome=Outcome.WITHDRAWN)),
        "pending_in_time": count_of(open_at_to & Q(due_on__gte=date_to)),
        "pending_overdue": count_of(open_at_to & Q(due_on__lt=date_to)),
    }
    result = {}
    for row in queryset.values("unit_id").annotate(**aggregates).order_by():
        counts = {key: row[key] for key in aggregates}
        counts["resolved"] = (
            counts["resolved_early"]
            + counts["resolved_on_time"]
            + counts["resolved_late"]
        )
        counts["pending"] = counts["pending_in_time"] + counts["pending_overdue"]
        result[row["unit_id"]] = counts
    return result


def _known_sum(*values: int | None) -> int | None:
    return None if any(v is None for v in values) else sum(values)


def fill_counts(counts: dict) -> dict:
    """Complete a row's sub-totals from their parts where the parts are known."""
    filled = {key: counts.get(key) for key in COUNT_COLUMNS}
    if filled["received"] is None:
        filled["received"] = _known_sum(
            filled["received_direct"],
            filled["received_online"],
            filled["received_postal"],
        )
    if filled["resolved"] is None:
        filled["resolved"] = _known_sum(
            filled["resolved_early"],
            filled["resolved_on_time"],
            filled["resolved_late"],
        )
    if filled["pending"] is None:
        filled["pending"] = _known_sum(
            filled["pending_in_time"], filled["pending_overdue"]
        )
    return filled


def percent(numerator: int | None, denominator: int | None) -> Decimal | None:
    """``numerator / denominator`` in percent with two decimals; ``None`` if 0."""
    if numerator is None or not denominator:
        return None
    value = Decimal(numerator) * 100 / Decimal(denominator)
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def rates(counts: dict) -> dict[str, Decimal | None]:
    """The three Form 06 rates (DOMAIN.md) of a row of counts.

    on-time = (early + on time) / resolved; Decision 766 progress =
    (early + on time + pending in time) / (resolved + pending); online =
    online / received. When early and on time are not known apart (imported
    totals), resolved − late stands for them.
    """
    in_time = _known_sum(counts["resolved_early"], counts["resolved_on_time"])
    if in_time is None and None not in (counts["resolved"], counts["resolved_late"]):
        in_time = counts["resolved"] - counts["resolved_late"]
    progress = _known_sum(in_time, counts["pending_in_time"])
    return {
        "on_time_rate": percent(in_time, counts["resolved"]),
        "progress_rate_766": percent(
            progress, _known_sum(counts["resolved"], counts["pending"])
        ),
        "online_rate": percent(counts["received_online"], counts["received"]),
    }


def balance_gap(counts: dict) -> int | None:
    """carried_over + received − (resolved + pending + withdrawn); 0 balances.

    Missing carried-over or withdrawn figures count as zero, as published
    reports leave them out; ``None`` when received, resolved or pending is
    unknown.
    """
    if None in (counts["received"], counts["resolved"], counts["pending"]):
        return None
    return (
        (counts["carried_over"] or 0)
        + counts["received"]
        - counts["resolved"]
        - counts["pending"]
        - (counts["withdrawn"] or 0)
    )


def resolve_unit(code: str, on: datetime.date) -> AdministrativeUnit:
    """The unit with ``code`` that existed on ``on`` (highest tier if several).

    Raises ``AdministrativeUnit.DoesNotExist`` when no unit matches.
    """
    units = list(AdministrativeUnit.objects.valid_on(on).filter(code=code))
    if not units:
        units = list(
            AdministrativeUnit.objects.filter(code=code).order_by("-valid_from")
        )
    if not units:
        raise AdministrativeUnit.DoesNotExist(code)
    return min(units, key=lambda u: _LEVEL_ORDER.get(u.level, 9))


def _sort_key(unit: AdministrativeUnit) -> tuple:
    return (_LEVEL_ORDER.get(unit.level, 9), unit.code)


def form06_report(
    *,
    date_from: datetime.date,
    date_to: datetime.date,
    unit: AdministrativeUnit | None = None,
    unit_ids: set[int] | None = None,
    regroup_current: bool = False,
) -> Form06Report:
    """The Form 06 table: one row per receiving unit, then ``TOTAL``.

    ``unit`` limits it to that unit and every unit below it; ``unit_ids``
    further limits it (a commune officer's scope). Units with no dossier
    record in the period fall back to imported totals for exactly this period,
    and the report says so. ``regroup_current`` sums the rows onto today's
    units through the successors (``unit`` is then a unit of today).
    """
    scope: set[int] | None = None
    if unit is not None:
        scope = unit.descendant_ids()
        if regroup_current:
            scope = with_predecessors(scope)
    if unit_ids is not None:
        scope = set(unit_ids) if scope is None else scope & set(unit_ids)
    counts = form06_counts(date_from=date_from, date_to=date_to, unit_ids=scope)
    notes: list[str] = []
    from_totals: set[int] = set()
    totals = DossierTotal.objects.filter(period_from=date_from, period_to=date_to)
    if scope is not None:
        totals = totals.filter(unit_id__in=scope)
    for total in totals:
        if total.unit_id in counts:
            notes.append(
                _(
                    "Đơn vị %(code)s có cả hồ sơ chi tiết và số liệu tổng hợp: "
                    "báo cáo dùng hồ sơ chi tiết."
                )
                % {"code": total.unit.code}
            )
            continue
        counts[total.unit_id] = fill_counts(
            {key: getattr(total, key) for key in COUNT_COLUMNS}
        )
        from_totals.add(total.unit_id)
    if regroup_current:
        counts, from_totals = _regroup(counts, from_totals, unit)
        notes.append(_("Số liệu được tổng hợp lại theo đơn vị hành chính hiện nay."))
    units = AdministrativeUnit.objects.in_bulk(list(counts))
    rows = []
    for pk in sorted(counts, key=lambda pk: _sort_key(units[pk])):
        row = {"unit_code": units[pk].code, "unit_name": units[pk].name}
        row.update(counts[pk])
        row.update(rates(counts[pk]))
        rows.append(row)
    total_counts = {
        key: _known_sum(*(counts[pk][key] for pk in counts)) if counts else 0
        for key in COUNT_COLUMNS
    }
    total = {"unit_code": TOTAL_CODE, "unit_name": _("Tổng cộng")}
    total.update(total_counts)
    total.update(rates(total_counts))
    codes = sorted(units[pk].code for pk in from_totals)
    if codes:
        notes.insert(
            0,
            _(
                "Số liệu của %(codes)s lấy từ báo cáo tổng hợp đã nhập, "
                "không tính từ hồ sơ chi tiết."
            )
            % {"codes": ", ".join(codes)},
        )
    return Form06Report(
        date_from=date_from,
        date_to=date_to,
        rows=rows,
        total=total,
        from_totals=codes,
        notes=notes,
    )


def _regroup(
    counts: dict[int, dict], from_totals: set[int], unit: AdministrativeUnit | None
) -> tuple[dict[int, dict], set[int]]:
    """Sum the rows onto today's units (``current_unit_map``), within ``unit``.

    A figure unknown in any merged row (imported totals) stays unknown.
    """
    mapping = current_unit_map(set(counts))
    keep = unit.descendant_ids() if unit is not None else None
    merged: dict[int, dict] = {}
    merged_totals: set[int] = set()
    for pk, row in counts.items():
        target = mapping[pk]
        if keep is not None and target not in keep:
            continue
        if pk in from_totals:
            merged_totals.add(target)
        into = merged.get(target)
        if into is None:
            merged[target] = dict(row)
            continue
        # In place, without _known_sum's generality: a country's 10,000 rows
        # merge in 11 ms instead of 59 (benchmarks/dossier_analysis.py).
        for key in COUNT_COLUMNS:
            known, more = into[key], row[key]
            into[key] = None if known is None or more is None else known + more
    return merged, merged_totals
