"""The Form 06 report: definitions of DOMAIN.md, balance, rates, the command."""

import csv
import datetime
import io
import json
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from audits.dossiers.kpi import (
    COLUMN_TITLES,
    COUNT_COLUMNS,
    FORM06_COLUMNS,
    form06_report,
    percent,
)
from audits.dossiers.models import Dossier
from audits.dossiers.services import LOCAL_TZ, DossierRecord, dossiers_upsert
from tests.audits.dossiers.factories import dossier_spec, make_dossier

pytestmark = pytest.mark.django_db

D = datetime.date
JAN1, DEC31 = D(2021, 1, 1), D(2021, 12, 31)


def report_rows(**kwargs):
    report = form06_report(**kwargs)
    return {row["unit_code"]: row for row in report.all_rows()}, report


def test_each_figure_follows_its_definition(commune):
    # carried over: received 2020, resolved in 2021 (late)
    make_dossier(
        commune,
        received=D(2020, 12, 20),
        due=D(2020, 12, 28),
        resolved=JAN1 + datetime.timedelta(days=4),
    )
    # resolved before the period: not in the report at all
    make_dossier(
        commune, received=D(2020, 12, 1), due=D(2020, 12, 5), resolved=D(2020, 12, 3)
    )
    # received in the period, each outcome
    make_dossier(
        commune, received=D(2021, 3, 1), due=D(2021, 3, 5), resolved=D(2021, 3, 4)
    )
    make_dossier(
        commune,
        received=D(2021, 3, 1),
        due=D(2021, 3, 5),
        resolved=D(2021, 3, 5),
        channel="online",
        online_level="full",
    )
    make_dossier(
        commune,
        received=D(2021, 3, 1),
        due=D(2021, 3, 5),
        resolved=D(2021, 3, 9),
        channel="postal",
    )
    # pending at the end: due on `to` is in time, due before is overdue
    make_dossier(
        commune,
        received=D(2021, 12, 20),
        due=DEC31,
        channel="online",
        online_level="partial",
    )
    make_dossier(commune, received=D(2021, 12, 1), due=D(2021, 12, 30))
    # resolved after the period: pending in the period
    make_dossier(
        commune, received=D(2021, 12, 28), due=D(2022, 1, 3), resolved=D(2022, 1, 2)
    )
    # withdrawn and returned: apart, never resolved
    make_dossier(
        commune,
        received=D(2021, 5, 1),
        due=D(2021, 5, 3),
        resolved=D(2021, 5, 2),
        status="withdrawn",
    )
    make_dossier(commune, received=D(2021, 5, 1), due=D(2021, 5, 3), status="returned")
    # received after the period: not counted
    make_dossier(commune, received=D(2022, 1, 2), due=D(2022, 1, 3))
    rows, _ = report_rows(date_from=JAN1, date_to=DEC31)
    row = rows["14089"]
    expected = {
        "carried_over": 1,
        "received": 8,
        "received_direct": 5,
        "received_online": 2,
        "received_postal": 1,
        "online_partial": 1,
        "online_full": 1,
        "resolved": 4,
        "resolved_early": 1,
        "resolved_on_time": 1,
        "resolved_late": 2,
        "pending": 3,
        "pending_in_time": 2,
        "pending_overdue": 1,
        "withdrawn": 2,
    }
    assert {key: row[key] for key in expected} == expected
    assert row["on_time_rate"] == Decimal("50.00")
    assert row["progress_rate_766"] == Decimal("57.14")  # (1+1+2)/(4+3)
    assert row["online_rate"] == Decimal("25.00")
    assert rows["TOTAL"]["received"] == 8


def test_resolution_date_is_compared_in_local_time(commune):
    received = datetime.datetime(2021, 6, 1, 9, tzinfo=LOCAL_TZ)
    due = datetime.datetime(2021, 6, 2, 17, tzinfo=LOCAL_TZ)
    utc = datetime.UTC
    dossiers_upsert(
        [
            DossierRecord(
                "TZ1",
                "",
                commune.pk,
                "direct",
                "",
                received,
                due,
                datetime.datetime(2021, 6, 2, 16, 30, tzinfo=utc),
                "",
            ),
            DossierRecord(
                "TZ2",
                "",
                commune.pk,
                "direct",
                "",
                received,
                due,
                datetime.datetime(2021, 6, 2, 17, 30, tzinfo=utc),
                "",
            ),
        ]
    )
    # 16:30 UTC is 23:30 on the due date in Hà Nội; 17:30 UTC is the next day.
    assert Dossier.objects.get(code="TZ1").outcome == "on_time"
    assert Dossier.objects.get(code="TZ2").outcome == "late"


