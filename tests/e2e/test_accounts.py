import re

from django.core import mail
from playwright.sync_api import Page, expect

from tests.e2e.conftest import assert_accessible
from tests.factories import PASSWORD, UserFactory


def test_a_resident_signs_up_verifies_the_email_and_logs_in(page: Page, site):
    page.goto(f"{site}/")
    page.get_by_role("link", name="Skapa konto").first.click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.get_by_label("E-postadress").fill("maja@exempel.se")
    page.get_by_label("Lösenord", exact=True).fill("grusvag-och-snoskor-71")
    page.get_by_label("Lösenord (igen)").fill("grusvag-och-snoskor-71")
    page.get_by_role("button", name="Skapa konto").click()

    # Not logged in until the address is verified.
    expect(page.get_by_text("Bekräfta din e-postadress").first).to_be_visible()
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["maja@exempel.se"]
    link = re.search(r"https?://\S+/konto/confirm-email/\S+/", email.body).group(0)

    page.goto(link.replace("http://testserver", site))
    page.get_by_role("button", name="Bekräfta").click()
    expect(page.get_by_text("Inloggad som maja@exempel.se")).to_be_visible()

    page.get_by_role("button", name="Logga ut").click()
    header = page.get_by_role("banner")
    expect(header.get_by_role("link", name="Logga in")).to_be_visible()

    header.get_by_role("link", name="Logga in").click()
    page.get_by_label("E-postadress").fill("maja@exempel.se")
    page.get_by_label("Lösenord").fill("grusvag-och-snoskor-71")
    page.get_by_role("button", name="Logga in").click()
    expect(page.get_by_text("Inloggad som maja@exempel.se")).to_be_visible()


def test_an_unverified_person_cannot_log_in_until_the_email_is_verified(page: Page, site):
    UserFactory(email="ove@exempel.se", verified=False)
    page.goto(f"{site}/konto/login/")
    page.get_by_label("E-postadress").fill("ove@exempel.se")
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    expect(page.get_by_text("Bekräfta din e-postadress").first).to_be_visible()
    expect(page.get_by_role("button", name="Logga ut")).to_have_count(0)
    assert mail.outbox[-1].to == ["ove@exempel.se"]


def test_a_person_switches_the_site_to_english_and_back_without_javascript(browser, site):
    context = browser.new_context(java_script_enabled=False, locale="sv-SE")
    page = context.new_page()
    page.goto(f"{site}/om/")
    page.get_by_role("button", name="In English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert page.url == f"{site}/om/"
    expect(page.get_by_role("link", name="Skip to content")).to_be_attached()
    page.get_by_role("button", name="På svenska").click()
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    context.close()


def test_start_signup_and_login_pages_have_no_accessibility_violations(page: Page, site):
    for path in ("/", "/konto/signup/", "/konto/login/"):
        page.goto(f"{site}{path}")
        assert_accessible(page)


def test_a_failed_login_shows_a_clear_error_that_passes_axe(page: Page, site):
    page.goto(f"{site}/konto/login/")
    page.get_by_label("E-postadress").fill("ingen@exempel.se")
    page.get_by_label("Lösenord").fill("fel-losenord")
    page.get_by_role("button", name="Logga in").click()
    expect(page.get_by_role("alert")).to_be_visible()
    assert_accessible(page)
