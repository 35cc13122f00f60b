"""Browser tests: Playwright driving Debian's Chromium against a live server.

Without /usr/bin/chromium these tests fail in CI (``CI`` set) and are skipped
with a clear reason elsewhere, so a laptop without Chromium can still run the
rest of the suite.
"""

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.utils.module_loading import import_string

from tests.conftest import ensure_wagtail_tree

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "build" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "demo_loaders(*paths): load only these DEMO_LOADERS in the demo fixture",
    )


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Launch the system's Chromium; never a downloaded browser build."""
    if not Path(CHROMIUM).exists():
        message = f"Chromium not found at {CHROMIUM}: apt-get install -y chromium"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture
def screenshot():
    """``screenshot(page, name)`` saves build/screenshots/<name>.png to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def _take(page, name: str) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return _take


@pytest.fixture
def demo(request, transactional_db, django_db_serialized_rollback):
    """The demo deployment in the live database.

    All of settings.DEMO_LOADERS unless the test names the ones it needs with
    ``@pytest.mark.demo_loaders(...)``: the dossier demo alone takes seconds.
    """

    class _Out:
        def write(self, *_args, **_kwargs):
            return None

    marker = request.node.get_closest_marker("demo_loaders")
    paths = list(marker.args) if marker else settings.DEMO_LOADERS
    ensure_wagtail_tree()
    for path in paths:
        import_string(path)(stdout=_Out())


def admin_login(page, live_server, username: str, password: str) -> None:
    """Log into the Wagtail admin through its real login form."""
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")
