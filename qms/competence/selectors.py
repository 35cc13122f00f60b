"""Reads of competence: a person's record, a unit's matrix, gaps per unit.

A person must hold every competence that one of their roles requires
(``RoleCompetence``; roles are the person's groups, qms.organisation.roles).
A competence is held on a day when a training record grants it and its
certificate has not expired by then; a requirement with no record is
*missing*, one whose records have all expired is *expired*: both are gaps.
Each read takes a fixed number of queries, whatever the number of people.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from qms.competence.models import Competence, RoleCompetence, TrainingRecord
from qms.documents.models import ReadAcknowledgement
from qms.documents.selectors import revisions_in_force_on
from qms.organisation.models import AdministrativeUnit, UnitMembership
from qms.organisation.roles import ROLES
from qms.organisation.scoping import sees_all_units, unit_ids_for

VIEW_TRAINING = "qms.view_trainingrecord"

HELD = "held"
EXPIRING = "expiring"
EXPIRED = "expired"
MISSING = "missing"
STATE_LABELS = {
    HELD: _("Đạt"),
    EXPIRING: _("Sắp hết hạn"),
    EXPIRED: _("Đã hết hạn"),
    MISSING: _("Chưa có"),
}
_ROLE_BY_GROUP = {role.group_name: role for role in ROLES}


def expiring_horizon_days() -> int:
    """Days ahead a certificate counts as "expiring soon": the first reminder."""
    days = getattr(settings, "COMPETENCE_REMINDER_DAYS", [60, 30])
    return max(days) if days else 0


@dataclass(frozen=True)
class CompetenceStatus:
    """Where one person stands on one competence on a day."""

    competence: Competence
    state: str
    required: bool
    record: TrainingRecord | None = None

    @property
    def is_gap(self) -> bool:
        """A required competence missing or expired."""
        return self.required and self.state in (MISSING, EXPIRED)

    @property
    def label(self) -> str:
        """The state in words."""
        return str(STATE_LABELS[self.state])

    @property
    def expires_on(self) -> datetime.date | None:
        """Expiry of the certificate that decides the state, if any."""
        return self.record.expires_on if self.record else None


def person_roles(person) -> list:
    """The roles of ``person`` (prefetch ``groups`` first)."""
    return [
        _ROLE_BY_GROUP[group.name]
        for group in person.groups.all()
        if group.name in _ROLE_BY_GROUP
    ]


def _requirements() -> dict[str, list[Competence]]:
    """Competences each role key requires (one query)."""
    found: dict[str, list[Competence]] = defaultdict(list)
    for item in RoleCompetence.objects.select_related("competence"):
        found[item.role].append(item.competence)
    return found


def _state(
    records: Sequence[TrainingRecord], day: datetime.date
) -> tuple[str, TrainingRecord | None]:
    """The best standing the records give on ``day``, and the record behind it."""
    horizon = day + datetime.timedelta(days=expiring_horizon_days())
    valid = [r for r in records if r.expires_on is None or r.expires_on >= day]
    if valid:
        best = max(valid, key=lambda r: r.expires_on or datetime.date.max)
        if best.expires_on is not None and best.expires_on <= horizon:
            return EXPIRING, best
        return HELD, best
    if records:
        return EXPIRED, max(records, key=lambda r: r.expires_on)
    return MISSING, None


def _statuses(
    people: Iterable, day: datetime.date
) -> dict[int, list[CompetenceStatus]]:
    """Each person's required and held competences on ``day``.

    ``people`` have their ``groups`` prefetched. Two queries in all.
    """
    people = list(people)
    required = _requirements()
    records: dict[tuple[int, int], list[TrainingRecord]] = defaultdict(list)
    competences: dict[int, Competence] = {}
    for record in TrainingRecord.objects.filter(
        person__in=[p.pk for p in people], competence__isnull=False
    ).select_related("competence"):
        records[(record.person_id, record.competence_id)].append(record)
        competences[record.competence_id] = record.competence
    found: dict[int, list[CompetenceStatus]] = {}
    for person in people:
        wanted: dict[int, Competence] = {}
        for role in person_roles(person):
            for competence in required.get(role.key, []):
                wanted[competence.pk] = competence
        statuses = []
        for competence in wanted.values():
            state, record = _state(records.get((person.pk, competence.pk), []), day)
            statuses.append(CompetenceStatus(competence, state, True, record))
        for (person_id, competence_id), own in records.items():
            if person_id == person.pk and competence_id not in wanted:
                state, record = _state(own, day)
                statuses.append(
                    CompetenceStatus(competences[competence_id], state, False, record)
                )
        found[person.pk] = sorted(statuses, key=lambda s: s.competence.code)
    return found


# --- who may see whom -------------------------------------------------------


def person_visible(viewer, person) -> bool:
    """The person themself; else a reader of training records who sees the
    person's units (commune officers only their own units' people)."""
    if viewer.pk == person.pk:
        return True
    if not viewer.has_perm(VIEW_TRAINING):
        return False
    if sees_all_units(viewer):
        return True
    allowed = unit_ids_for(viewer)
    return UnitMembership.objects.filter(user=person, unit_id__in=allowed).exists()


def scoped_people(viewer) -> QuerySet:
    """People the viewer may look up (members of units they see)."""
    users = get_user_model().objects.filter(is_active=True)
    allowed = unit_ids_for(viewer)
    if allowed is not None:
        users = users.filter(unit_memberships__unit_id__in=allowed).distinct()
    return users.order_by("last_name", "first_name", "username")


# --- a person's record ------------------------------------------------------


@dataclass(frozen=True)
class DocumentReading:
    """A document in force that the person must read, and whether they did."""

    revision: object
    acknowledged_at: datetime.datetime | None


@dataclass
class PersonProfile:
    """Everything "Hồ sơ năng lực" shows for one person."""

    person: object
    memberships: list
    roles: list
    trainings: list
    statuses: list[CompetenceStatus]
    readings: list[DocumentReading] = field(default_factory=list)

    @property
    def gaps(self) -> list[CompetenceStatus]:
        """Required competences missing or expired."""
        return [status for status in self.statuses if status.is_gap]

    @property
    def unread(self) -> list[DocumentReading]:
        """Documents in force still to acknowledge."""
        return [item for item in self.readings if item.acknowledged_at is None]


def person_profile(*, person, day: datetime.date) -> PersonProfile:
    """Trainings, competences required and held, documents to read (7 queries)."""
    person = get_user_model().objects.prefetch_related("groups").get(pk=person.pk)
    memberships = list(
        UnitMembership.objects.filter(user=person).select_related("unit")
    )
    trainings = list(
        TrainingRecord.objects.filter(person=person).select_related(
            "competence", "unit"
        )
    )
    revisions = list(
        revisions_in_force_on(day).filter(
            document__owning_unit_id__in=[m.unit_id for m in memberships]
        )
    )
    acknowledged = dict(
        ReadAcknowledgement.objects.filter(
            user=person, revision__in=[r.pk for r in revisions]
        ).values_list("revision_id", "acknowledged_at")
    )
    return PersonProfile(
        person=person,
        memberships=memberships,
        roles=person_roles(person),
        trainings=trainings,
        statuses=_statuses([person], day)[person.pk],
        readings=[
            DocumentReading(revision, acknowledged.get(revision.pk))
            for revision in revisions
        ],
    )


# --- a unit's matrix --------------------------------------------------------


@dataclass(frozen=True)
class MatrixRow:
    """One person of the unit: a cell per competence column."""

    person: object
    roles: list
    cells: list[CompetenceStatus | None]

    @property
    def gap_count(self) -> int:
        """Required competences this person lacks."""
        return sum(1 for cell in self.cells if cell is not None and cell.is_gap)


@dataclass(frozen=True)
class UnitMatrix:
    """People × competences of one unit on a day."""

    unit: AdministrativeUnit
    day: datetime.date
    competences: list[Competence]
    rows: list[MatrixRow]

    @property
    def gap_count(self) -> int:
        """Every (person, competence) gap of the unit."""
        return sum(row.gap_count for row in self.rows)


def _members(unit_ids: Iterable[int]) -> dict[int, list]:
    """Active members of each unit, roles prefetched (two queries)."""
    found: dict[int, list] = defaultdict(list)
    for membership in (
        UnitMembership.objects.filter(unit_id__in=list(unit_ids), user__is_active=True)
        .select_related("user")
        .prefetch_related("user__groups")
        .order_by("user__last_name", "user__first_name", "user__username")
    ):
        found[membership.unit_id].append(membership.user)
    return found


def unit_matrix(*, unit: AdministrativeUnit, day: datetime.date) -> UnitMatrix:
    """The unit's people against every competence one of them holds or needs."""
    people = _members([unit.pk]).get(unit.pk, [])
    statuses = _statuses(people, day)
    columns: dict[int, Competence] = {}
    for person in people:
        for status in statuses[person.pk]:
            columns.setdefault(status.competence.pk, status.competence)
    competences = sorted(columns.values(), key=lambda c: c.code)
    rows = []
    for person in people:
        by_competence = {s.competence.pk: s for s in statuses[person.pk]}
        rows.append(
            MatrixRow(
                person=person,
                roles=person_roles(person),
                cells=[by_competence.get(c.pk) for c in competences],
            )
        )
    return UnitMatrix(unit=unit, day=day, competences=competences, rows=rows)


