"""Skills as a multi-select with the person's own words: ranking, the plain form, search, the endpoint."""

import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils import timezone

from assignments import skills
from assignments.models import Assignment, Skill
from assignments.services import refresh_search_vectors
from assignments.skills import own_skills_set, rank_key, resolve_skills, suggestions
from members.models import MemberProfile
from tests.factories import AssignmentFactory, MemberProfileFactory, UserFactory, locality
from uppdragsbanken import ratelimit

pytestmark = pytest.mark.django_db


def skill(label: str) -> Skill:
    return Skill.objects.get(label_sv=label, kind=Skill.Kind.SKILL)


def listed(text: str) -> list[str]:
    """The search box's list as a person sees it, the own word marked with a +."""
    data = suggestions(text)
    names = [item["label"] for item in data["skills"]]
    if data["own_word"]:
        names.insert(data["own_word_position"], "+" + data["own_word"])
    return names


# Ranking -----------------------------------------------------------------------------------


def test_bakning_offers_the_own_word_and_plain_names_before_the_study_circle_teaching():
    names = listed("Bakning")
    assert names[0] == "+Bakning"
    assert names.index("Enklare bakningskunskaper") < names.index("Bakning, cirkelledning")
    assert names[-1] == "Bakning, cirkelledning"


def test_an_exact_name_comes_first_whatever_the_case_and_is_not_offered_as_an_own_word():
    data = suggestions("snöskottning")
    assert data["skills"][0]["label"] == "Snöskottning"
    assert data["own_word"] is None


def test_names_starting_with_the_word_come_before_names_with_it_inside_and_qualified_ones_last():
    names = listed("trädgård")
    assert names[0] == "Trädgårdsdesign"  # starts with it, shortest first
    assert names.index("Trädgårdsskötsel") < names.index("Handelsträdgård")
    assert "Trädgårdsskötsel, cirkelledning" not in names[:8]


def test_what_a_person_is_typing_towards_comes_before_the_own_word():
    assert listed("snöskot")[:2] == ["Snöskottning", "+snöskot"]


def test_the_rank_prefers_a_word_at_the_start_of_a_later_word_to_one_inside_a_word():
    assert rank_key("Enklare bakningskunskaper", "bakning") < rank_key("Pizzabakning", "bakning")
    assert rank_key("Pizzabakning", "bakning") < rank_key("Bakning, cirkelledning", "bakning")


def test_a_name_starting_with_a_swedish_capital_is_found_from_lower_case_on_sqlite_too():
    assert "Äldreomsorg" in listed("äldreomsorg")[:1]


# Making sense of the form ---------------------------------------------------------------------


def test_names_with_a_comma_of_their_own_are_one_skill_typed_or_ticked():
    circle = skill("Svenska, cirkelledning")
    choice = resolve_skills(chosen=[str(circle.pk)], added="Svenska, cirkelledning\nSnöskottning")
    assert choice.skills == [circle, skill("Snöskottning")]
    assert choice.own_words == []


def test_a_line_with_commas_that_is_no_name_is_read_as_several():
    choice = resolve_skills(chosen=[], added="Bakning, snöskottning")
    assert choice.skills == [skill("Snöskottning")]
    assert choice.own_words == ["Bakning"]


def test_an_own_word_the_person_keeps_stays_and_a_duplicate_in_another_case_is_dropped():
    choice = resolve_skills(chosen=["ord:Bakning", "ord:bakning"], added="")
    assert choice.own_words == ["Bakning"]
    assert choice.review == {}


def test_values_no_form_of_ours_sends_are_left_out():
    choice = resolve_skills(chosen=["9" * 40, "<script>", "ord:", str(skill("Snöskottning").pk)], added="\x00\n")
    assert [s.label_sv for s in choice.skills] == ["Snöskottning"]
    assert choice.own_words == []


def test_more_than_eight_is_refused_with_the_number_chosen():
    names = ["Snöskottning", "Trädgårdsskötsel", "Storstädning", "Stickning", "Sömnad", "Fotografering"]
    with pytest.raises(ValidationError) as refused:
        resolve_skills(chosen=[], added="\n".join([*names, "Bakning", "Surdeg", "Vedhuggning"]))
    assert "högst 8 kompetenser, och nu är de 9" in refused.value.messages[0]


def test_a_line_with_thousands_of_commas_is_refused_in_words_not_with_a_database_error():
    # Each part was looked up in one query; SQLite refuses more than 1,000 conditions (a 500).
    with pytest.raises(ValidationError) as refused:
        resolve_skills(chosen=[], added=",".join(f"ord{number}" for number in range(600)))
    assert refused.value.messages == ["Välj högst 8 kompetenser."]


