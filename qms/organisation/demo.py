"""Demo deployment: UBND huyện Xuân Trường (Nam Định), as it ran in 2022.

Units come from the official-data packages (``load_units --province 36``);
people are one demo user per role. Idempotent: running it again changes nothing.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from wagtail.models import Site

from qms.organisation.choices import UnitLevel
from qms.organisation.models import (
    LEGACY_END,
    AdministrativeUnit,
    DeploymentSettings,
    UnitMembership,
)
from qms.organisation.roles import (
    APPROVER,
    COMMUNE_OFFICER,
    DOCUMENT_CONTROLLER,
    INSPECTOR,
    ISO_REVIEWER,
    SITE_EDITOR,
    roles_sync,
)
from qms.organisation.unit_loader import units_load

DEMO_PASSWORD = "demo@2022"  # noqa: S105 - printed by the quick start on purpose
DISTRICT_CODE = "364"  # Huyện Xuân Trường
COMMUNE_CODE = "14089"  # Thị trấn Xuân Trường

#: Agencies of the district UBND that handle administrative procedures.
AGENCIES = [
    ("364.VP", "Văn phòng HĐND và UBND huyện Xuân Trường", "văn phòng"),
    ("364.MC", "Bộ phận Tiếp nhận và Trả kết quả huyện Xuân Trường", "bộ phận một cửa"),
    ("364.TP", "Phòng Tư pháp huyện Xuân Trường", "phòng chuyên môn"),
    (
        "364.TNMT",
        "Phòng Tài nguyên và Môi trường huyện Xuân Trường",
        "phòng chuyên môn",
    ),
    (
        "364.LDTBXH",
        "Phòng Lao động - Thương binh và Xã hội huyện Xuân Trường",
        "phòng chuyên môn",
    ),
    ("364.NV", "Phòng Nội vụ huyện Xuân Trường", "phòng chuyên môn"),
]

#: (username, first name, last name, role, unit code or None, position, is_head)
DEMO_USERS = [
    ("bientap", "Lan", "Nguyễn Thị", SITE_EDITOR, "364.VP", "Chuyên viên", False),
    (
        "kiemsoat",
        "Hùng",
        "Trần Văn",
        DOCUMENT_CONTROLLER,
        "364.VP",
        "Thư ký ISO",
        False,
    ),
    ("pheduyet", "Minh", "Phạm Đức", APPROVER, "364", "Phó Chủ tịch UBND", True),
    ("kiemtra", "Hà", "Vũ Thu", INSPECTOR, "364.NV", "Chuyên viên Phòng Nội vụ", False),
    (
        "kiemtra2",
        "Tuấn",
        "Đỗ Anh",
        INSPECTOR,
        "364.TP",
        "Chuyên viên Phòng Tư pháp",
        False,
    ),
    (
        "canboxa",
        "Mai",
        "Lê Thị",
        COMMUNE_OFFICER,
        COMMUNE_CODE,
        "Công chức Tư pháp - Hộ tịch",
        False,
    ),
    (
        "danhgiaiso",
        "Quang",
        "Hoàng Văn",
        ISO_REVIEWER,
        None,
        "Chuyên gia đánh giá",
        False,
    ),
]


def _unit(code: str) -> AdministrativeUnit:
    level = UnitLevel.AGENCY if "." in code else None
    queryset = AdministrativeUnit.objects.filter(code=code)
    if level:
        queryset = queryset.filter(level=level)
    else:
        queryset = queryset.filter(valid_to=LEGACY_END).exclude(level=UnitLevel.AGENCY)
    return queryset.get()


@transaction.atomic
def load(*, stdout) -> None:
    """Units of Nam Định (legacy) and their successors, agencies, users, settings."""
    report = units_load(provinces=["36"], structure="both")
    stdout.write(f"Đơn vị hành chính: {report.total} bản ghi mới")
    district = _unit(DISTRICT_CODE)
    for code, name, unit_type in AGENCIES:
        AdministrativeUnit.objects.get_or_create(
            level=UnitLevel.AGENCY,
            code=code,
            valid_to=None,
            defaults={"name": name, "unit_type": unit_type, "parent": district},
        )
    roles_sync()
    site = Site.objects.get(is_default_site=True)
    deployment = DeploymentSettings.for_site(site)
    deployment.operating_unit = district
    deployment.organisation_name = "UBND huyện Xuân Trường"
    deployment.address = "Thị trấn Xuân Trường, huyện Xuân Trường, tỉnh Nam Định"
    deployment.phone = "0228 3886 xxx".replace("xxx", "222")
    deployment.email = "motcua.xuantruong@example.gov.vn"
    deployment.save()
    _users()


def _users() -> None:
    user_model = get_user_model()
    admin, created = user_model.objects.get_or_create(
        username="admin",
        defaults={
            "is_staff": True,
            "is_superuser": True,
            "first_name": "Quản trị",
            "email": "admin@example.gov.vn",
        },
    )
    if created:
        admin.set_password(DEMO_PASSWORD)
        admin.save()
    for username, first, last, role, unit_code, position, is_head in DEMO_USERS:
        user, created = user_model.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": f"{username}@example.gov.vn",
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        user.groups.add(Group.objects.get(name=role.group_name))
        if unit_code:
            units = [_unit(unit_code)]
            if role is COMMUNE_OFFICER:
                units += list(units[0].successors.all())
            for unit in units:
                UnitMembership.objects.get_or_create(
                    user=user,
                    unit=unit,
                    defaults={"position": position, "is_head": is_head},
                )


def logins() -> list[tuple[str, str, str]]:
    """(username, password, roles and unit) of every demo user, for the quick start.

    Read from the database, so users that other apps' demo loaders add (a
    third reviewer, more commune officers) are listed too; they all share
    DEMO_PASSWORD.
    """
    users = (
        get_user_model()
        .objects.filter(is_active=True)
        .prefetch_related("groups", "unit_memberships__unit")
        .order_by("-is_superuser", "username")
    )
    rows = []
    for user in users:
        if not user.check_password(DEMO_PASSWORD):
            continue
        roles = ", ".join(g.name for g in user.groups.all())
        if user.is_superuser:
            roles = "Quản trị hệ thống"
        units = "; ".join(m.unit.name for m in user.unit_memberships.all())
        rows.append(
            (user.username, DEMO_PASSWORD, f"{roles} – {units}" if units else roles)
        )
    return rows
