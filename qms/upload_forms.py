"""Wagtail's document and image forms with the shared upload check (qms.uploads).

Named by ``WAGTAILDOCS_DOCUMENT_FORM_BASE`` and ``WAGTAILIMAGES_IMAGE_FORM_BASE``,
so the single and multiple upload screens and the choosers' upload tabs all
use them. Wagtail itself only checks a document's extension.
"""

from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.forms import BaseImageForm

from qms.uploads import IMAGE, check_upload, public_document_kind


class CheckedDocumentForm(BaseDocumentForm):
    """A Wagtail document whose content must match its extension."""

    def clean_file(self):
        # An edit that keeps the stored file sends it back committed: no check.
        upload = self.cleaned_data.get("file")
        if upload and not getattr(upload, "_committed", False):
            check_upload(upload, public_document_kind())
        return upload


class CheckedImageForm(BaseImageForm):
    """A Wagtail image: never SVG, never markup renamed as a picture."""

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and not getattr(upload, "_committed", False):
            check_upload(upload, IMAGE)
        return upload
