import re

from django.core import mail
from playwright.sync_api import Page, expect

from municipalities.models import StaffMembership
from tests.e2e.conftest import assert_accessible
from tests.factories import PASSWORD, AssociationFactory, StaffMembershipFactory, UserFactory, municipality


def log_in(page: Page, site: str, email: str, password: str = PASSWORD) -> None:
    page.goto(f"{site}/konto/login/")
    page.get_by_label("E-postadress").fill(email)
    page.get_by_label("Lösenord").fill(password)
    page.get_by_role("button", name="Logga in").click()
    expect(page.get_by_role("banner").get_by_role("button", name="Logga ut")).to_be_visible()


def log_out(page: Page) -> None:
    page.get_by_role("button", name="Logga ut").click()
    expect(page.get_by_role("link", name="Logga in").first).to_be_visible()


def test_register_an_association_have_it_verified_and_invite_a_coordinator(page: Page, site):
    UserFactory(email="ordforande@rusksele.exempel.se")
    StaffMembershipFactory(
        user=UserFactory(email="handlaggare@lycksele.exempel.se"),
        municipality=municipality("2481"),
        role=StaffMembership.Role.ADMIN,
    )

    # The chair registers the association.
    log_in(page, site, "ordforande@rusksele.exempel.se")
    page.goto(f"{site}/foreningar/ny/")
    assert_accessible(page)
    page.get_by_label("Vilken kommun verkar föreningen i?").select_option(label="Lycksele")
    page.get_by_role("button", name="Fortsätt").click()
    page.get_by_label("Föreningens namn").fill("Rusksele byaförening")
    page.get_by_label("Organisationsnummer").fill("802400-1234")
    page.get_by_label("Rusksele").check()
    page.get_by_role("button", name="Registrera föreningen").click()
    expect(page.get_by_role("alert")).to_contain_text("kontrollsiffran är fel")
    expect(page.locator("#id_organisation_number_error")).to_contain_text("kontrollsiffran är fel")
    assert_accessible(page)
    page.get_by_label("Organisationsnummer").fill("802400-1235")
    page.get_by_role("button", name="Registrera föreningen").click()
    expect(page.get_by_text("Kommunen granskar den nu")).to_be_visible()
    expect(page.get_by_text("Inte granskad än").first).to_be_visible()
    assert_accessible(page)
    log_out(page)

    # The municipal officer verifies it from the queue.
    log_in(page, site, "handlaggare@lycksele.exempel.se")
    page.goto(f"{site}/kommuner/2481/granska/")
    assert_accessible(page)
    page.get_by_role("link", name="Granska Rusksele byaförening").click()
    assert_accessible(page)
    page.get_by_role("button", name="Godkänn föreningen").click()
    expect(page.get_by_text("Rusksele byaförening är godkänd.")).to_be_visible()
    expect(page.get_by_role("cell", name="Förening godkänd")).to_be_visible()
    log_out(page)

    # The chair sees it verified and invites a coordinator.
    log_in(page, site, "ordforande@rusksele.exempel.se")
    page.goto(f"{site}/foreningar/rusksele-byaforening/hantera/")
    expect(page.get_by_text("Inte granskad än")).to_have_count(0)
    page.get_by_label("E-postadress").fill("samordnare@exempel.se")
    page.get_by_label("Roll").last.select_option(label="Samordnare")
    page.get_by_role("button", name="Skicka inbjudan").click()
    expect(page.get_by_text("Inbjudan är skickad till samordnare@exempel.se.")).to_be_visible()
    assert_accessible(page)
    log_out(page)

    # The coordinator has no account: signs up through the link, confirms, joins.
    invitation = next(m for m in mail.outbox if m.to == ["samordnare@exempel.se"])
    link = re.search(r"https?://\S+/inbjudan/\S+/", invitation.body).group(0)
    page.goto(link.replace("http://127.0.0.1:8000", site))
    expect(page.get_by_role("heading", name="Inbjudan till Rusksele byaförening")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("main").get_by_role("link", name="Skapa konto").click()
    page.get_by_label("E-postadress").fill("samordnare@exempel.se")
    page.get_by_label("Lösenord", exact=True).fill("fjallbjork-och-myr-58")
    page.get_by_label("Lösenord (igen)").fill("fjallbjork-och-myr-58")
    page.get_by_role("button", name="Skapa konto").click()
    confirmation = next(m for m in reversed(mail.outbox) if m.to == ["samordnare@exempel.se"] and m is not invitation)
    confirm_link = re.search(r"https?://\S+/konto/confirm-email/\S+/", confirmation.body).group(0)
    page.goto(re.sub(r"^https?://[^/]+", site, confirm_link))
    page.get_by_role("button", name="Bekräfta").click()
    page.get_by_role("button", name="Tacka ja till inbjudan").click()
    expect(page.get_by_text("Välkommen till Rusksele byaförening!")).to_be_visible()
    expect(page.get_by_role("region", name="Förening du arbetar för")).to_contain_text("som samordnare")


def test_the_association_list_and_pages_pass_axe(page: Page, site):
    AssociationFactory(name="Hedlunda bygdegårdsförening", slug="hedlunda")
    for path in ("/foreningar/", "/foreningar/?municipality=abc", "/foreningar/hedlunda/", "/kommuner/2481/"):
        page.goto(f"{site}{path}")
        assert_accessible(page)
