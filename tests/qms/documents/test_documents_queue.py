"""Who waits for whom in document control: the dashboard queue, the reasons
shown instead of a missing button, and query counts that do not grow."""

import datetime

import pytest
import time_machine
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from qms.documents import services
from qms.documents.choices import DocumentType
from qms.documents.models import ControlledDocument
from qms.documents.queue import to_acknowledge, to_approve, to_review
from qms.notices.waiting import waiting_for
from qms.organisation.roles import APPROVER, COMMUNE_OFFICER, DOCUMENT_CONTROLLER
from tests.conftest import make_user
from tests.qms.documents.helpers import approved, draft

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 3, 2, 2, 0, tzinfo=datetime.UTC)
TODAY = datetime.date(2026, 3, 2)


@pytest.fixture(autouse=True)
def frozen_time():
    with time_machine.travel(NOW, tick=False):
        yield


def _submitted(document, user, **kwargs):
    revision = draft(document, user, **kwargs)
    return services.revision_submit(revision=revision, user=user)


def _reviewed(document, drafter, reviewer, **kwargs):
    revision = _submitted(document, drafter, **kwargs)
    return services.revision_review(revision=revision, user=reviewer)


def _section(user, key):
    for section in waiting_for(user=user, today=TODAY):
        if section.key == key:
            return section
    return None


def _documents(n, unit, owner):
    return [
        ControlledDocument.objects.create(
            code=f"QT {i:02d}/Q",
            title=f"Quy trình {i}",
            doc_type=DocumentType.PROCESS,
            owning_unit=unit,
            owner=owner,
        )
        for i in range(n)
    ]


# --- the queue ---------------------------------------------------------------


def test_reviewer_sees_what_was_submitted_and_the_drafter_does_not(
    login, document, document_controller, approver
):
    revision = _submitted(document, document_controller)
    page = login(approver).get(reverse("wagtailadmin_home"))
    html = page.content.decode()
    assert "Việc chờ tôi" in html
    assert "Tài liệu chờ bạn xem xét" in html
    assert reverse("qms_documents:revision", args=[revision.pk]) in html
    assert [r.pk for r in to_review(approver)] == [revision.pk]
    assert to_review(document_controller) == []  # no reviewer role
    html = login(document_controller).get(reverse("wagtailadmin_home")).content
    assert "Tài liệu chờ bạn xem xét" not in html.decode()


def test_an_author_with_both_roles_never_sees_their_own_draft_to_review(
    document, approver
):
    both = make_user("kiemnhiem", DOCUMENT_CONTROLLER)
    both.groups.add(Group.objects.get(name=APPROVER.group_name))
    revision = _submitted(document, both)
    assert to_review(both) == []
    assert [r.pk for r in to_review(approver)] == [revision.pk]


def test_someone_who_edited_the_draft_is_an_author_too(
    document, document_controller, approver, second_approver
):
    editor = make_user("bientap2", DOCUMENT_CONTROLLER)
    editor.groups.add(Group.objects.get(name=APPROVER.group_name))
    revision = draft(document, document_controller)
    services.revision_save_draft(
        revision=revision,
        user=editor,
        expected_version=revision.version,
        issue_number=revision.issue_number,
        revision_number=revision.revision_number,
        effective_date=revision.effective_date,
        body=revision.body + "\nThêm một dòng.",
        change_what=revision.change_what,
        change_where=revision.change_where,
        change_why=revision.change_why,
    )
    services.revision_submit(revision=revision, user=document_controller)
    assert to_review(editor) == []
    assert [r.pk for r in to_review(approver)] == [revision.pk]


def test_approver_queue_leaves_out_the_reviewer(
    document, document_controller, approver, second_approver
):
    revision = _reviewed(document, document_controller, approver)
    assert to_approve(approver, today=TODAY) == []
    assert [r.pk for r in to_approve(second_approver, today=TODAY)] == [revision.pk]
    assert to_review(second_approver) == []  # no longer submitted
    section = _section(second_approver, "documents-approve")
    assert section.total == 1
    assert section.items[0].url == reverse("qms_documents:revision", args=[revision.pk])


