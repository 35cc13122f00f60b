"""The production stack on 127.0.0.1, for the fault drills and the serving benchmark.

Shared by ``benchmarks/fault_drills.py`` and ``benchmarks/serving.py``: the
environment of ``config.settings.production`` (plain http on loopback), a
PostgreSQL database with the demo data (built once as a template, copied in a
second), ``manage.py`` in that environment, and gunicorn started and stopped.
Everything here runs the real programs; nothing is mocked.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "build" / "drills"
PG_URL = os.environ.get("DRILL_PG_URL", "postgres://postgres@127.0.0.1:5432")
TEMPLATE_DB = "qms_drill_template"
REDIS_URL = os.environ.get("DRILL_REDIS_URL", "redis://127.0.0.1:6379/11")
PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))


def database_url(name: str) -> str:
    return f"{PG_URL}/{name}"


def production_env(database: str, **extra: str) -> dict[str, str]:
    """Environment of ``config.settings.production`` on loopback, plain http."""
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY="drill-only-" + "x" * 50,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        WAGTAILADMIN_BASE_URL="http://127.0.0.1:8000",
        DATABASE_URL=database_url(database),
        REDIS_URL=REDIS_URL,
        SECURE_SSL_REDIRECT="0",
        SECURE_HSTS_SECONDS="0",
        EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
        STATIC_ROOT=str(BUILD / "static"),
        MEDIA_ROOT=str(BUILD / "media"),
        PRIVATE_MEDIA_ROOT=str(BUILD / "private_media"),
        LOG_LEVEL="ERROR",
    )
    env.update(extra)
    return env


def manage(
    database: str, *args: str, check: bool = True, **extra: str
) -> subprocess.CompletedProcess:
    """``manage.py ARGS`` under production settings on ``database``."""
    return subprocess.run(  # noqa: S603 - our own manage.py
        [PYTHON, str(ROOT / "manage.py"), *args],
        env=production_env(database, **extra),
        cwd=ROOT,
        check=check,
        capture_output=True,
        text=True,
    )


def sql(database: str, query: str, params: tuple = ()) -> list[tuple]:
    with psycopg.connect(database_url(database), autocommit=True) as conn:
        cursor = conn.execute(query, params)
        return cursor.fetchall() if cursor.description else []


def drop_database(name: str) -> None:
    with psycopg.connect(database_url("postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def create_database(name: str, *, template: str | None = None) -> None:
    """A new database ``name`` (an existing one is dropped), maybe a template copy."""
    drop_database(name)
    with psycopg.connect(database_url("postgres"), autocommit=True) as conn:
        suffix = f' TEMPLATE "{template}"' if template else ""
        conn.execute(f'CREATE DATABASE "{name}"{suffix}')


def database_exists(name: str) -> bool:
    with psycopg.connect(database_url("postgres"), autocommit=True) as conn:
        return bool(
            conn.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [name]
            ).fetchone()
        )


def template_fingerprint() -> str:
    """A digest of what the template is built from: every migration, demo
    loader and fixture. A pull that changes any of them rebuilds the template."""
    digest = hashlib.sha256()
    for package in ("qms", "procedures", "audits", "site"):
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" in path.parts or path.name.startswith("demo"):
                digest.update(str(path.relative_to(ROOT)).encode())
                digest.update(path.read_bytes())
    for path in sorted((ROOT / "fixtures").rglob("*")):
        if path.is_file():
            digest.update(str(path.relative_to(ROOT)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def ensure_template(*, log=print) -> None:
    """``qms_drill_template``: migrated, the demo loaded (once, about a minute).

    Its media roots are build/drills/media and build/drills/private_media,
    which every copy of the template shares.
    """
    stamp = BUILD / "template.done"
    fingerprint = template_fingerprint()
    if (
        stamp.exists()
        and stamp.read_text().strip() == fingerprint
        and database_exists(TEMPLATE_DB)
    ):
        return
    log("→ building qms_drill_template: migrate + load_demo (once per schema/demo)")
    drop_database(TEMPLATE_DB)
    for folder in ("media", "private_media"):
        shutil.rmtree(BUILD / folder, ignore_errors=True)
    BUILD.mkdir(parents=True, exist_ok=True)
    create_database(TEMPLATE_DB)
    manage(TEMPLATE_DB, "migrate", "-v", "0")
    manage(TEMPLATE_DB, "load_demo")
    # A public file too, so the media archive of the backup drill is not empty.
    sample = BUILD / "media" / "drill" / "sample.bin"
    sample.parent.mkdir(parents=True, exist_ok=True)
    sample.write_bytes(os.urandom(65_536))
    sql(TEMPLATE_DB, "ANALYZE")
    stamp.write_text(fingerprint + "\n")


def collectstatic() -> None:
    """Static files for ManifestStaticFilesStorage (production refuses without)."""
    manage(TEMPLATE_DB, "collectstatic", "--noinput", "-v", "0")


def wait_http(url: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"{url} did not answer 200 within {timeout:.0f} s")
        time.sleep(0.3)


@contextmanager
def gunicorn(
    database: str,
    *,
    port: int,
    workers: int = 2,
    cpus: str | None = None,
    log_name: str = "gunicorn",
    app: str = "config.wsgi:application",
    **extra: str,
):
    """gunicorn on 127.0.0.1:``port`` with production settings; stopped on exit.

    ``cpus`` ("0") pins the server and its workers to those cores (taskset), so
    that a load generator on the other core does not take the server's time.
    """
    BUILD.mkdir(parents=True, exist_ok=True)
    # deploy/gunicorn.conf.py (the shipped recipe) when there is one; the
    # options below override it.
    config = ROOT / "deploy" / "gunicorn.conf.py"
    command = [
        GUNICORN,
        *(["--config", str(config)] if config.exists() else []),
        app,
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--graceful-timeout",
        "5",
        "--timeout",
        "60",
        "--max-requests",
        "0",
    ]
    if cpus is not None and shutil.which("taskset"):
        command = ["taskset", "-c", cpus, *command]
    log = (BUILD / f"{log_name}.log").open("w")
    process = subprocess.Popen(  # noqa: S603 - our own server
        command,
        env=production_env(database, GUNICORN_ACCESS_LOG="", **extra),
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        wait_http(f"http://127.0.0.1:{port}/")
        yield process
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        log.close()


def first_procedure_path(port: int) -> str:
    """The path of a procedure page, as the catalogue links it."""
    with urllib.request.urlopen(  # noqa: S310 - loopback
        f"http://127.0.0.1:{port}/thu-tuc/", timeout=10
    ) as response:
        html = response.read().decode()
    found = re.findall(r'href="(/thu-tuc/[a-z0-9-]+/)"', html)
    found = [
        p for p in found if not p.startswith(("/thu-tuc/tai-ve", "/thu-tuc/niem-yet"))
    ]
    if not found:
        raise RuntimeError("no procedure link on /thu-tuc/")
    return found[0]
