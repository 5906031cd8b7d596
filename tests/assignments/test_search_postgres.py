"""Swedish search on PostgreSQL: what the database returns with the Swedish dictionary.

These run on PostgreSQL only (assignments.search_pg); the expected titles are what PostgreSQL 15
with Debian's hunspell-sv returned. scripts/search_dictionary.sh puts the dictionary in place
(CI runs it before the tests).
"""

import logging
import unicodedata
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.http import QueryDict
from django.test import RequestFactory
from django.utils import timezone

from assignments import search_pg, textnorm
from assignments.checks import search_dictionary
from assignments.models import Assignment, AssignmentOwnSkill, Category, Skill
from notifications import matching, services
from notifications.models import Kind, Notification
from tests.conftest import missing_part
from tests.factories import AssignmentFactory, AssociationFactory, MemberProfileFactory, locality

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


@pytest.fixture(autouse=True)
def _dictionary(_require_postgres):
    if search_pg.dictionary_in_use() is not True:
        missing_part(
            "The Swedish dictionary is not in PostgreSQL's text search configuration: run "
            "scripts/search_dictionary.sh (as root, on the database host), then run the tests again."
        )


def make(title: str, description: str = "Vi behöver en hand.", *, skills=(), own=(), **fields) -> Assignment:
    assignment = AssignmentFactory(title=title, description=description, **fields)
    if skills:
        assignment.skills.set(Skill.objects.filter(label_sv__in=skills, kind=Skill.Kind.SKILL))
    for word in own:
        AssignmentOwnSkill.objects.create(assignment=assignment, name=word)
    return assignment


def found(text: str) -> list[str]:
    """Titles the list's words find among published assignments, best first."""
    words = textnorm.query_words(text).words
    return list(
        search_pg.search(Assignment.objects.filter(status="published"), words)
        .order_by("-rank", "title")
        .values_list("title", flat=True)
    )


def sql(statement: str, *params):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.fetchone()[0]


# One normaliser ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "A\u030ana",  # å typed as a + combining ring
        "KAFE\u0301 på Érsta",
        "Øresund Ærø Müller",
        "Straße i Ålö",
        "tab\there\x01\x07\x1f\x7f\x85slut\ufffd",
        "ÅÄÖ åäö ÉÈÊËéèêë çñ",
        "",
    ],
)
def test_the_database_normalises_text_exactly_as_python_does(text):
    expected = textnorm.normalise(text) if "ß" not in text else textnorm.normalise(text).replace("ss", "ß")
    assert sql("SELECT uppdrag_normalise(%s)", text) == expected


def test_sharp_s_is_kept_by_both_as_lower_case_does():
    # str.casefold would give "ss" where PostgreSQL's lower() keeps "ß"; both use lower case.
    assert textnorm.normalise("Straße") == "straße"
    assert sql("SELECT uppdrag_normalise(%s)", "Straße") == "straße"


@pytest.mark.parametrize(
    "text",
    [
        "Snöskottning och julmarknaden",
        "och i på",
        "a b c d e f g h i j k l",
        "e-post O'Brien \\ ' :* & | ! ( ) <-> ",
        "x" * 60,
        "Kafe\u0301 kafe",
        "",
    ],
)
def test_typed_text_and_its_query_words_give_the_same_tsquery(text):
    # A saved search passes its raw text, the list passes query_words joined: the same query.
    words = " ".join(textnorm.query_words(text).words)
    assert sql("SELECT uppdrag_tsquery(%s)::text", text) == sql("SELECT uppdrag_tsquery(%s)::text", words)


def test_only_stop_words_make_no_query():
    assert sql("SELECT uppdrag_tsquery(%s)", "och i på") is None


def test_no_typed_character_breaks_the_query():
    make("Skotta snö vid bystugan")
    for text in ["'", "\\", ":*", "&|!", "(((", "a:*b", "<->", "'); DROP TABLE x; --", "ü" * 500]:
        words = textnorm.query_words(text).words
        assert isinstance(list(search_pg.search(Assignment.objects.all(), words)), list)


# Swedish words ----------------------------------------------------------------------------------


def test_a_skill_word_finds_the_assignment_that_lists_the_skill():
    make("Skotta fram utegymmet vid bystugan", skills=["Snöskottning"])
    make("Klippa gräset vid skolan")
    assert found("snöskottning") == ["Skotta fram utegymmet vid bystugan"]


def test_a_part_finds_the_compound():
    make("Bära bord inför julmarknaden")
    make("Klippa gräset vid skolan")
    assert found("marknad") == ["Bära bord inför julmarknaden"]


