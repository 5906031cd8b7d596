"""A resident's proof and control, in the browser: a certificate of a completed assignment that an
anonymous visitor checks by its code, revoked; the resident's own data; and deleting the account."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from assignments.models import Claim
from assignments.services import claim_accept, claim_confirm, claim_create
from associations.models import AssociationMembership
from tests.e2e.conftest import assert_accessible
from tests.e2e.test_associations import log_in, log_out
from tests.factories import (
    PASSWORD,
    AssignmentFactory,
    AssociationFactory,
    MemberProfileFactory,
    MembershipFactory,
    UserFactory,
    locality,
)

Role = AssociationMembership.Role
RESIDENT = "amina@exempel.se"
TITLE = "Röja sly längs elljusspåret"
REFERENCE = "Amina arbetade noggrant och tog egna initiativ."


@pytest.fixture
def world(site):
    """A village association with a coordinator, a resident, and an assignment she has been given."""
    village = AssociationFactory(name="Rusksele byaförening", slug="rusksele", localities=[locality("Rusksele")])
    coordinator = MembershipFactory(association=village, role=Role.COORDINATOR).user
    resident = UserFactory(email=RESIDENT)
    MemberProfileFactory(user=resident, display_name="Amina K.", home_locality=locality("Rusksele"))
    assignment = AssignmentFactory(
        title=TITLE,
        association=village,
        locality=locality("Rusksele"),
        starts_at=None,
        ends_at=None,
        deadline=timezone.localdate() + timedelta(days=10),
        slots=2,
    )
    claim = claim_create(assignment=assignment, resident=resident, message="Jag har egen röjsåg.")
    claim_accept(claim=claim, by=coordinator)
    return {"coordinator": coordinator, "assignment": assignment, "claim": claim}


def test_certificate_verified_revoked_data_downloaded_and_account_deleted(page: Page, site, world, tmp_path):
    main = page.get_by_role("main")

    # She reports her hours; the association confirms them with a reference.
    log_in(page, site, RESIDENT)
    page.goto(f"{site}/mina-sidor/uppdrag/")
    page.get_by_label("Hur många timmar arbetade du?").fill("4")
    page.get_by_role("button", name="Rapportera timmar").click()
    expect(page.get_by_text("Nu kan föreningen bekräfta dina timmar")).to_be_visible()
    claim_confirm(claim=world["claim"], by=world["coordinator"], hours=Decimal("4"), reference_text=REFERENCE)

    # She makes a certificate of it from "Mina sidor".
    page.goto(f"{site}/mina-sidor/")
    page.get_by_role("link", name="Mina intyg").first.click()
    expect(page.get_by_role("heading", name="Mina intyg", level=1)).to_be_visible()
    assert_accessible(page)
    main.get_by_role("link", name="Skapa ett intyg").first.click()
    expect(page.get_by_role("heading", name="Skapa ett intyg")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("checkbox", name=re.compile(TITLE)).check()
    page.get_by_label("Namn på intyget").fill("Amina Karimi")
    page.get_by_role("button", name="Skapa intyget").click()
    expect(page.get_by_role("heading", name=re.compile(r"^Intyg [0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$"))).to_be_visible()
    expect(main).to_contain_text(REFERENCE)
    expect(main).to_contain_text("Amina Karimi")
    assert_accessible(page)
    code = main.locator(".certificate__code").first.inner_text().strip()
    assert re.fullmatch(r"[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}", code)
    log_out(page)

    # A visitor, not logged in, types the code (in lower case, as people do) and sees the content.
    page.goto(f"{site}/intyg/")
    page.get_by_label("Kontrollkod").fill(code.lower())
    page.get_by_role("button", name=re.compile("Kontrollera")).click()
    expect(page.get_by_role("heading", name="Intyget är äkta")).to_be_visible()
    for text in ("Amina Karimi", TITLE, "Rusksele byaförening", REFERENCE):
        expect(main).to_contain_text(text)
    assert_accessible(page)
    verify_url = page.url

    # She revokes it; the same address then says so and shows nothing of the content.
    log_in(page, site, RESIDENT)
    page.goto(f"{site}/mina-sidor/intyg/")
    main.get_by_role("link", name=f"Intyg {code}").click()
    main.get_by_role("link", name="Återkalla intyget").click()
    expect(page.get_by_role("heading", name=f"Vill du återkalla intyg {code}?")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Ja, återkalla intyget").click()
    expect(main).to_contain_text("Du återkallade intyget")
    log_out(page)
    page.goto(verify_url)
    expect(page.get_by_role("heading", name="Intyget är återkallat")).to_be_visible()
    expect(main).not_to_contain_text("Amina Karimi")
    expect(main).not_to_contain_text(TITLE)
    assert_accessible(page)

    # She reads and downloads everything the site keeps about her.
    log_in(page, site, RESIDENT)
    page.goto(f"{site}/mina-sidor/")
    page.get_by_role("link", name=re.compile("^Mina uppgifter")).click()
    expect(page.get_by_role("heading", name="Mina uppgifter", level=1)).to_be_visible()
    expect(main).to_contain_text(RESIDENT)
    expect(main).to_contain_text(TITLE)
    expect(main).to_contain_text("Jag har egen röjsåg.")
    assert_accessible(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Ladda ner allt som en fil (JSON)").click()
    download = download_info.value
    assert download.suggested_filename.startswith("uppdragsbanken-mina-uppgifter-")
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    content = saved.read_text(encoding="utf-8")
    assert RESIDENT in content and TITLE in content and REFERENCE in content

    # She deletes her account: the page says what goes and what stays, and asks for her password.
    page.goto(f"{site}/mina-sidor/")
    page.get_by_role("link", name="Ta bort mitt konto").click()
    expect(page.get_by_role("heading", name="Ta bort mitt konto", level=1)).to_be_visible()
    expect(main).to_contain_text("Det här finns kvar, utan ditt namn")
    assert_accessible(page)
    page.get_by_label("Ditt lösenord").fill("inte rätt lösenord")
    page.get_by_role("button", name="Ta bort mitt konto för alltid").click()
    expect(main.get_by_text(re.compile("lösenord", re.IGNORECASE)).first).to_be_visible()
    assert Claim.objects.filter(resident__email=RESIDENT).exists()
    page.get_by_label("Ditt lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Ta bort mitt konto för alltid").click()
    expect(page.get_by_role("heading", name="Ditt konto är borttaget")).to_be_visible()
    assert_accessible(page)

    # Logging in again fails.
    page.goto(f"{site}/konto/login/")
    page.get_by_label("E-postadress").fill(RESIDENT)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    expect(page.get_by_role("link", name="Logga in").first).to_be_visible()
    expect(main).to_contain_text("E-postadressen eller lösenordet stämmer inte")

    # The association's history keeps the work, done by an anonymous participant.
    log_in(page, site, world["coordinator"].email)
    page.goto(f"{site}/foreningar/rusksele/uppdrag/{world['assignment'].pk}/")
    expect(main).to_contain_text("Tidigare deltagare")
    expect(main).not_to_contain_text("Amina")
    assert_accessible(page)


def test_ten_assignments_print_on_one_a4_page(page: Page, site, world):
    """The browser's own print of a certificate with ten assignments is one A4 page."""
    from certificates.services import certificate_issue

    claims = [world["claim"]]
    claim_confirm(claim=world["claim"], by=world["coordinator"], hours=Decimal("4"), reference_text=REFERENCE * 6)
    resident = world["claim"].resident
    for number in range(9):
        assignment = AssignmentFactory(
            title=f"{TITLE} etapp {number + 2}",
            association=world["assignment"].association,
            locality=locality("Rusksele"),
            starts_at=None,
            ends_at=None,
            deadline=timezone.localdate() + timedelta(days=10),
        )
        claim = claim_create(assignment=assignment, resident=resident)
        claim_accept(claim=claim, by=world["coordinator"])
        claim.hours_reported = Decimal("3")
        claim.status = Claim.Status.DONE
        claim.save()
        claims.append(
            claim_confirm(claim=claim, by=world["coordinator"], hours=Decimal("3"), reference_text=REFERENCE * 6)
        )
    certificate = certificate_issue(resident=resident, claims=claims, name="Amina Karimi", include_milestones=True)
    # The resident prints from her own page, a reader from the verification page: both fit one A4 sheet.
    for address in (f"{site}/intyg/{certificate.code}/", f"{site}/mina-sidor/intyg/{certificate.pk}/"):
        if "mina-sidor" in address:
            log_in(page, site, RESIDENT)
        page.goto(address)
        expect(page.get_by_role("main")).to_contain_text("Amina Karimi")
        pdf = page.pdf(format="A4", print_background=True, prefer_css_page_size=True)
        assert len(re.findall(rb"/Type\s*/Page\b", pdf)) == 1, address
