import re
from datetime import UTC, datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from assignments.models import Skill
from members.models import MemberProfile, Situation
from members.services import profile_update
from tests.factories import MemberProfileFactory, MembershipFactory, UserFactory, locality

pytestmark = pytest.mark.django_db


def form_data(**overrides):
    data = {
        "display_name": "Anna L.",
        "home_locality": "Rusksele",
        "travel_radius_km": "30",
        "skills_add": "snöskottning\nTrädgårdsskötsel",
        "interests": [],
        "languages": "svenska, engelska",
        "available_weekends": "on",
        "notification_preference": "daily",
        "situation": "",
    }
    return {**data, **overrides}


@pytest.fixture
def person(client):
    person = UserFactory()
    client.force_login(person)
    return person


def options(response) -> list[str]:
    return re.findall(r'<option value="([^"]*)">', response.content.decode())


def saved_profile(person) -> MemberProfile:
    return MemberProfile.objects.select_related("home_locality__municipality").get(user=person)


def test_a_resident_sets_home_locality_and_skills_and_then_sees_distances(client, person):
    assert client.get("/mina-sidor/profil/").status_code == 200
    response = client.post("/mina-sidor/profil/", form_data())
    assert response.status_code == 302
    profile = saved_profile(person)
    assert profile.home_locality == locality("Rusksele")
    assert set(profile.skills.values_list("label_sv", flat=True)) == {"Snöskottning", "Trädgårdsskötsel"}
    assert "Avstånd från min hemort" in client.get("/uppdrag/").content.decode()


def test_a_home_locality_is_found_whatever_the_case(client, person):
    client.post("/mina-sidor/profil/", form_data(home_locality="  rUSKSELE "))
    assert saved_profile(person).home_locality == locality("Rusksele")


def test_the_saved_home_locality_is_shown_with_its_municipality(client, person):
    client.post("/mina-sidor/profil/", form_data())
    page = client.get("/mina-sidor/profil/").content.decode()
    assert 'value="Rusksele (Lycksele)"' in page


