"""Characters a database cannot hold, or a parser does not expect, in GET filters and paths.

PostgreSQL refuses NUL in text, so before these were handled such a query was a 500 there.
Every URL below must answer with a page a person can read: the page itself (200) with a
message about what was left out, or "Sidan finns inte" (404). Run on SQLite and PostgreSQL.
"""

import pytest
from django.contrib.messages import get_messages
from django.http import QueryDict

from assignments.models import Assignment
from assignments.services import refresh_search_vectors
from notifications import services
from notifications.models import SavedSearch
from tests.factories import AssignmentFactory, AssociationFactory, MemberProfileFactory, locality

pytestmark = pytest.mark.django_db

STRIPPED = "Vi tog bort tecken som inte går att söka på"

# Each value is how the bad input looks in a URL.
BAD = {
    "nul": "%00",
    "nul inside a word": "sn%00%C3%B6",
    "control character": "%01%1B",
    "broken utf-8 (a surrogate's bytes)": "%ED%A0%80",
    "superscript two": "%C2%B2",
    "arabic-indic digits": "%D9%A2%D9%A4%D9%A8%D9%A1",
    "very long": "9" * 400,
}

GET_LISTS = [
    "/uppdrag/?municipality={}",
    "/uppdrag/?locality={}",
    "/uppdrag/?municipality=2481&locality={}",
    "/uppdrag/?q={}",
    "/uppdrag/?category={}",
    "/uppdrag/?skill={}",
    "/uppdrag/?compensation={}",
    "/uppdrag/?paid={}",
    "/uppdrag/?date_from={}",
    "/uppdrag/?date_to={}",
    "/uppdrag/?distance={}",
    "/uppdrag/?fits={}",
    "/uppdrag/?sort={}",
    "/uppdrag/?sida={}",
    "/uppdrag/?{}=1",
    "/foreningar/?q={}",
    "/foreningar/?municipality={}",
    "/foreningar/?locality={}",
    "/foreningar/?kind={}",
    "/foreningar/?sida={}",
    "/foreningar/ny/?municipality={}",
    "/kommuner/2481/?sida={}",
    "/mina-sidor/notiser/?sida={}",
    "/mina-sidor/bevakningar/?q={}",
    "/mina-sidor/profil/orter/?q={}",
    "/konto/login/?next={}",
    "/?q={}",
]

PATHS = [
    "/kommuner/{}/",
    "/kommuner/{}/granska/",
    "/kommuner/{}/orter/",
    "/kommuner/2481/granska/{}/",
    "/foreningar/{}/",
    "/foreningar/{}/uppdrag/",
    "/uppdrag/{}/",
    "/avregistrera/{}/",
    "/inbjudan/{}/",
    "/intyg/{}/",
]


def url_table(templates):
    return [
        pytest.param(template.format(value), id=f"{template.format('…')} {name}")
        for template in templates
        for name, value in BAD.items()
    ]


@pytest.fixture
def resident(client):
    profile = MemberProfileFactory(home_locality=locality("Rusksele"))
    client.force_login(profile.user)
    return profile.user


def readable(response) -> bool:
    """A page a person can read: the page they asked for, or the site's own "not found" page."""
    if response.status_code == 404:
        return "Sidan finns inte" in response.content.decode()
    if response.status_code in (301, 302):
        return True  # e.g. the login page for a page that needs it; it gets its own row
    return response.status_code == 200


@pytest.mark.parametrize("url", url_table(GET_LISTS))
def test_a_bad_character_in_a_filter_gives_the_page_not_a_server_error(client, resident, url):
    AssignmentFactory(title="Skotta snö vid bygdegården")
    response = client.get(url)
    assert readable(response), (response.status_code, response.content[:300])


@pytest.mark.parametrize("url", url_table(PATHS))
def test_a_bad_character_in_a_path_gives_a_page_that_says_why(client, resident, url):
    response = client.get(url)
    text = response.content.decode()
    # Not found; not allowed (a staff page); a link with a token: the page that says the link is void;
    # a municipality code in other digits ("٢٤٨١"): on to the page of that code.
    assert response.status_code in (404, 403, 410, 400, 302), response.status_code
    if response.status_code == 404:
        assert "Sidan finns inte" in text
    elif response.status_code == 302:
        assert client.get(response.url).status_code in (200, 403)
    else:
        assert "<h1" in text


def test_a_nul_in_the_municipality_filter_says_what_was_left_out_and_still_lists(client):
    AssignmentFactory(title="Skotta snö vid bygdegården")
    response = client.get("/uppdrag/?municipality=%00")
    text = response.content.decode()
    assert STRIPPED in text
    assert "Skotta snö vid bygdegården" in text


def test_the_words_around_a_nul_are_still_searched(client):
    AssignmentFactory(title="Skotta snö vid bygdegården")
    AssignmentFactory(title="Måla staketet")
    refresh_search_vectors(Assignment.objects.all())
    response = client.get("/uppdrag/?q=bygde%00g")
    assert [a.title for a in response.context["page"].object_list] == ["Skotta snö vid bygdegården"]
    assert STRIPPED in response.content.decode()


def test_a_superscript_digit_in_a_place_is_ignored_with_a_message(client):
    AssignmentFactory(title="Skotta snö vid bygdegården")
    response = client.get("/uppdrag/?municipality=2481&locality=%C2%B2")
    assert "Skotta snö vid bygdegården" in response.content.decode()
    assert "Vi förstod inte värdet i ”Ort”" in response.content.decode()


def test_a_page_number_in_other_digits_shows_a_page(client):
    AssignmentFactory(title="Skotta snö vid bygdegården")
    response = client.get("/uppdrag/?sida=%C2%B2")
    assert "Skotta snö vid bygdegården" in response.content.decode()


def test_saving_a_search_from_a_query_with_a_nul_keeps_the_rest(client, resident):
    response = client.post(
        "/mina-sidor/bevakningar/ny/", {"query": "q=sn\x00%C3%B6&municipality=24\x0081&category=\x00"}, follow=True
    )
    search = SavedSearch.objects.get(user=resident)
    assert search.text == "snö"
    assert search.municipality.name == "Lycksele" and search.category is None
    assert "\x00" not in search.query and "\x00" not in search.name
    assert STRIPPED in response.content.decode()


def test_a_search_saved_from_a_query_with_a_lone_surrogate_is_saved_without_it(rf, resident):
    # Lone surrogates come from JSON ("\\ud800"); UTF-8, and so the database, cannot hold them.
    request = rf.post("/mina-sidor/bevakningar/ny/")
    request.user = resident
    params = QueryDict(mutable=True)
    params.update({"q": "sn\ud800ö", "sort": "\udfff"})
    filterset = services.filterset_for(request, params)
    search = services.saved_search_create(user=resident, filterset=filterset)
    assert search.text == "snö"
    assert services.filter_notices(filterset)[0].startswith(STRIPPED)


def test_a_nul_in_next_after_login_stays_on_the_site(client):
    response = client.get("/konto/login/?next=/uppdrag/%00")
    assert response.status_code == 200
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert any(STRIPPED in m for m in messages) or STRIPPED in response.content.decode()


def test_association_with_a_nul_slug_is_not_found_but_the_real_one_is(client):
    AssociationFactory(slug="rusksele-byaforening", name="Rusksele byaförening")
    assert client.get("/foreningar/rusksele-byaforening%00/").status_code == 404
    assert "Rusksele byaförening" in client.get("/foreningar/rusksele-byaforening/").content.decode()
