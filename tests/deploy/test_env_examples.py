"""Both example environment files list every variable the code reads."""

import re

import pytest

from tests.deploy.helpers import DEPLOY, ROOT

READERS = re.compile(
    r"""(?:env_str|env_bool|env_int|env_list|_required|_int|environ\.get)\(\s*"""
    r"""["']([A-Z][A-Z0-9_]+)["']"""
)
ONLY_TESTS = {"TEST_DB_NAME", "TEST_REDIS_URL", "CHROMIUM_PATH"}


def read_by(*paths) -> set[str]:
    names = set()
    for path in paths:
        names |= set(READERS.findall(path.read_text()))
    return names


def listed_in(path) -> set[str]:
    """KEY of every ``KEY=`` line, commented out or not."""
    return set(re.findall(r"^#? ?([A-Z][A-Z0-9_]+)=", path.read_text(), re.M))


SETTINGS = sorted((ROOT / "config").rglob("*.py"))


def test_the_reader_pattern_finds_what_settings_read():
    found = read_by(*SETTINGS)
    assert {"SECRET_KEY", "REDIS_URL", "TASKS_BACKEND", "ADMINS"} <= found


def test_dot_env_example_lists_every_setting():
    missing = read_by(*SETTINGS) - listed_in(ROOT / ".env.example")
    assert not missing, f".env.example lacks {sorted(missing)}"


def test_production_env_example_lists_every_setting_and_gunicorn_knob():
    read = read_by(*SETTINGS, DEPLOY / "gunicorn.conf.py") - ONLY_TESTS
    assert {"GUNICORN_WORKERS", "GUNICORN_BIND"} <= read
    missing = read - listed_in(DEPLOY / "qms.env.example")
    assert not missing, f"deploy/qms.env.example lacks {sorted(missing)}"


@pytest.mark.parametrize(
    "name",
    [
        "SECRET_KEY",
        "ALLOWED_HOSTS",
        "WAGTAILADMIN_BASE_URL",
        "DATABASE_URL",
        "REDIS_URL",
    ],
)
def test_production_example_sets_what_production_requires(name):
    text = (DEPLOY / "qms.env.example").read_text()
    assert re.search(rf"^{name}=", text, re.M), f"{name} must be an uncommented line"