def test_a_word_whose_lower_case_is_longer_than_the_limit_is_refused_in_words():
    # "İ".lower() is two characters: the stored key would not fit its 60-character column (a 500 on PostgreSQL).
    word = "İ" * 40
    assert len(word) <= skills.OWN_WORD_MAX < len(word.lower())
    with pytest.raises(ValidationError) as refused:
        resolve_skills(chosen=[], added=word)
    assert refused.value.messages == ["Skriv en kompetens per rad, med högst 60 tecken."]


def test_a_two_letter_word_is_refused_in_words():
    with pytest.raises(ValidationError) as refused:
        resolve_skills(chosen=[], added="el")
    assert refused.value.messages == ["”el” är för kort. Skriv minst 3 tecken."]


# The profile, without JavaScript ------------------------------------------------------------------


def profile_data(**overrides):
    data = {
        "display_name": "Anna L.",
        "home_locality": "Rusksele",
        "travel_radius_km": "30",
        "languages": "svenska",
        "notification_preference": "daily",
        "situation": "",
    }
    return {**data, **overrides}


@pytest.fixture
def person(client):
    person = UserFactory()
    client.force_login(person)
    return person


def test_bakning_is_saved_as_an_own_word_and_the_rest_of_the_profile_with_it(client, person):
    snow = skill("Snöskottning")
    response = client.post(
        "/mina-sidor/profil/", profile_data(skills=[str(snow.pk)], skills_add="Bakning", travel_radius_km="40")
    )
    page = response.content.decode()
    profile = MemberProfile.objects.get(user=person)
    assert (profile.display_name, profile.travel_radius_km) == ("Anna L.", 40)
    assert profile.home_locality == locality("Rusksele")
    assert list(profile.skills.all()) == [snow]
    assert list(profile.own_skills.values_list("name", flat=True)) == ["Bakning"]
    # Told plainly, and offered the taxonomy's names to tick instead.
    assert "Din profil är sparad." in page
    assert "”Bakning” finns inte i Arbetsförmedlingens lista, så vi sparade det som eget ord." in page
    assert "Behåll ”Bakning” som eget ord" in page
    assert "Enklare bakningskunskaper" in page


def test_ticking_an_offered_name_instead_of_the_own_word_replaces_it(client, person):
    client.post("/mina-sidor/profil/", profile_data(skills_add="Bakning"))
    easy = skill("Enklare bakningskunskaper")
    response = client.post("/mina-sidor/profil/", profile_data(skills=[str(easy.pk)]))
    assert response.status_code == 302
    profile = MemberProfile.objects.get(user=person)
    assert list(profile.skills.all()) == [easy]
    assert not profile.own_skills.exists()


def test_the_profile_shows_own_words_beside_skills_as_ticked_boxes(client, person):
    profile = MemberProfileFactory(user=person)
    profile.skills.add(skill("Svenska, cirkelledning"))
    own_skills_set(profile.own_skills, ["Bakning"])
    page = client.get("/mina-sidor/profil/").content.decode()
    assert re.search(r'value="ord:Bakning"[^>]*checked', page)
    assert re.search(rf'value="{skill("Svenska, cirkelledning").pk}"[^>]*checked', page)
    assert "(eget ord)" in page


def test_a_form_shown_again_for_another_mistake_keeps_everything_typed(client, person):
    snow = skill("Snöskottning")
    response = client.post(
        "/mina-sidor/profil/",
        profile_data(display_name="Anna L.", travel_radius_km="900", skills=[str(snow.pk)], skills_add="Bakning"),
    )
    page = response.content.decode()
    assert not MemberProfile.objects.filter(user=person).exists()
    assert 'value="Anna L."' in page and 'value="900"' in page
    assert re.search(rf'value="{snow.pk}"[^>]*checked', page)
    assert re.search(r'value="ord:Bakning"[^>]*checked', page)


def test_too_many_skills_keep_every_tick_and_line_and_say_the_limit(client, person):
    first_eight = Skill.objects.filter(kind=Skill.Kind.SKILL).order_by("pk").values_list("pk", flat=True)[:8]
    boxes = [str(pk) for pk in first_eight]
    response = client.post("/mina-sidor/profil/", profile_data(skills=boxes, skills_add="Bakning"))
    page = response.content.decode()
    assert "Du kan välja högst 8 kompetenser, och nu är de 9. Ta bort kryssen vid några." in page
    assert all(re.search(rf'value="{pk}"[^>]*checked', page) for pk in boxes)
    assert ">Bakning</textarea>" in page
    assert not MemberProfile.objects.filter(user=person).exists()


# The assignment form -----------------------------------------------------------------------------


