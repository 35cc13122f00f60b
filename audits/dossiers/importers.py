"""The dossier, totals and survey imports as browser screens (qms/imports).

Each adapts the service its management command calls (``dossiers_import``,
``dossier_totals_import``, ``satisfaction_import``): same validation, same
located messages, plus the person's scope (a commune officer's rows for
another unit are errors).
"""

from pathlib import Path

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audits.dossiers.file_format import HEADERS, REQUIRED
from audits.dossiers.imports import dossiers_import
from audits.dossiers.satisfaction import satisfaction_import
from audits.dossiers.tables import FileFormatError, RowReport
from audits.dossiers.totals import dossier_totals_import
from qms.imports.registry import Importer, ImportOutcome, Progress
from qms.organisation.scoping import unit_ids_for


def _columns(headers: dict, required: tuple) -> str:
    return ", ".join(
        aliases[1] + ("*" if name in required else "")
        for name, aliases in headers.items()
    )


def _outcome(report: RowReport, counts: list, notes: list) -> ImportOutcome:
    return ImportOutcome(
        ok=report.ok,
        rows=report.rows,
        errors=report.listed_errors(),
        error_count=report.error_count,
        notes=notes,
        counts=[(_("Dòng dữ liệu"), report.rows), *counts] if report.ok else [],
    )


class DossierImporter(Importer):
    """Dossiers exported by the one-stop software (``import_dossiers``)."""

    key = "ho-so"
    label = gettext_lazy("Hồ sơ thủ tục")
    permission = "audits.import_dossier"
    list_url_name = "audits_dossiers:index"
    list_label = gettext_lazy("Xem danh sách hồ sơ")

    @property
    def description(self) -> str:
        return _(
            "Tệp CSV (UTF-8) hoặc XLSX xuất từ phần mềm một cửa, một dòng một hồ "
            "sơ. Cột (* bắt buộc): %(columns)s. Hồ sơ đã có (cùng mã) được cập "
            "nhật; một mã hồ sơ lặp lại với nội dung khác làm tệp bị từ chối."
        ) % {"columns": _columns(HEADERS, REQUIRED)}

    def check(self, path: Path, *, user, params: dict) -> ImportOutcome:
        return self._import(path, user=user, dry_run=True)

    def run(self, path: Path, *, user, params: dict, progress: Progress):
        total = max(int(params.get("rows") or 0), 1)
        done = {"validate": 0, "write": 0}

        def rows_done(phase: str, rows: int) -> None:
            if phase == "read":
                # PostgreSQL's COPY is streaming on this connection: a query
                # now (the job's progress) would wait for it forever
                return
            # the COPY path's phases count as the Python path's two
            phase = "write" if phase in ("write", "check_write") else "validate"
            done[phase] += rows
            if phase == "validate":
                share = min(done["validate"] / total, 1)
                progress(2 + round(48 * share), _("Đang kiểm tra lại từng dòng"))
            else:
                share = min(done["write"] / total, 1)
                progress(50 + round(49 * share), _("Đang ghi hồ sơ"))

        return self._import(path, user=user, dry_run=False, progress=rows_done)

    def _import(self, path: Path, *, user, dry_run: bool, progress=None):
        try:
            report = dossiers_import(
                path,
                dry_run=dry_run,
                progress=progress,
                allowed_unit_ids=unit_ids_for(user),
            )
        except FileFormatError as error:
            return ImportOutcome.refused(str(error))
        counts = []
        if not dry_run:
            counts = [
                (_("Hồ sơ mới"), report.created),
                (_("Cập nhật"), report.updated),
                (_("Không đổi"), report.unchanged),
            ]
        return _outcome(report, counts, report.notes())


class TotalsImporter(Importer):
    """Form 06 totals per unit and period (``import_dossier_totals``)."""

    key = "so-lieu-tong-hop"
    label = gettext_lazy("Số liệu tổng hợp Mẫu 06")
    description = gettext_lazy(
        "Số liệu tổng hợp theo đơn vị và kỳ (CSV hoặc XLSX): ma_don_vi, tu_ngay, "
        "den_ngay và các cột số liệu (tu_ky_truoc, tiep_nhan_moi, truc_tiep, "
        "truc_tuyen, buu_chinh, da_giai_quyet, truoc_han, dung_han, qua_han, "
        "dang_giai_quyet_trong_han, dang_giai_quyet_qua_han, rut_tra_lai). Số liệu "
        "không cân đối vẫn được nhận nhưng từng điểm không khớp được báo."
    )
    permission = "audits.import_dossiertotal"
    list_url_name = "audits_dossier_dashboard"
    list_label = gettext_lazy("Xem kết quả giải quyết hồ sơ")

    def check(self, path: Path, *, user, params: dict) -> ImportOutcome:
        return self._import(path, user=user, dry_run=True)

    def run(self, path: Path, *, user, params: dict, progress: Progress):
        progress(10, _("Đang kiểm tra lại và ghi"))
        return self._import(path, user=user, dry_run=False)

    def _import(self, path: Path, *, user, dry_run: bool) -> ImportOutcome:
        try:
            report = dossier_totals_import(
                path, dry_run=dry_run, allowed_unit_ids=unit_ids_for(user)
            )
        except FileFormatError as error:
            return ImportOutcome.refused(str(error))
        notes = [
            _("Không khớp: %(line)s") % {"line": line}
            for line in report.inconsistencies
        ]
        counts = [] if dry_run else [(_("Dòng đã ghi"), report.written)]
        return _outcome(report, counts, notes)


class SatisfactionImporter(Importer):
    """Satisfaction surveys and the nine indicators (``import_satisfaction``)."""

    key = "khao-sat"
    label = gettext_lazy("Khảo sát sự hài lòng")
    description = gettext_lazy(
        "Kết quả khảo sát và chín chỉ số đánh giá một cửa theo đơn vị và kỳ (CSV "
        "hoặc XLSX): ma_don_vi, tu_ngay, den_ngay, so_phieu, hai_long, "
        "phan_anh_kien_nghi, chi_so_1..chi_so_9; xếp loại theo Thông tư "
        "01/2018/TT-VPCP."
    )
    permission = "audits.import_satisfactionsurvey"
    list_url_name = "audits_dossier_dashboard"
    list_label = gettext_lazy("Xem kết quả giải quyết hồ sơ")

    def check(self, path: Path, *, user, params: dict) -> ImportOutcome:
        return self._import(path, user=user, dry_run=True)

    def run(self, path: Path, *, user, params: dict, progress: Progress):
        progress(10, _("Đang kiểm tra lại và ghi"))
        return self._import(path, user=user, dry_run=False)

    def _import(self, path: Path, *, user, dry_run: bool) -> ImportOutcome:
        try:
            report = satisfaction_import(
                path, dry_run=dry_run, allowed_unit_ids=unit_ids_for(user)
            )
        except FileFormatError as error:
            return ImportOutcome.refused(str(error))
        notes = [
            f"{code}: {total} / 18 → {rating}"
            for code, total, rating in report.evaluations
        ]
        counts = []
        if not dry_run:
            counts = [
                (_("Kết quả khảo sát"), report.surveys),
                (_("Đánh giá"), len(report.evaluations)),
            ]
        return _outcome(report, counts, notes)


DOSSIERS = DossierImporter()
TOTALS = TotalsImporter()
SATISFACTION = SatisfactionImporter()
