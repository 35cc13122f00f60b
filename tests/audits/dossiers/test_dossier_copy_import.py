# ruff: noqa: E501 - one CSV row per line reads better than wrapped
"""PostgreSQL's COPY path of import_dossiers against the Python path it stands in for.

The Python validator is the reference: on the same file the COPY path must
write exactly the same rows, refuse what it refuses, and hand the file back
(``copy_import`` returns ``None``) whenever it cannot be sure.
"""

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from hypothesis import event, given, settings
from hypothesis import strategies as st

from audits.dossiers.copy_import import copy_import
from audits.dossiers.copy_sql import LOCAL_ZONE, MOMENT_SHAPES, canonical_sql, local_sql
from audits.dossiers.imports import dossiers_import, parse_moment
from audits.dossiers.models import Dossier
from audits.dossiers.services import LOCAL_TZ
from qms.organisation.models import AdministrativeUnit

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="COPY path: PostgreSQL only"
    ),
]

EN = "dossier_code,procedure_code,unit_code,channel,online_level,received_at,due_at,resolved_at,status"
VI = "ma_ho_so,ma_thu_tuc,ma_don_vi,kenh_nop,muc_do,ngay_tiep_nhan,ngay_hen_tra,ngay_tra_ket_qua,trang_thai"

FIELDS = [
    "code", "procedure_code", "unit_id", "channel", "online_level", "received_at",
    "due_at", "resolved_at", "status", "received_on", "due_on", "closed_on", "outcome",
]  # fmt: skip

#: Every format and alias the COPY path takes, one per row.
VALID_ROWS = [
    "A1,1.001193,14089,truc_tiep,,05/01/2021 08:30,05/01/2021,05/01/2021,",
    "A2,1.000894,14089,truc_tuyen,toan_trinh,2021-01-05T09:00:00,2021-01-08,2021-01-07 10:15,",
    "A3,2.000815,14089,truc_tuyen,mot_phan,2021-01-05 10:00:30,2021-01-06,,",
    "A4,,14089,direct,,2021-01-05,2021-01-06,2021-01-06,withdrawn",
    "A5,,14092,ONLINE,Full,2021-01-05 23:59,2021-01-05T23:59,2021-01-09T07:00,",
    "A6,,14092,Truc Tiep,,31/12/2021T17:00:59,01/01/2022 07:00:00,,returned",
    "  A7  , 1.001193 , 14089 , online , PARTIAL ,2100-12-30,2100-12-31,,",
    "A8,,14089,direct,,1990-01-01 00:00:00,1990-01-01,,",
    "A9,x y,14089,direct,,2022-02-28,2022-03-01,2022-03-02,",
    "A10,,14089,direct,,2025-07-01 08:00,2025-07-02,,",
]  # fmt: skip


def write(tmp_path, lines, name="hoso.csv", *, bom=False, newline="\n"):
    path = tmp_path / name
    text = newline.join(lines) + newline
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return path


def stored() -> dict[str, tuple]:
    return {
        row[0]: row for row in Dossier.objects.order_by("code").values_list(*FIELDS)
    }


def both_ways(path):
    """(rows written by COPY, by Python), each from an empty table."""
    report = copy_import(path)
    assert report is not None, "the COPY path handed this file back"
    by_copy = stored()
    Dossier.objects.all().delete()
    python = dossiers_import(path, fast=False)
    assert python.ok, python.errors
    assert (report.rows, report.created, report.updated, report.unchanged) == (
        python.rows,
        python.created,
        python.updated,
        python.unchanged,
    )
    return by_copy, stored()


def test_same_rows_as_the_python_path(tmp_path):
    path = write(tmp_path, [EN, *VALID_ROWS], bom=True, newline="\r\n")
    by_copy, by_python = both_ways(path)
    assert len(by_copy) == len(VALID_ROWS)
    assert by_copy == by_python
    a7 = Dossier.objects.get(code="A7")
    assert (a7.procedure_code, a7.channel, a7.online_level) == (
        "1.001193",
        "online",
        "partial",
    )
    a1 = Dossier.objects.get(code="A1")
    assert a1.received_at == datetime.datetime(2021, 1, 5, 8, 30, tzinfo=LOCAL_TZ)


