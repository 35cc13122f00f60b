"""Reads of signing: whose certificates a user may sign with, the trail."""

from django.db.models import Q, QuerySet

from qms.organisation.scoping import scope_queryset
from qms.signing.models import SignedRecord, SigningCredential


def credentials_for(user) -> QuerySet[SigningCredential]:
    """Active certificates ``user`` may sign with: their own and their units'.

    A unit's certificate serves the members of that unit only (not of the
    units above or below it): whoever holds the office's seal certificate
    is a member of the office.
    """
    if not user or not user.is_authenticated or not user.is_active:
        return SigningCredential.objects.none()
    unit_ids = user.unit_memberships.values("unit_id")
    return (
        SigningCredential.objects.filter(active=True)
        .filter(Q(user=user) | Q(unit_id__in=unit_ids))
        .select_related("user", "unit")
        .order_by("label", "pk")
    )


def signed_records_for(user) -> QuerySet[SignedRecord]:
    """The signed-record trail within ``user``'s commune scope, newest first.

    A record without a unit (a Form 06 report over every unit) is seen by
    those who see every unit.
    """
    return scope_queryset(
        SignedRecord.objects.select_related("signed_by", "credential", "unit"), user
    )


def signed_records_of(user, *, kind: str, object_ref: str) -> QuerySet[SignedRecord]:
    """The signatures of one record (shown on its screen), newest first."""
    return signed_records_for(user).filter(kind=kind, object_ref=object_ref)
