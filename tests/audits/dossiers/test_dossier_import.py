"""import_dossiers: formats, aliases, validation of the whole file, upsert."""

import datetime

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from audits.dossiers.imports import dossiers_import, parse_moment
from audits.dossiers.models import Dossier
from audits.dossiers.services import LOCAL_TZ
from qms.organisation.models import AdministrativeUnit

pytestmark = pytest.mark.django_db

VI_HEADER = (
    "ma_ho_so,ma_thu_tuc,ma_don_vi,kenh_nop,muc_do,ngay_tiep_nhan,ngay_hen_tra,"
    "ngay_tra_ket_qua,trang_thai"
)
EN_HEADER = (
    "dossier_code,procedure_code,unit_code,channel,online_level,received_at,due_at,"
    "resolved_at,status"
)


def write_csv(tmp_path, lines, *, bom=False, name="hoso.csv"):
    path = tmp_path / name
    text = "\n".join(lines) + "\n"
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return path


def test_vietnamese_headers_with_bom_aliases_and_date_formats(tmp_path, commune):
    path = write_csv(
        tmp_path,
        [
            VI_HEADER,
            "H1,1.001193,14089,truc_tiep,,05/01/2021 08:30,05/01/2021,05/01/2021,",
            "H2,1.000894,14089,truc_tuyen,toan_trinh,2021-01-05T09:00:00,"
            "2021-01-08,2021-01-07 10:15,",
            "H3,2.000815,14089,buu_chinh,,2021-01-05 10:00:30,2021-01-06,,",
            "H4,2.000815,14089,truc_tiep,,2021-01-05,2021-01-06,2021-01-06,withdrawn",
        ],
        bom=True,
    )
    call_command("import_dossiers", str(path))
    h1, h2, h3, h4 = (Dossier.objects.get(code=c) for c in ("H1", "H2", "H3", "H4"))
    assert h1.unit == commune
    assert h1.received_at == datetime.datetime(2021, 1, 5, 8, 30, tzinfo=LOCAL_TZ)
    assert (h1.channel, h1.outcome) == ("direct", "on_time")
    assert (h2.channel, h2.online_level, h2.outcome) == ("online", "full", "early")
    assert (h3.channel, h3.online_level, h3.outcome) == ("postal", "", "open")
    assert h3.closed_on is None
    assert (h4.status, h4.outcome) == ("withdrawn", "withdrawn")


def test_english_headers_xlsx_with_date_cells(tmp_path, other_commune):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(EN_HEADER.split(","))
    sheet.append(
        [
            "X1",
            "1.001193",
            14092,
            "online",
            "partial",
            datetime.datetime(2022, 3, 1, 14, 0),
            datetime.date(2022, 3, 4),
            "05/03/2022 10:00",
            "",
        ]
    )
    path = tmp_path / "hoso.xlsx"
    workbook.save(path)
    call_command("import_dossiers", str(path))
    dossier = Dossier.objects.get(code="X1")
    assert dossier.unit == other_commune
    assert dossier.outcome == "late"
    assert dossier.received_on == datetime.date(2022, 3, 1)


def test_reimport_updates_and_never_duplicates(tmp_path):
    first = write_csv(
        tmp_path, [EN_HEADER, "R1,,14089,direct,,2021-02-01,2021-02-03,,"]
    )
    call_command("import_dossiers", str(first))
    second = write_csv(
        tmp_path,
        [EN_HEADER, "R1,,14089,direct,,2021-02-01,2021-02-03,2021-02-02,"],
        name="again.csv",
    )
    report = dossiers_import(second)
    assert (report.created, report.updated, report.unchanged) == (0, 1, 0)
    assert Dossier.objects.filter(code="R1").count() == 1
    assert Dossier.objects.get(code="R1").outcome == "early"


