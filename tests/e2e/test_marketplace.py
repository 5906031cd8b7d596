"""A coordinator posts an assignment; a resident finds it, claims it; the work is done and confirmed."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from associations.models import AssociationMembership
from tests.e2e.conftest import assert_accessible
from tests.e2e.test_associations import log_in, log_out
from tests.factories import (
    AssignmentFactory,
    AssociationFactory,
    MemberProfileFactory,
    MembershipFactory,
    UserFactory,
    locality,
)


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
    AssignmentFactory(title="Baka till julmarknaden", association=association, locality=locality("Rusksele"))
    return association


def post_assignment(page: Page, site: str, axe) -> None:
    page.goto(f"{site}/foreningar/rusksele/uppdrag/nytt/")
    axe(page)
    page.get_by_label("Rubrik").fill("Måla verandan på bygdegården")
    page.get_by_label("Beskrivning").fill("Verandan behöver en ny strykning innan vintern. Färg och penslar finns.")
    page.get_by_label("Kategori").select_option(label="Bygg, måleri och reparationer")
    search = page.get_by_role("combobox", name="Lägg till")
    with_javascript = search.count() > 0
    if with_javascript:
        # Search as you type: arrow keys and Enter pick a name; a click keeps an everyday word of one's own.
        search.press_sequentially("målning av bygg")
        expect(page.get_by_role("option", name="Målning av byggnadsplåt")).to_be_visible()
        search.press("ArrowDown")
        search.press("Enter")
        expect(page.get_by_role("checkbox", name="Målning av byggnadsplåt")).to_be_checked()
        search.press_sequentially("Verandamålning")
        page.get_by_role("option", name="Lägg till ”Verandamålning” som eget ord").click()
        expect(page.get_by_role("checkbox", name="Verandamålning (eget ord)")).to_be_checked()
    else:
        # Without JavaScript: one skill per line, in the taxonomy's words or one's own.
        page.get_by_role("textbox", name="Lägg till").fill("Målning av byggnadsplåt\nVerandamålning")
    page.get_by_label("Ort").select_option(label="Rusksele")
    page.get_by_label("När som helst före ett datum").check()
    page.get_by_label("Klart senast").fill((timezone.localdate() + timedelta(days=10)).isoformat())
    page.get_by_label("Ungefär hur många timmar?").fill("3,5")
    page.get_by_label("Hur många personer behövs?").fill("1")
    page.get_by_label("Timersättning").check()
    page.get_by_label("Belopp i kronor").fill("150")
    page.get_by_label("Via egenanställningsföretag").check()
    page.get_by_label("Föreningen väljer bland anmälningarna").check()
    axe(page)
    page.get_by_role("button", name="Publicera").click()
    expect(page.get_by_text("Uppdraget är publicerat.")).to_be_visible()
    if not with_javascript:
        # Typed without picking, the word is saved as an own word, and the page says so.
        expect(page.get_by_text("”Verandamålning” finns inte i Arbetsförmedlingens lista")).to_be_visible()


def find_and_claim(page: Page, site: str, axe) -> None:
    page.goto(f"{site}/uppdrag/")
    axe(page)
    page.get_by_label("Kategori").select_option(label="Bygg, måleri och reparationer")
    page.get_by_label("Bara betalda uppdrag").check()
    page.get_by_role("button", name="Visa uppdrag").click()
    results = page.locator("#results")
    expect(results.get_by_role("link", name="Måla verandan på bygdegården")).to_be_visible()
    expect(results.get_by_role("link", name="Baka till julmarknaden")).to_have_count(0)
    page.get_by_role("link", name="Rensa filter").click()
    page.get_by_label("Sök").fill("verandan")
    page.get_by_role("button", name="Visa uppdrag").click()
    expect(page.locator("#results").get_by_role("link", name="Måla verandan på bygdegården")).to_be_visible()
    expect(page).to_have_url(re.compile(r"[?&]q=verandan"))
    page.get_by_role("link", name="Måla verandan på bygdegården").click()
    expect(page.get_by_text("150 kr/tim")).to_be_visible()
    expect(
        page.get_by_text("Du fakturerar via ett egenanställningsföretag. Du behöver inget eget företag.")
    ).to_be_visible()
    axe(page)
    page.get_by_label("Meddelande till föreningen (valfritt)").fill("Jag har målat förut och kan på lördag.")
    page.get_by_role("button", name="Anmäl intresse").click()
    expect(page.get_by_text("Din anmälan är skickad")).to_be_visible()
    expect(page.get_by_text("Väntar på svar").first).to_be_visible()
    axe(page)


def no_axe(page: Page) -> None:
    """axe-core runs inside the page, which it cannot without JavaScript; the JavaScript run checks the same pages."""


def run_the_whole_flow(page: Page, site: str, axe=assert_accessible) -> None:
    log_in(page, site, "samordnare@rusksele.exempel.se")
    post_assignment(page, site, axe)
    log_out(page)

    log_in(page, site, "anna@exempel.se")
    find_and_claim(page, site, axe)
    log_out(page)

    log_in(page, site, "samordnare@rusksele.exempel.se")
    page.goto(f"{site}/foreningar/rusksele/uppdrag/")
    page.get_by_role("link", name="Måla verandan på bygdegården").click()
    expect(page.get_by_text("Jag har målat förut och kan på lördag.")).to_be_visible()
    axe(page)
    page.get_by_label("Meddelande till Anna L. (valfritt)").fill("Välkommen! Nyckeln hänger i förrådet.")
    page.get_by_role("button", name="Ge uppdraget till Anna L.").click()
    expect(page.get_by_text("Anna L. har fått uppdraget.")).to_be_visible()
    log_out(page)

    log_in(page, site, "anna@exempel.se")
    page.goto(f"{site}/mina-sidor/uppdrag/")
    expect(page.get_by_text("Nyckeln hänger i förrådet.")).to_be_visible()
    page.get_by_label("Hur många timmar arbetade du?").fill("4")
    page.get_by_role("button", name="Rapportera timmar").click()
    expect(page.get_by_text("Nu kan föreningen bekräfta dina timmar")).to_be_visible()
    log_out(page)

    log_in(page, site, "samordnare@rusksele.exempel.se")
    page.goto(f"{site}/foreningar/rusksele/uppdrag/")
    page.get_by_role("link", name="Måla verandan på bygdegården").click()
    expect(page.get_by_label("Timmar som Anna L. arbetade")).to_have_value("4")
    page.get_by_label("Timmar som Anna L. arbetade").fill("3,5")
    page.get_by_label("Referens (valfritt)").fill("Noggrann och trevlig. Verandan blev fin.")
    page.get_by_role("button", name="Bekräfta arbetet för Anna L.").click()
    expect(page.get_by_text("Timmarna för Anna L. är bekräftade.")).to_be_visible()
    log_out(page)

    log_in(page, site, "anna@exempel.se")
    page.goto(f"{site}/mina-sidor/uppdrag/")
    expect(page.get_by_text("Bekräftade timmar: 3,5.")).to_be_visible()
    expect(page.get_by_text("Noggrann och trevlig. Verandan blev fin.")).to_be_visible()


def test_post_find_claim_accept_report_and_confirm(page: Page, site, people):
    run_the_whole_flow(page, site)


def test_the_same_flow_works_without_javascript(browser: Browser, site, people):
    context = browser.new_context(java_script_enabled=False, locale="sv-SE")
    run_the_whole_flow(context.new_page(), site, axe=no_axe)
    context.close()


def test_with_javascript_the_list_updates_as_filters_change_and_keeps_the_url(page: Page, site, people):
    AssignmentFactory(title="Skotta snö vid utegymmet", association=people, locality=locality("Rusksele"))
    page.goto(f"{site}/uppdrag/")
    page.get_by_label("Sök").fill("utegymmet")
    results = page.locator("#results")
    expect(results.get_by_role("link", name="Skotta snö vid utegymmet")).to_be_visible()
    expect(results.get_by_role("link", name="Baka till julmarknaden")).to_have_count(0)
    # Without a page load: the form was not submitted, and the address shows the filter.
    expect(page.get_by_label("Sök")).to_be_focused()
    expect(page).to_have_url(re.compile(r"[?&]q=utegymmet"))
    # Two changes in quick succession: the later request replaces the earlier, so both count,
    # and the address holds only what was chosen, not every empty field.
    page.get_by_label("Sök").fill("")
    page.get_by_label("Kategori").select_option(label="Snöröjning och vinterarbete")
    page.get_by_label("Bara betalda uppdrag").check()
    expect(page).to_have_url(re.compile(r"/uppdrag/\?category=[^&]+&paid=on(&sort=newest)?$"))
    expect(results.get_by_text("Inga lediga uppdrag matchar det du valt.")).to_be_visible()


def test_a_resident_sets_a_home_locality_and_sees_how_far_assignments_are(page: Page, site, people):
    log_in(page, site, "anna@exempel.se")
    page.goto(f"{site}/mina-sidor/profil/")
    assert_accessible(page)
    page.get_by_label("Hemort").fill("Rusksele")
    search = page.get_by_role("combobox", name="Lägg till")
    search.press_sequentially("snöskottning")
    expect(page.get_by_role("option", name="Snöskottning", exact=True)).to_be_visible()
    search.press("Enter")  # the exact name is picked, and the form is not sent yet
    expect(page.get_by_role("checkbox", name="Snöskottning")).to_be_checked()
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_text("Din profil är sparad.")).to_be_visible()
    page.goto(f"{site}/uppdrag/")
    expect(page.get_by_text("Mindre än 1 km från din hemort").first).to_be_visible()
    assert_accessible(page)
