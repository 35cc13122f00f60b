"""The dossier file format: columns, accepted values, and the import's report.

Shared by both import paths, the Python one (``audits.dossiers.imports``) and
PostgreSQL's COPY (``audits.dossiers.copy_import``, ``copy_sql``), so a file
means the same whichever path reads it.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from audits.dossiers.choices import DossierStatus
from audits.dossiers.tables import RowReport
from qms.choices import Channel, OnlineLevel

#: Canonical column → accepted header spellings (English and Vietnamese).
HEADERS = {
    "dossier_code": ("dossier_code", "ma_ho_so"),
    "procedure_code": ("procedure_code", "ma_thu_tuc"),
    "unit_code": ("unit_code", "ma_don_vi"),
    "channel": ("channel", "kenh_nop"),
    "online_level": ("online_level", "muc_do"),
    "received_at": ("received_at", "ngay_tiep_nhan"),
    "due_at": ("due_at", "ngay_hen_tra"),
    "resolved_at": ("resolved_at", "ngay_tra_ket_qua"),
    "status": ("status", "trang_thai"),
}
REQUIRED = ("dossier_code", "unit_code", "channel", "received_at", "due_at")

CHANNEL_ALIASES = {
    "direct": Channel.DIRECT,
    "truc_tiep": Channel.DIRECT,
    "online": Channel.ONLINE,
    "truc_tuyen": Channel.ONLINE,
    "postal": Channel.POSTAL,
    "buu_chinh": Channel.POSTAL,
}
#: A dossier that did not come online stores no level.
ONLINE_LEVEL_ALIASES = {
    "": "",
    "none": "",
    "khong": "",
    "partial": OnlineLevel.PARTIAL,
    "mot_phan": OnlineLevel.PARTIAL,
    "full": OnlineLevel.FULL,
    "toan_trinh": OnlineLevel.FULL,
}
STATUS_ALIASES = {
    "": DossierStatus.NORMAL,
    "withdrawn": DossierStatus.WITHDRAWN,
    "returned": DossierStatus.RETURNED,
}


@dataclass
class ImportReport(RowReport):
    """Outcome of an import: rows read, problems, and what was written."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    dry_run: bool = False
    #: Rows that repeat an earlier row exactly (same code, same content):
    #: imported once, listed so the person knows.
    repeated_rows: list[int] = field(default_factory=list)

    def notes(self) -> list[str]:
        """What the person should know that is not an error (exact repeats)."""
        if not self.repeated_rows:
            return []
        shown = ", ".join(str(n) for n in self.repeated_rows[:20])
        if len(self.repeated_rows) > 20:
            shown += ", …"
        return [
            _(
                "%(count)s dòng lặp lại y hệt một dòng trước (dòng %(rows)s): "
                "mỗi hồ sơ chỉ nhập một lần."
            )
            % {"count": len(self.repeated_rows), "rows": shown}
        ]
