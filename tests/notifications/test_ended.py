"""An assignment that can no longer be signed up for is offered to nobody: no match, no digest, no e-mail."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from assignments.models import Assignment
from members.models import NotificationPreference
from notifications import email, matching, services, tasks
from notifications.models import Kind, Notification, SavedSearch
from tests.factories import AssignmentFactory, ClaimFactory, MemberProfileFactory, locality

pytestmark = pytest.mark.django_db


def ended_last_friday(**fields) -> Assignment:
    start = timezone.now() - timedelta(days=3)
    return AssignmentFactory(
        title="Servera fika i fredags", starts_at=start, ends_at=start + timedelta(hours=3), **fields
    )


def resident(preference):
    profile = MemberProfileFactory(home_locality=locality("Lycksele"), notification_preference=preference)
    return profile.user


def pending_match(user, assignment) -> Notification:
    return Notification.objects.create(
        recipient=user, kind=Kind.MATCH, assignment=assignment, created_at=timezone.now() - timedelta(hours=12)
    )


def test_an_assignment_that_has_begun_matches_no_saved_search():
    assignment = ended_last_friday()
    SavedSearch.objects.create(user=resident(NotificationPreference.INSTANT), name="Allt")
    assert matching.match(assignment) == 0
    assert not Notification.objects.filter(kind=Kind.MATCH).exists()


def test_the_daily_digest_leaves_out_an_assignment_that_ended_and_offers_the_open_one():
    person = resident(NotificationPreference.DAILY)
    ended = ended_last_friday(places_taken=1)
    open_one = AssignmentFactory(title="Skotta snö nästa vecka")
    stale = pending_match(person, ended)
    pending_match(person, open_one)
    mail.outbox.clear()
    assert tasks.send_digests("daily") == 1
    body = mail.outbox[-1].body
    assert "Skotta snö nästa vecka" in body
    assert "Servera fika i fredags" not in body
    stale.refresh_from_db()
    assert stale.email_state == Notification.EmailState.SKIPPED


def test_a_digest_with_only_ended_assignments_is_not_sent():
    person = resident(NotificationPreference.DAILY)
    pending_match(person, ended_last_friday(places_taken=1))
    mail.outbox.clear()
    tasks.send_digests("daily")
    assert mail.outbox == []


def test_an_instant_e_mail_about_an_assignment_that_has_begun_is_skipped_not_sent():
    person = resident(NotificationPreference.INSTANT)
    row = pending_match(person, ended_last_friday())
    mail.outbox.clear()
    counts = email.deliver([row.pk])
    row.refresh_from_db()
    assert counts["skipped"] == 1 and mail.outbox == []
    assert row.email_state == Notification.EmailState.SKIPPED


def test_an_assignment_past_its_deadline_is_not_e_mailed_even_with_someone_accepted():
    person = resident(NotificationPreference.INSTANT)
    assignment = AssignmentFactory(
        starts_at=None, ends_at=None, deadline=timezone.localdate() - timedelta(days=1), places_taken=1
    )
    ClaimFactory(assignment=assignment, status="accepted")
    row = pending_match(person, assignment)
    email.deliver([row.pk])
    row.refresh_from_db()
    assert row.email_state == Notification.EmailState.SKIPPED


def test_the_sweep_does_not_match_an_assignment_that_ended_before_it_was_matched():
    ended = ended_last_friday()
    Assignment.objects.filter(pk=ended.pk).update(published_at=timezone.now() - timedelta(days=2))
    fresh = AssignmentFactory(published_at=timezone.now() - timedelta(hours=1))
    assert services.unmatched_assignments(timedelta(minutes=2)) == [fresh.pk]


def test_matching_task_tells_nobody_about_an_assignment_that_has_begun():
    resident(NotificationPreference.INSTANT)
    assert tasks.match_assignment(ended_last_friday().pk) == 0
    assert Notification.objects.count() == 0
