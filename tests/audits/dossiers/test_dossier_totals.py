"""import_dossier_totals: accepted when they do not add up, but reported."""

import datetime
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from audits.dossiers.kpi import form06_report
from audits.dossiers.models import DossierTotal
from qms.organisation.choices import UnitLevel
from qms.organisation.models import LEGACY_END, AdministrativeUnit
from tests.audits.dossiers.factories import make_dossier

pytestmark = pytest.mark.django_db

HEADER = (
    "ma_don_vi,tu_ngay,den_ngay,tiep_nhan_moi,truoc_han_va_dung_han,qua_han,"
    "dang_giai_quyet_trong_han,dang_giai_quyet_qua_han"
)


@pytest.fixture
def tay_ninh(db):
    return AdministrativeUnit.objects.create(
        code="72", name="Tỉnh Tây Ninh", level=UnitLevel.PROVINCE, valid_to=LEGACY_END
    )


def test_tay_ninh_2021_is_accepted_and_its_gap_reported(tay_ninh, tmp_path, capsys):
    path = tmp_path / "tong_hop.csv"
    path.write_text(
        HEADER + '\n72,01/01/2021,31/12/2021,"325.620","315.955",5629,3313,726\n',
        encoding="utf-8",
    )
    call_command("import_dossier_totals", str(path))
    out = capsys.readouterr().out
    assert "325.620" in out
    assert "325.623" in out
    assert "lệch 3" in out
    total = DossierTotal.objects.get(unit=tay_ninh)
    assert total.received == 325_620
    assert total.resolved == 321_584
    assert total.pending is None
    assert len(total.issues) == 1
    report = form06_report(
        date_from=datetime.date(2021, 1, 1),
        date_to=datetime.date(2021, 12, 31),
        unit=tay_ninh,
    )
    row = report.rows[0]
    assert report.from_totals == ["72"]
    assert any("báo cáo tổng hợp" in note for note in report.notes)
    assert row["pending"] == 4039
    # (315,955) / 321,584 resolved
    assert row["on_time_rate"] == Decimal("98.25")
    # published as a share of received: 97.03 % — a different denominator
    assert round(315_955 / 325_620 * 100, 2) == 97.03


def test_reimport_replaces_the_period_and_balanced_rows_have_no_issue(
    tay_ninh, tmp_path, capsys
):
    path = tmp_path / "t.csv"
    path.write_text(
        "unit_code,period_from,period_to,received,resolved_early,resolved_on_time,"
        "resolved_late,pending_in_time,pending_overdue,withdrawn,carried_over\n"
        "72,2021-01-01,2021-12-31,100,50,30,10,5,3,2,0\n",
        encoding="utf-8",
    )
    call_command("import_dossier_totals", str(path))
    call_command("import_dossier_totals", str(path))
    assert DossierTotal.objects.count() == 1
    assert DossierTotal.objects.get().issues == []
    assert "0 điểm không khớp" in capsys.readouterr().out


def test_parts_that_do_not_sum_are_reported(tay_ninh, tmp_path, capsys):
    path = tmp_path / "t.csv"
    path.write_text(
        "unit_code,period_from,period_to,received,received_direct,received_online,"
        "received_postal,resolved,pending\n"
        "72,2021-01-01,2021-12-31,100,90,5,1,95,5\n",
        encoding="utf-8",
    )
    call_command("import_dossier_totals", str(path))
    out = capsys.readouterr().out
    assert "received = 100" in out
    assert "= 96" in out


def test_records_win_over_totals_for_the_same_unit(district, commune):
    make_dossier(
        commune, received=datetime.date(2021, 2, 1), due=datetime.date(2021, 2, 2)
    )
    DossierTotal.objects.create(
        unit=commune,
        period_from=datetime.date(2021, 1, 1),
        period_to=datetime.date(2021, 12, 31),
        received=999,
    )
    report = form06_report(
        date_from=datetime.date(2021, 1, 1),
        date_to=datetime.date(2021, 12, 31),
        unit=district,
    )
    assert report.total["received"] == 1
    assert report.from_totals == []
    assert any("hồ sơ chi tiết" in note for note in report.notes)


def test_bad_rows_write_nothing(tay_ninh, tmp_path, capsys):
    path = tmp_path / "t.csv"
    path.write_text(
        HEADER + "\n72,2021-01-01,2021-12-31,10,5,1,1,1\n"
        "72,2021-12-31,2021-01-01,10,5,1,1,1\n99,2021-01-01,2021-12-31,x,5,1,1,1\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError, match="2 lỗi"):
        call_command("import_dossier_totals", str(path))
    err = capsys.readouterr().err
    assert "row 3, column den_ngay:" in err
    assert "row 4, column ma_don_vi:" in err
    assert not DossierTotal.objects.exists()


def test_an_xlsx_with_numeric_unit_codes_and_zero_rows(tay_ninh, tmp_path):
    """Spreadsheets store 72 as 72.0, and a row of zeros is data, not blank."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER.split(","))
    sheet.append([72.0, "01/01/2021", "31/12/2021", 0, 0, 0, 0, 0])
    path = tmp_path / "tong_hop.xlsx"
    workbook.save(path)
    call_command("import_dossier_totals", str(path))
    total = DossierTotal.objects.get(unit=tay_ninh)
    assert (total.received, total.resolved, total.resolved_late) == (0, 0, 0)
