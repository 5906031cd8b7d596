"""Swedish search on PostgreSQL: the database keeps the search document (see assignments.search_pg).

PostgreSQL only; on SQLite this does nothing (0014 builds SQLite's index). It makes:
- the pg_trgm extension (ships with PostgreSQL; trusted, so the database owner may create it);
- `uppdrag_normalise(text)` and `uppdrag_tsquery(text)`, generated from assignments.textnorm;
- the text search configuration `uppdrag_sv`, with the Swedish hunspell dictionary when its files
  are in PostgreSQL's tsearch_data (scripts/search_dictionary.sh), else a copy of `swedish`;
- `uppdrag_assignment_document(...)` and the triggers that keep `search_vector` right;
- every assignment's document, computed anew;
- trigram indexes for "Menade du …?" on normalised skill names, locality names and open titles.
"""

from django.db import migrations

from assignments import search_pg, textnorm


def _tables(apps) -> dict[str, str]:
    Assignment = apps.get_model("assignments", "Assignment")
    return {
        "assignment": Assignment._meta.db_table,
        "skill_link": Assignment.skills.through._meta.db_table,
        "skill": apps.get_model("assignments", "Skill")._meta.db_table,
        "own": apps.get_model("assignments", "AssignmentOwnSkill")._meta.db_table,
        "category": apps.get_model("assignments", "Category")._meta.db_table,
        "locality": apps.get_model("municipalities", "Locality")._meta.db_table,
        "municipality": apps.get_model("municipalities", "Municipality")._meta.db_table,
        "association": apps.get_model("associations", "Association")._meta.db_table,
    }


# Tables whose rows say which assignments they belong to (column assignment_id).
LINK_TABLES = ("skill_link", "own")
# (table, name column, which assignments show that name, with $1 = the renamed row's id).
NAMED = (
    ("skill", "label_sv", "id IN (SELECT assignment_id FROM {skill_link} WHERE skill_id = $1)"),
    ("category", "name_sv", "category_id = $1"),
    ("locality", "name", "locality_id = $1"),
    ("municipality", "name", "locality_id IN (SELECT id FROM {locality} WHERE municipality_id = $1)"),
    ("association", "name", "association_id = $1"),
)


