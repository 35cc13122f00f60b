"""Personas and shared fixtures.

The real units of Nam Định (legacy, with Huyện Xuân Trường 364) and their
successors are loaded once per test database from the official-data packages.
Personas: a site editor, a document controller, an approver, an inspector, a
commune officer who may see only Thị trấn Xuân Trường, a read-only ISO reviewer,
and the anonymous citizen (the plain ``client``).
"""

import os

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from django.test import Client
from wagtail.models import Collection, Locale, Page, Site

from qms import page_cache, page_serving
from qms.organisation.choices import UnitLevel
from qms.organisation.models import LEGACY_END, AdministrativeUnit, UnitMembership
from qms.organisation.page_permissions import page_permissions_sync
from qms.organisation.roles import (
    APPROVER,
    COMMUNE_OFFICER,
    DOCUMENT_CONTROLLER,
    INSPECTOR,
    ISO_REVIEWER,
    SITE_EDITOR,
    Role,
    roles_sync,
)
from qms.organisation.unit_loader import units_load

PASSWORD = "test-password-123"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the real units of province 36 and the role groups once."""
    with django_db_blocker.unblock():
        ensure_wagtail_tree()
        units_load(provinces=["36"], structure="both")
        roles_sync()
        page_permissions_sync()


def ensure_wagtail_tree() -> None:
    """Recreate the root page and default site that Wagtail's migrations made.

    Live-server tests flush the database; serialized rollback does not bring
    Wagtail's tree back reliably, and a reused test database keeps the flush.
    """
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    if Site.objects.filter(is_default_site=True).exists():
        return
    locale, _ = Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(title="Root", slug="root", locale=locale)
    welcome = root.add_child(title="Welcome", slug="home", locale=locale)
    Site.objects.create(
        hostname="localhost", port=80, root_page=welcome, is_default_site=True
    )


def legacy_unit(code: str, level: str = UnitLevel.COMMUNE) -> AdministrativeUnit:
    """A unit of the pre-2025 structure by code."""
    return AdministrativeUnit.objects.get(code=code, level=level, valid_to=LEGACY_END)


@pytest.fixture
def district():
    """Huyện Xuân Trường (364), legacy."""
    return legacy_unit("364", UnitLevel.DISTRICT)


@pytest.fixture
def commune():
    """Thị trấn Xuân Trường (14089), the commune officer's own unit."""
    return legacy_unit("14089")


@pytest.fixture
def other_commune():
    """Xã Xuân Châu (14092): a commune the commune officer must never see."""
    return legacy_unit("14092")


def make_user(username: str, role: Role | None, *units, **extra):
    """A user in ``role``'s group, member of ``units``."""
    user = get_user_model().objects.create_user(
        username=username,
        password=PASSWORD,
        email=f"{username}@example.gov.vn",
        first_name=username.capitalize(),
        **extra,
    )
    if role:
        user.groups.add(Group.objects.get(name=role.group_name))
    for unit in units:
        UnitMembership.objects.create(user=user, unit=unit)
    return user


@pytest.fixture
def site_editor(db):
    return make_user("editor", SITE_EDITOR)


@pytest.fixture
def document_controller(db):
    return make_user("controller", DOCUMENT_CONTROLLER)


@pytest.fixture
def approver(db):
    return make_user("approver", APPROVER)


@pytest.fixture
def inspector(db):
    return make_user("inspector", INSPECTOR)


@pytest.fixture
def commune_officer(db, commune):
    return make_user("officer", COMMUNE_OFFICER, commune)


@pytest.fixture
def iso_reviewer(db):
    return make_user("reviewer", ISO_REVIEWER)


@pytest.fixture
def superuser(db):
    return make_user("root", None, is_staff=True, is_superuser=True)


PERSONAS = [
    "site_editor",
    "document_controller",
    "approver",
    "inspector",
    "commune_officer",
    "iso_reviewer",
]


@pytest.fixture
def login(client):
    """``login(user)`` returns a client logged in as ``user``."""

    def _login(user) -> Client:
        client.force_login(user)
        return client

    return _login


# --- shared cache (issue 11, API hardening) ---


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: throttle counters must not leak,
    nor the page cache's generation numbers this process remembers."""
    cache.clear()
    page_cache.forget_generations()
    page_serving.forget()
    yield


@pytest.fixture
def redis_cache():
    """The real Redis behind the default cache; fails in CI when it is missing."""
    backend = caches["default"]
    if not isinstance(backend, RedisCache):
        message = "Redis is not running on TEST_REDIS_URL"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return backend


# --- end shared cache ---
