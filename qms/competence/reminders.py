"""Mail a person before their certificate expires (run by ``send_reminders``).

``settings.COMPETENCE_REMINDER_DAYS`` (default 60 and 30) says how many days
before the expiry a person is told. Each (certificate, step) is one notice
(``qms.notices``, keyed ``competence:certificate:<id>:<expiry>:<days>``): it is
recorded once, in the person's language, and a second run of the timer, the
same day or the next, mails nobody again. When the timer missed a step (the
server was off), only the nearest step still ahead is sent, not both. A
certificate renewed with a new expiry date starts its steps again.
"""

import datetime

from django.conf import settings
from django.utils.translation import gettext as _

from qms.competence.models import TrainingRecord
from qms.notices.services import (
    Message,
    absolute_url,
    format_day,
    notices_record,
    recipient_for,
)


def reminder_days() -> list[int]:
    """The configured steps, largest first (``[60, 30]``)."""
    return sorted(
        {int(day) for day in getattr(settings, "COMPETENCE_REMINDER_DAYS", [60, 30])},
        reverse=True,
    )


def _step(days_left: int, steps: list[int]) -> int | None:
    """The smallest step the certificate has reached, or ``None``."""
    reached = [step for step in steps if days_left <= step]
    return min(reached) if reached else None


def certificate_expiry_notices(*, today: datetime.date) -> dict[str, int]:
    """Record the expiry reminders due ``today``; addresses mailed now, counted."""
    steps = reminder_days()
    if not steps:
        return {}
    latest = today + datetime.timedelta(days=max(steps))
    sent: dict[str, int] = {}
    for record in (
        TrainingRecord.objects.filter(
            expires_on__gte=today,
            expires_on__lte=latest,
            person__is_active=True,
        )
        .exclude(person__email="")
        .select_related("person", "person__wagtail_userprofile", "competence")
        .order_by("expires_on", "pk")
    ):
        days_left = (record.expires_on - today).days
        step = _step(days_left, steps)
        if step is None:
            continue
        key = (
            f"competence:certificate:{record.pk}:{record.expires_on.isoformat()}:{step}"
        )
        recorded = notices_record(
            key=key,
            recipients=[recipient_for(record.person)],
            build=lambda _recipient, record=record, days_left=days_left: _message(
                record, days_left
            ),
        )
        for notice in recorded:
            sent[notice.email] = sent.get(notice.email, 0) + 1
    return sent


def _message(record: TrainingRecord, days_left: int) -> Message:
    name = record.competence.name if record.competence_id else record.course
    return Message(
        subject=_("Chứng chỉ %(name)s hết hạn sau %(days)s ngày")
        % {"name": name, "days": days_left},
        intro=_(
            "Chứng chỉ của bạn sắp hết hạn. Vui lòng đăng ký đào tạo lại "
            "hoặc gửi chứng chỉ mới cho bộ phận phụ trách."
        ),
        rows=[
            (_("Khóa đào tạo"), record.course),
            (_("Đơn vị đào tạo"), record.provider),
            (_("Số chứng chỉ"), record.certificate_number or "—"),
            (_("Ngày hết hạn"), format_day(record.expires_on)),
        ],
        link_url=absolute_url("qms_competence:person", record.person_id),
        link_label=_("Xem hồ sơ năng lực"),
    )
