"""The staff dashboard page, its downloads, print view and region view."""

import csv
import io
from datetime import date, datetime
from decimal import Decimal

import openpyxl
import pytest
from django.utils import formats, timezone
from django.utils.html import escape

from assignments.models import Assignment, Category, Claim
from municipalities.models import DevelopmentGoal, StaffMembership
from municipalities.statistics import TZ, Count, Figure
from municipalities.views_dashboard import figure_row
from tests.factories import (
    AssignmentFactory,
    AssociationFactory,
    ClaimFactory,
    MemberProfileFactory,
    StaffMembershipFactory,
    UserFactory,
    municipality,
)
from tests.permissions import expect

pytestmark = pytest.mark.django_db

# Whole months of 2025: a period that is over whatever day the tests run on.
YEAR = "?from=2025-01&to=2025-12"
PAGE = "/kommuner/2481/statistik/"


def at(month: int, day: int) -> datetime:
    return datetime(2025, month, day, 12, tzinfo=TZ)


def confirmed_work(*, category: str, residents: int, published: datetime, association=None) -> Assignment:
    """A completed assignment in `category`, with `residents` confirmed claims of 2.5 hours each."""
    fields = {"association": association} if association else {}
    assignment = AssignmentFactory(
        category=Category.objects.get(slug=category),
        status=Assignment.Status.COMPLETED,
        published_at=published,
        slots=residents,
        **fields,
    )
    Assignment.objects.filter(pk=assignment.pk).update(places_taken=residents, completed_at=published)
    for _ in range(residents):
        resident = MemberProfileFactory(display_name="Hemliga Hanna Invånarsson").user
        claim = ClaimFactory(
            assignment=assignment,
            resident=resident,
            status=Claim.Status.CONFIRMED,
            decided_at=published,
            hours_confirmed=Decimal("2.5"),
        )
        Claim.objects.filter(pk=claim.pk).update(created_at=published)
    return assignment


@pytest.fixture
def viewer(db):
    return StaffMembershipFactory(municipality=municipality("2481"), role=StaffMembership.Role.VIEWER).user


@pytest.fixture
def small_year(db):
    """Two categories in 2025: snow clearing with 2 residents (hidden as "<5"), gardens with 6."""
    association = AssociationFactory(municipality=municipality("2481"))
    confirmed_work(category="snorojning-och-vinter", residents=2, published=at(1, 10), association=association)
    confirmed_work(category="tradgard-och-utemiljo", residents=6, published=at(3, 5), association=association)
    return association


def table_of(response, key: str):
    return next(charted.table for charted in response.context["tables"] if charted.table.key == key)


