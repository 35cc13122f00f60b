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