def test_an_unchanged_dossier_is_counted_and_left_alone(tmp_path):
    lines = [
        EN_HEADER,
        "U1,,14089,direct,,2021-02-01 08:00,2021-02-03,,",
        "U2,,14089,direct,,2021-02-01,2021-02-03,2021-02-02 10:30,",
    ]
    path = write_csv(tmp_path, lines)
    assert dossiers_import(path, fast=False).created == 2
    stamps = dict(Dossier.objects.values_list("code", "updated_at"))
    changed = write_csv(
        tmp_path, [*lines[:2], lines[2].replace("10:30", "10:31")], name="b.csv"
    )
    for fast in (False, True):  # the COPY path too, on PostgreSQL
        report = dossiers_import(changed, fast=fast)
        assert (report.created, report.updated, report.unchanged) == (
            (0, 1, 1) if not fast else (0, 0, 2)
        )
    assert Dossier.objects.get(code="U1").updated_at == stamps["U1"]
    assert Dossier.objects.get(code="U2").updated_at > stamps["U2"]


def test_broken_file_lists_problems_and_writes_nothing(tmp_path, capsys):
    path = write_csv(
        tmp_path,
        [
            VI_HEADER,
            "OK1,,14089,truc_tiep,,2021-01-05,2021-01-06,,",
            "B1,,14089,fax,,2021-01-05,2021-01-06,,",
            "B2,,99999,truc_tiep,,2021-01-05,2021-01-06,,",
            "B3,,14089,truc_tiep,,2021-01-05,2021-01-04,,",
            "B4,,14089,truc_tiep,,31/02/2021,2021-03-06,,",
            "B5,,14089,truc_tiep,,2021-01-05,2021-01-06,2021-01-04,",
            "B6,,14089,truc_tiep,sometimes,2021-01-05,2021-01-06,,",
        ],
    )
    with pytest.raises(CommandError, match="6 lỗi"):
        call_command("import_dossiers", str(path))
    err = capsys.readouterr().err
    assert "row 3, column kenh_nop:" in err
    assert "row 4, column ma_don_vi: không có đơn vị mã 99999" in err
    assert "row 5, column ngay_hen_tra:" in err
    assert "row 6, column ngay_tiep_nhan:" in err
    assert "row 7, column ngay_tra_ket_qua:" in err
    assert "row 8, column muc_do:" in err
    assert Dossier.objects.count() == 0


def test_lists_the_first_hundred_problems_and_counts_the_rest(tmp_path, capsys):
    lines = [EN_HEADER] + [
        f"E{i},,14089,direct,,not-a-date,2021-01-06,," for i in range(150)
    ]
    with pytest.raises(CommandError, match="150 lỗi"):
        call_command("import_dossiers", str(write_csv(tmp_path, lines)))
    err = capsys.readouterr().err
    assert err.count("column received_at") == 100
    assert "50 lỗi khác" in err


def test_unit_code_resolves_to_the_unit_of_the_received_date(tmp_path, commune):
    path = write_csv(
        tmp_path,
        [
            EN_HEADER,
            "OLD,,14089,direct,,2025-06-30 16:00,2025-07-02,,",
            "NEW,,14089,direct,,2025-07-01 08:00,2025-07-02,,",
        ],
    )
    call_command("import_dossiers", str(path))
    old, new = Dossier.objects.get(code="OLD"), Dossier.objects.get(code="NEW")
    assert old.unit == commune
    assert new.unit != commune
    assert new.unit.code == "14089"
    assert new.unit.valid_to is None
    assert commune in AdministrativeUnit.objects.filter(successors=new.unit)


def test_unit_that_did_not_exist_yet_is_refused(tmp_path):
    path = write_csv(tmp_path, [EN_HEADER, "N1,,37,direct,,2021-01-05,2021-01-06,,"])
    report = dossiers_import(path)
    assert report.errors == [
        "row 2, column unit_code: đơn vị mã 37 không tồn tại vào ngày 05/01/2021"
    ]


