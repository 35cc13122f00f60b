"""Page, collection and workflow permissions of the roles.

Wagtail enforces page rights through ``GroupPagePermission`` on the tree and
image/document rights through ``GroupCollectionPermission``; model permissions
alone do nothing there. Site editors draft and submit, approvers publish.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from qms.organisation.roles import APPROVER, SITE_EDITOR, roles_sync

_PAGE_RIGHTS = {
    SITE_EDITOR: ["add_page", "change_page"],
    APPROVER: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
}
_COLLECTION_RIGHTS = {
    SITE_EDITOR: [
        ("wagtailimages", "add_image"),
        ("wagtailimages", "change_image"),
        ("wagtailimages", "choose_image"),
        ("wagtaildocs", "add_document"),
        ("wagtaildocs", "change_document"),
        ("wagtaildocs", "choose_document"),
    ],
    APPROVER: [
        ("wagtailimages", "choose_image"),
        ("wagtaildocs", "choose_document"),
    ],
}
WORKFLOW_NAME = "Phê duyệt trang công khai"


@transaction.atomic
def page_permissions_sync() -> None:
    """Grant page and collection rights at the root; route pages through approval."""
    root = Page.get_first_root_node()
    if root is not None:
        _page_rights_sync(root)
    collection = Collection.get_first_root_node()
    if collection is not None:
        _collection_rights_sync(collection)


def _page_rights_sync(root: Page) -> None:
    for role, codenames in _PAGE_RIGHTS.items():
        group = Group.objects.get(name=role.group_name)
        for codename in codenames:
            permission = Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            )
            GroupPagePermission.objects.get_or_create(
                group=group, page=root, permission=permission
            )
    _approval_workflow_sync(root)


def _collection_rights_sync(collection: Collection) -> None:
    for role, rights in _COLLECTION_RIGHTS.items():
        group = Group.objects.get(name=role.group_name)
        for app_label, codename in rights:
            permission = Permission.objects.get(
                content_type__app_label=app_label, codename=codename
            )
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=collection, permission=permission
            )


def _approval_workflow_sync(root: Page) -> None:
    """One approval task owned by the approvers, assigned to the whole tree."""
    approvers = Group.objects.get(name=APPROVER.group_name)
    task, _created = GroupApprovalTask.objects.get_or_create(
        name="Lãnh đạo phê duyệt nội dung"
    )
    task.groups.set([approvers])
    workflow, _created = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    # Not workflow.workflow_tasks.create(): modelcluster defers that write until
    # the workflow is saved again, so the task would silently never exist.
    WorkflowTask.objects.get_or_create(
        workflow=workflow, task=task, defaults={"sort_order": 0}
    )
    WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": workflow})


def sync_roles_after_migrate(sender, **kwargs) -> None:
    """post_migrate receiver: keep groups in line once Wagtail's app has migrated."""
    if sender.label != "wagtailcore":
        return
    roles_sync()
    page_permissions_sync()
