"""The secret feeds and the one-off download, read back with icalendar as a calendar app would."""

from datetime import timedelta

import pytest
from django.utils import timezone

from assignments import services as assignment_services
from assignments.models import Assignment
from associations.models import AssociationMembership
from calendars import services
from calendars.models import CalendarFeed
from tests import factories
from tests.calendars.conftest import accepted, deadline_only, events_by_uid, feed_path, parse, soon, timed, uid, utc

pytestmark = pytest.mark.django_db


def test_own_feed_shows_accepted_assignments_with_private_headers(client, association, coordinator, resident, own_feed):
    job = timed(association, soon(), soon() + timedelta(hours=2), title="Bära stolar")
    accepted(job, resident, coordinator)
    response = client.get(feed_path(own_feed))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Cache-Control"].startswith("private, max-age=")
    assert "noindex" in response["X-Robots-Tag"]
    assert response["Referrer-Policy"] == "no-referrer"
    event = events_by_uid(parse(response))[uid(job)]
    assert str(event["SUMMARY"]) == "Bära stolar"
    assert str(event["STATUS"]) == "CONFIRMED"


def test_own_feed_leaves_out_waiting_and_declined_claims(client, association, coordinator, resident, own_feed):
    waiting = timed(association, soon(), soon() + timedelta(hours=2))
    assignment_services.claim_create(assignment=waiting, resident=resident)
    declined = timed(association, soon(), soon() + timedelta(hours=2))
    claim = assignment_services.claim_create(assignment=declined, resident=resident)
    assignment_services.claim_decline(claim=claim, by=coordinator)
    assert events_by_uid(parse(client.get(feed_path(own_feed)))) == {}


def test_a_cancelled_assignment_stays_in_the_feed_as_cancelled(client, association, coordinator, resident, own_feed):
    job = timed(association, soon(), soon() + timedelta(hours=2), title="Loppis")
    accepted(job, resident, coordinator)
    assignment_services.assignment_cancel(assignment=job, by=coordinator, reason="Regnet.")
    event = events_by_uid(parse(client.get(feed_path(own_feed))))[uid(job)]
    assert str(event["STATUS"]) == "CANCELLED"
    assert str(event["SUMMARY"]) == "Inställt: Loppis"
    assert "Regnet." in str(event["DESCRIPTION"])


def test_a_claim_the_resident_withdrew_leaves_the_feed(client, association, coordinator, resident, own_feed):
    job = timed(association, soon(), soon() + timedelta(hours=2))
    claim = accepted(job, resident, coordinator)
    assert uid(job) in events_by_uid(parse(client.get(feed_path(own_feed))))
    assignment_services.claim_withdraw(claim=claim, by=resident)
    assert uid(job) not in events_by_uid(parse(client.get(feed_path(own_feed))))


def test_own_feed_speaks_the_owners_language(client, association, coordinator, resident, own_feed):
    resident.language = "en"
    resident.save(update_fields=["language"])
    job = timed(association, soon(), soon() + timedelta(hours=2))
    accepted(job, resident, coordinator)
    event = events_by_uid(parse(client.get(feed_path(own_feed))))[uid(job)]
    assert "About 3 hours" in str(event["DESCRIPTION"])


def test_association_feed_shows_what_members_expect(client, association, resident):
    factories.MembershipFactory(association=association, user=resident, role=AssociationMembership.Role.MEMBER)
    feed = services.feed_create(user=resident, association=association)
    shown = {
        status: timed(association, soon(), soon() + timedelta(hours=1), status=status)
        for status in ("published", "filled", "completed", "cancelled")
    }
    draft = timed(association, soon(), soon() + timedelta(hours=1), status="draft", published_at=None)
    other = timed(factories.AssociationFactory(), soon(), soon() + timedelta(hours=1))
    events = events_by_uid(parse(client.get(feed_path(feed))))
    assert set(events) == {uid(a) for a in shown.values()}
    assert str(events[uid(shown["cancelled"])]["STATUS"]) == "CANCELLED"
    assert str(events[uid(shown["filled"])]["STATUS"]) == "CONFIRMED"
    assert not {uid(draft), uid(other)} & set(events)


