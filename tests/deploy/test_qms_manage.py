"""deploy/qms-manage: the env file read as systemd reads it, production settings."""

import os
import subprocess

import pytest

from tests.config.test_production_settings import GOOD, OTHERS
from tests.deploy.helpers import DEPLOY

WRAPPER = DEPLOY / "qms-manage"
SHOW = (
    "import os; from django.conf import settings as s; "
    "print(s.SETTINGS_MODULE); print(s.WAGTAIL_SITE_NAME); "
    "print(repr(s.EMAIL_SUBJECT_PREFIX)); print(s.ALLOWED_HOSTS); "
    "print(os.environ['QMS_FROM_SHELL'])"
)


def run_wrapper(env_file, *args, **env):
    clean = {k: v for k, v in os.environ.items() if k not in GOOD.keys() | OTHERS}
    clean.pop("DJANGO_SETTINGS_MODULE", None)
    clean |= {
        "QMS_ENV_FILE": str(env_file),
        "QMS_USER": "root" if os.geteuid() == 0 else os.environ.get("USER", ""),
        **env,
    }
    return subprocess.run(  # noqa: S603 - our own script
        [str(WRAPPER), *args],
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
        cwd="/",
    )


def write_env(tmp_path, extra: str = "") -> object:
    lines = [f"{key}={value}" for key, value in GOOD.items()]
    env_file = tmp_path / "qms.env"
    env_file.write_text(
        "# comment\n\n"
        + "\n".join(lines)
        + "\nWAGTAIL_SITE_NAME=Một Cửa QMS Nam Định\n"
        + 'EMAIL_SUBJECT_PREFIX="[QMS] "\n'
        + "QMS_FROM_SHELL=from the file\n"
        + extra
    )
    return env_file


def test_runs_manage_py_under_production_with_the_env_file(tmp_path):
    result = run_wrapper(
        write_env(tmp_path),
        "shell",
        "--no-imports",
        "-c",
        SHOW,
        ALLOWED_HOSTS="other.example.gov.vn",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "config.settings.production",
        # values with spaces need no quotes; quotes are stripped like systemd's
        "Một Cửa QMS Nam Định",
        "'[QMS] '",
        # a variable already in the environment wins over the file
        "['other.example.gov.vn']",
        "from the file",
    ]


def test_the_wrapper_finds_its_checkout_from_anywhere(tmp_path):
    result = run_wrapper(write_env(tmp_path), "help", "verify_documents")
    assert result.returncode == 0, result.stderr
    assert "--mail-on-failure" in result.stdout


def test_missing_env_file_is_named(tmp_path):
    result = run_wrapper(tmp_path / "absent.env", "check")
    assert result.returncode == 78
    assert f"cannot read {tmp_path / 'absent.env'}" in result.stderr


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("export DEBUG=true", "bad variable name: export DEBUG"),
        ("NOT A SETTING", "not KEY=value: NOT A SETTING"),
        ("1ABC=x", "bad variable name: 1ABC"),
    ],
)
def test_bad_lines_are_refused_with_the_line(tmp_path, line, message):
    result = run_wrapper(write_env(tmp_path, line + "\n"), "check")
    assert result.returncode == 78
    assert message in result.stderr


def test_production_still_refuses_an_incomplete_file(tmp_path):
    env_file = tmp_path / "qms.env"
    env_file.write_text("SECRET_KEY=" + "x" * 60 + "\n")
    result = run_wrapper(env_file, "check")
    assert result.returncode != 0
    assert "Production needs ALLOWED_HOSTS" in result.stderr


def test_wrapper_is_executable_posix_sh():
    assert os.access(WRAPPER, os.X_OK)
    assert WRAPPER.read_text().startswith("#!/bin/sh\n")
    assert subprocess.run(["sh", "-n", str(WRAPPER)], check=False).returncode == 0  # noqa: S603, S607
