"""Today's units for yesterday's: the successor graph behind the 2025 regroup.

Since 1 July 2025 districts are abolished and communes merged (DOMAIN.md);
dossiers stay attached to the unit that received them, and
``audits.dossiers.kpi.form06_report(regroup_current=True)`` sums their rows
onto today's units through these two functions.
"""

from collections import defaultdict

from qms.organisation.models import AdministrativeUnit


def current_unit_map(unit_ids: set[int]) -> dict[int, int]:
    """Unit id → the unit of today's structure that carries on its figures.

    Successors are followed until a unit without an end date. A unit with
    several successors (a legacy district split across new communes) maps to
    the lowest current unit above all of them (the new province), since its
    dossiers cannot be split. Units still in force map to themselves, except
    those under an abolished unit, which follow it.
    """
    units = {
        u.pk: u for u in AdministrativeUnit.objects.only("pk", "parent_id", "valid_to")
    }
    successors: dict[int, set[int]] = defaultdict(set)
    through = AdministrativeUnit.successors.through
    for source, target in through.objects.values_list(
        "from_administrativeunit_id", "to_administrativeunit_id"
    ):
        successors[source].add(target)

    def ancestors(pk: int) -> list[int]:
        chain = []
        while pk is not None:
            chain.append(pk)
            pk = units[pk].parent_id
        return chain

    def current_of(pk: int, seen: frozenset = frozenset()) -> int:
        unit = units[pk]
        if pk in seen:
            return pk
        if unit.valid_to is None:
            # An agency still in force under an abolished unit (a district's
            # one-stop desk) follows its parent.
            parent = units.get(unit.parent_id)
            if parent is not None and parent.valid_to is not None:
                return current_of(parent.pk, seen | {pk})
            return pk
        if not successors.get(pk):
            return pk
        targets = {current_of(t, seen | {pk}) for t in successors[pk]}
        if len(targets) == 1:
            return targets.pop()
        chains = [ancestors(t) for t in targets]
        common = [a for a in chains[0] if all(a in chain for chain in chains[1:])]
        return common[0] if common else pk

    return {pk: current_of(pk) for pk in unit_ids}


def with_predecessors(scope: set[int]) -> set[int]:
    """``scope`` plus every earlier unit (and its units below) that led to it."""
    through = AdministrativeUnit.successors.through
    found = set(scope)
    frontier = set(scope)
    while frontier:
        earlier = (
            set(
                through.objects.filter(
                    to_administrativeunit_id__in=frontier
                ).values_list("from_administrativeunit_id", flat=True)
            )
            - found
        )
        below: set[int] = set()
        for unit in AdministrativeUnit.objects.filter(pk__in=earlier):
            below |= unit.descendant_ids()
        frontier = (earlier | below) - found
        found |= frontier
    return found
