"""Record the automatic milestones ("first assignment", "three assignments") of residents whose
claims were confirmed before milestones existed, as pathways.services.record_automatic_milestones
does for every claim confirmed from now on."""

from zoneinfo import ZoneInfo

from django.db import migrations

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def forwards(apps, schema_editor):
    Claim = apps.get_model("assignments", "Claim")
    Milestone = apps.get_model("pathways", "Milestone")
    per_resident: dict[int, list] = {}
    for claim_id, resident_id, decided_at in (
        Claim.objects.filter(status="confirmed", decided_at__isnull=False)
        .order_by("resident_id", "decided_at", "pk")
        .values_list("pk", "resident_id", "decided_at")
        .iterator()
    ):
        rows = per_resident.setdefault(resident_id, [])
        if len(rows) < 3:
            rows.append((claim_id, decided_at))
    milestones = []
    for resident_id, rows in per_resident.items():
        for kind, position in (("first_assignment", 1), ("three_assignments", 3)):
            if len(rows) >= position:
                claim_id, decided_at = rows[position - 1]
                milestones.append(
                    Milestone(
                        resident_id=resident_id,
                        kind=kind,
                        happened_on=decided_at.astimezone(STOCKHOLM).date(),
                        automatic=True,
                        claim_id=claim_id,
                        recorded_at=decided_at,
                    )
                )
    Milestone.objects.bulk_create(milestones, batch_size=1000, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [("pathways", "0001_initial"), ("assignments", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