def test_a_compound_finds_its_parts_in_other_words():
    # The dictionary splits "julmarknad" into jul + marknad, so the parts anywhere match.
    make("Sälja lotter", "Vi står på marknaden på jul i hamnen.")
    make("Klippa gräset vid skolan")
    assert found("julmarknad") == ["Sälja lotter"]


@pytest.mark.parametrize("typed", ["utegymmet", "utegym", "Utegymmets"])
def test_inflections_find_each_other(typed):
    make("Skotta fram utegymmet")
    make("Måla det nya utegym vi byggt", "Ett utegym vid sjön.")
    assert sorted(found(typed)) == ["Måla det nya utegym vi byggt", "Skotta fram utegymmet"]


def test_accents_are_ignored_but_a_a_o_are_letters():
    make("Servera på kafét", "Kaffe och bullar.")
    make("Plocka bär i skogen")
    make("Torka av disken")
    assert "Servera på kafét" in found("kafe")
    assert "Servera på kafét" in found("KAFÉ")
    assert found("bar") == []
    assert found("bär") == ["Plocka bär i skogen"]


def test_a_decomposed_letter_finds_the_composed_one():
    make("Måla staketet vid skolan")
    assert found(unicodedata.normalize("NFD", "måla")) == ["Måla staketet vid skolan"]


def test_association_place_and_own_words_are_searched():
    association = AssociationFactory(name="Rusksele skoterklubb", localities=[locality("Rusksele")])
    make("Bära ved", association=association, locality=locality("Rusksele"), own=["Vedhuggning"])
    make("Klippa gräset vid skolan")
    assert found("skoterklubben") == ["Bära ved"]
    assert found("rusksele") == ["Bära ved"]
    assert found("vedhuggning") == ["Bära ved"]
    assert found("snöröjning") == sorted(["Bära ved", "Klippa gräset vid skolan"])  # the category


def test_title_and_skill_hits_rank_above_description_hits():
    make("Hjälpa till i köket", "Vi ska baka bullar och diska efteråt.")
    make("Baka bullar till fikat")
    make("Servera fika", skills=["Bakning"])
    assert found("baka")[-1] == "Hjälpa till i köket"


def test_search_is_two_queries_for_one_or_many_rows(django_assert_num_queries):
    # One works out the tsquery (with the title words that hold a typed word), one finds the rows.
    make("Skotta snö vid bystugan")
    with django_assert_num_queries(2):
        assert len(found("skotta")) == 1
    for n in range(5):
        make(f"Skotta snö vid skolan {n}")
    with django_assert_num_queries(2):
        assert len(found("skotta")) == 6


# The database keeps the index ---------------------------------------------------------------------


def test_edits_outside_the_services_are_searchable_at_once():
    assignment = make("Klippa gräset")
    Assignment.objects.filter(pk=assignment.pk).update(title="Rensa ogräs i rabatten")
    assert found("rabatten") == ["Rensa ogräs i rabatten"]
    assignment.skills.add(Skill.objects.get(label_sv="Snöskottning", kind=Skill.Kind.SKILL))
    assert found("snöskottning") == ["Rensa ogräs i rabatten"]
    assignment.skills.clear()
    assert found("snöskottning") == []
    AssignmentOwnSkill.objects.create(assignment=assignment, name="Trädgårdsarbete")
    assert found("trädgårdsarbete") == ["Rensa ogräs i rabatten"]
    AssignmentOwnSkill.objects.filter(assignment=assignment).delete()
    assert found("trädgårdsarbete") == []


def test_renaming_a_name_the_document_shows_updates_its_assignments():
    assignment = make("Bära ved")
    assignment.association.__class__.objects.filter(pk=assignment.association_id).update(name="Granbergs vänner")
    assert found("granbergs") == ["Bära ved"]
    Category.objects.filter(pk=assignment.category_id).update(name_sv="Vinterarbete")
    assert found("vinterarbete") == ["Bära ved"]


def test_a_700_kb_description_is_saved_and_searched():
    description = "Inledning om snöskottning. " + "lorem ipsum dolor " * 40_000 + "slutordet"
    assert len(description) > 700_000
    assignment = make("Skotta hela byn", description)
    assignment.refresh_from_db()
    assert assignment.description == description  # stored whole
    assert found("snöskottning") == ["Skotta hela byn"]
    assert found("slutordet") == []  # beyond textnorm.INDEX_CAP: kept, not indexed


# Saved searches: the same rules ------------------------------------------------------------------


