"""An index for the municipal statistics: a municipality's confirmed claims, read from the index alone.

Every claim figure of the dashboard (hours, pay, residents engaged, the breakdowns, the situation
tables, the monthly series) reads the confirmed claims of the municipality's assignments, one
assignment at a time. Partial (only confirmed claims, about a tenth of the table) and covering
(resident and hours included), it lets PostgreSQL answer those probes with index-only scans.
On the benchmark data EXPLAIN shows the per-assignment probe go from an index scan of
`claim_one_live_per_resident` with a heap visit and a filter (about 3 µs per assignment) to an
index-only scan with the period in the index condition (about 1 µs).

PostgreSQL only (INCLUDE); SQLite, used for development and tests, does without. Created by SQL
rather than in `Claim.Meta.indexes` because a partial covering index with INCLUDE columns is the
point; if it moves to the model one day, this migration's SQL becomes its AddIndex.
"""

from django.db import migrations

INDEX = "claim_confirmed_by_assignment"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON assignments_claim (assignment_id, decided_at) "
            "INCLUDE (resident_id, hours_confirmed) WHERE status = 'confirmed'"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("assignments", "0011_claim_assignment_created_index"),
    ]

    operations = [migrations.RunPython(create_index, drop_index)]
