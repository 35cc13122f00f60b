# ruff: noqa: E501 - CSV rows read better unwrapped
"""PostgreSQL's daily roll-ups give the same Form 06 counts as the dossier rows.

Every write path is exercised: the upsert service (insert, update, unchanged),
ORM saves and queryset updates, deletes, TRUNCATE, and the COPY import with its
index rebuilds. ``form06_counts_rows`` is the reference.
"""

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from audits.dossiers.copy_import import copy_import
from audits.dossiers.kpi import form06_counts, form06_counts_rollup, form06_counts_rows
from audits.dossiers.models import Dossier
from tests.audits.dossiers.factories import dossier_spec, make_dossier

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="roll-ups: PostgreSQL only"
    ),
]

START = datetime.date(2021, 1, 1)
D = datetime.timedelta


def same_counts(date_from, date_to, unit_ids=None):
    rollup = form06_counts_rollup(
        date_from=date_from, date_to=date_to, unit_ids=unit_ids
    )
    rows = form06_counts_rows(date_from=date_from, date_to=date_to, unit_ids=unit_ids)
    assert rollup == rows
    return rows


def rollup_rows() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT (SELECT count(*) FROM audits_dossier_by_received) "
            "+ (SELECT count(*) FROM audits_dossier_by_closed) "
            "+ (SELECT count(*) FROM audits_dossier_by_due)"
        )
        return cursor.fetchone()[0]


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    specs=st.lists(dossier_spec, max_size=20),
    changes=st.lists(st.tuples(st.integers(0, 19), dossier_spec), max_size=6),
    deletes=st.sets(st.integers(0, 19), max_size=4),
    start=st.integers(0, 40),
    length=st.integers(0, 25),
)
def test_rollups_follow_every_write(district, specs, changes, deletes, start, length):
    Dossier.objects.all().delete()
    units = {u.code: u for u in district.children.all()} | {"364": district}

    def write(code, s):
        received = START + D(days=s["received"])
        resolved = s["resolved_after"]
        make_dossier(
            units[s["unit"]],
            received=received,
            due=received + D(days=s["due_after"]),
            resolved=None if resolved is None else received + D(days=resolved),
            channel=s["channel"],
            online_level=s["online_level"],
            status=s["status"],
            code=code,
        )

    for i, s in enumerate(specs):
        write(f"P{i}", s)
    for i, s in changes:  # the upsert service: updates and unchanged rows
        if i < len(specs):
            write(f"P{i}", s)
    Dossier.objects.filter(code__in=[f"P{i}" for i in deletes]).delete()
    first = Dossier.objects.order_by("code").first()
    if first:  # an ORM save moves a dossier to another unit
        first.unit = units["14092"]
        first.save()
    Dossier.objects.filter(channel="postal").update(channel="direct")
    date_from = START + D(days=start)
    date_to = date_from + D(days=length)
    same_counts(date_from, date_to)
    same_counts(date_from, date_to, {units["14089"].pk, district.pk})
    call_command("rebuild_dossier_rollups", "--check")


def test_truncate_empties_the_rollups(commune):
    make_dossier(commune, received=START, due=START + D(days=2))
    assert rollup_rows() == 2  # received and due; not closed
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the deferred FK checks
        cursor.execute("TRUNCATE audits_dossier CASCADE")  # ratings refer to it
    assert rollup_rows() == 0


EN = "dossier_code,procedure_code,unit_code,channel,online_level,received_at,due_at,resolved_at,status"


def test_copy_import_in_each_mode_keeps_them_right(tmp_path, commune):
    def row(i):
        received = START + D(days=i % 20)
        resolved = "" if i % 5 == 0 else received + D(days=i % 4)
        return (
            f"C{i},,{'14089' if i % 3 else '14092'},{'online' if i % 4 else 'direct'},,"
            f"{received},{received + D(days=2)},{resolved},"
            f"{'withdrawn' if i % 7 == 0 else ''}"
        )

    lines = [EN] + [row(i) for i in range(60)]
    path = tmp_path / "a.csv"
    path.write_text("\n".join(lines) + "\n")
    assert copy_import(path).created == 60  # empty table: indexes rebuilt
    same_counts(START, datetime.date(2021, 1, 15))
    changed = tmp_path / "b.csv"
    changed.write_text("\n".join(lines).replace(",online,", ",postal,") + "\n")
    assert copy_import(changed).updated > 0  # bulk upsert
    same_counts(START, datetime.date(2021, 1, 31))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE audits_dossier")
    one = tmp_path / "c.csv"
    one.write_text(EN + "\nC0,,14092,postal,,2021-01-05,2021-01-06,,\n")
    assert copy_import(one).updated == 1  # row by row, by the triggers
    same_counts(datetime.date(2021, 1, 3), datetime.date(2021, 1, 20))
    call_command("rebuild_dossier_rollups", "--check")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tgname, tgenabled FROM pg_trigger "
            "WHERE tgrelid = 'audits_dossier'::regclass AND NOT tgisinternal"
        )
        assert {state for _name, state in cursor.fetchall()} == {"O"}  # all on


def test_check_finds_drift_and_rebuild_repairs_it(commune, capsys):
    make_dossier(commune, received=START, due=START + D(days=2), resolved=START)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audits_dossier_by_closed SET n = n + 5")
    with pytest.raises(CommandError, match="audits_dossier_by_closed"):
        call_command("rebuild_dossier_rollups", "--check")
    assert form06_counts(date_from=START, date_to=START, unit_ids=None) != (
        form06_counts_rows(date_from=START, date_to=START, unit_ids=None)
    )
    call_command("rebuild_dossier_rollups")
    call_command("rebuild_dossier_rollups", "--check")
    assert "khớp" in capsys.readouterr().out
    same_counts(START, START)


def test_report_reads_few_rows_whatever_the_number_of_dossiers(commune):
    """The query touches roll-up rows (per unit and day), not dossiers."""
    for i in range(40):
        make_dossier(commune, received=START, due=START + D(days=1), code=f"S{i}")
    assert rollup_rows() == 2  # forty open dossiers, one row per table
    assert same_counts(START, START)[commune.pk]["received"] == 40


def test_an_update_that_moves_no_count_writes_no_rollup_row(commune):
    code = make_dossier(commune, received=START, due=START + D(days=2), resolved=START)

    def versions():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT xmin::text FROM audits_dossier_by_received "
                "UNION ALL SELECT xmin::text FROM audits_dossier_by_closed"
            )
            return sorted(row[0] for row in cursor.fetchall())

    before = versions()
    dossier = Dossier.objects.get(code=code)
    dossier.resolved_at = dossier.resolved_at.replace(hour=17)  # same day
    dossier.save()
    assert versions() == before
    same_counts(START, START)