def read_csv(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


def html_row(cells: list[str]) -> str:
    """A row of the page's table as the template writes it."""
    head, *rest = cells
    return f'<tr><th scope="row">{escape(head)}</th>' + "".join(f"<td>{escape(c)}</td>" for c in rest) + "</tr>"


# Who may see it ---------------------------------------------------------------------------

DASHBOARD_PATHS = [PAGE, PAGE + "utskrift/", PAGE + "by_category.csv", PAGE + "by_category.xlsx"]
# Staff of the municipality (viewer or admin) see it; everyone else is refused, with the
# association's own admins and staff of the neighbouring municipality among them.
SEES = expect(403, anonymous=302, staff_viewer=200, staff_admin=200)


@pytest.mark.parametrize("path", DASHBOARD_PATHS)
@pytest.mark.parametrize("actor", list(SEES))
def test_only_staff_of_the_municipality_see_its_dashboard_and_downloads(client, world, actor, path):
    person = world["people"][actor]
    if person:
        client.force_login(person)
    response = client.get(path)
    assert response.status_code == SEES[actor]
    content = response.content.decode(errors="replace")
    if SEES[actor] == 302:
        assert response["Location"].startswith("/konto/login/")
    elif SEES[actor] == 403:
        assert "Statistik för Lycksele" not in content
        if actor != "unverified":
            assert "Statistiken för Lycksele är bara för kommunens personal." in content
    elif path == PAGE:
        assert "Statistik för Lycksele" in content


def test_an_unverified_staff_member_is_asked_to_confirm_their_email_first(client):
    staff = StaffMembershipFactory(user=UserFactory(verified=False), municipality=municipality("2481")).user
    client.force_login(staff)
    response = client.get(PAGE)
    assert response.status_code == 403
    assert "Bekräfta din e-postadress först." in response.content.decode()


def test_a_platform_superuser_without_a_staff_role_is_refused(client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    response = client.get(PAGE)
    assert response.status_code == 403
    assert "bara för kommunens personal" in response.content.decode()


def test_staff_of_another_municipality_cannot_read_it_by_changing_the_code(client, small_year):
    client.force_login(StaffMembershipFactory(municipality=municipality("2417")).user)
    assert client.get("/kommuner/2417/statistik/" + YEAR).status_code == 200
    for path in DASHBOARD_PATHS:
        response = client.get(path + YEAR)
        assert response.status_code == 403
        assert b"2,5" not in response.content


def test_an_unknown_municipality_or_table_is_not_found(client, viewer):
    client.force_login(viewer)
    assert client.get("/kommuner/9999/statistik/").status_code == 404
    response = client.get(PAGE + "no_such_table.csv" + YEAR)
    assert response.status_code == 404


# The page ---------------------------------------------------------------------------------


def test_the_page_shows_each_figure_beside_the_previous_period_with_how_it_is_counted(client, viewer, small_year):
    client.force_login(viewer)
    response = client.get(PAGE + YEAR)
    content = response.content.decode()
    assert "1 jan 2025 – 31 dec 2025" in content
    assert "1 jan 2024 – 31 dec 2024" in content
    published = next(row for row in response.context["figure_rows"] if row.figure.key == "assignments_published")
    assert str(published.figure.current) == "2"
    assert str(published.figure.previous) == "0"
    assert "Ökning med 2 st jämfört med föregående period." in content
    assert content.count("<summary>Så räknas det") >= len(response.context["figure_rows"])
    assert escape(published.figure.how) in content


def test_the_page_never_shows_a_residents_name(client, viewer, small_year):
    client.force_login(viewer)
    for path in (PAGE + YEAR, PAGE + "utskrift/" + YEAR):
        assert "Hemliga Hanna" not in client.get(path).content.decode()


def test_every_table_has_its_chart_its_numbers_and_downloads_for_the_same_period(client, viewer, small_year):
    client.force_login(viewer)
    content = client.get(PAGE + YEAR).content.decode()
    assert '<svg class="chart chart--bar" role="img"' in content
    assert '<svg class="chart chart--line" role="img"' in content
    assert '<caption id="tabell-by_category-caption">Per kategori, 1 jan 2025 – 31 dec 2025</caption>' in content
    assert 'href="/kommuner/2481/statistik/by_category.csv?from=2025-01&amp;to=2025-12"' in content
    assert 'href="/kommuner/2481/statistik/by_category.xlsx?from=2025-01&amp;to=2025-12"' in content
    assert 'href="/kommuner/2481/statistik/utskrift/?from=2025-01&amp;to=2025-12"' in content


def test_a_count_of_fewer_than_five_people_shows_as_under_five_on_the_page_and_in_both_downloads(
    client, viewer, small_year
):
    client.force_login(viewer)
    page = client.get(PAGE + YEAR)
    table = table_of(page, "by_category")
    snow = next(row for row in table.rows if row[0].startswith("Snöröjning"))
    assert snow[4].suppressed
    assert html_row([str(cell) for cell in snow]) in page.content.decode()
    assert "<td>&lt;5</td>" in page.content.decode()

    rows = read_csv(client.get(PAGE + "by_category.csv" + YEAR).content)
    assert next(row for row in rows if row[0].startswith("Snöröjning"))[4] == "<5"

    sheet = openpyxl.load_workbook(io.BytesIO(client.get(PAGE + "by_category.xlsx" + YEAR).content)).worksheets[0]
    cells = next(row for row in sheet.iter_rows(values_only=True) if str(row[0]).startswith("Snöröjning"))
    assert cells[4] == "<5"
    # The two hours of each snow clearer are not hidden: hours are not people.
    assert cells[3] == 5


@pytest.mark.parametrize("key", ["by_category", "by_association", "monthly"])
def test_csv_and_xlsx_read_back_hold_exactly_the_numbers_on_the_page(client, viewer, small_year, key):
    client.force_login(viewer)
    content = client.get(PAGE + YEAR).content.decode()
    csv_rows = read_csv(client.get(f"{PAGE}{key}.csv{YEAR}").content)
    sheet = openpyxl.load_workbook(io.BytesIO(client.get(f"{PAGE}{key}.xlsx{YEAR}").content)).worksheets[0]
    xlsx_rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert len(csv_rows) == len(xlsx_rows) > 1
    assert csv_rows[0] == xlsx_rows[0]
    for row in csv_rows[0]:
        assert f'<th scope="col">{escape(row)}</th>' in content
    for csv_row, xlsx_row in zip(csv_rows[1:], xlsx_rows[1:], strict=True):
        # Numbers under 1 000 are written the same way on the page and in the CSV.
        assert html_row(csv_row) in content
        assert xlsx_row[0] == csv_row[0]
        for text, value in zip(csv_row[1:], xlsx_row[1:], strict=True):
            assert value == (text if text in ("<5", "") or text == "–" else float(text.replace(",", ".")))


def test_downloads_are_named_after_the_municipality_table_and_period(client, viewer, small_year):
    client.force_login(viewer)
    response = client.get(PAGE + "by_locality.csv" + YEAR)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="statistik-2481-per-ort-2025-01-01-2025-12-31.csv"'
    response = client.get(PAGE + "by_locality.xlsx" + YEAR)
    assert response["Content-Disposition"].endswith('-2025-01-01-2025-12-31.xlsx"')
    about = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[1]
    assert ["Period", "1 jan 2025 – 31 dec 2025"] in [list(row) for row in about.iter_rows(values_only=True)]


def test_the_print_view_has_the_period_the_definitions_and_when_it_was_made(client, viewer, small_year):
    client.force_login(viewer)
    response = client.get(PAGE + "utskrift/" + YEAR)
    content = response.content.decode()
    assert "Uppdragsbanken i Lycksele" in content
    assert "<dt>Period</dt><dd>1 jan 2025 – 31 dec 2025</dd>" in content
    assert "<dt>Sammanställd</dt>" in content
    assert "Så räknas siffrorna" in content
    for row in response.context["figure_rows"]:
        assert f"<dt>{escape(row.figure.label)}</dt><dd>{escape(row.figure.how)}</dd>" in content
    assert "Ladda ner som CSV" not in content


# The period chooser -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?period=months&from=2025-06&to=2025-02", "Den sista månaden är före den första. Byt plats på dem."),
        ("?period=months&from=2025-13&to=2025-12", "”2025-13” är inte en månad."),
        ("?period=months&from=juni&to=2025-12", "”juni” är inte en månad."),
        ("?period=months&from=2025-01&to=", "Ange både en första och en sista månad."),
        ("?period=months", "Ange både en första och en sista månad."),
        ("?period=months&from=2019-01&to=2025-12", "Välj en period på högst fem år."),
        ("?period=months&from=2024-06&to=2024-12", "när kommunens första uppdrag publicerades"),
        ("?period=next_century", "Välj en av perioderna i listan."),
    ],
)
def test_a_period_that_cannot_be_shown_gives_a_clear_message_and_keeps_what_was_typed(
    client, viewer, small_year, query, message
):
    client.force_login(viewer)
    response = client.get(PAGE + query)
    content = response.content.decode()
    assert response.status_code == 400
    assert 'role="alert"' in content
    assert escape(message) in content
    assert "Nyckeltal" not in content
    typed = dict(part.split("=") for part in query[1:].split("&"))
    for name in ("from", "to"):
        if typed.get(name):
            assert f'name="{name}" id="period-{name}" value="{typed[name]}"' in content


