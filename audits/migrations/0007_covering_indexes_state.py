"""Keep the covering indexes of 0005 in the database, declare them plainly.

Django's system check warns on every command under SQLite (models.W040) when a
model declares INCLUDE columns. The model now declares the key columns only;
this migration changes the migration state to match and leaves the database
alone, so PostgreSQL keeps the INCLUDE columns that 0005 created.
"""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("audits", "0006_private_evidence"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveIndex(
                    model_name="dossier", name="dossier_unit_received_cov"
                ),
                migrations.RemoveIndex(
                    model_name="dossier", name="dossier_unit_closed_cov"
                ),
                migrations.AddIndex(
                    model_name="dossier",
                    index=models.Index(
                        fields=["unit", "received_on"],
                        name="dossier_unit_received_cov",
                    ),
                ),
                migrations.AddIndex(
                    model_name="dossier",
                    index=models.Index(
                        fields=["unit", "closed_on"], name="dossier_unit_closed_cov"
                    ),
                ),
            ],
            database_operations=[],
        )
    ]
