"""compose.yaml and the Dockerfile start the same recipe as the systemd units.

Docker itself does not run on the build machine: the files are read here, and
``docker compose config`` (or docker-compose) validates compose.yaml where a
compose client is installed.
"""

import re
import shutil
import subprocess

import pytest
import yaml

from tests.deploy.helpers import DEPLOY, ROOT

COMPOSE = yaml.safe_load((ROOT / "compose.yaml").read_text())
DOCKERFILE = (ROOT / "Dockerfile").read_text()
WEASYPRINT_LIBS = {
    "libpango-1.0-0",
    "libpangoft2-1.0-0",
    "libharfbuzz0b",
    "libharfbuzz-subset0",
    "libfontconfig1",
    "libglib2.0-0",
}


def test_the_whole_stack_is_there():
    services = COMPOSE["services"]
    assert set(services) == {"db", "redis", "migrate", "web", "worker"}
    assert services["web"]["command"] == [
        "gunicorn",
        "--config",
        "deploy/gunicorn.conf.py",
    ]
    assert services["worker"]["command"][2] == "db_worker"
    assert services["migrate"]["command"][2:] == ["migrate", "--no-input"]
    for name in ("web", "worker"):
        assert services[name]["depends_on"]["migrate"] == {
            "condition": "service_completed_successfully"
        }
    # published on the loopback only, for a TLS proxy on the host
    assert services["web"]["ports"] == ["127.0.0.1:8000:8000"]


def test_app_containers_get_what_production_requires():
    app = COMPOSE["x-app"]
    assert app["env_file"] == "qms.env"
    assert app["environment"]["DATABASE_URL"].startswith("postgres://")
    assert app["environment"]["REDIS_URL"] == "redis://redis:6379/0"
    # private files in their own volume, never under the public media
    assert "private_media:/var/lib/qms/private_media" in app["volumes"]


def test_image_installs_the_base_lock_and_weasyprint_libraries():
    assert "--require-hashes -r requirements/lock-base.txt" in DOCKERFILE
    assert "pip install --no-deps --no-build-isolation -e ." in DOCKERFILE
    installed = set(re.findall(r"\b(lib[\w.+-]+)", DOCKERFILE))
    assert installed >= WEASYPRINT_LIBS
    assert "collectstatic" in DOCKERFILE
    assert re.search(r"^USER qms$", DOCKERFILE, re.M)


def test_docs_name_the_same_weasyprint_libraries():
    docs = (ROOT / "docs" / "deploy.md").read_text()
    missing = {lib for lib in WEASYPRINT_LIBS if lib not in docs}
    assert not missing


def test_secrets_stay_out_of_the_image():
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert {".venv", ".env", "*.env", "private_media", "media"} <= set(ignored)


def compose_client() -> list[str] | None:
    docker = shutil.which("docker")
    if docker:
        probe = subprocess.run(  # noqa: S603
            [docker, "compose", "version"], capture_output=True, timeout=30
        )
        if probe.returncode == 0:
            return [docker, "compose"]
    legacy = shutil.which("docker-compose")
    return [legacy] if legacy else None


def test_compose_client_accepts_the_file(tmp_path):
    client = compose_client()
    if client is None:
        pytest.skip("no docker compose client here: compose.yaml read as YAML only")
    shutil.copy(ROOT / "compose.yaml", tmp_path / "compose.yaml")
    shutil.copy(DEPLOY / "qms.env.example", tmp_path / "qms.env")
    result = subprocess.run(  # noqa: S603
        [*client, "-f", str(tmp_path / "compose.yaml"), "config", "-q"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
