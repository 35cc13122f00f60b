"""Existing nonconformities all come from a visit: their unit is the inspected unit."""

from django.db import migrations
from django.db.models import OuterRef, Subquery


def fill_unit(apps, schema_editor):
    Nonconformity = apps.get_model("audits", "Nonconformity")
    Inspection = apps.get_model("audits", "Inspection")
    inspected = Inspection.objects.filter(pk=OuterRef("inspection_id")).values("unit_id")
    # A data migration of a new column: no business change, so no history rows.
    Nonconformity.objects.filter(unit__isnull=True).update(unit_id=Subquery(inspected))
    Historical = apps.get_model("audits", "HistoricalNonconformity")
    Historical.objects.filter(unit__isnull=True, inspection__isnull=False).update(
        unit_id=Subquery(inspected)
    )


class Migration(migrations.Migration):
    dependencies = [("audits", "0013_nonconformity_source")]

    operations = [migrations.RunPython(fill_unit, migrations.RunPython.noop)]
