"""Help for residents without a computer, in the browser: a coordinator signs up a resident who
phoned, with and without JavaScript; the notice board prints on A4. axe finds nothing on the way.

Set E2E_SCREENSHOTS=<folder> to keep screenshots of the form and the board at 390 and 1280 px."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from assignments.models import Claim
from associations.models import AssociationMembership
from offline.models import OfflineResident
from tests.e2e.conftest import assert_accessible
from tests.e2e.test_associations import log_in
from tests.factories import AssignmentFactory, AssociationFactory, MemberProfileFactory, MembershipFactory, locality
from tests.offline.test_board import media_boxes

Role = AssociationMembership.Role
COORDINATOR = "stina.samordnare@exempel.se"
TITLE = "Skotta snö vid bygdegården"


@pytest.fixture
def world(site):
    village = AssociationFactory(
        name="Rusksele byaförening", slug="rusksele", localities=[locality("Rusksele")], contact_phone="0950-123 45"
    )
    coordinator = MembershipFactory(
        association=village,
        role=Role.COORDINATOR,
        user=MemberProfileFactory(display_name="Stina Samordnare", user__email=COORDINATOR).user,
    ).user
    assignment = AssignmentFactory(association=village, title=TITLE, slots=3)
    AssignmentFactory(
        association=village,
        title="Laga staketet vid badplatsen",
        compensation="hourly",
        amount_sek=150,
        payment_route="umbrella",
    )
    return {"coordinator": coordinator, "assignment": assignment}


def shoot(page: Page, name: str) -> None:
    folder = os.environ.get("E2E_SCREENSHOTS")
    if not folder:
        return
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(Path(folder) / f"offline-{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_a_coordinator_signs_up_a_resident_who_phoned(browser, site, world, javascript):
    context = browser.new_context(
        java_script_enabled=javascript, locale="sv-SE", viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    log_in(page, site, COORDINATOR)
    page.goto(f"{site}/foreningar/rusksele/uppdrag/{world['assignment'].pk}/")
    page.get_by_role("link", name="Anmäl en invånare som har ringt eller kommit förbi").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Anmäl en invånare som har ringt eller kommit förbi")
    if javascript:
        assert_accessible(page)
        shoot(page, "form")

    # Without the resident's yes nothing is saved, and what was typed stays.
    page.get_by_label("Nej, hen har inget konto").check()
    page.get_by_label("Invånarens namn").fill("Gunnel Berglund")
    page.get_by_label("Telefonnummer").fill("070-123 45 67")
    page.get_by_role("button", name="Anmäl invånaren").click()
    expect(page.get_by_role("alert")).to_contain_text("Kryssa i att invånaren har sagt ja")
    expect(page.get_by_label("Invånarens namn")).to_have_value("Gunnel Berglund")
    assert not Claim.objects.exists()
    if javascript:
        assert_accessible(page)
        shoot(page, "form-error")

    page.get_by_label("Invånaren har sagt ja till att jag anmäler hen").check()
    page.get_by_role("button", name="Anmäl invånaren").click()
    main = page.get_by_role("main")
    expect(main).to_contain_text("Gunnel Berglund är anmäld.")
    expect(main).to_contain_text("Anmäld av Stina Samordnare per telefon")
    expect(main).to_contain_text("Inget konto, telefon 0701234567")
    if javascript:
        assert_accessible(page)
        shoot(page, "manage")
        # The association's list of people without an account, with the phone number.
        page.goto(f"{site}/foreningar/rusksele/hantera/")
        page.get_by_role("link", name="Invånare utan konto").click()
        expect(page.get_by_role("main")).to_contain_text("Telefon 0701234567")
        assert_accessible(page)
        shoot(page, "residents")
    claim = Claim.objects.get()
    assert claim.registered_by == world["coordinator"]
    assert OfflineResident.objects.get().phone == "+46701234567"
    context.close()


def test_the_notice_board_prints_on_a4(page: Page, site, world):
    page.goto(f"{site}/foreningar/rusksele/")
    page.get_by_role("link", name="Lediga uppdrag som lista att skriva ut (A4)").click()
    main = page.get_by_role("main")
    expect(main.get_by_role("heading", level=1)).to_have_text("Lediga uppdrag – Rusksele byaförening")
    expect(main).to_contain_text(f"/u/{world['assignment'].pk}")
    expect(main.get_by_role("img", name=f"QR-kod till uppdraget ”{TITLE}”")).to_be_visible()
    assert_accessible(page)
    shoot(page, "board")
    pdf = page.pdf(format="Letter", print_background=True, prefer_css_page_size=True)
    boxes = media_boxes(pdf)
    # The page's own @page size (A4) wins over the Letter asked for.
    assert boxes and all((round(w), round(h)) == (595, 842) for w, h in boxes)
    # The printout is the list alone, without the site's menus.
    page.emulate_media(media="print")
    expect(page.get_by_role("banner")).to_be_hidden()
    expect(page.get_by_role("heading", name="Lediga uppdrag – Rusksele byaförening")).to_be_visible()
    # The PDF download is A4 too.
    response = page.request.get(f"{site}/foreningar/rusksele/anslagstavla.pdf")
    assert response.headers["content-type"] == "application/pdf"
    assert all((round(w), round(h)) == (595, 842) for w, h in media_boxes(response.body()))
