"""Synthetic dossiers for Huyện Xuân Trường's one-stop desks, 2021–2022.

Built so that the published commune-level figures hold exactly (DOMAIN.md):
in the first months of 2022 (taken here as 01/01–30/06/2022) the communes
received 21,526 dossiers (21,454 direct, 32 online, 40 postal) and resolved
21,486 (12,305 early, 9,181 on time), with nothing carried over from 2021.
The other periods are plausible, not published. Deterministic (seeded), so a
second run would produce the same records; it is skipped when the demo units
already hold dossiers.
"""

import datetime
import random
from dataclasses import dataclass
from decimal import Decimal

from audits.dossiers.choices import DossierStatus
from audits.dossiers.models import Dossier
from audits.dossiers.satisfaction import (
    INDICATORS,
    evaluation_record,
    survey_record,
)
from audits.dossiers.services import LOCAL_TZ, DossierRecord, dossiers_upsert
from qms.choices import Channel, OnlineLevel
from qms.organisation.choices import UnitLevel
from qms.organisation.models import LEGACY_END, AdministrativeUnit

DISTRICT_CODE = "364"
DISTRICT_DESK_CODE = "364.MC"
PROCEDURES = ["1.001193", "1.000894", "1.000656", "2.000815", "2.000884"]

DEMO_END = datetime.date(2022, 12, 31)
H1_2022 = (datetime.date(2022, 1, 1), datetime.date(2022, 6, 30))
#: Published commune-level figures for H1 2022 (Xuân Trường).
PUBLISHED_H1_2022 = {
    "received_direct": 21_454,
    "received_online": 32,
    "received_postal": 40,
    "resolved_early": 12_305,
    "resolved_on_time": 9_181,
}


@dataclass(frozen=True)
class _Plan:
    """How many dossiers of each kind one stretch of time gets."""

    start: datetime.date
    end: datetime.date
    channels: dict[str, int]
    outcomes: dict[str, int]  # early / on_time / late / withdrawn / pending


