"""Demo data of the audits app."""


def load(*, stdout) -> None:
    """Nothing yet: inspection and KPI demo data come with those features."""