def test_rates_are_empty_when_the_denominator_is_zero(commune):
    make_dossier(commune, received=D(2021, 3, 1), due=D(2021, 3, 2), status="withdrawn")
    rows, _ = report_rows(date_from=JAN1, date_to=DEC31)
    row = rows["14089"]
    assert row["on_time_rate"] is None
    assert row["progress_rate_766"] is None
    assert row["online_rate"] == Decimal("0.00")


def test_percent_rounds_half_up_with_two_decimals():
    assert percent(2, 3) == Decimal("66.67")
    assert percent(1, 8) == Decimal("12.50")
    assert percent(0, 0) is None


def test_unit_filter_takes_the_unit_and_everything_below(
    district, commune, other_commune
):
    other_district = district.parent.children.exclude(pk=district.pk).first()
    outside = other_district.children.first()
    for unit in (district, commune, other_commune, outside):
        make_dossier(
            unit, received=D(2021, 2, 1), due=D(2021, 2, 2), resolved=D(2021, 2, 2)
        )
    rows, report = report_rows(date_from=JAN1, date_to=DEC31, unit=district)
    assert [r["unit_code"] for r in report.rows] == ["364", "14089", "14092"]
    assert rows["TOTAL"]["resolved"] == 3
    assert outside.code not in rows


# --- property-based: the balance and the definitions on random dossiers -------

WINDOW_START = D(2021, 1, 1)


def oracle(dossiers, start, end):
    """DOMAIN.md's definitions, written the plain way, per dossier."""
    totals = dict.fromkeys(COUNT_COLUMNS, 0)
    for d in dossiers:
        closed = d["closed"]
        if d["received"] > end or (closed is not None and closed < start):
            continue
        if d["received"] < start:
            totals["carried_over"] += 1
        else:
            totals["received"] += 1
            totals[f"received_{d['channel']}"] += 1
            if d["online_level"]:
                totals[f"online_{d['online_level']}"] += 1
        if closed is not None and closed <= end:
            if d["status"]:
                totals["withdrawn"] += 1
            else:
                totals["resolved"] += 1
                key = (
                    "resolved_early"
                    if closed < d["due"]
                    else "resolved_on_time"
                    if closed == d["due"]
                    else "resolved_late"
                )
                totals[key] += 1
        else:
            totals["pending"] += 1
            totals["pending_in_time" if d["due"] >= end else "pending_overdue"] += 1
    return totals


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    specs=st.lists(dossier_spec, max_size=25),
    start_offset=st.integers(0, 50),
    length=st.integers(0, 30),
)
def test_balance_and_definitions_hold_on_random_dossiers(
    district, specs, start_offset, length
):
    Dossier.objects.all().delete()
    units = {u.code: u for u in district.children.all()} | {"364": district}
    plain = []
    for i, spec in enumerate(specs):
        received = WINDOW_START + datetime.timedelta(days=spec["received"])
        due = received + datetime.timedelta(days=spec["due_after"])
        resolved = (
            None
            if spec["resolved_after"] is None
            else received + datetime.timedelta(days=spec["resolved_after"])
        )
        make_dossier(
            units[spec["unit"]],
            received=received,
            due=due,
            resolved=resolved,
            channel=spec["channel"],
            online_level=spec["online_level"],
            status=spec["status"],
            code=f"P{i}",
        )
        closed = resolved if resolved or not spec["status"] else received
        plain.append({**spec, "received": received, "due": due, "closed": closed})
    start = WINDOW_START + datetime.timedelta(days=start_offset)
    end = start + datetime.timedelta(days=length)
    report = form06_report(date_from=start, date_to=end, unit=district)
    for row in report.all_rows():
        assert row["carried_over"] + row["received"] == (
            row["resolved"] + row["pending"] + row["withdrawn"]
        )
        assert row["resolved"] == (
            row["resolved_early"] + row["resolved_on_time"] + row["resolved_late"]
        )
        assert row["received"] == (
            row["received_direct"] + row["received_online"] + row["received_postal"]
        )
    for code in units:
        mine = [d for d in plain if d["unit"] == code]
        expected = oracle(mine, start, end)
        got = next((r for r in report.rows if r["unit_code"] == code), None)
        if got is None:
            assert not any(expected.values())
        else:
            assert {k: got[k] for k in COUNT_COLUMNS} == expected
    assert {k: report.total[k] for k in COUNT_COLUMNS} == oracle(plain, start, end)


