"""A place moved to another municipality recomputes the search documents of its assignments
(they name the municipality). 0013's trigger on places fired only when the name changed."""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from assignments import search_pg

    locality = apps.get_model("municipalities", "Locality")._meta.db_table
    which = search_pg._literal("locality_id = $1")
    schema_editor.execute(f"DROP TRIGGER IF EXISTS {locality}_search_name ON {locality}", params=None)
    schema_editor.execute(
        f"CREATE TRIGGER {locality}_search_name AFTER UPDATE OF name, municipality_id ON {locality} FOR EACH ROW"
        " WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.municipality_id IS DISTINCT FROM NEW.municipality_id)"
        f" EXECUTE FUNCTION uppdrag_search_touch_named({which})",
        params=None,
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from assignments import search_pg

    locality = apps.get_model("municipalities", "Locality")._meta.db_table
    which = search_pg._literal("locality_id = $1")
    schema_editor.execute(f"DROP TRIGGER IF EXISTS {locality}_search_name ON {locality}", params=None)
    schema_editor.execute(
        f"CREATE TRIGGER {locality}_search_name AFTER UPDATE OF name ON {locality} FOR EACH ROW"
        " WHEN (OLD.name IS DISTINCT FROM NEW.name)"
        f" EXECUTE FUNCTION uppdrag_search_touch_named({which})",
        params=None,
    )


class Migration(migrations.Migration):
    dependencies = [("assignments", "0016_search_compound_words"), ("municipalities", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
