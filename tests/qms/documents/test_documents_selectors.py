"""Selectors: trace timeline, due list, coverage, review records."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from qms.documents import services
from qms.documents.models import LegalText
from qms.documents.selectors import (
    acknowledgement_coverage,
    document_timeline,
    documents_due,
)
from qms.organisation.models import UnitMembership
from tests.qms.documents.helpers import approved

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen_time():
    with time_machine.travel(datetime.datetime(2026, 3, 2, 2, 0, tzinfo=datetime.UTC)):
        yield


def test_timeline_names_people_units_and_legal_bases(
    document, document_controller, approver, second_approver, district
):
    revision = approved(document, document_controller, approver, second_approver)
    timeline = document_timeline(document)
    assert timeline == sorted(timeline, key=lambda e: e.when, reverse=True)
    approval = next(e for e in timeline if e.reason == "Phê duyệt ban hành")
    assert approval.subject == revision.label
    assert approval.who == "Approver2"
    changed = {label: new for label, _old, new in approval.changes}
    assert changed["Trạng thái"] == "Đã phê duyệt, chờ hiệu lực"
    assert changed["Người phê duyệt"] == "Approver2"
    created = timeline[-1]
    assert created.subject == "Tài liệu"
    created_fields = {label: new for label, _old, new in created.changes}
    assert created_fields["Đơn vị chủ trì"] == district.name
    assert created_fields["Người phụ trách"] == "Controller"
    legal = [e for e in timeline if any(c[0] == "Căn cứ pháp lý" for c in e.changes)]
    assert legal
    assert "Nghị định 63/2010/NĐ-CP" in legal[0].changes[-1][2]


def test_due_list_and_periodic_review(document, document_controller, inspector):
    document.last_reviewed_on = datetime.date(2025, 2, 1)
    document.save()
    due = documents_due(today=datetime.date(2026, 3, 2))
    assert [(d.document, d.due_on, d.overdue) for d in due] == [
        (document, datetime.date(2026, 2, 1), True)
    ]
    with pytest.raises(PermissionDenied):
        services.document_record_review(
            document=document, user=inspector, note="Vẫn phù hợp"
        )
    with pytest.raises(ValidationError):
        services.document_record_review(
            document=document, user=document_controller, note=" "
        )
    services.document_record_review(
        document=document, user=document_controller, note="Vẫn phù hợp"
    )
    assert documents_due(today=datetime.date(2026, 3, 2)) == []
    document.refresh_from_db()
    assert document.review_due_on() == datetime.date(2027, 3, 2)
    assert document.history.first().history_change_reason.startswith(
        "Xem xét định kỳ ngày 02/03/2026"
    )


def test_legal_flag_cleared_when_new_revision_comes_into_force(
    document, document_controller, approver, second_approver, legal_text
):
    new = LegalText.objects.create(
        number="Nghị định 92/2017/NĐ-CP",
        title="Sửa đổi",
        issuing_body="Chính phủ",
        issued_on=datetime.date(2025, 12, 1),
        effective_on=datetime.date(2026, 1, 15),
    )
    services.legal_text_mark_changed(
        legal_text=legal_text, amended_by=new, user=document_controller
    )
    document.refresh_from_db()
    assert document.update_required_by == datetime.date(2026, 4, 15)
    assert documents_due(today=datetime.date(2026, 3, 2), within_days=60)[0].due_on == (
        datetime.date(2026, 4, 15)
    )
    approved(document, document_controller, approver, second_approver)
    document.refresh_from_db()
    assert document.update_required_by is None


def test_acknowledgement_coverage_per_unit(
    document, document_controller, approver, second_approver, inspector, district
):
    revision = approved(document, document_controller, approver, second_approver)
    UnitMembership.objects.create(user=inspector, unit=district)
    UnitMembership.objects.create(user=approver, unit=district)
    services.acknowledge_read(revision=revision, user=inspector)
    rows = acknowledgement_coverage()
    assert [(r.unit_name, r.staff, r.documents, r.acknowledged) for r in rows] == [
        (district.name, 2, 1, 1)
    ]
    assert rows[0].percent == 50.0
