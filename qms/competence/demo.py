"""Demo competence data: a catalogue, what each role requires, trainings.

Dates are counted from the day the demo is loaded, so a new user always sees
one certificate expiring within the reminder period (the commune officer's
one-stop training), one expired (an inspector's internal-auditor course) and
one gap with no training at all (communication skills).
"""

import datetime

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from qms.competence import services
from qms.competence.models import Competence, RoleCompetence, TrainingRecord
from qms.organisation.roles import (
    APPROVER,
    COMMUNE_OFFICER,
    DOCUMENT_CONTROLLER,
    INSPECTOR,
    SITE_EDITOR,
)

#: (code, name, validity in months or None, roles requiring it)
CATALOGUE = [
    (
        "ISO-NT",
        "Nhận thức về TCVN ISO 9001:2015 và chính sách chất lượng",
        None,
        (SITE_EDITOR, DOCUMENT_CONTROLLER, APPROVER, INSPECTOR, COMMUNE_OFFICER),
    ),
    (
        "ISO-DGV",
        "TCVN ISO 9001:2015 - đánh giá viên nội bộ",
        36,
        (DOCUMENT_CONTROLLER, INSPECTOR),
    ),
    ("KS-TL", "Kiểm soát tài liệu và hồ sơ", 24, (DOCUMENT_CONTROLLER,)),
    ("NV-MC", "Nghiệp vụ một cửa, một cửa liên thông", 36, (COMMUNE_OFFICER,)),
    ("KN-GT", "Kỹ năng giao tiếp, ứng xử với người dân", None, (COMMUNE_OFFICER,)),
]

#: A one-page PDF: certificates are scans; this stands for one.
_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def _months_ago(today: datetime.date, months: int) -> datetime.date:
    return today - datetime.timedelta(days=round(months * 30.4))


@transaction.atomic
def load(*, stdout) -> None:
    """Catalogue, role requirements and a few training records (idempotent)."""
    users = {u.username: u for u in get_user_model().objects.all()}
    controller = users["kiemsoat"]
    competences = {}
    for code, name, months, roles in CATALOGUE:
        competence = Competence.objects.filter(code=code).first()
        if competence is None:
            competence = services.competence_save(
                competence=Competence(code=code, name=name, validity_months=months),
                user=controller,
            )
        competences[code] = competence
        for role in roles:
            if not RoleCompetence.objects.filter(
                role=role.key, competence=competence
            ).exists():
                services.role_competence_save(
                    requirement=RoleCompetence(role=role.key, competence=competence),
                    user=controller,
                )
    if TrainingRecord.objects.exists():
        return
    today = timezone.localdate()
    trainings = [
        # username, competence, course, provider, months ago, expires_on, certificate
        (
            "canboxa",
            "NV-MC",
            "Bồi dưỡng nghiệp vụ một cửa cấp xã",
            "Sở Nội vụ tỉnh Nam Định",
            34,
            today + datetime.timedelta(days=45),
            True,
        ),
        (
            "canboxa",
            "ISO-NT",
            "Phổ biến TCVN ISO 9001:2015 cho cán bộ xã",
            "UBND huyện Xuân Trường",
            10,
            None,
            False,
        ),
        (
            "kiemtra",
            "ISO-DGV",
            "Đào tạo đánh giá viên nội bộ TCVN ISO 9001:2015",
            "Trung tâm Năng suất Việt Nam",
            40,
            today - datetime.timedelta(days=120),
            True,
        ),
        (
            "kiemtra",
            "ISO-NT",
            "Phổ biến TCVN ISO 9001:2015",
            "UBND huyện Xuân Trường",
            10,
            None,
            False,
        ),
        (
            "kiemsoat",
            "ISO-DGV",
            "Đào tạo đánh giá viên nội bộ TCVN ISO 9001:2015",
            "Trung tâm Năng suất Việt Nam",
            8,
            None,
            True,
        ),
        (
            "kiemsoat",
            "KS-TL",
            "Kiểm soát tài liệu, hồ sơ theo TCVN ISO 9001:2015",
            "Trung tâm Năng suất Việt Nam",
            8,
            None,
            False,
        ),
        (
            "kiemsoat",
            "ISO-NT",
            "Phổ biến TCVN ISO 9001:2015",
            "UBND huyện Xuân Trường",
            10,
            None,
            False,
        ),
        (
            "pheduyet",
            "ISO-NT",
            "Phổ biến TCVN ISO 9001:2015",
            "UBND huyện Xuân Trường",
            10,
            None,
            False,
        ),
    ]
    count = 0
    for username, code, course, provider, months, expires, with_file in trainings:
        person = users.get(username)
        membership = person.unit_memberships.first() if person else None
        if membership is None:
            continue
        completed = _months_ago(today, months)
        services.training_record_create(
            user=controller,
            person=person,
            unit=membership.unit,
            competence=competences[code],
            course=course,
            provider=provider,
            completed_on=completed,
            hours=24 if with_file else 8,
            certificate=ContentFile(_PDF, name=f"chung-chi-{username}-{code}.pdf")
            if with_file
            else None,
            certificate_number=f"{code}/{completed.year}/{count + 101}"
            if with_file
            else "",
            expires_on=expires,
        )
        count += 1
    stdout.write(f"Hồ sơ đào tạo: {count} bản ghi")
