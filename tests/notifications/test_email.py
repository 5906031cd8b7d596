"""E-mail from the outbox, through a real SMTP server (aiosmtpd on a local port).

Tasks run in the test's process here; tests/notifications/test_worker.py runs them
on a real worker.
"""

from datetime import timedelta
from urllib.parse import urlparse

import pytest
from django.test import Client
from django.utils import timezone

from assignments import services as assignment_services
from assignments.models import Assignment, Category
from associations.models import AssociationMembership
from members.models import MemberProfile, NotificationPreference
from notifications import email, services, tasks
from notifications.models import Kind, Notification
from tests.factories import AssignmentFactory, AssociationFactory, MemberProfileFactory, MembershipFactory, locality
from tests.notifications.conftest import html_of, text_of

# The search, matching and sending have a PostgreSQL and a SQLite path: CI runs these on both.
pytestmark = [pytest.mark.django_db, pytest.mark.both_databases]
State = Notification.EmailState


@pytest.fixture
def association():
    return AssociationFactory(name="Rusksele byaförening", localities=[locality("Rusksele")])


@pytest.fixture
def coordinator(association):
    user = MembershipFactory(association=association, role=AssociationMembership.Role.COORDINATOR).user
    MemberProfileFactory(user=user, display_name="Sara K.")
    return user


def resident(preference=NotificationPreference.INSTANT, language="sv", **profile):
    profile.setdefault("home_locality", locality("Lycksele"))
    person = MemberProfileFactory(notification_preference=preference, **profile)
    person.interests.set(Category.objects.filter(slug="snorojning-och-vinter"))
    person.user.language = language
    person.user.save()
    return person.user


def publish(association, coordinator, django_capture_on_commit_callbacks, **fields) -> Assignment:
    draft = AssignmentFactory(association=association, status=Assignment.Status.DRAFT, published_at=None, **fields)
    with django_capture_on_commit_callbacks(execute=True):
        return assignment_services.assignment_publish(assignment=draft, by=coordinator)


def subject(message) -> str:
    return " ".join(message["Subject"].split())


def path_of(url: str) -> str:
    return urlparse(url).path


def test_publishing_e_mails_the_residents_it_fits_at_once_each_in_their_language(
    smtp, association, coordinator, django_capture_on_commit_callbacks
):
    swedish = resident()
    english = resident(language="en")
    resident(preference=NotificationPreference.DAILY)  # waits for the morning digest
    far_away = MemberProfileFactory(home_locality=locality("Norsjö", "2417"))
    far_away.interests.set(Category.objects.filter(slug="snorojning-och-vinter"))

    assignment = publish(association, coordinator, django_capture_on_commit_callbacks, title="Skotta snö vid skolan")

    assert sorted(m["X-Envelope-To"] for m in smtp.messages) == sorted([swedish.email, english.email])
    [sv] = smtp.to(swedish.email)
    assert subject(sv) == "Nytt uppdrag i Rusksele: Skotta snö vid skolan"
    assert f"/uppdrag/{assignment.pk}/" in text_of(sv)
    assert f"/uppdrag/{assignment.pk}/" in html_of(sv)
    assert "Rusksele byaförening" in text_of(sv)
    [en] = smtp.to(english.email)
    assert subject(en) == "New assignment in Rusksele: Skotta snö vid skolan"
    assert "Read more and sign up" in text_of(en)
    assert Notification.objects.filter(assignment=assignment).count() == 3
    assert Notification.objects.filter(assignment=assignment, email_state=State.SENT).count() == 2


