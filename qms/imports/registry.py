"""What one kind of import is: its file, its permission, its two steps."""

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from django import forms
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.functional import Promise
from django.utils.module_loading import import_string

from qms.uploads import MB

#: ``progress(percent, message)``, as background jobs report it.
Progress = Callable[[int, str], None]


@dataclass
class ImportOutcome:
    """A check or an import, as plain data a job keeps and a page shows.

    ``errors`` are the located messages (``row N, column X: ...``) exactly as
    the command prints them, the first hundred; ``error_count`` counts all.
    ``counts`` are (label, number) pairs: rows read, created, updated...
    """

    ok: bool
    rows: int = 0
    errors: list[str] = field(default_factory=list)
    error_count: int = 0
    notes: list[str] = field(default_factory=list)
    counts: list[tuple[str, int]] = field(default_factory=list)

    def as_summary(self) -> dict:
        """The JSON a job's page shows (qms/jobs/summary.html)."""
        return {
            "ok": self.ok,
            "rows": self.rows,
            "errors": list(self.errors),
            "error_count": self.error_count,
            "notes": [str(note) for note in self.notes],
            "counts": [[str(label), number] for label, number in self.counts],
        }

    @classmethod
    def refused(cls, message: str) -> "ImportOutcome":
        """A file that cannot be read at all (format, header): one message."""
        return cls(ok=False, errors=[message], error_count=1)


class Importer:
    """One kind of import. Subclasses set the attributes and the two steps.

    ``check`` validates everything and writes nothing; ``run`` validates again
    and writes in one transaction (or nothing). Both take the person: a
    commune officer's rows for another unit are located errors.
    """

    key: str
    label: Promise
    #: What the file holds and its columns, shown above the upload field.
    description: Promise
    permission: str
    #: False for an import whose input is the form alone (units from the
    #: official-data packages): no file, ``path`` is None.
    needs_file: bool = True
    extensions: tuple[str, ...] = ("csv", "xlsx")
    max_bytes: int = 50 * MB
    #: Admin URL name of the list where the imported records are seen.
    list_url_name: str = ""
    list_label: Promise | str = ""
    #: Extra fields of the upload form (a default unit...), kept as params.
    extra_fields: dict[str, forms.Field] = {}  # noqa: RUF012 - read only

    def allowed(self, user) -> bool:
        """Whether ``user`` may use this import at all (scope comes later)."""
        return bool(user.is_active and user.has_perm(self.permission))

    def check(self, path: Path | None, *, user, params: dict) -> ImportOutcome:
        raise NotImplementedError

    def run(
        self, path: Path | None, *, user, params: dict, progress: Progress
    ) -> ImportOutcome:
        raise NotImplementedError


@cache
def _importers() -> dict[str, Importer]:
    found = {}
    for dotted in getattr(settings, "QMS_IMPORTERS", []):
        importer = import_string(dotted)
        if importer.key in found:
            raise ImproperlyConfigured(f"Two importers named {importer.key!r}.")
        found[importer.key] = importer
    return found


def importers() -> list[Importer]:
    """Every importer, in the settings' order."""
    return list(_importers().values())


def importer_for(key: str) -> Importer | None:
    return _importers().get(key)


def importers_for(user) -> list[Importer]:
    """The importers ``user`` may use (the menu and the index show these)."""
    return [importer for importer in importers() if importer.allowed(user)]
