"""A resident reads "Bra att veta innan du anmäler dig" on an assignment's page before signing up,
and a coordinator answers "Säkerhet och villkor" in the form. With and without JavaScript; axe-core
checks every page it can (it runs as JavaScript)."""

from decimal import Decimal

import pytest
from playwright.sync_api import Browser, Page, expect

from assignments.models import Assignment, Category
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
    AssignmentFactory(
        association=association,
        title="Läxhjälp på biblioteket",
        category=Category.objects.get(slug="barn-och-unga"),
        insurance=Assignment.Insurance.YES,
        record_extract=Assignment.RecordExtract.CHILDREN,
        risks=[Assignment.Risk.NONE],
        compensation=Assignment.Compensation.HOURLY,
        amount_sek=Decimal("150"),
        payment_route=Assignment.PaymentRoute.EMPLOYMENT,
    )
    return association


def no_axe(page: Page) -> None:
    """axe-core runs as JavaScript, which this browser context has turned off."""


def run_the_checklist_flow(page: Page, site: str, axe=assert_accessible) -> None:
    log_in(page, site, "samordnare@rusksele.exempel.se")
    page.goto(f"{site}/foreningar/rusksele/uppdrag/nytt/")
    section = page.get_by_role("group", name="Säkerhet och villkor")
    expect(section).to_be_visible()
    page.get_by_label("Rubrik").fill("Skotta taket på bygdegården")
    page.get_by_label("Beskrivning").fill("Snön på taket behöver skottas ner innan helgen.")
    page.get_by_label("Kategori").select_option(label="Snöröjning och vinterarbete")
    page.get_by_label("När som helst före ett datum").check()
    page.get_by_label("Klart senast").fill("2099-01-31")
    page.get_by_label("Ungefär hur många timmar?").fill("3")
    page.get_by_label("Hur många personer behövs?").fill("2")
    page.get_by_label("Ideellt, utan ersättning").check()
    page.get_by_label("Föreningen väljer bland anmälningarna").check()
    section.get_by_label("Vet inte").check()
    section.get_by_label("Arbete på tak").check()
    page.get_by_role("button", name="Publicera", exact=True).click()
    # A risk without the equipment is refused in words, with everything typed still there.
    expect(page.locator("#id_protective_equipment_error")).to_contain_text("Skriv vilken skyddsutrustning")
    expect(page.get_by_label("Rubrik")).to_have_value("Skotta taket på bygdegården")
    axe(page)
    page.get_by_label("Vilken skyddsutrustning har föreningen?").fill("Hjälm och sele finns")
    page.get_by_role("button", name="Publicera", exact=True).click()
    expect(page.get_by_text("Uppdraget är publicerat.")).to_be_visible()
    log_out(page)

    log_in(page, site, "anna@exempel.se")
    roof = Assignment.objects.get(title="Skotta taket på bygdegården")
    page.goto(f"{site}/uppdrag/{roof.pk}/")
    box = page.locator("#bra-att-veta")
    expect(box.get_by_role("heading", name="Bra att veta innan du anmäler dig")).to_be_visible()
    expect(box.get_by_text("Föreningen vet inte om dess försäkring gäller för arbetet.")).to_be_visible()
    expect(box.get_by_text("Arbete på tak")).to_be_visible()
    expect(box.get_by_text("Skyddsutrustning: Hjälm och sele finns")).to_be_visible()
    expect(box.get_by_text("Uppdraget är ideellt, utan ersättning.", exact=False)).to_be_visible()
    # The checklist comes before the button in the page's order, which is the reading order.
    assert page.evaluate(
        "() => !!(document.querySelector('#bra-att-veta').compareDocumentPosition("
        "document.querySelector('#anmalan button')) & Node.DOCUMENT_POSITION_FOLLOWING)"
    )
    axe(page)

    homework = Assignment.objects.get(title="Läxhjälp på biblioteket")
    page.goto(f"{site}/uppdrag/{homework.pk}/")
    box = page.locator("#bra-att-veta")
    expect(box.get_by_text("lagen (2013:852)", exact=False)).to_be_visible()
    expect(box.get_by_role("link", name="Polisen: Frågor och kontakt – utdrag ur belastningsregistret")).to_be_visible()
    expect(box.get_by_text("Den drar skatt från lönen", exact=False)).to_be_visible()
    axe(page)
    page.get_by_role("button", name="Anmäl intresse").click()
    expect(page.get_by_text("Tack! Din anmälan är skickad.")).to_be_visible()


def test_a_resident_reads_the_checklist_before_signing_up(page: Page, site, people):
    run_the_checklist_flow(page, site)


def test_the_same_checklist_flow_works_without_javascript(browser: Browser, site, people):
    context = browser.new_context(java_script_enabled=False, locale="sv-SE")
    run_the_checklist_flow(context.new_page(), site, axe=no_axe)
    context.close()
