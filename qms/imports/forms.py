"""The upload form of an import: the file, and what the importer asks for."""

from django import forms
from django.utils.translation import gettext_lazy as _

from qms.imports.registry import Importer


class ImportUploadForm(forms.Form):
    """One file; the importer's extra fields (a default unit...) after it."""

    file = forms.FileField(label=_("Tệp cần nhập"))

    def __init__(self, *args, importer: Importer, **kwargs):
        super().__init__(*args, **kwargs)
        self.importer = importer
        if not importer.needs_file:
            del self.fields["file"]
        else:
            self._describe_file(importer)
        for name, field in importer.extra_fields.items():
            self.fields[name] = field

    def _describe_file(self, importer: Importer) -> None:
        accepted = ", ".join(f".{ext}" for ext in importer.extensions)
        self.fields["file"].widget.attrs["accept"] = accepted
        self.fields["file"].help_text = _(
            "Nhận %(extensions)s, tối đa %(limit)s MB. Hệ thống kiểm tra toàn bộ "
            "tệp trước, chưa ghi gì."
        ) % {"extensions": accepted, "limit": importer.max_bytes // (1024 * 1024)}

    def params(self) -> dict:
        """The extra fields' values, as JSON for the job."""
        return {
            name: self.cleaned_data.get(name)
            for name in self.importer.extra_fields
            if self.cleaned_data.get(name) not in (None, "")
        }
