"""deploy/backup.sh and deploy/restore.sh, run for real.

Bad input is refused before anything is touched; on PostgreSQL (DATABASE_URL)
a round trip through two scratch databases keeps every row and both media
trees, and restoring over a used database replaces it. The full drill on the
demo data is ``benchmarks/fault_drills.py --only backup``.
"""

import hashlib
import os
import subprocess
import uuid
from pathlib import Path

import psycopg
import pytest

ROOT = Path(__file__).resolve().parents[2]
BACKUP = ROOT / "deploy" / "backup.sh"
RESTORE = ROOT / "deploy" / "restore.sh"
SERVER = os.environ.get("DATABASE_URL", "")
ON_POSTGRES = SERVER.startswith(("postgres://", "postgresql://"))


def run(script: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - our own scripts
        ["/bin/bash", str(script), *args],
        env={"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/"), **env},
        capture_output=True,
        text=True,
        check=False,
    )


def media_env(tmp_path: Path, name: str) -> dict[str, str]:
    return {
        "MEDIA_ROOT": str(tmp_path / name / "media"),
        "PRIVATE_MEDIA_ROOT": str(tmp_path / name / "private_media"),
    }


def fake_backup(folder: Path) -> Path:
    """A backup folder with a MANIFEST whose sums match (no database needed)."""
    folder.mkdir()
    for name in ("database.dump", "media.tar.gz", "private_media.tar.gz"):
        subprocess.run(  # noqa: S603
            ["/usr/bin/tar", "-czf", str(folder / name), "--files-from", "/dev/null"],
            check=True,
        )
    lines = [
        f"{hashlib.sha256((folder / n).read_bytes()).hexdigest()}  {n}"
        for n in ("database.dump", "media.tar.gz", "private_media.tar.gz")
    ]
    (folder / "MANIFEST").write_text("commit: 0\n" + "\n".join(lines) + "\n")
    return folder


@pytest.mark.parametrize("script", [BACKUP, RESTORE])
def test_scripts_need_exactly_one_folder(script, tmp_path):
    result = run(script, DATABASE_URL="postgres://x@127.0.0.1/x")
    assert result.returncode == 2
    assert "usage:" in result.stderr
    result = run(script, "a", "b", DATABASE_URL="postgres://x@127.0.0.1/x")
    assert result.returncode == 2


@pytest.mark.parametrize("script", [BACKUP, RESTORE])
def test_scripts_refuse_a_missing_or_non_postgresql_url(script, tmp_path):
    missing = run(script, str(tmp_path / "b"))
    assert missing.returncode != 0
    assert "DATABASE_URL is not set" in missing.stderr
    sqlite = run(script, str(tmp_path / "b"), DATABASE_URL="sqlite:///db.sqlite3")
    assert sqlite.returncode == 2
    assert "must be a PostgreSQL URL" in sqlite.stderr


def test_backup_refuses_a_folder_that_is_not_empty(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "old.txt").write_text("x")
    result = run(BACKUP, str(tmp_path / "b"), DATABASE_URL="postgres://x@127.0.0.1/x")
    assert result.returncode == 1
    assert "is not empty" in result.stderr
    assert sorted(p.name for p in (tmp_path / "b").iterdir()) == ["old.txt"]


def test_restore_refuses_a_backup_without_manifest(tmp_path):
    folder = fake_backup(tmp_path / "b")
    (folder / "MANIFEST").unlink()
    result = run(RESTORE, str(folder), DATABASE_URL="postgres://x@127.0.0.1/x")
    assert result.returncode == 1
    assert "MANIFEST is missing" in result.stderr


def test_restore_refuses_a_manifest_that_lists_no_sum_for_a_file(tmp_path):
    folder = fake_backup(tmp_path / "b")
    manifest = folder / "MANIFEST"
    manifest.write_text(
        "".join(
            line
            for line in manifest.read_text().splitlines(keepends=True)
            if "private_media" not in line
        )
    )
    result = run(RESTORE, str(folder), DATABASE_URL="postgres://x@127.0.0.1/x")
    assert result.returncode == 1
    assert "no checksum for private_media.tar.gz" in result.stderr


