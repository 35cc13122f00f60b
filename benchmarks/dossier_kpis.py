"""Dossier KPI benchmarks on PostgreSQL, printed side by side with the references.

One command (PostgreSQL at 127.0.0.1:5432, user postgres, trust auth)::

    .venv/bin/pip install -e '.[bench]'   # duckdb
    .venv/bin/python benchmarks/dossier_kpis.py \
        [--import-rows 1000000] [--report-rows 10000000] [--memory-rows 5000000]

It creates (or reuses) the database ``qms_bench``, migrates it and loads the
units of province 36, then measures:

1. ``import_dossiers`` of an N-row CSV against PostgreSQL's own ``COPY`` of the
   same file into a bare typed table (target: within 2×), into the empty
   table and again as updates, in a database of its own
   (``qms_bench_import``); and the floor of any import into this table: the
   COPY plus building its five indexes over the same rows;
2. the Form 06 report over M dossiers (one province, one year) against DuckDB
   computing the same table from the same rows (target: within 2×), and the
   admin dashboard for one commune (target: under 200 ms);
3. the peak memory (max RSS) of ``import_dossiers`` on a K-row file
   (target: under 300 MB), in a child process (the largest of the children
   so far: run with ``--import-rows 0`` for this file's figure alone).

Sizes can be lowered for a quick run (``--report-rows 1000000``). These are
measurements, not tests: nothing here asserts.
"""

import argparse
import csv
import datetime
import os
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

import django
import duckdb
import psycopg
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test import Client

from audits.dossiers.kpi import COUNT_COLUMNS, form06_counts, form06_report
from qms.organisation.models import LEGACY_END, AdministrativeUnit
from qms.organisation.unit_loader import units_load

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "build" / "bench"
DB_NAME = "qms_bench"
IMPORT_DB = "qms_bench_import"
BASE_URL = "postgres://postgres@127.0.0.1:5432"
os.environ.setdefault("DATABASE_URL", f"{BASE_URL}/{DB_NAME}")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
sys.path.insert(0, str(ROOT))


def _create_database() -> None:
    with psycopg.connect(f"{BASE_URL}/postgres", autocommit=True) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [DB_NAME]
        ).fetchone()
        if not exists:
            conn.execute(f"CREATE DATABASE {DB_NAME}")


def _setup() -> None:
    django.setup()
    call_command("migrate", verbosity=0)
    units_load(provinces=["36"], structure="both")


def _commune_codes() -> list[str]:
    return list(
        AdministrativeUnit.objects.filter(
            level="commune", valid_to=LEGACY_END, parent__parent__code="36"
        ).values_list("code", flat=True)
    )


def _write_csv(path: Path, rows: int) -> None:
    """A one-stop export: English headers, ISO local timestamps, 2021."""
    if path.exists():
        return
    rng = random.Random(6)  # noqa: S311 - benchmark data
    codes = _commune_codes()
    start = datetime.datetime(2021, 1, 1, 7, 30)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            [
                "dossier_code",
                "procedure_code",
                "unit_code",
                "channel",
                "online_level",
                "received_at",
                "due_at",
                "resolved_at",
                "status",
            ]
        )
        for i in range(rows):
            received = start + datetime.timedelta(minutes=rng.randrange(525_000))
            due = received + datetime.timedelta(days=rng.randint(0, 5))
            roll = rng.random()
            resolved = (
                ""
                if roll < 0.03
                else (received + datetime.timedelta(days=rng.randint(0, 7))).strftime(
                    "%Y-%m-%d %H:%M:%S"
                )
            )
            channel = "online" if roll > 0.9 else "direct"
            writer.writerow(
                [
                    f"B{i:09d}",
                    "1.001193",
                    rng.choice(codes),
                    channel,
                    "full" if channel == "online" else "",
                    received.strftime("%Y-%m-%d %H:%M:%S"),
                    due.strftime("%Y-%m-%d %H:%M:%S"),
                    resolved,
                    "withdrawn" if roll < 0.005 else "",
                ]
            )


def _timed(fn, repeat: int = 1) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - started)
    return best


def _import_database() -> str:
    """A database of its own for the import runs, so the report's rows stay."""
    with psycopg.connect(f"{BASE_URL}/postgres", autocommit=True) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [IMPORT_DB]
        ).fetchone()
        if not exists:
            conn.execute(f"CREATE DATABASE {IMPORT_DB}")
    url = f"{BASE_URL}/{IMPORT_DB}"
    env = dict(os.environ, DATABASE_URL=url)
    for args in (["migrate", "-v", "0"], ["load_units", "--province", "36"]):
        subprocess.run(  # noqa: S603 - our own manage.py
            [sys.executable, str(ROOT / "manage.py"), *args],
            check=True,
            env=env,
            stdout=subprocess.DEVNULL,
        )
    return url


