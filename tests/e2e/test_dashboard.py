"""A municipal officer reads the dashboard: chooses a period, reads a chart's numbers, downloads a CSV."""

import csv
import io

from playwright.sync_api import Page, expect

from municipalities.models import StaffMembership
from tests.e2e.conftest import assert_accessible
from tests.e2e.test_associations import log_in
from tests.factories import AssociationFactory, StaffMembershipFactory, UserFactory, municipality
from tests.municipalities.test_dashboard import at, confirmed_work


def test_a_viewer_changes_the_period_reads_a_charts_table_and_downloads_a_csv(page: Page, site):
    StaffMembershipFactory(
        user=UserFactory(email="statistik@lycksele.exempel.se"),
        municipality=municipality("2481"),
        role=StaffMembership.Role.VIEWER,
    )
    association = AssociationFactory(name="Rusksele byaförening", slug="rusksele", municipality=municipality("2481"))
    confirmed_work(category="snorojning-och-vinter", residents=2, published=at(1, 10), association=association)
    confirmed_work(category="tradgard-och-utemiljo", residents=6, published=at(3, 5), association=association)
    confirmed_work(category="tradgard-och-utemiljo", residents=6, published=at(4, 5), association=association)

    log_in(page, site, "statistik@lycksele.exempel.se")
    page.goto(f"{site}/kommuner/2481/statistik/")
    expect(page.get_by_role("heading", name="Statistik för Lycksele", level=1)).to_be_visible()
    assert_accessible(page)

    # The officer picks their own months: the whole of 2025.
    page.get_by_label("Egna månader, från och med – till och med:").check()
    page.get_by_label("Från månad").fill("2025-01")
    page.get_by_label("Till och med månad").fill("2025-12")
    page.get_by_role("button", name="Visa statistiken").click()
    expect(page.get_by_text("Perioden 1 jan 2025 – 31 dec 2025")).to_be_visible()
    expect(page.get_by_label("Från månad")).to_have_value("2025-01")
    assert_accessible(page)

    # The chart of categories has its numbers in the table beside it; two snow clearers are "<5".
    expect(page.get_by_role("img", name="Kategori: Publicerade uppdrag")).to_be_visible()
    table = page.get_by_role("table", name="Kategori, 1 jan 2025 – 31 dec 2025")
    garden = table.get_by_role("row", name="Trädgård och utemiljö")
    expect(garden.get_by_role("cell").nth(0)).to_have_text("2")
    expect(garden.get_by_role("cell").nth(2)).to_have_text("30")
    snow = table.get_by_role("row", name="Snöröjning och vinterarbete")
    expect(snow.get_by_role("cell").nth(3)).to_have_text("<5")

    # "Så räknas det" opens without JavaScript.
    section = page.locator("#tabell-by_category")
    section.get_by_text("Så räknas det").click()
    expect(section.locator("details.how p")).to_be_visible()

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Kategori: Ladda ner som CSV").click()
    download = download_info.value
    assert download.suggested_filename == "statistik-2481-per-kategori-2025-01-01-2025-12-31.csv"
    with open(download.path(), encoding="utf-8-sig") as file:
        text = file.read()
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][0] == "Kategori"
    assert next(row for row in rows if row[0] == "Trädgård och utemiljö")[:4] == [
        "Trädgård och utemiljö",
        "2",
        "2",
        "30",
    ]
    assert next(row for row in rows if row[0] == "Snöröjning och vinterarbete")[4] == "<5"
