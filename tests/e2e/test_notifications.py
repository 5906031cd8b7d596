"""A resident watches a search; a coordinator publishes something that fits; the resident hears of it."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from associations.models import AssociationMembership
from members.models import NotificationPreference
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
    # Her profile alone would not match a painting job: only the saved search can.
    MemberProfileFactory(
        user=UserFactory(email="anna@exempel.se"),
        display_name="Anna L.",
        home_locality=locality("Lycksele"),
        notification_preference=NotificationPreference.INSTANT,
    )
    return association


def watch_paid_painting(page: Page, site: str, axe) -> None:
    page.goto(f"{site}/uppdrag/")
    page.get_by_label("Kategori").select_option(label="Bygg, måleri och reparationer")
    page.get_by_label("Bara betalda uppdrag").check()
    page.get_by_role("button", name="Visa uppdrag").click()
    # The list (and its "Bevaka" form) has caught up with both choices once the address shows them.
    expect(page).to_have_url(re.compile(r"paid=on"))
    page.get_by_role("button", name="Bevaka den här sökningen").click()
    expect(page.get_by_role("heading", name="Bevakningar", level=1)).to_be_visible()
    expect(page.get_by_text("är sparad. Du får veta när ett nytt uppdrag passar den.")).to_be_visible()
    expect(page.get_by_role("heading", name="Bygg, måleri och reparationer · betalda")).to_be_visible()
    axe(page)


def publish_painting(page: Page, site: str) -> None:
    page.goto(f"{site}/foreningar/rusksele/uppdrag/nytt/")
    page.get_by_label("Rubrik").fill("Måla verandan på bygdegården")
    page.get_by_label("Beskrivning").fill("Verandan behöver en ny strykning innan vintern. Färg och penslar finns.")
    page.get_by_label("Kategori").select_option(label="Bygg, måleri och reparationer")
    page.get_by_label("Ort").select_option(label="Rusksele")
    page.get_by_label("När som helst före ett datum").check()
    page.get_by_label("Klart senast").fill((timezone.localdate() + timedelta(days=10)).isoformat())
    page.get_by_label("Ungefär hur många timmar?").fill("3,5")
    page.get_by_label("Hur många personer behövs?").fill("1")
    page.get_by_label("Timersättning").check()
    page.get_by_label("Belopp i kronor").fill("150")
    page.get_by_label("Via egenanställningsföretag").check()
    page.get_by_label("Föreningen väljer bland anmälningarna").check()
    page.get_by_role("button", name="Publicera").click()
    expect(page.get_by_text("Uppdraget är publicerat.")).to_be_visible()


def see_it_in_the_inbox(page: Page, site: str, axe) -> None:
    header = page.get_by_role("banner")
    expect(header.get_by_role("link", name="Notiser 1 olästa")).to_be_visible()
    header.get_by_role("link", name="Notiser").click()
    notice = page.get_by_role(
        "link",
        name=("Nytt uppdrag för din bevakning ”Bygg, måleri och reparationer · betalda”: Måla verandan på bygdegården"),
    )
    expect(notice).to_be_visible()
    expect(page.get_by_text("Ny", exact=True)).to_be_visible()
    axe(page)
    notice.click()
    expect(page.get_by_role("heading", name="Måla verandan på bygdegården")).to_be_visible()
    expect(page.get_by_role("banner").get_by_role("link", name="Notiser", exact=True)).to_be_visible()


def run(page: Page, site: str, axe) -> None:
    log_in(page, site, "anna@exempel.se")
    watch_paid_painting(page, site, axe)
    log_out(page)
    log_in(page, site, "samordnare@rusksele.exempel.se")
    publish_painting(page, site)
    log_out(page)
    [message] = [m for m in mail.outbox if m.to == ["anna@exempel.se"]]
    assert message.subject == "Nytt uppdrag i Rusksele: Måla verandan på bygdegården"
    log_in(page, site, "anna@exempel.se")
    see_it_in_the_inbox(page, site, axe)


def test_a_saved_search_brings_a_new_assignment_to_the_inbox(page: Page, site, people):
    run(page, site, assert_accessible)


def test_the_same_works_without_javascript(browser: Browser, site, people):
    context = browser.new_context(java_script_enabled=False, locale="sv-SE")
    run(context.new_page(), site, lambda page: None)
    context.close()
