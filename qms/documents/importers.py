"""The document-set import as a browser screen (qms/imports).

Adapts ``documents_import``, which ``manage.py import_documents`` calls: a zip
of Markdown files with YAML front matter, every problem as ``file: field:
message``, all written through the workflow services in one transaction or
nothing. The legal register is not loaded from here (``--legal-texts`` stays
a command option): the documents must cite texts already in it.
"""

from pathlib import Path

from django import forms
from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qms.documents.document_files import ImportReport
from qms.documents.importer import documents_import
from qms.imports.registry import Importer, ImportOutcome, Progress
from qms.organisation.models import AdministrativeUnit


def _default_unit(params: dict) -> AdministrativeUnit | None:
    code = params.get("unit")
    if not code:
        return None
    return (
        AdministrativeUnit.objects.filter(code=code)
        .order_by(F("valid_to").desc(nulls_first=True))
        .first()
    )


class DocumentImporter(Importer):
    """A zip of controlled documents (process, forms...) with their history."""

    key = "tai-lieu"
    label = gettext_lazy("Bộ tài liệu hệ thống chất lượng")
    description = gettext_lazy(
        "Tệp ZIP các tệp Markdown (.md) có phần đầu YAML: code, title, type, "
        "issue, effective_date bắt buộc; tệp đính kèm đặt cạnh tệp .md. Văn bản "
        "pháp lý được dẫn phải có sẵn trong danh mục."
    )
    permission = "qms.add_controlleddocument"
    extensions = ("zip",)
    list_url_name = "qms_documents:dashboard"
    list_label = gettext_lazy("Xem danh mục tài liệu")

    @property
    def extra_fields(self) -> dict[str, forms.Field]:
        return {
            "unit": forms.CharField(
                label=_("Mã đơn vị chủ trì mặc định"),
                required=False,
                max_length=32,
                help_text=_("Cho các tệp không ghi unit, ví dụ 364.VP."),
            ),
            "skip_existing": forms.BooleanField(
                label=_("Bỏ qua tài liệu đã có mã trong hệ thống"), required=False
            ),
        }

    def check(self, path: Path, *, user, params: dict) -> ImportOutcome:
        return self._import(path, user=user, params=params, dry_run=True)

    def run(self, path: Path, *, user, params: dict, progress: Progress):
        progress(10, _("Đang kiểm tra lại và ghi các lần ban hành"))
        return self._import(path, user=user, params=params, dry_run=False)

    def _import(self, path: Path, *, user, params: dict, dry_run: bool):
        unit = _default_unit(params)
        if params.get("unit") and unit is None:
            message = _("unit: không có đơn vị mã %(code)s") % {"code": params["unit"]}
            return ImportOutcome.refused(message)
        report = documents_import(
            path,
            user=user,
            default_unit=unit,
            dry_run=dry_run,
            skip_existing=bool(params.get("skip_existing")),
        )
        return _outcome(report, path, dry_run=dry_run)


def _outcome(report: ImportReport, path: Path, *, dry_run: bool) -> ImportOutcome:
    # the kept file's place on the server means nothing to the person
    problems = [str(p).replace(str(path), path.name) for p in report.problems]
    notes = [
        _("Bỏ qua (tài liệu đã có): %(name)s") % {"name": name}
        for name in report.skipped
    ]
    counts = []
    if not dry_run and not problems:
        counts = [
            (_("Tài liệu mới"), report.created_documents),
            (_("Lần ban hành"), report.created_revisions),
        ]
    return ImportOutcome(
        ok=not problems,
        errors=problems[:100],
        error_count=len(problems),
        notes=notes,
        counts=counts,
    )


DOCUMENTS = DocumentImporter()
