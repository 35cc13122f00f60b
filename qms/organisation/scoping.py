"""Commune scope: which units' data a user may read.

Everything scoped to a commune goes through ``scope_queryset``, wherever data is
read: admin listings and detail views, public exports, the API. Users holding
``qms.view_all_units`` (every role but the commune officer) see everything; a
commune officer sees the units they belong to and every unit below them.
"""

from django.db.models import Model, QuerySet

VIEW_ALL_UNITS = "qms.view_all_units"


def sees_all_units(user) -> bool:
    """True when ``user`` is not limited to their own units."""
    return bool(user and user.is_active and user.has_perm(VIEW_ALL_UNITS))


def unit_ids_for(user) -> set[int] | None:
    """Ids of the units ``user`` may see, or ``None`` for all of them.

    Cached on the user object for the request.
    """
    if sees_all_units(user):
        return None
    if not user or not user.is_authenticated:
        return set()
    cached = getattr(user, "_qms_unit_ids", None)
    if cached is not None:
        return cached
    ids: set[int] = set()
    for membership in user.unit_memberships.select_related("unit"):
        ids |= membership.unit.descendant_ids()
    user._qms_unit_ids = ids
    return ids


def scope_queryset(queryset: QuerySet, user) -> QuerySet:
    """Limit ``queryset`` to what ``user`` may see.

    The model names the path to its unit in ``scope_unit_field`` (``"pk"`` for
    units themselves, ``"unit"`` or ``"visit__unit"`` for records).
    """
    ids = unit_ids_for(user)
    if ids is None:
        return queryset
    field = queryset.model.scope_unit_field
    lookup = "pk__in" if field == "pk" else f"{field}__in"
    return queryset.filter(**{lookup: ids})


def in_scope(instance: Model, user) -> bool:
    """True when ``user`` may see ``instance`` (no query for all-units users)."""
    if unit_ids_for(user) is None:
        return True
    return scope_queryset(
        type(instance)._default_manager.filter(pk=instance.pk), user
    ).exists()
