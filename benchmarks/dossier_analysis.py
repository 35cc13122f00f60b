"""pandas against the pure-Python KPI paths, on SQLite, with the same data.

One command (no server needed: SQLite in ``build/bench/``)::

    .venv/bin/python benchmarks/dossier_analysis.py \
        [--communes 100] [--months 24] [--per-month 200] [--repeat 5]

It creates (or reuses) ``build/bench/analysis-<communes>-<months>-<per-month>
.sqlite3``, migrates it, loads the units of province 36 (legacy and current,
with the 2025 successors) and writes ``per-month`` dossiers for each of
``communes`` legacy communes in each of the ``months`` months up to 30/06/2025.
Then, for the three places where a data frame could do the work (issue 10):

1. the multi-period analysis behind the dashboards and the management review
   (``audits.dossiers.analysis.monthly_trend``: days rolled up into months);
2. the 2025 regroup of a Form 06 report onto today's units
   (``audits.dossiers.kpi._regroup``: rows summed by successor unit);
3. the Python-path (SQLite) Form 06 counts
   (``audits.dossiers.kpi.form06_counts_rows``: one SQL aggregation), against
   loading the population into a frame and counting there;

it runs the code of the product and a pandas version of it on the same
database, checks they return the same figures, and prints the best of
``repeat`` runs side by side; then the cost of importing pandas itself. The
pandas versions live here, not in the product (docs/dossier-kpis.md says why):
run ``.venv/bin/pip install pandas`` first if the environment has no pandas.
These are measurements, not tests: nothing here asserts.
"""

import argparse
import datetime
import os
import random
import subprocess
import sys
import time
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "build" / "bench"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
sys.path.insert(0, str(ROOT))

PARSER = argparse.ArgumentParser(description=__doc__.splitlines()[0])
PARSER.add_argument("--communes", type=int, default=100)
PARSER.add_argument("--months", type=int, default=24)
PARSER.add_argument("--per-month", type=int, default=200)
PARSER.add_argument("--repeat", type=int, default=5)
PARSER.add_argument("--units", type=int, default=10_000)
ARGS = PARSER.parse_args()
BUILD.mkdir(parents=True, exist_ok=True)
DATABASE = BUILD / f"analysis-{ARGS.communes}-{ARGS.months}-{ARGS.per_month}.sqlite3"
FRESH = not DATABASE.exists()
os.environ["DATABASE_URL"] = f"sqlite:///{DATABASE}"

import django

django.setup()

import pandas as pd
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import Q

from audits.dossiers import kpi
from audits.dossiers.analysis import monthly_trend
from audits.dossiers.choices import Outcome
from audits.dossiers.kpi import (
    COUNT_COLUMNS,
    count_of,
    form06_counts_rows,
    form06_report,
    percent,
)
from audits.dossiers.models import Dossier
from audits.dossiers.services import LOCAL_TZ, DossierRecord, dossiers_upsert
from audits.dossiers.succession import current_unit_map
from qms.organisation.models import LEGACY_END, AdministrativeUnit
from qms.organisation.unit_loader import units_load

LAST_MONTH = datetime.date(2025, 6, 1)  # the legacy communes' last month


# --- the pandas versions (same inputs, same outputs as the product's) --------


def monthly_trend_pandas(
    *, date_from: datetime.date, date_to: datetime.date, unit_ids: set[int] | None
) -> list[dict]:
    """``monthly_trend`` with the same two SQL queries, rolled up by pandas."""
    base = Dossier.objects.all()
    if unit_ids is not None:
        base = base.filter(unit_id__in=unit_ids)
    received = pd.DataFrame.from_records(
        base.filter(received_on__range=(date_from, date_to))
        .values_list("received_on")
        .annotate(n=count_of())
        .order_by(),
        columns=["day", "received"],
    )
    resolved = pd.DataFrame.from_records(
        base.filter(
            closed_on__range=(date_from, date_to),
            outcome__in=[Outcome.EARLY, Outcome.ON_TIME, Outcome.LATE],
        )
        .values_list("closed_on")
        .annotate(n=count_of(), in_time=count_of(~Q(outcome=Outcome.LATE)))
        .order_by(),
        columns=["day", "resolved", "in_time"],
    )
    months = pd.period_range(date_from, date_to, freq="M")
    frames = [
        frame.groupby(pd.PeriodIndex(pd.to_datetime(frame.pop("day")), freq="M"))
        .sum()
        .reindex(months, fill_value=0)
        for frame in (received, resolved)
    ]
    table = pd.concat(frames, axis=1).fillna(0).astype("int64")
    return [
        {
            "month": period.start_time.date(),
            "received": int(row.received),
            "resolved": int(row.resolved),
            "in_time": int(row.in_time),
            "on_time_rate": percent(int(row.in_time), int(row.resolved)),
        }
        for period, row in zip(table.index, table.itertuples(), strict=True)
    ]


