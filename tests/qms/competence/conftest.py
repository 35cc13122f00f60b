"""Competence fixtures: a small catalogue, requirements, trainees."""

import datetime

import pytest

from qms.competence import services
from qms.competence.models import Competence, RoleCompetence
from qms.organisation.roles import COMMUNE_OFFICER
from tests.conftest import make_user


@pytest.fixture
def one_stop(db):
    return Competence.objects.create(
        code="NV-MC", name="Nghiệp vụ một cửa", validity_months=36
    )


@pytest.fixture
def communication(db):
    return Competence.objects.create(code="KN-GT", name="Kỹ năng giao tiếp")


@pytest.fixture
def requirements(one_stop, communication):
    for competence in (one_stop, communication):
        RoleCompetence.objects.create(role=COMMUNE_OFFICER.key, competence=competence)


@pytest.fixture
def other_clerk(db, other_commune):
    """A commune officer of the other commune: never visible to ours."""
    return make_user("canbo_xuanchau", COMMUNE_OFFICER, other_commune)


@pytest.fixture
def record_for(document_controller):
    def _record(person, unit, competence, *, completed, expires=None, **extra):
        return services.training_record_create(
            user=document_controller,
            person=person,
            unit=unit,
            competence=competence,
            course=extra.pop("course", "Bồi dưỡng nghiệp vụ"),
            provider=extra.pop("provider", "Sở Nội vụ"),
            completed_on=completed,
            expires_on=expires,
            **extra,
        )

    return _record


DAY = datetime.date(2026, 3, 2)
