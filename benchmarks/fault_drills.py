"""Fault drills against the real PostgreSQL, printed as a PASS/FAIL table.

One command (PostgreSQL 127.0.0.1:5432 user postgres with trust auth, Redis on
127.0.0.1:6379; run as a user that may restart PostgreSQL)::

    .venv/bin/python benchmarks/fault_drills.py [--only import,restart,backup]
        [--rows 600000] [--python-rows 150000] [--keep]

Each drill works on ``qms_drill``, a fresh copy of ``qms_drill_template``
(migrated, ``load_demo``, built once and kept for the next run; ``--drop``
removes it too), under production settings:

import
    ``manage.py import_dossiers`` of a generated file is SIGKILLed while it
    writes (seen in ``pg_locks``: it holds a write lock on ``audits_dossier``),
    once on PostgreSQL's COPY path (a CSV of ``--rows`` new dossiers, a large
    load that drops and rebuilds the indexes inside its transaction) and once
    on the Python path (a quoted header sends the file there; batches of 10,000
    in one transaction). PASS when, after the orphaned server process has
    ended, every table's row count and checksum and every index, constraint
    and trigger are as before, and a re-run imports every row and
    ``rebuild_dossier_rollups --check`` is clean. Sequences are not compared:
    PostgreSQL never rolls a sequence back, so gaps in ids are expected.
restart
    gunicorn (production settings, 2 workers) serves home, catalogue, a
    procedure page and the transparency page to 4 clients; PostgreSQL is
    restarted (``pg_ctlcluster ... restart``, fast shutdown) in the middle.
    PASS when no request that started after PostgreSQL accepted connections
    again failed, i.e. only requests in flight or arriving during the outage;
    run with persistent connections off (``DATABASE_CONN_MAX_AGE=0``) and on
    (60 s). PostgreSQL is started again whatever happens (finally + signals).
backup
    ``deploy/backup.sh`` of ``qms_drill``, then ``deploy/restore.sh`` into an
    empty ``qms_drill_restore`` and again into the now used one (the
    ``--clean`` path). PASS when every table's row count and checksum, every
    sequence, the schema, and both media trees are identical, every history
    table is listed equal, and ``verify_documents`` and
    ``rebuild_dossier_rollups --check`` are clean on the restored database.

Not a test suite: a drill that takes minutes and restarts the machine's
PostgreSQL (others' connections to it drop too).
"""

from __future__ import annotations

import argparse
import csv
import datetime
import hashlib
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent))
import prodstack  # noqa: E402 - beside this file
from prodstack import BUILD, ROOT, manage, sql  # noqa: E402

WORK_DB = "qms_drill"
RESTORED_DB = "qms_drill_restore"
PORT = 8711
BASH = shutil.which("bash") or "/bin/bash"


@dataclass
class Result:
    drill: str
    ok: bool
    figures: list[str] = field(default_factory=list)


# --- database snapshots ----------------------------------------------------


def table_sums(database: str) -> dict[str, tuple[int, str]]:
    """Every public table: (row count, md5 of its rows sorted as text)."""
    with psycopg.connect(prodstack.database_url(database), autocommit=True) as conn:
        names = [
            r[0]
            for r in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                "ORDER BY tablename"
            )
        ]
        sums = {}
        for name in names:
            count, digest = conn.execute(
                f"SELECT count(*), md5(coalesce(string_agg(t::text, E'\\n' "  # noqa: S608
                f"ORDER BY t::text), '')) FROM public.\"{name}\" t"
            ).fetchone()
            sums[name] = (count, digest)
        return sums


_CASTS = re.compile(r"::[a-z ]+(\[\])?|[()]")


