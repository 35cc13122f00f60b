"""Demo inspections: Huyện Xuân Trường's 2022 plan and three completed visits.

Runs after ``qms.organisation.demo.load`` (units, demo users) and goes through the
services, so the history reads like real use. Idempotent: when the 2022 plan exists,
nothing is written. States shown: two nonconformities closed after their actions were
verified effective, an action reported and waiting for verification, and an
action verified not effective, reopened with a new due date and now overdue
(the only overdue one). Two commune officers (canboxa2, canboxa3) are added
for the other inspected communes. The district's 2022 management review
records two decisions, one of them done.
"""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from audits.inspections import services
from audits.inspections.checklist_templates import checklist_templates_ensure
from audits.inspections.choices import AnswerResult, C26Item, InspectionMode, ReformArea
from audits.inspections.models import ChecklistTemplate, InspectionPlan
from qms.documents.models import DocumentRevision
from qms.organisation.choices import UnitLevel
from qms.organisation.demo import DEMO_PASSWORD
from qms.organisation.models import LEGACY_END, AdministrativeUnit, UnitMembership
from qms.organisation.roles import COMMUNE_OFFICER

YEAR = 2022
DISTRICT_CODE = "364"

#: (commune code, decision number, visit day, leader, member,
#:  {item order: (result, note, nonconformity description)})
VISITS = [
    (
        "14089",
        "45/QĐ-UBND",
        datetime.date(2022, 3, 15),
        "kiemtra",
        "kiemtra2",
        {
            2: (AnswerResult.OBSERVATION, "Nên tổ chức phổ biến định kỳ.", ""),
            3: (
                AnswerResult.MAJOR,
                "5/20 hồ sơ hộ tịch kiểm tra không có phiếu kiểm soát quá trình.",
                "Hồ sơ giải quyết TTHC không có phiếu kiểm soát quá trình (mẫu 05) "
                "theo quy trình QT 02/CX-HCTP.",
            ),
            9: (
                AnswerResult.MINOR,
                "Quy trình chứng thực chưa cập nhật Nghị định 23/2015 sửa đổi.",
                "Quy trình chứng thực chưa cập nhật văn bản pháp luật mới quá 3 tháng.",
            ),
        },
    ),
    (
        "14092",
        "46/QĐ-UBND",
        datetime.date(2022, 4, 12),
        "kiemtra2",
        "kiemtra",
        {
            4: (
                AnswerResult.MINOR,
                "Chưa có kế hoạch đánh giá nội bộ năm 2022.",
                "Chưa thực hiện đánh giá nội bộ năm 2021.",
            ),
        },
    ),
    (
        None,  # the third commune of the district, by code
        "47/QĐ-UBND",
        datetime.date(2022, 5, 10),
        "kiemtra",
        "",
        {
            7: (
                AnswerResult.MINOR,
                "Sổ tiếp nhận PAKN không ghi kết quả giải quyết.",
                "Phản ánh, kiến nghị không được theo dõi đến khi giải quyết xong.",
            ),
        },
    ),
]


class _Out:
    def write(self, *_args, **_kwargs) -> None:
        return None


def legacy_unit(code: str, level: str) -> AdministrativeUnit:
    return AdministrativeUnit.objects.get(code=code, level=level, valid_to=LEGACY_END)