def _sql(url: str, *statements: str) -> float:
    """Run statements on ``url``; seconds taken."""
    with psycopg.connect(url, autocommit=True) as conn:
        started = time.perf_counter()
        for statement in statements:
            conn.execute(statement)
        return time.perf_counter() - started


def _copy_bare(url: str, path: Path) -> float:
    """PostgreSQL's own COPY of the file into a bare typed table (the reference)."""
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("DROP TABLE IF EXISTS bench_copy")
        conn.execute(
            "CREATE TABLE bench_copy (dossier_code text, procedure_code text, "
            "unit_code text, channel text, online_level text, "
            "received_at timestamptz, due_at timestamptz, "
            "resolved_at timestamptz, status text)"
        )
        started = time.perf_counter()
        with (
            conn.cursor() as cursor,
            path.open("rb") as handle,
            cursor.copy(
                "COPY bench_copy FROM STDIN WITH (FORMAT csv, HEADER true)"
            ) as pg_copy,
        ):
            while chunk := handle.read(1 << 20):
                pg_copy.write(chunk)
        seconds = time.perf_counter() - started
        conn.execute("DROP TABLE bench_copy")
        return seconds


def bench_import(rows: int) -> list[tuple]:
    """import_dossiers against COPY of the same file into a bare table.

    In a database of its own (``qms_bench_import``): into the empty table,
    then the same file again (every row an update). The floor is what any
    import into this table costs at least: the COPY plus building the
    table's five indexes over the same rows (``REINDEX``).
    """
    path = BUILD / f"dossiers_{rows}.csv"
    _write_csv(path, rows)
    url = _import_database()
    table = "audits_dossier"
    copy_s = min(_copy_bare(url, path) for _ in range(3))
    _sql(url, f"TRUNCATE {table}")
    empty_s, empty_wall, _peak = _import_child(path, url)
    reindex_s = _sql(url, f"VACUUM ANALYZE {table}", f"REINDEX TABLE {table}")
    again_s, _wall, _peak = _import_child(path, url)
    changed = _changed_copy(path)
    changed_s, _wall, _peak = _import_child(changed, url)
    _sql(url, f"TRUNCATE {table}")
    floor = copy_s + reindex_s
    changed_share = 0.9  # the direct (non-online) rows of _write_csv
    return [
        ("Sàn: COPY + dựng 5 chỉ mục (REINDEX)", floor, "COPY vào bảng trống",
         copy_s, f"REINDEX {reindex_s:.2f} s"),
        (f"Nhập {rows:,} dòng vào bảng trống", empty_s, "COPY vào bảng trống",
         copy_s, f"{empty_wall:.1f} s kể cả khởi động"),
        (f"Nhập lại cùng tệp ({rows:,} dòng không đổi)", again_s,
         "COPY vào bảng trống", copy_s, ""),
        (f"Nhập lại, {changed_share:.0%} dòng đổi kênh nộp", changed_s,
         "COPY vào bảng trống", copy_s, ""),
    ]  # fmt: skip


def _changed_copy(path: Path) -> Path:
    """The same dossiers with the channel of every direct one changed to postal."""
    changed = path.with_name(path.stem + "_changed.csv")
    if not changed.exists():
        with path.open(encoding="utf-8") as src, changed.open("w") as out:
            for line in src:
                out.write(line.replace(",direct,", ",postal,", 1))
    return changed


_CHILD = """
import os, sys, time
import django
django.setup()
from django.core.management import call_command
started = time.perf_counter()
call_command("import_dossiers", sys.argv[1], stdout=open(os.devnull, "w"))
print(time.perf_counter() - started)
"""


