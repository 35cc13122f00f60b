"""The runtime's roll-up statements are the ones migration 0008 created.

Runtime code never imports a migration (``audits/dossiers/rollups.py`` holds its
own copy); this test is what ties the two copies together, on every database.
"""

import importlib
import re

from audits.dossiers import rollups

MIGRATION = importlib.import_module("audits.migrations.0008_dossier_rollups")


def test_backfill_and_constants_match_the_migration():
    assert rollups.BACKFILL == MIGRATION.BACKFILL
    assert rollups.OPEN == MIGRATION.OPEN
    assert rollups.LATE_OR_OPEN == MIGRATION.LATE_OR_OPEN


def test_the_paused_triggers_are_every_row_trigger_the_migration_creates():
    created = re.findall(r"CREATE TRIGGER (\w+) AFTER (\w+)", MIGRATION.FUNCTIONS)
    row_triggers = [name for name, event in created if event != "TRUNCATE"]
    assert row_triggers == rollups.ROLLUP_TRIGGERS


def test_each_check_query_fills_its_table_as_the_backfill_does():
    for table, query in rollups.EXPECTED.items():
        insert = re.search(
            rf"INSERT INTO {table}\s+(SELECT .*?);", MIGRATION.BACKFILL, re.DOTALL
        )
        assert insert, table
        assert " ".join(insert.group(1).split()) == " ".join(query.split())
