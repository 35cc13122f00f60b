"""Required versus held competences, gaps, documents to read."""

import datetime

import pytest
import time_machine

from qms.competence import selectors
from qms.competence.review_input import competence_review_input
from qms.documents.choices import DocumentType
from qms.documents.models import ControlledDocument, ReadAcknowledgement
from qms.review_inputs import review_inputs
from tests.qms.documents.helpers import approved

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 3, 2)


def _states(profile):
    return {s.competence.code: s.state for s in profile.statuses}


def test_missing_expired_expiring_and_held(
    commune_officer, commune, one_stop, communication, requirements, record_for
):
    profile = selectors.person_profile(person=commune_officer, day=DAY)
    assert _states(profile) == {"KN-GT": "missing", "NV-MC": "missing"}
    assert len(profile.gaps) == 2

    record_for(
        commune_officer,
        commune,
        one_stop,
        completed=datetime.date(2022, 1, 5),
        expires=datetime.date(2025, 1, 5),
    )
    profile = selectors.person_profile(person=commune_officer, day=DAY)
    assert _states(profile)["NV-MC"] == "expired"

    record_for(
        commune_officer,
        commune,
        one_stop,
        completed=datetime.date(2023, 4, 1),
        expires=datetime.date(2026, 4, 1),
    )
    profile = selectors.person_profile(person=commune_officer, day=DAY)
    assert _states(profile)["NV-MC"] == "expiring"
    assert [g.competence.code for g in profile.gaps] == ["KN-GT"]

    record_for(commune_officer, commune, communication, completed=DAY)
    profile = selectors.person_profile(person=commune_officer, day=DAY)
    assert _states(profile)["KN-GT"] == "held"
    assert profile.gaps == []


def test_matrix_and_gaps_by_unit(
    commune_officer,
    commune,
    other_clerk,
    other_commune,
    requirements,
    communication,
    record_for,
):
    record_for(commune_officer, commune, communication, completed=DAY)
    matrix = selectors.unit_matrix(unit=commune, day=DAY)
    assert [r.person for r in matrix.rows] == [commune_officer]
    assert [c.code for c in matrix.competences] == ["KN-GT", "NV-MC"]
    assert matrix.gap_count == 1
    rows = {
        row.unit.pk: row
        for row in selectors.gaps_by_unit(
            unit_ids=[commune.pk, other_commune.pk],
            day=DAY,
            trained_from=datetime.date(2026, 1, 1),
        )
    }
    assert (rows[commune.pk].missing, rows[commune.pk].trainings) == (1, 1)
    assert rows[other_commune.pk].missing == 2
    assert rows[commune.pk].percent_met == 50.0


def test_readings_of_documents_in_force(
    commune_officer, commune, document_controller, approver, second_approver
):
    documents = []
    for code in ("QT 01/XTT", "QT 02/XTT"):
        doc = ControlledDocument.objects.create(
            code=code,
            title=f"Quy trình {code}",
            doc_type=DocumentType.PROCESS,
            owning_unit=commune,
            owner=document_controller,
        )
        with time_machine.travel(
            datetime.datetime(2025, 12, 1, 9, tzinfo=datetime.UTC)
        ):
            documents.append(
                approved(
                    doc,
                    document_controller,
                    approver,
                    second_approver,
                    effective=datetime.date(2026, 1, 1),
                )
            )
    ReadAcknowledgement.objects.create(revision=documents[0], user=commune_officer)
    profile = selectors.person_profile(person=commune_officer, day=DAY)
    assert len(profile.readings) == 2
    assert [r.revision.document.code for r in profile.unread] == ["QT 02/XTT"]


def test_review_input_registered_on_the_hook(commune_officer, commune, requirements):
    direct = competence_review_input(
        unit_ids=[commune.pk],
        period_from=datetime.date(2026, 1, 1),
        period_to=datetime.date(2026, 12, 31),
        today=DAY,
    )
    assert direct.clause == "d)"
    assert direct.context["gaps"] == 2
    keys = [
        item.key
        for item in review_inputs(
            unit_ids=[commune.pk],
            period_from=datetime.date(2026, 1, 1),
            period_to=datetime.date(2026, 12, 31),
            today=DAY,
        )
    ]
    assert "competence" in keys


def test_no_members_no_review_input(other_commune):
    assert (
        competence_review_input(
            unit_ids=[other_commune.pk],
            period_from=DAY,
            period_to=DAY,
            today=DAY,
        )
        is None
    )
