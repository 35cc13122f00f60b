"""Every variable the settings read is listed in .env.example."""

import re
from pathlib import Path

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
