"""SQLite only: the FTS5 search table (assignments.search_sqlite). Nothing on PostgreSQL.

The triggers that keep it, and its rows, are made after every `migrate` by the post_migrate
receiver assignments.search_sqlite.install_triggers (see drop_triggers for why not here).
"""

from django.db import migrations


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        from assignments import search_sqlite

        search_sqlite.create_table(schema_editor.connection)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        from assignments import search_sqlite

        search_sqlite.drop_table(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("assignments", "0013_search_postgres")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