def test_progress_reports_reading_then_the_one_statement(tmp_path):
    seen = []
    path = write(tmp_path, [EN, *VALID_ROWS])
    copy_import(path, progress=lambda phase, n: seen.append((phase, n)))
    assert sum(n for phase, n in seen if phase == "read") == len(VALID_ROWS)
    assert [p for p, _n in seen if p != "read"] == ["check_write", "check_write"]
    assert sum(n for phase, n in seen if phase == "check_write") == len(VALID_ROWS)


def test_unit_code_resolves_on_the_received_date(tmp_path):
    """14089 is the thị trấn until 30/06/2025 and the new xã from 01/07/2025."""
    path = write(tmp_path, [EN, VALID_ROWS[0], VALID_ROWS[-1]])
    assert copy_import(path) is not None
    old, new = Dossier.objects.get(code="A1"), Dossier.objects.get(code="A10")
    assert old.unit.code == new.unit.code == "14089"
    assert old.unit_id != new.unit_id
    units = AdministrativeUnit.objects
    assert units.valid_on(old.received_on).filter(pk=old.unit_id).exists()
    assert units.valid_on(new.received_on).filter(pk=new.unit_id).exists()


def test_vietnamese_headers_extra_and_repeated_columns(tmp_path):
    header = VI.replace("trang_thai", "ghi_chu,trang_thai,ma_ho_so")
    lines = [
        header,
        "IGNORED,,14089,truc_tiep,,2021-01-05,2021-01-06,,note,,V1",
        ",,,,,,,,,,",  # a blank row is skipped
        "IGNORED,,14089,truc_tiep,,2021-01-05,2021-01-06,,,,V2",
    ]
    by_copy, by_python = both_ways(write(tmp_path, lines))
    assert sorted(by_copy) == ["V1", "V2"]  # the last ma_ho_so column wins
    assert by_copy == by_python


def test_reimport_updates_and_counts(tmp_path):
    first = write(tmp_path, [EN, *VALID_ROWS[:3]])
    assert copy_import(first).created == 3
    again = write(
        tmp_path,
        [EN, VALID_ROWS[0].replace("05/01/2021,", "06/01/2021,", 1), VALID_ROWS[3]],
        name="again.csv",
    )
    report = copy_import(again)
    assert (report.rows, report.created, report.updated, report.unchanged) == (
        2,
        1,
        1,
        0,
    )
    assert copy_import(again).unchanged == 2
    assert Dossier.objects.count() == 4
    assert Dossier.objects.get(code="A1").due_on == datetime.date(2021, 1, 6)


@pytest.mark.parametrize(
    "row",
    [
        "B1,,14089,fax,,2021-01-05,2021-01-06,,",
        "B2,,99999,truc_tiep,,2021-01-05,2021-01-06,,",
        "B3,,14089,truc_tiep,,2021-01-05,2021-01-04,,",
        "B4,,14089,truc_tiep,,31/02/2021,2021-03-06,,",
        "B5,,14089,truc_tiep,,2021-01-05,2021-01-06,2021-01-04,",
        "B6,,14089,truc_tiep,sometimes,2021-01-05,2021-01-06,,",
        "B7,,14089,truc_tiep,,2021-01-05,2021-01-06,soon,",
        "B8,,14089,truc_tiep,,1989-12-31,2021-01-06,,",
        "B9,,14089,truc_tiep,,2021-01-05 24:00,2021-01-06,,",
        "B10,,14089,truc_tiep,,2021-01-05 08:30:60,2021-01-06,,",
        "B11,,14089,truc_tiep,,2021-01-05,2021-01-06,,lost",
        ",,14089,truc_tiep,,2021-01-05,2021-01-06,,",
        "B13,,14089,dİrect,,2021-01-05,2021-01-06,,",
        "B14,,14089,truc_tiep,,today,2021-01-06,,",
        "B15," + "9" * 65 + ",14089,truc_tiep,,2021-01-05,2021-01-06,,",
        "B16,,14089,truc_tiep,,2021-01-05,,,",
        "B18,,14089,truc_tiep,toan_trinh,2021-01-05,2021-01-06,,",
        "B19,,14089,truc_tiep,,٠٥/٠١/٢٠٢١,2021-01-06,,",
        "B17,,14089,truc_tiep,,2021-01-05,2021-01-06,,,",  # one cell too many
    ],
)
def test_a_bad_row_writes_nothing_and_goes_back_to_python(tmp_path, row):
    good = "OK1,,14089,truc_tiep,,2021-01-05,2021-01-06,,"
    path = write(tmp_path, [EN, good, row])
    assert copy_import(path) is None
    assert not Dossier.objects.exists()
    report = dossiers_import(path)
    if row.startswith("B17"):
        # the Python path ignores cells past the header
        assert report.ok
        return
    assert not report.ok
    assert report.errors[0].startswith("row 3, column ")
    assert not Dossier.objects.exists()


