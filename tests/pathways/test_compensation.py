"""The resident's compensation summary (/mina-sidor/ersattning/): what the associations stated
for the resident's confirmed work, per year and payment route."""

import re
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assignments.models import Assignment, Claim
from pathways.compensation import compensation_years
from tests.factories import AssignmentFactory, AssociationFactory, ClaimFactory

URL = "/mina-sidor/ersattning/"
UTC = ZoneInfo("UTC")
STOCKHOLM = ZoneInfo("Europe/Stockholm")
Route = Assignment.PaymentRoute
Pay = Assignment.Compensation


def at(*args, tz=STOCKHOLM) -> datetime:
    return datetime(*args, tzinfo=tz)


def paid(association, title, compensation, amount, route):
    return AssignmentFactory(
        association=association, title=title, compensation=compensation, amount_sek=Decimal(amount), payment_route=route
    )


def confirmed(assignment, resident, hours, decided_at):
    return ClaimFactory(
        assignment=assignment,
        resident=resident,
        status=Claim.Status.CONFIRMED,
        hours_reported=Decimal(hours) or None,
        hours_confirmed=Decimal(hours),
        decided_at=decided_at,
    )


@pytest.fixture
def history(pathway_world):
    """The resident's work over two years and three routes, with hourly and fixed pay, plus claims
    that must not count and another resident's confirmed claim."""
    resident, other = pathway_world["resident"], pathway_world["other_resident"]
    kooperativet = AssociationFactory(name="Kooperativet Norrsken")
    group = pathway_world["association"]
    # 2025
    confirmed(paid(group, "Måla bygdegården", Pay.HOURLY, "150", Route.UMBRELLA), resident, "4.5", at(2025, 6, 10, 18))
    confirmed(paid(kooperativet, "Bygga hemsida", Pay.FIXED, "1200", Route.F_TAX), resident, "3", at(2025, 9, 1, 12))
    # 23:30 in UTC on New Year's Eve is half past midnight in Sweden: the year 2026.
    confirmed(
        paid(group, "Servera på nyårsfesten", Pay.HOURLY, "200", Route.EMPLOYMENT),
        resident,
        "2",
        at(2025, 12, 31, 23, 30, tz=UTC),
    )
    # 2026
    confirmed(paid(group, "Skotta taket", Pay.HOURLY, "150", Route.UMBRELLA), resident, "2.5", at(2026, 3, 5, 9))
    confirmed(paid(kooperativet, "Städa lokalen", Pay.FIXED, "500", Route.UMBRELLA), resident, "4", at(2026, 4, 1, 15))
    confirmed(AssignmentFactory(association=group, title="Plocka skräp längs älven"), resident, "3", at(2026, 5, 1, 10))
    # Not confirmed: never counted.
    ClaimFactory(
        assignment=paid(group, "Rapporterat men inte bekräftat", Pay.HOURLY, "150", Route.UMBRELLA),
        resident=resident,
        status=Claim.Status.DONE,
        hours_reported=Decimal("10"),
    )
    ClaimFactory(
        assignment=paid(group, "Antagen men inte gjord", Pay.FIXED, "9999", Route.F_TAX),
        resident=resident,
        status=Claim.Status.ACCEPTED,
    )
    # Another resident's confirmed work on the same association.
    confirmed(paid(group, "Någon annans uppdrag", Pay.FIXED, "7777", Route.F_TAX), other, "6", at(2026, 2, 2, 12))
    return pathway_world


def page(client, user, query="") -> str:
    client.force_login(user)
    response = client.get(URL + query)
    assert response.status_code == 200
    return text_of(response.content.decode())


def text_of(html: str) -> str:
    text = re.sub(r"<[^>]+>", " ", html).replace("\xa0", " ")
    return re.sub(r"\s+", " ", text)


