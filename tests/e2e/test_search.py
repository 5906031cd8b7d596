"""A resident misspells what they look for, follows "Menade du …?" and signs up for what it finds."""

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from assignments.models import Claim, Skill
from tests.e2e.conftest import assert_accessible
from tests.e2e.test_associations import log_in
from tests.factories import AssignmentFactory, AssociationFactory, MemberProfileFactory, UserFactory, locality

WANTED = "Skotta fram utegymmet vid bystugan"


@pytest.fixture
def village(site):
    """A village association with three open assignments, one of them at the outdoor gym."""
    association = AssociationFactory(name="Rusksele byaförening", slug="rusksele", localities=[locality("Rusksele")])
    gym = AssignmentFactory(
        title=WANTED,
        association=association,
        locality=locality("Rusksele"),
        description="Efter snöfallen behöver ytan runt redskapen vid utegymmet skottas fram.",
    )
    gym.skills.add(Skill.objects.get(kind=Skill.Kind.SKILL, label_sv="Snöskottning"))
    AssignmentFactory(
        title="Servera kaffe och våfflor på julmarknaden",
        association=association,
        locality=locality("Rusksele"),
        description="Vi behöver tre personer som gräddar våfflor och serverar kaffe.",
    )
    AssignmentFactory(
        title="Bära bord och stolar inför julmarknaden",
        association=association,
        locality=locality("Rusksele"),
        description="Kvällen före julmarknaden bär vi ut bord och stolar från förrådet.",
    )
    resident = UserFactory(email="anna@exempel.se")
    MemberProfileFactory(user=resident, display_name="Anna L.", home_locality=locality("Lycksele"))
    return gym


def no_axe(page: Page) -> None:
    """axe-core runs inside the page, which it cannot without JavaScript; the JavaScript run checks the same pages."""


def misspell_follow_the_hint_and_claim(page: Page, site: str, axe) -> None:
    log_in(page, site, "anna@exempel.se")
    page.goto(f"{site}/uppdrag/")
    page.get_by_label("Sök").fill("utegymet")  # one m missing
    page.get_by_role("button", name="Visa uppdrag").click()
    expect(page).to_have_url(re.compile(r"[?&]q=utegymet(&|$)"))
    results = page.locator("#results")
    # The word as typed finds nothing; the page offers the word the assignments use.
    expect(results.get_by_role("link", name=WANTED)).to_have_count(0)
    expect(page.get_by_text(re.compile(r"Menade du")).first).to_be_visible()
    page.get_by_role("link", name=re.compile(r"utegymmet")).first.click()

    expect(page).to_have_url(re.compile(r"[?&]q=utegymmet(&|$)"))
    expect(results.get_by_role("link", name=WANTED)).to_be_visible()
    expect(results.get_by_role("link", name="Servera kaffe och våfflor på julmarknaden")).to_have_count(0)
    expect(page.get_by_text(re.compile(r"Menade du"))).to_have_count(0)
    axe(page)

    results.get_by_role("link", name=WANTED).click()
    expect(page.get_by_role("heading", name=WANTED)).to_be_visible()
    page.get_by_label("Meddelande till föreningen (valfritt)").fill("Jag har egen spade och kan på lördag.")
    page.get_by_role("button", name="Anmäl intresse").click()
    expect(page.get_by_text("Din anmälan är skickad")).to_be_visible()
    expect(page.get_by_text("Väntar på svar").first).to_be_visible()
    axe(page)


@pytest.mark.both_databases  # the words are matched, and "Menade du" found, differently on each
def test_a_misspelt_word_leads_through_menade_du_to_the_assignment_and_a_sign_up(page: Page, site, village):
    misspell_follow_the_hint_and_claim(page, site, assert_accessible)
    claim = Claim.objects.get(assignment=village, resident__email="anna@exempel.se")
    assert claim.status == Claim.Status.PENDING
    assert claim.message == "Jag har egen spade och kan på lördag."


def test_the_same_works_without_javascript(browser: Browser, site, village):
    context = browser.new_context(java_script_enabled=False, locale="sv-SE")
    misspell_follow_the_hint_and_claim(context.new_page(), site, no_axe)
    context.close()
    assert Claim.objects.filter(assignment=village, resident__email="anna@exempel.se").count() == 1