def regroup_pandas(
    counts: dict[int, dict], from_totals: set[int], unit: AdministrativeUnit | None
) -> tuple[dict[int, dict], set[int]]:
    """``kpi._regroup`` as a frame summed by successor (unknown stays unknown)."""
    mapping = current_unit_map(set(counts))
    keep = unit.descendant_ids() if unit is not None else None
    if not counts:
        return {}, set()
    frame = pd.DataFrame.from_dict(counts, orient="index", columns=COUNT_COLUMNS)
    frame = frame.astype("Int64")
    frame["target"] = frame.index.map(mapping)
    if keep is not None:
        frame = frame[frame["target"].isin(keep)]
    merged = frame.groupby("target", sort=False).sum(skipna=False)
    rows = {
        int(target): {
            key: None if pd.isna(value) else int(value)
            for key, value in zip(COUNT_COLUMNS, values, strict=True)
        }
        for target, values in zip(
            merged.index, merged.itertuples(index=False), strict=True
        )
    }
    totals = {mapping[pk] for pk in from_totals if mapping[pk] in rows}
    return rows, totals


def form06_counts_pandas(
    *, date_from: datetime.date, date_to: datetime.date, unit_ids: set[int] | None
) -> dict[int, dict[str, int]]:
    """``form06_counts_rows`` by loading the population into a frame.

    The dates arrive as ``datetime.date`` objects and become datetime64.
    """
    queryset = Dossier.objects.filter(
        Q(closed_on__isnull=True) | Q(closed_on__gte=date_from),
        received_on__lte=date_to,
    )
    if unit_ids is not None:
        queryset = queryset.filter(unit_id__in=unit_ids)
    columns = ["unit_id", "received_on", "due_on", "closed_on", "channel"]
    columns += ["online_level", "outcome"]
    sql, params = queryset.values_list(*columns).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        frame = pd.DataFrame(cursor.fetchall(), columns=columns)
    for column in ("received_on", "due_on", "closed_on"):
        frame[column] = pd.to_datetime(frame[column])
    start, end = pd.Timestamp(date_from), pd.Timestamp(date_to)
    in_period = frame["received_on"] >= start
    closed_by_to = frame["closed_on"].notna() & (frame["closed_on"] <= end)
    open_at_to = ~closed_by_to
    flags = pd.DataFrame(
        {
            "unit_id": frame["unit_id"],
            "carried_over": ~in_period,
            "received": in_period,
            "received_direct": in_period & (frame["channel"] == "direct"),
            "received_online": in_period & (frame["channel"] == "online"),
            "received_postal": in_period & (frame["channel"] == "postal"),
            "online_partial": in_period & (frame["online_level"] == "partial"),
            "online_full": in_period & (frame["online_level"] == "full"),
            "resolved_early": closed_by_to & (frame["outcome"] == Outcome.EARLY),
            "resolved_on_time": closed_by_to & (frame["outcome"] == Outcome.ON_TIME),
            "resolved_late": closed_by_to & (frame["outcome"] == Outcome.LATE),
            "withdrawn": closed_by_to & (frame["outcome"] == Outcome.WITHDRAWN),
            "pending_in_time": open_at_to & (frame["due_on"] >= end),
            "pending_overdue": open_at_to & (frame["due_on"] < end),
        }
    )
    sums = flags.groupby("unit_id").sum()
    sums["resolved"] = sums[
        ["resolved_early", "resolved_on_time", "resolved_late"]
    ].sum(axis=1)
    sums["pending"] = sums["pending_in_time"] + sums["pending_overdue"]
    return {
        int(pk): {key: int(value) for key, value in row.items()}
        for pk, row in sums.to_dict(orient="index").items()
    }