def test_a_named_period_wins_over_months_typed_without_choosing_own_months(client, viewer, small_year):
    client.force_login(viewer)
    response = client.get(PAGE + "?period=this_month&from=2025-06&to=2025-02")
    assert response.status_code == 200
    assert response.context["query"] == "period=this_month"
    assert 'id="period-this_month" checked' in response.content.decode()


def test_a_bad_period_in_a_download_link_says_why_instead_of_a_file(client, viewer, small_year):
    client.force_login(viewer)
    response = client.get(PAGE + "by_category.csv?from=2025-06&to=2025-02")
    assert response.status_code == 400
    assert "Den sista månaden är före den första." in response.content.decode()


# Speed ------------------------------------------------------------------------------------


# session, user, e-mail verified, municipality, staff roles, first assignment, and the
# statistics (a fixed set of 11 aggregate queries: see test_statistics).
QUERIES = 19


def bigger_year(n: int) -> None:
    associations = [AssociationFactory(municipality=municipality("2481")) for _ in range(3)]
    categories = ["snorojning-och-vinter", "tradgard-och-utemiljo", "data-och-it"]
    for i in range(n):
        confirmed_work(
            category=categories[i % 3], residents=6, published=at(1 + i % 12, 3), association=associations[i % 3]
        )


def test_the_dashboard_runs_the_same_number_of_queries_for_little_and_much_data(
    client, viewer, small_year, django_assert_num_queries
):
    client.force_login(viewer)
    client.get(PAGE + YEAR)  # the first page of a session keeps the staff roles in the session
    with django_assert_num_queries(QUERIES):
        client.get(PAGE + YEAR)
    bigger_year(18)
    with django_assert_num_queries(QUERIES):
        response = client.get(PAGE + YEAR)
    assert str(table_of(response, "by_category").rows[0][1]) != "0"


