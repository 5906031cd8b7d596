"""End to end on the real parts: a `celery worker` process, the local Redis, PostgreSQL
and an SMTP server. CI runs these; elsewhere they need DATABASE_URL and REDIS_URL."""

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from assignments import services as assignment_services
from assignments.models import Assignment, Category
from associations.models import AssociationMembership
from members.models import NotificationPreference
from notifications import tasks
from notifications.models import Notification
from tests.factories import AssignmentFactory, AssociationFactory, MemberProfileFactory, MembershipFactory, locality
from tests.notifications.conftest import html_of, text_of

pytestmark = pytest.mark.postgres
State = Notification.EmailState


def resident(preference=NotificationPreference.INSTANT, language="sv", home=("Lycksele", "2481")):
    person = MemberProfileFactory(home_locality=locality(*home), notification_preference=preference)
    person.interests.set(Category.objects.filter(slug="snorojning-och-vinter"))
    person.user.language = language
    person.user.save()
    return person.user


@pytest.fixture
def team(worker):
    association = AssociationFactory(name="Rusksele byaförening", localities=[locality("Rusksele")])
    coordinator = MembershipFactory(association=association, role=AssociationMembership.Role.COORDINATOR).user
    return association, coordinator


def publish(team, **fields) -> Assignment:
    association, coordinator = team
    draft = AssignmentFactory(association=association, status=Assignment.Status.DRAFT, published_at=None, **fields)
    return assignment_services.assignment_publish(assignment=draft, by=coordinator)


def wait_until(condition, timeout: float = 30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError("timed out waiting")


def test_publishing_tells_exactly_the_right_residents_once_each(team, smtp):
    swedish, english = resident(), resident(language="en")
    digest = resident(preference=NotificationPreference.DAILY)
    resident(home=("Norsjö", "2417"))  # too far away

    assignment = publish(team, title="Skotta snö vid skolan")

    smtp.wait_for(2)
    time.sleep(1)  # nothing more arrives
    assert sorted(m["X-Envelope-To"] for m in smtp.messages) == sorted([swedish.email, english.email])
    [en] = smtp.to(english.email)
    assert " ".join(en["Subject"].split()) == "New assignment in Rusksele: Skotta snö vid skolan"
    assert f"/uppdrag/{assignment.pk}/" in text_of(en) and f"/uppdrag/{assignment.pk}/" in html_of(en)
    assert en["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = "".join(en["List-Unsubscribe"].split())
    assert link.startswith("<http://") and "/avregistrera/" in link
    recipients = set(Notification.objects.filter(assignment=assignment).values_list("recipient", flat=True))
    assert recipients == {swedish.pk, english.pk, digest.pk}
    wait_until(lambda: Notification.objects.filter(email_state=State.SENT).count() == 2)

    tasks.send_digests.delay("daily")
    wait_until(lambda: len(smtp.messages) == 3)
    assert smtp.messages[-1]["X-Envelope-To"] == digest.email


def test_a_refused_message_is_retried_with_backoff_and_then_sent_once(team, smtp):
    person = resident()
    smtp.refusals.append("451 4.3.0 Try again later")
    assignment = publish(team)
    smtp.wait_for(1, timeout=30)
    time.sleep(2)
    assert [m["X-Envelope-To"] for m in smtp.messages] == [person.email]
    row = Notification.objects.get(assignment=assignment)
    assert (row.email_state, row.email_attempts) == (State.SENT, 1)


def test_the_same_task_sent_twice_at_once_sends_one_e_mail(team, smtp):
    people = [resident(preference=NotificationPreference.DAILY) for _ in range(20)]
    assignment = publish(team)
    wait_until(lambda: Assignment.objects.get(pk=assignment.pk).matched_at is not None)
    ids = list(Notification.objects.filter(assignment=assignment).values_list("pk", flat=True))
    Notification.objects.filter(pk__in=ids).update(email_state=State.PENDING)
    for person in people:
        person.profile.notification_preference = NotificationPreference.INSTANT
        person.profile.save()
    tasks.deliver.delay(ids)
    tasks.deliver.delay(ids)
    smtp.wait_for(20)
    time.sleep(2)
    assert sorted(m["X-Envelope-To"] for m in smtp.messages) == sorted(p.email for p in people)


def test_with_redis_down_publishing_succeeds_and_the_sweep_delivers_when_it_is_back(team, smtp, unreachable_broker):
    person = resident()
    started = time.monotonic()
    with unreachable_broker():
        assignment = publish(team)
    assert time.monotonic() - started < 10
    assert Assignment.objects.get(pk=assignment.pk).status == Assignment.Status.PUBLISHED
    time.sleep(1)
    assert smtp.messages == []

    Assignment.objects.filter(pk=assignment.pk).update(published_at=timezone.now() - timedelta(minutes=5))
    tasks.sweep.delay()
    smtp.wait_for(1)
    assert [m["X-Envelope-To"] for m in smtp.messages] == [person.email]


def test_claims_made_while_redis_is_down_reach_the_association_later(team, smtp, unreachable_broker):
    association, coordinator = team
    assignment = AssignmentFactory(association=association)
    with unreachable_broker():
        claim = assignment_services.claim_create(assignment=assignment, resident=resident())
    assert claim.pk and smtp.messages == []
    Notification.objects.update(created_at=timezone.now() - timedelta(minutes=5))
    tasks.sweep.delay()
    [message] = smtp.wait_for(1)
    assert message["X-Envelope-To"] == coordinator.email


def test_the_same_matching_queued_four_times_at_once_makes_one_row_each(team, smtp):
    people = [resident(preference=NotificationPreference.DAILY) for _ in range(5)]
    assignment = publish(team)
    for _ in range(4):
        tasks.match_assignment.delay(assignment.pk)
    wait_until(lambda: Notification.objects.filter(assignment=assignment).count() == len(people))
    time.sleep(2)  # let the other runs finish too
    assert Notification.objects.filter(assignment=assignment).count() == len(people)
    assert smtp.messages == []  # they chose the daily digest
