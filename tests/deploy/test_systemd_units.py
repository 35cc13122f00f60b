"""deploy/systemd: the web server, the worker and a timer for every job."""

import re
import subprocess

import pytest
from django.core.management import get_commands

from tests.deploy.helpers import DEPLOY, ENV_FILE, INSTALL_HOME, ROOT, require_tool

UNITS = DEPLOY / "systemd"
# job -> (manage.py command line, when it must run)
JOBS = {
    "publish-scheduled": ("publish_scheduled", "*-*-* *:00/5:00"),
    "activate-revisions": ("activate_revisions", "*-*-* 00:05:00 Asia/Ho_Chi_Minh"),
    "send-reminders": ("send_reminders", "*-*-* 06:30:00 Asia/Ho_Chi_Minh"),
    "clearsessions": ("clearsessions", "*-*-* 03:15:00 Asia/Ho_Chi_Minh"),
    "prune-task-results": (
        "prune_db_task_results",
        "Sun *-*-* 04:00:00 Asia/Ho_Chi_Minh",
    ),
    "prune-jobs": (
        "prune_background_jobs --days 30",
        "*-*-* 03:45:00 Asia/Ho_Chi_Minh",
    ),
    "verify-documents": (
        "verify_documents --mail-on-failure",
        "*-*-* 02:30:00 Asia/Ho_Chi_Minh",
    ),
}
HARDENING = {
    "User": "qms",
    "NoNewPrivileges": "yes",
    "ProtectSystem": "strict",
    "ProtectHome": "yes",
    "PrivateTmp": "yes",
    "CapabilityBoundingSet": "",
    "EnvironmentFile": ENV_FILE,
}


class Section(dict):
    """A unit section: the last value of each key, and ``all(key)``."""

    def __init__(self):
        super().__init__()
        self.values = {}

    def add(self, key: str, value: str) -> None:
        self.values.setdefault(key, []).append(value)
        self[key] = value

    def all(self, key: str) -> list[str]:
        return self.values.get(key, [])


def unit(name: str) -> dict[str, Section]:
    """Parse a unit file as systemd does (keys may repeat; # starts a comment)."""
    sections: dict[str, Section] = {}
    current = None
    for line in (UNITS / name).read_text().splitlines():
        line = line.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("["):
            current = sections.setdefault(line.strip("[]"), Section())
            continue
        key, _, value = line.partition("=")
        current.add(key.strip(), value.strip())
    return sections


def test_every_unit_file_is_one_we_know():
    expected = {"qms-web.service", "qms-worker.service"}
    for job in JOBS:
        expected |= {f"qms-{job}.service", f"qms-{job}.timer"}
    assert {path.name for path in UNITS.iterdir()} == expected


@pytest.mark.parametrize("job", sorted(JOBS))
def test_each_job_runs_its_command_through_the_wrapper_on_time(job):
    command, when = JOBS[job]
    service = unit(f"qms-{job}.service")
    assert service["Service"]["Type"] == "oneshot"
    assert service["Service"]["ExecStart"] == (
        f"{INSTALL_HOME}/deploy/qms-manage {command}"
    )
    assert command.split()[0] in get_commands()
    timer = unit(f"qms-{job}.timer")
    assert timer["Timer"]["OnCalendar"] == when
    assert timer["Timer"]["Persistent"] == "true"
    assert timer["Install"]["WantedBy"] == "timers.target"


def test_web_runs_gunicorn_with_the_shipped_config_under_production():
    service = unit("qms-web.service")["Service"]
    assert service["ExecStart"] == (
        f"{INSTALL_HOME}/.venv/bin/gunicorn --config "
        f"{INSTALL_HOME}/deploy/gunicorn.conf.py"
    )
    assert "DJANGO_SETTINGS_MODULE=config.settings.production" in service.all(
        "Environment"
    )
    assert service["Type"] == "notify"  # gunicorn tells systemd when it is up
    assert service["Restart"] == "on-failure"


def test_worker_runs_the_database_task_worker():
    service = unit("qms-worker.service")["Service"]
    assert (
        service["ExecStart"]
        == f"{INSTALL_HOME}/deploy/qms-manage db_worker --no-reload"
    )
    assert "db_worker" in get_commands()
    assert service["Restart"] == "always"


@pytest.mark.parametrize(
    "name", sorted(p.name for p in UNITS.glob("*.service")), ids=str
)
def test_every_service_is_hardened(name):
    service = unit(name)["Service"]
    for key, value in HARDENING.items():
        assert service.get(key) == value, f"{name}: {key}"
    assert service["StateDirectory"] == "qms"  # the only writable place


def installed_copy(tmp_path):
    """The units with the install paths pointing at this checkout."""
    env_file = tmp_path / "qms.env"
    env_file.write_text("SECRET_KEY=x\n")
    for path in UNITS.iterdir():
        text = path.read_text().replace(ENV_FILE, str(env_file))
        (tmp_path / path.name).write_text(text.replace(INSTALL_HOME, str(ROOT)))
    return sorted(p for p in tmp_path.iterdir() if p.suffix in {".service", ".timer"})


def test_systemd_accepts_every_unit(tmp_path):
    analyze = require_tool("systemd-analyze", "verifies the unit files")
    if not (ROOT / ".venv/bin/gunicorn").exists():
        pytest.fail("gunicorn is missing from .venv: the prod extra is not installed")
    files = installed_copy(tmp_path)
    result = subprocess.run(  # noqa: S603 - a system tool on our files
        [analyze, "verify", "--man=no", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )
    # unknown keys are only warnings with exit status 0: any output is a failure
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == "", result.stderr


def test_systemd_rejects_a_broken_unit(tmp_path):
    """The check above can fail: a typo and a missing program are reported."""
    analyze = require_tool("systemd-analyze", "verifies the unit files")
    broken = tmp_path / "broken.service"
    text = (UNITS / "qms-web.service").read_text().replace(INSTALL_HOME, "/nowhere")
    broken.write_text(text.replace("NoNewPrivileges", "NoNewPrivilegs"))
    result = subprocess.run(  # noqa: S603
        [analyze, "verify", "--man=no", str(broken)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )
    assert result.returncode != 0
    assert "NoNewPrivilegs" in result.stderr
    assert "/nowhere/.venv/bin/gunicorn" in result.stderr


def test_calendars_are_understood_by_systemd():
    analyze = require_tool("systemd-analyze", "parses the timers' calendars")
    result = subprocess.run(  # noqa: S603
        [analyze, "calendar", *(when for _, when in JOBS.values())],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert len(re.findall(r"Next elapse:", result.stdout)) == len(JOBS)
