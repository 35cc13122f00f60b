"""Catalogue speed: p95 of a catalogue search and of a procedure page.

Targets (issue 4): with 2,000 published procedures, a search answers in under
50 ms and a procedure page in under 30 ms at the 95th percentile. Not a test:
it prints figures. Runs against its own database (SQLite file under build/ by
default; set BENCH_DATABASE_URL for PostgreSQL), built once and reused:

    .venv/bin/python benchmarks/catalogue_speed.py [--count 2000] [--runs 300]
"""

import argparse
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

import django
from django.core.management import call_command
from django.db import connection
from django.test import Client

from procedures import demo
from procedures.models import CatalogueIndexPage, ProcedurePage
from procedures.services import procedures_import
from qms.organisation import demo as qms_demo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_DATABASE_URL", f"sqlite:///{ROOT / 'build' / 'bench-catalogue.sqlite3'}"
)

QUERIES = [
    "khai sinh",
    "KHAI SINH",
    "dang ky khai sinh",
    "ket hon",
    "chung thuc ban sao",
    "dat dai",
    "tro cap xa hoi",
    "1.001193",
    "giay chung nhan",
    "xac nhan",
    "thu tuc so 1234",
    "khong co gi",
]


def build(count: int) -> None:
    """Migrate, create the site and ``count`` procedures (demo ones repeated)."""
    (ROOT / "build").mkdir(exist_ok=True)
    call_command("migrate", verbosity=0)
    existing = ProcedurePage.objects.count()
    if existing >= count:
        return
    qms_demo.load(stdout=sys.stderr)
    demo.load(stdout=sys.stderr)
    base = json.loads(demo.FIXTURE.read_text(encoding="utf-8"))
    index = CatalogueIndexPage.objects.get()
    existing = ProcedurePage.objects.count()
    batch = []
    for number in range(existing, count):
        item = dict(base[number % len(base)])
        item["code"] = f"BENCH.{number:05d}"
        item["name"] = f"{item['name']} (thủ tục số {number})"
        batch.append(item)
        if len(batch) == 200:
            procedures_import(batch, publish=True, index=index)
            print(f"  {number + 1} thủ tục", file=sys.stderr)
            batch = []
    if batch:
        procedures_import(batch, publish=True, index=index)


def refresh_statistics() -> None:
    """ANALYZE, as autovacuum would soon after a bulk load.

    Without fresh statistics PostgreSQL estimates 4 pages under the catalogue
    instead of 2,000 and picks a nested loop that costs 25 ms per search.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=100)[94]


def measure(client, urls: list[str]) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU milliseconds of each request (CPU time is what the
    request itself costs; wall time also counts waiting for a busy machine)."""
    samples, cpu = [], []
    for url in urls:
        start, start_cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        samples.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
        if response.status_code != 200:
            raise RuntimeError(f"{url}: HTTP {response.status_code}")
    return samples, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=300)
    args = parser.parse_args()

    django.setup()
    build(args.count)
    refresh_statistics()
    live = ProcedurePage.objects.live().count()
    client = Client(HTTP_HOST="localhost")
    rng = random.Random(4)
    search_urls = [
        f"/thu-tuc/?q={rng.choice(QUERIES).replace(' ', '+')}" for _ in range(args.runs)
    ]
    paths = [p.url for p in ProcedurePage.objects.live().order_by("?")[: args.runs]]
    page_urls = [rng.choice(paths) for _ in range(args.runs)]
    measure(client, search_urls[:20] + page_urls[:20])  # warm up
    search = measure(client, search_urls)
    pages = measure(client, page_urls)
    engine = django.db.connection.vendor
    print(f"{live} procedures published, {engine}, {args.runs} requests each")
    print(f"load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    for name, (samples, cpu), target in (
        ("catalogue search", search, 50),
        ("procedure page", pages, 30),
    ):
        verdict = "OK" if p95(samples) < target else "OVER TARGET"
        print(
            f"{name:17} wall p50 {statistics.median(samples):6.1f} ms  "
            f"p95 {p95(samples):6.1f} ms  (target < {target} ms: {verdict}); "
            f"CPU p50 {statistics.median(cpu):6.1f} ms  p95 {p95(cpu):6.1f} ms"
        )


if __name__ == "__main__":
    main()
