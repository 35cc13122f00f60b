"""Shared by the tests of the deployment recipe (deploy/)."""

import os
import shutil
import socket
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
# The shipped files name the installed layout of docs/deploy.md.
INSTALL_HOME = "/opt/qms"
ENV_FILE = "/etc/qms/qms.env"


def require_tool(name: str, why: str) -> str:
    """The path of ``name``; skip locally, fail in CI (CI set) when missing."""
    path = shutil.which(name) or shutil.which(name, path="/usr/sbin:/sbin")
    if path:
        return path
    message = f"{name} is not installed ({why}); apt-get install -y {name}"
    if os.environ.get("CI"):
        pytest.fail(f"CI: {message}")
    pytest.skip(message)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