def test_the_command_lists_problems_and_writes_nothing(tmp_path, capsys):
    path = write(
        tmp_path,
        [
            VI,
            "OK1,,14089,truc_tiep,,2021-01-05,2021-01-06,,",
            "B1,,14089,fax,,2021-01-05,2021-01-06,,",
            "B2,,99999,truc_tiep,,2021-01-05,2021-01-06,,",
        ],
    )
    with pytest.raises(CommandError, match="2 lỗi"):
        call_command("import_dossiers", str(path))
    err = capsys.readouterr().err
    assert "row 3, column kenh_nop:" in err
    assert "row 4, column ma_don_vi: không có đơn vị mã 99999" in err
    assert not Dossier.objects.exists()


@pytest.mark.parametrize(
    "lines",
    [
        # a quoted line break: lines and records no longer match
        [EN, '"Q1",,14089,truc_tiep,,2021-01-05,2021-01-06,,', '"Q2","a', 'b",14089,direct,,2021-01-05,2021-01-06,,'],
        # a code repeated with the same content: imported once
        [EN, "D1,,14089,direct,,2021-01-05,2021-01-06,,", "D1,,14089,direct,,2021-01-05,2021-01-06,,"],
        # whitespace that Python strips and the SQL does not
        [EN, "\tT1\t,,14089,direct\t,,2021-01-05\t,2021-01-06,,"],
        # formats Python reads that the SQL leaves to it
        [EN, "F1,,14089,direct,,5/1/2021 8:30,2021-01-05T08:30:00.5,2021-01-05T01:30:00Z,"],
        # a row of spaces
        [EN, "S1,,14089,direct,,2021-01-05,2021-01-06,,", "  ,  ,,,,,,,"],
        # quoted cells (the two parsers differ on quotes inside cells)
        [EN, '"A9","x,y",14089,"direct","","2022-02-28","2022-03-01","2022-03-02",""'],
    ],
    ids=["line-break", "repeated-code", "tabs", "formats", "spaces", "quoted"],
)  # fmt: skip
def test_files_the_copy_path_hands_back_still_import(tmp_path, lines):
    path = write(tmp_path, lines)
    assert copy_import(path) is None
    report = dossiers_import(path)
    assert report.ok, report.errors
    by_auto = stored()
    Dossier.objects.all().delete()
    assert dossiers_import(path, fast=False).ok
    assert by_auto == stored()
    assert by_auto


def test_an_end_of_data_marker_does_not_cut_the_file_short(tmp_path):
    """COPY stops at a line holding only \\. ; the rows after it must not be lost."""
    path = write(
        tmp_path,
        [
            EN,
            "E1,,14089,direct,,2021-01-05,2021-01-06,,",
            "\\.",
            "E2,,14089,direct,,2021-01-05,2021-01-06,,",
        ],
    )
    assert copy_import(path) is None
    report = dossiers_import(path)
    assert report.errors[0].startswith("row 3, column channel:")
    assert not Dossier.objects.exists()


HEAD = b"dossier_code,unit_code,channel,received_at,due_at"


