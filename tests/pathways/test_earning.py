"""The public page on being paid (/att-fa-betalt/) and the links to it from paid assignments."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import formats, translation
from django.utils.html import escape

from assignments.models import Assignment
from pathways import earning_sources as es
from pathways.earning_sources import FOR_ALL, ROUTES, SOURCES, cited_sources
from tests.factories import AssignmentFactory

Route = Assignment.PaymentRoute


def page(client) -> str:
    response = client.get(reverse("pathways:earning"))
    assert response.status_code == 200
    return response.content.decode()


def text_of(html: str) -> str:
    """The page's text with tags removed and spaces collapsed, as a reader meets it."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace(" .", ".")


def test_the_earning_page_is_public_and_has_a_section_with_its_anchor_for_each_paid_route(client, db):
    html = page(client)
    for anchor, title in [
        ("egenanstallning", "Egenanställning via ett egenanställningsföretag"),
        ("f-skatt", "Eget företag med F-skatt"),
        ("anstallning", "Anställd av föreningen"),
    ]:
        assert f'<section id="{anchor}"' in html
        assert f'<h2 id="{anchor}-title">{title}</h2>' in html
        assert f'href="#{anchor}"' in html  # the table of contents


def test_the_three_sections_cover_the_paid_routes_of_the_model_and_no_other():
    assert {route.route for route in ROUTES} == {Route.UMBRELLA, Route.F_TAX, Route.EMPLOYMENT}
    assert len({route.anchor for route in ROUTES}) == 3


def test_each_route_says_what_it_means_costs_asks_of_tax_and_insurance_and_how_to_start(client, db):
    html = page(client)
    for route in ROUTES:
        section = html.split(f'<section id="{route.anchor}"')[1].split("</section>")[0]
        for heading in ("Vad det innebär", "Vad det kostar", "Skatt och försäkring", "Så kommer du igång"):
            assert f"<h3>{heading}</h3>" in section


def test_the_page_says_the_site_handles_no_money_and_the_association_states_the_pay(client, db):
    text = text_of(page(client))
    assert "Uppdragsbanken hanterar inga pengar." in text
    assert "Det är föreningen som anger ersättningen i uppdraget och som betalar den." in text


def test_the_page_links_to_the_residents_compensation_summary(client, db):
    assert f'href="{reverse("pathways:compensation")}"' in page(client)


def test_every_fact_cites_its_source_with_a_link_and_the_date_it_was_checked(client, db):
    html = page(client)
    text = text_of(html)
    points = [point for route in ROUTES for part in route.parts for point in part.points] + list(FOR_ALL)
    with translation.override("sv"):
        for point in points:
            citations = "".join(
                f" Källa: {source.publisher}: {source.title}. "
                f"Uppgiften kontrollerad {formats.date_format(source.checked, 'j F Y')}."
                for source in point.sources
            )
            # The fact, then right after it each of its sources.
            assert f"{point.text}{citations}" in text
            for source in point.sources:
                assert f'<a href="{escape(source.url)}" lang="sv">{source.publisher}: {source.title}</a>' in html


def test_the_figures_on_the_page_come_with_a_source():
    """A point stating a percentage or an amount in kronor is a fact: it must cite a source."""
    points = [point for route in ROUTES for part in route.parts for point in part.points] + list(FOR_ALL)
    with translation.override("sv"):
        figures = [point for point in points if re.search(r"\d", str(point.text).replace("SKV 4620", ""))]
    assert figures, "the page states some figures"
    for point in figures:
        assert point.sources, f"no source for: {point.text}"


def test_the_list_of_sources_shows_each_cited_source_with_its_address_and_date(client, db):
    html = page(client)
    sources_section = html.split('<section id="kallor"')[1]
    cited = cited_sources()
    assert cited and set(cited) <= set(SOURCES)
    assert len(cited) == len(SOURCES), "every kept source is cited by some fact"
    with translation.override("sv"):
        for source in cited:
            checked = formats.date_format(source.checked, "j F Y")
            assert (
                f'<a href="{escape(source.url)}" lang="sv">{source.publisher}: {source.title}</a>. '
                f"Kontrollerad {checked}." in sources_section
            )


def test_the_sources_include_the_authorities_the_facts_rest_on():
    publishers = {source.publisher for source in SOURCES}
    assert {"Skatteverket", "Verksamt.se", "Försäkringskassan"} <= publishers
    assert all(source.url.startswith("https://") for source in SOURCES)


def point_saying(words: str) -> es.Point:
    """The one point on the page whose Swedish text contains `words`."""
    points = [point for route in ROUTES for part in route.parts for point in part.points] + list(FOR_ALL)
    with translation.override("sv"):
        (found,) = [point for point in points if words in str(point.text)]
    return found


