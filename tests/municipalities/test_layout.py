"""Layout rules that can be read as text: the stylesheet and the markup the staff pages rely on.

The pages were checked by eye in Chromium at 390 and 1280 px and printed to A4; these tests keep
the rules that fixed them from being dropped."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from municipalities.models import DevelopmentGoal, StaffMembership
from tests.factories import StaffMembershipFactory, municipality

CSS = re.sub(r"/\*.*?\*/", "", (Path(settings.BASE_DIR) / "static" / "css" / "site.css").read_text(), flags=re.S)


def rule(selector: str) -> str:
    """The declarations of every rule whose selector list holds `selector`, run together."""
    bodies = []
    for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", CSS):
        if selector in [s.strip() for s in selectors.split(",")]:
            bodies.append(body)
    assert bodies, f"no rule for {selector}"
    return " ".join(bodies)


def test_messages_and_the_logged_in_line_break_long_addresses():
    for selector in (".message", ".account-nav__who"):
        assert "overflow-wrap: anywhere" in rule(selector)


def test_a_statistics_table_of_more_than_three_columns_stands_under_its_chart():
    assert "grid-template-columns: minmax(0, 1fr)" in rule(
        ".stat-table__body--chart:has(.data-table thead th:nth-child(4))"
    )


def test_a_table_that_scrolls_shows_it_at_every_width():
    declarations = rule(".table-wrap")
    assert "no-repeat local" in declarations and "no-repeat scroll" in declarations
    assert "scrollbar-color" in declarations


def test_a_status_tag_in_a_table_may_wrap():
    assert "white-space: normal" in rule(".data-table .status-tag")


def test_the_print_keeps_headings_with_what_follows_and_tables_whole():
    assert "break-after: avoid" in rule(".dashboard--print h2")
    for selector in (".dashboard--print .section:has(#figures-title)", ".dashboard--print .stat-table"):
        assert "break-inside: avoid" in rule(selector)
    assert "white-space: nowrap" in rule('.dashboard--print #tabell-monthly th[scope="row"]')
    assert "max-width: 62mm" in rule(".dashboard--print .stat-table__chart")


@pytest.mark.django_db
def test_each_goal_button_has_its_own_place_so_they_line_up(client):
    lycksele = municipality("2481")
    admin = StaffMembershipFactory(municipality=lycksele, role=StaffMembership.Role.ADMIN).user
    for n in range(3):
        DevelopmentGoal.objects.create(municipality=lycksele, title=f"Mål {n}", position=n)
    client.force_login(admin)
    page = client.get(reverse("municipalities:goals", args=["2481"])).content.decode()
    assert page.count("goal-list__edit") == 3 and page.count("goal-list__state") == 3
    assert page.count("goal-list__up") == 2 and page.count("goal-list__down") == 2
    assert 'grid-template-areas: "edit up down state"' in rule(".goal-list__actions")