def test_a_name_several_places_share_asks_which_one_and_keeps_the_rest(client, person):
    response = client.post("/mina-sidor/profil/", form_data(home_locality="Ersmark", display_name="Ersmarksbo"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Det finns flera orter som heter ”Ersmark”" in page
    assert "Vilken menar du?" in page
    assert "Ersmark (Skellefteå)" in page
    assert "Ersmark (Umeå)" in page
    assert 'value="Ersmarksbo"' in page
    assert not MemberProfile.objects.filter(user=person).exists()


def test_choosing_among_places_of_the_same_name_saves_the_chosen_one(client, person):
    skelleftea = locality("Ersmark", code="2482")
    data = form_data(home_locality="Ersmark", home_locality_choice=skelleftea.pk)
    response = client.post("/mina-sidor/profil/", data)
    assert response.status_code == 302
    assert saved_profile(person).home_locality == skelleftea


def test_a_choice_for_another_name_is_not_taken(client, person):
    data = form_data(home_locality="Ekeby", home_locality_choice=locality("Ersmark", code="2482").pk)
    response = client.post("/mina-sidor/profil/", data)
    assert response.status_code == 200
    assert "Det finns flera orter som heter ”Ekeby”" in response.content.decode()


def test_the_full_label_picks_one_of_several_places_of_the_same_name(client, person):
    client.post("/mina-sidor/profil/", form_data(home_locality="Ersmark (Umeå)"))
    assert saved_profile(person).home_locality == locality("Ersmark", code="2480")


def test_an_unknown_place_is_refused_with_places_that_start_the_same_and_nothing_is_lost(client, person):
    response = client.post("/mina-sidor/profil/", form_data(home_locality="Ruskele", languages="finska"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Vi hittar ingen ort som heter ”Ruskele”. Menade du: Rusksele (Lycksele)?" in page
    assert 'value="finska"' in page
    assert 'value="Ruskele"' in page
    assert not MemberProfile.objects.filter(user=person).exists()


def test_an_unknown_place_with_nothing_similar_gets_no_guesses(client, person):
    page = client.post("/mina-sidor/profil/", form_data(home_locality="Qzxw")).content.decode()
    assert "Vi hittar ingen ort som heter ”Qzxw”." in page
    assert "Menade du" not in page


def test_an_empty_home_locality_removes_it(client, person):
    MemberProfileFactory(user=person, home_locality=locality("Rusksele"))
    client.post("/mina-sidor/profil/", form_data(home_locality=""))
    assert saved_profile(person).home_locality is None


def test_suggestions_list_places_starting_with_the_text_before_places_containing_it(client, person):
    response = client.get("/mina-sidor/profil/orter/", {"q": "rus"})
    assert response.status_code == 200
    assert options(response) == ["Rusksele (Lycksele)", "Furusjö (Habo)", "Jungfrusund (Ekerö)"]


def test_suggestions_are_at_most_ten(client, person):
    assert len(options(client.get("/mina-sidor/profil/orter/", {"q": "a"}))) == 10


def test_a_chosen_suggestion_still_suggests_itself(client, person):
    response = client.get("/mina-sidor/profil/orter/", {"q": "Rusksele (Lycksele)"})
    assert options(response) == ["Rusksele (Lycksele)"]


@pytest.mark.parametrize("text", ["", "   ", "x" * 5000, "%", "_", "\x00", "<script>", "()"])
def test_odd_text_gives_no_suggestions(client, person, text):
    response = client.get("/mina-sidor/profil/orter/", {"q": text})
    assert response.status_code == 200
    assert options(response) == []


def test_suggestions_without_text_give_no_suggestions(client, person):
    response = client.get("/mina-sidor/profil/orter/")
    assert response.status_code == 200
    assert options(response) == []


def test_suggestions_need_a_login(client):
    response = client.get("/mina-sidor/profil/orter/", {"q": "rus"})
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_suggestions_query_count(client, person, django_assert_num_queries):
    # session, user, localities (+ municipality)
    with django_assert_num_queries(3):
        client.get("/mina-sidor/profil/orter/", {"q": "sele"})


def test_a_situation_without_consent_is_refused_and_nothing_is_saved(client, person):
    response = client.post("/mina-sidor/profil/", form_data(situation=Situation.STUDENT))
    assert response.status_code == 200
    assert "Kryssa i samtycket om du vill att vi sparar din situation." in response.content.decode()
    assert not MemberProfile.objects.filter(user=person).exists()


def test_a_situation_with_consent_is_saved_with_the_time_of_consent(client, person):
    before = timezone.now()
    client.post("/mina-sidor/profil/", form_data(situation=Situation.STUDENT, situation_consent="on"))
    profile = saved_profile(person)
    assert profile.situation == Situation.STUDENT
    assert profile.situation_consent_at >= before


def test_consent_given_earlier_keeps_its_time_when_the_situation_changes(client, person):
    given = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
    MemberProfileFactory(user=person, situation=Situation.STUDENT, situation_consent_at=given)
    client.post("/mina-sidor/profil/", form_data(situation=Situation.EMPLOYED, situation_consent="on"))
    profile = saved_profile(person)
    assert profile.situation == Situation.EMPLOYED
    assert profile.situation_consent_at == given


def test_taking_away_consent_removes_the_situation(client, person):
    MemberProfileFactory(user=person, situation=Situation.RETIRED, situation_consent_at=timezone.now())
    page = client.get("/mina-sidor/profil/").content.decode()
    assert re.search(r'<input type="checkbox" name="situation_consent"[^>]* checked>', page)
    response = client.post("/mina-sidor/profil/", form_data(situation=Situation.RETIRED))
    assert response.status_code == 302
    profile = saved_profile(person)
    assert profile.situation == ""
    assert profile.situation_consent_at is None


def test_a_new_situation_without_consent_is_refused_even_after_earlier_consent(client, person):
    MemberProfileFactory(user=person, situation=Situation.RETIRED, situation_consent_at=timezone.now())
    response = client.post("/mina-sidor/profil/", form_data(situation=Situation.EMPLOYED))
    assert response.status_code == 200
    assert saved_profile(person).situation == Situation.RETIRED


def test_the_email_choices_are_saved(client, person):
    MembershipFactory(user=person)  # a coordinator also chooses e-mail about the association's claims
    assert "E-post om anmälningar till föreningens uppdrag" in client.get("/mina-sidor/profil/").content.decode()
    client.post("/mina-sidor/profil/", form_data(email_my_claims="on"))
    profile = saved_profile(person)
    assert (profile.email_my_claims, profile.email_claims, profile.email_reminders) == (True, False, False)


def test_residents_who_run_no_association_are_not_asked_about_its_claims(client, person):
    page = client.get("/mina-sidor/profil/").content.decode()
    assert "E-post om mina anmälningar" in page
    assert "E-post om anmälningar till föreningens uppdrag" not in page


def test_a_misspelt_skill_is_kept_as_an_own_word_the_rest_saves_and_the_right_name_is_offered(client, person):
    response = client.post("/mina-sidor/profil/", form_data(skills_add="snöskotning"))
    page = response.content.decode()
    assert "”snöskotning” finns inte i Arbetsförmedlingens lista, så vi sparade det som eget ord." in page
    assert "Behåll ”snöskotning” som eget ord" in page
    assert re.search(r'value="\d+" id="id_skills_review1_1">\s*<label[^>]*>Snöskottning</label>', page)
    profile = saved_profile(person)
    assert profile.display_name == "Anna L."
    assert list(profile.own_skills.values_list("name", flat=True)) == ["snöskotning"]


def test_a_travel_radius_beyond_500_km_is_refused(client, person):
    response = client.post("/mina-sidor/profil/", form_data(travel_radius_km="900"))
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()


def test_the_profile_is_always_ones_own(client):
    other = UserFactory()
    MemberProfile.objects.create(user=other, display_name="Någon annan")
    me = UserFactory()
    client.force_login(me)
    client.post("/mina-sidor/profil/", form_data(display_name="Jag själv"))
    assert MemberProfile.objects.get(user=other).display_name == "Någon annan"
    assert MemberProfile.objects.get(user=me).display_name == "Jag själv"
    assert Skill.objects.filter(label_sv="Snöskottning").exists()


def test_the_service_refuses_a_situation_without_consent():
    person = UserFactory()
    with pytest.raises(ValidationError):
        profile_update(user=person, skills=[], interests=[], situation=Situation.STUDENT, situation_consent=False)
    assert not MemberProfile.objects.filter(user=person).exists()


def test_skill_names_with_a_comma_of_their_own_are_understood(client, person):
    client.force_login(person)
    response = client.post("/mina-sidor/profil/", form_data(skills_add="Svenska, cirkelledning\nSnöskottning"))
    assert response.status_code == 302
    labels = set(MemberProfile.objects.get(user=person).skills.values_list("label_sv", flat=True))
    assert labels == {"Svenska, cirkelledning", "Snöskottning"}


def test_a_very_long_list_of_skills_is_refused_at_once(client, person):
    client.force_login(person)
    response = client.post("/mina-sidor/profil/", form_data(skills_add="\n".join(["Snöskottning"] * 200)))
    assert response.status_code == 200
    assert "Välj högst 8 kompetenser." in response.content.decode()
