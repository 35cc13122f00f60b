"""The annual inspection summary as an Excel workbook (openpyxl)."""

from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook

from audits.inspections.selectors import AnnualSummary
from qms.organisation.people import person_name
from qms.spreadsheets import xlsx_table


def _sheet(workbook, title: str, header: list[str], rows: list[list]) -> None:
    """One sheet with one header row (``qms.spreadsheets``: real numbers and
    dates with their formats, the header frozen and printed on every page)."""
    sheet = workbook.create_sheet(title)
    xlsx_table(sheet, header, rows)


def annual_summary_xlsx(summary: AnnualSummary) -> bytes:
    """Four sheets: units inspected, findings by area and grade, action
    status, overdue actions. Dates are real Excel dates shown dd/mm/yyyy."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    _sheet(
        workbook,
        _("Đơn vị được kiểm tra"),
        [
            _("Mã đơn vị"),
            _("Đơn vị"),
            _("Số quyết định"),
            _("Hình thức"),
            _("Ngày bắt đầu"),
            _("Ngày lập biên bản"),
            _("Trưởng đoàn"),
            _("Số điểm KPH"),
        ],
        [
            [
                i.unit.code,
                i.unit.name,
                i.decision_number,
                str(i.get_mode_display()),
                i.start_date,
                i.record_date,
                person_name(i.leader),
                i.nc_count,
            ]
            for i in summary.inspections
        ],
    )
    grades = summary.grades
    _sheet(
        workbook,
        _("Phát hiện theo lĩnh vực"),
        [_("Lĩnh vực"), *[label for _key, label in grades], _("Tổng")],
        [
            [
                summary.area_labels.get(area, area),
                *[counts.get(key, 0) for key, _label in grades],
                sum(counts.values()),
            ]
            for area, counts in sorted(summary.findings.items())
        ],
    )
    _sheet(
        workbook,
        _("Hành động khắc phục"),
        [_("Trạng thái"), _("Số lượng")],
        [[label, count] for label, count in summary.action_status.items()],
    )
    _sheet(
        workbook,
        _("Quá hạn"),
        [
            _("Điểm KPH"),
            _("Đơn vị thực hiện"),
            _("Hành động"),
            _("Hạn"),
            _("Số ngày quá hạn"),
        ],
        [
            [
                a.nonconformity.code,
                a.owner_unit.name,
                a.action,
                a.due_date,
                (summary.today - a.due_date).days,
            ]
            for a in summary.overdue
        ],
    )
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
