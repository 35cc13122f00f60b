"""The named seam: what the inspection package may read of the risk register.

``audits.inspections`` sits below ``audits.planning`` (import-linter contract
in pyproject.toml) except through this module: the annual plan's risk
suggestions (``audits.inspections.selectors.unit_risks``) read each candidate
unit's high open risks here.
"""

from collections.abc import Iterable

from audits.planning.selectors import high_open_risks


def high_risk_reasons(*, unit_ids: Iterable[int]) -> dict[int, list[tuple[str, int]]]:
    """(title, score) of each open risk scoring 10 or more, per unit id."""
    return {
        pk: [(f"{risk.process}: {risk.title}", risk.score) for risk in risks]
        for pk, risks in high_open_risks(unit_ids=unit_ids).items()
    }
