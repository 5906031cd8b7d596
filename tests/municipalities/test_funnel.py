"""The pathway funnel: residents of the municipality per step on the way to work, by the end of the
period and during it, as counts of people that give nobody away."""

import csv
import io
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from assignments.models import Claim
from assignments.services import claim_confirm
from associations.models import AssociationMembership
from municipalities import statistics
from municipalities.models import StaffMembership
from municipalities.statistics import TZ, Period
from pathways.models import Milestone
from tests.factories import (
    AssignmentFactory,
    AssociationFactory,
    ClaimFactory,
    MemberProfileFactory,
    StaffMembershipFactory,
    locality,
    municipality,
)

pytestmark = pytest.mark.django_db

Kind = Milestone.Kind
FEBRUARY = Period.months(date(2025, 2, 1), date(2025, 2, 1))
STEPS = [
    "Registrerade",
    "Första uppdraget klart",
    "Minst tre uppdrag klara",
    "Kurs eller utbildning klar",
    "Egenanställning eller eget företag",
    "Fick en anställning",
    "Började studera",
]


def resident(*, joined: date, place=None):
    """A resident whose home locality is `place` (Lycksele by default), registered on `joined`."""
    profile = MemberProfileFactory(home_locality=place or locality())
    profile.user.date_joined = datetime(joined.year, joined.month, joined.day, 12, tzinfo=TZ)
    profile.user.save(update_fields=["date_joined"])
    return profile.user


def step(user, kind: str, on: date) -> Milestone:
    return Milestone.objects.create(resident=user, kind=kind, happened_on=on, automatic=kind in Milestone.AUTOMATIC)


def funnel(period=FEBRUARY, code="2481") -> dict[str, list[str]]:
    """The table as the page shows it: step → [by the end of the period, during it]."""
    with translation.override("sv"):
        table = statistics.pathway_funnel(municipality(code), period)
    return {row[0]: [str(cell) for cell in row[1:]] for row in table.rows}


def test_each_step_counts_the_residents_who_had_reached_it_by_the_end_and_those_who_reached_it_during_it():
    earlier = [resident(joined=date(2024, 12, 5)) for _ in range(5)]
    newcomers = [resident(joined=date(2025, 2, 3)) for _ in range(5)]
    for user in earlier:
        step(user, Kind.FIRST_ASSIGNMENT, date(2025, 1, 10))
        step(user, Kind.TRAINING, date(2025, 2, 5))
        # After the period: counts in neither column.
        step(user, Kind.EMPLOYMENT, date(2025, 3, 4))
    for user in newcomers:
        step(user, Kind.FIRST_ASSIGNMENT, date(2025, 2, 28))
    resident(joined=date(2025, 3, 2))  # registered after the period

    assert funnel() == {
        "Registrerade": ["10", "5"],
        "Första uppdraget klart": ["10", "5"],
        "Minst tre uppdrag klara": ["0", "0"],
        "Kurs eller utbildning klar": ["5", "5"],
        "Egenanställning eller eget företag": ["0", "0"],
        "Fick en anställning": ["0", "0"],
        "Började studera": ["0", "0"],
    }


def test_the_steps_come_in_the_order_of_the_way_to_work_with_two_columns():
    with translation.override("sv"):
        table = statistics.pathway_funnel(municipality(), FEBRUARY)
    assert [row[0] for row in table.rows] == STEPS
    assert table.columns == ["Steg", "Hade nått steget vid periodens slut", "Nådde steget under perioden"]
    assert table.title == "Vägen till arbete – steg"
    assert (table.chart, table.chart_column) == ("bar", 1)


def test_a_step_reached_again_in_the_period_counts_by_the_first_time():
    user = resident(joined=date(2024, 6, 1))
    step(user, Kind.TRAINING, date(2025, 1, 20))
    step(user, Kind.TRAINING, date(2025, 2, 10))
    assert funnel()["Kurs eller utbildning klar"] == ["<5", "0"]


def test_own_work_counts_a_person_with_both_an_umbrella_company_and_own_business_once():
    for _ in range(5):
        user = resident(joined=date(2024, 6, 1))
        step(user, Kind.UMBRELLA, date(2025, 2, 3))
        step(user, Kind.OWN_BUSINESS, date(2025, 2, 17))
    # Ten milestones of five people: five, not the sum of two rows of five.
    assert funnel()["Egenanställning eller eget företag"] == ["5", "5"]


