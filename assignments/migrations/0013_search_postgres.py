from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("assignments", "0012_claim_confirmed_by_assignment_index")]

    operations = []
