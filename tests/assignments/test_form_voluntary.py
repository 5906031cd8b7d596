"""A new association's first assignment goes through on the first try: the form never
requires a question that does not apply (payment for voluntary work, the other kind of "when")."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from assignments.forms import AssignmentForm
from assignments.models import Assignment, Category
from tests.factories import locality

CREATE = "/foreningar/rusksele/uppdrag/nytt/"


def _day() -> str:
    return (timezone.localdate() + timedelta(days=5)).isoformat()


def _voluntary() -> dict:
    """Exactly what a person fills in for a voluntary assignment at a set time: nothing else."""
    return {
        "title": "Skotta snö vid utegymmet",
        "description": "Infarten och trappan behöver skottas.",
        "category": Category.objects.get(slug="snorojning-och-vinter").pk,
        "locality": locality("Rusksele").pk,
        "timing": "window",
        "date": _day(),
        "start_time": "10:00",
        "end_time": "12:00",
        "estimated_hours": "2",
        "slots": "1",
        "compensation": "voluntary",
        "claim_mode": "choose",
        "action": "publish",
    }


def test_a_voluntary_assignment_is_published_on_the_first_try_without_a_payment_route(client, association, coordinator):
    client.force_login(coordinator)
    response = client.post(CREATE, _voluntary(), follow=True)
    assignment = Assignment.objects.get()
    assert assignment.status == Assignment.Status.PUBLISHED
    assert assignment.payment_route == Assignment.PaymentRoute.VOLUNTARY
    assert assignment.amount_sek is None
    assert "Uppdraget är publicerat." in response.content.decode()


def test_a_voluntary_assignment_ignores_a_mistyped_amount_it_does_not_ask_for(client, association, coordinator):
    # Without CSS the amount field is on the page; a stray "abc" in it must not block voluntary work.
    client.force_login(coordinator)
    client.post(CREATE, {**_voluntary(), "amount_sek": "abc", "deadline": "inte ett datum"})
    assert Assignment.objects.get().status == Assignment.Status.PUBLISHED


def test_a_deadline_assignment_needs_no_date_or_clock_times(client, association, coordinator):
    client.force_login(coordinator)
    fields = {**_voluntary(), "timing": "deadline", "deadline": _day(), "date": "", "start_time": "25:00"}
    client.post(CREATE, fields)
    assignment = Assignment.objects.get()
    assert assignment.status == Assignment.Status.PUBLISHED
    assert assignment.starts_at is None
    assert assignment.deadline.isoformat() == _day()


def test_a_paid_assignment_asks_for_amount_and_payment_route_and_keeps_what_was_typed(client, association, coordinator):
    client.force_login(coordinator)
    response = client.post(CREATE, {**_voluntary(), "compensation": "hourly", "title": "Måla staketet"})
    html = response.content.decode()
    assert "Skriv hur mycket uppdraget betalar." in html
    assert "Välj hur ersättningen betalas ut." in html
    assert 'value="Måla staketet"' in html
    assert not Assignment.objects.exists()


def test_a_paid_assignment_is_published_with_amount_and_payment_route(client, association, coordinator):
    client.force_login(coordinator)
    client.post(CREATE, {**_voluntary(), "compensation": "hourly", "amount_sek": "150", "payment_route": "umbrella"})
    assignment = Assignment.objects.get()
    assert assignment.status == Assignment.Status.PUBLISHED
    assert (assignment.compensation, assignment.payment_route) == ("hourly", "umbrella")
    assert str(assignment.amount_sek) == "150.00"


def test_the_form_never_offers_no_payment_as_a_way_to_pay(association):
    routes = [value for value, _label in AssignmentForm(association=association).fields["payment_route"].choices]
    assert Assignment.PaymentRoute.VOLUNTARY not in routes


def test_without_javascript_each_conditional_question_says_when_it_applies(client, association, coordinator):
    client.force_login(coordinator)
    html = client.get(CREATE).content.decode()
    assert "Belopp i kronor, om uppdraget betalas" in html
    assert "Hur betalas ersättningen, om uppdraget betalas?" in html
    assert "Bara om uppdraget har en bestämd tid." in html
    assert "Bara om uppdraget kan göras när som helst före ett datum." in html


@pytest.mark.parametrize("missing", ["title", "description", "category", "locality", "date", "estimated_hours"])
def test_every_question_a_voluntary_post_needs_is_one_a_person_sees_and_answers(
    client, association, coordinator, missing
):
    client.force_login(coordinator)
    response = client.post(CREATE, {**_voluntary(), missing: ""})
    assert not Assignment.objects.exists()
    assert 'class="form-errors"' in response.content.decode()


def test_measure_the_fields_a_first_voluntary_and_paid_assignment_need(client, association, coordinator):
    """The numbers in the report: what the first voluntary and the first paid post must fill in.

    Voluntary: title, description, category, date, start, end, hours, compensation (8; "when",
    "who gets it", "how many people" and, for an association in one place, the place are
    preselected). Paid adds amount and payment route (10).
    """
    client.force_login(coordinator)
    html = client.get(CREATE).content.decode()
    preselected = {"timing", "slots", "claim_mode", "locality"}
    assert re.search(r'name="timing" value="window"[^>]*checked', html)
    assert re.search(r'name="claim_mode" value="choose"[^>]*checked', html)
    assert 'name="slots" value="1"' in html
    assert re.search(rf'<option value="{locality("Rusksele").pk}" selected>', html)
    voluntary = {name: value for name, value in _voluntary().items() if name not in preselected}
    paid = {**voluntary, "compensation": "fixed", "amount_sek": "500", "payment_route": "f_tax"}
    assert len(voluntary) - 1 == 8  # less the button
    assert len(paid) - 1 == 10
    # The browser sends the preselected answers along with the typed ones.
    defaults = {name: _voluntary()[name] for name in preselected}
    client.post(CREATE, {**defaults, **voluntary})
    client.post(CREATE, {**defaults, **paid})
    assert Assignment.objects.filter(status=Assignment.Status.PUBLISHED).count() == 2