@pytest.mark.parametrize(
    "data",
    [
        # a quote inside an unquoted cell: Python keeps it, COPY would not
        HEAD + b'\nA"B",14089,online,2025-01-02,2025-01-03\n',
        HEAD + b'\nA""B,14089,online,2025-01-02,2025-01-03\n',
        HEAD + b'\n"A"x"y",14089,online,2025-01-02,2025-01-03\n',
        # a header with an open quote: its next line is header, not data
        HEAD + b',"x\n"a",14089,direct,2025-01-02,2025-01-03,\nR1,14089,direct,2025-01-02,2025-01-03,\n',
        b'dossier_code,"x\n",unit_code,channel,received_at,due_at\nR1,,14089,direct,2025-01-02,2025-01-03\n',
        # old Mac line ends (CR only), and an end-of-data marker among them
        HEAD + b"\rW1,14089,direct,2025-01-02,2025-01-03\r",
        HEAD + b"\nC1,14089,direct,2025-01-02,2025-01-03\r\\.\rC2,14089,direct,2025-01-02,2025-01-03\r",
        # a repeated code whose first row leaves the stored dossier unchanged
        # (refused by both: the two rows differ)
        HEAD + b"\nP1,14089,direct,2025-01-02,2025-01-03\nP1,14089,direct,2025-01-02,2025-01-04\n",
    ],
    ids=["quote-in-cell", "doubled-quote", "quote-after-quoted", "open-quote-header",
         "quoted-break-header", "cr-only", "cr-end-marker", "repeat-unchanged"],
)  # fmt: skip
def test_files_copy_would_read_otherwise_go_to_python(tmp_path, data):
    """Found by review: each was written differently, or crashed, before."""
    path = tmp_path / "hoso.csv"
    path.write_bytes(data)
    start = write(tmp_path, [EN, "P1,,14089,direct,,2025-01-02,2025-01-03,,"], "s.csv")
    assert dossiers_import(start, fast=False).ok
    assert copy_import(path) is None
    by_python = dossiers_import(path, fast=False)
    after_python = stored()
    Dossier.objects.all().delete()
    dossiers_import(start, fast=False)
    by_auto = dossiers_import(path)  # the command's way: COPY first
    assert (by_auto.errors, by_auto.created, by_auto.updated, by_auto.unchanged) == (
        by_python.errors,
        by_python.created,
        by_python.updated,
        by_python.unchanged,
    )
    assert stored() == after_python


def test_a_unit_code_naming_two_units_is_refused_even_when_unchanged(tmp_path, commune):
    row = "U1,,14089,direct,,2021-01-05,2021-01-06,,"
    assert copy_import(write(tmp_path, [EN, row])).created == 1
    twin = AdministrativeUnit.objects.get(pk=commune.pk)
    twin.pk, twin.level, twin.name = None, "district", "Bản sao"
    twin.save()
    Dossier.objects.filter(code="U1").update(unit=twin)
    assert copy_import(write(tmp_path, [EN, row], "again.csv")) is None
    assert Dossier.objects.get(code="U1").unit_id == twin.pk


def test_the_callers_transaction_keeps_its_settings(tmp_path):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL datestyle = 'ISO, DMY'")
        assert copy_import(write(tmp_path, [EN, VALID_ROWS[0]])).created == 1
        cursor.execute("SELECT current_setting('datestyle'), '02/03/2025'::date")
        assert cursor.fetchone() == ("ISO, DMY", datetime.date(2025, 3, 2))


def _index_definitions() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename = %s ORDER BY indexname",
            [Dossier._meta.db_table],
        )
        indexes = [row[0] for row in cursor.fetchall()]
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = %s::regclass ORDER BY conname",
            [Dossier._meta.db_table],
        )
        return indexes + [f"{n} {d}" for n, d in cursor.fetchall()]


def test_bulk_load_restores_every_index_and_constraint(tmp_path):
    before = _index_definitions()
    assert any("INCLUDE" in d for d in before)
    path = write(tmp_path, [EN, *VALID_ROWS])
    assert copy_import(path).created == len(VALID_ROWS)  # into an empty table
    assert _index_definitions() == before
    assert copy_import(path).unchanged == len(VALID_ROWS)  # bulk upsert
    assert _index_definitions() == before
    changed = write(
        tmp_path, [EN, *(r.replace("14089", "14092") for r in VALID_ROWS[:3])], "c.csv"
    )
    assert copy_import(changed).updated == 3
    assert _index_definitions() == before
    bad = write(
        tmp_path, [EN, VALID_ROWS[0], "B,,99999,direct,,2021-01-05,,,"], "b.csv"
    )
    assert copy_import(bad) is None  # refused after the indexes were dropped
    assert _index_definitions() == before


