"""Re-merge the Vietnamese Wagtail catalogue after a Wagtail upgrade.

Usage (from the project root; polib is a dev-only tool, not a runtime dependency):

    .venv/bin/pip install polib
    .venv/bin/python locale_wagtail/update_catalogue.py

For each domain (django, djangojs) this reads the msgids of the Wagtail apps we
use from Wagtail's English catalogues, keeps every translation already in
``locale_wagtail/vi/LC_MESSAGES/<domain>.po``, falls back to Wagtail's own
Vietnamese translation for new strings, keeps our extra non-Wagtail entries
(Django core, taggit, django-filter strings missing from their vi catalogues),
drops strings Wagtail no longer has, then compiles the .mo with
``msgfmt --check``. New untranslated strings are listed so they can be
translated by hand.
"""

import subprocess
import sys
from pathlib import Path

import polib
import wagtail

WAGTAIL = Path(wagtail.__file__).parent
HERE = Path(__file__).parent / "vi" / "LC_MESSAGES"
APPS = {
    "django": [
        "admin",
        "",
        "users",
        "snippets",
        "documents",
        "images",
        "contrib/settings",
        "sites",
        "contrib/redirects",
        "contrib/forms",
        "embeds",
        "search",
    ],
    "djangojs": ["admin"],
}
EXTRA_MARK = "missing from"  # comment on our non-Wagtail entries


def translation(entry):
    return entry.msgstr_plural.get(0, "") if entry.msgid_plural else entry.msgstr


def merge(domain, apps):
    path = HERE / f"{domain}.po"
    current = polib.pofile(str(path))
    memory = {(e.msgctxt, e.msgid): e for e in current if translation(e)}
    merged = polib.POFile(wrapwidth=79)
    merged.header = current.header
    merged.metadata = current.metadata
    seen, missing = set(), []
    for app in apps:
        base = WAGTAIL / app / "locale"
        english = polib.pofile(str(base / "en" / "LC_MESSAGES" / f"{domain}.po"))
        vi_path = base / "vi" / "LC_MESSAGES" / f"{domain}.po"
        upstream = {}
        if vi_path.exists():
            upstream = {
                (e.msgctxt, e.msgid): translation(e)
                for e in polib.pofile(str(vi_path)).translated_entries()
            }
        for source in english:
            key = (source.msgctxt, source.msgid)
            if source.obsolete or key in seen:
                continue
            seen.add(key)
            text = translation(memory[key]) if key in memory else upstream.get(key, "")
            entry = polib.POEntry(
                msgid=source.msgid,
                msgctxt=source.msgctxt,
                flags=[f for f in source.flags if f != "fuzzy"],
                occurrences=[
                    ("wagtail/" + (app + "/" if app else "") + o[0], o[1])
                    for o in source.occurrences
                ],
                comment=source.comment,
            )
            if source.msgid_plural:
                entry.msgid_plural = source.msgid_plural
                entry.msgstr_plural = {0: text}
            else:
                entry.msgstr = text
            if not text:
                missing.append(source.msgid)
            merged.append(entry)
    for entry in current:
        ours = EXTRA_MARK in (entry.comment or "")
        if ours and (entry.msgctxt, entry.msgid) not in seen:
            merged.append(entry)
    merged.save(str(path))
    # msgfmt (GNU gettext) from PATH, fixed arguments: a developer tool.
    subprocess.run(  # noqa: S603
        ["msgfmt", "--check", "-o", str(HERE / f"{domain}.mo"), str(path)],  # noqa: S607
        check=True,
    )
    total = len(merged)
    sys.stdout.write(f"{domain}: {total - len(missing)}/{total} translated\n")
    for msgid in missing:
        sys.stdout.write("  untranslated: " + msgid.replace("\n", " ")[:100] + "\n")
    return not missing


if __name__ == "__main__":
    results = [merge(domain, apps) for domain, apps in APPS.items()]
    sys.exit(0 if all(results) else 1)