# Small pieces -----------------------------------------------------------------------------


def test_the_change_is_never_worked_out_from_a_hidden_count():
    hidden = Figure("residents_engaged", "Engagerade", "…", "personer", Count(None, suppressed=True), Count(12))
    row = figure_row(hidden)
    assert row.change == ""
    assert row.change_words == "Ingen jämförelse: för få för att visa."
    shown = Figure("hours_confirmed", "Timmar", "…", "timmar", Count(Decimal("10.5")), Count(Decimal("12")))
    assert figure_row(shown).change == "−1,5"
    assert figure_row(shown).change_words == "Minskning med 1,5 timmar jämfört med föregående period."


# Region -----------------------------------------------------------------------------------


def test_staff_of_several_municipalities_see_them_side_by_side(client, small_year):
    officer = StaffMembershipFactory(municipality=municipality("2481"), role=StaffMembership.Role.VIEWER).user
    StaffMembershipFactory(user=officer, municipality=municipality("2417"), role=StaffMembership.Role.VIEWER)
    client.force_login(officer)
    assert "Jämför dina kommuner" in client.get(PAGE + YEAR).content.decode()
    response = client.get("/kommuner/statistik/region/" + YEAR)
    content = response.content.decode()
    assert response.status_code == 200
    names = [row[0] for row in response.context["table"].rows]
    assert names == ["Lycksele", "Norsjö"]
    assert html_row([str(cell) for cell in response.context["table"].rows[0]]) in content
    assert "Norrtälje" not in content


def test_the_region_view_is_only_for_municipal_staff(client, world):
    client.force_login(world["people"]["admin"])
    response = client.get("/kommuner/statistik/region/")
    assert response.status_code == 403
    assert "Regionens statistik är bara för kommunernas personal." in response.content.decode()
    client.logout()
    assert client.get("/kommuner/statistik/region/")["Location"].startswith("/konto/login/")


def test_staff_of_one_municipality_are_not_offered_the_region_view(client, viewer, small_year):
    client.force_login(viewer)
    assert "Jämför dina kommuner" not in client.get(PAGE + YEAR).content.decode()


# The headline figures, the monthly caption and the region as files ------------------------------

JANUARY = "?from=2025-01&to=2025-01"


def test_the_headline_figures_download_as_csv_for_swedish_excel_with_both_periods_unit_and_how(
    client, viewer, small_year
):
    # January 2025: the two snow clearers plus one more, so three people ("<5") and 7,5 hours.
    confirmed_work(category="snorojning-och-vinter", residents=1, published=at(1, 20), association=small_year)
    client.force_login(viewer)
    page = client.get(PAGE + JANUARY).content.decode()
    assert 'href="/kommuner/2481/statistik/figures.csv?from=2025-01&amp;to=2025-01"' in page
    assert 'href="/kommuner/2481/statistik/figures.xlsx?from=2025-01&amp;to=2025-01"' in page
    assert '<span class="visually-hidden">Nyckeltal: </span>Ladda ner som CSV' in page

    response = client.get(PAGE + "figures.csv" + JANUARY)
    assert response.content.startswith(b"\xef\xbb\xbf")
    disposition = 'attachment; filename="statistik-2481-nyckeltal-2025-01-01-2025-01-31.csv"'
    assert response["Content-Disposition"] == disposition
    rows = read_csv(response.content)
    assert rows[0] == [
        "Nyckeltal",
        "Perioden 1 jan 2025 – 31 jan 2025",
        "Perioden innan, 1 dec 2024 – 31 dec 2024",
        "Enhet",
        "Så räknas det",
    ]
    by_label = {row[0]: row for row in rows[1:]}
    assert by_label["Bekräftade timmar"][1:4] == ["7,5", "0", "timmar"]
    assert by_label["Bekräftade timmar"][4].startswith("Summan av de timmar som föreningarna har bekräftat.")
    assert by_label["Engagerade invånare"][1:4] == ["<5", "0", "personer"]
    assert by_label["Publicerade uppdrag"][1:4] == ["2", "0", "st"]
    assert len(rows) - 1 == len(client.get(PAGE + JANUARY).context["figure_rows"])


