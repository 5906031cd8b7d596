"""A resident's way to work with a supporter, in the browser: asking for support, the intake, a tip,
the first assignment on the timeline, the access log, and ending the support."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect

from assignments.models import Claim
from assignments.services import claim_accept, claim_confirm
from associations.models import Association, AssociationMembership
from pathways.models import SupportKind
from pathways.services import support_offer_update
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

Role = AssociationMembership.Role
RESIDENT = "sara@exempel.se"
SUPPORTER = "stina@utveckling.exempel.se"
TITLE = "Måla staketet vid skolan"


@pytest.fixture
def people(site):
    """The development group with its offer and one supporter, a resident, and a village
    association with an open assignment (and the coordinator who answers for it)."""
    group = AssociationFactory(
        name="Lycksele utvecklingsgrupp", slug="lycksele-utvecklingsgrupp", kind=Association.Kind.DEVELOPMENT_GROUP
    )
    admin = MembershipFactory(association=group, role=Role.ADMIN).user
    support_offer_update(
        association=group,
        by=admin,
        kinds=[SupportKind.MAPPING, SupportKind.OWN_BUSINESS],
        localities=[locality("Lycksele")],
        description="Vi träffas i bygdegården på tisdagar.",
    )
    supporter = UserFactory(email=SUPPORTER)
    MembershipFactory(association=group, user=supporter, role=Role.COORDINATOR, is_supporter=True)
    MemberProfileFactory(user=supporter, display_name="Stina H.")
    MemberProfileFactory(user=UserFactory(email=RESIDENT), display_name="Sara R.", home_locality=locality("Lycksele"))

    village = AssociationFactory(name="Rusksele byaförening", slug="rusksele", localities=[locality("Rusksele")])
    coordinator = MembershipFactory(association=village, role=Role.COORDINATOR).user
    AssignmentFactory(
        title=TITLE,
        association=village,
        locality=locality("Rusksele"),
        starts_at=None,
        ends_at=None,
        deadline=timezone.localdate() + timedelta(days=10),
        slots=1,
    )
    return {"coordinator": coordinator}


def test_a_resident_walks_the_way_to_work_with_a_supporter_and_then_ends_the_support(page: Page, site, people):
    main = page.get_by_role("main")

    # The resident finds the supporter on the development group's public page and asks.
    log_in(page, site, RESIDENT)
    page.goto(f"{site}/foreningar/lycksele-utvecklingsgrupp/")
    support = page.get_by_role("region", name="Stöd på vägen till arbete")
    expect(support).to_contain_text("Kartläggning och handledning")
    expect(support).to_contain_text("Vi träffas i bygdegården på tisdagar.")
    assert_accessible(page)
    support.get_by_role("link", name="Be Stina H. om stöd").click()
    expect(page.get_by_role("heading", name="Be Stina H. om stöd")).to_be_visible()
    expect(page.get_by_label("min kartläggning")).to_be_checked()
    assert_accessible(page)
    page.get_by_label("Meddelande till handledaren (frivilligt)").fill("Jag vill hitta ett arbete i närheten.")
    page.get_by_role("button", name="Skicka förfrågan").click()
    expect(page.get_by_text("Din förfrågan är skickad till Stina H.")).to_be_visible()
    expect(page.get_by_text("Du väntar på svar från Stina H.")).to_be_visible()
    assert_accessible(page)
    log_out(page)

    # The supporter accepts and fills in the intake with her, marking it done.
    log_in(page, site, SUPPORTER)
    page.goto(f"{site}/handledning/")
    requests = page.get_by_role("region", name="Förfrågningar som väntar på ditt svar")
    expect(requests).to_contain_text("Sara R.")
    expect(requests).to_contain_text("Jag vill hitta ett arbete i närheten.")
    assert_accessible(page)
    requests.get_by_role("button", name="Tacka ja till Sara R.").click()
    expect(page.get_by_text("Du är nu handledare för Sara R.")).to_be_visible()
    expect(page.get_by_role("heading", name="Sara R.", level=1)).to_be_visible()
    link_page = page.url
    assert_accessible(page)
    main.get_by_role("link", name="Börja kartläggningen").click()
    expect(page.get_by_role("heading", name="Kartläggning", level=1)).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Erfarenhet").fill("Har skött trädgården åt grannar i många år.")
    page.get_by_label("Vad vill du nå?").fill("Ett arbete med händerna, gärna utomhus.")
    page.get_by_label("Ja", exact=True).check()
    page.get_by_label("Vad står i vägen?").fill("Bussen går bara två gånger om dagen.")
    page.get_by_label("Kartläggningen är klar").check()
    page.get_by_role("button", name="Spara kartläggningen").click()
    expect(page.get_by_text("Kartläggningen för Sara R. är sparad.")).to_be_visible()
    expect(page.get_by_text("Kartläggningen är klar sedan")).to_be_visible()
    intake_page = page.url
    assert_accessible(page)

    # ... and tips her about an open assignment.
    page.get_by_role("navigation", name="Om Sara R.").get_by_role("link", name="Tipsa om uppdrag").click()
    tip = main.get_by_role("listitem").filter(has=page.get_by_role("link", name=TITLE))
    expect(tip).to_contain_text("Rusksele byaförening")
    assert_accessible(page)
    tip.get_by_text("Skriv varför det passar (frivilligt)").click()
    tip.get_by_label("Varför passar det? (frivilligt)").fill("Du gillar att vara ute, och det är nära bussen.")
    tip.get_by_role("button", name=f"Tipsa om {TITLE}").click()
    expect(page.get_by_text(f"Sara R. har fått ditt tips om ”{TITLE}”.")).to_be_visible()
    expect(tip.get_by_text("Tipsat")).to_be_visible()
    assert_accessible(page)
    log_out(page)

    # The resident hears of the tip by e-mail, in the inbox and on her path, and signs up.
    assert any(m.to == [RESIDENT] and TITLE in m.subject + m.body for m in mail.outbox)
    log_in(page, site, RESIDENT)
    page.goto(f"{site}/mina-sidor/notiser/")
    expect(
        page.get_by_role("link", name=f"Din handledare tipsar dig om ”{TITLE}”: Du gillar att vara ute")
    ).to_be_visible()
    assert_accessible(page)
    page.goto(f"{site}/mina-sidor/min-vag/")
    timeline = page.get_by_role("region", name="Dina steg hittills")
    expect(timeline).to_contain_text("Kartläggning klar")
    tips = page.get_by_role("region", name="Tips från dina handledare")
    expect(tips).to_contain_text("Tips från Stina H.")
    expect(tips).to_contain_text("Du gillar att vara ute, och det är nära bussen.")
    expect(page.get_by_text("Ta ditt första uppdrag.")).to_be_visible()
    assert_accessible(page)
    tips.get_by_role("link", name="Anmäl dig").click()
    expect(page.get_by_role("heading", name=TITLE)).to_be_visible()
    page.get_by_role("button", name="Anmäl intresse").click()
    expect(page.get_by_text("Din anmälan är skickad")).to_be_visible()

    # The association's part goes through the services (its pages have a browser test of their
    # own in test_marketplace.py): it gives her the assignment, and later confirms her hours.
    claim = Claim.objects.get(assignment__title=TITLE)
    claim_accept(claim=claim, by=people["coordinator"])
    page.goto(f"{site}/mina-sidor/uppdrag/")
    page.get_by_label("Hur många timmar arbetade du?").fill("3")
    page.get_by_role("button", name="Rapportera timmar").click()
    expect(page.get_by_text("Nu kan föreningen bekräfta dina timmar")).to_be_visible()
    claim_confirm(claim=claim, by=people["coordinator"], hours=Decimal("3"))

    # The first assignment is on her timeline, recorded by the site, and the next step moves on.
    page.goto(f"{site}/mina-sidor/min-vag/")
    first = timeline.get_by_role("listitem").filter(has_text="Första uppdraget klart")
    expect(first).to_contain_text("Antecknat av: Uppdragsbanken")
    expect(first.get_by_role("link", name=TITLE)).to_be_visible()
    expect(tips).to_contain_text("Du har anmält dig. Läge: klar och bekräftad.")
    expect(page.get_by_text("Fortsätt med fler uppdrag.")).to_be_visible()
    assert_accessible(page)

    # She reads who has looked at her data: the supporter's reads and writes, each with what.
    page.get_by_role("link", name="Vem har tittat på mina uppgifter").click()
    expect(page.get_by_role("heading", name="Vem har tittat på mina uppgifter", level=1)).to_be_visible()
    rows = page.get_by_role("row").filter(has_text="Stina H.")
    for action, subject in [
        ("Läste", "översikten"),
        ("Läste", "kartläggningen"),
        ("Ändrade", "kartläggningen"),
        ("Läste", "tipsen om uppdrag"),
        ("Ändrade", "tipsen om uppdrag"),
    ]:
        row = rows.filter(has=page.get_by_role("cell", name=action, exact=True)).filter(
            has=page.get_by_role("cell", name=subject, exact=True)
        )
        expect(row.first).to_contain_text("Lycksele utvecklingsgrupp")
    assert_accessible(page)

    # She ends the support.
    page.goto(f"{site}/mina-sidor/min-vag/")
    page.get_by_role("region", name="Dina handledare").get_by_role("link", name="Avsluta stödet").click()
    expect(page.get_by_role("heading", name="Vill du avsluta stödet från Stina H.?")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Ja, avsluta stödet").click()
    expect(page.get_by_text("Stödet från Stina H. är avslutat.")).to_be_visible()
    expect(page.get_by_text("Avslutad", exact=True)).to_be_visible()
    assert_accessible(page)
    log_out(page)

    # The supporter can no longer open the intake, nor the overview: the page says the support has ended.
    log_in(page, site, SUPPORTER)
    for address in (intake_page, link_page):
        response = page.goto(address)
        assert response.status == 403
        expect(page.get_by_text("Stödet är avslutat. Du kan inte längre se invånarens uppgifter")).to_be_visible()
        expect(page.get_by_text("Bussen går bara två gånger om dagen.")).to_have_count(0)
    assert_accessible(page)
    page.goto(f"{site}/handledning/")
    expect(page.get_by_role("region", name="Avslutade")).to_contain_text("Sara R.")
    expect(page.get_by_role("link", name="Sara R.")).to_have_count(0)
