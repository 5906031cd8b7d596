"""The municipality's figures against small data sets computed by hand."""

import csv
import io
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import openpyxl
import pytest
from django.db import connection, transaction
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from assignments.models import Assignment, Category, Claim
from members.models import MemberProfile, SituationChange
from members.services import profile_update
from municipalities import statistics
from municipalities.exports import table_csv, table_xlsx
from municipalities.statistics import TZ, Count, Period, PeriodError
from tests.factories import AssignmentFactory, AssociationFactory, ClaimFactory, UserFactory, locality, municipality

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 15)
NOW = datetime(2026, 3, 15, 12, tzinfo=TZ)


def at(year, month, day, hour=12) -> datetime:
    return datetime(year, month, day, hour, tzinfo=TZ)


def make_assignment(*, published, status="published", slots=1, taken=0, updated=None, **fields) -> Assignment:
    assignment = AssignmentFactory(status=status, published_at=published, slots=slots, **fields)
    Assignment.objects.filter(pk=assignment.pk).update(places_taken=taken, updated_at=updated or published)
    assignment.refresh_from_db()
    return assignment


def make_claim(assignment, resident=None, *, created, status="confirmed", decided=None, hours=None) -> Claim:
    if status == "confirmed" and hours is None:
        hours = Decimal("2")
    claim = ClaimFactory(
        assignment=assignment,
        resident=resident or UserFactory(),
        status=status,
        decided_at=decided,
        hours_confirmed=hours if status == "confirmed" else None,
    )
    Claim.objects.filter(pk=claim.pk).update(created_at=created)
    return claim


def by_key(figures) -> dict:
    return {figure.key: figure for figure in figures}


# Periods ---------------------------------------------------------------------------------


def test_named_periods_are_whole_calendar_units_relative_to_today_ending_today_while_they_go_on():
    assert (Period.named("this_month", today=TODAY).start, Period.named("this_month", today=TODAY).end) == (
        date(2026, 3, 1),
        date(2026, 3, 16),
    )
    assert Period.named("last_month", today=TODAY) == Period(date(2026, 2, 1), date(2026, 3, 1))
    quarter = Period.named("this_quarter", today=date(2026, 5, 20))
    assert (quarter.start, quarter.end, quarter.span_months) == (date(2026, 4, 1), date(2026, 5, 21), 3)
    year = Period.named("this_year", today=TODAY)
    assert (year.start, year.end, year.span_months) == (date(2026, 1, 1), date(2026, 3, 16), 12)
    last_12 = Period.named("last_12_months", today=TODAY)
    assert (last_12.start, last_12.end, last_12.ongoing) == (date(2025, 4, 1), date(2026, 3, 16), True)
    assert Period.named("last_month", today=date(2026, 1, 3)) == Period(date(2025, 12, 1), date(2026, 1, 1))


def test_previous_period_has_the_same_number_of_whole_months():
    assert Period.months(date(2024, 3, 1), date(2024, 3, 31)).previous() == Period(date(2024, 2, 1), date(2024, 3, 1))
    quarter = Period.named("last_month", today=date(2026, 2, 1))
    assert quarter.previous() == Period(date(2025, 12, 1), date(2026, 1, 1))
    odd = Period(date(2026, 3, 10), date(2026, 3, 17))
    assert odd.previous() == Period(date(2026, 3, 3), date(2026, 3, 10))


def test_an_ongoing_period_says_so_and_is_compared_with_the_same_days_of_the_period_before():
    year = Period.named("this_year", today=TODAY)
    with translation.override("sv"):
        assert year.label == "1 jan 2026 – 15 mar 2026 (pågår, till och med i dag)"
        assert year.previous().label == "1 jan 2025 – 15 mar 2025"
        assert Period.named("last_month", today=TODAY).label == "1 feb 2026 – 28 feb 2026"
    # On the 31st, this month is compared with the whole of a shorter month before.
    month = Period.named("this_month", today=date(2026, 3, 31))
    assert (month.previous().start, month.previous().end) == (date(2026, 2, 1), date(2026, 3, 1))
    # Own months up to the current one go on too: January–15 March beside October–16 December.
    own = statistics.period_from_query(QueryDict("from=2026-01&to=2026-03"), today=TODAY, earliest=None)
    assert own.ongoing
    assert (own.previous().start, own.previous().end) == (date(2025, 10, 1), date(2025, 12, 16))