def _scoped_reviewer(commune):
    """A commune officer who also holds the review and approval permissions."""
    user = make_user("lanhdaoxa", COMMUNE_OFFICER, commune)
    user.user_permissions.add(
        *Permission.objects.filter(
            codename__in=["review_documentrevision", "approve_documentrevision"]
        )
    )
    return user


def test_queue_keeps_to_the_commune(
    commune, commune_document, other_commune_document, document_controller
):
    scoped = _scoped_reviewer(commune)
    mine = _submitted(commune_document, document_controller)
    _submitted(other_commune_document, document_controller)
    assert [r.pk for r in to_review(scoped)] == [mine.pk]


def test_reader_sees_documents_in_force_of_their_unit_until_acknowledged(
    commune,
    commune_document,
    other_commune_document,
    document_controller,
    approver,
    second_approver,
    commune_officer,
):
    revision = approved(
        commune_document, document_controller, approver, second_approver
    )
    approved(other_commune_document, document_controller, approver, second_approver)
    assert [r.pk for r in to_acknowledge(commune_officer)] == [revision.pk]
    section = _section(commune_officer, "documents-read")
    assert section.items[0].action == "Đọc và xác nhận"
    services.acknowledge_read(revision=revision, user=commune_officer)
    assert to_acknowledge(commune_officer) == []
    assert _section(commune_officer, "documents-read") is None


def test_nothing_waiting_says_so(login, iso_reviewer):
    html = login(iso_reviewer).get(reverse("wagtailadmin_home")).content.decode()
    assert "Không có việc nào đang chờ bạn." in html


def _count_queries(user):
    user.has_perm("qms.view_all_units")  # permissions load once per request
    with CaptureQueriesContext(connection) as captured:
        waiting_for(user=user, today=TODAY)
    return len(captured)


def test_queue_queries_do_not_grow_with_rows(
    district, document_controller, approver, second_approver
):
    documents = _documents(14, district, document_controller)
    _submitted(documents[0], document_controller)
    _reviewed(documents[1], document_controller, approver)
    one = _count_queries(second_approver)
    for document in documents[2:8]:
        _submitted(document, document_controller)
    for document in documents[8:]:
        _reviewed(document, document_controller, approver)
    many = _count_queries(second_approver)
    assert many == one
    review = _section(second_approver, "documents-review")
    assert review.total == 7
    approve = _section(second_approver, "documents-approve")
    assert approve.total == 7


def test_dashboard_query_count(
    login, district, document_controller, approver, django_assert_max_num_queries
):
    documents = _documents(12, district, document_controller)
    _submitted(documents[0], document_controller)
    client = login(approver)
    client.get(reverse("wagtailadmin_home"))
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("wagtailadmin_home"))
    # counted now: the query log is a bounded deque, later queries push it on
    baseline = len(one)
    for document in documents[1:]:
        _submitted(document, document_controller)
    # the saves dropped what this process remembers of the site (its settings,
    # qms/page_serving.py): read it again once, as the first request did
    client.get(reverse("wagtailadmin_home"))
    with django_assert_max_num_queries(baseline):
        page = client.get(reverse("wagtailadmin_home"))
    assert page.status_code == 200
    assert baseline <= 40  # the whole dashboard, Wagtail's panels included
    # ten rows shown, the total beside the heading
    assert page.content.decode().count('class="qms-waiting__item') == 10
    assert '<span class="w-status w-status--primary">12</span>' in page.content.decode()


# --- why a button is missing -------------------------------------------------


def _page(login, user, revision):
    url = reverse("qms_documents:revision", args=[revision.pk])
    return login(user).get(url).content.decode()


