# ruff: noqa: E501 (the table keeps each route on one line)
"""Every URL pattern of the project, walked with GET as each persona.

``MATRIX`` says, for each route, what each persona gets; a route missing from
it (a new URL) fails the test, and so does a row for a route that is gone. No
answer may be a server error. Columns, in order:

  anon  site_editor  document_controller  approver  inspector
  commune_officer  iso_reviewer  | officer on the other commune's object

Outcomes: ``200`` (any 2xx), ``L`` (sent to a login page), ``D`` (refused: 403,
or Wagtail's redirect to the dashboard with "no permission"), ``404``, ``405``
(GET not allowed: the view is POST only), ``400``, ``R`` (another redirect),
``-`` (no other-commune object for this route). Objects come from
``tests.permission_world``: one in Thị trấn Xuân Trường (the officer's) and one
in Xã Xuân Châu. Run with ``PRINT_MATRIX=1`` to print what is observed, to
review a new route's row before adding it.
"""

import os
import re

import pytest
import time_machine
from django.test import Client

from tests.permission_world import MISSING, build_world, url_patterns

pytestmark = pytest.mark.django_db

ROLES = [
    "anon",
    "site_editor",
    "document_controller",
    "approver",
    "inspector",
    "commune_officer",
    "iso_reviewer",
]

#: The object kind behind ``pk`` (and ``document_pk``), by route prefix.
PK_KINDS = [
    ("admin/ky-so/", "signed_record"),
    ("admin/tai-lieu/lan/", "revision"),
    ("admin/tai-lieu/tep/", "attachment"),
    ("admin/tai-lieu/van-ban/", "legal_text"),
    ("admin/tai-lieu/", "controlled_document"),
    ("he-thong-chat-luong/tai-lieu/", "controlled_document"),
    ("admin/inspections/evidence/", "evidence"),
    ("admin/inspections/checklists/", "checklist"),
    ("admin/inspections/plans/items/", "plan_item"),
    ("admin/inspections/plans/", "plan"),
    ("admin/inspections/nonconformities/", "nonconformity"),
    ("admin/inspections/actions/", "action"),
    ("admin/inspections/revisions/", "revision"),
    ("admin/inspections/reviews/actions/", "review_action"),
    ("admin/inspections/reviews/", "review"),
    ("admin/inspections/", "inspection"),
    ("admin/controlled_documents/", "controlled_document"),
    ("admin/document_revisions/", "revision"),
    ("admin/legal_texts/", "legal_text"),
    ("admin/nang-luc/don-vi/", "unit"),
    ("admin/nang-luc/can-bo/", "person"),
    ("admin/nang-luc/chung-chi/", "training_record"),
    ("admin/training_records/", "training_record"),
    ("admin/competences/", "competence"),
    ("admin/role_competences/", "role_competence"),
    ("admin/units/", "unit"),
    ("admin/unit_memberships/", "membership"),
    ("admin/dossiers/records/", "dossier"),
    ("admin/phan-anh-kien-nghi/", "feedback"),
    ("admin/planning/objectives/", "objective"),
    ("admin/planning/risk-actions/", "risk_action"),
    ("admin/planning/risks/", "risk"),
    ("admin/ngay-nghi-le/", "calendar_day"),
    ("admin/integration-keys/", "integration_key"),
    ("admin/viec-nen/", "job"),
    ("admin/nhap-du-lieu/", "import_job"),
    ("admin/sites/", "site"),
    ("admin/users/", "user"),
    ("admin/xac-thuc-hai-buoc/", "user"),
    ("admin/groups/", "group"),
    ("admin/collections/", "collection"),
    ("admin/workflows/tasks/", "task"),
    ("admin/workflows/", "workflow"),
    ("admin/snippets/", "sector"),
    ("admin/documents/", "wagtail_document"),
    ("admin/images/", "image"),
    ("admin/settings/", "site"),
    ("admin/api/main/^documents/", "wagtail_document"),
    ("admin/api/main/^images/", "image"),
    ("admin/api/main/^pages/", "page"),
    ("api/v2/^pages/", "page"),
]
#: Path parameters that always name the same kind of object.
PARAM_KINDS = {
    "page_id": "page",
    "parent_page_id": "page",
    "page_to_move_id": "page",
    "destination_id": "home_page",
    "page_pk": "page",
    "revision_id": "page_revision",
    "document_id": "wagtail_document",
    "doc_id": "wagtail_document",
    "image_id": "image",
    "collection_id": "collection",
    "workflow_pk": "workflow",
    "task_id": "task",
}
#: Fixed values: model names, actions, and ids that name nothing (404 expected).
PARAM_VALUES = {
    ("admin/pages/", "content_type_app_name"): "procedures",
    ("admin/pages/", "content_type_model_name"): "procedurepage",
    ("admin/pages/create/", "app_label"): "procedures",
    ("admin/pages/create/", "model_name"): "procedurepage",
    ("admin/settings/", "app_name"): "qms",
    ("admin/settings/", "model_name"): "deploymentsettings",
    ("admin/workflows/", "app_label"): "wagtailcore",
    ("admin/workflows/", "model_name"): "groupapprovaltask",
    ("admin/tag-autocomplete/", "app_name"): "taggit",
    ("admin/tag-autocomplete/", "model_name"): "tag",
    ("admin/bulk/", "app_label"): "wagtailcore",
    ("admin/bulk/", "model_name"): "page",
    ("admin/bulk/", "action"): "delete",
    ("admin/editing-sessions/", "app_label"): "wagtailcore",
    ("admin/editing-sessions/", "model_name"): "page",
    ("admin/editing-sessions/", "object_id"): "1",
    ("admin/tai-lieu/", "action"): "attach",
    ("admin/", "action_name"): "approve",
    ("admin/", "filter_spec"): "fill-10x10",
    ("admin/", "uidb64"): "MQ",
    ("admin/", "token"): "bad-token",
    ("admin/", "year"): "2022",
    ("i18n/chon/", "code"): "vi",
    ("admin/nhap-du-lieu/", "kind"): "ho-so",
}
#: Regular-expression routes, as one real URL each.
REGEX_URLS = {
    "admin/pages/^(?P<pk>\\d+)/revisions/compare/(?P<revision_id_a>live|earliest|"
    "\\d+)\\.\\.\\.(?P<revision_id_b>live|latest|\\d+)/$": (
        "/admin/pages/{page}/revisions/compare/earliest...latest/"
    ),
    "admin/^.*/$": "/admin/khong-co-trang-nay/",
    "documents/^(\\d+)/(.*)$": "/documents/{document_file}",
    "^((?:[\\w\\-]+/)*)$": "/thu-tuc/",
}
_PARAM = re.compile(r"<(?:(\w+):)?(\w+)>")


def _kind_of_pk(route: str) -> str | None:
    for prefix, kind in PK_KINDS:
        if route.startswith(prefix):
            return kind
    return None