def test_a_role_that_does_not_own_the_table_still_loads_by_copy(tmp_path, caplog):
    """No right to drop indexes: the rows go in with the indexes maintained."""
    table, units = Dossier._meta.db_table, AdministrativeUnit._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute("CREATE ROLE qms_import_only NOLOGIN")
        cursor.execute(f"GRANT SELECT, INSERT, UPDATE ON {table} TO qms_import_only")
        cursor.execute(f"GRANT SELECT ON {units} TO qms_import_only")
        cursor.execute(
            "GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO qms_import_only"
        )
        cursor.execute(
            f"GRANT TEMPORARY ON DATABASE {connection.settings_dict['NAME']} "
            "TO qms_import_only"
        )
        cursor.execute("SET ROLE qms_import_only")
    try:
        with caplog.at_level("INFO", logger="audits.dossiers.copy_import"):
            report = copy_import(write(tmp_path, [EN, *VALID_ROWS]))
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET ROLE")
    assert report is not None and report.created == len(VALID_ROWS)
    assert "rows mode" in caplog.text


def test_row_by_row_mode_when_the_table_is_large(tmp_path):
    """Fewer rows than a third of the table: indexes maintained, not rebuilt."""
    rows = [f"R{i},,14089,direct,,2021-01-05,2021-01-06,," for i in range(30)]
    assert copy_import(write(tmp_path, [EN, *rows])).created == 30
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {Dossier._meta.db_table}")
    report = copy_import(write(tmp_path, [EN, VALID_ROWS[0]], "one.csv"))
    assert (report.created, report.updated) == (1, 0)
    assert Dossier.objects.count() == 31


@pytest.mark.parametrize("existing", [False, True], ids=["empty", "upsert"])
def test_a_code_naming_two_units_at_once_is_refused(tmp_path, commune, existing):
    """Overlapping validity under one code: Python says so, the SQL must not guess."""
    if existing:
        copy_import(
            write(tmp_path, [EN, "Z0,,14092,direct,,2021-01-05,2021-01-06,,"], "z.csv")
        )
    twin = AdministrativeUnit.objects.get(pk=commune.pk)
    twin.pk, twin.level, twin.name = None, "district", "Bản sao"
    twin.save()
    path = write(tmp_path, [EN, VALID_ROWS[0]])
    assert copy_import(path) is None
    report = dossiers_import(path)
    assert "chỉ nhiều đơn vị" in report.errors[0]
    assert not Dossier.objects.filter(code="A1").exists()


def test_inside_an_outer_transaction_a_refusal_rolls_back_only_itself(tmp_path):
    with transaction.atomic():
        Dossier.objects.all().delete()
        bad = write(tmp_path, [EN, "B,,99999,direct,,2021-01-05,2021-01-06,,"])
        assert copy_import(bad) is None
        assert copy_import(write(tmp_path, [EN, VALID_ROWS[0]], "ok.csv")).created == 1
    assert Dossier.objects.filter(code="A1").exists()


# -- the moment parser, value by value, against parse_moment ------------------

_PROBE = """
SELECT CASE WHEN lt::text = c THEN lt AT TIME ZONE '{zone}' END
FROM (SELECT c, {local} AS lt
      FROM (SELECT {canonical} AS c FROM (SELECT %s::text AS v) s OFFSET 0) x
      OFFSET 0) y
"""


def sql_moment(value: str):
    """The COPY path's reading of one cell: an instant, None (refused), or error."""
    sql = _PROBE.format(
        zone=LOCAL_ZONE, canonical=canonical_sql("v"), local=local_sql("c")
    )
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL datestyle = 'ISO, YMD'")
            cursor.execute(sql, [value])
            return cursor.fetchone()[0]
    except Exception:  # noqa: BLE001 - a failed cast refuses the file
        return "error"