def test_work_done_later_in_last_years_period_is_not_compared_with_this_years_days_so_far():
    assignment = make_assignment(published=at(2025, 1, 5))
    make_claim(assignment, created=at(2025, 1, 6), decided=at(2025, 3, 10), hours=Decimal("2"))
    make_claim(assignment, created=at(2025, 1, 6), decided=at(2025, 6, 10), hours=Decimal("5"))
    figures = by_key(statistics.figures(municipality(), Period.named("this_year", today=TODAY)))
    # 1 January – 15 March 2025 had 2 hours; the 5 in June came after the same day last year.
    assert str(figures["hours_confirmed"].previous) == "2"


def test_leap_february_has_29_days_and_a_label_ending_on_the_29th():
    february = Period.months(date(2024, 2, 1), date(2024, 2, 1))
    start, end = february.bounds()
    assert end - start == timedelta(days=29)
    with translation.override("sv"):
        assert february.label.endswith("29 feb 2024")


def test_a_dst_month_is_bounded_by_local_midnights():
    march = Period.months(date(2026, 3, 1), date(2026, 3, 1))
    start, end = march.bounds()
    assert (start.hour, end.hour) == (0, 0)
    # The clocks go forward on 29 March: the month is an hour short of 31 days.
    assert end.astimezone(UTC) - start.astimezone(UTC) == timedelta(days=31) - timedelta(hours=1)
    october = [moment.astimezone(UTC) for moment in Period.months(date(2026, 10, 1), date(2026, 10, 1)).bounds()]
    assert october[1] - october[0] == timedelta(days=31, hours=1)


def test_a_claim_at_half_past_midnight_local_time_counts_in_the_new_month(django_assert_num_queries):
    assignment = make_assignment(published=at(2026, 1, 1))
    # 00:30 on 1 March in Stockholm is 23:30 on 28 February in UTC.
    make_claim(assignment, created=at(2026, 2, 20), decided=at(2026, 3, 1, 0) + timedelta(minutes=30))
    march = Period.months(date(2026, 3, 1), date(2026, 3, 1))
    assert statistics.hours_confirmed(municipality(), [march, march.previous()]) == [Decimal("2.0"), Decimal("0.0")]


def test_period_from_query_reads_names_and_months():
    assert statistics.period_from_query(QueryDict(""), today=TODAY, earliest=None) == Period.named(
        "last_12_months", today=TODAY
    )
    assert statistics.period_from_query(QueryDict("period=this_year"), today=TODAY, earliest=None).start == date(
        2026, 1, 1
    )
    assert statistics.period_from_query(
        QueryDict("from=2025-11&to=2026-02"), today=TODAY, earliest=date(2024, 5, 5)
    ) == Period(date(2025, 11, 1), date(2026, 3, 1))


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("from=2026-13&to=2026-02", "är inte en månad"),
        ("from=hej&to=2026-02", "är inte en månad"),
        ("from=2026-02", "både en första och en sista"),
        ("from=2026-02&to=2025-12", "sista månaden är före den första"),
        ("from=2019-01&to=2026-02", "högst fem år"),
        ("from=2026-01&to=2026-09", "efter den här månaden"),
        ("from=2023-01&to=2023-06", "första uppdrag publicerades"),
        ("period=forever", "Välj en av perioderna"),
    ],
)
def test_bad_periods_give_a_plain_message(query, message):
    with translation.override("sv"), pytest.raises(PeriodError) as error:
        statistics.period_from_query(QueryDict(query), today=TODAY, earliest=date(2024, 5, 5))
    assert message in str(error.value)


# Counts ----------------------------------------------------------------------------------