def test_a_saved_search_finds_what_the_list_finds_for_the_same_words():
    starts = timezone.now() + timedelta(days=5)
    association = AssociationFactory(name="Rusksele byaförening", localities=[locality("Rusksele")])
    assignment = make(
        "Bära bord inför julmarknaden",
        association=association,
        locality=locality("Rusksele"),
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        skills=["Snöskottning"],
    )
    texts = ["marknad", "julmarknad", "snöskottning", "utegym", "kafe", "byaförening", "bär", "Bära BORD"]
    watchers = {}
    for text in texts:
        person = MemberProfileFactory(home_locality=locality("Norsjö", "2417")).user
        request = RequestFactory().post("/mina-sidor/bevakningar/ny/")
        request.user = person
        query = QueryDict(f"q={text}")
        services.saved_search_create(user=person, filterset=services.filterset_for(request, query))
        watchers[person.pk] = text
    matching.match(assignment)
    told = set(Notification.objects.filter(assignment=assignment, kind=Kind.MATCH).values_list("recipient", flat=True))
    alerted = {watchers[pk] for pk in told if pk in watchers}
    listed = {text for text in texts if found(text)}
    # "bär" finds "Bära" as the start of a longer word: each word also matches as a prefix.
    assert alerted == listed == {"marknad", "julmarknad", "snöskottning", "byaförening", "bär", "Bära BORD"}


# "Menade du …?" -----------------------------------------------------------------------------------


def test_misspelt_words_get_the_known_word_in_one_query(django_assert_num_queries):
    make("Skotta fram utegymmet vid bystugan", skills=["Snöskottning"], locality=locality("Lycksele"))
    with django_assert_num_queries(1):
        better = search_pg.suggest(("utegymet", "snöskotning", "lyckselle", "skotta"))
    assert better == {"utegymet": "utegymmet", "snöskotning": "snöskottning", "lyckselle": "lycksele"}


def test_no_suggestion_for_a_word_that_finds_enough_or_has_no_neighbour():
    for n in range(3):
        make(f"Plocka bär {n}")
    assert search_pg.suggest(("bär", "xyzzyq")) == {}


# Without the dictionary -----------------------------------------------------------------------------


def test_without_the_dictionary_search_falls_back_says_so_and_setup_restores_it(monkeypatch, caplog):
    make("Bära bord inför julmarknaden")
    make("Sälja lotter", "Vi står på marknaden på jul i hamnen.")
    call_command("search_setup", "--without-dictionary", stdout=StringIO())
    assert search_pg.dictionary_in_use() is False
    assert found("julmarknaden") == ["Bära bord inför julmarknaden"]  # inflections still work
    # A part still finds the title word that holds it, but a compound no longer finds its parts.
    assert sorted(found("marknad")) == ["Bära bord inför julmarknaden", "Sälja lotter"]
    assert found("julmarknad") == ["Bära bord inför julmarknaden"]

    [warning] = search_dictionary(databases=["default"])
    assert warning.id == "assignments.W001"
    assert "Swedish compound dictionary missing: run scripts/search_dictionary.sh and manage.py search_setup" in (
        warning.msg
    )
    out = StringIO()
    call_command("check", "--database", "default", stdout=out, stderr=out)
    assert "Swedish compound dictionary missing" in out.getvalue()

    search_pg.note_dictionary(sender=None, connection=connection)
    monkeypatch.setattr(search_pg, "_warned", False)
    with caplog.at_level(logging.WARNING, logger="assignments.search_pg"):
        found("marknad")
        found("bord")
    assert [r.getMessage()[:36] for r in caplog.records] == ["Swedish compound dictionary missing:"]

    call_command("search_setup", stdout=StringIO())
    search_pg.note_dictionary(sender=None, connection=connection)
    assert search_pg.dictionary_in_use() is True
    assert search_dictionary(databases=["default"]) == []
    assert sorted(found("julmarknad")) == ["Bära bord inför julmarknaden", "Sälja lotter"]


@pytest.mark.parametrize(
    "typed, title",
    [
        ("gym", "Skotta fram utegymmet vid bystugan"),
        ("café", "Samtalsvärd på språkcaféet"),
        ("marknad", "Bära bord inför julmarknaden"),
    ],
)
def test_a_part_finds_a_compound_the_dictionary_keeps_whole(typed, title):
    # "utegym" and "språkcaféet" are one word to the dictionary (or unknown to it): the title
    # words that hold the typed word join the query (assignments.SearchWord).
    make(title)
    make("Klippa gräset vid skolan")
    assert found(typed) == [title]


def test_a_typed_word_with_like_wildcards_finds_nothing_more():
    make("Skotta fram utegymmet vid bystugan")
    assert found("g_m") == [] and found("u%m") == []
