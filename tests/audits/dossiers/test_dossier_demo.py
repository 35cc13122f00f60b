"""The demo dossiers reproduce the published Xuân Trường figures exactly."""

import datetime
import io

import pytest

from audits import demo
from audits.dossiers.demo import H1_2022, demo_units
from audits.dossiers.kpi import COUNT_COLUMNS, form06_report
from audits.dossiers.models import Dossier, OneStopEvaluation, SatisfactionSurvey
from qms.organisation.demo import AGENCIES
from qms.organisation.models import AdministrativeUnit

pytestmark = pytest.mark.django_db


def test_demo_matches_the_published_figures_and_is_idempotent(district):
    AdministrativeUnit.objects.create(
        level="agency", code=AGENCIES[1][0], name=AGENCIES[1][1], parent=district
    )
    demo.load(stdout=io.StringIO())
    communes, desk = demo_units()
    assert len(communes) == 14
    report = form06_report(date_from=H1_2022[0], date_to=H1_2022[1], unit=district)
    commune_codes = {c.code for c in communes}
    commune_level = {
        key: sum(r[key] for r in report.rows if r["unit_code"] in commune_codes)
        for key in COUNT_COLUMNS
    }
    assert commune_level["carried_over"] == 0
    assert commune_level["received"] == 21_526
    assert commune_level["received_direct"] == 21_454
    assert commune_level["received_online"] == 32
    assert commune_level["resolved"] == 21_486
    assert commune_level["resolved_early"] == 12_305
    assert commune_level["resolved_on_time"] == 9_181
    assert Dossier.objects.filter(unit=desk).exists()
    assert Dossier.objects.filter(received_on__year=2021).exists()
    assert Dossier.objects.filter(received_on__gte=datetime.date(2022, 7, 1)).exists()
    for row in form06_report(
        date_from=datetime.date(2021, 1, 1), date_to=datetime.date(2022, 12, 31)
    ).all_rows():
        assert row["carried_over"] + row["received"] == (
            row["resolved"] + row["pending"] + row["withdrawn"]
        )
    assert OneStopEvaluation.objects.count() == 14
    assert SatisfactionSurvey.objects.count() == 14
    count = Dossier.objects.count()
    demo.load(stdout=io.StringIO())
    assert Dossier.objects.count() == count
    assert OneStopEvaluation.objects.count() == 14