# --- data ---------------------------------------------------------------------


def _months(count: int) -> list[datetime.date]:
    first = LAST_MONTH
    months = [first]
    for _ in range(count - 1):
        first = (first - datetime.timedelta(days=1)).replace(day=1)
        months.append(first)
    return sorted(months)


def _setup(database: Path, communes: int, months: list[datetime.date], per: int):
    """Migrate, load province 36 and write the dossiers (once per database)."""
    call_command("migrate", verbosity=0)
    units_load(provinces=["36"], structure="both")
    chosen = list(
        AdministrativeUnit.objects.filter(
            level="commune", valid_to=LEGACY_END, parent__parent__code="36"
        ).order_by("code")[:communes]
    )
    if FRESH or not Dossier.objects.exists():
        rng = random.Random(10)  # noqa: S311 - benchmark data
        total = len(chosen) * len(months) * per
        print(f"  sinh {total:,} hồ sơ trong {database.name} ...", flush=True)
        started = time.perf_counter()
        batch: list[DossierRecord] = []
        number = 0
        with transaction.atomic():
            for unit in chosen:
                for month in months:
                    for _ in range(per):
                        number += 1
                        batch.append(_record(rng, number, unit.pk, month))
                        if len(batch) == 5000:
                            dossiers_upsert(batch, count=False)
                            batch = []
            dossiers_upsert(batch, count=False)
        print(f"  ({time.perf_counter() - started:.0f} s)", flush=True)
    return chosen


def _record(rng: random.Random, number: int, unit_id: int, month: datetime.date):
    received = datetime.datetime(
        month.year, month.month, rng.randint(1, 28), 7 + rng.randrange(9), 30,
        tzinfo=LOCAL_TZ,
    )  # fmt: skip
    roll = rng.random()
    resolved = (
        None if roll < 0.03 else received + datetime.timedelta(days=rng.randint(0, 7))
    )
    channel = "online" if roll > 0.9 else ("postal" if roll > 0.88 else "direct")
    return DossierRecord(
        code=f"A{number:09d}",
        procedure_code="1.001193",
        unit_id=unit_id,
        channel=channel,
        online_level="full" if channel == "online" else "",
        received_at=received,
        due_at=received + datetime.timedelta(days=rng.randint(0, 5)),
        resolved_at=resolved,
        status="withdrawn" if roll < 0.005 else "",
    )


# --- measuring ----------------------------------------------------------------


def _best(fn, repeat: int):
    best, result = float("inf"), None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - started)
    return best, result


def _pandas_import_cost() -> tuple[float, float]:
    """Seconds and MB of resident memory that ``import pandas`` adds.

    In a fresh process that has imported Django; the current RSS (VmRSS), as
    a child's max RSS starts at its parent's.
    """
    probe = (
        "import re, time, django\n"
        "def rss():\n"
        "    status = open('/proc/self/status').read()\n"
        "    return int(re.search(r'VmRSS:\\s+(\\d+)', status).group(1)) / 1024\n"
        "before = rss(); started = time.perf_counter()\n"
        "import pandas\n"
        "print(time.perf_counter() - started, rss() - before)\n"
    )
    out = subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-c", probe], check=True, capture_output=True, text=True
    ).stdout.split()
    return float(out[0]), float(out[1])