def fill(route: str, world: dict, *, other: bool = False) -> str | None:
    """The URL of ``route`` with real objects; ``None`` when ``other`` has none."""
    index = 1 if other else 0
    if route in REGEX_URLS:
        if other:
            return None
        return REGEX_URLS[route].format(
            **{kind: own for kind, (own, _) in world.items()}
        )
    used_scoped = False

    def value(match: re.Match) -> str:
        nonlocal used_scoped
        name = match.group(2)
        kind = PARAM_KINDS.get(name)
        if name in ("pk", "document_pk"):
            kind = _kind_of_pk(route)
        if kind:
            own, theirs = world[kind]
            used_scoped = used_scoped or own != theirs
            return str(world[kind][index])
        for (prefix, param), fixed in PARAM_VALUES.items():
            if route.startswith(prefix) and param == name:
                return fixed
        return str(MISSING)

    path = "/" + _PARAM.sub(value, route.replace("^", "").replace("$", ""))
    if other and not used_scoped:
        return None
    return path


def outcome(response) -> str:
    """The matrix code of one answer."""
    status = response.status_code
    if 200 <= status < 300:
        return "200"
    if status in (301, 302, 303, 307, 308):
        location = response["Location"]
        if "/login/" in location:
            return "L"
        if location in ("/admin/", "http://testserver/admin/"):
            return "D"
        return "R"
    if status == 403:
        return "D"
    return str(status)


@pytest.fixture
def world(district, commune, other_commune, document_controller, inspector):
    with time_machine.travel("2026-03-02 09:00 +07:00", tick=False):
        return build_world(
            district=district,
            commune=commune,
            other_commune=other_commune,
            document_controller=document_controller,
            inspector=inspector,
        )


def _walk(client: Client, user, world: dict, *, other: bool = False) -> dict:
    observed, errors = {}, []
    for route, _name in url_patterns():
        url = fill(route, world, other=other)
        if url is None:
            observed[route] = "-"
            continue
        if user is not None:
            client.force_login(user)  # a view may log out (or rotate the session)
        response = client.get(url)
        if response.status_code >= 500:
            errors.append(f"{url}: {response.status_code}")
        observed[route] = outcome(response)
    assert not errors, errors
    return observed


def test_every_url_pattern_has_a_row():
    routes = [route for route, _name in url_patterns()]
    missing = [route for route in routes if route not in MATRIX]
    gone = [route for route in MATRIX if route not in routes]
    assert not missing, f"URL patterns with no row in MATRIX: {missing}"
    assert not gone, f"rows of MATRIX for routes that are gone: {gone}"


@pytest.mark.parametrize("role", ROLES)
def test_matrix_for_each_role(request, role, world):
    client = Client(raise_request_exception=False)
    user = None if role == "anon" else request.getfixturevalue(role)
    column = ROLES.index(role)
    observed = _walk(client, user, world)
    if role == "commune_officer":
        other = _walk(client, user, world, other=True)
    if os.environ.get("PRINT_MATRIX"):
        for route, code in observed.items():
            extra = f" | {other[route]}" if role == "commune_officer" else ""
            print(f"MATRIX {role} {route!r}: {code}{extra}")  # noqa: T201
    expected = {route: row.split()[column] for route, row in MATRIX.items()}
    wrong = {
        route: f"expected {expected.get(route)}, got {code}"
        for route, code in observed.items()
        if expected.get(route) != code
    }
    if role == "commune_officer":
        theirs = {route: row.split()[-1] for route, row in MATRIX.items()}
        wrong |= {
            f"{route} (other commune)": f"expected {theirs.get(route)}, got {code}"
            for route, code in other.items()
            if theirs.get(route) != code
        }
    assert not wrong, wrong