def test_association_feed_shows_an_expired_assignment_as_cancelled_within_the_window(client, association, resident):
    factories.MembershipFactory(association=association, user=resident, role=AssociationMembership.Role.MEMBER)
    feed = services.feed_create(user=resident, association=association)
    ago = timezone.now() - timedelta(days=10)
    recent = timed(association, ago, ago + timedelta(hours=2), status="expired", title="Röja stigen")
    recent_deadline = deadline_only(
        association, timezone.localdate() - timedelta(days=20), status="expired", title="Skotta taket"
    )
    long_ago = timezone.now() - timedelta(days=200)
    old = timed(association, long_ago, long_ago + timedelta(hours=2), status="expired")
    old_deadline = deadline_only(association, timezone.localdate() - timedelta(days=200), status="expired")
    events = events_by_uid(parse(client.get(feed_path(feed))))
    assert str(events[uid(recent)]["STATUS"]) == "CANCELLED"
    assert str(events[uid(recent)]["SUMMARY"]) == "Inställt: Röja stigen"
    assert str(events[uid(recent_deadline)]["STATUS"]) == "CANCELLED"
    assert str(events[uid(recent_deadline)]["SUMMARY"]) == "Inställt: Klart senast: Skotta taket"
    assert not {uid(old), uid(old_deadline)} & set(events)


def test_association_feed_stops_for_someone_who_left(client, association, resident):
    membership = factories.MembershipFactory(association=association, user=resident)
    feed = services.feed_create(user=resident, association=association)
    timed(association, soon(), soon() + timedelta(hours=1))
    assert client.get(feed_path(feed)).status_code == 200
    membership.delete()
    response = client.get(feed_path(feed))
    assert response.status_code == 404
    assert b"BEGIN:VCALENDAR" not in response.content


def test_a_closed_account_has_no_feed(client, resident, own_feed):
    resident.is_active = False
    resident.save(update_fields=["is_active"])
    assert client.get(feed_path(own_feed)).status_code == 404


@pytest.mark.parametrize(
    "token",
    [
        "A" * 43,  # well-formed, but nobody has it
        "kort",
        "x" * 300,
        "%00" * 43,
        "..%2F..%2Fetc",
        "åäöåäöåäöåäöåäöåäöåäöåäöåäöåäöåäöåäöåäöåäöå",
    ],
)
def test_guessed_or_malformed_tokens_are_not_found(client, own_feed, token):
    response = client.get(f"/kalender/{token}.ics")
    assert response.status_code == 404
    assert b"BEGIN:VCALENDAR" not in response.content


def test_a_new_address_stops_the_old_one_at_once(client, resident, own_feed):
    old = feed_path(own_feed)
    client.force_login(resident)
    client.post(f"/mina-sidor/kalender/{own_feed.pk}/ny-adress/")
    own_feed.refresh_from_db()
    client.logout()
    assert client.get(old).status_code == 404
    assert client.get(feed_path(own_feed)).status_code == 200


def test_turning_a_feed_off_stops_it(client, resident, own_feed):
    path = feed_path(own_feed)
    client.force_login(resident)
    client.post(f"/mina-sidor/kalender/{own_feed.pk}/stang-av/")
    assert not CalendarFeed.objects.filter(pk=own_feed.pk).exists()
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("action", ["ny-adress", "stang-av"])
def test_another_persons_feed_cannot_be_changed(client, own_feed, action):
    client.force_login(factories.MemberProfileFactory().user)
    token = own_feed.token
    response = client.post(f"/mina-sidor/kalender/{own_feed.pk}/{action}/")
    assert response.status_code == 404
    own_feed.refresh_from_db()
    assert own_feed.token == token


def test_a_feed_for_an_association_one_is_not_in_cannot_be_made(client, association, resident):
    client.force_login(resident)
    response = client.post(f"/mina-sidor/kalender/skapa/{association.slug}/")
    assert response.status_code == 404
    assert not CalendarFeed.objects.filter(user=resident).exists()


