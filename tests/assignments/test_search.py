"""Free-text search on /uppdrag/ and in saved searches, on the database that runs the tests.

Each result is what the database returned; where PostgreSQL (Swedish dictionary, stemmer) and
SQLite (FTS5 trigram: a word is found inside longer words) differ, both answers are written.
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.http import QueryDict
from django.test import RequestFactory
from django.utils import timezone

from assignments import search, services
from assignments.models import Assignment, Category, Skill
from associations.models import Association
from municipalities.models import Locality
from notifications import matching
from notifications import services as notification_services
from notifications.models import Kind, Notification
from tests.factories import AssignmentFactory, AssociationFactory, MemberProfileFactory, locality

pytestmark = [pytest.mark.django_db, pytest.mark.both_databases]

POSTGRES = connection.vendor == "postgresql"


def titles(client, **params) -> list[str]:
    response = client.get("/uppdrag/", params)
    assert response.status_code == 200
    return [a.title for a in response.context["page"].object_list]


def page(client, **params) -> str:
    response = client.get("/uppdrag/", params)
    assert response.status_code == 200
    return response.content.decode()


def post(title: str, description: str = "Vi bjuder på kaffe efteråt.", **fields) -> Assignment:
    return AssignmentFactory(title=title, description=description, **fields)


# What counts ---------------------------------------------------------------------------------


def test_title_description_skill_own_word_category_place_and_association_all_count(client):
    skill = Skill.objects.get(label_sv="Snöskottning")
    association = AssociationFactory(name="Kvarnbyns hembygdsförening", localities=[locality("Rusksele")])
    by_skill = post("Hjälp vid utegymmet", association=association, locality=locality("Rusksele"))
    by_skill.skills.set([skill])
    own = post("Hjälp i köket")
    own.own_skills.create(name="Våffelgräddning")
    post("Ett annat uppdrag", description="Vi ska tapetsera samlingssalen.")
    assert titles(client, q="snöskottning") == ["Hjälp vid utegymmet"]
    assert titles(client, q="våffelgräddning") == ["Hjälp i köket"]
    assert titles(client, q="tapetsera") == ["Ett annat uppdrag"]
    assert titles(client, q="kvarnbyns") == ["Hjälp vid utegymmet"]
    assert titles(client, q="rusksele") == ["Hjälp vid utegymmet"]
    # The category of all three (the factory's): "Snöröjning och vinter".
    assert len(titles(client, q="snöröjning")) == 3


def test_the_title_ranks_above_the_description(client):
    post("Bära stolar", description="Inför höstmarknaden och serveringen.", published_at=timezone.now())
    post(
        "Servering på höstmarknaden",
        description="Kaffe och våfflor.",
        published_at=timezone.now() - timedelta(days=3),
    )
    assert titles(client, q="servering") == ["Servering på höstmarknaden", "Bära stolar"]


def test_every_word_must_be_found(client):
    post("Måla staketet", description="Vi har färg och penslar.")
    post("Skotta snö", description="Infarten till bygdegården.")
    assert titles(client, q="staketet bygdegården") == []
    assert titles(client, q="skotta bygdegården") == ["Skotta snö"]


# Swedish words ------------------------------------------------------------------------------


def test_a_part_of_a_compound_finds_the_compound(client):
    post("Bära bord inför julmarknaden")
    post("Klippa gräset")
    assert titles(client, q="marknad") == ["Bära bord inför julmarknaden"]


def test_a_compound_finds_its_parts_only_with_the_swedish_dictionary(client):
    post("Stå i ett marknadsstånd vid jul")
    found = titles(client, q="julmarknad")
    # PostgreSQL's dictionary splits "julmarknad" into jul + marknad; a trigram index cannot.
    assert found == (["Stå i ett marknadsstånd vid jul"] if POSTGRES else [])


def test_accents_are_ignored_but_å_ä_ö_are_letters_of_their_own(client):
    post("Baka till kaféet")
    post("Plocka bär i skogen")
    post("Laga båten")
    assert titles(client, q="kafeet") == ["Baka till kaféet"]
    assert titles(client, q="KAFÉET") == ["Baka till kaféet"]
    assert titles(client, q="bär") == ["Plocka bär i skogen"]
    assert titles(client, q="bar") == []
    assert titles(client, q="baten") == []
    # "å" as a + combining ring, as some phones and pasted text send it.
    assert titles(client, q="ba\u030aten") == ["Laga båten"]


def test_a_search_of_only_stop_words_says_so_and_shows_the_whole_list(client):
    post("Skotta snö")
    post("Måla staketet")
    response = client.get("/uppdrag/", {"q": "och"})
    html = response.content.decode()
    assert "Sökningen innehöll bara småord som ”och”" in html
    assert sorted(a.title for a in response.context["page"].object_list) == ["Måla staketet", "Skotta snö"]


def test_the_stop_word_message_comes_with_the_htmx_results_too(client):
    post("Skotta snö")
    html = client.get("/uppdrag/", {"q": "och att"}, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in html
    assert "Sökningen innehöll bara småord" in html and "Skotta snö" in html


# "Menade du …?" -------------------------------------------------------------------------------


def test_a_misspelt_word_is_offered_a_link_that_finds_the_assignment(client):
    post("Skotta snö vid utegymmet")
    post("Klippa gräset vid bystugan")
    assert titles(client, q="utegymt", municipality="2481") == []
    response = client.get("/uppdrag/", {"q": "utegymt", "municipality": "2481", "sida": "2"})
    suggestion = response.context["did_you_mean"]
    assert suggestion is not None
    assert "Menade du" in response.content.decode()
    params = QueryDict(suggestion["url"].split("?", 1)[1])
    assert params["municipality"] == "2481"  # the other filters stay
    assert "sida" not in params  # the first page of the new search
    assert "utegymmet" in params["q"]
    assert [a.title for a in client.get(suggestion["url"]).context["page"].object_list] == ["Skotta snö vid utegymmet"]


def test_did_you_mean_is_offered_in_the_htmx_results_too(client):
    post("Skotta snö vid utegymmet")
    html = client.get("/uppdrag/", {"q": "utegymt"}, headers={"HX-Request": "true"}).content.decode()
    assert "Menade du" in html and "utegymmet" in html


def test_no_did_you_mean_when_the_words_find_enough(client):
    for n in range(3):
        post(f"Skotta snö, pass {n}")
    response = client.get("/uppdrag/", {"q": "skotta"})
    assert response.context["did_you_mean"] is None
    assert "Menade du" not in response.content.decode()


def test_no_did_you_mean_when_the_suggestion_finds_nothing_more_under_the_same_filters(client):
    post("Skotta snö vid utegymmet")  # in Lycksele
    response = client.get("/uppdrag/", {"q": "utegymt", "municipality": "2417"})
    assert response.context["did_you_mean"] is None
    assert "Menade du" not in response.content.decode()
    # One word finds nothing whatever the other becomes: no link that finds nothing.
    assert client.get("/uppdrag/", {"q": "utegymt xylofon"}).context["did_you_mean"] is None


def test_did_you_mean_never_offers_a_word_of_one_to_three_letters(client):
    post("Skotta snö vid utegymmet")
    for typed in ("a_b", "xq"):
        suggestion = search.did_you_mean(typed)
        assert suggestion is None or all(len(word) >= 4 for word in suggestion.split()), suggestion


def test_no_did_you_mean_for_a_word_like_nothing_we_have(client):
    post("Skotta snö vid utegymmet")
    assert search.did_you_mean("xylofonkonsert") is None


# The database keeps the index ----------------------------------------------------------------


def test_a_bulk_update_is_found_at_once(client):
    assignment = post("Måla staketet")
    Assignment.objects.filter(pk=assignment.pk).update(title="Klippa häcken")
    assert titles(client, q="häcken") == ["Klippa häcken"]
    assert titles(client, q="staketet") == []


def test_renamed_skill_association_category_and_place_are_found_by_their_new_names(client):
    skill = Skill.objects.get(label_sv="Snöskottning")
    assignment = post("Hjälp vid utegymmet", association=AssociationFactory(localities=[locality("Rusksele")]))
    assignment.locality = locality("Rusksele")
    assignment.save()
    assignment.skills.set([skill])
    Skill.objects.filter(pk=skill.pk).update(label_sv="Pulsning i djupsnö")
    Association.objects.filter(pk=assignment.association_id).update(name="Kvarnbyns intresseförening")
    Category.objects.filter(pk=assignment.category_id).update(name_sv="Vinterjobb")
    Locality.objects.filter(pk=assignment.locality_id).update(name="Nya Rusksele")
    for word in ("pulsning", "intresseförening", "vinterjobb", "nya rusksele"):
        assert titles(client, q=word) == ["Hjälp vid utegymmet"], word


def test_a_place_moved_to_another_municipality_is_found_by_the_new_one(client):
    place = Locality.objects.create(
        name="Flyttbyn", municipality=locality("Lycksele").municipality, latitude=64.6, longitude=18.7
    )
    post("Skotta snö vid bystugan", locality=place)
    Locality.objects.filter(pk=place.pk).update(municipality=locality("Norsjö", "2417").municipality)
    assert titles(client, q="norsjö") == ["Skotta snö vid bystugan"]
    assert titles(client, q="lycksele") == []


def test_removing_a_skill_or_own_word_takes_it_out_of_the_search(client):
    skill = Skill.objects.get(label_sv="Snöskottning")
    assignment = post("Hjälp vid utegymmet")
    assignment.skills.set([skill])
    own = assignment.own_skills.create(name="Våffelgräddning")
    assignment.skills.clear()
    own.delete()
    assert titles(client, q="snöskottning") == []
    assert titles(client, q="våffelgräddning") == []


# Bad input ----------------------------------------------------------------------------------


def test_a_700_kb_description_is_saved_through_the_service_and_found(client, association, coordinator, fields):
    description = "Vi behöver hjälp med vedklyvning. " + "Lite mer om veden. " * 37_000 + "sistaordet"
    assert len(description) > 700_000
    fields = {**fields, "description": description}
    draft = services.assignment_create(association=association, by=coordinator, **fields)
    services.assignment_publish(assignment=draft, by=coordinator)
    assert Assignment.objects.get(pk=draft.pk).description == description  # stored whole
    assert titles(client, q="vedklyvning") == [fields["title"]]
    # Only the first textnorm.INDEX_CAP characters of a field are searchable.
    assert titles(client, q="sistaordet") == []


@pytest.mark.parametrize(
    "q",
    [
        "x" * 10_000,
        "snö " * 2_500,
        '"',
        '"snö" OR NEAR(a b) AND -c*',
        "titel:snö ^snö {snö}",
        "a_b%c\\d",
        "snö\x00\x01\x1f",
        "'; DROP TABLE assignments_assignment; --",
        "\u0301\u0308",
    ],
)
def test_any_search_text_answers_without_a_server_error(client, q):
    post("Skotta snö")
    response = client.get("/uppdrag/", {"q": q})
    assert response.status_code == 200
    assert "uppdrag hittades" in response.content.decode()


def test_control_characters_in_the_search_are_removed_with_a_message(client):
    post("Skotta snö")
    response = client.get("/uppdrag/", {"q": "sk\x00otta"})
    html = response.content.decode()
    assert "Vi tog bort tecken som inte går att söka på" in html
    assert [a.title for a in response.context["page"].object_list] == ["Skotta snö"]


def test_short_words_are_found_too(client):
    post("Fixa wifi på bygdegården", description="Routern och IT-grejerna i hallen.")
    post("Skotta snö")
    assert titles(client, q="it") == ["Fixa wifi på bygdegården"]


def test_the_search_runs_as_many_queries_for_many_hits_as_for_three(client, django_assert_num_queries):
    from django.test.utils import CaptureQueriesContext

    for n in range(3):
        post(f"Skotta snö, pass {n}")
    client.get("/uppdrag/", {"q": "skotta"})  # warm up: the cached filter form
    with CaptureQueriesContext(connection) as three:
        client.get("/uppdrag/", {"q": "skotta"})
    for n in range(30):
        post(f"Skotta mer snö, pass {n}")
    with django_assert_num_queries(len(three.captured_queries)):
        response = client.get("/uppdrag/", {"q": "skotta"})
    assert len(response.context["page"].object_list) == 20


# Saved searches find what the list finds ----------------------------------------------------

ASSIGNMENTS = [
    "Bära bord inför julmarknaden",
    "Baka till kaféet",
    "Plocka bär i skogen",
    "Skotta snö vid utegymmet",
    "Laga båten",
    "Måla staketet",
]


@pytest.mark.parametrize(
    "text",
    [
        "marknad",  # a part of a compound
        "julmarknad",  # a compound (its parts only on PostgreSQL)
        "utegymmets",  # an inflection
        "kafeet",  # an accent left out
        "bar",  # a, not ä
        "bär",
        "båten",
        "ba\u030aten",  # å typed as a + combining ring
        "och",  # a stop word alone
        "och staketet",  # a stop word and a word
        "snö utegymmet",
        "xylofon",
        "___",  # a word of no letters: no lexemes on PostgreSQL
    ],
)
def test_a_saved_search_finds_exactly_what_the_list_finds(client, text):
    association = AssociationFactory(localities=[locality("Rusksele")])
    watcher = MemberProfileFactory(home_locality=locality("Norsjö", "2417")).user
    request = RequestFactory().post("/mina-sidor/bevakningar/ny/")
    request.user = watcher
    query = QueryDict(mutable=True)
    query.update({"q": text, "municipality": "2481"})
    filterset = notification_services.filterset_for(request, query)
    notification_services.saved_search_create(user=watcher, filterset=filterset)
    found_by_alert = set()
    for title in ASSIGNMENTS:
        assignment = post(title, association=association, locality=locality("Rusksele"))
        matching.match(assignment)
        if Notification.objects.filter(recipient=watcher, assignment=assignment, kind=Kind.MATCH).exists():
            found_by_alert.add(title)
    found_by_list = set(titles(client, q=text, municipality="2481"))
    assert found_by_alert == found_by_list