def test_restore_refuses_a_damaged_file_and_touches_nothing(tmp_path):
    folder = fake_backup(tmp_path / "b")
    with (folder / "media.tar.gz").open("ab") as handle:
        handle.write(b"x")
    env = media_env(tmp_path, "site")
    Path(env["MEDIA_ROOT"]).mkdir(parents=True)
    (Path(env["MEDIA_ROOT"]) / "keep.txt").write_text("mine")
    # an unreachable database: the check must stop before any connection
    result = run(RESTORE, str(folder), DATABASE_URL="postgres://x@127.0.0.1:1/x", **env)
    assert result.returncode == 1
    assert "checksum mismatch" in result.stderr
    assert (Path(env["MEDIA_ROOT"]) / "keep.txt").read_text() == "mine"
    assert not Path(env["PRIVATE_MEDIA_ROOT"]).exists()


@pytest.fixture
def scratch_databases():
    """Two empty databases on the DATABASE_URL server, dropped afterwards."""
    if not ON_POSTGRES:
        pytest.skip("needs PostgreSQL (DATABASE_URL=postgres://...)")
    server = SERVER.rsplit("/", 1)[0]
    names = [f"qms_test_backup_{uuid.uuid4().hex[:8]}_{i}" for i in range(2)]
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        for name in names:
            conn.execute(f'CREATE DATABASE "{name}"')
    yield [f"{server}/{name}" for name in names]
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        for name in names:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def rows(url: str) -> list[tuple]:
    with psycopg.connect(url) as conn:
        return conn.execute("SELECT id, label FROM record ORDER BY id").fetchall()


def test_round_trip_keeps_rows_and_both_media_trees(tmp_path, scratch_databases):
    source, target = scratch_databases
    with psycopg.connect(source) as conn:
        conn.execute("CREATE TABLE record (id serial PRIMARY KEY, label text)")
        conn.execute(
            "INSERT INTO record (label) "
            "SELECT 'Hồ sơ ' || n FROM generate_series(1, 500) n"
        )
    env = media_env(tmp_path, "site")
    (Path(env["MEDIA_ROOT"]) / "images").mkdir(parents=True)
    (Path(env["MEDIA_ROOT"]) / "images" / "a.png").write_bytes(b"\x89PNG" + bytes(99))
    (Path(env["PRIVATE_MEDIA_ROOT"]) / "evidence").mkdir(parents=True)
    (Path(env["PRIVATE_MEDIA_ROOT"]) / "evidence" / "biên bản.pdf").write_bytes(
        b"%PDF-1.7 private"
    )

    made = run(BACKUP, str(tmp_path / "backup"), DATABASE_URL=source, **env)
    assert made.returncode == 0, made.stderr
    manifest = (tmp_path / "backup" / "MANIFEST").read_text()
    assert "commit: " in manifest
    assert "database.dump" in manifest

    restored_env = media_env(tmp_path, "restored")
    done = run(RESTORE, str(tmp_path / "backup"), DATABASE_URL=target, **restored_env)
    assert done.returncode == 0, done.stderr
    assert "into the empty database" in done.stdout
    assert rows(target) == rows(source)
    assert len(rows(target)) == 500
    media = Path(restored_env["MEDIA_ROOT"])
    private = Path(restored_env["PRIVATE_MEDIA_ROOT"])
    assert (media / "images" / "a.png").read_bytes() == b"\x89PNG" + bytes(99)
    assert (private / "evidence" / "biên bản.pdf").read_bytes() == b"%PDF-1.7 private"

    # Over a used database and media roots: replaced, the old files kept aside.
    with psycopg.connect(target) as conn:
        conn.execute("DELETE FROM record WHERE id > 10")
    (media / "images" / "new.png").write_bytes(b"later")
    again = run(RESTORE, str(tmp_path / "backup"), DATABASE_URL=target, **restored_env)
    assert again.returncode == 0, again.stderr
    assert "--clean --if-exists" in again.stdout
    assert len(rows(target)) == 500
    assert not (media / "images" / "new.png").exists()
    aside = list(tmp_path.glob("restored/media.before-restore-*"))
    assert len(aside) == 1
    assert (aside[0] / "images" / "new.png").read_bytes() == b"later"
