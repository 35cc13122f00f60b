"""Validators shared by every app's forms and imports."""

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

#: Records of this system fall in these years; anything else is a typo
#: (2202 for 2022) and year 9999 would overflow date arithmetic downstream.
MIN_YEAR = 1990
MAX_YEAR = 2100


def validate_plausible_date(value: datetime.date) -> None:
    """Refuse dates outside MIN_YEAR..MAX_YEAR with a message saying so."""
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise ValidationError(
            _("Năm phải nằm trong khoảng %(min)d–%(max)d."),
            code="implausible_year",
            params={"min": MIN_YEAR, "max": MAX_YEAR},
        )