def test_the_headline_figures_download_as_xlsx_with_numbers_as_numbers_and_under_five_as_text(
    client, viewer, small_year
):
    confirmed_work(category="snorojning-och-vinter", residents=1, published=at(1, 20), association=small_year)
    client.force_login(viewer)
    response = client.get(PAGE + "figures.xlsx" + JANUARY)
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    rows = {row[0]: list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)}
    assert rows["Nyckeltal"][1] == "Perioden 1 jan 2025 – 31 jan 2025"
    assert rows["Bekräftade timmar"][1:4] == [7.5, 0, "timmar"]
    assert rows["Engagerade invånare"][1:4] == ["<5", 0, "personer"]
    about = [list(row) for row in workbook.worksheets[1].iter_rows(values_only=True)]
    assert ["Period", "1 jan 2025 – 31 jan 2025"] in about


def test_the_monthly_table_says_it_covers_24_months_not_the_chosen_period(client, viewer, small_year):
    client.force_login(viewer)
    content = client.get(PAGE + YEAR).content.decode()
    assert (
        '<caption id="tabell-monthly-caption">Månad för månad, de 24 månaderna jan 2024 – dec 2025</caption>' in content
    )
    assert "Månad för månad, 1 jan 2025 – 31 dec 2025" not in content
    # The other tables keep the chosen period.
    assert '<caption id="tabell-by_category-caption">Per kategori, 1 jan 2025 – 31 dec 2025</caption>' in content
    about = openpyxl.load_workbook(io.BytesIO(client.get(PAGE + "monthly.xlsx" + YEAR).content)).worksheets[1]
    assert ["Period", "de 24 månaderna jan 2024 – dec 2025"] in [list(row) for row in about.iter_rows(values_only=True)]


def test_the_print_view_says_the_monthly_table_covers_24_months_too(client, viewer, small_year):
    client.force_login(viewer)
    content = client.get(PAGE + "utskrift/" + YEAR).content.decode()
    assert "Månad för månad, de 24 månaderna jan 2024 – dec 2025" in content


def test_the_region_table_downloads_as_csv_and_xlsx_with_the_numbers_on_the_page(client, small_year):
    officer = StaffMembershipFactory(municipality=municipality("2481"), role=StaffMembership.Role.VIEWER).user
    StaffMembershipFactory(user=officer, municipality=municipality("2417"), role=StaffMembership.Role.VIEWER)
    client.force_login(officer)
    page = client.get("/kommuner/statistik/region/" + YEAR)
    content = page.content.decode()
    assert 'href="/kommuner/statistik/region.csv?from=2025-01&amp;to=2025-12"' in content
    assert 'href="/kommuner/statistik/region.xlsx?from=2025-01&amp;to=2025-12"' in content

    response = client.get("/kommuner/statistik/region.csv" + YEAR)
    assert response.content.startswith(b"\xef\xbb\xbf")
    assert response["Content-Disposition"] == 'attachment; filename="statistik-region-2025-01-01-2025-12-31.csv"'
    rows = read_csv(response.content)
    assert rows[0][0] == "Kommun"
    assert [row[0] for row in rows[1:]] == ["Lycksele", "Norsjö"]
    for row in rows[1:]:
        assert html_row(row) in content
    lycksele = rows[1]
    assert lycksele[rows[0].index("Engagerade invånare")] == "10"

    sheet = openpyxl.load_workbook(io.BytesIO(client.get("/kommuner/statistik/region.xlsx" + YEAR).content))
    xlsx_rows = [list(row) for row in sheet.worksheets[0].iter_rows(values_only=True)]
    assert xlsx_rows[0] == rows[0]
    assert [row[0] for row in xlsx_rows[1:]] == ["Lycksele", "Norsjö"]
    assert xlsx_rows[1][rows[0].index("Bekräftade timmar")] == 20


