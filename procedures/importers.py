"""The procedure catalogue import as a browser screen (qms/imports).

Adapts ``procedures_import``, which ``manage.py import_procedures`` calls: the
same JSON, the same ``item N (code): field: message`` lines. From the browser
new revisions always go to the approval workflow (the command's ``--publish``
is for the demo and for people who may publish).
"""

from pathlib import Path

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from procedures.models import CatalogueIndexPage
from procedures.services import (
    ImportReport,
    ProcedureImportError,
    procedures_import,
    procedures_read,
)
from qms.imports.registry import Importer, ImportOutcome, Progress
from qms.uploads import MB


class ProcedureImporter(Importer):
    """A JSON list of procedures; each becomes a page revision to approve."""

    key = "thu-tuc"
    label = gettext_lazy("Danh mục thủ tục hành chính")
    description = gettext_lazy(
        "Tệp JSON: danh sách các thủ tục (code, name, field, level bắt buộc; "
        "agency, online_level, steps, channels, documents, applicants, result, "
        "requirements, fees, legal_basis tuỳ chọn). Thủ tục đã có mã được tạo "
        "phiên bản mới; mọi phiên bản mới được trình lãnh đạo phê duyệt."
    )
    permission = ""
    extensions = ("json",)
    max_bytes = 20 * MB
    list_url_name = "wagtailadmin_explore_root"
    list_label = gettext_lazy("Xem các trang")

    def allowed(self, user) -> bool:
        """Who may add and edit pages under the catalogue (Wagtail's page rights)."""
        if not user.is_active:
            return False
        index = CatalogueIndexPage.objects.order_by("path").first()
        if index is None:
            return False
        rights = index.permissions_for_user(user)
        return rights.can_add_subpage() and rights.can_edit()

    def check(self, path: Path, *, user, params: dict) -> ImportOutcome:
        return self._import(path, user=user, dry_run=True)

    def run(self, path: Path, *, user, params: dict, progress: Progress):
        progress(10, _("Đang kiểm tra lại và ghi các phiên bản"))
        return self._import(path, user=user, dry_run=False)

    def _import(self, path: Path, *, user, dry_run: bool) -> ImportOutcome:
        try:
            items = procedures_read(path)
            report = procedures_import(items, user=user, dry_run=dry_run)
        except ProcedureImportError as error:
            return ImportOutcome(
                ok=False, errors=error.errors[:100], error_count=len(error.errors)
            )
        return ImportOutcome(
            ok=True,
            rows=len(items),
            counts=_counts(report, dry_run=dry_run),
            notes=_notes(report, dry_run=dry_run),
        )


def _counts(report: ImportReport, *, dry_run: bool) -> list[tuple[str, int]]:
    if dry_run:
        return [
            (_("Thủ tục mới (sẽ tạo)"), len(report.created)),
            (_("Thủ tục đã có (sẽ tạo phiên bản mới)"), len(report.updated)),
        ]
    return [
        (_("Thủ tục mới"), len(report.created)),
        (_("Thủ tục cập nhật (phiên bản mới)"), len(report.updated)),
    ]


def _notes(report: ImportReport, *, dry_run: bool) -> list[str]:
    notes = []
    if report.new_sectors:
        notes.append(
            _("Lĩnh vực mới: %(names)s") % {"names": ", ".join(report.new_sectors)}
        )
    if not dry_run:
        notes.append(
            _("Đã trình lãnh đạo phê duyệt.")
            if report.submitted
            else _("Đã lưu bản nháp (trang chưa có quy trình phê duyệt).")
        )
    return notes


PROCEDURES = ProcedureImporter()