@dataclass(frozen=True)
class UnitGaps:
    """One unit's people, gaps and trainings, for lists and the review."""

    unit: AdministrativeUnit
    people: int
    required: int
    missing: int
    expired: int
    trainings: int = 0
    hours: float = 0.0

    @property
    def gaps(self) -> int:
        """Missing plus expired."""
        return self.missing + self.expired

    @property
    def percent_met(self) -> float:
        """Share of required (person, competence) pairs held, 0–100."""
        if not self.required:
            return 100.0
        return round(100 * (self.required - self.gaps) / self.required, 1)


def gaps_by_unit(
    *,
    unit_ids: Iterable[int],
    day: datetime.date,
    trained_from: datetime.date | None = None,
) -> list[UnitGaps]:
    """Gaps on ``day`` of each unit that has members; trainings completed
    between ``trained_from`` and ``day`` counted too. Fixed query count."""
    members = _members(unit_ids)
    everyone = {p.pk: p for people in members.values() for p in people}
    statuses = _statuses(everyone.values(), day)
    trained: dict[int, list[float]] = defaultdict(list)
    if trained_from is not None:
        for unit_id, hours in TrainingRecord.objects.filter(
            unit_id__in=list(members),
            completed_on__gte=trained_from,
            completed_on__lte=day,
        ).values_list("unit_id", "hours"):
            trained[unit_id].append(float(hours))
    units = AdministrativeUnit.objects.in_bulk(list(members))
    rows = []
    for unit_id, people in members.items():
        required = [s for p in people for s in statuses[p.pk] if s.required]
        rows.append(
            UnitGaps(
                unit=units[unit_id],
                people=len(people),
                required=len(required),
                missing=sum(1 for s in required if s.state == MISSING),
                expired=sum(1 for s in required if s.state == EXPIRED),
                trainings=len(trained[unit_id]),
                hours=sum(trained[unit_id]),
            )
        )
    return sorted(rows, key=lambda row: row.unit.name)


def visible_unit_ids(viewer) -> list[int]:
    """Units with members that the viewer may look at."""
    members = UnitMembership.objects.filter(user__is_active=True)
    allowed = unit_ids_for(viewer)
    if allowed is not None:
        members = members.filter(unit_id__in=allowed)
    return sorted(set(members.values_list("unit_id", flat=True)))