def document_function_sql(t: dict[str, str]) -> str:
    cap = textnorm.INDEX_CAP
    config = search_pg.CONFIG

    def part(sql: str, weight: str) -> str:
        return f"setweight(to_tsvector('{config}', left(uppdrag_normalise({sql}), {cap})), '{weight}')"

    parts = [
        part("p_title", "A"),
        part(
            f"(SELECT string_agg(s.label_sv, ' ' ORDER BY s.id) FROM {t['skill_link']} l"
            f" JOIN {t['skill']} s ON s.id = l.skill_id WHERE l.assignment_id = p_id)",
            "A",
        ),
        part(f"(SELECT string_agg(o.name, ' ' ORDER BY o.id) FROM {t['own']} o WHERE o.assignment_id = p_id)", "A"),
        part(f"(SELECT c.name_sv FROM {t['category']} c WHERE c.id = p_category)", "B"),
        part(f"(SELECT l.name FROM {t['locality']} l WHERE l.id = p_locality)", "B"),
        part(
            f"(SELECT m.name FROM {t['locality']} l JOIN {t['municipality']} m ON m.id = l.municipality_id"
            " WHERE l.id = p_locality)",
            "B",
        ),
        part(f"(SELECT f.name FROM {t['association']} f WHERE f.id = p_association)", "B"),
        part("p_description", "C"),
    ]
    body = "\n            || ".join(parts)
    return f"""
        CREATE OR REPLACE FUNCTION uppdrag_assignment_document(
            p_id bigint, p_title text, p_description text, p_category bigint, p_locality bigint,
            p_association bigint
        ) RETURNS tsvector LANGUAGE sql STABLE AS $fn$
            SELECT {body}
        $fn$"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    t = _tables(apps)

    def run(sql: str) -> None:
        # No parameters: the SQL holds % signs of its own (format() in a trigger function).
        schema_editor.execute(sql, params=None)

    run("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    run(search_pg.normalise_function_sql())
    search_pg.configure(schema_editor)
    run(search_pg.tsquery_function_sql(with_vocabulary=False))
    run(document_function_sql(t))

    # The assignment's own row: computed before it is written, when a searched column changes.
    # Writing search_vector itself (any value) recomputes it: that is how the triggers below and
    # search_pg.refresh ask for a new document.
    run(
        """CREATE OR REPLACE FUNCTION uppdrag_assignment_search() RETURNS trigger LANGUAGE plpgsql AS $fn$
        BEGIN
            NEW.search_vector := uppdrag_assignment_document(
                NEW.id, NEW.title, NEW.description, NEW.category_id, NEW.locality_id, NEW.association_id);
            RETURN NEW;
        END $fn$"""
    )
    run(f"DROP TRIGGER IF EXISTS assignment_search_document ON {t['assignment']}")
    run(
        "CREATE TRIGGER assignment_search_document BEFORE INSERT OR UPDATE OF title, description, category_id,"
        f" locality_id, association_id, search_vector ON {t['assignment']}"
        " FOR EACH ROW EXECUTE FUNCTION uppdrag_assignment_search()"
    )

    # Skills and own words: once per statement, so skills.set() recomputes each assignment once.
    touch = f"UPDATE {t['assignment']} SET search_vector = NULL WHERE id IN"
    for name, rows in (
        ("new", "SELECT assignment_id FROM new_rows"),
        ("old", "SELECT assignment_id FROM old_rows"),
        ("both", "SELECT assignment_id FROM new_rows UNION SELECT assignment_id FROM old_rows"),
    ):
        run(
            f"""CREATE OR REPLACE FUNCTION uppdrag_search_touch_{name}() RETURNS trigger LANGUAGE plpgsql AS $fn$
            BEGIN
                {touch} ({rows});
                RETURN NULL;
            END $fn$"""
        )
    for key in LINK_TABLES:
        table = t[key]
        for event, referencing, function in (
            ("INSERT", "NEW TABLE AS new_rows", "new"),
            ("UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows", "both"),
            ("DELETE", "OLD TABLE AS old_rows", "old"),
        ):
            trigger = f"{table}_search_{event.lower()}"
            run(f"DROP TRIGGER IF EXISTS {trigger} ON {table}")
            run(
                f"CREATE TRIGGER {trigger} AFTER {event} ON {table} REFERENCING {referencing}"
                f" FOR EACH STATEMENT EXECUTE FUNCTION uppdrag_search_touch_{function}()"
            )

    # Names an assignment's document shows: a rename recomputes the assignments that show it.
    run(
        f"""CREATE OR REPLACE FUNCTION uppdrag_search_touch_named() RETURNS trigger LANGUAGE plpgsql AS $fn$
        BEGIN
            EXECUTE format('UPDATE {t["assignment"]} SET search_vector = NULL WHERE %s', TG_ARGV[0]) USING NEW.id;
            RETURN NULL;
        END $fn$"""
    )
    for key, column, which in NAMED:
        table = t[key]
        trigger = f"{table}_search_name"
        run(f"DROP TRIGGER IF EXISTS {trigger} ON {table}")
        run(
            f"CREATE TRIGGER {trigger} AFTER UPDATE OF {column} ON {table} FOR EACH ROW"
            f" WHEN (OLD.{column} IS DISTINCT FROM NEW.{column})"
            f" EXECUTE FUNCTION uppdrag_search_touch_named({search_pg._literal(which.format(**t))})"
        )

    # Every existing document by the new rules (the trigger computes it).
    run(f"UPDATE {t['assignment']} SET search_vector = NULL")
    # The full-text index of 0005 (open assignments only), in case it was dropped by hand.
    run(
        f"CREATE INDEX IF NOT EXISTS assignment_search_open_gin ON {t['assignment']}"
        " USING gin (search_vector) WHERE status = 'published'"
    )
    for name, table, expression, where in (
        ("skill_label_trgm", t["skill"], "uppdrag_normalise(label_sv)", ""),
        ("locality_name_trgm", t["locality"], "uppdrag_normalise(name)", ""),
        ("assignment_title_open_trgm", t["assignment"], "uppdrag_normalise(title)", " WHERE status = 'published'"),
    ):
        run(f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ({expression} gin_trgm_ops){where}")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    t = _tables(apps)

    def run(sql: str) -> None:
        # No parameters: the SQL holds % signs of its own (format() in a trigger function).
        schema_editor.execute(sql, params=None)

    for name in ("skill_label_trgm", "locality_name_trgm", "assignment_title_open_trgm"):
        run(f"DROP INDEX IF EXISTS {name}")
    for key, _column, _which in NAMED:
        run(f"DROP TRIGGER IF EXISTS {t[key]}_search_name ON {t[key]}")
    for key in LINK_TABLES:
        for event in ("insert", "update", "delete"):
            run(f"DROP TRIGGER IF EXISTS {t[key]}_search_{event} ON {t[key]}")
    run(f"DROP TRIGGER IF EXISTS assignment_search_document ON {t['assignment']}")
    for function in (
        "uppdrag_search_touch_named()",
        "uppdrag_search_touch_new()",
        "uppdrag_search_touch_old()",
        "uppdrag_search_touch_both()",
        "uppdrag_assignment_search()",
        "uppdrag_assignment_document(bigint, text, text, bigint, bigint, bigint)",
        "uppdrag_tsquery(text)",
        "uppdrag_normalise(text)",
    ):
        run(f"DROP FUNCTION IF EXISTS {function}")
    run(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {search_pg.CONFIG}")
    run(f"DROP TEXT SEARCH DICTIONARY IF EXISTS {search_pg.DICTIONARY}")
    # The search vectors go back to what 0005's services wrote: the Swedish stemmer on title and text.
    run(
        f"UPDATE {t['assignment']} SET search_vector = setweight(to_tsvector('swedish', title), 'A')"
        " || setweight(to_tsvector('swedish', description), 'B')"
    )


class Migration(migrations.Migration):
    dependencies = [("assignments", "0012_claim_confirmed_by_assignment_index")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
