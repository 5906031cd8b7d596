"""A coordinator posts an assignment that comes back every week; a resident finds it once in the list
and signs up for two of its occurrences; the coordinator cancels the coming ones. With and without
JavaScript, every page checked with axe-core."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from assignments.models import Assignment, Claim
from associations.models import AssociationMembership
from tests.e2e.conftest import assert_accessible
from tests.e2e.test_associations import log_in, log_out
from tests.factories import AssociationFactory, MemberProfileFactory, MembershipFactory, UserFactory, locality


@pytest.fixture
def people(site):
    association = AssociationFactory(name="Rusksele byaförening", slug="rusksele", localities=[locality("Rusksele")])
    MembershipFactory(
        association=association,
        role=AssociationMembership.Role.COORDINATOR,
        user=UserFactory(email="samordnare@rusksele.exempel.se"),
    )
    MemberProfileFactory(
        user=UserFactory(email="anna@exempel.se"), display_name="Anna L.", home_locality=locality("Lycksele")
    )
    return association


def next_monday():
    today = timezone.localdate()
    return today + timedelta(days=7 - today.weekday())


def run_the_series_flow(page: Page, site: str, axe=assert_accessible) -> None:
    log_in(page, site, "samordnare@rusksele.exempel.se")
    page.goto(f"{site}/foreningar/rusksele/uppdrag/nytt/")
    page.get_by_label("Rubrik").fill("Läxhjälp i bygdegården")
    page.get_by_label("Beskrivning").fill("Hjälp barnen med läxorna en timme efter skolan.")
    page.get_by_label("Kategori").select_option(index=1)
    page.get_by_label("En bestämd tid").check()
    first = next_monday()
    page.get_by_label("Datum", exact=True).fill(first.isoformat())
    page.get_by_label("Från klockan").fill("17:00")
    page.get_by_label("Till klockan").fill("18:00")
    page.get_by_label("Varje vecka").check()
    page.get_by_label("måndag").check()
    page.get_by_label("Till och med").fill((first + timedelta(weeks=3)).isoformat())
    page.get_by_label("Ungefär hur många timmar?").fill("1")
    page.get_by_label("Hur många personer behövs?").fill("2")
    page.get_by_label("Ideellt, utan ersättning").check()
    page.get_by_label("Först till kvarn").check()
    axe(page)
    page.get_by_role("button", name="Publicera", exact=True).click()
    expect(page.get_by_text("Alla 4 tillfällen är publicerade.")).to_be_visible()
    axe(page)
    log_out(page)

    log_in(page, site, "anna@exempel.se")
    page.goto(f"{site}/uppdrag/")
    results = page.locator("#results")
    expect(results.get_by_role("link", name="Läxhjälp i bygdegården", exact=True)).to_have_count(1)
    expect(results.get_by_text("Varje vecka · 3 tillfällen till")).to_be_visible()
    axe(page)
    results.get_by_role("link", name="Läxhjälp i bygdegården", exact=True).click()
    page.get_by_role("button", name="Ta uppdraget").click()
    expect(page.get_by_text("Klart! Du har fått uppdraget.")).to_be_visible()
    page.goto(f"{site}/uppdrag/{Assignment.objects.order_by('starts_at').first().pk}/")
    occurrences = page.locator("#tillfallen")
    expect(occurrences.get_by_role("listitem")).to_have_count(3)
    axe(page)
    occurrences.get_by_role("button").first.click()
    expect(page.get_by_text("Klart! Du har fått uppdraget.")).to_be_visible()
    expect(page.locator("#tillfallen").get_by_text("Din anmälan: Godkänd")).to_have_count(1)
    log_out(page)

    log_in(page, site, "samordnare@rusksele.exempel.se")
    second = Assignment.objects.order_by("starts_at")[1]
    page.goto(f"{site}/foreningar/rusksele/uppdrag/{second.pk}/stall-in/")
    page.get_by_label("Varför ställs uppdraget in?").fill("Lokalen är uthyrd resten av terminen.")
    page.get_by_label("Det här och alla kommande tillfällen").check()
    axe(page)
    page.get_by_role("button", name="Ställ in").click()
    expect(page.get_by_text("3 tillfällen är inställda.")).to_be_visible()
    assert list(Assignment.objects.order_by("starts_at").values_list("status", flat=True)) == [
        "published",
        "cancelled",
        "cancelled",
        "cancelled",
    ]
    assert Claim.objects.filter(status=Claim.Status.CANCELLED).count() == 1


def no_axe(page: Page) -> None:
    """axe-core runs as JavaScript, which this browser context has turned off."""


def test_post_a_weekly_series_sign_up_for_two_and_cancel_the_coming_ones(page: Page, site, people):
    run_the_series_flow(page, site)


def test_the_same_series_flow_works_without_javascript(browser: Browser, site, people):
    context = browser.new_context(java_script_enabled=False, locale="sv-SE")
    run_the_series_flow(context.new_page(), site, axe=no_axe)
    context.close()