@transaction.atomic
def load(*, stdout=None) -> None:
    """The 2022 plan, three completed visits, findings and corrective actions."""
    stdout = stdout or _Out()
    checklist_templates_ensure()
    district = legacy_unit(DISTRICT_CODE, UnitLevel.DISTRICT)
    if InspectionPlan.objects.filter(year=YEAR, issuing_unit=district).exists():
        stdout.write("Kiểm tra mẫu: đã có, không tạo thêm")
        return
    users = {
        u.username: u
        for u in get_user_model().objects.filter(
            username__in=["kiemtra", "kiemtra2", "canboxa"]
        )
    }
    inspector = users["kiemtra"]
    communes = list(
        AdministrativeUnit.objects.filter(
            parent=district, level=UnitLevel.COMMUNE
        ).order_by("code")
    )
    plan = services.plan_create(
        year=YEAR,
        issuing_unit=district,
        user=inspector,
        title="Kế hoạch kiểm tra việc áp dụng HTQLCL năm 2022",
    )
    items = {}
    for index, commune in enumerate(communes):
        # Every other commune on site: well over one third.
        mode = InspectionMode.ON_SITE if index % 2 == 0 else InspectionMode.ON_FILE
        if commune.code in ("14089", "14092"):
            mode = InspectionMode.ON_SITE
        items[commune.code] = services.plan_item_add(
            plan=plan,
            unit=commune,
            mode=mode,
            planned_month=3 + index % 9,
            user=inspector,
        )
    template = ChecklistTemplate.objects.get(code="TT26")
    third = next(c.code for c in communes if c.code not in ("14089", "14092"))
    actions = []
    for code, number, day, leader, member, findings in VISITS:
        code = code or third
        item = items[code]
        team_leader = users[leader]
        inspection = services.inspection_create(
            unit=item.unit,
            decision_number=number,
            decision_date=day - datetime.timedelta(days=14),
            leader=team_leader,
            members=[users[member]] if member else [],
            start_date=day,
            end_date=day,
            reform_areas=[ReformArea.PROCEDURES],
            content_items=list(C26Item.values),
            template=template,
            plan_item=item,
            user=team_leader,
        )
        ncs = []
        for answer in inspection.answers.select_related("item"):
            result, note, nc = findings.get(
                answer.item.order, (AnswerResult.CONFORMS, "", "")
            )
            services.answer_record(
                answer=answer, result=result, notes=note, user=team_leader
            )
            if nc:
                ncs.append(
                    services.nonconformity_raise_from_answer(
                        answer=answer, description=nc, user=team_leader
                    )
                )
        services.inspection_complete(
            inspection=inspection,
            record_date=day + datetime.timedelta(days=1),
            conclusion="Đơn vị cơ bản áp dụng HTQLCL; khắc phục các điểm không "
            "phù hợp và báo cáo trong 02 tháng.",
            unit_representative="Chủ tịch UBND " + item.unit.name,
            user=team_leader,
        )
        for nc in ncs:
            owner = users["canboxa"] if code == "14089" else None
            actions.append(
                services.action_create(
                    nonconformity=nc,
                    action="Rà soát, bổ sung và hướng dẫn áp dụng đúng quy trình.",
                    owner=owner,
                    user=team_leader,
                )
            )
    _follow_up(actions, users)
    stdout.write(
        f"Kiểm tra mẫu: kế hoạch {YEAR} ({len(communes)} đơn vị), 3 cuộc kiểm tra, "
        f"{len(actions)} hành động khắc phục"
    )


def _follow_up(actions, users) -> None:
    """Move the actions into different states (see the module docstring)."""
    officer, verifier = users["canboxa"], users["kiemtra2"]
    major, minor, internal_audit, complaints = actions
    services.action_report(
        action=major,
        report="Đã bổ sung phiếu kiểm soát cho toàn bộ hồ sơ, tập huấn lại bộ phận "
        "một cửa ngày 20/04/2022.",
        root_cause="Công chức mới chưa được hướng dẫn quy trình.",
        user=officer,
    )
    services.action_verify(
        action=major,
        effective=True,
        comment="Kiểm tra xác suất 20 hồ sơ tháng 5/2022: đều có phiếu.",
        verified_on=datetime.date(2022, 5, 25),
        user=verifier,
    )
    # The process the finding was about was revised: cite that revision.
    revision = (
        DocumentRevision.objects.filter(document__code="QT 05/HT")
        .order_by("-issue_number", "-revision_number")
        .first()
    )
    if revision is not None:
        services.action_link_revision(action=major, revision=revision, user=verifier)
    services.action_report(
        action=minor,
        report="Đã trình sửa đổi quy trình chứng thực.",
        root_cause="Chưa phân công theo dõi văn bản pháp luật mới.",
        user=officer,
    )
    # Reported by the inspection team on the commune's behalf, then judged.
    services.action_report(
        action=internal_audit,
        report="Đã ban hành kế hoạch đánh giá nội bộ.",
        user=_reporter(internal_audit, "canboxa2", "Hoa", "Trần Thị"),
    )
    services.action_verify(
        action=internal_audit,
        effective=False,
        comment="Có kế hoạch nhưng chưa thực hiện đánh giá nội bộ.",
        verified_on=datetime.date(2022, 6, 20),
        new_due_date=datetime.date(2022, 9, 30),
        user=users["kiemtra"],
    )
    services.action_report(
        action=complaints,
        report="Đã mở sổ theo dõi PAKN có cột kết quả, kiểm tra hằng tháng.",
        root_cause="Mẫu sổ cũ không có cột kết quả giải quyết.",
        user=_reporter(complaints, "canboxa3", "Nam", "Phạm Văn"),
    )
    services.action_verify(
        action=complaints,
        effective=True,
        comment="Sổ PAKN quý III/2022 ghi đủ kết quả.",
        verified_on=datetime.date(2022, 10, 5),
        user=verifier,
    )


def _reporter(action, username: str, first: str, last: str):
    """A commune officer of the owner unit, made for the demo if needed."""
    user, created = get_user_model().objects.get_or_create(
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
    user.groups.add(Group.objects.get(name=COMMUNE_OFFICER.group_name))
    UnitMembership.objects.get_or_create(
        user=user,
        unit=action.owner_unit,
        defaults={"position": "Công chức Văn phòng - Thống kê"},
    )
    return user
