"""A resident and an association write to each other about a sign-up, with and without JavaScript."""

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from assignments.models import Claim
from associations.models import AssociationMembership
from municipalities.models import StaffMembership
from tests.e2e.conftest import assert_accessible
from tests.e2e.test_associations import log_in, log_out
from tests.factories import (
    AssignmentFactory,
    AssociationFactory,
    ClaimFactory,
    MemberProfileFactory,
    MembershipFactory,
    StaffMembershipFactory,
    UserFactory,
    locality,
    municipality,
)


@pytest.fixture
def claim(site):
    association = AssociationFactory(name="Rusksele byaförening", slug="rusksele", localities=[locality("Rusksele")])
    coordinator = MembershipFactory(
        association=association,
        role=AssociationMembership.Role.COORDINATOR,
        user=UserFactory(email="samordnare@rusksele.exempel.se"),
    ).user
    MemberProfileFactory(user=coordinator, display_name="Sam Samordnare")
    anna = MemberProfileFactory(
        user=UserFactory(email="anna@exempel.se"), display_name="Anna L.", home_locality=locality("Lycksele")
    ).user
    assignment = AssignmentFactory(
        title="Måla verandan på bygdegården",
        association=association,
        locality=locality("Rusksele"),
        contact_name="Berit Berg",
        contact_phone="0950-123 45",
    )
    StaffMembershipFactory(
        user=UserFactory(email="handlaggare@lycksele.exempel.se"),
        municipality=municipality("2481"),
        role=StaffMembership.Role.ADMIN,
    )
    return ClaimFactory(assignment=assignment, resident=anna, status=Claim.Status.ACCEPTED)


def no_axe(page: Page) -> None:
    """Without JavaScript axe-core cannot run in the page; the same pages are checked with it."""


def exchange_messages(page: Page, site: str, claim, axe=assert_accessible) -> None:
    # The resident writes from her sign-up, and sees whom to call.
    log_in(page, site, "anna@exempel.se")
    page.goto(f"{site}/mina-sidor/uppdrag/")
    page.get_by_role("link", name=re.compile("Skriv ett meddelande")).click()
    expect(page.get_by_role("heading", name="Meddelanden med Rusksele byaförening", level=1)).to_be_visible()
    expect(page.get_by_text("Berit Berg")).to_be_visible()
    axe(page)
    page.get_by_label("Ditt meddelande").fill("Hej! Ska jag ta med en egen pensel?")
    page.get_by_role("button", name="Skicka").click()
    expect(page.locator(".thread").get_by_text("Hej! Ska jag ta med en egen pensel?")).to_be_visible()
    expect(page.get_by_label("Ditt meddelande")).to_have_value("")
    page.get_by_role("textbox", name="Ditt telefonnummer").fill("070-123 45 67")
    page.get_by_role("button", name="Dela numret med föreningen").click()
    expect(page.get_by_text("Du delade ditt telefonnummer med föreningen: 070-123 45 67")).to_be_visible()
    axe(page)
    log_out(page)

    # The coordinator sees two new messages on the sign-up, reads them and answers.
    log_in(page, site, "samordnare@rusksele.exempel.se")
    page.goto(f"{site}/foreningar/rusksele/uppdrag/{claim.assignment_id}/")
    expect(page.get_by_text("2 nya")).to_be_visible()
    page.get_by_role("link", name=re.compile(r"Meddelanden \(2\)")).click()
    expect(page.get_by_role("heading", name="Meddelanden med Anna L.", level=1)).to_be_visible()
    expect(page.locator(".thread").get_by_text("Ska jag ta med en egen pensel?")).to_be_visible()
    expect(page.get_by_text("Anna L. har delat sitt telefonnummer:")).to_be_visible()
    expect(page.get_by_text("anna@exempel.se")).to_have_count(0)
    axe(page)
    page.get_by_label("Ditt meddelande").fill("Gärna! Vi har bara två.\nVälkommen på lördag.")
    page.get_by_role("button", name="Skicka").click()
    expect(page.locator(".thread").get_by_text("Välkommen på lördag.")).to_be_visible()
    log_out(page)

    # The resident hears of it and reads the answer.
    log_in(page, site, "anna@exempel.se")
    page.get_by_role("banner").get_by_role("link", name=re.compile("Notiser")).click()
    page.get_by_role(
        "link", name="Rusksele byaförening har skrivit till dig om ”Måla verandan på bygdegården”."
    ).click()
    expect(page.locator(".thread").get_by_text("Gärna! Vi har bara två.")).to_be_visible()
    expect(page.locator(".thread").get_by_text("Sam Samordnare, Rusksele byaförening")).to_be_visible()
    axe(page)

    # She reports the answer (only to try it); the municipality's admin reads the thread and handles it.
    page.get_by_role("link", name=re.compile("Anmäl meddelandet")).click()
    expect(page.get_by_role("heading", name="Anmäl ett meddelande", level=1)).to_be_visible()
    axe(page)
    page.get_by_label("Vad är fel med meddelandet? (valfritt)").fill("Vi provar att anmäla.")
    page.get_by_role("button", name="Anmäl till kommunen").click()
    expect(page.get_by_text("Tack. Meddelandet är anmält till kommunen")).to_be_visible()
    expect(page.get_by_text("Du har anmält det här meddelandet till kommunen.")).to_be_visible()
    log_out(page)
    log_in(page, site, "handlaggare@lycksele.exempel.se")
    page.goto(f"{site}/kommuner/2481/anmalda-meddelanden/")
    expect(page.get_by_text("1 att hantera")).to_be_visible()
    axe(page)
    page.get_by_role("link", name="Måla verandan på bygdegården").click()
    expect(page.get_by_text("Vi provar att anmäla.")).to_be_visible()
    expect(page.locator(".thread").get_by_text("Välkommen på lördag.")).to_be_visible()
    expect(page.get_by_label("Ditt meddelande")).to_have_count(0)
    axe(page)
    page.get_by_role("button", name=re.compile("Markera som hanterad")).click()
    expect(page.get_by_text("Anmälan är markerad som hanterad.")).to_be_visible()


def test_a_resident_and_an_association_exchange_messages(page: Page, site, claim):
    exchange_messages(page, site, claim)


def test_the_same_exchange_works_without_javascript(browser: Browser, site, claim):
    context = browser.new_context(java_script_enabled=False, locale="sv-SE")
    exchange_messages(context.new_page(), site, claim, axe=no_axe)
    context.close()
