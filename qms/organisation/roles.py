"""The roles of the system, as Django groups with permissions.

Each app declares what its roles may do by calling ``grant`` at import time of
its ``roles`` module (listed in ``ROLE_MODULES``); the groups are brought in line
after every ``migrate``, and by ``manage.py sync_roles``. Group names are fixed
Vietnamese names: they are data, not interface text, so switching the admin to
English does not rename them.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Role:
    """A role: stable key, group name, and what it is for."""

    key: str
    group_name: str
    description: str


SITE_EDITOR = Role("site_editor", "Biên tập viên trang", _("Soạn trang công khai"))
DOCUMENT_CONTROLLER = Role(
    "document_controller",
    "Cán bộ kiểm soát tài liệu",
    _("Soạn, quản lý tài liệu của hệ thống chất lượng"),
)
APPROVER = Role(
    "approver", "Lãnh đạo phê duyệt", _("Xem xét, phê duyệt tài liệu và trang")
)
INSPECTOR = Role("inspector", "Kiểm tra viên", _("Lập kế hoạch, kiểm tra, xác minh"))
COMMUNE_OFFICER = Role(
    "commune_officer",
    "Cán bộ cấp xã",
    _("Chỉ thấy và trả lời dữ liệu của đơn vị mình"),
)
ISO_REVIEWER = Role(
    "iso_reviewer",
    "Chuyên gia đánh giá ISO",
    _("Xem mọi dữ liệu và lịch sử, không sửa gì"),
)
ROLES = [
    SITE_EDITOR,
    DOCUMENT_CONTROLLER,
    APPROVER,
    INSPECTOR,
    COMMUNE_OFFICER,
    ISO_REVIEWER,
]
ROLES_BY_KEY = {role.key: role for role in ROLES}

#: Modules that call ``grant``; each app owns the permissions of its models.
ROLE_MODULES = ["qms.role_grants", "procedures.role_grants", "audits.role_grants"]

_grants: dict[str, set[str]] = defaultdict(set)


def grant(role: Role, *permissions: str) -> None:
    """Give ``role`` the permissions ``"app_label.codename"``."""
    _grants[role.key].update(permissions)


def granted(role: Role) -> set[str]:
    """Every ``app_label.codename`` the role holds."""
    for module in ROLE_MODULES:
        import_string(f"{module}.GRANTED")
    return set(_grants[role.key])


def _permissions(names: set[str]) -> list[Permission]:
    by_app: dict[str, set[str]] = defaultdict(set)
    for name in names:
        app_label, codename = name.split(".", 1)
        by_app[app_label].add(codename)
    found: list[Permission] = []
    for app_label, codenames in by_app.items():
        found.extend(
            Permission.objects.filter(
                content_type__app_label=app_label, codename__in=codenames
            )
        )
    return found


@transaction.atomic
def roles_sync() -> dict[str, int]:
    """Create the role groups and set their model permissions exactly.

    Permissions not yet created (an app not migrated yet) are skipped and come
    on the next run. Returns the number of permissions per group.
    """
    counts = {}
    for role in ROLES:
        group, _created = Group.objects.get_or_create(name=role.group_name)
        perms = _permissions(granted(role))
        group.permissions.set(perms)
        counts[role.group_name] = len(perms)
    return counts
