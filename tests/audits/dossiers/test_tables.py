"""The shared reader of uploaded tables: header spellings, blank rows, errors."""

import pytest
from openpyxl import Workbook

from audits.dossiers.tables import (
    MAX_LISTED_ERRORS,
    FileFormatError,
    RowError,
    RowReport,
    cell_text,
    read_table,
)

HEADERS = {"code": ("code", "ma_ho_so"), "unit": ("unit_code", "ma_don_vi")}
REQUIRED = ("code", "unit")


def write_csv(tmp_path, text, name="t.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_vietnamese_header_with_bom_and_blank_rows(tmp_path):
    path = write_csv(
        tmp_path, "\ufeffMa_Ho_So,ma_don_vi,ghi_chu\nH1,14089,x\n,,\nH2,14090,\n"
    )
    table = read_table(path, HEADERS, REQUIRED)
    assert list(table.rows) == [
        (2, {"code": "H1", "unit": "14089"}),
        (4, {"code": "H2", "unit": "14090"}),
    ]
    assert table.shown == {"code": "Ma_Ho_So", "unit": "ma_don_vi"}


def test_an_error_names_the_row_and_the_column_as_the_file_wrote_it(tmp_path):
    path = write_csv(tmp_path, "ma_ho_so,ma_don_vi\nH1,99\n")
    table = read_table(path, HEADERS, REQUIRED)
    message = table.where(2, RowError("unit", "không có đơn vị này"))
    assert message == "row 2, column ma_don_vi: không có đơn vị này"


def test_missing_column_is_named_in_both_languages(tmp_path):
    path = write_csv(tmp_path, "ma_ho_so\nH1\n")
    with pytest.raises(
        FileFormatError, match=r"row 1: thiếu cột unit_code \(ma_don_vi\)"
    ):
        read_table(path, HEADERS, REQUIRED)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("t.csv", b"", "tệp rỗng"),
        ("t.csv", "ma_ho_so,ma_don_vi\n".encode("cp1258"), None),
        ("t.csv", "mã,đơn vị\n".encode("utf-16"), "không phải UTF-8"),
        ("t.xlsx", b"code,unit_code\n", "không đọc được tệp XLSX t.xlsx"),
        ("t.ods", b"x", "định dạng .ods không được hỗ trợ"),
    ],
)
def test_unreadable_files_are_refused_with_a_sentence(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    if message is None:  # an ASCII header reads the same in any 8-bit encoding
        assert list(read_table(path, HEADERS, REQUIRED).rows) == []
        return
    with pytest.raises(FileFormatError, match=message):
        list(read_table(path, HEADERS, REQUIRED).rows)


def test_xlsx_numbers_lose_their_point_zero(tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["code", "unit_code"])
    sheet.append(["H1", 14089.0])
    sheet.append([None, None])
    path = tmp_path / "t.xlsx"
    workbook.save(path)
    rows = list(read_table(path, HEADERS, REQUIRED).rows)
    assert [(n, cell_text(r["unit"])) for n, r in rows] == [(2, "14089")]
    assert cell_text(14089.5) == "14089.5"
    assert cell_text(None) == ""


def test_short_rows_read_as_empty_cells(tmp_path):
    path = write_csv(tmp_path, "code,unit_code\nH1\n")
    assert list(read_table(path, HEADERS, REQUIRED).rows) == [
        (2, {"code": "H1", "unit": None})
    ]


def test_report_lists_the_first_errors_and_counts_the_rest(tmp_path):
    path = write_csv(tmp_path, "code,unit_code\nH1,1\n")
    table = read_table(path, HEADERS, REQUIRED)
    report = RowReport()
    assert report.ok and report.listed_errors() == []
    for number in range(2, MAX_LISTED_ERRORS + 7):
        report.refuse(table, number, RowError("code", "trùng mã"))
    lines = report.listed_errors()
    assert not report.ok
    assert len(lines) == MAX_LISTED_ERRORS + 1
    assert lines[0] == "row 2, column code: trùng mã"
    assert lines[-1] == "... và 5 lỗi khác"