def test_counts_are_written_the_swedish_way_and_suppressed_as_less_than_five():
    with translation.override("sv"):
        assert str(Count(1234)).replace("\xa0", " ") == "1 234"
        assert str(Count(Decimal("12.5"))) == "12,5"
        assert str(Count(Decimal("12.0"))) == "12"
        assert str(statistics.people(3)) == "<5"
        assert str(statistics.people(0)) == "0"
        assert str(statistics.people(5)) == "5"


# Figures ---------------------------------------------------------------------------------


@pytest.fixture
def february():
    """A hand-computed February 2026 in Lycksele, and one row in January for "previous".

    Published in February: A (filled by 2 people, completed), B (cancelled unfilled), C (expired),
    D (paid, hourly 200 kr via egenanställning, one confirmed claim of 3 h). In January: E (published).
    Elsewhere (Norsjö): F, which must not count.
    """
    paid = dict(compensation=Assignment.Compensation.HOURLY, amount_sek=Decimal("200"), payment_route="umbrella")
    a = make_assignment(published=at(2026, 2, 2), status="completed", slots=2, taken=2, completed_at=at(2026, 2, 20))
    make_claim(a, created=at(2026, 2, 3), decided=at(2026, 2, 21), hours=Decimal("4"))  # first sign-up after 1 day
    make_claim(a, created=at(2026, 2, 6), decided=at(2026, 2, 21), hours=Decimal("3.5"))  # filled after 4 days
    b = make_assignment(published=at(2026, 2, 4), status="cancelled", cancelled_at=at(2026, 2, 10))
    make_claim(b, created=at(2026, 2, 7), status="withdrawn")  # first sign-up after 3 days
    make_assignment(published=at(2026, 2, 5), status="expired", updated=at(2026, 2, 25))
    d = make_assignment(published=at(2026, 2, 8), status="filled", taken=1, **paid)
    make_claim(d, created=at(2026, 2, 10), decided=at(2026, 2, 26), hours=Decimal("3"))
    make_assignment(published=at(2026, 1, 12))
    norsjo = AssociationFactory(municipality=municipality("2417"))
    make_assignment(published=at(2026, 2, 9), association=norsjo, locality=locality("Norsjö", "2417"))
    return Period.months(date(2026, 2, 1), date(2026, 2, 1))


def test_each_headline_figure_matches_the_hand_computed_february(february):
    figures = by_key(statistics.figures(municipality(), february))
    expected = {
        "assignments_published": (4, 1),
        "assignments_claimed": (3, 0),
        "assignments_filled": (2, 0),
        "assignments_completed": (1, 0),
        "assignments_cancelled": (1, 0),
        "assignments_expired": (1, 0),
        # A and D of the four published are filled: 50 %; in January E of one is not: 0 %.
        "fill_rate": (Decimal("50.0"), Decimal("0.0")),
        # First sign-ups after 1, 3 and 2 days: median 2 days.
        "median_days_to_first_claim": (Decimal("2.0"), None),
        # A filled 4 days after publishing, D 2 days after: median 3 days.
        "median_days_to_filled": (Decimal("3.0"), None),
        "hours_confirmed": (Decimal("10.5"), Decimal("0.0")),
        "hours_voluntary": (Decimal("7.5"), Decimal("0.0")),
        "hours_paid": (Decimal("3.0"), Decimal("0.0")),
        "compensation_umbrella": (Decimal("600"), Decimal("0")),
        "compensation_f_tax": (Decimal("0"), Decimal("0")),
        "active_associations": (4, 1),
    }
    for key, (current, previous) in expected.items():
        assert (figures[key].current.value, figures[key].previous.value) == (current, previous), key
    # Three people: a count of people under 5.
    assert str(figures["residents_engaged"].current) == "<5"


def test_every_figure_has_a_label_a_unit_and_a_plain_explanation(february):
    for figure in statistics.figures(municipality(), february):
        assert figure.label and figure.unit and len(figure.how) > 30


def test_both_periods_of_a_figure_are_written_with_the_same_decimals(february):
    with translation.override("sv"):
        figures = by_key(statistics.figures(municipality(), february))
        hours = figures["hours_confirmed"]
        assert (str(hours.current), str(hours.previous)) == ("10,5", "0,0")
        published = figures["assignments_published"]
        assert (str(published.current), str(published.previous)) == ("4", "1")


