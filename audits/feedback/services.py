"""Writes of citizen feedback: filing it from the public form, answering it.

The due date is fixed when the feedback is received: the
``QMS_FEEDBACK_WORKING_DAYS``-th working day after the day of receipt
(``qms.calendar``), so a later change of the calendar or the setting does not
move a promise already made to the citizen.
"""

import datetime
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audits.feedback.choices import FeedbackStatus, Verdict
from audits.feedback.models import Feedback
from audits.inspections.choices import Grade, NonconformityStatus
from audits.inspections.models import Nonconformity
from audits.inspections.services import nonconformity_raise
from qms import page_cache
from qms.calendar import add_working_days
from qms.history import save_with_history
from qms.organisation.models import AdministrativeUnit
from qms.organisation.scoping import in_scope
from qms.permissions import require_perm

#: Letters and digits that cannot be misread for one another (no 0/O, 1/I/L, U).
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
#: 30**6 ≈ 729 million codes a month: guessing one is hopeless at the lookup's
#: rate limit, and six characters are easy to read out over the phone.
CODE_LENGTH = 6


def feedback_code(moment: datetime.datetime) -> str:
    """A fresh tracking code such as ``PAKN-2612-7F3K9Q`` (year, month, random)."""
    local = timezone.localtime(moment)
    tail = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return f"PAKN-{local:%y%m}-{tail}"


def normalise_code(text: str) -> str:
    """What a citizen typed, as stored: upper case, no spaces."""
    return "".join(text.split()).upper()


def feedback_due_on(received_on: datetime.date) -> datetime.date:
    """The last day to answer feedback received on ``received_on``."""
    return add_working_days(received_on, settings.QMS_FEEDBACK_WORKING_DAYS)


def feedback_submit(
    *,
    kind: str,
    unit: AdministrativeUnit,
    procedure=None,
    subject: str,
    content: str,
    name: str,
    phone: str = "",
    email: str = "",
    consent_publish: bool = False,
    now: datetime.datetime | None = None,
) -> Feedback:
    """File feedback from the public form; returns it with its tracking code."""
    now = now or timezone.now()
    received_on = timezone.localtime(now).date()
    for _attempt in range(5):
        feedback = Feedback(
            code=feedback_code(now),
            kind=kind,
            unit=unit,
            procedure=procedure,
            subject=subject.strip(),
            content=content.strip(),
            name=name.strip(),
            phone=phone.strip(),
            email=email.strip(),
            consent_publish=consent_publish,
            received_at=now,
            received_on=received_on,
            due_on=feedback_due_on(received_on),
        )
        try:
            with transaction.atomic():
                save_with_history(
                    feedback, user=None, reason=_("Tiếp nhận phản ánh, kiến nghị")
                )
        except IntegrityError:  # the same random code drawn twice: draw again
            continue
        page_cache.figures_changed()
        return feedback
    raise RuntimeError("no free feedback code")


@transaction.atomic
def feedback_answer(
    *,
    feedback: Feedback,
    answer: str,
    verdict: str,
    user,
    today: datetime.date | None = None,
) -> Feedback:
    """Record the unit's answer and its verdict (justified or not).

    The answer is published on the public site only if the submitter agreed.
    Answering again corrects the answer; the history keeps both.
    """
    require_perm(user, "audits.change_feedback")
    if not in_scope(feedback, user):
        raise ValidationError(_("Phản ánh này không thuộc đơn vị của bạn."))
    if not answer.strip():
        raise ValidationError({"answer": _("Nhập nội dung trả lời.")})
    if verdict not in Verdict.values:
        raise ValidationError({"verdict": _("Chọn phản ánh có cơ sở hay không.")})
    corrected = feedback.status == FeedbackStatus.ANSWERED
    feedback.answer = answer.strip()
    feedback.verdict = verdict
    feedback.status = FeedbackStatus.ANSWERED
    if not corrected:
        feedback.answered_on = today or timezone.localdate()
    feedback.answered_by = user
    save_with_history(
        feedback,
        user=user,
        reason=_("Sửa câu trả lời phản ánh") if corrected else _("Trả lời phản ánh"),
    )
    page_cache.figures_changed()
    return feedback


def nonconformity_ground(feedback: Feedback, today: datetime.date) -> str:
    """Why ``feedback`` may raise a nonconformity, or ``""`` when it may not.

    The same three grounds as ``selectors.feedback_nonconformity_candidates``:
    judged justified, answered after its due date, or unanswered past it.
    """
    if feedback.verdict == Verdict.JUSTIFIED:
        return _("phản ánh được xác định là có cơ sở")
    if feedback.status == FeedbackStatus.ANSWERED:
        if feedback.answered_on and feedback.answered_on > feedback.due_on:
            return _("trả lời quá hạn")
        return ""
    if today > feedback.due_on:
        return _("chưa trả lời khi đã quá hạn")
    return ""


@transaction.atomic
def feedback_raise_nonconformity(
    *,
    feedback: Feedback,
    user,
    grade: str = Grade.MINOR,
    today: datetime.date | None = None,
) -> Nonconformity:
    """Raise a nonconformity (ISO 10.2) of the feedback's unit from a complaint.

    Allowed for justified feedback (the service failed the citizen: ISO 8.7)
    and for feedback answered late or still unanswered past its legal time
    limit (the complaint itself was mishandled: ISO 8.2.1 c). Refused for any
    other feedback and while a nonconformity raised from it is still open.
    """
    today = today or timezone.localdate()
    ground = nonconformity_ground(feedback, today)
    if not ground:
        raise ValidationError(
            _(
                "Chỉ lập điểm không phù hợp từ phản ánh có cơ sở, trả lời quá hạn "
                "hoặc quá hạn chưa trả lời."
            )
        )
    if Nonconformity.objects.filter(
        source_type__app_label="audits",
        source_type__model="feedback",
        source_id=feedback.pk,
        status=NonconformityStatus.OPEN,
    ).exists():
        raise ValidationError(_("Phản ánh này đã có điểm không phù hợp đang mở."))
    justified = feedback.verdict == Verdict.JUSTIFIED
    evidence = _(
        "Phản ánh %(code)s tiếp nhận ngày %(received)s, hạn trả lời %(due)s "
        "(%(days)s ngày làm việc theo %(basis)s): %(ground)s."
    ) % {
        "code": feedback.code,
        "received": feedback.received_on.strftime("%d/%m/%Y"),
        "due": feedback.due_on.strftime("%d/%m/%Y"),
        "days": settings.QMS_FEEDBACK_WORKING_DAYS,
        "basis": settings.QMS_FEEDBACK_LEGAL_BASIS,
        "ground": ground,
    }
    if feedback.answered_on:
        evidence += " " + _("Đã trả lời ngày %s.") % feedback.answered_on.strftime(
            "%d/%m/%Y"
        )
    return nonconformity_raise(
        unit=feedback.unit,
        source=feedback,
        grade=grade,
        description=_("Phản ánh của người dân: %(subject)s (%(ground)s)")
        % {"subject": feedback.subject, "ground": ground},
        evidence=evidence,
        user=user,
        reason=_("Lập điểm không phù hợp từ phản ánh, kiến nghị"),
        iso_clause="8.7" if justified else "8.2.1",
        source_label=_("Phản ánh, kiến nghị %s") % feedback.code,
    )
