"""A resident on a waiting list gets a freed place: with and without JavaScript, axe-clean."""

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from assignments.models import Assignment, Claim
from tests.e2e.conftest import assert_accessible
from tests.e2e.test_associations import log_in, log_out
from tests.e2e.test_marketplace import no_axe
from tests.factories import (
    AssignmentFactory,
    AssociationFactory,
    ClaimFactory,
    MemberProfileFactory,
    UserFactory,
    locality,
)


@pytest.fixture
def full(site):
    """A full first-come assignment (Anna has its one place) and a full one where the association chooses (Lars)."""
    association = AssociationFactory(name="Rusksele byaförening", slug="rusksele", localities=[locality("Rusksele")])
    anna = MemberProfileFactory(user=UserFactory(email="anna@exempel.se"), display_name="Anna L.").user
    lars = MemberProfileFactory(user=UserFactory(email="lars@exempel.se"), display_name="Lars O.").user
    MemberProfileFactory(user=UserFactory(email="erik@exempel.se"), display_name="Erik H.")
    first_come = AssignmentFactory(
        title="Servera kaffe på höstmarknaden",
        association=association,
        slots=1,
        places_taken=1,
        status=Assignment.Status.FILLED,
        claim_mode=Assignment.ClaimMode.FIRST_COME,
    )
    ClaimFactory(assignment=first_come, resident=anna, status=Claim.Status.ACCEPTED)
    chooses = AssignmentFactory(
        title="Räfsa löv vid bygdegården",
        association=association,
        slots=1,
        places_taken=1,
        status=Assignment.Status.FILLED,
        claim_mode=Assignment.ClaimMode.CHOOSE,
    )
    ClaimFactory(assignment=chooses, resident=lars, status=Claim.Status.ACCEPTED)
    return first_come, chooses


def join(page: Page, site: str, assignment, axe) -> None:
    page.goto(f"{site}/uppdrag/{assignment.pk}/")
    expect(page.get_by_text("Alla platser är tillsatta just nu.")).to_be_visible()
    axe(page)
    page.get_by_role("button", name="Ställ dig i kö").click()
    expect(page.get_by_text("Du är nummer 1 i kön.").first).to_be_visible()
    axe(page)


def withdraw(page: Page, site: str, title: str, axe) -> None:
    page.goto(f"{site}/mina-sidor/uppdrag/")
    page.get_by_role("link", name=re.compile(f"Ta tillbaka anmälan.*{title}")).click()
    expect(
        page.get_by_text("Platsen går direkt till den som står först i kön.").or_(
            page.get_by_text("Platsen erbjuds den som står först i kön.")
        )
    ).to_be_visible()
    axe(page)
    page.get_by_role("button", name="Ja, ta tillbaka anmälan").click()
    expect(page.get_by_text("är tillbakatagen")).to_be_visible()
    # Kept in the history.
    expect(page.get_by_text("Du tog tillbaka anmälan den")).to_be_visible()
    axe(page)


def run(page: Page, site: str, full, axe=assert_accessible) -> None:
    first_come, chooses = full
    log_in(page, site, "erik@exempel.se")
    join(page, site, first_come, axe)
    join(page, site, chooses, axe)
    page.goto(f"{site}/mina-sidor/uppdrag/")
    expect(page.get_by_role("heading", name="Du står i kö (2)")).to_be_visible()
    axe(page)
    log_out(page)

    log_in(page, site, "anna@exempel.se")
    withdraw(page, site, "Servera kaffe på höstmarknaden", axe)
    log_out(page)
    log_in(page, site, "lars@exempel.se")
    withdraw(page, site, "Räfsa löv vid bygdegården", axe)
    log_out(page)

    log_in(page, site, "erik@exempel.se")
    page.goto(f"{site}/mina-sidor/uppdrag/")
    # First come: the place is simply his. The association chooses: it is offered to him.
    expect(page.get_by_role("heading", name="Du har fått uppdraget (1)")).to_be_visible()
    expect(page.get_by_text("En plats i ”Räfsa löv vid bygdegården” är ledig för dig!")).to_be_visible()
    axe(page)
    page.get_by_role("button", name=re.compile("Ta platsen.*Räfsa löv vid bygdegården")).click()
    expect(page.get_by_text("Platsen i ”Räfsa löv vid bygdegården” är din.")).to_be_visible()
    expect(page.get_by_role("heading", name="Du har fått uppdraget (2)")).to_be_visible()
    axe(page)
    page.goto(f"{site}/mina-sidor/notiser/")
    expect(
        page.get_by_text("En plats blev ledig i ”Servera kaffe på höstmarknaden”, och den är din nu.")
    ).to_be_visible()
    axe(page)


def test_a_resident_in_line_gets_a_freed_place(page: Page, site, full):
    run(page, site, full)


def test_the_same_without_javascript(browser: Browser, site, full):
    context = browser.new_context(java_script_enabled=False, locale="sv-SE")
    run(context.new_page(), site, full, axe=no_axe)
    context.close()
