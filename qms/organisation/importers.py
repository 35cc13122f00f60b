"""Loading administrative units as a browser screen (qms/imports).

Adapts ``units_load``, which ``manage.py load_units`` calls. The input is the
form (province codes, structure), not a file: the units come from the
official-data packages. The check loads them in a transaction that is rolled
back, so the report says what the load would create.
"""

import re
from pathlib import Path

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qms.imports.registry import Importer, ImportOutcome, Progress
from qms.organisation.unit_loader import (
    STRUCTURES,
    LoadReport,
    UnitLoadError,
    units_load,
)

_LABELS = {
    "legacy:province": gettext_lazy("Tỉnh (trước 2025)"),
    "legacy:district": gettext_lazy("Huyện (trước 2025)"),
    "legacy:commune": gettext_lazy("Xã (trước 2025)"),
    "current:province": gettext_lazy("Tỉnh (từ 01/07/2025)"),
    "current:commune": gettext_lazy("Xã (từ 01/07/2025)"),
}


def _province_codes(value: str) -> str:
    codes = [code for code in re.split(r"[\s,;]+", value) if code]
    if not codes or any(not code.isdigit() or len(code) > 2 for code in codes):
        raise ValidationError(
            _("Nhập mã tỉnh trước 2025, 2 chữ số, cách nhau bằng dấu phẩy: 36, 72.")
        )
    return ",".join(codes)


class _Provinces(forms.CharField):
    def clean(self, value):
        return _province_codes(super().clean(value) or "")


class UnitImporter(Importer):
    """Units of the deployment's provinces, legacy and current, and their links."""

    key = "don-vi"
    label = gettext_lazy("Đơn vị hành chính")
    description = gettext_lazy(
        "Nạp đơn vị hành chính (trước và sau sắp xếp ngày 01/07/2025) của các "
        "tỉnh đã chọn từ gói dữ liệu chính thức; đơn vị đã có không bị tạo lại."
    )
    #: Units are the deployment's configuration: no role holds it (superusers).
    permission = "qms.add_administrativeunit"
    needs_file = False
    list_url_name = "units:index"
    list_label = gettext_lazy("Xem danh sách đơn vị")

    @property
    def extra_fields(self) -> dict[str, forms.Field]:
        return {
            "provinces": _Provinces(
                label=_("Mã tỉnh (trước 2025)"),
                max_length=200,
                help_text=_("Ví dụ 36 (Nam Định); nhiều tỉnh cách nhau bằng dấu phẩy."),
            ),
            "structure": forms.ChoiceField(
                label=_("Cơ cấu"),
                choices=[
                    ("both", _("Cả hai (và liên kết đơn vị kế thừa)")),
                    ("legacy", _("Trước 01/07/2025")),
                    ("current", _("Từ 01/07/2025")),
                ],
                initial="both",
            ),
        }

    def check(self, path: Path | None, *, user, params: dict) -> ImportOutcome:
        with transaction.atomic():
            outcome = self._load(params, dry_run=True)
            transaction.set_rollback(True)
        return outcome

    def run(self, path: Path | None, *, user, params: dict, progress: Progress):
        progress(10, _("Đang nạp đơn vị"))
        with transaction.atomic():
            return self._load(params, dry_run=False)

    def _load(self, params: dict, *, dry_run: bool) -> ImportOutcome:
        structure = params.get("structure", "both")
        if structure not in STRUCTURES:
            return ImportOutcome.refused(_("structure: giá trị không hợp lệ"))
        provinces = [code for code in params.get("provinces", "").split(",") if code]
        try:
            report = units_load(provinces=provinces, structure=structure)
        except UnitLoadError as error:
            return ImportOutcome.refused(f"province: {error}")
        return ImportOutcome(
            ok=True,
            rows=report.total,
            counts=_counts(report, dry_run=dry_run),
            notes=[_("Tỉnh: %(name)s") % {"name": name} for name in report.provinces],
        )


def _counts(report: LoadReport, *, dry_run: bool) -> list[tuple[str, int]]:
    suffix = _(" (sẽ tạo)") if dry_run else ""
    counts = [
        (f"{label}{suffix}", report.created.get(key, 0))
        for key, label in _LABELS.items()
    ]
    counts.append((_("Liên kết đơn vị kế thừa") + suffix, report.successor_links))
    return counts


UNITS = UnitImporter()
