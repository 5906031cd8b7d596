"""The public page on being paid (/att-fa-betalt/) and the links to it from paid assignments."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import formats, translation

from assignments.models import Assignment
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
                assert f'<a href="{source.url}" lang="sv">{source.publisher}: {source.title}</a>' in html


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
                f'<a href="{source.url}" lang="sv">{source.publisher}: {source.title}</a>. Kontrollerad {checked}.'
                in (sources_section)
            )


def test_the_sources_include_the_authorities_the_facts_rest_on():
    publishers = {source.publisher for source in SOURCES}
    assert {"Skatteverket", "Verksamt.se", "Försäkringskassan"} <= publishers
    assert all(source.url.startswith("https://") for source in SOURCES)


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
