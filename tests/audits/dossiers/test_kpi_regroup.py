"""Regrouping a report onto today's units through the 2025 successors."""

import csv
import datetime
import io

import pytest
import time_machine
from django.core.management import call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from audits.dossiers.dashboard import default_period
from audits.dossiers.kpi import COUNT_COLUMNS, form06_report
from audits.dossiers.models import Dossier, DossierTotal
from audits.dossiers.succession import current_unit_map
from qms.organisation.choices import UnitLevel
from qms.organisation.models import AdministrativeUnit
from tests.audits.dossiers.factories import make_dossier

pytestmark = pytest.mark.django_db

D = datetime.date


def current(code, level=UnitLevel.COMMUNE):
    return AdministrativeUnit.objects.get(code=code, level=level, valid_to=None)


def test_successor_map(district, commune, other_commune):
    mapping = current_unit_map({district.pk, commune.pk, other_commune.pk})
    # Thị trấn Xuân Trường → Xã Xuân Trường (same code 14089, new unit)
    assert mapping[commune.pk] == current("14089").pk
    # Xã Xuân Châu (14092) merged into Xã Xuân Hồng (14095)
    assert mapping[other_commune.pk] == current("14095").pk
    # the district was split over four communes: its figures go to the province
    assert mapping[district.pk] == current("37", UnitLevel.PROVINCE).pk


def test_regrouped_report_keeps_every_dossier(district, commune, other_commune):
    new_commune = current("14089")
    make_dossier(
        commune, received=D(2025, 6, 20), due=D(2025, 6, 25), resolved=D(2025, 6, 24)
    )
    make_dossier(commune, received=D(2025, 6, 28), due=D(2025, 7, 3))
    make_dossier(
        new_commune, received=D(2025, 7, 2), due=D(2025, 7, 4), resolved=D(2025, 7, 4)
    )
    make_dossier(
        other_commune, received=D(2025, 6, 2), due=D(2025, 6, 4), resolved=D(2025, 6, 9)
    )
    make_dossier(district, received=D(2025, 6, 2), due=D(2025, 6, 4), channel="online")
    start, end = D(2025, 6, 1), D(2025, 12, 31)
    plain = form06_report(date_from=start, date_to=end)
    regrouped = form06_report(date_from=start, date_to=end, regroup_current=True)
    assert {k: plain.total[k] for k in COUNT_COLUMNS} == {
        k: regrouped.total[k] for k in COUNT_COLUMNS
    }
    rows = {row["unit_code"]: row for row in regrouped.rows}
    assert set(rows) == {"37", "14089", "14095"}
    assert rows["14089"]["received"] == 3
    assert (rows["14089"]["resolved_early"], rows["14089"]["resolved_on_time"]) == (
        1,
        1,
    )
    assert rows["14095"]["resolved_late"] == 1
    assert rows["37"]["pending_overdue"] == 1
    for row in regrouped.all_rows():
        assert row["carried_over"] + row["received"] == (
            row["resolved"] + row["pending"] + row["withdrawn"]
        )


def test_command_regroup_for_a_current_unit(commune, other_commune, tmp_path, capsys):
    make_dossier(
        commune, received=D(2022, 3, 1), due=D(2022, 3, 2), resolved=D(2022, 3, 2)
    )
    make_dossier(other_commune, received=D(2022, 3, 1), due=D(2022, 3, 2))
    call_command(
        "dossier_report",
        "--from",
        "2022-01-01",
        "--to",
        "2022-12-31",
        "--unit",
        "14095",
        "--regroup",
        "current",
        "--format",
        "csv",
    )
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert [r[0] for r in rows[1:]] == ["14095", "TOTAL"]
    assert rows[1][1] == "Xã Xuân Hồng"
    assert rows[1][3] == "1"


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    specs=st.lists(
        st.tuples(
            st.sampled_from(["14089", "14092", "14116", "364"]),
            st.integers(0, 40),
            st.integers(0, 5),
            st.none() | st.integers(0, 10),
        ),
        max_size=15,
    )
)
def test_regrouping_never_loses_or_invents_a_dossier(district, specs):
    Dossier.objects.all().delete()
    units = {u.code: u for u in district.children.all()} | {"364": district}
    for i, (code, day, due, resolved) in enumerate(specs):
        received = D(2025, 6, 10) + datetime.timedelta(days=day)
        make_dossier(
            units[code],
            received=received,
            due=received + datetime.timedelta(days=due),
            resolved=None
            if resolved is None
            else received + datetime.timedelta(days=resolved),
            code=f"R{i}",
        )
    start, end = D(2025, 6, 15), D(2025, 7, 10)
    plain = form06_report(date_from=start, date_to=end)
    regrouped = form06_report(date_from=start, date_to=end, regroup_current=True)
    for key in COUNT_COLUMNS:
        assert plain.total[key] == regrouped.total[key]
        assert sum(r[key] for r in regrouped.rows) == regrouped.total[key]


def test_default_period_is_the_last_year_with_dossiers(commune):
    with time_machine.travel(datetime.datetime(2026, 5, 1, 9, tzinfo=datetime.UTC)):
        assert default_period() == (D(2026, 1, 1), D(2026, 12, 31))
        make_dossier(commune, received=D(2022, 3, 1), due=D(2022, 3, 2))
        assert default_period() == (D(2022, 1, 1), D(2022, 12, 31))


def test_regroup_sums_imported_totals_and_keeps_unknowns_unknown(other_commune):
    # Xã Xuân Châu (14092) has imported totals only, without early/on time
    # apart; Xã Xuân Hồng (14095), its successor, has dossier records.
    start, end = D(2025, 6, 1), D(2025, 12, 31)
    DossierTotal.objects.create(
        unit=other_commune,
        period_from=start,
        period_to=end,
        received=10,
        received_direct=10,
        resolved=8,
        resolved_late=1,
        pending=2,
    )
    successor = current("14095")
    make_dossier(
        successor, received=D(2025, 7, 2), due=D(2025, 7, 4), resolved=D(2025, 7, 3)
    )
    report = form06_report(date_from=start, date_to=end, regroup_current=True)
    [row] = [r for r in report.rows if r["unit_code"] == "14095"]
    assert (row["received"], row["received_direct"], row["resolved"]) == (11, 11, 9)
    assert row["resolved_late"] == 1
    assert row["resolved_early"] is None  # unknown in one part: unknown in the sum
    assert row["on_time_rate"] is not None  # resolved − late stands for them
    assert report.from_totals == ["14095"]
