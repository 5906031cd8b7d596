"""The embedded default's search index: SQLite's FTS5 table and the triggers that keep it.

Marked both_databases so CI runs them in its SQLite pass; on PostgreSQL they are skipped.
"""

import pytest
from django.db import connection

from assignments import search, search_sqlite, textnorm
from assignments.models import Assignment
from tests.factories import AssignmentFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.both_databases,
    pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's FTS5 index; PostgreSQL has its own"),
]


def indexed(assignment: Assignment) -> tuple[str, str, str] | None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT title_skills, places, description FROM assignments_search WHERE rowid = %s", [assignment.pk]
        )
        return cursor.fetchone()


def test_every_connection_has_the_normaliser_as_an_sql_function():
    with connection.cursor() as cursor:
        cursor.execute("SELECT uppdrag_normalise(%s), uppdrag_normalise(NULL)", ["KAFÉ på Ån\x00"])
        assert cursor.fetchone() == ("kafe på ån", "")


def test_the_index_holds_each_field_normalised_and_capped():
    assignment = AssignmentFactory(title="Baka till KAFÉET", description="Ö" * (textnorm.INDEX_CAP + 500))
    title_skills, places, description = indexed(assignment)
    assert title_skills.startswith("baka till kafeet")
    assert "lycksele" in places and "snöröjning och vinter" in places
    assert description == "ö" * textnorm.INDEX_CAP


def test_a_deleted_assignment_leaves_the_index():
    assignment = AssignmentFactory()
    Assignment.objects.filter(pk=assignment.pk).delete()
    assert indexed(assignment) is None


def test_rows_written_while_migrations_ran_are_indexed_after_them():
    # While `migrate` runs, the triggers are away (a table rebuild would fail on them).
    search_sqlite.drop_triggers(connection=connection)
    assignment = AssignmentFactory(title="Tvätta fönstren i bystugan")
    assert indexed(assignment) is None
    search_sqlite.install_triggers(connection=connection)  # post_migrate
    assert indexed(assignment)[0].startswith("tvätta fönstren")
    assert list(search.search(Assignment.objects.all(), "fönstren")) == [assignment]


def test_a_word_of_one_or_two_letters_is_found_without_the_trigram_index():
    wifi = AssignmentFactory(title="Fixa wifi", description="Routern och IT-grejerna.")
    AssignmentFactory(title="Skotta snö")
    found = search.search(Assignment.objects.all(), "it")
    assert list(found) == [wifi]
    assert found.get().rank == 1.0  # nothing to rank by


def test_like_wildcards_typed_in_a_word_are_plain_characters():
    AssignmentFactory(title="Skotta snö")
    assert list(search.search(Assignment.objects.all(), "_")) == []
    assert list(search.search(Assignment.objects.all(), "a_b")) == []


def test_similar_words_come_from_what_is_open():
    AssignmentFactory(title="Snöskottning vid utegymmet")
    assert search_sqlite.suggest(("snöskotning", "utegymt")) == {
        "snöskotning": "snöskottning",
        "utegymt": "utegymmet",
    }
    assert search_sqlite.suggest(("utegymmet",)) == {}  # found already: nothing to suggest
    AssignmentFactory(title="Plocka bär", status=Assignment.Status.DRAFT)
    assert search_sqlite.suggest(("plocka",)) == {}  # a draft's words are not offered