def test_every_e_mail_has_a_one_click_unsubscribe_link_in_the_headers_and_the_text(
    smtp, association, coordinator, django_capture_on_commit_callbacks
):
    person = resident()
    publish(association, coordinator, django_capture_on_commit_callbacks)
    [message] = smtp.messages
    link = "".join(message["List-Unsubscribe"].split()).strip("<>")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert link in text_of(message)
    assert link in html_of(message)

    # A mail program unsubscribes with one POST, without cookies or CSRF token (RFC 8058).
    response = Client(enforce_csrf_checks=True).post(
        path_of(link), "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    assert MemberProfile.objects.get(user=person).notification_preference == NotificationPreference.OFF

    smtp.clear()
    publish(association, coordinator, django_capture_on_commit_callbacks)
    assert smtp.messages == []


def test_the_unsubscribe_page_asks_first_and_works_without_logging_in(client, smtp, coordinator, association):
    person = resident()
    url = path_of(email.unsubscribe_url(person.pk, "my_claims"))
    page = client.get(url)
    assert page.status_code == 200
    assert "Vill du sluta få e-post om dina anmälningar" in page.content.decode()
    assert MemberProfile.objects.get(user=person).email_my_claims is True
    done = client.post(url)
    assert "Du får inte längre e-post om dina anmälningar" in done.content.decode()
    assert MemberProfile.objects.get(user=person).email_my_claims is False


@pytest.mark.parametrize("token", ["inte-en-lank", "W3sidSI6MX1d:1abc:xyz", "x" * 300])
def test_a_broken_unsubscribe_link_gets_a_clear_page_not_an_error(client, token):
    response = client.get(f"/avregistrera/{token}/")
    assert response.status_code == 400
    assert "Länken fungerar inte" in response.content.decode()
    assert client.post(f"/avregistrera/{token}/").status_code == 400


def test_a_link_for_one_kind_of_e_mail_does_not_touch_the_others(client, db):
    person = resident()
    client.post(path_of(email.unsubscribe_url(person.pk, "reminders")))
    profile = MemberProfile.objects.get(user=person)
    assert (profile.email_reminders, profile.email_my_claims, profile.email_claims) == (False, True, True)
    assert profile.notification_preference == NotificationPreference.INSTANT


def test_daily_and_weekly_digests_group_what_arrived_since(
    smtp, association, coordinator, django_capture_on_commit_callbacks
):
    daily = resident(preference=NotificationPreference.DAILY)
    weekly = resident(preference=NotificationPreference.WEEKLY, language="en")
    first = publish(association, coordinator, django_capture_on_commit_callbacks, title="Skotta snö vid skolan")
    second = publish(association, coordinator, django_capture_on_commit_callbacks, title="Sanda gångvägen")
    cancelled = publish(association, coordinator, django_capture_on_commit_callbacks, title="Inställt")
    Assignment.objects.filter(pk=cancelled.pk).update(status=Assignment.Status.CANCELLED)
    assert smtp.messages == []

    assert tasks.send_digests("daily") == 1
    [digest] = smtp.messages
    assert digest["X-Envelope-To"] == daily.email
    assert subject(digest) == "2 nya uppdrag som passar dig"
    body = text_of(digest)
    assert "Skotta snö vid skolan" in body and "Sanda gångvägen" in body and "Inställt" not in body
    assert f"/uppdrag/{first.pk}/" in body and f"/uppdrag/{second.pk}/" in html_of(digest)
    assert digest["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    # Nothing twice: the next morning has nothing new.
    smtp.clear()
    assert tasks.send_digests("daily") == 0
    assert smtp.messages == []

    tasks.send_digests("weekly")
    [weekly_digest] = smtp.messages
    assert weekly_digest["X-Envelope-To"] == weekly.email
    assert subject(weekly_digest) == "2 new assignments that suit you"


def test_a_temporarily_refused_message_waits_and_is_sent_once_later(
    smtp, association, coordinator, django_capture_on_commit_callbacks
):
    # In-process tasks do not wait to retry (test_worker.py has the real backoff); the sweep sends it.
    person = resident()
    smtp.refusals.append("451 4.3.0 Try again later")
    assignment = publish(association, coordinator, django_capture_on_commit_callbacks)
    assert smtp.messages == []
    row = Notification.objects.get(assignment=assignment)
    assert (row.email_state, row.email_attempts) == (State.PENDING, 1)
    Notification.objects.filter(pk=row.pk).update(created_at=timezone.now() - timedelta(minutes=3))
    tasks.sweep()
    tasks.sweep()
    assert [m["X-Envelope-To"] for m in smtp.messages] == [person.email]
    row.refresh_from_db()
    assert (row.email_state, row.email_attempts) == (State.SENT, 1)


def test_a_permanently_refused_message_is_given_up_without_stopping_the_others(smtp, association):
    first, second = resident(), resident()
    assignment = AssignmentFactory(association=association)
    ids = [
        Notification.objects.create(
            recipient=user, kind=Kind.MATCH, assignment=assignment, created_at=timezone.now()
        ).pk
        for user in (first, second)
    ]
    smtp.refusals.append("550 5.1.1 No such mailbox")
    assert email.deliver(ids) == {"sent": 1, "skipped": 0, "kept": 0, "failed": 1}
    assert [m["X-Envelope-To"] for m in smtp.messages] == [second.email]
    assert Notification.objects.get(pk=ids[0]).email_state == State.FAILED


def test_the_same_delivery_run_twice_sends_one_e_mail(smtp, association):
    person = resident()
    assignment = AssignmentFactory(association=association)
    row = Notification.objects.create(
        recipient=person, kind=Kind.MATCH, assignment=assignment, created_at=timezone.now()
    )
    tasks.deliver([row.pk])
    tasks.deliver([row.pk])
    assert len(smtp.messages) == 1


def test_a_worker_killed_mid_batch_leaves_only_the_unsent_to_the_sweep(smtp, association):
    people = [resident() for _ in range(3)]
    assignment = AssignmentFactory(association=association)
    long_ago = timezone.now() - timedelta(hours=1)
    rows = [
        Notification.objects.create(recipient=p, kind=Kind.MATCH, assignment=assignment, created_at=long_ago)
        for p in people
    ]
    # The state a killed worker leaves: it took all three and the server accepted the first.
    Notification.objects.filter(pk__in=[r.pk for r in rows]).update(
        email_state=State.SENDING, email_claimed_at=long_ago
    )
    Notification.objects.filter(pk=rows[0].pk).update(email_state=State.SENT, emailed_at=long_ago)

    result = tasks.sweep()
    assert result == {"released": 2, "unmatched": 0, "unsent": 2}
    assert sorted(m["X-Envelope-To"] for m in smtp.messages) == sorted(p.email for p in people[1:])


def test_associations_hear_about_claims_and_residents_about_decisions(
    smtp, association, coordinator, django_capture_on_commit_callbacks
):
    person = resident()
    assignment = AssignmentFactory(association=association, title="Skotta snö vid skolan")
    with django_capture_on_commit_callbacks(execute=True):
        claim = assignment_services.claim_create(assignment=assignment, resident=person, message="Jag har spade.")
    [to_coordinator] = smtp.to(coordinator.email)
    assert subject(to_coordinator) == "Ny anmälan: Skotta snö vid skolan"
    assert f"/foreningar/{association.slug}/uppdrag/{assignment.pk}/" in text_of(to_coordinator)
    assert "Jag har spade." in text_of(to_coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        assignment_services.claim_accept(claim=claim, by=coordinator)
    [to_resident] = smtp.to(person.email)
    assert subject(to_resident) == "Du har fått uppdraget: Skotta snö vid skolan"
    assert set(Notification.objects.values_list("recipient", "kind")) == {
        (coordinator.pk, Kind.CLAIM_CREATED),
        (person.pk, Kind.CLAIM_ACCEPTED),
    }


def test_a_person_who_turned_off_e_mail_about_claims_still_sees_them_in_the_inbox(
    smtp, association, coordinator, django_capture_on_commit_callbacks
):
    MemberProfile.objects.filter(user=coordinator).update(email_claims=False)
    assignment = AssignmentFactory(association=association)
    with django_capture_on_commit_callbacks(execute=True):
        assignment_services.claim_create(assignment=assignment, resident=resident())
    assert smtp.messages == []
    row = Notification.objects.get(recipient=coordinator)
    assert (row.kind, row.email_state, row.read_at) == (Kind.CLAIM_CREATED, State.SKIPPED, None)


def test_a_reminder_to_report_hours_comes_the_day_after_once(smtp, association, coordinator):
    person = resident()
    yesterday = timezone.now() - timedelta(days=1)
    ended = AssignmentFactory(association=association, starts_at=yesterday - timedelta(hours=3), ends_at=yesterday)
    still_on = AssignmentFactory(association=association)
    for assignment in (ended, still_on):
        assignment.claims.create(resident=person, status="accepted")
    Assignment.objects.filter(pk=ended.pk).update(places_taken=1)
    assert tasks.send_reminders() == 1
    [reminder] = smtp.messages
    assert reminder["X-Envelope-To"] == person.email
    assert subject(reminder) == f"Rapportera dina timmar: {ended.title}"
    assert tasks.send_reminders() == 0
    assert len(smtp.messages) == 1


def test_associations_are_reminded_to_confirm_reported_hours(smtp, association, coordinator):
    person = resident()
    assignment = AssignmentFactory(
        association=association,
        starts_at=timezone.now() - timedelta(days=3),
        ends_at=timezone.now() - timedelta(days=3) + timedelta(hours=2),
    )
    claim = assignment.claims.create(resident=person, status="done", hours_reported=2)
    Notification.objects.all().delete()
    type(claim).objects.filter(pk=claim.pk).update(updated_at=timezone.now() - timedelta(days=2))
    tasks.send_reminders()
    [reminder] = smtp.to(coordinator.email)
    assert subject(reminder) == f"Timmar att bekräfta: {assignment.title}"
    assert "2 timmar" in text_of(reminder)


def test_the_broker_being_down_does_not_stop_publishing_and_the_sweep_delivers_later(
    smtp, association, coordinator, django_capture_on_commit_callbacks, unreachable_broker
):
    person = resident()
    started = timezone.now()
    with unreachable_broker():
        assignment = publish(association, coordinator, django_capture_on_commit_callbacks)
    assert (timezone.now() - started).total_seconds() < 10
    assignment.refresh_from_db()
    assert assignment.status == Assignment.Status.PUBLISHED
    assert assignment.matched_at is None and smtp.messages == []

    # Back up; the sweep runs every five minutes and finds it.
    Assignment.objects.filter(pk=assignment.pk).update(published_at=timezone.now() - timedelta(minutes=5))
    assert tasks.sweep()["unmatched"] == 1
    assert [m["X-Envelope-To"] for m in smtp.messages] == [person.email]
    assert services.unmatched_assignments(timedelta(0)) == []


def test_with_the_mail_server_unreachable_nothing_is_lost_and_it_is_sent_later(smtp, settings, association):
    from tests.notifications.conftest import free_port

    person = resident()
    assignment = AssignmentFactory(association=association)
    row = Notification.objects.create(
        recipient=person, kind=Kind.MATCH, assignment=assignment, created_at=timezone.now()
    )
    working_port = settings.EMAIL_PORT
    settings.EMAIL_PORT = free_port()  # nothing listens there
    with pytest.raises(email.TemporaryFailure):
        email.deliver([row.pk])
    row.refresh_from_db()
    assert row.email_state == State.PENDING
    settings.EMAIL_PORT = working_port
    email.deliver([row.pk])
    assert [m["X-Envelope-To"] for m in smtp.messages] == [person.email]


def test_a_refused_address_does_not_stop_the_rest_of_the_batch(smtp, association):
    first, second = resident(), resident()
    assignment = AssignmentFactory(association=association)
    ids = [
        Notification.objects.create(
            recipient=user, kind=Kind.MATCH, assignment=assignment, created_at=timezone.now()
        ).pk
        for user in (first, second)
    ]
    smtp.refuse_recipient = first.email
    assert email.deliver(ids)["sent"] == 1
    assert [m["X-Envelope-To"] for m in smtp.messages] == [second.email]
    assert Notification.objects.get(pk=ids[0]).email_state == State.FAILED


def test_a_broker_that_takes_the_connection_and_never_answers_does_not_hold_up_publishing(
    smtp, association, coordinator, django_capture_on_commit_callbacks, unreachable_broker
):
    resident()
    started = timezone.now()
    with unreachable_broker(silent=True):
        assignment = publish(association, coordinator, django_capture_on_commit_callbacks)
        first = (timezone.now() - started).total_seconds()
        # While it is known to be down, the next ones do not wait at all.
        again = timezone.now()
        with django_capture_on_commit_callbacks(execute=True):
            assignment_services.claim_create(assignment=assignment, resident=resident())
        second = (timezone.now() - again).total_seconds()
    assert first < 5 and second < 1
    assert Assignment.objects.get(pk=assignment.pk).status == Assignment.Status.PUBLISHED
    assert smtp.messages == []


def test_the_unsubscribe_page_shows_only_enough_of_the_address_to_recognise_it(client, db):
    person = resident()
    page = client.get(path_of(email.unsubscribe_url(person.pk, "matches"))).content.decode()
    local, domain = person.email.split("@")
    assert f"{local[0]}•••@{domain}" in page
    assert person.email not in page


def test_a_temporary_refusal_is_tried_again_for_a_day_and_then_given_up(smtp, association):
    person = resident()
    assignment = AssignmentFactory(association=association)
    fresh = Notification.objects.create(
        recipient=person, kind=Kind.MATCH, assignment=assignment, created_at=timezone.now()
    )
    old = Notification.objects.create(
        recipient=person,
        kind=Kind.ASSIGNMENT_CHANGED,
        assignment=assignment,
        created_at=timezone.now() - timedelta(days=2),
    )
    for _ in range(8):  # greylisting: many refusals within the day
        smtp.refusals.append("451 4.7.1 Greylisted, try again later")
        with pytest.raises(email.TemporaryFailure):
            email.deliver([fresh.pk])
    fresh.refresh_from_db()
    assert (fresh.email_state, fresh.email_attempts) == (State.PENDING, 8)
    smtp.refusals.append("451 4.7.1 Greylisted, try again later")
    with pytest.raises(email.TemporaryFailure):
        email.deliver([old.pk])
    old.refresh_from_db()
    assert old.email_state == State.FAILED


def test_matches_for_assignments_no_longer_open_are_not_e_mailed(smtp, association):
    person = resident()
    cancelled = AssignmentFactory(association=association, status=Assignment.Status.CANCELLED)
    row = Notification.objects.create(
        recipient=person, kind=Kind.MATCH, assignment=cancelled, created_at=timezone.now()
    )
    assert email.deliver([row.pk])["skipped"] == 1
    assert smtp.messages == []


def test_a_row_that_cannot_be_made_into_an_e_mail_is_given_up_and_the_rest_still_go(smtp, association, monkeypatch):
    first, second = resident(), resident()
    assignment = AssignmentFactory(association=association)
    ids = [
        Notification.objects.create(
            recipient=user, kind=Kind.MATCH, assignment=assignment, created_at=timezone.now()
        ).pk
        for user in (first, second)
    ]
    real = email.unsubscribe_token

    def broken_for_the_first(user_id, topic):
        if user_id == first.pk:
            raise ValueError("a broken row")
        return real(user_id, topic)

    monkeypatch.setattr(email, "unsubscribe_token", broken_for_the_first)
    assert email.deliver(ids)["sent"] == 1
    assert [m["X-Envelope-To"] for m in smtp.messages] == [second.email]
    assert Notification.objects.get(pk=ids[0]).email_state == State.FAILED


def test_in_html_only_the_sites_own_addresses_are_links(
    smtp, association, coordinator, django_capture_on_commit_callbacks
):
    assignment = AssignmentFactory(association=association, title="Skotta <b>snö</b>")
    with django_capture_on_commit_callbacks(execute=True):
        assignment_services.claim_create(
            assignment=assignment, resident=resident(), message="Se https://lura.example/logga-in & ring mig"
        )
    html = html_of(smtp.to(coordinator.email)[0])
    assert "Skotta &lt;b&gt;snö&lt;/b&gt;" in html
    assert "https://lura.example/logga-in &amp; ring mig" in html
    assert 'href="https://lura.example' not in html
    assert f'href="http://127.0.0.1:8000/foreningar/{association.slug}/uppdrag/{assignment.pk}/"' in html


def test_a_first_come_claim_tells_the_resident_the_place_is_theirs(
    smtp, association, coordinator, django_capture_on_commit_callbacks
):
    person = resident()
    assignment = AssignmentFactory(association=association, claim_mode=Assignment.ClaimMode.FIRST_COME)
    with django_capture_on_commit_callbacks(execute=True):
        assignment_services.claim_create(assignment=assignment, resident=person)
    [message] = smtp.to(person.email)
    assert subject(message) == f"Du har fått uppdraget: {assignment.title}"


def test_moving_a_published_assignment_tells_those_it_now_fits_and_nobody_twice(
    smtp, django_capture_on_commit_callbacks
):
    association = AssociationFactory(localities=[locality("Rusksele"), locality("Lycksele")])
    manager = MembershipFactory(association=association, role=AssociationMembership.Role.COORDINATOR).user
    in_rusksele = resident(home_locality=locality("Rusksele"), travel_radius_km=5)
    in_lycksele = resident(home_locality=locality("Lycksele"), travel_radius_km=5)
    assignment = publish(association, manager, django_capture_on_commit_callbacks, locality=locality("Rusksele"))
    assert [m["X-Envelope-To"] for m in smtp.messages] == [in_rusksele.email]

    with django_capture_on_commit_callbacks(execute=True):
        assignment_services.assignment_update(assignment=assignment, by=manager, locality=locality("Lycksele"))
    assert [m["X-Envelope-To"] for m in smtp.messages] == [in_rusksele.email, in_lycksele.email]
