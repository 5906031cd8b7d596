from django.db import migrations


def load(apps, schema_editor):
    from municipalities.reference_data import load_taxonomy

    load_taxonomy(apps.get_model("assignments", "Skill"), apps.get_model("assignments", "Category"))


class Migration(migrations.Migration):
    dependencies = [("assignments", "0003_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop, elidable=True)]
