"""Typed words also find the title words that hold them inside ("gym" finds "utegym"): the
dictionary keeps some compounds whole. uppdrag_tsquery reads assignments.SearchWord for that
(assignments.search_pg.tsquery_function_sql); PostgreSQL only."""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from assignments import search_pg

    schema_editor.execute(search_pg.tsquery_function_sql(with_vocabulary=True), params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from assignments import search_pg

    schema_editor.execute(search_pg.tsquery_function_sql(with_vocabulary=False), params=None)


class Migration(migrations.Migration):
    dependencies = [("assignments", "0015_search_words")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