def test_fill_rate_expired_and_payment_routes_say_what_they_count(february):
    with translation.override("sv"):
        figures = by_key(statistics.figures(municipality(), february))
        routes = statistics.by_payment_route(municipality(), february)
    assert figures["fill_rate"].label == "Andel fullsatta av uppdragen publicerade under perioden"
    assert "inte ”Fullsatta uppdrag” delat med ”Publicerade uppdrag”" in figures["fill_rate"].how
    expired = figures["assignments_expired"]
    assert expired.label == "Uppdrag som gick ut utan att någon fick en plats"
    assert "utan att någon hade fått en plats" in expired.how
    # One wording per payment route: the assignment form's, on the cards and in the table.
    assert [row[0] for row in routes.rows] == [
        "Via egenanställningsföretag",
        "Eget företag med F-skatt",
        "Anställd av föreningen",
    ]
    assert [figures[f"compensation_{route}"].label for route in ("umbrella", "f_tax", "employment")] == [
        f"Ersättning: {row[0]}" for row in routes.rows
    ]


def test_breakdowns_by_category_and_locality_split_the_same_february(february):
    category = Category.objects.get(slug="snorojning-och-vinter")
    table = statistics.by_category(municipality(), february)
    (row,) = table.rows
    assert row[0] == category.name_sv
    assert [cell.value for cell in row[1:4]] == [4, 1, Decimal("10.5")]
    assert str(row[4]) == "<5"
    places = sorted({a.locality.name for a in Assignment.objects.filter(locality__municipality__code="2481")})
    assert [r[0] for r in statistics.by_locality(municipality(), february).rows] == places


def test_unmet_demand_counts_expired_and_cancelled_unfilled_by_category_and_locality(february):
    table = statistics.unmet_demand(municipality(), february)
    place = Assignment.objects.get(status="expired").locality.name
    assert Assignment.objects.get(status="cancelled").locality.name == place
    assert [[str(cell) for cell in row] for row in table.rows] == [
        [Category.objects.get(slug="snorojning-och-vinter").name_sv, place, "2", "2"]
    ]


def test_goal_progress_is_the_yearly_target_shared_over_the_months(february):
    from municipalities.models import DevelopmentGoal

    goal = DevelopmentGoal.objects.create(
        municipality=municipality(), title="Fler timmar i byarna", target_kind="hours", target_per_year=120
    )
    Assignment.objects.get(published_at=at(2026, 2, 2)).development_goals.add(goal)
    table = statistics.by_goal(municipality(), february)
    (row,) = table.rows
    # 7.5 hours of a target of 120 / 12 = 10 hours for one month: 75 %.
    assert [str(cell) for cell in row[1:3]] + [str(cell) for cell in row[4:]] == ["1", "7,5", "10", "timmar", "75"]
    assert table.columns[4:] == ["Mål för perioden", "Enhet", "Uppnått, %"]


@pytest.mark.parametrize(
    ("kind", "per_year", "months", "done", "shown"),
    [
        # 40 assignments a year is 3.33 for a month: 3 done is 90 %, not 3 of a rounded 3 = 100 %.
        ("assignments", 40, (3, 3), 3, ["3,3", "uppdrag", "90"]),
        # 25 hours a year is 12.5 for January–June: 25 hours is 200 %, not 25 of 13 = 192,3 %.
        ("hours", 25, (1, 6), 25, ["12,5", "timmar", "200"]),
        ("hours", 600, (1, 12), 150, ["600", "timmar", "25"]),
    ],
)
def test_goal_progress_divides_by_the_exact_target_shown_with_its_unit(kind, per_year, months, done, shown):
    from municipalities.models import DevelopmentGoal

    goal = DevelopmentGoal.objects.create(
        municipality=municipality(), title="Målet", target_kind=kind, target_per_year=per_year
    )
    month = months[0]
    for _ in range(done if kind == "assignments" else 1):
        assignment = make_assignment(published=at(2025, month, 1), status="completed", completed_at=at(2025, month, 2))
        assignment.development_goals.add(goal)
        hours = Decimal(done) if kind == "hours" else Decimal("1")
        make_claim(assignment, created=at(2025, month, 1, 13), decided=at(2025, month, 3), hours=hours)
    period = Period.months(date(2025, months[0], 1), date(2025, months[1], 1))
    with translation.override("sv"):
        (row,) = statistics.by_goal(municipality(), period).rows
        assert [str(cell) for cell in row[4:]] == shown


