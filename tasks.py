#!/usr/bin/env python3
"""The two commands of the Quick start, with nothing but Python 3.11+ installed.

    python3 tasks.py start   # set up, load the demo, serve http://127.0.0.1:8000
    python3 tasks.py test    # set up with the test extra, run the whole suite

Both create ``.venv`` when missing and reinstall only when pyproject.toml
changed. ``DATABASE_URL=postgres://...`` switches from SQLite to PostgreSQL.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / "python"


def run(*args: str, env: dict | None = None) -> None:
    """Run a command in the project folder; stop with its exit code on failure."""
    result = subprocess.run(args, cwd=ROOT, env=env)  # noqa: S603
    if result.returncode != 0:
        sys.exit(result.returncode)


def ensure_venv(extra: str | None) -> None:
    """Create the virtual environment and install the project (and ``extra``)."""
    if sys.version_info < (3, 11):
        sys.exit("Cần Python 3.11 trở lên / Python 3.11+ is required.")
    if not PYTHON.exists():
        print("→ Tạo môi trường ảo .venv")
        venv.EnvBuilder(with_pip=True).create(VENV)
    target = f".[{extra}]" if extra else "."
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    stamp = VENV / f".installed-{extra or 'base'}"
    if stamp.exists() and stamp.read_text() == digest:
        return
    print(f"→ Cài đặt gói phụ thuộc ({target})")
    run(str(PYTHON), "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    run(str(PYTHON), "-m", "pip", "install", "--quiet", "-e", target)
    stamp.write_text(digest)


def manage(*args: str) -> None:
    run(str(PYTHON), "manage.py", *args)


def start() -> None:
    """Install, migrate, load the demo, print the logins, serve on port 8000."""
    ensure_venv(None)
    manage("migrate", "--no-input", "-v", "0")
    manage("load_demo")
    print("→ Mở http://127.0.0.1:8000/ (trang công khai)")
    print("  và http://127.0.0.1:8000/admin/ (quản trị) với một tài khoản ở trên.")
    os.execv(str(PYTHON), [str(PYTHON), "manage.py", "runserver", "127.0.0.1:8000"])  # noqa: S606


def test(pytest_args: list[str]) -> None:
    """Install with the test extra, run the whole pytest suite."""
    ensure_venv("test")
    env = dict(os.environ, DJANGO_ALLOW_ASYNC_UNSAFE="true")
    run(str(PYTHON), "-m", "pytest", *pytest_args, env=env)


def main() -> None:
    if len(sys.argv) < 2 or sys.argv[1] not in {"start", "test"}:
        sys.exit(__doc__)
    if sys.argv[1] == "start":
        start()
    else:
        test(sys.argv[2:])


if __name__ == "__main__":
    main()