MATRIX: dict[str, str] = {
    # route: anon editor controller approver inspector officer reviewer | other
    # planning (audits.planning): objectives, risks and their actions
    "admin/planning/objectives/": "L   D   D   200 200 200 200 -",
    "admin/planning/objectives/results/": "L   D   D   200 200 200 200 -",
    "admin/planning/objectives/new/": "L   D   D   200 D   200 D   -",
    "admin/planning/objectives/edit/<int:pk>/": "L   D   D   200 D   200 D   404",
    "admin/planning/objectives/delete/<int:pk>/": "L   D   D   D   D   D   D   404",
    "admin/planning/objectives/history/<int:pk>/": "L   D   D   200 200 200 200 404",
    "admin/planning/objectives/history-results/<int:pk>/": "L   D   D   200 200 200 200 404",
    "admin/planning/objectives/usage/<int:pk>/": "L   D   D   200 D   200 D   404",
    "admin/planning/objectives/inspect/<int:pk>/": "L   D   D   200 200 200 200 404",
    "admin/planning/objectives/copy/<int:pk>/": "L   D   D   200 D   200 D   D",
    "admin/planning/objectives/<int:pk>/raise/": "L   D   D   R   R   R   R   404",
    "admin/planning/objectives/<int:pk>/evidence/": "L   D   D   404 404 404 404 404",
    "admin/planning/risks/": "L   D   D   200 200 200 200 -",
    "admin/planning/risks/results/": "L   D   D   200 200 200 200 -",
    "admin/planning/risks/new/": "L   D   D   200 D   200 D   -",
    "admin/planning/risks/edit/<int:pk>/": "L   D   D   200 D   200 D   404",
    "admin/planning/risks/delete/<int:pk>/": "L   D   D   D   D   D   D   404",
    "admin/planning/risks/history/<int:pk>/": "L   D   D   200 200 200 200 404",
    "admin/planning/risks/history-results/<int:pk>/": "L   D   D   200 200 200 200 404",
    "admin/planning/risks/usage/<int:pk>/": "L   D   D   200 D   200 D   404",
    "admin/planning/risks/inspect/<int:pk>/": "L   D   D   200 200 200 200 404",
    "admin/planning/risks/copy/<int:pk>/": "L   D   D   200 D   200 D   D",
    "admin/planning/risk-actions/": "L   D   D   200 200 200 200 -",
    "admin/planning/risk-actions/results/": "L   D   D   200 200 200 200 -",
    "admin/planning/risk-actions/new/": "L   D   D   200 D   200 D   -",
    "admin/planning/risk-actions/edit/<int:pk>/": "L   D   D   200 D   200 D   404",
    "admin/planning/risk-actions/delete/<int:pk>/": "L   D   D   D   D   D   D   404",
    "admin/planning/risk-actions/history/<int:pk>/": "L   D   D   200 200 200 200 404",
    "admin/planning/risk-actions/history-results/<int:pk>/": "L   D   D   200 200 200 200 404",
    "admin/planning/risk-actions/usage/<int:pk>/": "L   D   D   200 D   200 D   404",
    "admin/planning/risk-actions/inspect/<int:pk>/": "L   D   D   200 200 200 200 404",
    "admin/planning/risk-actions/copy/<int:pk>/": "L   D   D   200 D   200 D   D",
    "admin/reports/site-history/": "L   200 200 200 200 D   200 -",
    "admin/reports/site-history/results/": "L   200 200 200 200 D   200 -",
    "admin/failwhale/": "L   404 404 404 404 404 404 -",
    "admin/login/": "200 D   D   D   D   D   D   -",
    "admin/": "L   200 200 200 200 200 200 -",
    "admin/test404/": "L   200 200 200 200 200 200 -",
    "admin/api/main/^pages/": "L   200 200 200 200 200 200 -",
    "admin/api/main/^pages/<int:pk>/": "L   200 404 200 404 404 404 -",
    "admin/api/main/^pages/find/": "L   404 404 404 404 404 404 -",
    "admin/api/main/^pages/<int:pk>/action/<str:action_name>/": (
        "L   405 405 405 405 405 405 -"
    ),
    "admin/api/main/^documents/": "L   200 200 200 200 200 200 -",
    "admin/api/main/^documents/<int:pk>/": "L   200 200 200 200 200 200 -",
    "admin/api/main/^documents/find/": "L   404 404 404 404 404 404 -",
    "admin/api/main/^images/": "L   200 200 200 200 200 200 -",
    "admin/api/main/^images/<int:pk>/": "L   200 200 200 200 200 200 -",
    "admin/api/main/^images/find/": "L   404 404 404 404 404 404 -",
    "admin/pages/": "L   200 D   200 D   D   D   -",
    "admin/pages/<int:parent_page_id>/": "L   200 D   200 D   D   D   -",
    "admin/pages/<int:parent_page_id>/results/": "L   200 D   200 D   D   D   -",
    "admin/bulk/<str:app_label>/<str:model_name>/<str:action>/": (
        "L   404 404 404 404 404 404 -"
    ),
    "admin/pages/add/<slug:content_type_app_name>/<slug:content_type_model_name>/<int:parent_page_id>/": (
        "L   200 D   200 D   D   D   -"
    ),
    "admin/pages/add/<slug:content_type_app_name>/<slug:content_type_model_name>/<int:parent_page_id>/preview/": (
        "L   200 D   200 D   D   D   -"
    ),
    "admin/pages/usage/<slug:content_type_app_name>/<slug:content_type_model_name>/": (
        "L   200 D   200 D   D   D   -"
    ),
    "admin/pages/create/<slug:app_label>/<slug:model_name>": (
        "L   R   200 R   200 200 200 -"
    ),
    "admin/pages/usage/<slug:content_type_app_name>/<slug:content_type_model_name>/results/": (
        "L   200 D   200 D   D   D   -"
    ),
    "admin/pages/<int:page_id>/usage/": "L   200 D   200 D   D   D   -",
    "admin/pages/<int:page_id>/edit/": "L   200 D   200 D   D   D   -",
    "admin/pages/<int:page_id>/edit/preview/": "L   200 D   200 D   D   D   -",
    "admin/pages/<int:page_id>/view_draft/": "L   200 D   200 D   D   D   -",
    "admin/pages/<int:parent_page_id>/add_subpage/": "L   R   D   R   D   D   D   -",
    "admin/pages/<int:page_id>/delete/": "L   D   D   200 D   D   D   -",
    "admin/pages/<int:page_id>/unpublish/": "L   D   D   200 D   D   D   -",
    "admin/pages/<int:page_id>/convert_alias/": "L   404 404 404 404 404 404 -",
    "admin/pages/search/": "L   200 D   200 D   D   D   -",
    "admin/pages/search/results/": "L   200 D   200 D   D   D   -",
    "admin/pages/<int:page_to_move_id>/move/": "L   D   D   200 D   D   D   -",
    "admin/pages/<int:page_to_move_id>/move/<int:destination_id>/confirm/": (
        "L   200 200 200 200 200 200 -"
    ),
    "admin/pages/<int:page_to_move_id>/set_position/": "L   405 405 405 405 405 405 -",
    "admin/pages/<int:page_id>/copy/": "L   200 D   200 D   D   D   -",
    "admin/pages/workflow/action/<int:page_id>/<slug:action_name>/<int:task_state_id>/": (
        "L   404 404 404 404 404 404 -"
    ),
    "admin/pages/workflow/collect_action_data/<int:page_id>/<slug:action_name>/<int:task_state_id>/": (
        "L   404 404 404 404 404 404 -"
    ),
    "admin/pages/workflow/confirm_cancellation/<int:page_id>/": (
        "L   200 200 200 200 200 200 -"
    ),
    "admin/pages/workflow/preview/<int:page_id>/<int:task_id>/": (
        "L   D   D   D   D   D   D   -"
    ),
    "admin/pages/<int:page_id>/privacy/": "L   D   D   200 D   D   D   -",
    "admin/pages/<int:page_id>/lock/": "L   405 405 405 405 405 405 -",
    "admin/pages/<int:page_id>/unlock/": "L   405 405 405 405 405 405 -",
    "admin/pages/<int:page_id>/revisions/": "L   R   R   R   R   R   R   -",
    "admin/pages/<int:page_id>/revisions/<int:revision_id>/view/": (
        "L   200 D   200 D   D   D   -"
    ),
    "admin/pages/<int:page_id>/revisions/<int:revision_id>/revert/": (
        "L   200 D   200 D   D   D   -"
    ),
    "admin/pages/<int:page_id>/revisions/<int:revision_id>/unschedule/": (
        "L   D   D   200 D   D   D   -"
    ),
    "admin/pages/^(?P<pk>\\d+)/revisions/compare/(?P<revision_id_a>live|earliest|\\d+)\\.\\.\\.(?P<revision_id_b>live|latest|\\d+)/$": (
        "L   200 D   200 D   D   D   -"
    ),
    "admin/pages/<int:page_id>/workflow_history/": "L   200 D   200 D   D   D   -",
    "admin/pages/<int:page_id>/workflow_history/detail/<int:workflow_state_id>/": (
        "L   404 D   404 D   D   D   -"
    ),
    "admin/pages/<int:page_id>/history/": "L   200 D   200 D   D   D   -",
    "admin/pages/<int:page_id>/history/results/": "L   200 D   200 D   D   D   -",
    "admin/choose-page/": "L   200 200 200 200 200 200 -",
    "admin/choose-page/<int:parent_page_id>/": "L   200 200 200 200 200 200 -",
    "admin/choose-page/search/": "L   200 200 200 200 200 200 -",
    "admin/choose-page/chosen-multiple/": "L   200 200 200 200 200 200 -",
    "admin/choose-external-link/": "L   200 200 200 200 200 200 -",
    "admin/choose-email-link/": "L   200 200 200 200 200 200 -",
    "admin/choose-phone-link/": "L   200 200 200 200 200 200 -",
    "admin/choose-anchor-link/": "L   200 200 200 200 200 200 -",
    "admin/tag-autocomplete/": "L   200 200 200 200 200 200 -",
    "admin/tag-autocomplete/<slug:app_name>/<slug:model_name>/": (
        "L   200 200 200 200 200 200 -"
    ),
    "admin/collections/": "L   D   D   D   D   D   D   -",
    "admin/collections/add/": "L   D   D   D   D   D   D   -",
    "admin/collections/<int:pk>/": "L   D   D   D   D   D   D   -",
    "admin/collections/<int:pk>/delete/": "L   404 404 404 404 404 404 -",
    "admin/collections/<int:collection_id>/privacy/": "L   D   D   D   D   D   D   -",
    "admin/workflows/list/": "L   D   D   D   D   D   D   -",
    "admin/workflows/list/results/": "L   D   D   D   D   D   D   -",
    "admin/workflows/add/": "L   D   D   D   D   D   D   -",
    "admin/workflows/enable/<int:pk>/": "L   405 405 405 405 405 405 -",
    "admin/workflows/disable/<int:pk>/": "L   D   D   D   D   D   D   -",
    "admin/workflows/edit/<int:pk>/": "L   D   D   D   D   D   D   -",
    "admin/workflows/usage/<int:pk>/": "L   D   D   D   D   D   D   -",
    "admin/workflows/usage/<int:pk>/results/": "L   D   D   D   D   D   D   -",
    "admin/workflows/remove/<int:page_pk>/": "L   405 405 405 405 405 405 -",
    "admin/workflows/remove/<int:page_pk>/<int:workflow_pk>/": (
        "L   405 405 405 405 405 405 -"
    ),
    "admin/workflows/tasks/add/<str:app_label>/<str:model_name>/": (
        "L   D   D   D   D   D   D   -"
    ),
    "admin/workflows/tasks/select_type/": "L   D   D   D   D   D   D   -",
    "admin/workflows/tasks/index/": "L   D   D   D   D   D   D   -",
    "admin/workflows/tasks/index/results/": "L   D   D   D   D   D   D   -",
    "admin/workflows/tasks/edit/<int:pk>/": "L   D   D   D   D   D   D   -",
    "admin/workflows/tasks/disable/<int:pk>/": "L   D   D   D   D   D   D   -",
    "admin/workflows/tasks/enable/<int:pk>/": "L   405 405 405 405 405 405 -",
    "admin/workflows/task_chooser/": "L   200 200 200 200 200 200 -",
    "admin/workflows/task_chooser/results/": "L   200 200 200 200 200 200 -",
    "admin/workflows/task_chooser/create/": "L   200 200 200 200 200 200 -",
    "admin/workflows/task_chooser/<int:task_id>/": "L   200 200 200 200 200 200 -",
    "admin/reports/locked/": "L   D   D   200 D   D   D   -",
    "admin/reports/locked/results/": "L   D   D   200 D   D   D   -",
    "admin/reports/workflow/": "L   200 D   200 D   D   D   -",
    "admin/reports/workflow/results/": "L   200 D   200 D   D   D   -",
    "admin/reports/workflow_tasks/": "L   200 D   200 D   D   D   -",
    "admin/reports/workflow_tasks/results/": "L   200 D   200 D   D   D   -",
    "admin/reports/aging-pages/": "L   200 D   200 D   D   D   -",
    "admin/reports/aging-pages/results/": "L   200 D   200 D   D   D   -",
    "admin/reports/page-types-usage/": "L   200 D   200 D   D   D   -",
    "admin/reports/page-types-usage/results/": "L   200 D   200 D   D   D   -",
    "admin/account/": "L   200 200 200 200 200 200 -",
    "admin/logout/": "L   405 405 405 405 405 405 -",
    "admin/dismissibles/": "L   200 200 200 200 200 200 -",
    "admin/editing-sessions/ping/<str:app_label>/<str:model_name>/<str:object_id>/<int:session_id>/": (
        "L   405 405 405 405 405 405 -"
    ),
    "admin/editing-sessions/release/<int:session_id>/": "L   405 405 405 405 405 405 -",
    "admin/block-preview/": "L   404 404 404 404 404 404 -",
    "admin/tai-lieu/": "L   D   200 200 200 200 200 -",
    "admin/tai-lieu/hieu-luc/": "L   D   200 200 200 200 200 -",
    "admin/tai-lieu/xem-truoc/": "L   405 405 405 405 405 405 -",
    "admin/tai-lieu/<int:pk>/": "L   D   200 200 200 200 200 404",
    "admin/tai-lieu/<int:pk>/so-sanh/": "L   D   200 200 200 200 200 404",
    "admin/tai-lieu/<int:pk>/xem-xet-dinh-ky/": "L   405 405 405 405 405 405 405",
    "admin/tai-lieu/<int:document_pk>/du-thao-moi/": "L   D   200 D   D   D   D   D",
    "admin/tai-lieu/lan/<int:pk>/": "L   D   200 200 200 200 200 404",
    "admin/tai-lieu/lan/<int:pk>/sua/": "L   D   200 D   D   D   D   D",
    "admin/tai-lieu/lan/<int:pk>/pdf/": "L   D   200 200 200 200 200 404",
    "admin/tai-lieu/lan/<int:pk>/<slug:action>/": "L   405 405 405 405 405 405 405",
    "admin/tai-lieu/tep/<int:pk>/": "L   D   200 200 200 200 200 404",
    "admin/tai-lieu/van-ban/<int:pk>/thay-doi/": "L   D   200 D   D   D   D   -",
    "admin/dossiers/dashboard/": "L   D   D   200 200 200 200 -",
    "admin/inspections/": "L   D   D   200 200 200 200 -",
    "admin/inspections/results/": "L   D   D   200 200 200 200 -",
    "admin/inspections/new/": "L   D   D   D   200 D   D   -",
    "admin/inspections/<int:pk>/": "L   D   D   200 200 200 200 404",
    "admin/inspections/<int:pk>/edit/": "L   D   D   D   200 D   D   404",
    "admin/inspections/<int:pk>/visit/": "L   D   D   D   200 D   D   404",
    "admin/inspections/<int:pk>/complete/": "L   D   D   D   200 D   D   404",
    "admin/inspections/<int:pk>/record.pdf": "L   D   D   200 200 200 200 404",
    # Ký số (issue 13): whoever may see the record opens the form; signing then
    # needs a certificate of one's own or one's unit. The world's revisions are
    # drafts, which are never signed (D for all).
    "admin/inspections/<int:pk>/ky-so/": "L   D   D   200 200 200 200 404",
    "admin/tai-lieu/lan/<int:pk>/ky-so/": "L   D   D   D   D   D   D   404",
    "admin/dossiers/dashboard/ky-so/": "L   D   D   200 200 200 200 -",
    "admin/inspections/reviews/<int:pk>/ky-so/": "L   D   D   200 200 200 200 404",
    "admin/ky-so/": "L   D   200 200 200 200 200 -",
    "admin/ky-so/<int:pk>/": "L   D   200 200 200 200 200 404",
    "admin/ky-so/chung-thu/": "L   D   200 200 200 200 D   -",
    "admin/inspections/evidence/<int:pk>/": "L   D   D   200 200 200 200 404",
    "admin/inspections/plans/": "L   D   D   200 200 200 200 -",
    "admin/inspections/checklists/": "L   D   D   200 200 200 200 -",
    "admin/inspections/checklists/new/": "L   D   D   D   200 D   D   -",
    "admin/inspections/checklists/<int:pk>/": "L   D   D   200 200 200 200 -",
    "admin/inspections/checklists/<int:pk>/copy/": "L   D   D   D   200 D   D   -",
    "admin/inspections/plans/<int:pk>/": "L   D   D   200 200 404 200 -",
    "admin/inspections/plans/items/<int:pk>/": "L   D   D   D   404 D   D   D",
    "admin/inspections/nonconformities/": "L   D   D   200 200 200 200 -",
    "admin/inspections/nonconformities/results/": "L   D   D   200 200 200 200 -",
    "admin/inspections/nonconformities/<int:pk>/": "L   D   D   200 200 200 200 404",
    "admin/inspections/actions/": "L   D   D   200 200 200 200 -",
    "admin/inspections/actions/results/": "L   D   D   200 200 200 200 -",
    "admin/inspections/actions/<int:pk>/": "L   D   D   200 200 200 200 404",
    "admin/inspections/revisions/<int:pk>/": "L   D   D   200 200 200 200 404",
    "admin/inspections/summary/": "L   D   D   200 200 D   200 -",
    "admin/inspections/summary/<int:year>.pdf": "L   D   D   200 200 D   200 -",
    "admin/inspections/summary/<int:year>.xlsx": "L   D   D   200 200 D   200 -",
    "admin/inspections/reviews/": "L   D   D   200 200 200 200 -",
    "admin/inspections/reviews/results/": "L   D   D   200 200 200 200 -",
    "admin/inspections/reviews/pack/": "L   D   D   200 200 200 200 -",
    "admin/inspections/reviews/pack.pdf": "L   D   D   400 400 400 400 -",
    "admin/inspections/reviews/<int:pk>/": "L   D   D   200 200 200 200 404",
    "admin/inspections/reviews/<int:pk>.pdf": "L   D   D   200 200 200 200 404",
    "admin/inspections/reviews/actions/<int:pk>/done/": "L   D   D   404 404 D   D   D",
    "admin/forms/": "L   200 D   200 D   D   D   -",
    "admin/forms/results/": "L   200 D   200 D   D   D   -",
    "admin/forms/submissions/<int:page_id>/": "L   404 404 404 404 404 404 -",
    "admin/forms/submissions/<int:page_id>/results/": "L   404 404 404 404 404 404 -",
    "admin/forms/submissions/<int:page_id>/delete/": "L   D   D   D   D   D   D   -",
    "admin/redirects/": "L   D   D   D   D   D   D   -",
    "admin/redirects/results/": "L   D   D   D   D   D   D   -",
    "admin/redirects/add/": "L   D   D   D   D   D   D   -",
    "admin/redirects/<int:redirect_id>/": "L   D   D   D   D   D   D   -",
    "admin/redirects/<int:redirect_id>/delete/": "L   404 404 404 404 404 404 -",
    "admin/redirects/import/": "L   D   D   D   D   D   D   -",
    "admin/redirects/import/process/": "L   D   D   D   D   D   D   -",
    "admin/settings/<slug:app_name>/<slug:model_name>/": (
        "L   D   D   D   D   D   D   -"
    ),
    "admin/settings/<slug:app_name>/<slug:model_name>/<int:pk>/": (
        "L   D   D   D   D   D   D   -"
    ),
    "admin/settings/<slug:app_name>/<slug:model_name>/<int:pk>/preview/": (
        "L   D   D   D   D   D   D   -"
    ),
    "admin/embeds/chooser/": "L   200 200 200 200 200 200 -",
    "admin/embeds/chooser/upload/": "L   200 200 200 200 200 200 -",
    "admin/snippets/": "L   D   D   D   D   D   D   -",
    "admin/documents/": "L   200 D   D   D   D   D   -",
    "admin/documents/results/": "L   200 D   D   D   D   D   -",
    "admin/documents/add/": "L   200 D   D   D   D   D   -",
    "admin/documents/edit/<int:document_id>/": "L   200 D   D   D   D   D   -",
    "admin/documents/delete/<int:document_id>/": "L   200 D   D   D   D   D   -",
    "admin/documents/multiple/add/": "L   200 D   D   D   D   D   -",
    "admin/documents/multiple/<int:doc_id>/": "L   405 405 405 405 405 405 -",
    "admin/documents/multiple/create_from_uploaded_document/<int:uploaded_file_id>/": (
        "L   405 405 405 405 405 405 -"
    ),
    "admin/documents/multiple/<int:doc_id>/delete/": "L   405 405 405 405 405 405 -",
    "admin/documents/multiple/delete_upload/<int:uploaded_file_id>/": (
        "L   405 405 405 405 405 405 -"
    ),
    "admin/documents/usage/<int:document_id>/": "L   200 D   D   D   D   D   -",
    "admin/images/": "L   200 D   D   D   D   D   -",
    "admin/images/results/": "L   200 D   D   D   D   D   -",
    "admin/images/<int:image_id>/": "L   200 D   D   D   D   D   -",
    "admin/images/<int:image_id>/delete/": "L   200 D   D   D   D   D   -",
    "admin/images/<int:image_id>/generate_url/": "L   404 D   D   D   D   D   -",
    "admin/images/<int:image_id>/generate_url/output/": "L   404 D   D   D   D   D   -",
    "admin/images/<int:image_id>/preview/<str:filter_spec>/": (
        "L   200 D   D   D   D   D   -"
    ),
    "admin/images/add/": "L   200 D   D   D   D   D   -",
    "admin/images/usage/<int:image_id>/": "L   200 D   D   D   D   D   -",
    "admin/images/multiple/add/": "L   200 D   D   D   D   D   -",
    "admin/images/multiple/<int:image_id>/": "L   405 405 405 405 405 405 -",
    "admin/images/multiple/create_from_uploaded_image/<int:uploaded_file_id>/": (
        "L   405 405 405 405 405 405 -"
    ),
    "admin/images/multiple/<int:image_id>/delete/": "L   405 405 405 405 405 405 -",
    "admin/images/multiple/delete_upload/<int:uploaded_file_id>/": (
        "L   405 405 405 405 405 405 -"
    ),
    "admin/snippets/procedures/sector/": "L   200 D   200 D   D   200 -",
    "admin/snippets/procedures/sector/results/": "L   200 D   200 D   D   200 -",
    "admin/snippets/procedures/sector/add/": "L   200 D   200 D   D   D   -",
    "admin/snippets/procedures/sector/edit/<int:pk>/": "L   200 D   200 D   D   D   -",
    "admin/snippets/procedures/sector/delete/<int:pk>/": (
        "L   D   D   200 D   D   D   -"
    ),
    "admin/snippets/procedures/sector/usage/<int:pk>/": "L   200 D   200 D   D   D   -",
    "admin/snippets/procedures/sector/history/<int:pk>/": (
        "L   200 D   200 D   D   D   -"
    ),
    "admin/snippets/procedures/sector/history-results/<int:pk>/": (
        "L   200 D   200 D   D   D   -"
    ),
    "admin/snippets/procedures/sector/copy/<int:pk>/": "L   200 D   200 D   D   D   -",
    "admin/snippets/choose/procedures/sector/": "L   200 200 200 200 200 200 -",
    "admin/snippets/choose/procedures/sector/results/": "L   200 200 200 200 200 200 -",
    "admin/snippets/choose/procedures/sector/chosen/<str:pk>/": (
        "L   200 200 200 200 200 200 -"
    ),
    "admin/snippets/choose/procedures/sector/chosen-multiple/": (
        "L   200 200 200 200 200 200 -"
    ),
    "admin/snippets/choose/procedures/sector/create/": "L   200 D   200 D   D   D   -",
    "admin/nang-luc/": "L   D   200 200 200 200 200 -",
    "admin/nang-luc/don-vi/<int:pk>/": "L   D   200 200 200 200 200 404",
    "admin/nang-luc/can-bo/<int:pk>/": "L   D   200 200 200 200 200 404",
    "admin/nang-luc/chung-chi/<int:pk>/": "L   D   200 200 200 200 200 404",
    "admin/nang-luc/cua-toi/": "L   R   R   R   R   R   R   -",
    "admin/training_records/": "L   D   200 200 200 200 200 -",
    "admin/training_records/results/": "L   D   200 200 200 200 200 -",
    "admin/training_records/new/": "L   D   200 D   D   200 D   -",
    "admin/training_records/edit/<int:pk>/": "L   D   200 D   D   200 D   404",
    "admin/training_records/delete/<int:pk>/": "L   D   D   D   D   D   D   404",
    "admin/training_records/history/<int:pk>/": "L   D   200 200 200 200 200 404",
    "admin/training_records/history-results/<int:pk>/": "L   D   200 200 200 200 200 404",
    "admin/training_records/usage/<int:pk>/": "L   D   200 D   D   200 D   404",
    "admin/training_records/inspect/<int:pk>/": "L   D   200 200 200 200 200 404",
    "admin/competences/": "L   D   200 200 200 200 200 -",
    "admin/competences/results/": "L   D   200 200 200 200 200 -",
    "admin/competences/new/": "L   D   200 D   D   D   D   -",
    "admin/competences/edit/<int:pk>/": "L   D   200 D   D   D   D   -",
    "admin/competences/delete/<int:pk>/": "L   D   D   D   D   D   D   -",
    "admin/competences/history/<int:pk>/": "L   D   200 D   D   D   D   -",
    "admin/competences/history-results/<int:pk>/": "L   D   200 D   D   D   D   -",
    "admin/competences/usage/<int:pk>/": "L   D   200 D   D   D   D   -",
    "admin/competences/copy/<int:pk>/": "L   D   200 D   D   D   D   -",
    "admin/role_competences/": "L   D   200 200 200 200 200 -",
    "admin/role_competences/results/": "L   D   200 200 200 200 200 -",
    "admin/role_competences/new/": "L   D   200 D   D   D   D   -",
    "admin/role_competences/edit/<int:pk>/": "L   D   200 D   D   D   D   -",
    "admin/role_competences/delete/<int:pk>/": "L   D   200 D   D   D   D   -",
    "admin/role_competences/history/<int:pk>/": "L   D   200 D   D   D   D   -",
    "admin/role_competences/history-results/<int:pk>/": "L   D   200 D   D   D   D   -",
    "admin/role_competences/usage/<int:pk>/": "L   D   200 D   D   D   D   -",
    "admin/role_competences/copy/<int:pk>/": "L   D   200 D   D   D   D   -",
    "admin/controlled_documents/": "L   D   200 200 200 200 200 -",
    "admin/controlled_documents/results/": "L   D   200 200 200 200 200 -",
    "admin/controlled_documents/new/": "L   D   200 D   D   D   D   -",
    "admin/controlled_documents/edit/<int:pk>/": "L   D   200 D   D   D   D   D",
    "admin/controlled_documents/delete/<int:pk>/": "L   D   D   D   D   D   D   404",
    "admin/controlled_documents/history/<int:pk>/": "L   D   200 200 200 200 200 404",
    "admin/controlled_documents/history-results/<int:pk>/": (
        "L   D   200 200 200 200 200 404"
    ),
    "admin/controlled_documents/usage/<int:pk>/": "L   D   200 D   D   D   D   404",
    "admin/controlled_documents/copy/<int:pk>/": "L   D   200 D   D   D   D   D",
    "admin/document_revisions/": "L   D   200 200 200 200 200 -",
    "admin/document_revisions/results/": "L   D   200 200 200 200 200 -",
    "admin/document_revisions/new/": "L   D   D   D   D   D   D   -",
    "admin/document_revisions/edit/<int:pk>/": "L   D   D   D   D   D   D   D",
    "admin/document_revisions/delete/<int:pk>/": "L   D   D   D   D   D   D   404",
    "admin/document_revisions/history/<int:pk>/": "L   D   200 200 200 200 200 404",
    "admin/document_revisions/history-results/<int:pk>/": (
        "L   D   200 200 200 200 200 404"
    ),
    "admin/document_revisions/usage/<int:pk>/": "L   D   D   D   D   D   D   404",
    "admin/document_revisions/copy/<int:pk>/": "L   D   D   D   D   D   D   D",
    "admin/legal_texts/": "L   D   200 200 200 200 200 -",
    "admin/legal_texts/results/": "L   D   200 200 200 200 200 -",
    "admin/legal_texts/new/": "L   D   200 D   D   D   D   -",
    "admin/legal_texts/edit/<int:pk>/": "L   D   200 D   D   D   D   -",
    "admin/legal_texts/delete/<int:pk>/": "L   D   D   D   D   D   D   -",
    "admin/legal_texts/history/<int:pk>/": "L   D   200 200 200 200 200 -",
    "admin/legal_texts/history-results/<int:pk>/": "L   D   200 200 200 200 200 -",
    "admin/legal_texts/usage/<int:pk>/": "L   D   200 D   D   D   D   -",
    "admin/legal_texts/inspect/<int:pk>/": "L   D   200 200 200 200 200 -",
    "admin/legal_texts/copy/<int:pk>/": "L   D   200 D   D   D   D   -",
    "admin/units/": "L   200 200 200 200 200 200 -",
    "admin/units/results/": "L   200 200 200 200 200 200 -",
    "admin/units/new/": "L   D   D   D   D   D   D   -",
    "admin/units/edit/<int:pk>/": "L   D   D   D   D   D   D   D",
    "admin/units/delete/<int:pk>/": "L   D   D   D   D   D   D   404",
    "admin/units/history/<int:pk>/": "L   200 200 200 200 200 200 404",
    "admin/units/history-results/<int:pk>/": "L   200 200 200 200 200 200 404",
    "admin/units/usage/<int:pk>/": "L   D   D   D   D   D   D   404",
    "admin/units/inspect/<int:pk>/": "L   200 200 200 200 200 200 404",
    "admin/units/copy/<int:pk>/": "L   D   D   D   D   D   D   D",
    "admin/unit_memberships/": "L   D   D   D   D   D   200 -",
    "admin/unit_memberships/results/": "L   D   D   D   D   D   200 -",
    "admin/unit_memberships/new/": "L   D   D   D   D   D   D   -",
    "admin/unit_memberships/edit/<int:pk>/": "L   D   D   D   D   D   D   D",
    "admin/unit_memberships/delete/<int:pk>/": "L   D   D   D   D   D   D   D",
    "admin/unit_memberships/history/<int:pk>/": "L   D   D   D   D   D   D   D",
    "admin/unit_memberships/history-results/<int:pk>/": "L   D   D   D   D   D   D   D",
    "admin/unit_memberships/usage/<int:pk>/": "L   D   D   D   D   D   D   D",
    "admin/unit_memberships/copy/<int:pk>/": "L   D   D   D   D   D   D   D",
    "admin/dossiers/records/": "L   D   D   200 200 200 200 -",
    "admin/dossiers/records/results/": "L   D   D   200 200 200 200 -",
    "admin/dossiers/records/new/": "L   D   D   D   D   D   D   -",
    "admin/dossiers/records/edit/<int:pk>/": "L   D   D   D   D   D   D   D",
    "admin/dossiers/records/delete/<int:pk>/": "L   D   D   D   D   D   D   404",
    "admin/dossiers/records/history/<int:pk>/": "L   D   D   200 200 200 200 404",
    "admin/dossiers/records/history-results/<int:pk>/": (
        "L   D   D   200 200 200 200 404"
    ),
    "admin/dossiers/records/usage/<int:pk>/": "L   D   D   D   D   D   D   404",
    "admin/dossiers/records/inspect/<int:pk>/": "L   D   D   200 200 200 200 404",
    "admin/dossiers/records/copy/<int:pk>/": "L   D   D   D   D   D   D   D",
    "admin/integration-keys/": "L   D   D   D   D   D   D   -",
    "admin/integration-keys/results/": "L   D   D   D   D   D   D   -",
    "admin/integration-keys/new/": "L   D   D   D   D   D   D   -",
    "admin/integration-keys/edit/<str:pk>/": "L   D   D   D   D   D   D   -",
    "admin/integration-keys/delete/<str:pk>/": "L   D   D   D   D   D   D   -",
    "admin/integration-keys/history/<str:pk>/": "L   D   D   D   D   D   D   -",
    "admin/integration-keys/history-results/<str:pk>/": "L   D   D   D   D   D   D   -",
    "admin/integration-keys/usage/<str:pk>/": "L   D   D   D   D   D   D   -",
    "admin/integration-keys/inspect/<str:pk>/": "L   D   D   D   D   D   D   -",
    # owner-only background jobs (the inspector's pack); not finished: no download
    "admin/viec-nen/<uuid:pk>/": "L   404 404 404 200 404 404 -",
    "admin/viec-nen/<uuid:pk>/tai-ve/": "L   404 404 404 404 404 404 -",
    # imports from the browser (qms/imports): the index lists what each role may
    # import (procedures for page editors, documents for the controller, dossiers
    # for the inspector and the commune officer); the dossier screen is theirs;
    # the checked upload is its owner's (the inspector's) only; confirm is POST
    "admin/nhap-du-lieu/": "L   200 200 200 200 200 D   -",
    "admin/nhap-du-lieu/<slug:kind>/": "L   D   D   D   200 200 D   -",
    "admin/nhap-du-lieu/<slug:kind>/<uuid:pk>/": "L   D   D   D   200 404 D   -",
    "admin/nhap-du-lieu/<slug:kind>/<uuid:pk>/xac-nhan/": "L   405 405 405 405 405 405 -",
    "admin/sites/": "L   D   D   D   D   D   D   -",
    "admin/sites/results/": "L   D   D   D   D   D   D   -",
    "admin/sites/new/": "L   D   D   D   D   D   D   -",
    "admin/sites/edit/<int:pk>/": "L   D   D   D   D   D   D   -",
    "admin/sites/delete/<int:pk>/": "L   D   D   D   D   D   D   -",
    "admin/sites/history/<int:pk>/": "L   D   D   D   D   D   D   -",
    "admin/sites/history-results/<int:pk>/": "L   D   D   D   D   D   D   -",
    "admin/sites/usage/<int:pk>/": "L   D   D   D   D   D   D   -",
    "admin/sites/copy/<int:pk>/": "L   D   D   D   D   D   D   -",
    "admin/users/": "L   D   D   D   D   D   D   -",
    "admin/users/results/": "L   D   D   D   D   D   D   -",
    "admin/users/new/": "L   D   D   D   D   D   D   -",
    "admin/users/edit/<int:pk>/": "L   D   D   D   D   D   D   -",
    "admin/users/delete/<int:pk>/": "L   D   D   D   D   D   D   -",
    "admin/users/history/<int:pk>/": "L   D   D   D   D   D   D   -",
    "admin/users/history-results/<int:pk>/": "L   D   D   D   D   D   D   -",
    "admin/users/usage/<int:pk>/": "L   D   D   D   D   D   D   -",
    "admin/users/copy/<int:pk>/": "L   D   D   D   D   D   D   -",
    "admin/groups/": "L   D   D   D   D   D   D   -",
    "admin/groups/results/": "L   D   D   D   D   D   D   -",
    "admin/groups/new/": "L   D   D   D   D   D   D   -",
    "admin/groups/edit/<int:pk>/": "L   D   D   D   D   D   D   -",
    "admin/groups/delete/<int:pk>/": "L   D   D   D   D   D   D   -",
    "admin/groups/history/<int:pk>/": "L   D   D   D   D   D   D   -",
    "admin/groups/history-results/<int:pk>/": "L   D   D   D   D   D   D   -",
    "admin/groups/usage/<int:pk>/": "L   D   D   D   D   D   D   -",
    "admin/documents/chooser/": "L   200 200 200 200 200 200 -",
    "admin/documents/chooser/results/": "L   200 200 200 200 200 200 -",
    "admin/documents/chooser/chosen/<str:pk>/": "L   200 D   200 D   D   D   -",
    "admin/documents/chooser/chosen-multiple/": "L   200 200 200 200 200 200 -",
    "admin/documents/chooser/create/": "L   200 D   D   D   D   D   -",
    "admin/images/chooser/": "L   200 200 200 200 200 200 -",
    "admin/images/chooser/results/": "L   200 200 200 200 200 200 -",
    "admin/images/chooser/chosen/<str:pk>/": "L   200 D   200 D   D   D   -",
    "admin/images/chooser/chosen-multiple/": "L   200 200 200 200 200 200 -",
    "admin/images/chooser/create/": "L   200 D   D   D   D   D   -",
    "admin/images/chooser/<int:image_id>/select_format/": (
        "L   200 D   200 D   D   D   -"
    ),
    "admin/sprite/": "200 200 200 200 200 200 200 -",
    "admin/password_reset/": "200 200 200 200 200 200 200 -",
    "admin/password_reset/done/": "200 200 200 200 200 200 200 -",
    "admin/password_reset/confirm/<uidb64>/<token>/": "200 200 200 200 200 200 200 -",
    "admin/password_reset/complete/": "200 200 200 200 200 200 200 -",
    "admin/jsi18n/": "200 200 200 200 200 200 200 -",
    "admin/^.*/$": "L   404 404 404 404 404 404 -",
    "documents/^(\\d+)/(.*)$": "200 200 200 200 200 200 200 -",
    "documents/authenticate_with_password/<int:restriction_id>/": (
        "404 404 404 404 404 404 404 -"
    ),
    "api/v2/^pages/": "200 200 200 200 200 200 200 -",
    "api/v2/^pages/<int:pk>/": "200 200 200 200 200 200 200 -",
    "api/v2/^pages/find/": "404 404 404 404 404 404 404 -",
    "i18n/chon/<str:code>/": "R   R   R   R   R   R   R   -",
    "i18n/setlang/": "R   R   R   R   R   R   R   -",
    "he-thong-chat-luong/": "200 200 200 200 200 200 200 -",
    "he-thong-chat-luong/tai-lieu/<int:pk>/": "404 404 404 404 404 404 404 404",
    # the load balancer's probe: public, names no secret (config/health.py)
    "health/": "200 200 200 200 200 200 200 -",
    "cong-khai/": "200 200 200 200 200 200 200 -",
    # citizens' loop (issue 13): feedback (staff: scoped, 404 for another commune's),
    # the working-day calendar (site editor edits), public form, lookups, survey
    "admin/phan-anh-kien-nghi/": "L   D   D   200 200 200 200 -",
    "admin/phan-anh-kien-nghi/<int:pk>/": "L   D   D   200 200 200 200 404",
    "admin/phan-anh-kien-nghi/<int:pk>/lap-diem-khong-phu-hop/": "L   D   D   R   R   R   R   404",
    "admin/ngay-nghi-le/": "L   200 200 200 200 200 200 -",
    "admin/ngay-nghi-le/results/": "L   200 200 200 200 200 200 -",
    "admin/ngay-nghi-le/new/": "L   200 D   D   D   D   D   -",
    "admin/ngay-nghi-le/edit/<int:pk>/": "L   200 D   D   D   D   D   -",
    "admin/ngay-nghi-le/delete/<int:pk>/": "L   200 D   D   D   D   D   -",
    "admin/ngay-nghi-le/history/<int:pk>/": "L   200 D   D   D   D   D   -",
    "admin/ngay-nghi-le/history-results/<int:pk>/": "L   200 D   D   D   D   D   -",
    "admin/ngay-nghi-le/usage/<int:pk>/": "L   200 D   D   D   D   D   -",
    "admin/ngay-nghi-le/copy/<int:pk>/": "L   200 D   D   D   D   D   -",
    "phan-anh-kien-nghi/": "200 200 200 200 200 200 200 -",
    "phan-anh-kien-nghi/gui/": "200 200 200 200 200 200 200 -",
    "phan-anh-kien-nghi/theo-doi/": "200 200 200 200 200 200 200 -",
    "tra-cuu-ho-so/": "200 200 200 200 200 200 200 -",
    "tra-cuu-ho-so/danh-gia/": "R   R   R   R   R   R   R   -",
    "api/dossiers/batch/": "401 D   D   D   D   D   D   -",
    "api/schema/": "200 200 200 200 200 200 200 -",
    "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/": (
        "404 404 404 404 404 404 404 -"
    ),
    "_util/login/": "200 200 200 200 200 200 200 -",
    "^((?:[\\w\\-]+/)*)$": "200 200 200 200 200 200 200 -",
    # login security (issue 11): two-factor steps, own settings, superuser reset,
    # login records (superusers only), CSP reports (POST only)
    "admin/login/ma-xac-thuc/": "L   L   L   L   L   L   L   -",
    "admin/login/bat-xac-thuc/": "L   200 200 200 200 200 200 -",
    "admin/xac-thuc-hai-buoc/": "L   200 200 200 200 200 200 -",
    "admin/xac-thuc-hai-buoc/nguoi-dung/<int:pk>/dat-lai/": "L   D   D   D   D   D   D   -",
    "admin/login_records/": "L   D   D   D   D   D   D   -",
    "admin/login_records/results/": "L   D   D   D   D   D   D   -",
    "admin/login_records/new/": "L   D   D   D   D   D   D   -",
    "admin/login_records/edit/<int:pk>/": "L   D   D   D   D   D   D   -",
    "admin/login_records/delete/<int:pk>/": "L   404 404 404 404 404 404 -",
    "admin/login_records/history/<int:pk>/": "L   404 404 404 404 404 404 -",
    "admin/login_records/history-results/<int:pk>/": "L   404 404 404 404 404 404 -",
    "admin/login_records/usage/<int:pk>/": "L   404 404 404 404 404 404 -",
    "admin/login_records/inspect/<int:pk>/": "L   404 404 404 404 404 404 -",
    "admin/login_failures/": "L   D   D   D   D   D   D   -",
    "admin/login_failures/results/": "L   D   D   D   D   D   D   -",
    "admin/login_failures/new/": "L   D   D   D   D   D   D   -",
    "admin/login_failures/edit/<int:pk>/": "L   D   D   D   D   D   D   -",
    "admin/login_failures/delete/<int:pk>/": "L   404 404 404 404 404 404 -",
    "admin/login_failures/history/<int:pk>/": "L   404 404 404 404 404 404 -",
    "admin/login_failures/history-results/<int:pk>/": "L   404 404 404 404 404 404 -",
    "admin/login_failures/usage/<int:pk>/": "L   404 404 404 404 404 404 -",
    "admin/login_failures/inspect/<int:pk>/": "L   404 404 404 404 404 404 -",
    "admin/login_attempts/": "L   D   D   D   D   D   D   -",
    "admin/login_attempts/results/": "L   D   D   D   D   D   D   -",
    "admin/login_attempts/new/": "L   D   D   D   D   D   D   -",
    "admin/login_attempts/edit/<int:pk>/": "L   D   D   D   D   D   D   -",
    "admin/login_attempts/delete/<int:pk>/": "L   404 404 404 404 404 404 -",
    "admin/login_attempts/history/<int:pk>/": "L   404 404 404 404 404 404 -",
    "admin/login_attempts/history-results/<int:pk>/": "L   404 404 404 404 404 404 -",
    "admin/login_attempts/usage/<int:pk>/": "L   404 404 404 404 404 404 -",
    "admin/login_attempts/inspect/<int:pk>/": "L   404 404 404 404 404 404 -",
    "csp-report/": "405 405 405 405 405 405 405 -",
}