def _import_child(path: Path, url: str | None = None) -> tuple[float, float, float]:
    """Run import_dossiers in a child process.

    Returns (seconds inside the command, wall seconds including Python and
    Django start-up, peak RSS of the child in MB).
    """
    env = dict(os.environ, DATABASE_URL=url) if url else os.environ
    started = time.perf_counter()
    done = subprocess.run(  # noqa: S603 - our own code
        [sys.executable, "-c", _CHILD, str(path)],
        check=True,
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    wall = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return float(done.stdout.strip().splitlines()[-1]), wall, peak


GENERATE_SQL = """
INSERT INTO audits_dossier (code, procedure_code, unit_id, channel, online_level,
    received_at, due_at, resolved_at, status, received_on, due_on, closed_on,
    outcome, updated_at)
SELECT 'G' || g, '1.001193', units[1 + (h %% cardinality(units))],
    CASE WHEN h %% 10 = 0 THEN 'online' WHEN h %% 97 = 0 THEN 'postal'
         ELSE 'direct' END,
    CASE WHEN h %% 10 = 0 THEN (CASE WHEN h %% 20 = 0 THEN 'full' ELSE 'partial' END)
         ELSE '' END,
    r_on + time '08:00', r_on + span + time '16:30',
    CASE WHEN c_on IS NULL THEN NULL ELSE c_on + time '10:00' END,
    CASE WHEN h %% 200 = 7 THEN 'withdrawn' ELSE '' END,
    r_on, r_on + span, c_on,
    CASE WHEN h %% 200 = 7 THEN 'withdrawn' WHEN c_on IS NULL THEN 'open'
         WHEN c_on < r_on + span THEN 'early' WHEN c_on = r_on + span THEN 'on_time'
         ELSE 'late' END,
    now()
FROM (
    SELECT g, h, r_on, span,
        CASE WHEN h %% 100 < 3 THEN NULL
             ELSE r_on + ((h / 7) %% (span + 2))::int END AS c_on
    FROM (
        SELECT g, (g * 2654435761) %% 1000003 AS h,
            date '2020-12-01' + (g %% 396)::int AS r_on, (1 + g %% 5)::int AS span
        FROM generate_series(%s, %s) AS g
    ) base
) data, (SELECT %s::bigint[] AS units) u
"""

DUCKDB_SQL = """
SELECT unit_id,
  count(*) FILTER (WHERE received_on < $f) AS carried_over,
  count(*) FILTER (WHERE received_on >= $f) AS received,
  count(*) FILTER (WHERE received_on >= $f AND channel = 'direct') AS received_direct,
  count(*) FILTER (WHERE received_on >= $f AND channel = 'online') AS received_online,
  count(*) FILTER (WHERE received_on >= $f AND channel = 'postal') AS received_postal,
  count(*) FILTER (WHERE received_on >= $f AND online_level = 'partial')
    AS online_partial,
  count(*) FILTER (WHERE received_on >= $f AND online_level = 'full') AS online_full,
  count(*) FILTER (WHERE closed_on <= $t AND outcome = 'early') AS resolved_early,
  count(*) FILTER (WHERE closed_on <= $t AND outcome = 'on_time') AS resolved_on_time,
  count(*) FILTER (WHERE closed_on <= $t AND outcome = 'late') AS resolved_late,
  count(*) FILTER (WHERE (closed_on IS NULL OR closed_on > $t) AND due_on >= $t)
    AS pending_in_time,
  count(*) FILTER (WHERE (closed_on IS NULL OR closed_on > $t) AND due_on < $t)
    AS pending_overdue,
  count(*) FILTER (WHERE closed_on <= $t AND outcome = 'withdrawn') AS withdrawn
FROM dossier
WHERE received_on <= $t AND (closed_on IS NULL OR closed_on >= $f)
  AND unit_id IN (SELECT unnest($units))
GROUP BY unit_id
"""


def bench_report(rows: int, import_file: Path | None = None) -> list[tuple]:
    """Form 06 for province 36, year 2021, over ``rows`` dossiers, vs DuckDB.

    With ``import_file``, also imports it into the table at that size.
    """
    province = AdministrativeUnit.objects.get(
        code="36", level="province", valid_to=LEGACY_END
    )
    units = sorted(province.descendant_ids())
    communes = list(
        AdministrativeUnit.objects.filter(pk__in=units, level="commune").values_list(
            "pk", flat=True
        )
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM audits_dossier WHERE code LIKE 'G%%'")
        have = cursor.fetchone()[0]
    if have != rows:
        print(f"  sinh {rows:,} hồ sơ trong PostgreSQL ...", flush=True)
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM audits_dossier")
            step = 1_000_000
            for first in range(1, rows + 1, step):
                last = min(first + step - 1, rows)
                cursor.execute(GENERATE_SQL, [first, last, communes])
    with connection.cursor() as cursor:
        # what autovacuum does in production: sets the visibility map that
        # index-only scans need
        cursor.execute("VACUUM ANALYZE audits_dossier")
    start, end = datetime.date(2021, 1, 1), datetime.date(2021, 12, 31)

    def ours():
        return form06_report(date_from=start, date_to=end, unit=province)

    ours()  # warm the cache, as DuckDB's table is in memory
    ours_s = _timed(ours, repeat=3)
    parquet = BUILD / f"report_{rows}.csv"
    if not parquet.exists():
        with (
            connection.cursor() as cursor,
            parquet.open("wb") as handle,
            cursor.cursor.copy(
                "COPY (SELECT unit_id, channel, online_level, received_on, due_on, "
                "closed_on, outcome FROM audits_dossier) TO STDOUT WITH (FORMAT csv)"
            ) as pg_copy,
        ):
            for chunk in pg_copy:
                handle.write(chunk)
    duck = duckdb.connect()
    duck.execute(
        "CREATE TABLE dossier AS SELECT * FROM read_csv(?, header=false, columns={"
        "'unit_id': 'BIGINT', 'channel': 'VARCHAR', 'online_level': 'VARCHAR', "
        "'received_on': 'DATE', 'due_on': 'DATE', 'closed_on': 'DATE', "
        "'outcome': 'VARCHAR'})",
        [str(parquet)],
    )
    params = {"f": start, "t": end, "units": units}
    duck_rows = {}

    def theirs():
        duck_rows.clear()
        for row in duck.execute(DUCKDB_SQL, params).fetchall():
            duck_rows[row[0]] = row[1:]

    theirs()
    duck_s = _timed(theirs, repeat=3)
    counts = form06_counts(date_from=start, date_to=end, unit_ids=set(units))
    keys = [k for k in COUNT_COLUMNS if k not in ("resolved", "pending")]
    same = {pk: tuple(c[k] for k in keys) for pk, c in counts.items()} == duck_rows
    admin, _created = get_user_model().objects.get_or_create(
        username="bench", defaults={"is_superuser": True, "is_staff": True}
    )
    client = Client()
    client.force_login(admin)
    commune = AdministrativeUnit.objects.get(pk=communes[0])
    url = "/admin/dossiers/dashboard/"
    query = {"date_from": "2021-01-01", "date_to": "2021-12-31", "unit": commune.pk}
    client.get(url, query)
    dash_s = _timed(lambda: client.get(url, query), repeat=5)
    extra = []
    if import_file is not None:
        # a million new dossiers into the table at this size: its indexes are
        # maintained row by row (a third of the table would rebuild them)
        copy_s = min(_copy_bare(os.environ["DATABASE_URL"], import_file)
                     for _ in range(2))  # fmt: skip
        into_s, _wall, _peak = _import_child(import_file)
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM audits_dossier WHERE code LIKE 'B%%'")
            cursor.execute("VACUUM ANALYZE audits_dossier")
        extra.append(
            (f"Nhập 1 triệu dòng vào bảng đã có {rows // 1_000_000} triệu", into_s,
             "COPY vào bảng trống", copy_s, "chỉ mục cập nhật từng dòng")
        )  # fmt: skip
    return extra + [
        (f"Mẫu 06, {rows:,} hồ sơ, tỉnh 36, năm 2021", ours_s, "DuckDB, cùng dữ liệu",
         duck_s, "cùng số liệu" if same else "SỐ LIỆU KHÁC NHAU"),
        (f"Bảng điều khiển một xã ({commune.code})", dash_s, "mục tiêu", 0.2, ""),
    ]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--import-rows", type=int, default=1_000_000)
    parser.add_argument("--report-rows", type=int, default=10_000_000)
    parser.add_argument("--memory-rows", type=int, default=5_000_000)
    args = parser.parse_args()
    BUILD.mkdir(parents=True, exist_ok=True)
    _create_database()
    _setup()
    print(f"{'phép đo':<48}{'Một Cửa QMS':>14}  {'tham chiếu':<24}{'giây':>10}"
          f"{'tỷ lệ':>8}  ghi chú", flush=True)  # fmt: skip
    if args.import_rows:
        _print(bench_import(args.import_rows))
    if args.memory_rows:
        path = BUILD / f"dossiers_{args.memory_rows}.csv"
        _write_csv(path, args.memory_rows)
        seconds, _wall, peak = _import_child(path, _import_database())
        # ru_maxrss of children is the largest of all children so far: run with
        # --import-rows 0 for this file's figure alone.
        row = (f"Nhập {args.memory_rows:,} dòng: RSS đỉnh (MB)", peak,
               "mục tiêu (MB)", 300.0, f"{seconds:.0f} giây")  # fmt: skip
        _print([row], unit="MB")
    if args.report_rows:
        import_file = None
        if args.import_rows:
            import_file = BUILD / f"dossiers_{args.import_rows}.csv"
        _print(bench_report(args.report_rows, import_file))


def _print(results: list[tuple], unit: str = "s") -> None:
    for name, ours, ref_name, ref, note in results:
        print(f"{name:<48}{ours:>13.3f}{unit}  {ref_name:<24}{ref:>9.3f}{unit}"
              f"{ours / ref:>7.1f}×  {note}", flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