def test_an_assignment_keeps_its_own_words_and_shows_them_when_edited(client, association, coordinator):
    from assignments.forms import AssignmentForm
    from assignments.services import assignment_create

    day = (timezone.localdate() + timedelta(days=4)).isoformat()
    data = {
        "title": "Baka till höstmarknaden",
        "description": "Bullar och kakor.",
        "category": "1",
        "skills": [str(skill("Bakning, cirkelledning").pk)],
        "skills_add": "Surdegsbakning",
        "locality": locality("Rusksele").pk,
        "timing": "deadline",
        "deadline": day,
        "estimated_hours": "3",
        "slots": "1",
        "compensation": "voluntary",
        "payment_route": "voluntary",
        "claim_mode": "choose",
    }
    form = AssignmentForm(data, association=association)
    assert form.is_valid(), form.errors
    assignment = assignment_create(association=association, by=coordinator, **form.service_fields())
    assert [s.label_sv for s in assignment.skills.all()] == ["Bakning, cirkelledning"]
    assert list(assignment.own_skills.values_list("name", flat=True)) == ["Surdegsbakning"]
    page = str(AssignmentForm(initial=AssignmentForm.initial_from(assignment), association=association)["skills"])
    assert re.search(r'value="ord:Surdegsbakning"[^>]*checked', page)


# Search and "fits my skills" --------------------------------------------------------------------------


def titles(client, query: str) -> list[str]:
    return [a.title for a in client.get(f"/uppdrag/?{query}").context["page"].object_list]


def test_the_free_text_search_finds_an_assignments_own_words(client):
    baking = AssignmentFactory(title="Hjälp till höstmarknaden")
    own_skills_set(baking.own_skills, ["Surdegsbakning"])
    AssignmentFactory(title="Skotta snö")
    refresh_search_vectors(Assignment.objects.all())
    assert titles(client, "q=surdegsbakning") == ["Hjälp till höstmarknaden"]


def test_fits_my_skills_counts_own_words_both_ways(client):
    baking = AssignmentFactory(title="Baka bullar")
    baking.skills.add(skill("Enklare bakningskunskaper"))
    circle = AssignmentFactory(title="Studiecirkel")
    own_skills_set(circle.own_skills, ["bakning"])
    AssignmentFactory(title="Skotta snö")
    profile = MemberProfileFactory()
    own_skills_set(profile.own_skills, ["Bakning"])
    client.force_login(profile.user)
    assert sorted(titles(client, "fits=on")) == ["Baka bullar", "Studiecirkel"]


# The suggestion endpoint -----------------------------------------------------------------------------


@pytest.mark.parametrize("q", ["", " ", "a", "x" * 10_000, "bak\x00ning", "%_\\", "ö" * 101, "'; DROP TABLE x; --"])
def test_the_suggestion_endpoint_answers_odd_input_with_a_list_never_an_error(client, q):
    cache.clear()
    response = client.get("/kompetenser/forslag/", {"q": q})
    assert response.status_code == 200
    data = response.json()
    assert isinstance(data["skills"], list) and len(data["skills"]) <= skills.SUGGESTION_LIMIT
    if len(q) > skills.QUERY_MAX or len(q.strip()) < 2:
        assert data["skills"] == []


def test_the_suggestion_endpoint_drops_a_nul_byte_and_still_finds_the_name(client):
    cache.clear()
    data = client.get("/kompetenser/forslag/", {"q": "snöskott\x00ning"}).json()
    assert [item["label"] for item in data["skills"]][:1] == ["Snöskottning"]


def test_the_suggestion_endpoint_keeps_the_own_word_as_typed_and_may_be_cached(client):
    cache.clear()
    response = client.get("/kompetenser/forslag/", {"q": "Bakning"})
    assert response.json()["own_word"] == "Bakning"
    assert "max-age=3600" in response["Cache-Control"]


def test_the_suggestion_endpoint_slows_down_a_flood(client, monkeypatch):
    cache.clear()
    monkeypatch.setattr(skills, "RATE_LIMIT_PER_MINUTE", 2)
    monkeypatch.setattr(ratelimit, "_now", lambda: 60.0)
    answers = [client.get("/kompetenser/forslag/", {"q": "bak"}) for _ in range(3)]
    assert [a.status_code for a in answers] == [200, 200, 429]
    assert answers[2].json()["skills"] == []


def test_behind_the_proxy_each_client_has_its_own_allowance_of_suggestions(client, monkeypatch, settings):
    # Behind the proxy every request comes from the proxy's address; one flood must not stop everyone.
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
    cache.clear()
    monkeypatch.setattr(skills, "RATE_LIMIT_PER_MINUTE", 2)
    monkeypatch.setattr(ratelimit, "_now", lambda: 60.0)
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    flood = [
        client.get("/kompetenser/forslag/", {"q": "bak"}, HTTP_X_FORWARDED_FOR="198.51.100.7", **proxy)
        for _ in range(3)
    ]
    other = client.get("/kompetenser/forslag/", {"q": "bak"}, HTTP_X_FORWARDED_FOR="203.0.113.9", **proxy)
    assert [a.status_code for a in flood] == [200, 200, 429]
    assert other.status_code == 200
