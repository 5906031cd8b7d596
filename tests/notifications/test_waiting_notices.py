"""What people in a waiting list hear, by e-mail on a real SMTP server and in the inbox."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction

from assignments import services, waiting
from assignments.models import Assignment, Claim, WaitingListEntry
from notifications.email import deliver
from notifications.models import Kind, Notification
from tests.factories import AssignmentFactory, ClaimFactory, MemberProfileFactory
from tests.notifications.conftest import text_of

STOCKHOLM = ZoneInfo("Europe/Stockholm")
# Far enough ahead that the assignment has not begun whenever the test runs.
STARTS = datetime(2036, 12, 10, 18, 0, tzinfo=STOCKHOLM)
MADE = datetime(2036, 12, 8, 15, 30, tzinfo=STOCKHOLM)


def subject(message) -> str:
    return " ".join(message["Subject"].split())


@pytest.fixture
def line(db):
    """A full assignment (the association chooses), its one place just given back, two in line."""
    assignment = AssignmentFactory(
        title="Skotta taket på bygdegården",
        slots=1,
        places_taken=1,
        status=Assignment.Status.FILLED,
        claim_mode=Assignment.ClaimMode.CHOOSE,
        starts_at=STARTS,
        ends_at=STARTS + timedelta(hours=2),
    )
    ClaimFactory(assignment=assignment, status=Claim.Status.WITHDRAWN)
    first = MemberProfileFactory(display_name="Erik H.").user
    second = MemberProfileFactory(display_name="Samira K.").user
    for resident in (first, second):
        WaitingListEntry.objects.create(assignment=assignment, resident=resident)
    Assignment.objects.filter(pk=assignment.pk).update(places_taken=0)
    return assignment, first, second


def hand_on(assignment, now):
    with transaction.atomic():
        waiting.waitlist_hand_on(services._lock(assignment), now=now)


def test_the_offer_says_until_when_in_swedish_time_with_the_sites_own_links(
    smtp, line, django_capture_on_commit_callbacks
):
    assignment, first, _second = line
    with django_capture_on_commit_callbacks(execute=True):
        hand_on(assignment, MADE)
    [message] = smtp.to(first.email)
    assert subject(message) == "En plats är ledig för dig: Skotta taket på bygdegården"
    text = text_of(message)
    assert "tisdag 9 december, 15:30 (svensk tid)" in text
    assert "/mina-sidor/uppdrag/" in text and f"/uppdrag/{assignment.pk}/" in text
    assert Notification.objects.get(recipient=first, kind=Kind.WAITLIST_OFFER).email_state == "sent"


def test_an_offer_answered_before_its_e_mail_went_out_is_not_sent(smtp, line):
    assignment, first, _second = line
    hand_on(assignment, MADE)  # no commit callbacks: the e-mail waits in the outbox
    entry = WaitingListEntry.objects.get(resident=first)
    waiting.waitlist_offer_decline(entry=entry, by=first, now=MADE + timedelta(minutes=5))
    row = Notification.objects.get(recipient=first, kind=Kind.WAITLIST_OFFER)
    deliver([row.pk])
    assert smtp.to(first.email) == []
    assert Notification.objects.get(pk=row.pk).email_state == "skipped"


def test_the_lapsed_one_and_the_next_in_line_each_hear_what_happened(smtp, line, django_capture_on_commit_callbacks):
    assignment, first, second = line
    hand_on(assignment, MADE)
    with django_capture_on_commit_callbacks(execute=True):
        hand_on(assignment, MADE + timedelta(hours=25))
    assert [subject(m) for m in smtp.to(first.email)] == ["Erbjudandet har gått ut: Skotta taket på bygdegården"]
    [offer] = smtp.to(second.email)
    assert "onsdag 10 december, 16:30" in text_of(offer)


def test_first_come_the_place_is_simply_theirs_and_the_inbox_says_so(
    client, smtp, line, django_capture_on_commit_callbacks
):
    assignment, first, _second = line
    Assignment.objects.filter(pk=assignment.pk).update(claim_mode=Assignment.ClaimMode.FIRST_COME)
    with django_capture_on_commit_callbacks(execute=True):
        hand_on(assignment, MADE)
    [message] = smtp.to(first.email)
    assert subject(message) == "Du har fått en plats: Skotta taket på bygdegården"
    assert "Platsen är din nu" in text_of(message)
    client.force_login(first)
    inbox = client.get("/mina-sidor/notiser/").content.decode()
    assert "En plats blev ledig i ”Skotta taket på bygdegården”, och den är din nu." in inbox
