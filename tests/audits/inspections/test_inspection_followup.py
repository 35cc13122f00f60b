"""Follow-up of corrective actions: reminders, dashboard, demo data."""

import datetime
import io

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.utils.module_loading import import_string

from audits.inspections.choices import ActionStatus, NonconformityStatus
from audits.inspections.models import (
    CorrectiveAction,
    Inspection,
    InspectionPlan,
    Nonconformity,
)
from audits.inspections.reminders import corrective_action_reminders
from audits.inspections.selectors import follow_up, plan_warnings
from audits.inspections.services import action_report
from audits.reviews.models import ManagementReview
from audits.reviews.reminders import review_action_reminders
from audits.reviews.services import management_review_record, review_action_done
from qms.organisation.models import UnitMembership
from qms.organisation.roles import COMMUNE_OFFICER
from tests.audits.inspections.helpers import completed_visit_with_ncs
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

# completed_visit_with_ncs: record date 11/03/2022, default due 11/05/2022.
DUE = datetime.date(2022, 5, 11)


@pytest.fixture
def head(db, commune):
    user = make_user("chutich", COMMUNE_OFFICER)
    UnitMembership.objects.create(user=user, unit=commune, is_head=True)
    return user


@pytest.fixture
def owned_action(inspector, commune, commune_officer):
    _inspection, _ncs, actions = completed_visit_with_ncs(
        commune, inspector, grades=("minor",), owner=commune_officer
    )
    return actions[0]


def _lines(today):
    return [
        (r.email, r.overdue, r.line) for r in corrective_action_reminders(today=today)
    ]


def test_no_reminder_more_than_seven_days_ahead(owned_action):
    assert _lines(DUE - datetime.timedelta(days=8)) == []


def test_owner_reminded_seven_days_before(owned_action, commune_officer):
    lines = _lines(DUE - datetime.timedelta(days=7))
    assert len(lines) == 1
    email, overdue, line = lines[0]
    assert email == commune_officer.email
    assert not overdue
    assert "hạn 11/05/2022, còn 7 ngày" in line


def test_overdue_goes_to_owner_and_after_14_days_to_head(
    owned_action, commune_officer, head
):
    lines = _lines(DUE + datetime.timedelta(days=13))
    assert [(e, o) for e, o, _l in lines] == [(commune_officer.email, True)]
    lines = _lines(DUE + datetime.timedelta(days=14))
    assert sorted(e for e, _o, _l in lines) == sorted(
        [commune_officer.email, head.email]
    )
    head_line = next(line for e, _o, line in lines if e == head.email)
    assert head_line.startswith("[Thủ trưởng đơn vị]")
    assert "quá hạn 14 ngày" in head_line


def test_reported_action_is_not_reminded(owned_action, commune_officer):
    action_report(action=owned_action, report="Xong", user=commune_officer)
    assert _lines(DUE + datetime.timedelta(days=30)) == []


def test_action_without_owner_goes_to_unit_email(inspector, commune):
    commune.email = "ubnd@example.gov.vn"
    commune.save()
    completed_visit_with_ncs(commune, inspector, grades=("minor",))
    lines = _lines(DUE + datetime.timedelta(days=1))
    assert [(e, o) for e, o, _l in lines] == [("ubnd@example.gov.vn", True)]


@time_machine.travel(datetime.datetime(2022, 5, 20, 8, tzinfo=datetime.UTC))
def test_send_reminders_command_mails_owner(owned_action, commune_officer):
    mail.outbox.clear()
    call_command("send_reminders", stdout=io.StringIO())
    sent = [m for m in mail.outbox if commune_officer.email in m.to]
    assert len(sent) == 1
    assert "[QUÁ HẠN]" in sent[0].body
    assert "Cập nhật quy trình" in sent[0].body


def test_follow_up_counts_per_unit(inspector, commune, other_commune, commune_officer):
    completed_visit_with_ncs(commune, inspector)
    completed_visit_with_ncs(other_commune, inspector, grades=("minor",))
    action_report(
        action=CorrectiveAction.objects.filter(owner_unit=commune).first(),
        report="Xong",
        user=commune_officer,
    )
    rows = follow_up(user=inspector, today=datetime.date(2022, 6, 1))
    by_code = {row.unit.code: (row.open, row.reported, row.overdue) for row in rows}
    assert by_code == {"14089": (1, 1, 1), "14092": (1, 0, 1)}
    # the commune officer sees only their own unit
    rows = follow_up(user=commune_officer, today=datetime.date(2022, 6, 1))
    assert [row.unit.code for row in rows] == ["14089"]


@time_machine.travel(datetime.datetime(2026, 11, 21, 8, tzinfo=datetime.UTC))
def test_demo_is_complete_and_idempotent():
    out = io.StringIO()
    for path in settings.DEMO_LOADERS:
        if path.startswith(("qms.", "audits.inspections.", "audits.reviews.")):
            import_string(path)(stdout=out)
    plan = InspectionPlan.objects.get(year=2022)
    assert plan_warnings(plan) == []
    assert Inspection.objects.filter(status="completed").count() == 3
    statuses = sorted(CorrectiveAction.objects.values_list("status", flat=True))
    assert statuses == ["effective", "effective", "open", "reported"]
    overdue = CorrectiveAction.objects.filter(
        status=ActionStatus.OPEN, due_date__lt=datetime.date(2026, 11, 21)
    )
    assert overdue.count() == 1
    assert overdue.get().verifications.get().effective is False
    assert Nonconformity.objects.filter(status=NonconformityStatus.CLOSED).count() == 2
    review = ManagementReview.objects.get()
    assert review.actions.count() == 2
    assert review.actions.filter(done_on__isnull=False).count() == 1
    counts = (Inspection.objects.count(), CorrectiveAction.objects.count())
    import_string("audits.inspections.demo.load")(stdout=out)
    import_string("audits.reviews.demo.load")(stdout=out)
    assert (Inspection.objects.count(), CorrectiveAction.objects.count()) == counts
    assert ManagementReview.objects.count() == 1
    assert "đã có" in out.getvalue()


def test_review_actions_remind_unit_heads_and_unit_email(
    inspector, district, commune, head
):
    commune.email = "ubnd@example.gov.vn"
    commune.save()
    review = management_review_record(
        unit=district,
        period_from=datetime.date(2022, 1, 1),
        period_to=datetime.date(2022, 12, 31),
        meeting_date=datetime.date(2023, 1, 10),
        chair="Chủ tịch",
        minutes="Họp",
        decisions=[("Bổ sung nhân lực", commune, datetime.date(2023, 3, 1))],
        user=inspector,
    )
    assert review_action_reminders(today=datetime.date(2023, 2, 21)) == []
    found = review_action_reminders(today=datetime.date(2023, 3, 3))
    assert sorted(r.email for r in found) == [head.email, "ubnd@example.gov.vn"]
    assert all(r.overdue and "quá hạn 2 ngày" in r.line for r in found)
    review_action_done(
        action=review.actions.get(),
        done_on=datetime.date(2023, 3, 4),
        result="Xong",
        user=inspector,
    )
    assert review_action_reminders(today=datetime.date(2023, 3, 5)) == []
