#!/usr/bin/env python3
"""The two commands of the Quick start, with nothing but Python 3.11+ installed.

    python3 tasks.py start   # set up, load the demo, serve http://127.0.0.1:8000
    python3 tasks.py test    # set up with the test extra, run the whole suite
    python3 tasks.py lock    # regenerate requirements/lock-*.txt (needs PyPI)

Both create ``.venv`` when missing and install the exact, hash-checked versions
of requirements/lock-base.txt (start) or requirements/lock-test.txt (test),
again only when pyproject.toml or that lock file changed.
``DATABASE_URL=postgres://...`` switches from SQLite to PostgreSQL.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / "python"
LOCKS = ROOT / "requirements"
PIP_TOOLS = "pip-tools==7.7.0"


def lock_file(extra: str | None) -> Path:
    """The lock installed for ``extra``: lock-test.txt, or lock-base.txt."""
    return LOCKS / f"lock-{extra or 'base'}.txt"


def run(*args: str, env: dict | None = None) -> None:
    """Run a command in the project folder; stop with its exit code on failure."""
    result = subprocess.run(args, cwd=ROOT, env=env)  # noqa: S603
    if result.returncode != 0:
        sys.exit(result.returncode)


def locked_entry(lock: Path, name: str) -> str:
    """The lines of ``lock`` that pin ``name``: its ``name==version`` and hashes."""
    lines = lock.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"{name}=="))
    end = start + 1
    while end < len(lines) and lines[end].lstrip().startswith("--hash="):
        end += 1
    return "\n".join(lines[start:end]).rstrip(" \\") + "\n"


def ensure_venv(extra: str | None) -> None:
    """Create the virtual environment; install the lock (for ``extra``) and us."""
    if sys.version_info < (3, 11):
        sys.exit("Cần Python 3.11 trở lên / Python 3.11+ is required.")
    if not PYTHON.exists():
        print("→ Tạo môi trường ảo .venv")
        venv.EnvBuilder(with_pip=True).create(VENV)
    lock = lock_file(extra)
    digest = hashlib.sha256(
        (ROOT / "pyproject.toml").read_bytes() + lock.read_bytes()
    ).hexdigest()
    stamp = VENV / f".installed-{extra or 'base'}"
    if stamp.exists() and stamp.read_text() == digest:
        return
    print(f"→ Cài đặt gói phụ thuộc ({lock.relative_to(ROOT)})")
    pip = (str(PYTHON), "-m", "pip")
    # The pip of Python 3.11's venv (23.x) refuses a hashed lock in which a
    # package asks for another's extra (pip-audit: CacheControl[filecache]) as
    # soon as a newer release of it exists; the locked pip does not.
    pinned_pip = VENV / "pip-lock.txt"
    pinned_pip.write_text(locked_entry(lock_file("test"), "pip"))
    run(*pip, "install", "--quiet", "--require-hashes", "-r", str(pinned_pip))
    # Exact versions, every file checked against its hash; then the project
    # itself, without resolving again (the lock carries setuptools to build it).
    run(*pip, "install", "--quiet", "--require-hashes", "-r", str(lock))
    run(*pip, "install", "--quiet", "--no-deps", "--no-build-isolation", "-e", ".")
    # A lock that lags behind pyproject.toml shows up here as a missing package.
    run(*pip, "check")
    stamp.write_text(digest)


def lock() -> None:
    """Regenerate both lock files from pyproject.toml with pip-tools, on PyPI.

    lock-test.txt resolves the project with its test, prod (gunicorn) and s3
    extras; lock-base.txt the project with prod, constrained to lock-test.txt,
    so that the demo/production install runs exactly the versions the tests ran.
    """
    # PyPI alone: no local wheel folders or mirrors of this machine's pip config.
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"PIP_FIND_LINKS", "PIP_EXTRA_INDEX_URL", "PIP_INDEX_URL"}
    }
    env["PIP_CONFIG_FILE"] = os.devnull
    env["CUSTOM_COMPILE_COMMAND"] = "python3 tasks.py lock"  # the files' header
    tools = Path(tempfile.mkdtemp(prefix="qms-lock-"))
    try:
        venv.EnvBuilder(with_pip=True).create(tools)
        tbin = tools / ("Scripts" if os.name == "nt" else "bin")
        run(str(tbin / "python"), "-m", "pip", "install", "--quiet", PIP_TOOLS, env=env)
        compile_ = (
            str(tbin / "pip-compile"),
            "--quiet",
            "--generate-hashes",
            "--allow-unsafe",  # pip and setuptools are pinned and hashed too
            "--all-build-deps",  # setuptools, to build the project offline
            "--strip-extras",
            "--no-emit-index-url",
            "--index-url=https://pypi.org/simple",
        )
        test_lock = lock_file("test").relative_to(ROOT)
        base_lock = lock_file(None).relative_to(ROOT)
        run(
            *compile_,
            "--extra=test",
            "--extra=prod",
            "--extra=s3",
            f"--output-file={test_lock}",
            "pyproject.toml",
            env=env,
        )
        run(
            *compile_,
            "--extra=prod",
            f"--constraint={test_lock}",
            f"--output-file={base_lock}",
            "pyproject.toml",
            env=env,
        )
    finally:
        shutil.rmtree(tools, ignore_errors=True)


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
    if len(sys.argv) < 2 or sys.argv[1] not in {"start", "test", "lock"}:
        sys.exit(__doc__)
    if sys.argv[1] == "start":
        start()
    elif sys.argv[1] == "lock":
        lock()
    else:
        test(sys.argv[2:])


if __name__ == "__main__":
    main()