def test_dry_run_validates_and_writes_nothing(tmp_path, capsys):
    path = write_csv(tmp_path, [EN_HEADER, "D1,,14089,direct,,2021-01-05,2021-01-06,,"])
    call_command("import_dossiers", str(path), "--dry-run")
    assert "1 dòng" in capsys.readouterr().out
    assert not Dossier.objects.exists()


def test_missing_required_column(tmp_path):
    path = write_csv(tmp_path, ["dossier_code,unit_code,channel", "A,14089,direct"])
    with pytest.raises(CommandError, match="received_at"):
        call_command("import_dossiers", str(path))


def test_unsupported_or_undecodable_files(tmp_path):
    other = tmp_path / "hoso.json"
    other.write_text("{}")
    with pytest.raises(CommandError, match="không được hỗ trợ"):
        call_command("import_dossiers", str(other))
    latin = tmp_path / "latin.csv"
    latin.write_bytes((EN_HEADER + "\nA,,14089,Đông,,x,y,,\n").encode("cp1258"))
    with pytest.raises(CommandError, match="UTF-8"):
        call_command("import_dossiers", str(latin))
    with pytest.raises(CommandError, match="Không tìm thấy"):
        call_command("import_dossiers", str(tmp_path / "missing.csv"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2021-03-04", datetime.datetime(2021, 3, 4, tzinfo=LOCAL_TZ)),
        ("2021-03-04 07:05", datetime.datetime(2021, 3, 4, 7, 5, tzinfo=LOCAL_TZ)),
        (
            "2021-03-04 07:05:09",
            datetime.datetime(2021, 3, 4, 7, 5, 9, tzinfo=LOCAL_TZ),
        ),
        (
            "2021-03-04T07:05:09",
            datetime.datetime(2021, 3, 4, 7, 5, 9, tzinfo=LOCAL_TZ),
        ),
        ("4/3/2021", datetime.datetime(2021, 3, 4, tzinfo=LOCAL_TZ)),
        ("04/03/2021 16:45", datetime.datetime(2021, 3, 4, 16, 45, tzinfo=LOCAL_TZ)),
    ],
)
def test_date_formats_are_local_time(text, expected):
    assert parse_moment(text) == expected


def test_iso_offset_is_converted_to_local_date():
    moment = parse_moment("2021-03-04T18:30:00Z")
    assert moment.astimezone(LOCAL_TZ).date() == datetime.date(2021, 3, 5)


@pytest.mark.parametrize(
    "text",
    [
        "2021/03/04",
        "04-03-2021",
        "32/01/2021",
        "hôm nay",
        "9999-12-31 23:59",
        "0001-01-01",
        "31/12/2202",
        "٠٥/٠١/٢٠٢١",
    ],
)
def test_bad_dates_are_refused(text):
    with pytest.raises(ValueError):
        parse_moment(text)


def test_an_online_level_needs_the_online_channel(tmp_path, capsys):
    path = write_csv(
        tmp_path, [VI_HEADER, "L1,,14089,truc_tiep,toan_trinh,2021-01-05,2021-01-06,,"]
    )
    with pytest.raises(CommandError, match="1 lỗi"):
        call_command("import_dossiers", str(path))
    assert "row 2, column muc_do: mức độ trực tuyến chỉ dành" in capsys.readouterr().err
    assert not Dossier.objects.exists()


def test_a_file_that_is_not_really_xlsx_is_refused_in_a_sentence(tmp_path):
    path = tmp_path / "hoso.xlsx"
    path.write_bytes(b"dossier_code,unit_code\nX,14089\n")
    with pytest.raises(CommandError, match="không đọc được tệp XLSX hoso.xlsx"):
        call_command("import_dossiers", str(path))