def python_moment(value: str):
    try:
        return parse_moment(value)
    except ValueError:
        return None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2021-01-05", datetime.datetime(2021, 1, 5, tzinfo=LOCAL_TZ)),
        ("2021-01-05 08:30", datetime.datetime(2021, 1, 5, 8, 30, tzinfo=LOCAL_TZ)),
        ("2021-01-05T08:30:15", datetime.datetime(2021, 1, 5, 8, 30, 15, tzinfo=LOCAL_TZ)),
        ("05/01/2021", datetime.datetime(2021, 1, 5, tzinfo=LOCAL_TZ)),
        ("05/01/2021 08:30", datetime.datetime(2021, 1, 5, 8, 30, tzinfo=LOCAL_TZ)),
        ("31/12/2100 23:59:59", datetime.datetime(2100, 12, 31, 23, 59, 59, tzinfo=LOCAL_TZ)),
    ],
)  # fmt: skip
def test_common_formats_are_read_in_sql(value, expected):
    assert sql_moment(value) == expected == python_moment(value)


_piece = st.sampled_from(
    ["2021", "1989", "2101", "2100", "01", "12", "13", "00", "29", "30", "31", "02",
     "23", "24", "59", "60", "-", "/", ":", " ", "T", "Z", ".5", "+07:00", "a", "٣",
     "1", "9", "\t"]
)  # fmt: skip


def _spell(y, mo, d, h, mi, sec, sep, dmy, cut):
    day = f"{d}/{mo}/{y}" if dmy else f"{y}-{mo}-{d}"
    return [day, f"{day}{sep}{h}:{mi}", f"{day}{sep}{h}:{mi}:{sec}"][cut]


#: Dates and times in the shapes the SQL takes, some fields out of range.
_shaped = st.builds(
    _spell,
    st.sampled_from(["1989", "1990", "2021", "2024", "2100", "2101"]),
    st.sampled_from(["00", "01", "02", "09", "12", "13"]),
    st.sampled_from(["00", "01", "09", "28", "29", "30", "31", "32"]),
    st.sampled_from(["00", "07", "19", "23", "24"]),
    st.sampled_from(["00", "30", "59", "60"]),
    st.sampled_from(["00", "30", "59", "60"]),
    st.sampled_from([" ", "T"]),
    st.booleans(),
    st.integers(0, 2),
)
_moment_text = st.one_of(
    _shaped,
    _shaped.map(lambda s: s.replace(" ", "x").replace("T", "  ")),
    st.lists(_piece, max_size=8).map("".join),
)


@settings(max_examples=300, deadline=None)
@given(value=_shaped)
def test_sql_reads_every_shaped_moment_python_reads(value):
    """In the shapes it takes, the SQL accepts exactly what Python accepts."""
    expected = python_moment(value)
    event("valid" if expected else "invalid")
    got = sql_moment(value)
    assert (None if got == "error" else got) == expected, value


@settings(max_examples=300, deadline=None)
@given(value=_moment_text)
def test_sql_never_reads_a_moment_differently_from_python(value):
    """Whatever the SQL accepts, Python accepts as the same instant."""
    got = sql_moment(value)
    event("refused" if got is None or got == "error" else "read in SQL")
    if got is None or got == "error":
        return  # refused: the Python path takes the file and says why
    assert got == python_moment(value), value


def test_every_shape_has_a_format_python_reads():
    samples = {
        "____-__-__": "2021-01-05",
        "____-__-__ __:__": "2021-01-05 08:30",
        "____-__-__T__:__": "2021-01-05T08:30",
        "____-__-__ __:__:__": "2021-01-05 08:30:00",
        "____-__-__T__:__:__": "2021-01-05T08:30:00",
        "__/__/____": "05/01/2021",
        "__/__/____ __:__": "05/01/2021 08:30",
        "__/__/____T__:__": "05/01/2021T08:30",
        "__/__/____ __:__:__": "05/01/2021 08:30:00",
        "__/__/____T__:__:__": "05/01/2021T08:30:00",
    }
    shapes = [p for patterns, _spelling in MOMENT_SHAPES for p in patterns]
    assert sorted(shapes) == sorted(samples)
    for sample in samples.values():
        assert sql_moment(sample) == python_moment(sample) is not None