def schema_sum(database: str) -> str:
    """md5 of every index, constraint and trigger definition (and enabled state)."""
    rows = sql(
        database,
        """
        SELECT 'i ' || indexname || ' ' || indexdef FROM pg_indexes
            WHERE schemaname = 'public'
        UNION ALL
        SELECT 'c ' || conrelid::regclass::text || ' ' || conname || ' '
               || pg_get_constraintdef(oid)
            FROM pg_constraint WHERE connamespace = 'public'::regnamespace
        UNION ALL
        SELECT 't ' || tgrelid::regclass::text || ' ' || tgname || ' '
               || tgenabled::text || ' ' || pg_get_triggerdef(oid)
            FROM pg_trigger WHERE NOT tgisinternal
        ORDER BY 1
        """,
    )
    # A restored CHECK (x IN (...)) deparses with its casts moved around:
    # compare the expressions without casts and parentheses.
    text = "\n".join(_CASTS.sub("", r[0]) for r in rows)
    return hashlib.md5(text.encode()).hexdigest()  # noqa: S324


def sequences(database: str) -> dict[str, int | None]:
    return dict(
        sql(
            database,
            "SELECT sequencename, last_value FROM pg_sequences "
            "WHERE schemaname = 'public'",
        )
    )


def differences(before: dict, after: dict) -> list[str]:
    keys = sorted(set(before) | set(after))
    return [k for k in keys if before.get(k) != after.get(k)]


def tree_sum(folder: Path) -> tuple[int, str]:
    """(files, md5 over every relative path and content) of a folder."""
    digest, files = hashlib.md5(), 0  # noqa: S324 - identity, not security
    if folder.is_dir():
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            files += 1
            digest.update(str(path.relative_to(folder)).encode() + b"\0")
            digest.update(path.read_bytes())
    return files, digest.hexdigest()


def rows_total(sums: dict) -> int:
    return sum(count for count, _ in sums.values())


# --- a: SIGKILL of an import ------------------------------------------------