def test_a_nul_character_in_a_code_is_a_row_error(tmp_path):
    path = write_csv(
        tmp_path, [EN_HEADER, "N\x001,,14089,direct,,2021-01-05,2021-01-06,,"]
    )
    report = dossiers_import(path)
    assert report.errors == [
        "row 2, column dossier_code: có ký tự NUL (\\x00): xuất lại tệp"
    ]
    assert not Dossier.objects.exists()


def test_a_very_long_cell_in_an_extra_column_is_read(tmp_path):
    """Past the csv module's default 131,072 characters, as COPY reads it."""
    path = write_csv(
        tmp_path,
        [
            EN_HEADER + ",ghi_chu",
            "W1,,14089,direct,,2021-01-05,2021-01-06,,," + "x" * 140_000,
        ],
    )
    for fast in (False, True):
        Dossier.objects.all().delete()
        assert dossiers_import(path, fast=fast).created == 1


def test_progress_is_reported_for_both_passes(tmp_path):
    lines = [EN_HEADER] + [
        f"P{i},,14089,direct,,2021-01-05,2021-01-06,," for i in range(12)
    ]
    seen = []
    dossiers_import(
        write_csv(tmp_path, lines),
        progress=lambda phase, n: seen.append((phase, n)),
        fast=False,
    )
    assert sum(n for phase, n in seen if phase == "validate") == 12
    assert sum(n for phase, n in seen if phase == "write") == 12


def test_the_catalogue_value_none_means_no_online_level(tmp_path, commune):
    """The shared ``OnlineLevel`` has "none"; a dossier stores it as blank."""
    path = write_csv(
        tmp_path,
        [
            VI_HEADER,
            "K1,,14089,truc_tiep,none,2021-01-05,2021-01-06,,",
            "K2,,14089,buu_chinh,khong,2021-01-05,2021-01-06,,",
        ],
    )
    call_command("import_dossiers", str(path))
    assert set(Dossier.objects.values_list("online_level", flat=True)) == {""}


def test_a_code_repeated_with_other_content_is_refused_naming_both_rows(
    tmp_path, capsys
):
    path = write_csv(
        tmp_path,
        [
            EN_HEADER,
            "K1,,14089,direct,,2021-02-01,2021-02-03,,",
            "K2,,14089,direct,,2021-02-01,2021-02-03,,",
            "K1,,14089,direct,,2021-02-01,2021-02-05,,",
        ],
    )
    with pytest.raises(CommandError, match="1 lỗi"):
        call_command("import_dossiers", str(path))
    err = capsys.readouterr().err
    assert (
        "row 4, column dossier_code: mã hồ sơ K1 đã có ở dòng 2 với nội dung khác"
        in err
    )
    assert not Dossier.objects.exists()


def test_a_row_repeated_exactly_is_imported_once(tmp_path, capsys):
    row = "K1,,14089,direct,,2021-02-01,2021-02-03,,"
    other = "K2,,14089,direct,,2021-02-01,2021-02-03,,"
    path = write_csv(tmp_path, [EN_HEADER, row, other, row])
    report = dossiers_import(path, fast=False)
    assert report.ok
    assert (report.rows, report.created, report.repeated_rows) == (3, 2, [4])
    assert Dossier.objects.count() == 2
    call_command("import_dossiers", str(path))
    assert "lặp lại" in capsys.readouterr().out


def test_a_row_outside_the_allowed_units_is_a_located_error(tmp_path, commune):
    path = write_csv(
        tmp_path,
        [
            EN_HEADER,
            "S1,,14089,direct,,2021-02-01,2021-02-03,,",
            "S2,,14092,direct,,2021-02-01,2021-02-03,,",
        ],
    )
    report = dossiers_import(path, allowed_unit_ids=commune.descendant_ids())
    assert report.errors == [
        "row 3, column unit_code: không có quyền với đơn vị mã 14092 (ngoài phạm "
        "vi của bạn): bỏ dòng này, đơn vị đó tự nhập số liệu của mình"
    ]
    assert not Dossier.objects.exists()
