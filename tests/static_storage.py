"""The test suite's static storage: a name no static file has is an error.

Production keeps a manifest of hashed names (ManifestStaticFilesStorage) and
answers a name it does not know with ``ValueError``, a 500: a template that
builds a file name in two halves (``{% static 'fonts/x-' %}{{ weight }}``)
worked in development and failed only in production. This storage refuses
such names in every test, without collecting the files first.
"""

from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import StaticFilesStorage


class StrictStaticFilesStorage(StaticFilesStorage):
    """``url(name)`` only for a name the static-file finders know."""

    def url(self, name: str | None) -> str:
        if name and finders.find(name.split("?")[0].split("#")[0]) is None:
            raise ValueError(f"No static file is named {name!r}.")
        return super().url(name)
