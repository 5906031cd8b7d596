"""Filters that depend on each other, the default order, and the folded filters of /uppdrag/."""

import re

import pytest

from assignments.models import Skill
from notifications.models import SavedSearch
from tests.factories import AssignmentFactory, AssociationFactory, MemberProfileFactory, locality, municipality

pytestmark = pytest.mark.django_db

SET_ASIDE = "Rusksele ligger inte i Norsjö kommun, så vi visar hela Norsjö kommun."


@pytest.fixture
def two_municipalities():
    norsjo = AssociationFactory(municipality=municipality("2417"), localities=[locality("Bastuträsk", "2417")])
    AssignmentFactory(title="I Bastuträsk", association=norsjo, locality=locality("Bastuträsk", "2417"))
    AssignmentFactory(title="I Rusksele", locality=locality("Rusksele"))


def titles(response) -> list[str]:
    return [a.title for a in response.context["page"].object_list]


def selected(html: str, name: str) -> str:
    """The text of the chosen option of the named menu."""
    menu = re.search(rf'<select name="{name}".*?</select>', html, re.S).group(0)
    return re.search(r"<option[^>]*selected[^>]*>([^<]*)</option>", menu).group(1)


def test_a_place_outside_the_chosen_municipality_is_set_aside_with_a_message(client, two_municipalities):
    rusksele = locality("Rusksele").pk
    response = client.get(f"/uppdrag/?municipality=2417&locality={rusksele}")
    html = response.content.decode()
    assert titles(response) == ["I Bastuträsk"]
    assert SET_ASIDE in html
    assert selected(html, "municipality") == "Norsjö"
    assert selected(html, "locality") == "Alla orter"
    assert "Rusksele</option>" not in html


def test_a_place_without_a_municipality_brings_its_municipality(client, two_municipalities):
    response = client.get(f"/uppdrag/?locality={locality('Rusksele').pk}")
    html = response.content.decode()
    assert titles(response) == ["I Rusksele"]
    assert selected(html, "municipality") == "Lycksele"
    assert selected(html, "locality") == "Rusksele"


def test_associations_set_a_place_outside_the_municipality_aside_too(client):
    AssociationFactory(
        name="Bastuträsk byaförening", municipality=municipality("2417"), localities=[locality("Bastuträsk", "2417")]
    )
    AssociationFactory(name="Rusksele byaförening", localities=[locality("Rusksele")])
    html = client.get(f"/foreningar/?municipality=2417&locality={locality('Rusksele').pk}").content.decode()
    assert SET_ASIDE in html
    assert "Bastuträsk byaförening" in html and "Rusksele byaförening" not in html


def test_a_saved_search_does_not_keep_a_place_outside_its_municipality(client):
    client.force_login(MemberProfileFactory().user)
    query = f"municipality=2417&locality={locality('Rusksele').pk}"
    response = client.post("/mina-sidor/bevakningar/ny/", {"query": query}, follow=True)
    search = SavedSearch.objects.get()
    assert search.municipality.name == "Norsjö" and search.locality is None
    assert "locality=" + str(locality("Rusksele").pk) not in search.query
    assert SET_ASIDE in response.content.decode()


def test_a_resident_with_a_home_place_gets_nearest_first_and_the_menu_says_so(client):
    AssignmentFactory(title="I Rusksele", locality=locality("Rusksele"))
    AssignmentFactory(title="I Lycksele", locality=locality("Lycksele"))  # newest, but Rusksele is nearer
    client.force_login(MemberProfileFactory(home_locality=locality("Rusksele")).user)
    response = client.get("/uppdrag/")
    assert titles(response) == ["I Rusksele", "I Lycksele"]
    assert selected(response.content.decode(), "sort") == "Närmast först"
    response = client.get("/uppdrag/?sort=newest")
    assert titles(response) == ["I Lycksele", "I Rusksele"]
    assert selected(response.content.decode(), "sort") == "Nyast först"


def test_without_a_home_place_the_list_is_newest_first_and_offers_no_nearest(client):
    AssignmentFactory(title="Äldre")
    AssignmentFactory(title="Nyare")
    html = client.get("/uppdrag/?municipality=2481").content.decode()
    assert selected(html, "sort") == "Nyast först"
    assert "Närmast först" not in html


def test_a_search_without_a_chosen_order_says_best_match_first(client):
    AssignmentFactory(title="Skotta snö")
    assert selected(client.get("/uppdrag/?q=snö").content.decode(), "sort") == "Bäst träff först"


def test_the_filters_are_folded_behind_a_button_that_counts_the_chosen_ones(client, two_municipalities):
    html = client.get("/uppdrag/").content.decode()
    assert '<details class="filter-fold' in html and "valda)" not in html
    html = client.get("/uppdrag/?municipality=2481&paid=on&sort=pay").content.decode()
    assert re.search(r"<summary[^>]*>\s*Filter<span[^>]*>\s*<span[^>]*>\(2 valda\)</span>", html)


def test_htmx_updates_the_count_on_the_filter_button_with_the_results(client, two_municipalities):
    html = client.get("/uppdrag/?municipality=2481", HTTP_HX_REQUEST="true").content.decode()
    assert 'id="filter-count"' in html and 'hx-swap-oob="true"' in html and "(1 valt)" in html


def test_a_visitor_gets_no_skill_menu_that_could_only_offer_all_skills(client):
    assignment = AssignmentFactory(title="Baka bullar")
    skill = Skill.objects.filter(kind=Skill.Kind.SKILL).first()
    assignment.skills.add(skill)
    assert '<select name="skill"' not in client.get("/uppdrag/").content.decode()
    # Linked from an assignment's page, the chosen skill is there to see and to clear.
    html = client.get(f"/uppdrag/?skill={skill.pk}").content.decode()
    assert selected(html, "skill") == skill.label_sv


def test_a_resident_with_skills_chooses_among_their_own(client):
    profile = MemberProfileFactory()
    skill = Skill.objects.filter(kind=Skill.Kind.SKILL).first()
    profile.skills.add(skill)
    client.force_login(profile.user)
    html = client.get("/uppdrag/").content.decode()
    menu = re.search(r'<select name="skill".*?</select>', html, re.S).group(0)
    assert f">{skill.label_sv}</option>" in menu


def test_a_place_that_does_not_exist_is_ignored_with_one_message_and_no_form_error(client):
    html = client.get("/uppdrag/?municipality=2481&locality=999999").content.decode()
    assert "har bortsett från det" in html
    assert "behöver rättas" not in html
    assert selected(html, "locality") == "Alla orter"
