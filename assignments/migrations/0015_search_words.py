"""The words of assignment titles, for "Menade du …?" on PostgreSQL (assignments.SearchWord).

A trigger adds the normalised words (3–40 characters, no digits: numbers are not misspelt words)
of a title whenever one is written; the
existing titles are read in once here. Nothing happens on SQLite, whose suggestions read the
words from the tables directly (assignments.search_sqlite.vocabulary).
"""

from django.db import migrations, models

WORD_PATTERN = r"\w+(?:-\w+)*"  # assignments.textnorm.WORD


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    assignment = apps.get_model("assignments", "Assignment")._meta.db_table
    words = apps.get_model("assignments", "SearchWord")._meta.db_table

    def run(sql: str) -> None:
        schema_editor.execute(sql, params=None)

    words_of = (
        f"SELECT DISTINCT m[1] FROM regexp_matches(uppdrag_normalise({{title}}), '{WORD_PATTERN}', 'g') AS m"
        " WHERE length(m[1]) BETWEEN 3 AND 40 AND m[1] !~ '[0-9]'"
    )
    run(f"CREATE INDEX IF NOT EXISTS search_word_trgm ON {words} USING gin (word gin_trgm_ops)")
    run(
        f"""CREATE OR REPLACE FUNCTION uppdrag_search_words() RETURNS trigger LANGUAGE plpgsql AS $fn$
        BEGIN
            INSERT INTO {words} (word) {words_of.format(title="NEW.title")} ON CONFLICT DO NOTHING;
            RETURN NULL;
        END
        $fn$"""
    )
    run(
        f"CREATE TRIGGER assignment_search_words AFTER INSERT OR UPDATE OF title ON {assignment}"
        " FOR EACH ROW EXECUTE FUNCTION uppdrag_search_words()"
    )
    run(
        f"INSERT INTO {words} (word) SELECT DISTINCT w.word FROM {assignment} a CROSS JOIN LATERAL"
        f" ({words_of.format(title='a.title')}) AS w(word) ON CONFLICT DO NOTHING"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    assignment = apps.get_model("assignments", "Assignment")._meta.db_table
    schema_editor.execute(f"DROP TRIGGER IF EXISTS assignment_search_words ON {assignment}", params=None)
    schema_editor.execute("DROP FUNCTION IF EXISTS uppdrag_search_words()", params=None)


class Migration(migrations.Migration):
    dependencies = [("assignments", "0014_search_sqlite")]

    operations = [
        migrations.CreateModel(
            name="SearchWord",
            fields=[("word", models.CharField(max_length=40, primary_key=True, serialize=False))],
            options={"verbose_name": "sökord", "verbose_name_plural": "sökord", "db_table": "assignments_search_word"},
        ),
        migrations.RunPython(forwards, backwards, elidable=False),
    ]