def test_the_region_downloads_are_only_for_municipal_staff_and_say_why_a_period_is_wrong(client, world, viewer):
    client.force_login(world["people"]["admin"])
    for suffix in ("csv", "xlsx"):
        response = client.get(f"/kommuner/statistik/region.{suffix}")
        assert response.status_code == 403
        assert "Regionens statistik är bara för kommunernas personal." in response.content.decode()
    client.force_login(viewer)
    response = client.get("/kommuner/statistik/region.csv?from=2025-12&to=2025-01")
    assert response.status_code == 400
    assert response.content.decode() == "Den sista månaden är före den första. Byt plats på dem."


def test_the_cards_come_under_three_headings_with_every_figure_once(client, viewer, small_year):
    client.force_login(viewer)
    response = client.get(PAGE + YEAR)
    content = response.content.decode()
    for heading in ("Uppdrag", "Timmar och ersättning", "Invånare och föreningar"):
        assert f'<h3 class="figure-group__title">{heading}</h3>' in content
    grouped = [row.figure.key for _title, rows in response.context["figure_groups"] for row in rows]
    assert sorted(grouped) == sorted(row.figure.key for row in response.context["figure_rows"])
    assert "Fler nyckeltal" not in content


def test_a_change_in_a_share_is_said_in_percentage_points():
    rate = Figure("fill_rate", "Andel fullsatta", "…", "%", Count(Decimal("65.8")), Count(Decimal("84.2")))
    assert figure_row(rate).change_words == "Minskning med 18,4 procentenheter jämfört med föregående period."


# What the officer read wrong ------------------------------------------------------------------


def test_an_ongoing_period_says_on_the_page_that_it_runs_until_today(client, viewer, small_year):
    client.force_login(viewer)
    today = timezone.localdate()
    content = client.get(PAGE + "?period=this_year").content.decode()
    start = formats.date_format(date(today.year, 1, 1), "j b Y")
    end = formats.date_format(today, "j b Y")
    assert f"Perioden {start} – {end} (pågår, till och med i dag), jämförd med perioden innan" in content


def test_the_goal_table_shows_the_target_with_its_unit_and_progress_against_the_exact_target(
    client, viewer, small_year
):
    goal = DevelopmentGoal.objects.create(
        municipality=municipality("2481"), title="Fler timmar", target_kind="hours", target_per_year=25
    )
    work = confirmed_work(category="snorojning-och-vinter", residents=10, published=at(2, 1), association=small_year)
    work.development_goals.add(goal)
    client.force_login(viewer)
    content = client.get(PAGE + "?from=2025-01&to=2025-06").content.decode()
    assert '<th scope="col">Mål för perioden</th><th scope="col">Enhet</th><th scope="col">Uppnått, %</th>' in content
    # 25 hours against 25 a year shared over six months, 12.5: 200 %, not 25 of a rounded 13.
    assert html_row(["Fler timmar", "1", "25", "10", "12,5", "timmar", "200"]) in content


def test_the_cards_say_which_assignments_a_share_counts_and_name_each_payment_route_once(client, viewer, small_year):
    client.force_login(viewer)
    content = client.get(PAGE + YEAR).content.decode()
    assert "Andel fullsatta av uppdragen publicerade under perioden</h4>" in content
    assert "Uppdrag som gick ut utan att någon fick en plats</h4>" in content
    assert "Uppdrag som gick ut utan anmälningar" not in content
    assert "Ersättning: Via egenanställningsföretag</h4>" in content
    assert '<th scope="row">Via egenanställningsföretag</th>' in content
    assert "Ersättning via egenanställning" not in content


def test_the_road_to_work_chart_draws_who_later_reported_work_not_who_started(client, viewer, small_year):
    client.force_login(viewer)
    content = client.get(PAGE + YEAR).content.decode()
    section = content[content.index('id="tabell-employment_effect"') :]
    assert "Diagrammet visar: Inom 12 månader." in section
    assert "Vägen till arbete: Inom 12 månader</title>" in section
