"""Figures in totals and survey files: refused with a row error, never a crash
nor a silently different number.

Found walking issue 6: "²" (str.isdigit() is true, int() fails) crashed both
commands with a traceback; "1.5" or a 12.5 XLSX cell became 15 and 125 once
the separators were stripped; a count beyond the database column passed
--dry-run and crashed the real run; a NaN indicator crashed the comparison.
"""

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from audits.dossiers.models import DossierTotal, OneStopEvaluation, SatisfactionSurvey
from audits.dossiers.tables import RowError
from audits.dossiers.totals import parse_count

pytestmark = pytest.mark.django_db

TOTALS = "ma_don_vi,tu_ngay,den_ngay,tiep_nhan_moi,da_giai_quyet,dang_giai_quyet"
SURVEY = "ma_don_vi,tu_ngay,den_ngay,so_phieu,hai_long,phan_anh_kien_nghi," + ",".join(
    f"chi_so_{i}" for i in range(1, 10)
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("325.620", 325_620),
        ("325,620", 325_620),
        ("325 620", 325_620),
        ("1.234.567", 1_234_567),
        (" 5629 ", 5629),
        (12.0, 12),
        (7, 7),
        ("", None),
        (None, None),
    ],
)
def test_counts_people_write_are_read(text, expected):
    assert parse_count(text, "received") == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("²", "không phải số nguyên"),
        ("٣٢", "không phải số nguyên"),
        ("1.5", "không phải số nguyên"),
        ("12,5", "không phải số nguyên"),
        ("1.234,567", "không phải số nguyên"),
        (12.5, "không phải số nguyên"),
        (True, "không phải số nguyên"),
        ("-5", "số âm"),
        (-5, "số âm"),
        ("99999999999999999999999", "số quá lớn"),
    ],
)
def test_other_cells_are_row_errors(text, message):
    with pytest.raises(RowError, match=message):
        parse_count(text, "received")


@pytest.mark.parametrize(
    "value",
    ["²", "1.5", "9999999999999999999999", "-3"],
    ids=["superscript", "decimal", "too-big", "negative"],
)
@pytest.mark.parametrize("dry_run", [True, False], ids=["dry-run", "import"])
def test_totals_file_with_a_bad_count_is_refused(
    commune, tmp_path, capsys, value, dry_run
):
    path = tmp_path / "tong_hop.csv"
    path.write_text(
        f"{TOTALS}\n14089,01/01/2021,31/12/2021,{value},1,0\n", encoding="utf-8"
    )
    with pytest.raises(CommandError, match="1 lỗi"):
        call_command("import_dossier_totals", str(path), dry_run=dry_run)
    assert "row 2, column tiep_nhan_moi:" in capsys.readouterr().err
    assert not DossierTotal.objects.exists()


def test_totals_xlsx_decimal_cell_is_refused_not_multiplied(commune, tmp_path, capsys):
    workbook = Workbook()
    workbook.active.append(TOTALS.split(","))
    workbook.active.append(["14089", "01/01/2021", "31/12/2021", 12.5, 12, 0])
    path = tmp_path / "tong_hop.xlsx"
    workbook.save(path)
    with pytest.raises(CommandError, match="1 lỗi"):
        call_command("import_dossier_totals", str(path))
    assert "row 2, column tiep_nhan_moi: không phải số nguyên: 12.5" in (
        capsys.readouterr().err
    )
    assert not DossierTotal.objects.exists()


@pytest.mark.parametrize(
    ("cells", "column"),
    [
        ("²,1,0," + ",".join(["2"] * 9), "so_phieu"),
        ("100,1.5,0," + ",".join(["2"] * 9), "hai_long"),
        ("9999999999999,1,0," + ",".join(["2"] * 9), "so_phieu"),
        ("100,50,0,NaN," + ",".join(["2"] * 8), "chi_so_1"),
        ("100,50,0,sNaN," + ",".join(["2"] * 8), "chi_so_1"),
        ("100,50,0,1.999," + ",".join(["2"] * 8), "chi_so_1"),
    ],
    ids=["superscript", "decimal-count", "too-big", "nan", "snan", "three-decimals"],
)
@pytest.mark.parametrize("dry_run", [True, False], ids=["dry-run", "import"])
def test_survey_file_with_a_bad_figure_is_refused(
    commune, tmp_path, capsys, cells, column, dry_run
):
    path = tmp_path / "khao_sat.csv"
    path.write_text(
        f"{SURVEY}\n14089,01/01/2022,31/12/2022,{cells}\n", encoding="utf-8"
    )
    with pytest.raises(CommandError, match="1 lỗi"):
        call_command("import_satisfaction", str(path), dry_run=dry_run)
    assert f"row 2, column {column}:" in capsys.readouterr().err
    assert not SatisfactionSurvey.objects.exists()
    assert not OneStopEvaluation.objects.exists()


@pytest.mark.parametrize(
    "content",
    [b"\x00\x01binary", b"PK\x03\x04truncated", b"ma_don_vi,tu_ngay\n14089,x\n"],
    ids=["binary", "truncated-zip", "renamed-csv"],
)
@pytest.mark.parametrize("command", ["import_dossier_totals", "import_satisfaction"])
def test_a_file_that_is_not_really_xlsx_is_a_sentence_not_a_traceback(
    tmp_path, content, command
):
    path = tmp_path / "so_lieu.xlsx"
    path.write_bytes(content)
    with pytest.raises(CommandError, match="không đọc được tệp XLSX so_lieu.xlsx"):
        call_command(command, str(path))
