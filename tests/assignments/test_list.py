from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from assignments.models import Assignment, Category, Skill
from assignments.services import refresh_search_vectors
from tests.factories import AssignmentFactory, AssociationFactory, MemberProfileFactory, locality, municipality

# The search, matching and sending have a PostgreSQL and a SQLite path: CI runs these on both.
pytestmark = [pytest.mark.django_db, pytest.mark.both_databases]


def titles(client, query: str = "") -> list[str]:
    response = client.get(f"/uppdrag/?{query}")
    assert response.status_code == 200
    return [a.title for a in response.context["page"].object_list]


def post(title: str, **fields) -> Assignment:
    assignment = AssignmentFactory(title=title, **fields)
    refresh_search_vectors(Assignment.objects.filter(pk=assignment.pk))
    return assignment


def test_the_list_shows_published_assignments_newest_first(client):
    post("Äldst", published_at=timezone.now() - timedelta(days=2))
    post("Nyast", published_at=timezone.now())
    post("Utkast", status="draft", published_at=None)
    post("Fullsatt", status="filled")
    assert titles(client) == ["Nyast", "Äldst"]


def test_filter_by_municipality_and_locality(client):
    norsjo = AssociationFactory(municipality=municipality("2417"), localities=[locality("Bastuträsk", "2417")])
    post("I Bastuträsk", association=norsjo, locality=locality("Bastuträsk", "2417"))
    post("I Rusksele", locality=locality("Rusksele"))
    assert titles(client, "municipality=2417") == ["I Bastuträsk"]
    assert titles(client, f"municipality=2481&locality={locality('Rusksele').pk}") == ["I Rusksele"]


def test_filter_by_category_compensation_and_paid(client):
    post("Gratis snö", category=Category.objects.get(slug="snorojning-och-vinter"))
    post(
        "Betald målning",
        category=Category.objects.get(slug="bygg-och-reparationer"),
        compensation="hourly",
        amount_sek=Decimal("150"),
        payment_route="umbrella",
    )
    assert titles(client, "category=bygg-och-reparationer") == ["Betald målning"]
    assert titles(client, "compensation=voluntary") == ["Gratis snö"]
    assert titles(client, "paid=on") == ["Betald målning"]


def test_filter_by_skill_and_fits_my_skills(client):
    snow = Skill.objects.get(label_sv="Snöskottning")
    with_skill = post("Behöver skottare")
    with_skill.skills.add(snow)
    post("Ingen kompetens")
    assert titles(client, f"skill={snow.pk}") == ["Behöver skottare"]
    profile = MemberProfileFactory()
    profile.skills.add(snow)
    client.force_login(profile.user)
    assert titles(client, "fits=on") == ["Behöver skottare"]


def test_filter_by_date_range(client):
    soon = timezone.now() + timedelta(days=2)
    later = timezone.now() + timedelta(days=20)
    post("Snart", starts_at=soon, ends_at=soon + timedelta(hours=2))
    post("Senare", starts_at=later, ends_at=later + timedelta(hours=2))
    post("Före ett datum", starts_at=None, ends_at=None, deadline=(timezone.now() + timedelta(days=5)).date())
    day = (timezone.localdate() + timedelta(days=10)).isoformat()
    assert set(titles(client, f"date_to={day}")) == {"Snart", "Före ett datum"}
    assert set(titles(client, f"date_from={day}")) == {"Senare"}


def test_distance_from_home_and_nearest_first(client):
    norsjo = AssociationFactory(municipality=municipality("2417"), localities=[locality("Norsjö", "2417")])
    post("I Lycksele", locality=locality("Lycksele"))
    post("I Rusksele", locality=locality("Rusksele"))
    post("I Norsjö", association=norsjo, locality=locality("Norsjö", "2417"))
    client.force_login(MemberProfileFactory(home_locality=locality("Lycksele")).user)
    # Rusksele is about 27 km from Lycksele, Norsjö about 50 km.
    assert set(titles(client, "distance=25")) == {"I Lycksele"}
    assert set(titles(client, "distance=50")) == {"I Lycksele", "I Rusksele"}
    assert titles(client, "sort=nearest") == ["I Lycksele", "I Rusksele", "I Norsjö"]


