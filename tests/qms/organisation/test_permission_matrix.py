"""Each role × each foundation action it may and may not do.

Denied admin views answer 302 (back to the dashboard with a message) or 403;
objects outside a commune officer's scope answer 404, whatever the URL.
"""

import pytest
from django.urls import reverse
from wagtail.models import Page, Site

from qms.organisation.models import AdministrativeUnit
from qms.organisation.roles import COMMUNE_OFFICER
from qms.organisation.scoping import scope_queryset, sees_all_units
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

ROLES = [
    "site_editor",
    "document_controller",
    "approver",
    "inspector",
    "commune_officer",
    "iso_reviewer",
]

# role → may it do the action?
MATRIX = {
    "access_admin": dict.fromkeys(ROLES, True),
    "view_units": dict.fromkeys(ROLES, True),
    "add_unit": dict.fromkeys(ROLES, False),
    "edit_deployment_settings": dict.fromkeys(ROLES, False),
    "manage_users": dict.fromkeys(ROLES, False),
    "edit_pages": {r: r in {"site_editor", "approver"} for r in ROLES},
    "publish_pages": {r: r == "approver" for r in ROLES},
    "see_all_units": {r: r != "commune_officer" for r in ROLES},
}


def _allowed(response) -> bool:
    return response.status_code == 200


def _home() -> Page:
    return Site.objects.get(is_default_site=True).root_page


ACTIONS = {
    "access_admin": lambda c, u: _allowed(c.get(reverse("wagtailadmin_home"))),
    "view_units": lambda c, u: _allowed(c.get(reverse("units:index"))),
    "add_unit": lambda c, u: _allowed(c.get(reverse("units:add"))),
    "edit_deployment_settings": lambda c, u: _allowed(
        c.get(
            reverse(
                "wagtailsettings:edit",
                args=["qms", "deploymentsettings", Site.objects.get().pk],
            )
        )
    ),
    "manage_users": lambda c, u: _allowed(c.get(reverse("wagtailusers_users:index"))),
    "edit_pages": lambda c, u: _allowed(
        c.get(reverse("wagtailadmin_pages:edit", args=[_home().pk]))
    ),
    "publish_pages": lambda c, u: _home().permissions_for_user(u).can_publish(),
    "see_all_units": lambda c, u: sees_all_units(u),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", sorted(MATRIX))
def test_matrix(role, action, request, client):
    user = request.getfixturevalue(role)
    client.force_login(user)
    assert ACTIONS[action](client, user) is MATRIX[action][role], (role, action)


@pytest.mark.parametrize("action", sorted(MATRIX))
def test_superuser_may_do_everything(action, superuser, client):
    client.force_login(superuser)
    assert ACTIONS[action](client, superuser) is True


def test_anonymous_citizen_is_sent_to_login(client):
    response = client.get(reverse("units:index"))
    assert response.status_code == 302
    assert reverse("wagtailadmin_login") in response["Location"]


class TestCommuneScope:
    """A commune officer reads only their commune (and below), by any route."""

    def test_listing_shows_only_own_units(self, commune_officer, commune, client):
        client.force_login(commune_officer)
        response = client.get(reverse("units:index"))
        listed = set(response.context["object_list"])
        assert commune in listed
        assert all(unit.pk in {commune.pk} for unit in listed)

    def test_search_does_not_leak(self, commune_officer, other_commune, client):
        client.force_login(commune_officer)
        response = client.get(reverse("units:index"), {"q": "Xuân Châu"})
        assert other_commune not in set(response.context["object_list"])

    def test_other_commune_detail_is_404(self, commune_officer, other_commune, client):
        client.force_login(commune_officer)
        url = reverse("units:inspect", args=[other_commune.pk])
        assert client.get(url).status_code == 404
        history = reverse("units:history", args=[other_commune.pk])
        assert client.get(history).status_code == 404

    def test_own_commune_detail_is_shown(self, commune_officer, commune, client):
        client.force_login(commune_officer)
        response = client.get(reverse("units:inspect", args=[commune.pk]))
        assert response.status_code == 200
        assert "Thị trấn Xuân Trường" in response.content.decode()

    def test_inspector_sees_every_commune(self, inspector, other_commune, client):
        client.force_login(inspector)
        url = reverse("units:inspect", args=[other_commune.pk])
        assert client.get(url).status_code == 200

    def test_scope_includes_units_below(self, district, commune):
        district_officer = make_user("district-officer", COMMUNE_OFFICER, district)
        visible = scope_queryset(AdministrativeUnit.objects.all(), district_officer)
        assert commune in visible
        assert visible.filter(level="province").count() == 0

    def test_user_without_units_sees_nothing(self):
        orphan = make_user("orphan", COMMUNE_OFFICER)
        assert not scope_queryset(AdministrativeUnit.objects.all(), orphan).exists()


def test_units_listing_query_count(inspector, client, django_assert_max_num_queries):
    client.force_login(inspector)
    with django_assert_max_num_queries(40):
        response = client.get(reverse("units:index"))
    assert response.status_code == 200


class TestSiteHistoryReport:
    """Wagtail's site-wide history ignores the scope: scoped users don't get it."""

    def test_commune_officer_is_refused(self, commune_officer, client):
        client.force_login(commune_officer)
        for name in ("site_history", "site_history_results"):
            response = client.get(reverse(f"wagtailadmin_reports:{name}"))
            assert response.status_code in (302, 403), name
        csv = client.get(
            reverse("wagtailadmin_reports:site_history"), {"export": "csv"}
        )
        assert csv.status_code in (302, 403)

    def test_commune_officer_has_no_menu_item(self, commune_officer, client):
        client.force_login(commune_officer)
        body = client.get(reverse("wagtailadmin_home")).content.decode()
        assert reverse("wagtailadmin_reports:site_history") not in body

    def test_iso_reviewer_reads_it(self, iso_reviewer, client):
        client.force_login(iso_reviewer)
        response = client.get(reverse("wagtailadmin_reports:site_history"))
        assert response.status_code == 200
