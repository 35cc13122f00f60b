"""Quality objectives measured from the system's figures, the risk register,
nonconformities raised outside a visit, and the review pack's 9.3.2 inputs."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audits.dossiers.satisfaction import survey_record
from audits.inspections.models import Nonconformity
from audits.inspections.selectors import unit_risks
from audits.inspections.services import action_create, nonconformity_raise
from audits.planning.choices import ObjectiveKind, ObjectiveStatus, RiskKind
from audits.planning.models import QualityObjective, Risk, RiskAction, level_for
from audits.planning.selectors import measure_objectives
from audits.planning.services import objective_raise_nonconformity
from audits.reviews.selectors import review_pack
from qms.history import save_with_history
from tests.audits.dossiers.factories import make_dossier

pytestmark = pytest.mark.django_db

D = datetime.date
YEAR = 2024


def objective(unit, kind, target, *, user, comparison="gte", **extra):
    item = QualityObjective(
        unit=unit,
        year=YEAR,
        title=extra.pop("title", f"{kind} {target}"),
        kind=kind,
        target=Decimal(target),
        comparison=comparison,
        **extra,
    )
    save_with_history(item, user=user, reason="test")
    return item


def risk(unit, likelihood, impact, *, user, kind=RiskKind.RISK, title="Trễ hạn"):
    item = Risk(
        unit=unit,
        process="Hộ tịch",
        kind=kind,
        title=title,
        cause="Thiếu người",
        consequence="Quá hạn",
        likelihood=likelihood,
        impact=impact,
        identified_on=D(YEAR, 1, 5),
    )
    save_with_history(item, user=user, reason="test")
    return item


@pytest.fixture
def dossiers(commune, other_commune):
    """Hand count for the commune in 2024: resolved 4 = 2 early + 1 on time +
    1 late, one pending: on-time rate 3/4 = 75 %. The other commune: 1/1."""
    make_dossier(
        commune, received=D(YEAR, 3, 1), due=D(YEAR, 3, 5), resolved=D(YEAR, 3, 2)
    )
    make_dossier(
        commune, received=D(YEAR, 3, 1), due=D(YEAR, 3, 5), resolved=D(YEAR, 3, 4)
    )
    make_dossier(
        commune, received=D(YEAR, 4, 1), due=D(YEAR, 4, 5), resolved=D(YEAR, 4, 5)
    )
    make_dossier(
        commune, received=D(YEAR, 5, 1), due=D(YEAR, 5, 5), resolved=D(YEAR, 5, 9)
    )
    make_dossier(commune, received=D(YEAR, 6, 1), due=D(YEAR, 12, 30))
    make_dossier(
        other_commune, received=D(YEAR, 3, 1), due=D(YEAR, 3, 5), resolved=D(YEAR, 3, 3)
    )
    # Another year does not count.
    make_dossier(
        commune,
        received=D(YEAR - 1, 3, 1),
        due=D(YEAR - 1, 3, 5),
        resolved=D(YEAR - 1, 3, 9),
    )


@time_machine.travel(D(YEAR + 1, 2, 1))
def test_on_time_objective_measured_against_hand_count(
    dossiers, commune, district, approver
):
    missed = objective(commune, ObjectiveKind.ON_TIME_RATE, 98, user=approver)
    met = objective(commune, ObjectiveKind.ON_TIME_RATE, 75, user=approver, title="b")
    whole = objective(district, ObjectiveKind.ON_TIME_RATE, 80, user=approver)
    first, second, third = measure_objectives(
        [missed, met, whole], today=D(YEAR + 1, 2, 1)
    )
    assert first.value == Decimal("75.00")
    assert first.detail.startswith("3/4")
    assert first.status == ObjectiveStatus.MISSED
    assert "Mẫu 06" in first.source
    assert (first.period_from, first.period_to) == (D(YEAR, 1, 1), D(YEAR, 12, 31))
    assert second.status == ObjectiveStatus.MET
    # The district counts its communes' dossiers: 4/5 = 80 %.
    assert third.value == Decimal("80.00")
    assert third.status == ObjectiveStatus.MET


def test_at_most_target_and_not_measurable(commune, approver):
    late = objective(
        commune,
        ObjectiveKind.MANUAL,
        2,
        user=approver,
        comparison="lte",
        measured_value=Decimal("1.5"),
        measured_on=D(YEAR, 12, 1),
    )
    empty = objective(commune, ObjectiveKind.ON_TIME_RATE, 90, user=approver)
    future = QualityObjective(unit=commune, year=2100, title="x", target=1)
    a, b, c = measure_objectives([late, empty, future], today=D(YEAR, 12, 15))
    assert (a.status, a.value_text) == (ObjectiveStatus.MET, "1,5 %")
    assert b.status == ObjectiveStatus.NOT_MEASURABLE
    assert c.status == ObjectiveStatus.NOT_MEASURABLE


def test_satisfaction_objective_reads_the_surveys(commune, approver):
    survey_record(
        unit_id=commune.pk,
        period_from=D(YEAR, 1, 1),
        period_to=D(YEAR, 6, 30),
        respondents=40,
        satisfied=34,
    )
    item = objective(commune, ObjectiveKind.SATISFACTION, 90, user=approver)
    (m,) = measure_objectives([item], today=D(YEAR, 12, 31))
    assert m.value == Decimal("85.00")
    assert m.detail.startswith("34/40")
    assert m.status == ObjectiveStatus.MISSED


@time_machine.travel(D(YEAR + 1, 1, 10))
def test_missed_objective_raises_a_nonconformity_with_history(
    dossiers, commune, approver, commune_officer
):
    item = objective(commune, ObjectiveKind.ON_TIME_RATE, 98, user=approver)
    nc = objective_raise_nonconformity(objective=item, user=commune_officer)
    assert nc.inspection is None
    assert nc.unit == commune
    assert nc.source == item
    assert nc.iso_clause == "6.2"
    assert nc.code == f"{commune.code}/KPH-N01"
    assert "75" in nc.evidence and "Mẫu 06" in nc.evidence
    assert nc.history.get().history_change_reason.startswith("Lập điểm")
    with pytest.raises(ValidationError, match="đang mở"):
        objective_raise_nonconformity(objective=item, user=commune_officer)
    # Followed like any other: a corrective action owned by the commune.
    action = action_create(
        nonconformity=nc, action="Bố trí thêm người", user=commune_officer
    )
    assert action.owner_unit == commune


def test_met_objective_raises_nothing(commune, approver):
    item = objective(
        commune,
        ObjectiveKind.MANUAL,
        90,
        user=approver,
        measured_value=Decimal(95),
        measured_on=D(YEAR, 6, 1),
    )
    with pytest.raises(ValidationError, match="không đạt"):
        objective_raise_nonconformity(objective=item, user=approver)
    assert not Nonconformity.objects.exists()


def test_nonconformity_raise_refuses_bad_input_and_other_units(
    commune, other_commune, approver, commune_officer, iso_reviewer
):
    source = objective(commune, ObjectiveKind.MANUAL, 1, user=approver)
    base = {
        "source": source,
        "grade": "minor",
        "description": "x",
        "evidence": "",
        "reason": "r",
    }
    with pytest.raises(PermissionDenied):
        nonconformity_raise(unit=other_commune, user=commune_officer, **base)
    with pytest.raises(PermissionDenied):
        nonconformity_raise(unit=commune, user=iso_reviewer, **base)
    with pytest.raises(ValidationError, match="Mức độ"):
        nonconformity_raise(unit=commune, user=approver, **{**base, "grade": "huge"})
    with pytest.raises(ValidationError, match="Mô tả"):
        nonconformity_raise(unit=commune, user=approver, **{**base, "description": " "})
    assert not Nonconformity.objects.exists()
    first = nonconformity_raise(unit=commune, user=approver, **base)
    second = nonconformity_raise(unit=commune, user=approver, **base)
    other = nonconformity_raise(unit=other_commune, user=approver, **base)
    assert (first.number, second.number, other.number) == (1, 2, 1)


def test_risk_score_level_and_constraints(commune, approver):
    assert [level_for(s) for s in (1, 4, 5, 9, 10, 15, 16, 25)] == [
        "low",
        "low",
        "medium",
        "medium",
        "high",
        "high",
        "critical",
        "critical",
    ]
    item = risk(commune, 4, 4, user=approver)
    assert (item.score, item.level) == (16, "critical")
    assert "Rất cao" in item.level_badge()
    bad = Risk(
        unit=commune,
        process="p",
        title="t",
        cause="c",
        consequence="c",
        likelihood=6,
        impact=1,
        identified_on=D(YEAR, 1, 1),
    )
    with pytest.raises(ValidationError) as error:
        save_with_history(bad, user=approver, reason="x")
    assert "likelihood" in error.value.message_dict
    half = RiskAction(risk=item, action="a", due_date=D(YEAR, 2, 1), effective=True)
    with pytest.raises(ValidationError, match="Đánh giá hiệu lực"):
        save_with_history(half, user=approver, reason="x")
    assert item.history.count() == 1


def test_inspection_plan_suggests_units_with_high_open_risks(
    commune, other_commune, approver
):
    risk(commune, 4, 3, user=approver, title="Trễ hạn hộ tịch")
    risk(other_commune, 2, 2, user=approver)
    risk(other_commune, 5, 5, user=approver, kind=RiskKind.OPPORTUNITY)
    found = {
        r.unit.pk: r
        for r in unit_risks(
            units=[commune, other_commune], year=YEAR, today=D(YEAR, 1, 2)
        )
    }
    assert any(
        "Trễ hạn hộ tịch (điểm 12)" in reason for reason in found[commune.pk].reasons
    )
    assert not any("sổ rủi ro" in reason for reason in found[other_commune.pk].reasons)
    assert found[commune.pk].score == found[other_commune.pk].score + 2


@time_machine.travel(D(YEAR + 1, 1, 10))
def test_review_pack_has_every_input_and_the_checklist(
    dossiers, commune, district, approver
):
    objective(commune, ObjectiveKind.ON_TIME_RATE, 98, user=approver)
    item = risk(commune, 4, 4, user=approver)
    save_with_history(
        RiskAction(
            risk=item,
            action="Trực thay",
            due_date=D(YEAR, 3, 1),
            done_on=D(YEAR, 2, 1),
            reviewed_on=D(YEAR, 6, 1),
            reviewer=approver,
            effective=False,
        ),
        user=approver,
        reason="x",
    )
    pack = review_pack(
        unit=district,
        period_from=D(YEAR, 1, 1),
        period_to=D(YEAR, 12, 31),
        today=D(YEAR + 1, 1, 10),
    )
    keys = [i.key for i in pack.inputs]
    # beside the other apps' sections (feedback c) 1, competence d)), in order
    assert keys.index("objectives") < keys.index("risks")
    rows = {row.clause: row for row in pack.checklist}
    assert list(rows) == [
        "a)",
        "b)",
        "c) 1",
        "c) 2",
        "c) 3",
        "c) 4",
        "c) 5",
        "c) 6",
        "c) 7",
        "d)",
        "e)",
        "f)",
    ]
    assert rows["c) 2"].answered_by[0][0] == "input-objectives"
    assert rows["e)"].answered_by[0][0] == "input-risks"
    assert rows["b)"].answered_by == []
    (measurement,) = pack.inputs[keys.index("objectives")].context["measurements"]
    assert measurement.status == ObjectiveStatus.MISSED


@time_machine.travel(D(YEAR + 1, 1, 10))
def test_review_pack_page_renders_inputs(
    client, dossiers, district, commune, approver, inspector
):
    objective(commune, ObjectiveKind.ON_TIME_RATE, 98, user=approver)
    client.force_login(inspector)
    response = client.get(
        reverse("audits_reviews:review_pack"),
        {
            "unit": district.pk,
            "period_from": f"01/01/{YEAR}",
            "period_to": f"31/12/{YEAR}",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "chưa có dữ liệu" in html
    assert 'id="input-objectives"' in html
    assert "3/4 hồ sơ" in html


def test_objective_admin_scoped_and_measured(
    client,
    dossiers,
    commune,
    other_commune,
    approver,
    commune_officer,
    django_assert_max_num_queries,
):
    own = objective(commune, ObjectiveKind.ON_TIME_RATE, 98, user=approver)
    theirs = objective(other_commune, ObjectiveKind.ON_TIME_RATE, 98, user=approver)
    for n in range(5):
        objective(commune, ObjectiveKind.MANUAL, n + 1, user=approver)
    client.force_login(commune_officer)
    with django_assert_max_num_queries(40):
        response = client.get(reverse("audits_objectives:index"))
    assert response.status_code == 200
    assert own.title.encode() in response.content
    assert b"Xu\xc3\xa2n Ch\xc3\xa2u" not in response.content
    # Each row says met or missed, measured in one batch for the page.
    html = response.content.decode()
    assert 'objective-missed">Không đạt' in html and "75 %" in html
    assert html.count('objective-pending">Chưa đo được') == 5
    for name in ("inspect", "edit", "history", "raise_nonconformity"):
        url = reverse(f"audits_objectives:{name}", args=[theirs.pk])
        assert client.get(url).status_code == 404, name
    with django_assert_max_num_queries(40):
        page = client.get(reverse("audits_objectives:inspect", args=[own.pk]))
    assert "Nguồn số liệu" in page.content.decode()


def test_objective_evidence_upload_checked(client, commune, commune_officer):
    client.force_login(commune_officer)
    response = client.post(
        reverse("audits_objectives:add"),
        {
            "unit": commune.pk,
            "year": YEAR,
            "title": "Tập huấn",
            "kind": "manual",
            "comparison": "gte",
            "target": "100",
            "measure_unit": "%",
            "evidence_file": SimpleUploadedFile("x.pdf", b"<html><script>"),
        },
    )
    assert response.status_code == 200
    assert "x.pdf" in response.content.decode()
    assert not QualityObjective.objects.exists()
