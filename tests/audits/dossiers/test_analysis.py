"""The multi-period analysis: monthly trend and commune ranking (dashboards, review)."""

import datetime
from decimal import Decimal

import pytest

from audits.dossiers.analysis import commune_ranking, monthly_trend
from audits.dossiers.kpi import form06_report
from tests.audits.dossiers.factories import make_dossier

pytestmark = pytest.mark.django_db

D = datetime.date


def by_month(rows: list[dict]) -> dict[datetime.date, dict]:
    return {row["month"]: row for row in rows}


def test_trend_counts_received_and_resolved_in_their_own_months(commune):
    # received in January, resolved early in February
    make_dossier(
        commune, received=D(2021, 1, 30), due=D(2021, 2, 5), resolved=D(2021, 2, 2)
    )
    # received and resolved late in February
    make_dossier(
        commune, received=D(2021, 2, 1), due=D(2021, 2, 3), resolved=D(2021, 2, 9)
    )
    # received in February, still open: counted received, never resolved
    make_dossier(commune, received=D(2021, 2, 10), due=D(2021, 2, 20))
    # withdrawn in March: closed, yet not resolved
    make_dossier(
        commune,
        received=D(2021, 3, 1),
        due=D(2021, 3, 5),
        resolved=D(2021, 3, 2),
        status="withdrawn",
    )
    months = by_month(
        monthly_trend(date_from=D(2021, 1, 1), date_to=D(2021, 3, 31), unit_ids=None)
    )
    assert list(months) == [D(2021, 1, 1), D(2021, 2, 1), D(2021, 3, 1)]
    assert months[D(2021, 1, 1)] == {
        "month": D(2021, 1, 1),
        "received": 1,
        "resolved": 0,
        "in_time": 0,
        "on_time_rate": None,  # nothing resolved: no rate, not 0 %
    }
    assert months[D(2021, 2, 1)]["received"] == 2
    assert months[D(2021, 2, 1)]["resolved"] == 2
    assert months[D(2021, 2, 1)]["in_time"] == 1
    assert months[D(2021, 2, 1)]["on_time_rate"] == Decimal("50.00")
    assert months[D(2021, 3, 1)]["received"] == 1
    assert months[D(2021, 3, 1)]["resolved"] == 0


def test_trend_of_nothing_has_every_month_at_zero(commune):
    rows = monthly_trend(
        date_from=D(2021, 11, 15), date_to=D(2022, 2, 3), unit_ids=None
    )
    assert [row["month"] for row in rows] == [
        D(2021, 11, 1),
        D(2021, 12, 1),
        D(2022, 1, 1),
        D(2022, 2, 1),
    ]
    assert all(
        (row["received"], row["resolved"], row["in_time"], row["on_time_rate"])
        == (0, 0, 0, None)
        for row in rows
    )


def test_trend_keeps_to_the_period_and_the_scope(commune, other_commune):
    make_dossier(
        commune, received=D(2021, 5, 9), due=D(2021, 5, 12), resolved=D(2021, 5, 10)
    )
    make_dossier(
        commune, received=D(2021, 5, 20), due=D(2021, 5, 22), resolved=D(2021, 5, 21)
    )
    make_dossier(other_commune, received=D(2021, 5, 20), due=D(2021, 5, 22))
    period = {"date_from": D(2021, 5, 10), "date_to": D(2021, 5, 31)}
    # the 9 May dossier was received before the period, resolved inside it
    [mine] = monthly_trend(**period, unit_ids={commune.pk})
    assert (mine["received"], mine["resolved"], mine["in_time"]) == (1, 2, 2)
    assert mine["on_time_rate"] == Decimal("100.00")
    [everyone] = monthly_trend(**period, unit_ids=None)
    assert everyone["received"] == 2
    [nobody] = monthly_trend(**period, unit_ids=set())
    assert (nobody["received"], nobody["resolved"]) == (0, 0)


def test_trend_reaches_the_end_of_the_calendar():
    rows = monthly_trend(
        date_from=D(9999, 11, 30), date_to=D(9999, 12, 31), unit_ids=None
    )
    assert [row["month"] for row in rows] == [D(9999, 11, 1), D(9999, 12, 1)]


def test_ranking_orders_communes_by_rate_then_volume(district, commune, other_commune):
    period = {"date_from": D(2021, 1, 1), "date_to": D(2021, 12, 31)}
    # commune: 2 resolved, 1 late (50 %)
    make_dossier(
        commune, received=D(2021, 3, 1), due=D(2021, 3, 5), resolved=D(2021, 3, 4)
    )
    make_dossier(
        commune, received=D(2021, 3, 1), due=D(2021, 3, 5), resolved=D(2021, 3, 9)
    )
    # other commune: 1 resolved on time (100 %)
    make_dossier(
        other_commune, received=D(2021, 3, 1), due=D(2021, 3, 5), resolved=D(2021, 3, 5)
    )
    # the district's own desk is not a commune: never ranked
    make_dossier(
        district, received=D(2021, 3, 1), due=D(2021, 3, 5), resolved=D(2021, 3, 5)
    )
    ranking = commune_ranking(form06_report(**period))
    assert [row["unit_code"] for row in ranking] == [other_commune.code, commune.code]


def test_ranking_puts_communes_with_nothing_resolved_last(commune, other_commune):
    period = {"date_from": D(2021, 1, 1), "date_to": D(2021, 12, 31)}
    make_dossier(commune, received=D(2021, 3, 1), due=D(2021, 3, 5))  # still open
    make_dossier(
        other_commune, received=D(2021, 3, 1), due=D(2021, 3, 5), resolved=D(2021, 3, 9)
    )  # late: 0 %, still ahead of no rate at all
    ranking = commune_ranking(form06_report(**period))
    assert [(row["unit_code"], row["on_time_rate"]) for row in ranking] == [
        (other_commune.code, Decimal("0.00")),
        (commune.code, None),
    ]


def test_ranking_of_an_empty_report_is_empty(commune):
    report = form06_report(date_from=D(2021, 1, 1), date_to=D(2021, 12, 31))
    assert commune_ranking(report) == []