def test_the_employer_contribution_is_stated_with_skatteverkets_dated_edition_and_the_lower_rates_for_young_people(
    client, db
):
    text = text_of(page(client))
    assert "oförändrad för 2026" not in text
    assert "Fortnox" not in text
    rate = point_saying("31,42 procent")
    with translation.override("sv"):
        assert "för år 2024 i sin rättsliga vägledning (utgåva 2024.3)" in str(rate.text)
        assert "Beroende på din ålder kan procentsatsen vara lägre." in str(rate.text)
    assert rate.sources == (es.SKV_EMPLOYER_FEES,)
    assert "(utgåva 2024.3)" in es.SKV_EMPLOYER_FEES.title
    assert "Skatteverket: Rättslig vägledning: Arbetsgivaravgifternas storlek (utgåva 2024.3)" in text

    young = point_saying("fyllt 18 men inte 23 år")
    with translation.override("sv"):
        assert str(young.text).startswith("Från den 1 april 2026 till och med den 30 september 2027")
        assert "högst 25 000 kronor i månaden" in str(young.text)
    assert young.sources == (es.SFS_2026_100, es.PROP_2025_26_66)
    assert "SFS 2026:100" in text and "Proposition 2025/26:66" in text


def test_the_tax_return_date_is_early_may_as_skatteverket_sets_it_each_year_on_its_ordinary_page(client, db):
    text = text_of(page(client))
    assert "senast den 2 maj" not in text
    assert (
        "Inkomstdeklarationen gäller inkomsterna året innan, och du lämnar den till Skatteverket i början av maj. "
        "Skatteverket anger sista dagen varje år. För inkomståret 2025 var det den 4 maj 2026."
    ) in text
    assert point_saying("i början av maj").sources == (es.SKV_TAX_RETURN,)
    assert all("teckensprak" not in source.url for source in SOURCES)
    assert es.SKV_TAX_RETURN.url == "https://skatteverket.se/privat/deklaration"


def test_the_page_says_a_kassa_usually_pays_nothing_alongside_f_tax_work_and_that_it_judges_each_case(client, db):
    text = text_of(page(client))
    assert "Då kan du inte samtidigt få ersättning" not in text
    assert "Då får du oftast ingen ersättning från a-kassan medan du tar uppdrag." in text
    assert "A-kassan bedömer varje fall för sig, så tala med den innan du tar ett uppdrag." in text
    assert point_saying("oftast ingen ersättning").sources == (es.AKASSA_FINANCE, es.AKASSA_LARARNA)


def test_sick_pay_rests_on_forsakringskassan_and_no_longer_on_konstnarsnamnden(client, db):
    text = text_of(page(client))
    assert "Konstnärsnämnden" not in text
    for words in ("arbetsinkomsten från firman", "Som anställd beräknas din sjuk- och föräldrapenning"):
        sources = point_saying(words).sources
        assert sources and {source.publisher for source in sources} == {"Försäkringskassan"}


def test_a_source_from_an_older_edition_of_the_legal_guidance_names_its_edition():
    editions = [source for source in SOURCES if "/rattsligvagledning/edition/" in source.url]
    assert editions
    for source in editions:
        edition = source.url.split("/edition/")[1].split("/")[0]
        assert source.title.endswith(f"(utgåva {edition})"), source.title


def test_every_source_carries_the_day_the_page_was_last_checked():
    assert {source.checked for source in SOURCES} == {es.CHECKED}


# The link from an assignment -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("route", "compensation", "anchor", "text"),
    [
        (Route.UMBRELLA, Assignment.Compensation.HOURLY, "egenanstallning", "Så fungerar egenanställning"),
        (Route.F_TAX, Assignment.Compensation.FIXED, "f-skatt", "Så fungerar F-skatt"),
        (Route.EMPLOYMENT, Assignment.Compensation.HOURLY, "anstallning", "Så fungerar anställning hos föreningen"),
    ],
)
def test_a_paid_assignment_links_to_the_part_of_the_earning_page_for_its_payment_route(
    client, db, route, compensation, anchor, text
):
    assignment = AssignmentFactory(compensation=compensation, amount_sek=Decimal("180"), payment_route=route)
    html = client.get(reverse("assignments:detail", args=[assignment.pk])).content.decode()
    assert f'<span class="facts__note"><a href="{reverse("pathways:earning")}#{anchor}">{text}</a></span>' in html
    # Only the link for its own route.
    assert html.count(f"{reverse('pathways:earning')}#") == 1
    # The link text and anchor are the ones the earning page keeps for the route.
    (kept,) = [r for r in ROUTES if r.route == route]
    with translation.override("sv"):
        assert (kept.anchor, str(kept.link_text)) == (anchor, text)
    assert f'<section id="{anchor}"' in page(client)


def test_a_voluntary_assignment_shows_no_link_to_the_earning_page(client, db):
    assignment = AssignmentFactory()
    assert assignment.payment_route == Route.VOLUNTARY
    html = client.get(reverse("assignments:detail", args=[assignment.pk])).content.decode()
    assert assignment.title in html
    assert reverse("pathways:earning") not in html
    for text in ("Så fungerar egenanställning", "Så fungerar F-skatt", "Så fungerar anställning hos föreningen"):
        assert text not in html
