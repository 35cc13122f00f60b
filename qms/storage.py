"""Where controlled attachments and inspection evidence are kept.

They are not public: ``MEDIA_ROOT`` is served as-is in development (and often by
the web server in production), so a predictable path would bypass the commune
scope and let an uploaded HTML file run in the site's origin. Private files live
under ``PRIVATE_MEDIA_ROOT``, which has no URL; the scoped views stream them.
"""

from django.core.files.storage import FileSystemStorage, Storage, storages


def private_storage() -> Storage:
    """The storage of files only scoped views may hand out (settings.STORAGES)."""
    return storages["private"]


class PrivateFileSystemStorage(FileSystemStorage):
    """File system storage with no URL (the plain one falls back to MEDIA_URL)."""

    def url(self, name: str | None) -> str:
        raise ValueError("Private files have no URL: serve them through a view.")