def test_fetches_are_noted_at_most_once_an_hour(client, resident, own_feed):
    client.get(feed_path(own_feed))
    own_feed.refresh_from_db()
    first = own_feed.last_fetched_at
    assert first is not None
    client.get(feed_path(own_feed))
    own_feed.refresh_from_db()
    assert own_feed.last_fetched_at == first  # no write for the second fetch
    assert not services.feed_mark_fetched(feed=own_feed, now=first + timedelta(minutes=59))
    assert services.feed_mark_fetched(feed=own_feed, now=first + timedelta(minutes=61))


def test_own_feed_query_count_does_not_grow(
    client, association, coordinator, resident, own_feed, django_assert_num_queries
):
    CalendarFeed.objects.filter(pk=own_feed.pk).update(last_fetched_at=timezone.now())
    accepted(timed(association, soon(), soon() + timedelta(hours=1)), resident, coordinator)
    # feed with its user; the claims with their assignments, associations, categories, localities, municipalities
    with django_assert_num_queries(2):
        assert len(parse(client.get(feed_path(own_feed))).walk("VEVENT")) == 1
    for days in range(2, 7):
        accepted(timed(association, soon(days), soon(days) + timedelta(hours=1)), resident, coordinator)
    with django_assert_num_queries(2):
        assert len(parse(client.get(feed_path(own_feed))).walk("VEVENT")) == 6


def test_association_feed_query_count_does_not_grow(client, association, resident, django_assert_num_queries):
    factories.MembershipFactory(association=association, user=resident)
    feed = services.feed_create(user=resident, association=association)
    CalendarFeed.objects.filter(pk=feed.pk).update(last_fetched_at=timezone.now())
    timed(association, soon(), soon() + timedelta(hours=1))
    # feed with its user and association; membership; the assignments with what an event shows
    with django_assert_num_queries(3):
        assert len(parse(client.get(feed_path(feed))).walk("VEVENT")) == 1
    factories.AssignmentFactory.create_batch(6, association=association)
    with django_assert_num_queries(3):
        assert len(parse(client.get(feed_path(feed))).walk("VEVENT")) == 7


def test_an_unchanged_feed_answers_not_modified(client, resident, own_feed):
    first = client.get(feed_path(own_feed))
    again = client.get(feed_path(own_feed), headers={"if-none-match": first["ETag"]})
    assert again.status_code == 304


# The one-off download -------------------------------------------------------------------


def test_anyone_can_download_a_published_assignment_as_a_file(client, association):
    job = timed(association, utc(2027, 3, 28, 0, 30), utc(2027, 3, 28, 2, 30), title="Städa bastun")
    response = client.get(f"/uppdrag/{job.pk}/kalender.ics")
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="uppdrag-{job.pk}.ics"'
    event = events_by_uid(parse(response))[uid(job)]
    assert str(event["SUMMARY"]) == "Städa bastun"
    assert (event.start.hour, event.start.minute) == (1, 30)


def test_a_draft_of_another_association_cannot_be_downloaded(client, association):
    draft = timed(association, soon(), soon() + timedelta(hours=1), status=Assignment.Status.DRAFT, published_at=None)
    assert client.get(f"/uppdrag/{draft.pk}/kalender.ics").status_code == 404
    client.force_login(factories.MembershipFactory().user)  # a member of some other association
    assert client.get(f"/uppdrag/{draft.pk}/kalender.ics").status_code == 404


def test_members_can_download_their_own_draft(client, association, coordinator):
    draft = timed(association, soon(), soon() + timedelta(hours=1), status=Assignment.Status.DRAFT, published_at=None)
    client.force_login(coordinator)
    event = events_by_uid(parse(client.get(f"/uppdrag/{draft.pk}/kalender.ics")))[uid(draft)]
    assert str(event["STATUS"]) == "TENTATIVE"


def test_an_unknown_assignment_is_not_found(client):
    assert client.get("/uppdrag/999999/kalender.ics").status_code == 404