def test_the_summary_sums_confirmed_hours_and_stated_pay_per_year_and_route(history):
    years = compensation_years(history["resident"])
    assert [summary.year for summary in years] == [2026, 2025]
    this, last = years
    assert [(r.route, r.claims, r.hours, r.stated) for r in last.routes] == [
        (Route.UMBRELLA, 1, Decimal("4.5"), Decimal("675.00")),  # 150 kr/tim × 4,5 tim
        (Route.F_TAX, 1, Decimal("3.0"), Decimal("1200.00")),  # a fixed fee, whatever the hours
    ]
    assert (last.paid_claims, last.hours, last.stated) == (2, Decimal("7.5"), Decimal("1875.00"))
    assert [(r.route, r.claims, r.hours, r.stated) for r in this.routes] == [
        (Route.UMBRELLA, 2, Decimal("6.5"), Decimal("875.00")),  # 150 × 2,5 + fixed 500
        (Route.EMPLOYMENT, 1, Decimal("2.0"), Decimal("400.00")),  # confirmed after midnight in Sweden
    ]
    assert (this.paid_claims, this.hours, this.stated) == (3, Decimal("8.5"), Decimal("1275.00"))
    assert (this.voluntary_hours, last.voluntary_hours) == (Decimal("3.0"), Decimal("0"))


def test_the_assignments_behind_each_year_are_listed_oldest_confirmation_first(history):
    this, last = compensation_years(history["resident"])
    assert [(c.assignment.title, c.stated) for c in last.claims] == [
        ("Måla bygdegården", Decimal("675.00")),
        ("Bygga hemsida", Decimal("1200.00")),
    ]
    assert [c.assignment.title for c in this.claims] == ["Servera på nyårsfesten", "Skotta taket", "Städa lokalen"]


def test_the_page_shows_each_years_sums_per_route_and_the_assignments(client, history):
    text = page(client, history["resident"])
    assert "2025 Bekräftade uppdrag med ersättning 2025, efter hur ersättningen betalas" in text
    assert "Via egenanställningsföretag 1 4,5 675,00" in text
    assert "Eget företag med F-skatt 1 3,0 1 200,00" in text
    assert "Totalt 2 7,5 1 875,00" in text
    assert "Via egenanställningsföretag 2 6,5 875,00" in text
    assert "Anställd av föreningen 1 2,0 400,00" in text
    assert "Totalt 3 8,5 1 275,00" in text
    assert "Ideella uppdrag 2026: 3,0 bekräftade timmar, utan ersättning." in text
    # The rows behind the sums: date, association, title, route, hours, kronor.
    assert "2025-09-01 Kooperativet Norrsken Bygga hemsida Eget företag med F-skatt 3,0 1 200,00" in text
    assert "2026-01-01 Lycksele utvecklingsgrupp Servera på nyårsfesten Anställd av föreningen 2,0 400,00" in text


def test_the_page_says_the_amounts_are_stated_by_the_associations_and_for_the_residents_own_records(client, history):
    text = page(client, history["resident"])
    assert "Uppdragsbanken hanterar inga pengar." in text
    assert "Beloppen är de som föreningarna angav i uppdragen, inte pengar som har betalats ut." in text
    assert "Sammanställningen är till för din egen bokföring och som stöd när du deklarerar." in text


def test_claims_not_confirmed_are_not_counted(client, history):
    text = page(client, history["resident"])
    assert "Rapporterat men inte bekräftat" not in text
    assert "Antagen men inte gjord" not in text
    assert "9 999" not in text


def test_a_voluntary_assignment_counts_its_hours_apart_and_never_as_money(client, history):
    text = page(client, history["resident"])
    assert "Plocka skräp längs älven" not in text  # not in the list of paid work
    assert "Ingen betalning (ideellt)" not in text


def test_another_residents_claims_never_show(client, history):
    text = page(client, history["resident"])
    assert "Någon annans uppdrag" not in text
    assert "7 777" not in text
    other = page(client, history["other_resident"])
    assert "Någon annans uppdrag" in other
    assert "Måla bygdegården" not in other and "Servera på nyårsfesten" not in other


def test_a_supporter_with_a_live_consent_sees_only_their_own_empty_summary(client, history):
    text = page(client, history["supporter"])
    assert "Du har inga bekräftade uppdrag än." in text
    assert "Måla bygdegården" not in text


def test_a_year_filter_shows_that_year_only(client, history):
    text = page(client, history["resident"], "?ar=2025")
    assert "Mina ersättningar 2025" in text
    assert "Måla bygdegården" in text and "Bygga hemsida" in text
    assert "Skotta taket" not in text and "Servera på nyårsfesten" not in text
    assert "Totalt 3 8,5 1 275,00" not in text
    # The other years stay one click away.
    assert 'href="/mina-sidor/ersattning/?ar=2026"' in client.get(URL + "?ar=2025").content.decode()