def test_own_work_is_reached_by_whichever_of_the_two_came_first():
    users = [resident(joined=date(2024, 6, 1)) for _ in range(5)]
    for user in users:
        step(user, Kind.UMBRELLA, date(2025, 1, 15))
        step(user, Kind.OWN_BUSINESS, date(2025, 2, 17))
    # Own business in February, but own work began with the umbrella company in January.
    assert funnel()["Egenanställning eller eget företag"] == ["5", "0"]


def test_fewer_than_five_people_are_shown_as_less_than_five_on_the_page_and_in_the_download():
    for _ in range(3):
        step(resident(joined=date(2024, 6, 1)), Kind.EMPLOYMENT, date(2025, 2, 12))
    step(resident(joined=date(2024, 6, 1)), Kind.STUDIES, date(2025, 1, 12))
    rows = funnel()
    assert rows["Fick en anställning"] == ["<5", "<5"]
    assert rows["Började studera"] == ["<5", "0"]
    assert rows["Registrerade"] == ["<5", "0"]
    with translation.override("sv"):
        table = statistics.pathway_funnel(municipality(), FEBRUARY)
    from municipalities.exports import table_csv

    lines = list(csv.reader(io.StringIO(table_csv(table).decode("utf-8-sig")), delimiter=";"))
    assert ["Fick en anställning", "<5", "<5"] in lines
    assert "3" not in {cell for line in lines for cell in line}


def test_every_cell_is_a_published_count_of_people_never_an_exact_one():
    users = [resident(joined=date(2025, 2, 1)) for _ in range(7)]
    for user in users[:6]:
        step(user, Kind.FIRST_ASSIGNMENT, date(2025, 2, 2))
    for user in users[:3]:
        step(user, Kind.THREE_ASSIGNMENTS, date(2025, 2, 20))
    with translation.override("sv"):
        table = statistics.pathway_funnel(municipality(), FEBRUARY)
    for row in table.rows:
        for cell in row[1:]:
            assert cell.suppressed or cell.rounded or cell.value == 0, row
    # 7 registered and 6 with a first assignment are both published as 5: their difference, one
    # person with none, cannot be read off the table.
    assert funnel()["Registrerade"] == ["5", "5"]
    assert funnel()["Första uppdraget klart"] == ["5", "5"]


def test_a_resident_of_another_municipality_does_not_count():
    for _ in range(5):
        user = resident(joined=date(2025, 2, 2), place=locality("Norsjö", "2417"))
        step(user, Kind.FIRST_ASSIGNMENT, date(2025, 2, 10))
    # No home locality at all: lives nowhere the funnel can place.
    nowhere = MemberProfileFactory(home_locality=None).user
    step(nowhere, Kind.FIRST_ASSIGNMENT, date(2025, 2, 10))
    assert funnel()["Registrerade"] == ["0", "0"]
    assert funnel()["Första uppdraget klart"] == ["0", "0"]
    assert funnel(code="2417")["Första uppdraget klart"] == ["5", "5"]


def test_a_resident_counts_where_they_live_wherever_the_assignment_was():
    # Five Lycksele residents whose first assignment was in Norsjö.
    for _ in range(5):
        step(resident(joined=date(2024, 6, 1)), Kind.FIRST_ASSIGNMENT, date(2025, 2, 10))
    assert funnel()["Första uppdraget klart"] == ["5", "5"]
    assert funnel(code="2417")["Första uppdraget klart"] == ["0", "0"]


def test_first_assignments_the_site_records_when_an_association_confirms_the_work_count():
    association = AssociationFactory()
    coordinator = AssociationMembership.objects.create(
        user=MemberProfileFactory().user, association=association, role=AssociationMembership.Role.COORDINATOR
    ).user
    for _ in range(5):
        assignment = AssignmentFactory(association=association, starts_at=timezone.now() - timedelta(days=1))
        user = MemberProfileFactory(home_locality=locality("Hedlunda")).user
        claim = ClaimFactory(assignment=assignment, resident=user, status=Claim.Status.ACCEPTED)
        claim_confirm(claim=claim, by=coordinator, hours=Decimal("2"))
    assert Milestone.objects.filter(kind=Kind.FIRST_ASSIGNMENT, automatic=True).count() == 5
    this_month = Period.named("this_month", today=timezone.localdate())
    rows = funnel(this_month)
    assert rows["Första uppdraget klart"] == ["5", "5"]
    assert rows["Minst tre uppdrag klara"] == ["0", "0"]


