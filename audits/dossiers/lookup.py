"""Dossier status lookup and the online survey after a dossier, for citizens.

A citizen types the code on their receipt slip and sees the procedure, the
receiving unit, the received and due dates and the status: nothing personal
(the dossier records hold no applicant anyway, and none is ever read here).
An unknown code and a known one cost the same queries, so response time does
not tell which codes exist. A resolved dossier may be rated once
(``DossierRating``'s unique constraint), and the answer joins the imported
surveys in ``satisfaction_figures``.
"""

import datetime
import re

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audits.dossiers.choices import Outcome
from audits.dossiers.models import Dossier, DossierRating
from procedures.models import ProcedurePage
from qms import page_cache

#: Codes as one-stop software writes them (H15.50.05.13-261008-0975 and the like).
CODE_PATTERN = re.compile(r"^[A-Z0-9][A-Z0-9._\-]{2,63}$")
#: Outcomes of a dossier that got its result: these may be rated.
RESOLVED = (Outcome.EARLY, Outcome.ON_TIME, Outcome.LATE)
_FIELDS = (
    "pk",
    "code",
    "procedure_code",
    "unit__name",
    "received_on",
    "due_on",
    "closed_on",
    "outcome",
    "status",
)


def normalise_dossier_code(text: str) -> str:
    """The code as stored: no spaces, upper case."""
    return "".join(text.split()).upper()


def _procedure_title(code: str) -> str:
    page = (
        ProcedurePage.objects.live()
        .filter(code=code)
        .values_list("title", flat=True)
        .first()
    )
    return page or ""


def dossier_public(code: str) -> dict | None:
    """What the public may read of dossier ``code``, or ``None`` (three queries).

    ``rated`` says whether its survey was answered; ``can_rate`` whether it
    may be now (resolved and not yet rated).
    """
    row = Dossier.objects.filter(code=code).values(*_FIELDS).first()
    # same queries for an unknown code: its answer takes as long
    title = _procedure_title(row["procedure_code"] if row else "")
    rated = DossierRating.objects.filter(dossier_id=row["pk"] if row else 0).exists()
    if row is None:
        return None
    row.update(
        procedure_title=title,
        outcome_label=Outcome(row["outcome"]).label,
        resolved=row["outcome"] in RESOLVED,
        rated=rated,
        can_rate=row["outcome"] in RESOLVED and not rated,
    )
    row.pop("pk")
    return row


@transaction.atomic
def dossier_rate(
    *,
    code: str,
    level: str,
    on_time: bool | None = None,
    comment: str = "",
    today: datetime.date | None = None,
) -> DossierRating:
    """Record the one online answer of a resolved dossier.

    Refused (``ValidationError``) for an unknown or unresolved dossier and
    for a second answer: the unique constraint on the dossier decides,
    also between two answers sent at the same moment.
    """
    dossier = Dossier.objects.filter(code=code).first()
    if dossier is None:
        raise ValidationError(_("Không tìm thấy hồ sơ với mã này."))
    if dossier.outcome not in RESOLVED:
        raise ValidationError(_("Hồ sơ chưa có kết quả: chưa đánh giá được."))
    rating = DossierRating(
        dossier=dossier,
        level=level,
        on_time=on_time,
        comment=comment.strip(),
        answered_on=today or timezone.localdate(),
    )
    rating.full_clean()
    try:
        with transaction.atomic():
            rating.save()
    except IntegrityError:
        raise ValidationError(_("Hồ sơ này đã được đánh giá.")) from None
    page_cache.figures_changed()
    return rating