def test_the_monthly_series_spans_24_months_ending_with_the_period(february):
    table = statistics.monthly(municipality(), february)
    assert len(table.rows) == 24
    assert [cell.value for cell in table.rows[-1][1:4]] == [4, 1, Decimal("10.5")]
    assert table.rows[-2][1].value == 1


def test_dashboard_runs_the_same_number_of_queries_whatever_the_amount_of_data(february):
    period = Period.named("last_12_months", today=TODAY)
    with CaptureQueriesContext(connection) as small:
        statistics.dashboard(municipality(), period, now=NOW)
    for n in range(6):
        assignment = make_assignment(published=at(2025, 6 + n, 3), status="completed", completed_at=at(2025, 7 + n, 1))
        for _ in range(3):
            make_claim(assignment, created=at(2025, 6 + n, 4), decided=at(2025, 7 + n, 2))
    with CaptureQueriesContext(connection) as large:
        statistics.dashboard(municipality(), period, now=NOW)
    # the municipality; 2 for the headline figures (every assignment figure with the medians, and
    # every figure of confirmed work: hours, pay, people), 9 for the tables (one for the three
    # breakdowns, one for the goals, three for the monthly series, one for unmet demand, two for
    # both situation tables, one for the pathway funnel; payment routes reuse the headline query).
    assert len(small) == len(large) == 12


# Suppression -----------------------------------------------------------------------------


def engage(count: int, month: int, *, year=2026, residents=None, **fields) -> list:
    """`count` residents (or the given ones), each with one confirmed claim in that month."""
    assignment = make_assignment(
        published=at(year, month, 1), status="completed", slots=100, taken=0, completed_at=at(year, month, 2), **fields
    )
    residents = residents or UserFactory.create_batch(count)
    for resident in residents:
        make_claim(assignment, resident, created=at(year, month, 1, 13), decided=at(year, month, 3))
    return residents


@pytest.mark.parametrize(
    ("engaged", "shown"),
    [(0, "0"), (1, "<5"), (3, "<5"), (4, "<5"), (5, "5"), (7, "5"), (8, "10"), (12, "10"), (13, "15")],
)
def test_people_are_shown_as_zero_under_five_or_rounded_to_the_nearest_five(engaged, shown):
    if engaged:
        engage(engaged, 2)
    figures = by_key(statistics.figures(municipality(), Period.months(date(2026, 2, 1), date(2026, 2, 1))))
    current = figures["residents_engaged"].current
    assert str(current) == shown
    assert current.suppressed == (shown == "<5")
    assert current.rounded == (engaged >= 5)
    assert str(figures["residents_engaged"].previous) == "0"


def small_group_world(small: int, *, association) -> None:
    """Eight regulars engaged in March 2026 (snow clearing), and a small group of `small` people
    engaged only in February (gardening). The small group shares 12 confirmed hours, so that two
    worlds differ in the number of people and in nothing else."""
    engage(8, 3, association=association)
    gardening = make_assignment(
        published=at(2026, 2, 1),
        status="completed",
        slots=100,
        completed_at=at(2026, 2, 2),
        association=association,
        category=Category.objects.get(slug="tradgard-och-utemiljo"),
    )
    for _ in range(small):
        make_claim(gardening, created=at(2026, 2, 1, 13), decided=at(2026, 2, 3), hours=Decimal(12) / small)


# February, March, and the periods one month longer or shorter than each other.
SMALL_GROUP_PERIODS = [
    Period.months(date(2026, 2, 1), date(2026, 2, 1)),
    Period.months(date(2026, 3, 1), date(2026, 3, 1)),
    Period.months(date(2026, 2, 1), date(2026, 3, 1)),
    Period.months(date(2026, 1, 1), date(2026, 3, 1)),
    Period.months(date(2026, 1, 1), date(2026, 2, 1)),
]


