"""Every variable the settings read is listed in .env.example."""

import re
from pathlib import Path

from tests.config.test_production_settings import GOOD, start

ROOT = Path(__file__).resolve().parents[2]
READ = re.compile(r"""(?:env_\w+|_required)\(\s*["']([A-Z0-9_]+)["']""")


def test_every_setting_variable_is_documented():
    read = set()
    for path in (ROOT / "config" / "settings").glob("*.py"):
        read |= set(READ.findall(path.read_text()))
    listed = {
        line.split("=", 1)[0].strip()
        for line in (ROOT / ".env.example").read_text().splitlines()
        if "=" in line and not line.lstrip().startswith("#")
    }
    assert read, "the pattern found no variables: it is out of date"
    assert sorted(read - listed) == []


def test_empty_folder_variables_mean_the_default_folders():
    """.env.example leaves MEDIA_ROOT and friends empty: not the current folder."""
    code = (
        "from django.conf import settings; "
        "print(settings.MEDIA_ROOT, settings.PRIVATE_MEDIA_ROOT, settings.STATIC_ROOT)"
    )
    empty = {"MEDIA_ROOT": "", "PRIVATE_MEDIA_ROOT": "", "STATIC_ROOT": ""}
    result = start({**GOOD, **empty}, code=code)
    assert result.returncode == 0, result.stderr
    assert [Path(p).name for p in result.stdout.split()] == [
        "media",
        "private_media",
        "static_collected",
    ]