def test_drafter_is_told_they_cannot_review(login, document, approver):
    both = make_user("kiemnhiem", DOCUMENT_CONTROLLER)
    both.groups.add(Group.objects.get(name=APPROVER.group_name))
    revision = _submitted(document, both)
    html = _page(login, both, revision)
    assert "Bạn là người soạn thảo bản này nên không thể xem xét." in html
    assert "Xác nhận đã xem xét" not in html
    html = _page(login, approver, revision)
    assert "Xác nhận đã xem xét" in html
    assert "không thể xem xét" not in html


def test_submitter_is_told_they_cannot_review(login, document, document_controller):
    """Submitting someone else's draft makes you one of its authors."""
    submitter = make_user("bientap2", DOCUMENT_CONTROLLER)
    submitter.groups.add(Group.objects.get(name=APPROVER.group_name))
    revision = draft(document, document_controller)
    services.revision_submit(revision=revision, user=submitter)
    html = _page(login, submitter, revision)
    assert "Bạn đã sửa hoặc trình bản này nên không thể xem xét." in html
    assert "Xác nhận đã xem xét" not in html


def test_reviewer_is_told_they_cannot_approve(
    login, document, document_controller, approver, second_approver
):
    revision = _reviewed(document, document_controller, approver)
    html = _page(login, approver, revision)
    assert "Bạn đã xem xét bản này nên không thể phê duyệt." in html
    assert "Phê duyệt ban hành" not in html
    html = _page(login, second_approver, revision)
    assert "Phê duyệt ban hành" in html
    assert "không thể phê duyệt" not in html


def test_drafter_is_told_they_cannot_approve(login, document, approver):
    both = make_user("kiemnhiem", DOCUMENT_CONTROLLER)
    both.groups.add(Group.objects.get(name=APPROVER.group_name))
    revision = _reviewed(document, both, approver)
    html = _page(login, both, revision)
    assert "Bạn là người soạn thảo bản này nên không thể phê duyệt." in html


def test_missing_role_is_named(
    login, document, document_controller, approver, inspector
):
    submitted = _submitted(document, document_controller)
    html = _page(login, document_controller, submitted)
    assert "Bạn chưa có vai trò người xem xét nên không thể xem xét bản này." in html
    services.revision_review(revision=submitted, user=approver)
    html = _page(login, inspector, submitted)
    assert "Bạn chưa có vai trò người phê duyệt." in html
    assert "Phê duyệt ban hành" not in html


def test_approver_is_told_drafts_belong_to_the_controller(
    login, document, document_controller, approver
):
    revision = draft(document, document_controller)
    html = _page(login, approver, revision)
    assert "Bạn chưa có vai trò cán bộ kiểm soát tài liệu" in html
    assert "Trình xem xét" not in html


def test_past_effective_date_is_explained(
    login, document, document_controller, approver, second_approver
):
    revision = _reviewed(document, document_controller, approver)
    with time_machine.travel(NOW + datetime.timedelta(days=3), tick=False):
        html = _page(login, second_approver, revision)
        assert "Ngày hiệu lực 02/03/2026 đã qua" in html
        assert "Phê duyệt ban hành" not in html
        assert to_approve(second_approver, today=TODAY + datetime.timedelta(3)) == []


def test_iso_reviewer_is_told_they_only_read(
    login, document, document_controller, approver, second_approver, iso_reviewer
):
    revision = approved(document, document_controller, approver, second_approver)
    html = _page(login, iso_reviewer, revision)
    assert "Vai trò của bạn chỉ được xem tài liệu, không xác nhận đã đọc." in html
    assert "Tôi đã đọc" not in html


def test_drafter_sees_a_draft_sent_back_with_the_reason(
    document, document_controller, approver
):
    revision = _submitted(document, document_controller)
    assert _section(document_controller, "documents-correct") is None
    services.revision_reject(revision=revision, user=approver, comment="Bổ sung mục 5")
    section = _section(document_controller, "documents-correct")
    assert section.items[0].detail == "Ý kiến trả lại: Bổ sung mục 5"
    assert section.items[0].url == reverse("qms_documents:revision", args=[revision.pk])
    services.revision_submit(revision=revision, user=document_controller)
    assert _section(document_controller, "documents-correct") is None