def test_the_funnel_runs_one_query_for_one_resident_or_many(django_assert_num_queries):
    lycksele = municipality("2481")
    step(resident(joined=date(2025, 1, 3)), Kind.FIRST_ASSIGNMENT, date(2025, 2, 1))
    # the residents grouped with their first date per step, counted per column in the same query
    with django_assert_num_queries(1):
        statistics.pathway_funnel(lycksele, FEBRUARY)
    for _ in range(12):
        user = resident(joined=date(2025, 1, 3))
        for kind in (Kind.FIRST_ASSIGNMENT, Kind.THREE_ASSIGNMENTS, Kind.TRAINING, Kind.UMBRELLA, Kind.STUDIES):
            step(user, kind, date(2025, 2, 4))
    with django_assert_num_queries(1), translation.override("sv"):
        table = statistics.pathway_funnel(lycksele, FEBRUARY)
    assert [str(cell) for cell in table.rows[2]] == ["Minst tre uppdrag klara", "10", "10"]


def test_how_it_is_counted_says_rows_count_people_on_their_own_by_the_steps_date_only_in_numbers():
    with translation.override("sv"):
        how = statistics.pathway_funnel(municipality(), FEBRUARY).how
    assert "Varje rad räknar personer för sig" in how
    assert "efter datumet på steget" in how
    assert "Bara antal visas, aldrig vem." in how
    assert "färre än 5 visas som ”<5”" in how


# On the dashboard ---------------------------------------------------------------------------

PAGE = "/kommuner/2481/statistik/"
FEBRUARY_QUERY = "?from=2025-02&to=2025-02"


@pytest.fixture
def viewer(db):
    return StaffMembershipFactory(municipality=municipality("2481"), role=StaffMembership.Role.VIEWER).user


def test_the_dashboard_shows_the_funnel_beside_the_road_to_work_with_its_how(client, viewer):
    AssignmentFactory(published_at=datetime(2025, 1, 10, 12, tzinfo=TZ))  # the statistics start here
    for _ in range(3):
        step(resident(joined=date(2025, 2, 3)), Kind.TRAINING, date(2025, 2, 10))
    client.force_login(viewer)
    content = client.get(PAGE + FEBRUARY_QUERY).content.decode()
    section = content[content.index('id="tabell-pathway_funnel"') :]
    section = section[: section.index("</section>")]
    assert '<h2 id="tabell-pathway_funnel-title">Vägen till arbete – steg</h2>' in section
    assert "Varje rad räknar personer för sig" in section
    assert '<th scope="row">Kurs eller utbildning klar</th><td>&lt;5</td><td>&lt;5</td>' in section
    assert "Diagrammet visar: Hade nått steget vid periodens slut." in section
    # The employment effect keeps its own name and table.
    assert '<h2 id="tabell-employment_effect-title">Vägen till arbete</h2>' in content
    assert 'href="#tabell-pathway_funnel"' in content


def test_the_funnel_downloads_as_csv_and_is_in_the_print_view(client, viewer):
    AssignmentFactory(published_at=datetime(2025, 1, 10, 12, tzinfo=TZ))
    for _ in range(5):
        step(resident(joined=date(2025, 2, 3)), Kind.EMPLOYMENT, date(2025, 2, 10))
    client.force_login(viewer)
    response = client.get(PAGE + "pathway_funnel.csv" + FEBRUARY_QUERY)
    assert (
        'filename="statistik-2481-vagen-till-arbete-steg-2025-02-01-2025-02-28.csv"'
        in (response["Content-Disposition"])
    )
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert lines[0] == ["Steg", "Hade nått steget vid periodens slut", "Nådde steget under perioden"]
    assert ["Fick en anställning", "5", "5"] in lines
    printed = client.get(PAGE + "utskrift/" + FEBRUARY_QUERY).content.decode()
    assert "Vägen till arbete – steg" in printed
    assert '<th scope="row">Fick en anställning</th><td>5</td><td>5</td>' in printed