def test_sort_by_soonest_and_highest_pay(client):
    first = timezone.now() + timedelta(days=1)
    post(
        "Imorgon",
        starts_at=first,
        ends_at=first + timedelta(hours=1),
        compensation="fixed",
        amount_sek=Decimal("300"),
        payment_route="f_tax",
    )
    post(
        "Om en vecka",
        starts_at=first + timedelta(days=6),
        ends_at=first + timedelta(days=6, hours=4),
        estimated_hours=Decimal("4"),
        compensation="hourly",
        amount_sek=Decimal("150"),
        payment_route="umbrella",
    )
    assert titles(client, "sort=soonest") == ["Imorgon", "Om en vecka"]
    # 150 kr/h × 4 h = 600 kr beats a 300 kr fee.
    assert titles(client, "sort=pay") == ["Om en vecka", "Imorgon"]


@pytest.mark.parametrize(
    "query",
    [
        "municipality=9999",
        "locality=abc",
        "category=finns-inte",
        "skill=xyz",
        "compensation=gratis",
        "date_from=igår",
        "date_to=2026-13-45",
        "distance=1000",
        "sort=slumpvis",
        "sida=999",
        "sida=-1",
    ],
)
def test_a_filter_value_that_does_not_parse_is_ignored_with_a_message(client, query):
    post("Skotta snö")
    response = client.get(f"/uppdrag/?{query}")
    assert response.status_code == 200
    assert "Skotta snö" in response.content.decode()


def test_the_message_names_the_filter_that_was_ignored(client):
    post("Skotta snö")
    html = client.get("/uppdrag/?date_from=igår").content.decode()
    assert "Vi förstod inte värdet i ”Från datum”" in html


def test_free_text_finds_words_in_title_and_description(client):
    post("Måla staketet", description="Vi har färg och penslar.")
    post("Skotta snö", description="Infarten till bygdegården.")
    assert titles(client, "q=staketet") == ["Måla staketet"]
    assert titles(client, "q=bygdegården") == ["Skotta snö"]
    assert titles(client, "q=staketet bygdegården") == []


@pytest.mark.postgres
@pytest.mark.parametrize(
    ("query", "found"),
    [
        # The Swedish stemmer: all inflections of a noun share a stem.
        ("snöskottningen", "Snöskottning vid utegymmet"),
        ("snöskottningar", "Snöskottning vid utegymmet"),
        ("målningen", "Målning av verandan"),
        # It does not split compounds ("gräsklippning" stays whole): prefix matching finds it from "gräs".
        ("gräs", "Gräsklippning vid badplatsen"),
        # "veranda" stems to "verand" but "verandan" to "verandan": prefix matching bridges them.
        ("veranda", "Målning av verandan"),
    ],
)
def test_swedish_full_text_search_finds_inflected_forms(client, query, found):
    post("Snöskottning vid utegymmet", description="Trappan och infarten.")
    post("Målning av verandan", description="Bygdegården behöver ny färg.")
    post("Gräsklippning vid badplatsen", description="Ta med trimmer om du har.")
    assert titles(client, f"q={query}") == [found]


@pytest.mark.postgres
def test_search_results_are_ranked_title_before_description(client):
    post(
        "Servering på höstmarknaden", description="Kaffe och våfflor.", published_at=timezone.now() - timedelta(days=3)
    )
    post("Bära stolar", description="Inför höstmarknaden och serveringen.", published_at=timezone.now())
    assert titles(client, "q=servering") == ["Servering på höstmarknaden", "Bära stolar"]


def test_the_list_runs_as_many_queries_for_50_results_as_for_10(client, django_assert_num_queries):
    AssignmentFactory.create_batch(10)
    profile = MemberProfileFactory()
    client.force_login(profile.user)
    client.get("/uppdrag/?sort=nearest")  # warm up the session
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ten:
        client.get("/uppdrag/?sort=nearest")
    AssignmentFactory.create_batch(40)
    # session, user, profile+home, municipality/category/locality/skill choices, count, page
    with django_assert_num_queries(len(ten.captured_queries)):
        response = client.get("/uppdrag/?sort=nearest")
    assert len(response.context["page"].object_list) == 20


def test_htmx_gets_only_the_results(client):
    post("Skotta snö")
    html = client.get("/uppdrag/?q=snö", headers={"HX-Request": "true"}).content.decode()
    assert 'id="results"' in html and "Skotta snö" in html
    assert "<html" not in html


def test_a_broad_search_says_over_the_cap_instead_of_counting_everything(client, monkeypatch):
    from uppdragsbanken.pagination import CappedPaginator

    monkeypatch.setattr(CappedPaginator, "cap", 5)
    AssignmentFactory.create_batch(7)
    response = client.get("/uppdrag/")
    assert "Över 5 uppdrag hittades" in response.content.decode()
    assert response.context["page"].paginator.num_pages == 1
