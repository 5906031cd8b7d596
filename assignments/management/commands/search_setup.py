"""Build PostgreSQL's Swedish search configuration again, e.g. after adding the dictionary files."""

from django.core.management.base import BaseCommand, CommandError
from django.db import connections, transaction

from assignments import search_pg
from assignments.models import Assignment


class Command(BaseCommand):
    help = (
        "Make the text search configuration uppdrag_sv again: with the Swedish hunspell dictionary when "
        "scripts/search_dictionary.sh has put it in place, else the plain Swedish stemmer. Re-creates "
        "uppdrag_normalise and uppdrag_tsquery from assignments.textnorm and recomputes every assignment's "
        "search document when anything changed. Running it twice changes nothing. PostgreSQL only."
    )

    def add_arguments(self, parser):
        parser.add_argument("--database", default="default", help="Database alias (default: default).")
        parser.add_argument(
            "--without-dictionary",
            action="store_true",
            help="Use the plain Swedish stemmer even when the dictionary files are there.",
        )
        parser.add_argument(
            "--reindex", action="store_true", help="Recompute every search document even when nothing changed."
        )

    def handle(self, *args, database: str, without_dictionary: bool, reindex: bool, **options):
        connection = connections[database]
        if connection.vendor != "postgresql":
            raise CommandError("search_setup is for PostgreSQL; SQLite keeps its own index (search_sqlite).")
        with transaction.atomic(using=database):
            before = self._state(connection)
            if before["config"] is None:
                raise CommandError("The search configuration is missing: run manage.py migrate first.")
            with connection.cursor() as cursor:
                cursor.execute(search_pg.normalise_function_sql())
            loaded = search_pg.configure(connection, with_dictionary=not without_dictionary)
            with connection.cursor() as cursor:
                cursor.execute(search_pg.tsquery_function_sql())
            after = self._state(connection)
            if after["normalise"] != before["normalise"]:
                # The trigram indexes are on uppdrag_normalise(...): their entries follow its rules.
                with connection.cursor() as cursor:
                    for index in ("skill_label_trgm", "locality_name_trgm", "assignment_title_open_trgm"):
                        cursor.execute(f"REINDEX INDEX {index}")
            changed = after != before
            touched = search_pg.refresh(Assignment.objects.using(database)) if changed or reindex else None
        if loaded:
            self.stdout.write(self.style.SUCCESS("uppdrag_sv uses the Swedish dictionary: compounds are split."))
        elif without_dictionary:
            self.stdout.write("uppdrag_sv uses the plain Swedish stemmer (--without-dictionary).")
        else:
            self.stdout.write(
                self.style.WARNING(
                    "The Swedish dictionary did not load, so uppdrag_sv uses the plain Swedish stemmer. "
                    "Run scripts/search_dictionary.sh on the database host, then this command again."
                )
            )
        if touched is not None:
            self.stdout.write(f"Recomputed the search document of {touched} assignments.")
        else:
            self.stdout.write("Nothing changed; search documents left as they were.")

    def _state(self, connection) -> dict:
        # What decides the documents: the configuration's dictionaries and the functions' source.
        with connection.cursor() as cursor:
            cursor.execute(
                """SELECT (SELECT string_agg(m.maptokentype || ':' || d.dictname, ',' ORDER BY m.maptokentype,
                                             m.mapseqno)
                           FROM pg_ts_config c JOIN pg_ts_config_map m ON m.mapcfg = c.oid
                           JOIN pg_ts_dict d ON d.oid = m.mapdict WHERE c.cfgname = %s),
                          (SELECT prosrc FROM pg_proc WHERE proname = 'uppdrag_normalise'),
                          (SELECT prosrc FROM pg_proc WHERE proname = 'uppdrag_tsquery')""",
                [search_pg.CONFIG],
            )
            config, normalise, tsquery = cursor.fetchone()
        return {"config": config, "normalise": normalise, "tsquery": tsquery}
