from django.db import migrations


def load(apps, schema_editor):
    from municipalities.reference_data import load_municipalities

    load_municipalities(
        apps.get_model("municipalities", "County"),
        apps.get_model("municipalities", "Municipality"),
        apps.get_model("municipalities", "Locality"),
    )


class Migration(migrations.Migration):
    dependencies = [("municipalities", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop, elidable=True)]
