"""Wagtail's default "Editors" and "Moderators" groups are removed unless in use."""

import importlib

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    Page,
    Task,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from qms.organisation.roles import ROLES
from tests.conftest import ensure_wagtail_tree

MIGRATION = importlib.import_module("qms.migrations.0006_remove_wagtail_default_groups")
DEFAULTS = ["Editors", "Moderators"]

pytestmark = pytest.mark.django_db


def wagtail_default_group(name: str) -> Group:
    """A group as Wagtail's migrations leave it: admin access, rights at the root."""
    group = Group.objects.create(name=name)
    group.permissions.add(
        Permission.objects.get(
            content_type__app_label="wagtailadmin", codename="access_admin"
        )
    )
    GroupPagePermission.objects.create(
        group=group,
        page=Page.get_first_root_node(),
        permission=Permission.objects.get(
            content_type__app_label="wagtailcore", codename="change_page"
        ),
    )
    return group


def test_migrated_database_has_only_the_project_roles():
    call_command("sync_roles")  # what runs after every migrate, by hand
    names = set(Group.objects.values_list("name", flat=True))
    assert not names & set(DEFAULTS)
    assert {role.group_name for role in ROLES} <= names


def test_groups_with_users_are_kept_and_empty_ones_deleted():
    editors = wagtail_default_group("Editors")
    moderators = wagtail_default_group("Moderators")
    get_user_model().objects.create_user("legacy-editor").groups.add(editors)

    MIGRATION.remove_unused_default_groups(apps, None)

    assert Group.objects.filter(pk=editors.pk).exists()
    assert editors.permissions.exists()  # untouched: its user keeps their rights
    assert not Group.objects.filter(pk=moderators.pk).exists()
    assert not GroupPagePermission.objects.filter(group_id=moderators.pk).exists()


def test_other_groups_are_never_touched():
    kept = wagtail_default_group("Editors of the district portal")
    MIGRATION.remove_unused_default_groups(apps, None)
    assert Group.objects.filter(pk=kept.pk).exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_migration_itself_runs_forward_and_back():
    """Through the migration executor, as ``migrate`` runs it."""
    ensure_wagtail_tree()  # an earlier transactional test may have flushed it
    wagtail_default_group("Moderators")
    wagtail_default_group("Editors").user_set.add(
        get_user_model().objects.create_user("still-editing")
    )
    before = ("qms", "0005_private_attachments")
    after = ("qms", "0006_remove_wagtail_default_groups")
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes("qms")
    try:
        executor.migrate([before])  # backwards: a no-op that must not fail
        executor.loader.build_graph()
        executor.migrate([after])
        assert list(
            Group.objects.filter(name__in=DEFAULTS).values_list("name", flat=True)
        ) == ["Editors"]
    finally:  # later migrations' tables back for the tests that follow
        executor.loader.build_graph()
        executor.migrate(latest)


WORKFLOW = importlib.import_module(
    "qms.migrations.0007_remove_wagtail_default_workflow"
)


def wagtail_default_workflow():
    """The workflow and task that wagtailcore 0048 creates."""
    workflow = Workflow.objects.create(name=WORKFLOW.NAME)
    task = GroupApprovalTask.objects.create(name=WORKFLOW.NAME)
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    return workflow, task


def test_migrated_database_has_only_the_project_workflow():
    assert not Workflow.objects.filter(name=WORKFLOW.NAME).exists()
    assert not Task.objects.filter(name=WORKFLOW.NAME).exists()
    assert Workflow.objects.filter(name="Phê duyệt trang công khai").exists()


def test_the_unused_default_workflow_goes_with_its_task():
    ensure_wagtail_tree()
    workflow, task = wagtail_default_workflow()
    # where wagtailcore 0048 puts it; page_permissions_sync takes the root over
    WorkflowPage.objects.update_or_create(
        page=Page.get_first_root_node(), defaults={"workflow": workflow}
    )
    WORKFLOW.remove_unused_default_workflow(apps, None)
    assert not Workflow.objects.filter(pk=workflow.pk).exists()
    assert not Task.objects.filter(pk=task.pk).exists()
    assert not GroupApprovalTask.objects.filter(pk=task.pk).exists()


def test_a_default_workflow_assigned_below_the_root_is_kept():
    ensure_wagtail_tree()
    workflow, task = wagtail_default_workflow()
    page = Page.get_first_root_node().get_children().first()
    WorkflowPage.objects.update_or_create(page=page, defaults={"workflow": workflow})
    WORKFLOW.remove_unused_default_workflow(apps, None)
    assert Workflow.objects.filter(pk=workflow.pk).exists()
    assert Task.objects.filter(pk=task.pk).exists()