@pytest.mark.parametrize("value", ["abc", "99999", "-1", "2025.5", "1e3", "٢٠٢٥x", "2026-01"])
def test_a_year_that_cannot_be_read_gives_every_year_and_says_so(client, history, value):
    text = page(client, history["resident"], f"?ar={value}")
    assert "Vi kunde inte läsa årtalet i adressen. Här visas alla år." in text
    assert "Måla bygdegården" in text and "Skotta taket" in text


def test_a_year_without_confirmed_work_says_so_and_gives_every_year(client, history):
    text = page(client, history["resident"], "?ar=2019")
    assert "Du har inga bekräftade uppdrag år 2019. Här visas alla år." in text
    assert "Måla bygdegården" in text and "Skotta taket" in text


def test_an_empty_year_filter_shows_every_year_without_a_message(client, history):
    text = page(client, history["resident"], "?ar=")
    assert "Här visas alla år." not in text
    assert "Måla bygdegården" in text and "Skotta taket" in text


def test_a_resident_without_confirmed_work_gets_a_friendly_empty_page(client, pathway_world):
    text = page(client, pathway_world["other_resident"], "?ar=2026")
    assert "Du har inga bekräftade uppdrag än." in text
    assert "Du har inga bekräftade uppdrag år 2026." in text


def test_anonymous_visitors_are_sent_to_log_in_and_see_nothing(client, history):
    response = client.get(URL + "?ar=2025")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login") + "?next=/mina-sidor/ersattning/")
    assert "Måla bygdegården" not in client.get(URL, follow=True).content.decode()


def test_the_page_prints_without_navigation(client, history):
    client.force_login(history["resident"])
    html = client.get(URL).content.decode()
    assert '<link rel="stylesheet" href="/static/css/earning.css">' in html
    assert '<nav class="compensation__years print-hide"' in html
    with open("static/css/earning.css", encoding="utf-8") as css:
        rules = css.read().split("@media print")[1]
    for hidden in (
        "body:has(.compensation) .site-header",
        "body:has(.compensation) .site-footer",
        ".compensation__years",
    ):
        assert hidden in rules


def many_claims(resident, association, count):
    for n in range(count):
        route = [Route.UMBRELLA, Route.F_TAX, Route.EMPLOYMENT][n % 3]
        pay = Pay.HOURLY if n % 2 else Pay.FIXED
        assignment = paid(association, f"Uppdrag {n}", pay, "100", route)
        confirmed(assignment, resident, "2", at(2024 + n % 3, 1 + n % 12, 10, 12))
    confirmed(AssignmentFactory(association=association), resident, "1", at(2025, 2, 2, 12))


def test_the_summary_takes_two_queries_whatever_the_number_of_claims(pathway_world, django_assert_num_queries):
    resident, group = pathway_world["resident"], pathway_world["association"]
    many_claims(resident, group, 1)
    # the sums per year and route; the paid claims with their assignment and association
    with django_assert_num_queries(2):
        years = compensation_years(resident)
        [claim.assignment.association.name for summary in years for claim in summary.claims]
    many_claims(resident, group, 12)
    with django_assert_num_queries(2):
        years = compensation_years(resident)
        [claim.assignment.association.name for summary in years for claim in summary.claims]
    assert sum(summary.paid_claims for summary in years) == 13


def test_the_page_takes_the_same_number_of_queries_for_one_claim_and_for_many(client, pathway_world):
    resident, group = pathway_world["resident"], pathway_world["association"]
    client.force_login(resident)
    many_claims(resident, group, 1)
    client.get(URL)  # the session's once-only reads happen here
    with CaptureQueriesContext(connection) as one:
        assert client.get(URL).status_code == 200
    many_claims(resident, group, 15)
    with CaptureQueriesContext(connection) as many:
        response = client.get(URL)
    assert "Uppdrag 14" in response.content.decode()
    assert len(many) == len(one)
    # session, user, the summary's sums and claims, the header's unread count, the user's profile
    assert len(one) <= 6, [query["sql"] for query in one.captured_queries]
