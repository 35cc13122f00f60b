"""Corrective actions in the "Việc chờ tôi" panel and the mail on assignment."""

import datetime
import io

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audits.inspections.services import action_report
from audits.inspections.waiting import waiting_sections
from qms.notices.models import SentNotice
from qms.organisation.roles import INSPECTOR
from tests.audits.inspections.helpers import completed_visit_with_ncs
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

# completed_visit_with_ncs: record date 11/03/2022, default due 11/05/2022.
DUE = datetime.date(2022, 5, 11)


def _sections(user, today):
    return {s.key: s for s in waiting_sections(user, today) if s.total}


def test_owner_sees_open_actions_and_which_are_overdue(
    inspector, commune, commune_officer
):
    _inspection, _ncs, actions = completed_visit_with_ncs(
        commune, inspector, owner=commune_officer
    )
    mine = _sections(commune_officer, DUE)["actions-mine"]
    assert mine.total == 2
    assert not any(item.overdue for item in mine.items)
    assert mine.items[0].url == reverse(
        "audits_inspections:action", args=[actions[0].pk]
    )
    late = _sections(commune_officer, DUE + datetime.timedelta(days=1))
    assert all(item.overdue for item in late["actions-mine"].items)
    action_report(action=actions[0], report="Đã sửa", user=commune_officer)
    assert _sections(commune_officer, DUE)["actions-mine"].total == 1


def test_inspector_sees_reported_actions_to_verify_but_not_of_their_own_unit(
    inspector, commune, other_commune, commune_officer
):
    _i, _n, actions = completed_visit_with_ncs(
        commune, inspector, grades=("minor",), owner=commune_officer
    )
    assert "actions-verify" not in _sections(inspector, DUE)
    action_report(action=actions[0], report="Đã sửa", user=commune_officer)
    verify = _sections(inspector, DUE)["actions-verify"]
    assert [item.url for item in verify.items] == [
        reverse("audits_inspections:action", args=[actions[0].pk])
    ]
    member = make_user("kiemtraxa", INSPECTOR, commune)
    assert "actions-verify" not in _sections(member, DUE)
    # a commune officer may not verify at all
    assert "actions-verify" not in _sections(commune_officer, DUE)


def test_action_queries_do_not_grow(inspector, commune, commune_officer):
    completed_visit_with_ncs(
        commune, inspector, grades=("minor",), owner=commune_officer
    )
    waiting_sections(commune_officer, DUE)  # permissions, units: once per request
    with CaptureQueriesContext(connection) as one:
        waiting_sections(commune_officer, DUE)
    for _ in range(3):
        completed_visit_with_ncs(commune, inspector, owner=commune_officer)
    with CaptureQueriesContext(connection) as many:
        sections = waiting_sections(commune_officer, DUE)
    assert len(many) == len(one)
    assert sections[0].total == 7


def test_assigned_action_mails_its_owner_once(
    inspector, commune, commune_officer, settings
):
    settings.WAGTAILADMIN_BASE_URL = "https://qms.example.gov.vn"
    mail.outbox.clear()
    _i, ncs, actions = completed_visit_with_ncs(
        commune, inspector, grades=("minor",), owner=commune_officer
    )
    [message] = [m for m in mail.outbox if m.to == [commune_officer.email]]
    assert ncs[0].code in message.subject
    assert "11/05/2022" in message.body
    link = f"https://qms.example.gov.vn/admin/inspections/actions/{actions[0].pk}/"
    assert link in message.body
    assert f'href="{link}"' in message.alternatives[0][0]
    assert (
        SentNotice.objects.filter(key=f"action:{actions[0].pk}:assigned").count() == 1
    )


def test_action_without_owner_mails_the_unit_address(inspector, commune):
    commune.email = "ubnd@example.gov.vn"
    commune.save()
    mail.outbox.clear()
    completed_visit_with_ncs(commune, inspector, grades=("minor",))
    assert [m.to for m in mail.outbox] == [["ubnd@example.gov.vn"]]


@time_machine.travel(datetime.datetime(2022, 5, 20, 8, tzinfo=datetime.UTC))
def test_overdue_digest_is_sent_once_a_day(
    inspector, commune, commune_officer, settings
):
    completed_visit_with_ncs(
        commune, inspector, grades=("minor",), owner=commune_officer
    )
    mail.outbox.clear()
    call_command("send_reminders", stdout=io.StringIO())
    call_command("send_reminders", stdout=io.StringIO())  # the timer runs again
    sent = [m for m in mail.outbox if m.to == [commune_officer.email]]
    assert len(sent) == 1
    assert "[QUÁ HẠN]" in sent[0].body
    assert "/admin/inspections/actions/" in sent[0].body
    html = sent[0].alternatives[0][0]
    assert '<a href="http' in html  # the link in the line is clickable
    with time_machine.travel(datetime.datetime(2022, 5, 21, 8, tzinfo=datetime.UTC)):
        call_command("send_reminders", stdout=io.StringIO())
    assert len([m for m in mail.outbox if m.to == [commune_officer.email]]) == 2


def test_unit_officers_see_actions_that_name_no_person(
    inspector, commune, other_commune, commune_officer
):
    completed_visit_with_ncs(commune, inspector, grades=("minor",))
    completed_visit_with_ncs(other_commune, inspector, grades=("minor",))
    mine = _sections(commune_officer, DUE)["actions-mine"]
    assert mine.total == 1  # their commune's, not Xuân Châu's
    assert "chưa giao người cụ thể" in mine.items[0].detail
    # an inspector of the district is not a commune officer of the unit
    assert "actions-mine" not in _sections(inspector, DUE)