def _working_days(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    days = []
    day = start
    while day <= end:
        if day.weekday() < 5:
            days.append(day)
        day += datetime.timedelta(days=1)
    return days


def _split(total: int, weights: list[float]) -> list[int]:
    """Split ``total`` in proportion to ``weights``, exactly (largest remainder)."""
    raw = [total * w / sum(weights) for w in weights]
    parts = [int(x) for x in raw]
    order = sorted(range(len(raw)), key=lambda i: raw[i] - parts[i], reverse=True)
    for i in order[: total - sum(parts)]:
        parts[i] += 1
    return parts


def _at(day: datetime.date, rng: random.Random) -> datetime.datetime:
    minutes = rng.randint(7 * 60 + 30, 16 * 60 + 30)
    return datetime.datetime(
        day.year, day.month, day.day, minutes // 60, minutes % 60, tzinfo=LOCAL_TZ
    )


def _generate(
    plan: _Plan, units: list[AdministrativeUnit], weights: list[float], seed: int
):
    """Records for ``plan`` spread over ``units``; exact totals per plan."""
    rng = random.Random(seed)  # noqa: S311 - demo data, not security
    total = sum(plan.channels.values())
    assert total == sum(plan.outcomes.values())  # noqa: S101 - plan invariant
    channels = [c for c, n in plan.channels.items() for _ in range(n)]
    rng.shuffle(channels)
    days = _working_days(plan.start, plan.end)
    # Closed dossiers close within the plan (room for a 5-day span and 4 days
    # late); pending ones arrive in its last days and close after it.
    closing_days = [d for d in days if (plan.end - d).days >= 10]
    pending_days = days[-4:]
    outcomes = [o for o, n in plan.outcomes.items() for _ in range(n)]
    rng.shuffle(outcomes)
    received = [
        rng.choice(pending_days if o == "pending" else closing_days) for o in outcomes
    ]
    unit_of = [
        u for u, n in zip(units, _split(total, weights), strict=True) for _ in range(n)
    ]
    rng.shuffle(unit_of)
    sequence: dict[tuple, int] = {}
    for i in range(total):
        day, outcome, channel, unit = received[i], outcomes[i], channels[i], unit_of[i]
        received_at = _at(day, rng)
        span = rng.randint(1, 5)
        due_at = received_at + datetime.timedelta(days=span)
        due_at = due_at.replace(hour=16, minute=30)
        resolved_at = None
        status = DossierStatus.NORMAL
        if outcome == "early":
            resolved_at = _at(
                day + datetime.timedelta(days=rng.randint(0, span - 1)), rng
            )
            resolved_at = max(resolved_at, received_at)
        elif outcome == "on_time":
            resolved_at = due_at.replace(hour=rng.randint(8, 16))
        elif outcome == "late":
            resolved_at = due_at + datetime.timedelta(days=rng.randint(1, 4))
        elif outcome == "withdrawn":
            status = DossierStatus.WITHDRAWN
            resolved_at = due_at - datetime.timedelta(days=span)
            resolved_at = max(resolved_at, received_at)
        elif outcome == "pending":
            # due after the period (pending in time); resolved early in the
            # next one, except at the end of the demo where it stays open
            due_at = datetime.datetime.combine(
                plan.end + datetime.timedelta(days=3), datetime.time(16, 30), LOCAL_TZ
            )
            if plan.end < DEMO_END:
                resolved_at = due_at - datetime.timedelta(days=1)
        level = ""
        if channel == Channel.ONLINE:
            level = rng.choice([OnlineLevel.PARTIAL, OnlineLevel.FULL])
        key = (unit.code, day)
        sequence[key] = sequence.get(key, 0) + 1
        yield DossierRecord(
            code=f"H40.{unit.code}-{day:%y%m%d}-{sequence[key]:04d}",
            procedure_code=rng.choice(PROCEDURES),
            unit_id=unit.pk,
            channel=channel,
            online_level=level,
            received_at=received_at,
            due_at=due_at,
            resolved_at=resolved_at,
            status=status,
        )


def _plans_for_communes() -> list[_Plan]:
    published = PUBLISHED_H1_2022
    received = sum(v for k, v in published.items() if k.startswith("received"))
    resolved = published["resolved_early"] + published["resolved_on_time"]
    return [
        _Plan(
            datetime.date(2021, 1, 1),
            datetime.date(2021, 12, 31),
            {Channel.DIRECT: 40_310, Channel.ONLINE: 38, Channel.POSTAL: 52},
            {"early": 22_950, "on_time": 17_120, "late": 214, "withdrawn": 116},
        ),
        _Plan(
            *H1_2022,
            {
                Channel.DIRECT: published["received_direct"],
                Channel.ONLINE: published["received_online"],
                Channel.POSTAL: published["received_postal"],
            },
            {
                "early": published["resolved_early"],
                "on_time": published["resolved_on_time"],
                "pending": received - resolved,
            },
        ),
        _Plan(
            datetime.date(2022, 7, 1),
            datetime.date(2022, 12, 31),
            {Channel.DIRECT: 20_880, Channel.ONLINE: 460, Channel.POSTAL: 61},
            {
                "early": 12_540,
                "on_time": 8_702,
                "late": 96,
                "withdrawn": 38,
                "pending": 25,
            },
        ),
    ]


def demo_units() -> tuple[list[AdministrativeUnit], AdministrativeUnit | None]:
    """The 14 legacy communes of Xuân Trường and the district one-stop desk."""
    district = AdministrativeUnit.objects.get(
        code=DISTRICT_CODE, level=UnitLevel.DISTRICT, valid_to=LEGACY_END
    )
    communes = list(district.children.filter(level=UnitLevel.COMMUNE).order_by("code"))
    desk = AdministrativeUnit.objects.filter(
        code=DISTRICT_DESK_CODE, level=UnitLevel.AGENCY
    ).first()
    return communes, desk


def dossiers_demo_load() -> int:
    """Write the demo dossiers unless the demo units already have some."""
    communes, desk = demo_units()
    units = communes + ([desk] if desk else [])
    if Dossier.objects.filter(unit__in=units).exists():
        return 0
    # The thị trấn (district seat) handles about three times a rural commune.
    weights = [
        3.0
        if u.unit_type == "thị trấn" or u.name.startswith("Thị trấn")
        else 1.0 + (i % 4) * 0.15
        for i, u in enumerate(communes)
    ]
    written = 0
    plans = [(communes, weights, plan) for plan in _plans_for_communes()]
    if desk:
        plans.append(
            (
                [desk],
                [1.0],
                _Plan(
                    datetime.date(2021, 1, 1),
                    DEMO_END,
                    {Channel.DIRECT: 9_200, Channel.ONLINE: 2_450, Channel.POSTAL: 350},
                    {
                        "early": 7_400,
                        "on_time": 3_900,
                        "late": 610,
                        "withdrawn": 60,
                        "pending": 30,
                    },
                ),
            )
        )
    batch: list[DossierRecord] = []
    for seed, (units_, weights_, plan) in enumerate(plans):
        for record in _generate(plan, units_, weights_, seed):
            batch.append(record)
            if len(batch) >= 5000:
                written += len(batch)
                dossiers_upsert(batch, count=False)
                batch = []
    dossiers_upsert(batch, count=False)
    return written + len(batch)


def satisfaction_demo_load() -> int:
    """2022 survey results and one-stop ratings of the 14 communes (synthetic).

    Idempotent: upserted by unit and period.
    """
    communes, _desk = demo_units()
    rng = random.Random(2022)  # noqa: S311 - demo data
    start, end = datetime.date(2022, 1, 1), DEMO_END
    for commune in communes:
        respondents = rng.randint(120, 400)
        survey_record(
            unit_id=commune.pk,
            period_from=start,
            period_to=end,
            respondents=respondents,
            satisfied=respondents - rng.randint(0, 12),
            complaints=rng.randint(0, 4),
            source="demo",
        )
        scores = [Decimal(rng.choice(["2", "2", "2", "1.5", "1"])) for _ in INDICATORS]
        evaluation_record(
            unit_id=commune.pk,
            period_from=start,
            period_to=end,
            scores=scores,
            source="demo",
        )
    return len(communes)