def xlsx_values(data: bytes) -> list[tuple]:
    return list(openpyxl.load_workbook(io.BytesIO(data)).worksheets[0].iter_rows(values_only=True))


def everything_published(periods: list[Period]) -> list:
    """Every figure and every table of the dashboard for each period, as text and as CSV and XLSX."""
    out = []
    with translation.override("sv"):
        for period in periods:
            board = statistics.dashboard(municipality(), period, now=NOW)
            out.append([(f.key, str(f.current), str(f.previous)) for f in board.figures])
            out += [(t.key, table_csv(t), xlsx_values(table_xlsx(t))) for t in board.tables]
    return out


def test_a_small_group_of_one_three_or_four_people_publishes_exactly_the_same_numbers_everywhere():
    association = AssociationFactory()
    worlds = {}
    for small in (1, 3, 4):
        with transaction.atomic():
            small_group_world(small, association=association)
            worlds[small] = everything_published(SMALL_GROUP_PERIODS)
            transaction.set_rollback(True)
    # Nothing on the dashboard or in its downloads, for any of these periods, tells 3 from 1 or 4,
    # so no subtraction can give the 3 exactly.
    assert worlds[3] == worlds[1]
    assert worlds[3] == worlds[4]


def test_a_month_more_and_a_table_total_only_ever_differ_by_multiples_of_five():
    small_group_world(3, association=AssociationFactory())
    march, feb_mar = SMALL_GROUP_PERIODS[1], SMALL_GROUP_PERIODS[2]
    with translation.override("sv"):
        engaged = {
            period: by_key(statistics.figures(municipality(), period))["residents_engaged"].current
            for period in (march, feb_mar)
        }
        # March has 8 people, February–March 11: 3 more, yet both show 10.
        assert [str(engaged[march]), str(engaged[feb_mar])] == ["10", "10"]
        # The table's rows are 8 and 3 people and its total, beside it, 11: shown as 10, <5 and 10.
        table = statistics.by_category(municipality(), feb_mar)
        assert {row[0]: str(row[4]) for row in table.rows} == {
            Category.objects.get(slug="snorojning-och-vinter").name_sv: "10",
            Category.objects.get(slug="tradgard-och-utemiljo").name_sv: "<5",
        }
        board = statistics.dashboard(municipality(), feb_mar, now=NOW)
    people_cells = [f.current for f in board.figures if f.key.startswith("residents_")]
    people_cells += [cell for t in board.tables for row in t.rows for cell in row if getattr(cell, "rounded", False)]
    assert people_cells and all(cell.suppressed or cell.value % 5 == 0 for cell in people_cells)


def test_csv_and_xlsx_show_rounded_people_and_under_five():
    small_group_world(3, association=AssociationFactory())
    with translation.override("sv"):
        table = statistics.by_category(municipality(), SMALL_GROUP_PERIODS[2])
        rows = list(csv.reader(io.StringIO(table_csv(table).decode("utf-8-sig")), delimiter=";"))
        sheet = xlsx_values(table_xlsx(table))
    assert [row[4] for row in rows[1:]] == ["10", "<5"]
    assert [row[4] for row in sheet[1:]] == [10, "<5"]


def test_progress_towards_a_goal_in_residents_is_counted_from_the_rounded_number():
    from municipalities.models import DevelopmentGoal

    march = Period.months(date(2026, 3, 1), date(2026, 3, 1))
    for title, engaged in (("A: åtta personer", 8), ("B: tre personer", 3)):
        goal = DevelopmentGoal.objects.create(
            municipality=municipality(), title=title, target_kind="residents", target_per_year=240
        )
        first = engage(engaged, 3)[0]
        Assignment.objects.get(claims__resident=first).development_goals.add(goal)
    with translation.override("sv"):
        rows = {row[0]: [str(cell) for cell in row[3:]] for row in statistics.by_goal(municipality(), march).rows}
    # A target of 240 a year is 20 for the month. 8 people are shown as 10: 50 %, not the 40 % that
    # would give the 8 away. 3 people are "<5", and so is no progress shown.
    assert rows == {
        "A: åtta personer": ["10", "20", "invånare", "50"],
        "B: tre personer": ["<5", "20", "invånare", "–"],
    }