def write_dossiers(path: Path, rows: int, prefix: str, *, quoted: bool) -> None:
    """``rows`` new dossiers of the demo's communes, 2021–2022, as one-stop CSV."""
    codes = [
        r[0]
        for r in sql(
            WORK_DB,
            "SELECT code FROM qms_administrativeunit WHERE level = 'commune' "
            "AND valid_to = '2025-06-30' ORDER BY code",
        )
    ]
    rng = random.Random(11)
    start = datetime.datetime(2021, 1, 1, 7, 30)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_MINIMAL)
        header = [
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
        if quoted:  # the COPY path refuses a quoted header: the Python path runs
            handle.write(",".join(f'"{h}"' for h in header) + "\n")
        else:
            writer.writerow(header)
        for i in range(rows):
            received = start + datetime.timedelta(minutes=rng.randrange(1_000_000))
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
                    f"{prefix}{i:08d}",
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


def _import_command(path: Path) -> tuple[list[str], dict]:
    env = prodstack.production_env(WORK_DB, PGAPPNAME="qms_drill_import")
    return [
        prodstack.PYTHON,
        str(ROOT / "manage.py"),
        "import_dossiers",
        str(path),
    ], env


def _writer_backend(conn) -> tuple[int, str] | None:
    """(pid, query) of the import's server process once it writes to dossiers."""
    return conn.execute(
        """
        SELECT a.pid, left(regexp_replace(a.query, '\\s+', ' ', 'g'), 70)
        FROM pg_stat_activity a JOIN pg_locks l ON l.pid = a.pid
        WHERE a.application_name = 'qms_drill_import'
          AND l.database = (
              SELECT oid FROM pg_database WHERE datname = current_database())
          AND l.relation = 'audits_dossier'::regclass
          AND l.mode <> 'AccessShareLock'
        LIMIT 1
        """
    ).fetchone()


def drill_import(label: str, path: Path, rows: int, kill_after: float) -> Result:
    result = Result(f"import killed halfway ({label})", ok=False)
    before, schema_before = table_sums(WORK_DB), schema_sum(WORK_DB)
    dossiers_before = before["audits_dossier"][0]
    command, env = _import_command(path)
    started = time.monotonic()
    process = subprocess.Popen(  # noqa: S603 - our own manage.py
        command, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    backend = None
    with psycopg.connect(prodstack.database_url(WORK_DB), autocommit=True) as conn:
        while process.poll() is None and backend is None:
            backend = _writer_backend(conn)
            if backend is None:
                time.sleep(0.05)
        if backend is None:
            result.figures.append(
                f"the import ended (exit {process.returncode}) before it was seen "
                "writing: use more rows"
            )
            return result
        writing_at = time.monotonic() - started
        time.sleep(kill_after)
        query = (_writer_backend(conn) or backend)[1]
        if process.poll() is not None:
            result.figures.append(
                f"the import finished (exit {process.returncode}) before the kill: "
                "use more rows"
            )
            return result
        process.send_signal(signal.SIGKILL)
        killed_at = time.monotonic() - started
        process.wait()
        # The server process only notices its client is gone at its next read
        # or write of the socket; the transaction aborts then.
        waited = time.monotonic()
        while conn.execute(
            "SELECT 1 FROM pg_stat_activity WHERE pid = %s", [backend[0]]
        ).fetchone():
            if time.monotonic() - waited > 600:
                result.figures.append(
                    "the server process was still running after 600 s"
                )
                return result
            time.sleep(0.1)
        orphan = time.monotonic() - waited
    after, schema_after = table_sums(WORK_DB), schema_sum(WORK_DB)
    changed = differences(before, after)
    schema_same = schema_before == schema_after
    result.figures.append(
        f"writing after {writing_at:.1f} s, SIGKILL at {killed_at:.1f} s in "
        f"“{query.strip()}…”; its server process ended {orphan:.1f} s later"
    )
    result.figures.append(
        f"after the kill: {len(after)} tables, {rows_total(after):,} rows, "
        + ("all identical" if not changed else f"CHANGED: {', '.join(changed[:5])}")
        + "; indexes/constraints/triggers "
        + ("identical" if schema_same else "CHANGED")
    )
    rerun_started = time.monotonic()
    rerun = subprocess.run(  # noqa: S603 - our own manage.py
        command, env=env, cwd=ROOT, capture_output=True, text=True
    )
    rerun_seconds = time.monotonic() - rerun_started
    dossiers_after = sql(WORK_DB, "SELECT count(*) FROM audits_dossier")[0][0]
    check = manage(WORK_DB, "rebuild_dossier_rollups", "--check", check=False)
    rerun_ok = (
        rerun.returncode == 0
        and dossiers_after == dossiers_before + rows
        and check.returncode == 0
        and schema_sum(WORK_DB) == schema_before
    )
    result.figures.append(
        f"re-run: exit {rerun.returncode} in {rerun_seconds:.1f} s, dossiers "
        f"{dossiers_before:,} → {dossiers_after:,} (+{rows:,} expected); roll-ups "
        + ("clean" if check.returncode == 0 else "WRONG: " + check.stderr.strip()[:80])
    )
    if rerun.returncode:
        result.figures.append("re-run said: " + rerun.stderr.strip()[-200:])
    result.ok = not changed and schema_same and rerun_ok
    return result


# --- b: restart PostgreSQL under load ---------------------------------------


def _cluster() -> tuple[str, str] | None:
    """(version, name) of the Debian cluster on port 5432, if pg_lsclusters runs."""
    if not shutil.which("pg_lsclusters"):
        return None
    lines = subprocess.run(
        ["pg_lsclusters", "--no-header"],  # noqa: S607
        capture_output=True,
        text=True,
        check=False,
    ).stdout.splitlines()
    for line in lines:
        parts = line.split()
        if len(parts) >= 3 and parts[2] == "5432":
            return parts[0], parts[1]
    return None


def _pg_ready() -> bool:
    return (
        subprocess.run(
            ["pg_isready", "-q", "-h", "127.0.0.1", "-p", "5432"],  # noqa: S607
            check=False,
        ).returncode
        == 0
    )


def _pg_control(action: str) -> None:
    cluster = _cluster()
    if cluster:
        command = ["pg_ctlcluster", *cluster, action]
    else:
        command = ["service", "postgresql", action]
    subprocess.run(command, check=True, capture_output=True)  # noqa: S603


def ensure_postgres_up() -> None:
    """Start PostgreSQL again if a drill left it down (others use it)."""
    if _pg_ready():
        return
    print("→ PostgreSQL is down: starting it again", file=sys.stderr)
    _pg_control("start")
    for _ in range(100):
        if _pg_ready():
            return
        time.sleep(0.2)


@dataclass
class Sample:
    start: float
    end: float
    ok: bool
    detail: str


def _client(
    urls: list[str],
    stop: threading.Event,
    quiet: threading.Event,
    out: list,
    pause: float,
) -> None:
    position = 0
    while not stop.is_set():
        if quiet.is_set():
            time.sleep(0.01)
            continue
        url = urls[position % len(urls)]
        position += 1
        start = time.monotonic()
        try:
            with urllib.request.urlopen(url, timeout=15) as response:  # noqa: S310
                response.read()
                ok, detail = response.status == 200, str(response.status)
        except urllib.error.HTTPError as error:
            ok, detail = False, str(error.code)
        except (urllib.error.URLError, ConnectionError, TimeoutError) as error:
            ok, detail = False, type(error).__name__
        out.append(Sample(start, time.monotonic(), ok, detail))
        time.sleep(pause)


class _Watcher(threading.Thread):
    """When PostgreSQL stopped and when it accepted a connection again."""

    def __init__(self):
        super().__init__(daemon=True)
        self.down_at: float | None = None
        self.up_at: float | None = None
        self.stop = threading.Event()

    def run(self) -> None:
        url = prodstack.database_url("postgres")
        while not self.stop.is_set() and self.up_at is None:
            try:
                psycopg.connect(url, connect_timeout=1).close()
                if self.down_at is not None:
                    self.up_at = time.monotonic()
            except psycopg.OperationalError:
                if self.down_at is None:
                    self.down_at = time.monotonic()
            time.sleep(0.02)


def drill_restart(conn_max_age: int, health: str, *, idle: bool) -> Result:
    """Restart PostgreSQL while gunicorn serves; with ``idle`` the clients
    pause during the restart, so each worker's next request meets a
    connection that died while it was idle (what CONN_HEALTH_CHECKS is for)."""
    label = (
        f"PostgreSQL restart, {'idle' if idle else 'under load'} "
        f"(CONN_MAX_AGE={conn_max_age})"
    )
    result = Result(label, ok=False)
    samples: list[Sample] = []
    stop, quiet = threading.Event(), threading.Event()
    with prodstack.gunicorn(
        WORK_DB,
        port=PORT,
        log_name=f"gunicorn-restart-{conn_max_age}",
        DATABASE_CONN_MAX_AGE=str(conn_max_age),
    ):
        base = f"http://127.0.0.1:{PORT}"
        urls = [
            f"{base}/",
            f"{base}/thu-tuc/",
            base + prodstack.first_procedure_path(PORT),
            f"{base}/cong-khai/",
        ]
        clients = [
            threading.Thread(
                target=_client,
                args=(urls[i:] + urls[:i], stop, quiet, samples, 0.02),
            )
            for i in range(4)
        ]
        for thread in clients:
            thread.start()
        watcher = _Watcher()
        try:
            time.sleep(5)
            if idle:
                quiet.set()
                time.sleep(1)
            restart_at = time.monotonic()
            watcher.start()
            try:
                _pg_control("restart")
            finally:
                ensure_postgres_up()
            restarted_at = time.monotonic()
            watcher.join(timeout=10)
            quiet.clear()
            time.sleep(10)
        finally:
            watcher.stop.set()
            stop.set()
            for thread in clients:
                thread.join()
    up_at = watcher.up_at or restarted_at
    down_at = watcher.down_at or restart_at
    failed = [s for s in samples if not s.ok]
    # a request that began once PostgreSQL accepted connections must succeed
    late = [s for s in failed if s.start > up_at]
    during = [s for s in samples if s.start < up_at and s.end > down_at]
    after = [s for s in samples if s.start > up_at]
    recovered = max((s.end for s in failed), default=up_at) - restart_at
    kinds = sorted({s.detail for s in failed})
    result.figures.append(
        f"{len(samples)} requests, {len(failed)} failed ({', '.join(kinds) or '-'}): "
        f"{len(failed) - len(late)} of the {len(during)} in flight or arriving while "
        f"PostgreSQL refused connections ({up_at - down_at:.1f} s), "
        f"{len(late)} after it accepted them again"
    )
    result.figures.append(
        f"site answered again {recovered:.1f} s after the restart began "
        f"(restart command {restarted_at - restart_at:.1f} s), by itself; "
        f"{sum(s.ok for s in after)} of {len(after)} later requests OK; "
        f"settings CONN_HEALTH_CHECKS={health}"
    )
    result.ok = not late and bool(after)
    return result


def conn_health_checks() -> str:
    out = manage(
        WORK_DB,
        "shell",
        "-v",
        "0",
        "-c",
        "from django.conf import settings; "
        "print(settings.DATABASES['default'].get('CONN_HEALTH_CHECKS'))",
        check=False,
    )
    return (out.stdout.strip().splitlines() or ["?"])[-1]


# --- c: backup and restore round trip --------------------------------------


def drill_backup() -> Result:
    result = Result("backup.sh → restore.sh round trip", ok=False)
    backup = BUILD / "backup"
    restored = BUILD / "restored"
    shutil.rmtree(backup, ignore_errors=True)
    shutil.rmtree(restored, ignore_errors=True)
    env = prodstack.production_env(WORK_DB)
    started = time.monotonic()
    subprocess.run(  # noqa: S603
        [BASH, str(ROOT / "deploy" / "backup.sh"), str(backup)],
        env=env,
        check=True,
        capture_output=True,
    )
    backup_seconds = time.monotonic() - started
    prodstack.create_database(RESTORED_DB)
    restore_env = prodstack.production_env(
        RESTORED_DB,
        MEDIA_ROOT=str(restored / "media"),
        PRIVATE_MEDIA_ROOT=str(restored / "private_media"),
    )

    def restore() -> float:
        started = time.monotonic()
        subprocess.run(  # noqa: S603
            [BASH, str(ROOT / "deploy" / "restore.sh"), str(backup)],
            env=restore_env,
            check=True,
            capture_output=True,
        )
        return time.monotonic() - started

    source = table_sums(WORK_DB)
    source_seq, source_schema = sequences(WORK_DB), schema_sum(WORK_DB)
    media = [tree_sum(BUILD / "media"), tree_sum(BUILD / "private_media")]
    size = sum(p.stat().st_size for p in backup.iterdir())
    result.figures.append(
        f"backup {size / 1e6:.1f} MB in {backup_seconds:.1f} s: {len(source)} tables, "
        f"{rows_total(source):,} rows, {media[0][0]} + {media[1][0]} media files"
    )
    history = sorted(
        name
        for name in source
        if "historical" in name
        or name
        in (
            "wagtailcore_revision",
            "wagtailcore_pagelogentry",
            "wagtailcore_modellogentry",
        )
    )
    ok = True
    for attempt in ("into an empty database", "again over it (--clean)"):
        seconds = restore()
        copy = table_sums(RESTORED_DB)
        changed = differences(source, copy)
        seq_changed = differences(source_seq, sequences(RESTORED_DB))
        same_schema = schema_sum(RESTORED_DB) == source_schema
        same_media = media == [
            tree_sum(restored / "media"),
            tree_sum(restored / "private_media"),
        ]
        history_rows = sum(copy.get(name, (0, ""))[0] for name in history)
        history_same = all(source[n] == copy.get(n) for n in history)
        result.figures.append(
            f"restore {attempt} in {seconds:.1f} s: {rows_total(copy):,} rows, "
            + ("every table identical" if not changed else f"CHANGED {changed[:5]}")
            + f"; {len(history)} history tables, {history_rows:,} rows "
            + ("identical" if history_same else "DIFFERENT")
            + "; sequences "
            + ("identical" if not seq_changed else f"DIFFERENT {seq_changed[:3]}")
            + "; schema "
            + ("identical" if same_schema else "DIFFERENT")
            + "; media "
            + ("identical" if same_media else "DIFFERENT")
        )
        ok = ok and not changed and not seq_changed and same_schema and same_media
        ok = ok and history_same
    checks = []
    for command in (["verify_documents"], ["rebuild_dossier_rollups", "--check"]):
        out = subprocess.run(  # noqa: S603
            [prodstack.PYTHON, str(ROOT / "manage.py"), *command],
            env=restore_env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        checks.append(
            f"{command[0]}: "
            + (
                "clean"
                if out.returncode == 0
                else "FAILED " + out.stderr.strip()[-120:]
            )
        )
        ok = ok and out.returncode == 0
    result.figures.append("on the restored database: " + "; ".join(checks))
    result.ok = ok
    return result


# --- the run ------------------------------------------------------------------


def print_table(results: list[Result]) -> None:
    width = max(len(r.drill) for r in results)
    print()
    print(f"{'drill':{width}}  result  figures")
    print(f"{'-' * width}  ------  -------")
    for r in results:
        verdict = "PASS" if r.ok else "FAIL"
        print(f"{r.drill:{width}}  {verdict:6}  {r.figures[0] if r.figures else ''}")
        for line in r.figures[1:]:
            print(f"{'':{width}}          {line}")
    passed = sum(r.ok for r in results)
    print(
        f"\n{passed} of {len(results)} drills passed; load average "
        f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
    )


def _stop_on_signal(signum, _frame):
    raise SystemExit(128 + signum)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--only", default="import,restart,backup")
    parser.add_argument("--rows", type=int, default=600_000, help="COPY-path file")
    parser.add_argument("--python-rows", type=int, default=150_000)
    parser.add_argument(
        "--kill-after", type=float, default=0.5, help="seconds of writing"
    )
    parser.add_argument("--keep", action="store_true", help="keep qms_drill*")
    parser.add_argument("--drop", action="store_true", help="also drop the template")
    args = parser.parse_args()
    wanted = set(args.only.split(","))
    signal.signal(signal.SIGTERM, _stop_on_signal)
    signal.signal(signal.SIGHUP, _stop_on_signal)
    results: list[Result] = []
    try:
        prodstack.ensure_template(log=lambda m: print(m, file=sys.stderr))
        prodstack.create_database(WORK_DB, template=prodstack.TEMPLATE_DB)
        if "import" in wanted:
            print("→ import drills", file=sys.stderr)
            copy_file, python_file = (
                BUILD / "dossiers-copy.csv",
                BUILD / "dossiers-python.csv",
            )
            write_dossiers(copy_file, args.rows, "DRILLC", quoted=False)
            write_dossiers(python_file, args.python_rows, "DRILLP", quoted=True)
            results.append(
                drill_import("COPY path", copy_file, args.rows, args.kill_after)
            )
            results.append(
                drill_import(
                    "Python path", python_file, args.python_rows, args.kill_after
                )
            )
        if "restart" in wanted:
            print("→ restart drills (PostgreSQL restarts three times)", file=sys.stderr)
            prodstack.collectstatic()
            health = conn_health_checks()
            for age, idle in ((0, False), (60, False), (60, True)):
                results.append(drill_restart(age, health, idle=idle))
        if "backup" in wanted:
            print("→ backup drill", file=sys.stderr)
            results.append(drill_backup())
    finally:
        ensure_postgres_up()
        if not args.keep:
            for name in (WORK_DB, RESTORED_DB):
                prodstack.drop_database(name)
        if args.drop:
            prodstack.drop_database(prodstack.TEMPLATE_DB)
            (BUILD / "template.done").unlink(missing_ok=True)
        if results:
            print_table(results)
    return 0 if results and all(r.ok for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
