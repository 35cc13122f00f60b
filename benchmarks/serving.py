"""Serving benchmark: the production stack on 127.0.0.1 under wrk, side by side.

One command (PostgreSQL 127.0.0.1:5432 user postgres, Redis 127.0.0.1:6379,
Debian's ``wrk``: ``apt-get install -y wrk``)::

    .venv/bin/python benchmarks/serving.py [--quick] [--duration 10]
        [--connections 32] [--soak 60]

The stack: gunicorn (``deploy/gunicorn.conf.py`` when present, 2 sync workers)
with production settings on ``qms_drill_serve``, a copy of the demo database
(``benchmarks/prodstack.py`` builds the template once), the shared Redis
cache (db 11). The split of the 2 cores: gunicorn and its workers are pinned
to CPU 0 and wrk (one thread) to CPU 1 with ``taskset``; PostgreSQL and Redis
are the machine's own services and run where the scheduler puts them.

For each URL — home, catalogue ``/thu-tuc/``, a search, a procedure page,
the transparency page ``/cong-khai/``, a posting PDF — req/s, p50 and p99 at
``--connections`` for ``--duration`` seconds, uncached
(``QMS_PAGE_CACHE_SECONDS=0``) and cached (``QMS_PAGE_CACHE_SECONDS=300``),
against a static file (``/static/css/site.css``) served by the same stack:
by WhiteNoise when the settings wire it, else by Django's staticfiles handler
in front of the same application (``benchmarks/static_wsgi.py``); the output
says which. Then ``--soak`` seconds of all six URLs in turn, uncached, counting
errors, and the queries of one procedure page request (cold and warm).

Targets (issue 11), printed beside the figures: cached public pages ≥ 0.5× the
static-file rate; an uncached procedure page ≥ 200 req/s with ≤ 10 queries;
0 errors over 60 s at 32 connections. ``--quick``: 3 s per URL, 10 s soak.
Measurements, not tests: nothing here asserts. The machine is shared: the load
average is printed with the figures.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import redis

sys.path.insert(0, str(Path(__file__).resolve().parent))
import prodstack  # noqa: E402 - beside this file
from prodstack import BUILD, ROOT  # noqa: E402

SERVE_DB = "qms_drill_serve"
PORT = 8712
STATIC = "/static/css/site.css"
SERVER_CPUS, CLIENT_CPUS = "0", "1"


@dataclass
class Figures:
    rate: float
    p50: float  # ms
    p99: float  # ms
    requests: int
    errors: int
    detail: str = ""

    def cells(self) -> str:
        return f"{self.rate:8.1f} {self.p50:8.1f} {self.p99:8.1f} {self.errors:5d}"


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * _UNITS[unit]


def wrk(
    url: str, *, seconds: int, connections: int, script: Path | None = None
) -> Figures:
    """Run wrk on CPU 1; parse req/s, p50, p99 and every kind of error."""
    command = [
        "wrk",
        "--threads",
        "1",
        "--connections",
        str(connections),
        "--duration",
        f"{seconds}s",
        "--timeout",
        "30s",
        "--latency",
        *(["--script", str(script)] if script else []),
        url,
    ]
    if shutil.which("taskset"):
        command = ["taskset", "-c", CLIENT_CPUS, *command]
    out = subprocess.run(  # noqa: S603 - wrk on loopback
        command, capture_output=True, text=True, check=True
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = _ms(re.search(r"\s50%\s+(\S+)", out).group(1))
    p99 = _ms(re.search(r"\s99%\s+(\S+)", out).group(1))
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    sockets = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
    )
    errors = int(non_2xx.group(1)) if non_2xx else 0
    detail = []
    if non_2xx:
        detail.append(f"{non_2xx.group(1)} non-2xx")
    if sockets:
        names = ("connect", "read", "write", "timeout")
        counts = [int(n) for n in sockets.groups()]
        # gunicorn's sync workers close every connection: wrk counts the
        # close of a keep-alive it expected as a read error, not a failure.
        errors += counts[0] + counts[3]
        detail += [f"{n} {k}" for k, n in zip(names, counts, strict=True) if n]
    return Figures(rate, p50, p99, requests, errors, ", ".join(detail))


def drain(base: str) -> None:
    """Wait until the workers have answered what wrk left queued.

    wrk stops with ``--connections`` requests still queued at gunicorn, which
    answers them anyway (a PDF each: seconds); the next run would measure
    that backlog. One request to the static file returns once it is gone.
    """
    status(base + STATIC)


def status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def query_counts(path: str) -> tuple[str, list[str]]:
    """Queries of one procedure page request, cold (cache cleared) and warm.

    Cold is a fresh process after ``cache.clear()``: the process memo of
    ``qms/page_serving.py`` is empty, and so is Django's per-process
    ContentType cache, which a running worker has filled; the line printed
    counts those lookups apart. Lists the cold queries (SQL lines).
    """
    code = (
        "from django.core.cache import cache\n"
        "from django.db import connection\n"
        "from django.test import Client\n"
        "from django.test.utils import CaptureQueriesContext\n"
        "client = Client(HTTP_HOST='127.0.0.1')\n"
        "cache.clear()\n"
        "with CaptureQueriesContext(connection) as cold:\n"
        f"    first = client.get({path!r})\n"
        "with CaptureQueriesContext(connection) as warm:\n"
        f"    second = client.get({path!r})\n"
        "ct = 'SELECT \"django_content_type\".'\n"
        "types = sum(q['sql'].startswith(ct) for q in cold.captured_queries)\n"
        "print(first.status_code, len(cold), types, second.status_code, len(warm))\n"
        "for q in cold.captured_queries:\n"
        "    print('SQL', q['sql'][:160])\n"
    )
    out = prodstack.manage(
        SERVE_DB, "shell", "-v", "0", "-c", code, QMS_PAGE_CACHE_SECONDS="0"
    ).stdout.splitlines()
    first = next(line for line in out if not line.startswith("SQL"))
    return first, [line[4:] for line in out if line.startswith("SQL")]


def has_page_cache() -> bool:
    return any(
        "QMS_PAGE_CACHE_SECONDS" in path.read_text(encoding="utf-8")
        for package in ("config", "qms", "procedures", "audits")
        for path in (ROOT / package).rglob("*.py")
    )


def flush_cache() -> None:
    redis.Redis.from_url(prodstack.REDIS_URL).flushdb()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--soak", type=int, default=60)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--keep", action="store_true", help="keep qms_drill_serve")
    args = parser.parse_args()
    if args.quick:
        args.duration, args.soak = 3, 10
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install -y wrk")

    prodstack.ensure_template(log=lambda m: print(m, file=sys.stderr))
    prodstack.create_database(SERVE_DB, template=prodstack.TEMPLATE_DB)
    prodstack.collectstatic()
    base = f"http://127.0.0.1:{PORT}"
    stack = {"port": PORT, "workers": args.workers, "cpus": SERVER_CPUS}
    try:
        # Does the stack serve /static/ itself (WhiteNoise)?
        flush_cache()
        with prodstack.gunicorn(SERVE_DB, log_name="serving-probe", **stack):
            procedure = prodstack.first_procedure_path(PORT)
            static_served = status(base + STATIC) == 200
        app = "config.wsgi:application"
        static_by = "WhiteNoise (the production settings)"
        if not static_served:
            app = "benchmarks.static_wsgi:application"
            static_by = (
                "Django's staticfiles handler in front of the same app "
                "(WhiteNoise not wired in these settings)"
            )
        urls = {
            "home /": "/",
            "catalogue /thu-tuc/": "/thu-tuc/",
            "search ?q=khai+sinh": "/thu-tuc/?q=khai+sinh",
            "procedure page": procedure,
            "transparency /cong-khai/": "/cong-khai/",
            "posting PDF": procedure + "niem-yet/",
        }
        runs = {}
        for mode, seconds in (("uncached", "0"), ("cached", "300")):
            flush_cache()
            print(f"→ {mode} stack", file=sys.stderr)
            with prodstack.gunicorn(
                SERVE_DB,
                log_name=f"serving-{mode}",
                app=app,
                QMS_PAGE_CACHE_SECONDS=seconds,
                **stack,
            ):
                for name, path in urls.items():
                    code = status(base + path)
                    if code != 200:
                        raise RuntimeError(f"{path}: HTTP {code}")
                    # a short warm-up: fragments and template caches
                    wrk(base + path, seconds=1, connections=4)
                    drain(base)
                    print(f"  {name}", file=sys.stderr)
                    runs[name, mode] = wrk(
                        base + path, seconds=args.duration, connections=args.connections
                    )
                    drain(base)
                runs["static " + STATIC, mode] = wrk(
                    base + STATIC, seconds=args.duration, connections=args.connections
                )
                drain(base)
                if mode == "uncached":
                    print(f"  soak {args.soak} s", file=sys.stderr)
                    with tempfile.NamedTemporaryFile(
                        "w", suffix=".lua", delete=False
                    ) as lua:
                        paths = ", ".join(f'"{p}"' for p in urls.values())
                        lua.write(
                            f"local paths = {{{paths}}}\nlocal i = 0\n"
                            "request = function()\n  i = i + 1\n"
                            "  return wrk.format('GET', paths[(i % #paths) + 1])\n"
                            "end\n"
                        )
                    soak = wrk(
                        base + "/",
                        seconds=args.soak,
                        connections=args.connections,
                        script=Path(lua.name),
                    )
                    os.unlink(lua.name)
        counts, cold_sql = query_counts(procedure)
    finally:
        if not args.keep:
            prodstack.drop_database(SERVE_DB)

    static = {m: runs["static " + STATIC, m].rate for m in ("uncached", "cached")}
    print()
    print(
        f"gunicorn {args.workers} sync workers on CPU {SERVER_CPUS}, wrk 1 thread on "
        f"CPU {CLIENT_CPUS}, {args.connections} connections, {args.duration} s per "
        "URL; PostgreSQL 15 and Redis unpinned"
    )
    print(
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs "
        "(a shared machine: other people's tests take CPU, figures are low)"
    )
    print(f"static file {STATIC}: {static_by}")
    if not has_page_cache():
        print(
            "no page cache in this code (QMS_PAGE_CACHE_SECONDS is read nowhere): "
            "'cached' measures the same stack as 'uncached'"
        )
    print()
    head = f"{'':26} {'uncached':^29} | {'cached':^29} |"
    print(head)
    print(
        f"{'URL':26} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'err':>5} | "
        f"{'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'err':>5} | target"
    )
    for name in [*urls, "static " + STATIC]:
        uncached, cached = runs[name, "uncached"], runs[name, "cached"]
        if name.startswith("static"):
            target = "reference"
        else:
            ratio = cached.rate / static["cached"] if static["cached"] else 0
            verdict = "OK" if ratio >= 0.5 else "BELOW"
            target = f"cached ≥ 0.5× static: {ratio:.2f}× {verdict}"
            if name == "procedure page":
                verdict = "OK" if uncached.rate >= 200 else "BELOW"
                target += f"; uncached ≥ 200 req/s: {verdict}"
        print(f"{name:26} {uncached.cells()} | {cached.cells()} | {target}")
    status_1, cold, types, status_2, warm = counts.split()
    verdict = "OK" if int(cold) - int(types) <= 10 else "OVER"
    print(
        f"\nqueries of one procedure page request: {cold} cold (caches empty; "
        f"{types} of them ContentType lookups, cached per process in a running "
        f"worker), {warm} warm (target ≤ 10 cold without the ContentType "
        f"lookups: {verdict}); HTTP {status_1}/{status_2}"
    )
    verdict = "OK" if soak.errors == 0 else "ERRORS"
    print(
        f"soak: the six URLs in turn, uncached, {args.soak} s at {args.connections} "
        f"connections: {soak.requests} requests, {soak.errors} errors "
        f"({soak.detail or 'none'}), {soak.rate:.1f} req/s, p99 {soak.p99:.0f} ms "
        f"(target 0 errors over 60 s: {verdict})"
    )
    (BUILD / "procedure-page-queries.txt").write_text("\n".join(cold_sql) + "\n")
    print(f"cold queries listed in {BUILD / 'procedure-page-queries.txt'}")


if __name__ == "__main__":
    main()