# --- the command ---------------------------------------------------------------


def seed(district, commune):
    make_dossier(
        commune, received=D(2021, 3, 1), due=D(2021, 3, 5), resolved=D(2021, 3, 4)
    )
    make_dossier(
        district,
        received=D(2021, 3, 1),
        due=D(2021, 3, 5),
        channel="online",
        online_level="full",
    )


def test_command_csv_has_the_columns_in_order_and_a_total_row(
    district, commune, tmp_path
):
    seed(district, commune)
    out = tmp_path / "mau06.csv"
    call_command(
        "dossier_report",
        "--from",
        "2021-01-01",
        "--to",
        "2021-12-31",
        "--unit",
        "364",
        "--format",
        "csv",
        "--output",
        str(out),
    )
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert rows[0] == FORM06_COLUMNS
    assert [r[0] for r in rows[1:]] == ["364", "14089", "TOTAL"]
    total = dict(zip(FORM06_COLUMNS, rows[-1], strict=True))
    assert total["received"] == "2"
    assert total["on_time_rate"] == "100.00"
    assert total["online_rate"] == "50.00"
    district_row = dict(zip(FORM06_COLUMNS, rows[1], strict=True))
    assert district_row["on_time_rate"] == ""


def test_command_json_table_and_xlsx(district, commune, tmp_path, capsys):
    seed(district, commune)
    call_command(
        "dossier_report",
        "--from",
        "2021-01-01",
        "--to",
        "2021-12-31",
        "--format",
        "json",
    )
    payload = json.loads(capsys.readouterr().out)
    assert payload["rows"][-1]["unit_code"] == "TOTAL"
    assert payload["rows"][-1]["progress_rate_766"] == 50.0
    call_command("dossier_report", "--from", "2021-01-01", "--to", "2021-12-31")
    table = capsys.readouterr().out
    assert "TOTAL" in table
    assert "Mẫu số" in table
    path = tmp_path / "mau06.xlsx"
    call_command(
        "dossier_report",
        "--from",
        "2021-01-01",
        "--to",
        "2021-12-31",
        "--format",
        "xlsx",
        "--output",
        str(path),
    )
    sheet = load_workbook(path).active
    values = [list(r) for r in sheet.iter_rows(values_only=True)]
    # title, period, then ONE header row (titles, not keys) and the data
    assert values[2] == [str(COLUMN_TITLES[key]) for key in FORM06_COLUMNS]
    assert values[3][0] not in FORM06_COLUMNS  # no second header row of keys
    assert values[5][1] == "Tổng cộng"
    assert values[5][3] == 2
    assert sheet.freeze_panes == "A4"
    received = sheet.cell(row=6, column=4)
    assert received.data_type == "n"
    assert received.number_format == "#,##0"
    rate = sheet.cell(row=6, column=FORM06_COLUMNS.index("on_time_rate") + 1)
    assert rate.data_type == "n"
    assert rate.value == 100
    assert rate.number_format == "#,##0.00"


def test_command_refuses_bad_input():
    with pytest.raises(CommandError, match="Ngày không hợp lệ"):
        call_command("dossier_report", "--from", "01/01/2021", "--to", "2021-12-31")
    with pytest.raises(CommandError, match="trước"):
        call_command("dossier_report", "--from", "2021-12-31", "--to", "2021-01-01")
    with pytest.raises(CommandError, match="Không có đơn vị"):
        call_command(
            "dossier_report",
            "--from",
            "2021-01-01",
            "--to",
            "2021-12-31",
            "--unit",
            "99999",
        )
    with pytest.raises(CommandError, match="--output"):
        call_command(
            "dossier_report",
            "--from",
            "2021-01-01",
            "--to",
            "2021-12-31",
            "--format",
            "xlsx",
        )
