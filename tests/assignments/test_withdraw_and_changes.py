"""Withdrawing from an accepted place asks first and says what happens; withdrawn sign-ups stay in
the resident's history; a changed meeting point or list of what to bring is told to those signed up."""

import pytest
from django.test import Client

from assignments import services, waiting
from assignments.models import Assignment, Claim
from associations.models import AssociationMembership
from notifications.email import Renderer, context_for
from notifications.models import Kind, Notification
from tests.factories import AssignmentFactory, ClaimFactory, MemberProfileFactory, MembershipFactory


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def place(db):
    """Anna's accepted place in a first-come assignment that is now full, with Erik in line."""
    assignment = AssignmentFactory(
        title="Servera på höstmarknaden",
        slots=1,
        places_taken=1,
        status=Assignment.Status.FILLED,
        claim_mode=Assignment.ClaimMode.FIRST_COME,
    )
    anna = MemberProfileFactory(display_name="Anna L.").user
    claim = ClaimFactory(assignment=assignment, resident=anna, status=Claim.Status.ACCEPTED)
    erik = MemberProfileFactory(display_name="Erik H.").user
    waiting.waitlist_join(assignment=assignment, resident=erik)
    return claim, erik


def test_withdrawing_an_accepted_place_asks_first_and_says_the_place_goes_to_the_next_in_line(place):
    claim, _erik = place
    client = logged_in(claim.resident)
    mine = client.get("/mina-sidor/uppdrag/").content.decode()
    assert f'href="/mina-sidor/uppdrag/{claim.pk}/ta-tillbaka/"' in mine  # a link to the question, not a form
    page = client.get(f"/mina-sidor/uppdrag/{claim.pk}/ta-tillbaka/").content.decode()
    assert "Platsen går direkt till den som står först i kön." in page
    assert "1 person står i kön." in page
    assert "Föreningen får veta att du har tagit tillbaka din anmälan." in page
    assert "Ja, ta tillbaka anmälan" in page
    claim.refresh_from_db()
    assert claim.status == Claim.Status.ACCEPTED


def test_a_post_without_the_confirmation_only_shows_the_question(place):
    claim, erik = place
    response = logged_in(claim.resident).post(f"/mina-sidor/uppdrag/{claim.pk}/ta-tillbaka/")
    assert response.status_code == 200
    assert "Det här händer" in response.content.decode()
    claim.refresh_from_db()
    assert claim.status == Claim.Status.ACCEPTED
    assert not Claim.objects.filter(resident=erik).exists()


def test_confirmed_the_place_is_given_back_handed_on_and_the_sign_up_stays_in_the_history(place):
    claim, erik = place
    client = logged_in(claim.resident)
    response = client.post(f"/mina-sidor/uppdrag/{claim.pk}/ta-tillbaka/", {"confirm": "1"}, follow=True)
    page = response.content.decode()
    assert "är tillbakatagen" in page
    # Still on Mina uppdrag, among the ended ones, with when it was withdrawn.
    assert "Avslutade" in page and "Servera på höstmarknaden" in page and "Du tog tillbaka anmälan den" in page
    claim.refresh_from_db()
    assert claim.status == Claim.Status.WITHDRAWN
    assert Claim.objects.get(resident=erik).status == Claim.Status.ACCEPTED


def test_with_nobody_in_line_the_question_says_the_place_opens_for_others(db):
    assignment = AssignmentFactory(slots=1, places_taken=1, status=Assignment.Status.FILLED)
    claim = ClaimFactory(assignment=assignment, status=Claim.Status.ACCEPTED)
    page = logged_in(claim.resident).get(f"/mina-sidor/uppdrag/{claim.pk}/ta-tillbaka/").content.decode()
    assert "Platsen blir ledig, så att någon annan kan anmäla sig." in page


def test_a_sign_up_still_waiting_for_an_answer_simply_ends(db):
    claim = ClaimFactory()
    client = logged_in(claim.resident)
    page = client.get(f"/mina-sidor/uppdrag/{claim.pk}/ta-tillbaka/").content.decode()
    assert "Du har inte fått någon plats än, så ingen annan påverkas." in page
    client.post(f"/mina-sidor/uppdrag/{claim.pk}/ta-tillbaka/")
    claim.refresh_from_db()
    assert claim.status == Claim.Status.WITHDRAWN


def test_nobody_else_reaches_the_question_for_someones_place(place):
    claim, erik = place
    client = logged_in(erik)
    assert client.get(f"/mina-sidor/uppdrag/{claim.pk}/ta-tillbaka/").status_code == 404
    assert client.post(f"/mina-sidor/uppdrag/{claim.pk}/ta-tillbaka/", {"confirm": "1"}).status_code == 404
    claim.refresh_from_db()
    assert claim.status == Claim.Status.ACCEPTED


def test_a_sign_up_that_can_no_longer_be_withdrawn_says_so_without_a_button(db):
    claim = ClaimFactory(status=Claim.Status.CONFIRMED, hours_confirmed=2)
    page = logged_in(claim.resident).get(f"/mina-sidor/uppdrag/{claim.pk}/ta-tillbaka/").content.decode()
    assert "kan inte tas tillbaka längre" in page
    assert "Ja, ta tillbaka anmälan" not in page


@pytest.mark.parametrize(
    ("field", "value", "label"),
    [
        ("how_to_get_there", "Vi möts vid bygdegårdens baksida, inte vid skolan.", "Hitta dit"),
        ("what_to_bring", "Varma kläder och egna arbetshandskar.", "Ta med"),
    ],
)
def test_a_changed_meeting_point_or_what_to_bring_is_told_to_those_signed_up(db, field, value, label):
    assignment = AssignmentFactory(title="Servera på höstmarknaden")
    coordinator = MembershipFactory(
        association=assignment.association, role=AssociationMembership.Role.COORDINATOR
    ).user
    accepted = ClaimFactory(assignment=assignment, status=Claim.Status.ACCEPTED).resident
    pending = ClaimFactory(assignment=assignment).resident
    withdrawn = ClaimFactory(assignment=assignment, status=Claim.Status.WITHDRAWN).resident
    services.assignment_update(assignment=assignment, by=coordinator, **{field: value})
    told = set(Notification.objects.filter(kind=Kind.ASSIGNMENT_CHANGED).values_list("recipient", flat=True))
    assert told == {accepted.pk, pending.pk}
    assert withdrawn.pk not in told
    row = Notification.objects.filter(kind=Kind.ASSIGNMENT_CHANGED, recipient=accepted).get()
    assert row.detail == field
    # The e-mail lists what changed, in words.
    _subject, text, _html = Renderer().render(
        "notifications/email/assignment_changed", "sv", row.topic, context_for(row)
    )
    assert f"- {label}" in text


def test_an_unchanged_meeting_point_tells_nobody(db):
    assignment = AssignmentFactory(how_to_get_there="Vid kyrkan.")
    coordinator = MembershipFactory(
        association=assignment.association, role=AssociationMembership.Role.COORDINATOR
    ).user
    ClaimFactory(assignment=assignment, status=Claim.Status.ACCEPTED)
    services.assignment_update(assignment=assignment, by=coordinator, how_to_get_there="Vid kyrkan.")
    assert not Notification.objects.filter(kind=Kind.ASSIGNMENT_CHANGED).exists()