def test_no_progress_is_shown_against_a_target_of_fewer_than_five_people():
    from municipalities.models import DevelopmentGoal

    goal = DevelopmentGoal.objects.create(
        municipality=municipality(), title="Några fler", target_kind="residents", target_per_year=24
    )
    first = engage(6, 3)[0]
    Assignment.objects.get(claims__resident=first).development_goals.add(goal)
    with translation.override("sv"):
        table = statistics.by_goal(municipality(), Period.months(date(2026, 3, 1), date(2026, 3, 1)))
    # 6 people shown as 5 against a target of 2 would read 250 %: the share is left out, and said why.
    assert [str(cell) for cell in table.rows[0][3:]] == ["5", "2", "invånare", "–"]
    assert "målet för perioden är färre än 5 personer" in table.how


def test_every_people_figure_says_how_it_is_rounded(february):
    with translation.override("sv"):
        figures = by_key(statistics.figures(municipality(), february))
        tables = statistics.dashboard(municipality(), february, now=NOW).tables
    for key in ("residents_engaged", "residents_first_time", "residents_three_plus"):
        assert "avrundas till närmaste femtal" in figures[key].how, key
    for table in tables:
        if table.key not in ("unmet_demand", "by_payment_route"):
            assert "avrundas till närmaste femtal" in table.how, table.key


# Situation history -----------------------------------------------------------------------


def test_profile_update_records_each_change_of_situation_and_a_withdrawal():
    resident = UserFactory()
    MemberProfile.objects.create(user=resident)
    base = dict(skills=[], interests=[], display_name="Saga")
    profile_update(user=resident, situation_consent=True, situation="job_seeking", **base)
    profile_update(user=resident, situation_consent=True, situation="job_seeking", **base)
    profile_update(user=resident, situation_consent=True, situation="employed", **base)
    profile_update(user=resident, situation_consent=False, situation="", **base)
    # Withdrawing consent keeps only the dated withdrawal: nothing given with the consent stays.
    history = list(SituationChange.objects.filter(user=resident).values_list("situation", "consent"))
    assert history == [("", False)]
    # A later consent starts a new history; the old situations do not come back.
    profile_update(user=resident, situation_consent=True, situation="student", **base)
    history = list(SituationChange.objects.filter(user=resident).values_list("situation", "consent"))
    assert history == [("", False), ("student", True)]


def effect_cohort(n: int, *, later: str | None, months_later: int, consent_withdrawn=False):
    residents = engage(n, 2, year=2025)
    for resident in residents:
        SituationChange.objects.create(user=resident, situation="job_seeking", recorded_at=at(2024, 6, 1))
        if later:
            SituationChange.objects.create(
                user=resident, situation=later, recorded_at=at(2025, 2, 3) + timedelta(days=30 * months_later)
            )
        if consent_withdrawn:
            SituationChange.objects.create(user=resident, situation="", consent=False, recorded_at=at(2026, 1, 1))
    return residents


def test_employment_effect_follows_job_seekers_from_their_first_completed_assignment():
    effect_cohort(6, later="employed", months_later=3)  # within 6 months
    effect_cohort(5, later="self_employed", months_later=9)  # within 12 months only
    effect_cohort(5, later=None, months_later=0)  # no change
    table = statistics.employment_effect(municipality(), Period.months(date(2025, 2, 1), date(2025, 2, 1)), now=NOW)
    job_seekers = next(row for row in table.rows if row[0] == "Arbetssökande")
    # 16 people, 6 of them within 6 months and 11 within 12, published rounded to fives.
    assert [str(cell) for cell in job_seekers[1:]] == ["15", "5", "10"]


