"""The list's paginators give the same pages as sorting every match would (assignments.pagination)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from assignments import queries
from assignments.models import Assignment
from assignments.pagination import NearestFirstPaginator, ShownOnlyPaginator
from tests.factories import AssignmentFactory, AssociationFactory, locality

pytestmark = [pytest.mark.both_databases, pytest.mark.django_db]

PLACES = [("Lycksele", "2481"), ("Rusksele", "2481"), ("Hedlunda", "2481"), ("Norsjö", "2417")]


@pytest.fixture
def spread():
    """Eleven open assignments over four places, published at different times, and one closed."""
    now = timezone.now()
    made = []
    for n in range(11):
        name, code = PLACES[n % len(PLACES)]
        place = locality(name, code=code)
        association = AssociationFactory(localities=[place])
        made.append(
            AssignmentFactory(
                association=association, locality=place, title=f"Uppdrag {n}", published_at=now - timedelta(hours=n)
            )
        )
    AssignmentFactory(title="Fullsatt", status=Assignment.Status.FILLED)
    return made


def cards(ids):
    return queries.with_card_data(Assignment.objects.filter(pk__in=ids))


def titles_of(paginator) -> list[str]:
    return [a.title for number in paginator.page_range for a in paginator.page(number).object_list]


def test_nearest_first_pages_equal_sorting_every_row(spread):
    home = locality("Rusksele")
    everything = queries.with_distance_from(queries.open_assignments(), home).order_by("distance_km", "-published_at")
    expected = [a.title for a in everything]
    assert len(expected) == 11 and "Fullsatt" not in expected
    for per_page in (1, 2, 3, 5, 20):
        paginator = NearestFirstPaginator(everything, per_page, cards=cards, home=home)
        assert paginator.count == 11
        assert titles_of(paginator) == expected, per_page


def test_nearest_first_counts_only_what_the_filters_let_through(spread):
    home = locality("Lycksele")
    narrowed = queries.open_assignments().filter(locality__municipality__code="2417")
    ordered = queries.with_distance_from(narrowed, home).order_by("distance_km", "-published_at")
    paginator = NearestFirstPaginator(ordered, 2, cards=cards, home=home)
    assert paginator.count == 2
    assert titles_of(paginator) == ["Uppdrag 3", "Uppdrag 7"]


def test_ids_first_pages_equal_the_sorted_list(spread):
    ordered = queries.open_assignments().order_by("-published_at", "-pk")
    paginator = ShownOnlyPaginator(ordered, 4, cards=cards)
    assert titles_of(paginator) == [f"Uppdrag {n}" for n in range(11)]
    assert paginator.num_pages == 3