def main() -> None:
    """Build or reuse the database, run both paths, print the table."""
    args = ARGS
    months = _months(args.months)
    communes = _setup(DATABASE, args.communes, months, args.per_month)
    date_from, date_to = months[0], datetime.date(2025, 6, 30)
    scope = {unit.pk for unit in communes}
    legacy_province = AdministrativeUnit.objects.get(code="36", valid_to=LEGACY_END)
    province_now = AdministrativeUnit.objects.get(
        pk=current_unit_map({legacy_province.pk})[legacy_province.pk]
    )
    print(
        f"SQLite, {len(communes)} communes × {len(months)} months × "
        f"{args.per_month} = {Dossier.objects.count():,} dossiers, "
        f"{date_from:%d/%m/%Y}–{date_to:%d/%m/%Y}, best of {args.repeat}"
    )
    period = {"date_from": date_from, "date_to": date_to}
    counts = form06_counts_rows(**period, unit_ids=None)

    def report_with(regroup):
        with mock.patch.object(kpi, "_regroup", regroup):
            return form06_report(**period, unit=province_now, regroup_current=True)

    def sql_only():
        return _trend_sql(period, scope)

    def mapping_only():
        return current_unit_map(set(counts))

    def merge_alone(regroup):
        """The merge by itself over ``--units`` synthetic rows (a whole country's
        legacy communes, about seven per successor), the unit graph stubbed."""
        rng = random.Random(3)  # noqa: S311 - benchmark data
        many = {
            pk: {key: rng.randrange(500) for key in COUNT_COLUMNS}
            for pk in range(args.units)
        }
        stub = {pk: pk // 7 for pk in many}

        def run():
            with (
                mock.patch.object(kpi, "current_unit_map", lambda _ids: stub),
                mock.patch(f"{__name__}.current_unit_map", lambda _ids: stub),
            ):
                return regroup(many, set(), None)

        return run

    cases = [
        (
            "monthly trend (dashboards, review)",
            lambda: monthly_trend(**period, unit_ids=scope),
            lambda: monthly_trend_pandas(**period, unit_ids=scope),
        ),
        ("  of which the SQL (both columns)", sql_only, sql_only),
        (
            "regroup onto 2025 units: the merge",
            lambda: kpi._regroup(counts, set(), province_now),
            lambda: regroup_pandas(counts, set(), province_now),
        ),
        ("  of which current_unit_map (both)", mapping_only, mapping_only),
        (
            f"  the merge alone, {args.units:,} units",
            merge_alone(kpi._regroup),
            merge_alone(regroup_pandas),
        ),
        (
            "Form 06 regrouped, whole report",
            lambda: report_with(kpi._regroup).all_rows(),
            lambda: report_with(regroup_pandas).all_rows(),
        ),
        (
            "Form 06 counts, SQLite path",
            lambda: form06_counts_rows(**period, unit_ids=scope),
            lambda: form06_counts_pandas(**period, unit_ids=scope),
        ),
    ]
    print(f"{'':38} {'Python':>10} {'pandas':>10} {'ratio':>7}  same result")
    for label, python, frame in cases:
        python_s, expected = _best(python, args.repeat)
        pandas_s, got = _best(frame, args.repeat)
        same = "yes" if got == expected else "NO"
        if python is frame:
            print(f"{label:38} {_ms(python_s):>10} {_ms(pandas_s):>10}")
            continue
        print(
            f"{label:38} {_ms(python_s):>10} {_ms(pandas_s):>10} "
            f"{pandas_s / python_s:>6.1f}×  {same}"
        )
    seconds, megabytes = _pandas_import_cost()
    print(f"import pandas in a fresh process: {_ms(seconds)}, +{megabytes:.0f} MB RSS")


def _trend_sql(period: dict, scope: set[int]) -> int:
    """Both trend queries run to the last row, nothing rolled up (row count)."""
    base = Dossier.objects.filter(unit_id__in=scope)
    received = (
        base.filter(received_on__range=(period["date_from"], period["date_to"]))
        .values("received_on")
        .annotate(n=count_of())
        .order_by()
    )
    resolved = (
        base.filter(
            closed_on__range=(period["date_from"], period["date_to"]),
            outcome__in=[Outcome.EARLY, Outcome.ON_TIME, Outcome.LATE],
        )
        .values("closed_on")
        .annotate(n=count_of(), in_time=count_of(~Q(outcome=Outcome.LATE)))
        .order_by()
    )
    return len(list(received)) + len(list(resolved))


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


if __name__ == "__main__":
    main()