def test_the_road_to_work_charts_the_outcome_and_says_when_the_follow_up_is_not_complete():
    from municipalities import charts

    effect_cohort(6, later="employed", months_later=3)
    with translation.override("sv"):
        done = statistics.employment_effect(municipality(), Period.months(date(2025, 2, 1), date(2025, 2, 1)), now=NOW)
        recent = statistics.employment_effect(
            municipality(), Period.months(date(2025, 6, 1), date(2025, 6, 1)), now=NOW
        )
        svg = str(charts.chart_svg(done))
    assert done.columns[done.chart_column] == "Inom 12 månader"
    assert "Vägen till arbete: Inom 12 månader" in svg
    assert "Uppföljningen är inte klar" not in done.how
    assert "Uppföljningen är inte klar" in recent.how


def test_withdrawn_consent_takes_residents_out_of_the_employment_effect():
    effect_cohort(6, later="employed", months_later=3)
    effect_cohort(5, later="employed", months_later=3, consent_withdrawn=True)
    table = statistics.employment_effect(municipality(), Period.months(date(2025, 2, 1), date(2025, 2, 1)), now=NOW)
    job_seekers = next(row for row in table.rows if row[0] == "Arbetssökande")
    # The 6 who still consent (not 11), shown rounded as 5.
    assert [str(cell) for cell in job_seekers[1:]] == ["5", "5", "5"]


def test_situation_history_starts_from_todays_consented_situation():
    from importlib import import_module

    from django.apps import apps

    resident = UserFactory()
    MemberProfile.objects.create(user=resident, situation="student", situation_consent_at=at(2025, 5, 1))
    SituationChange.objects.all().delete()
    import_module("members.migrations.0007_situation_history").backfill(apps, None)
    assert list(SituationChange.objects.values_list("user", "situation", "recorded_at")) == [
        (resident.pk, "student", at(2025, 5, 1))
    ]


# The public page -------------------------------------------------------------------------


def test_the_public_page_shows_the_same_numbers_as_the_dashboard_for_the_last_12_months(client):
    today = timezone.localdate()
    month = today.replace(day=1)
    published = datetime.combine(month - timedelta(days=40), datetime.min.time(), tzinfo=TZ) + timedelta(hours=12)
    for _ in range(2):
        assignment = make_assignment(published=published, status="completed", completed_at=published)
        for _ in range(4):
            make_claim(assignment, created=published, decided=published, hours=Decimal("2.5"))
    page = client.get("/kommuner/2481/").content.decode()
    board = by_key(statistics.dashboard(municipality(), Period.named("last_12_months", today=today)).figures)
    for key in statistics.PUBLIC_KEYS:
        figure = board[key]
        assert f'<p class="figure-card__value">{figure.current}' in page, key
    # 20 hours are not people and stay exact; 8 people are shown as 10 on both pages.
    assert str(board["hours_confirmed"].current) == "20"
    assert str(board["residents_engaged"].current) == "10"
    assert "Antal personer avrundas till närmaste femtal och färre än 5 visas som ”&lt;5”" in page
    assert "Så räknas det" in page
    assert "CC0 1.0" in page


def test_a_full_assignment_that_is_cancelled_is_not_demand_that_went_unmet():
    """Cancelling gives the accepted sign-ups' places back; the demand was met all the same."""
    from assignments import services
    from associations.models import AssociationMembership
    from tests.factories import MembershipFactory

    today = timezone.localdate()
    full = AssignmentFactory(slots=2, claim_mode=Assignment.ClaimMode.FIRST_COME, title="Fullt")
    half = AssignmentFactory(
        slots=2, claim_mode=Assignment.ClaimMode.FIRST_COME, title="Halvt", association=full.association
    )
    for _ in range(2):
        services.claim_create(assignment=full, resident=UserFactory())
    services.claim_create(assignment=half, resident=UserFactory())
    manager = MembershipFactory(association=full.association, role=AssociationMembership.Role.ADMIN).user
    services.assignment_cancel(assignment=full, by=manager, reason="Regnet.")
    services.assignment_cancel(assignment=half, by=manager, reason="Regnet.")
    table = statistics.unmet_demand(full.locality.municipality, Period.named("this_month", today=today))
    # Only the half-filled one is unmet demand, with its one place that nobody took.
    assert [[str(cell) for cell in row[2:]] for row in table.rows] == [["1", "1"]]
