import pytest

from assignments.models import Skill
from members.models import MemberProfile
from tests.factories import UserFactory, locality

pytestmark = pytest.mark.django_db


def form_data(**overrides):
    data = {
        "display_name": "Anna L.",
        "home_locality": locality("Rusksele").pk,
        "travel_radius_km": "30",
        "skills_text": "snöskottning, Trädgårdsskötsel",
        "interests": [],
        "languages": "svenska, engelska",
        "available_weekends": "on",
        "notification_preference": "daily",
    }
    return {**data, **overrides}


def test_a_resident_sets_home_locality_and_skills_and_then_sees_distances(client):
    person = UserFactory()
    client.force_login(person)
    assert client.get("/mina-sidor/profil/").status_code == 200
    response = client.post("/mina-sidor/profil/", form_data())
    assert response.status_code == 302
    profile = MemberProfile.objects.get(user=person)
    assert profile.home_locality == locality("Rusksele")
    assert set(profile.skills.values_list("label_sv", flat=True)) == {"Snöskottning", "Trädgårdsskötsel"}
    assert "Avstånd från min hemort" in client.get("/uppdrag/").content.decode()


def test_an_unknown_skill_is_refused_with_suggestions_and_nothing_is_saved(client):
    person = UserFactory()
    client.force_login(person)
    response = client.post("/mina-sidor/profil/", form_data(skills_text="snöskotning"))
    assert response.status_code == 200
    assert "Vi hittar ingen kompetens som heter ”snöskotning”" in response.content.decode()
    assert not MemberProfile.objects.filter(user=person).exists()


def test_a_travel_radius_beyond_500_km_is_refused(client):
    client.force_login(UserFactory())
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
