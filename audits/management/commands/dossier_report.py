"""``manage.py dossier_report``: the Form 06 report for a period and a unit."""

import datetime
import sys
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from audits.dossiers import kpi_export
from audits.dossiers.kpi import form06_report, resolve_unit
from qms.organisation.models import AdministrativeUnit
from qms.organisation.unit_coverage import period_coverage
from qms.validators import validate_plausible_date

FORMATS = ("table", "csv", "json", "xlsx")


def _date(text: str) -> datetime.date:
    try:
        day = datetime.date.fromisoformat(text)
    except ValueError:
        raise CommandError(
            _("Ngày không hợp lệ %(text)s: dùng YYYY-MM-DD") % {"text": text}
        ) from None
    # The same bounds as the imports, the push API and the dashboards' forms.
    try:
        validate_plausible_date(day)
    except ValidationError as exc:
        raise CommandError(f"{text}: {' '.join(exc.messages)}") from None
    return day


def _write(path: Path, content: str | bytes) -> None:
    """Write the report; a path that cannot be written is a sentence, not a trace."""
    try:
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    except OSError as exc:
        raise CommandError(
            _("Không ghi được %(path)s: %(reason)s")
            % {"path": path, "reason": exc.strerror or exc}
        ) from None


class Command(BaseCommand):
    """Print or write the Form 06 table: one row per unit, then TOTAL."""

    help = _("Báo cáo tình hình giải quyết hồ sơ (Mẫu 06) theo kỳ và đơn vị.")

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="date_from", required=True)
        parser.add_argument("--to", dest="date_to", required=True)
        parser.add_argument(
            "--unit", help=_("Mã đơn vị: đơn vị và mọi đơn vị cấp dưới.")
        )
        parser.add_argument("--format", choices=FORMATS, default="table")
        parser.add_argument("--output", type=Path)
        parser.add_argument(
            "--regroup",
            choices=("current",),
            help=_("Tổng hợp lại theo đơn vị hành chính hiện nay (sau 01/07/2025)."),
        )

    def handle(self, *args, date_from, date_to, unit, format, output, regroup, **opts):
        start, end = _date(date_from), _date(date_to)
        if start > end:
            raise CommandError(_("--from phải trước hoặc bằng --to."))
        chosen = None
        if unit:
            on = datetime.date.today() if regroup else end
            try:
                chosen = resolve_unit(unit, on)
            except AdministrativeUnit.DoesNotExist:
                raise CommandError(
                    _("Không có đơn vị mã %(code)s") % {"code": unit}
                ) from None
        report = form06_report(
            date_from=start,
            date_to=end,
            unit=chosen,
            regroup_current=regroup == "current",
        )
        notice = None if regroup else period_coverage(chosen, start, end)
        if notice is not None:
            # the same sentence as the dashboard, with the codes to ask for
            codes = ", ".join(f"{u.code} {u.name}" for u in notice.units)
            report.notes.insert(0, f"{notice.message} {codes}".strip())
        if format == "xlsx" and not output:
            raise CommandError(_("Định dạng xlsx cần --output TỆP.xlsx"))
        if format == "xlsx":
            content = kpi_export.render_xlsx(report)
        else:
            content = getattr(kpi_export, f"render_{format}")(report)
        if output:
            _write(output, content)
        else:
            self.stdout.write(content, ending="")
        if format in ("csv", "xlsx") or output:
            for note in report.notes:
                sys.stderr.write(note + "\n")
