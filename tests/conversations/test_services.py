"""The thread's rules: the window for writing, closed sign-ups, bad input, links, phone, contact."""

from datetime import datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings
from django.utils import timezone

from assignments.models import Claim
from assignments.services import TransitionError, assignment_update
from conversations import services
from conversations.models import Message, Side
from notifications.models import Kind, Notification
from tests.conversations.conftest import ENDS, STARTS, STOCKHOLM, association_url, resident_url
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db


def _at(claim, **fields):
    Claim.objects.filter(pk=claim.pk).update(**fields)
    claim.refresh_from_db()
    return claim


def _fixed_window(world):
    """The world's assignment moved to 14 March 2026, 10:00–13:00."""
    assignment = world["assignment"]
    type(assignment).objects.filter(pk=assignment.pk).update(starts_at=STARTS, ends_at=ENDS)
    world["claim"].refresh_from_db()
    return world["claim"]


def test_writing_closes_30_days_after_the_end_of_a_time_window(thread_world):
    claim = _fixed_window(thread_world)
    assert services.writing_closes_at(claim.assignment) == ENDS + timedelta(days=30)


def test_writing_closes_30_days_after_the_last_day_of_an_any_time_assignment():
    from datetime import date

    from assignments.models import Assignment

    assignment = Assignment(starts_at=None, ends_at=None, deadline=date(2026, 3, 14))
    closes = services.writing_closes_at(assignment)
    assert closes == datetime(2026, 4, 14, 0, 0, tzinfo=STOCKHOLM)


def test_a_resident_writes_up_to_30_days_after_and_not_a_minute_later(thread_world):
    claim = _fixed_window(thread_world)
    resident = thread_world["people"]["resident"]
    last_minute = ENDS + timedelta(days=30) - timedelta(minutes=1)
    services.message_post(claim=claim, by=resident, side=Side.RESIDENT, body="Tack för i går!", now=last_minute)
    with pytest.raises(TransitionError, match="30 dagar efter uppdraget"):
        services.message_post(
            claim=claim, by=resident, side=Side.RESIDENT, body="För sent", now=ENDS + timedelta(days=30)
        )
    assert list(Message.objects.values_list("body", flat=True)) == ["Tack för i går!"]


def test_a_closed_thread_stays_readable_and_says_why(client, thread_world):
    claim = _fixed_window(thread_world)
    services.message_post(
        claim=claim, by=thread_world["people"]["admin"], side=Side.ASSOCIATION, body="Ses på lördag", now=STARTS
    )
    client.force_login(thread_world["people"]["resident"])
    page = client.get(resident_url(claim)).content.decode()  # the real clock: long after March 2026
    assert "Ses på lördag" in page
    assert "Det går att skriva här till 30 dagar efter uppdraget." in page
    assert 'name="body"' not in page


@pytest.mark.parametrize("status", [Claim.Status.WITHDRAWN, Claim.Status.DECLINED, Claim.Status.CANCELLED])
def test_nobody_writes_in_the_thread_of_a_sign_up_that_is_over(thread_world, status):
    claim = _at(thread_world["claim"], status=status)
    for side, actor in ((Side.RESIDENT, "resident"), (Side.ASSOCIATION, "admin")):
        with pytest.raises(TransitionError, match="Anmälan är avslutad"):
            services.message_post(claim=claim, by=thread_world["people"][actor], side=side, body="Hallå?")


@pytest.mark.parametrize("status", [Claim.Status.PENDING, Claim.Status.DONE, Claim.Status.CONFIRMED])
def test_both_sides_write_from_sign_up_on(thread_world, status):
    claim = _at(thread_world["claim"], status=status, hours_confirmed=2)
    services.message_post(claim=claim, by=thread_world["people"]["resident"], side=Side.RESIDENT, body="Fråga")
    services.message_post(claim=claim, by=thread_world["people"]["coordinator"], side=Side.ASSOCIATION, body="Svar")
    assert Message.objects.filter(claim=claim).count() == 2


def test_a_participant_on_the_wrong_side_is_refused(thread_world):
    with pytest.raises(PermissionDenied):
        services.message_post(
            claim=thread_world["claim"], by=thread_world["people"]["resident"], side=Side.ASSOCIATION, body="Hej"
        )


@pytest.mark.parametrize("body", ["", "   \n  "])
def test_an_empty_message_is_refused_with_a_message(client, thread_world, body):
    client.force_login(thread_world["people"]["resident"])
    response = client.post(resident_url(thread_world["claim"]), {"body": body})
    assert response.status_code == 400
    assert "Skriv något innan du skickar." in response.content.decode()
    assert not Message.objects.exists()


def test_a_too_long_message_comes_back_whole_with_the_limit(client, thread_world):
    client.force_login(thread_world["people"]["resident"])
    text = "Jättelång rad. " * 200  # 3 000 characters
    response = client.post(resident_url(thread_world["claim"]), {"body": text})
    page = response.content.decode()
    assert response.status_code == 400
    assert "får ha högst 2000 tecken" in page.replace("\xa0", "").replace(" 000", "000")
    assert text.strip()[:200] in page
    assert not Message.objects.exists()


def test_unknown_ids_are_not_found_never_an_error(client, thread_world):
    client.force_login(thread_world["people"]["resident"])
    claim = thread_world["claim"]
    for url in (
        "/mina-sidor/uppdrag/999999999/meddelanden/",
        f"{resident_url(claim)}999999999/rapportera/",
        "/mina-sidor/uppdrag/9999999999999999999999/meddelanden/",
        "/kommuner/2481/anmalda-meddelanden/999999/",
        "/kommuner/9999/anmalda-meddelanden/",
    ):
        assert client.get(url).status_code == 404, url


def test_a_message_of_another_thread_cannot_be_reported_through_this_one(client, thread_world):
    people = thread_world["people"]
    elsewhere = services.message_post(
        claim=thread_world["other_claim"], by=people["admin"], side=Side.ASSOCIATION, body="Annat samtal"
    )
    client.force_login(people["resident"])
    assert client.get(f"{resident_url(thread_world['claim'])}{elsewhere.pk}/rapportera/").status_code == 404


def test_a_thread_cannot_be_flooded(thread_world):
    claim, resident = thread_world["claim"], thread_world["people"]["resident"]
    now = timezone.now()
    for n in range(services.FLOOD_LIMIT):
        services.message_post(claim=claim, by=resident, side=Side.RESIDENT, body=f"Rad {n}", now=now)
    with pytest.raises(TransitionError, match="många meddelanden på kort tid"):
        services.message_post(claim=claim, by=resident, side=Side.RESIDENT, body="En till", now=now)
    later = now + services.FLOOD_WINDOW
    services.message_post(claim=claim, by=resident, side=Side.RESIDENT, body="Efter en stund", now=later)


def test_the_pages_refuse_many_messages_from_one_client_across_threads(client, thread_world, settings):
    from conversations import views

    client.force_login(thread_world["people"]["admin"])
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "flood"}}
    url = association_url(thread_world["claim"])
    for n in range(views.RATE_LIMIT):
        client.post(url, {"body": f"Rad {n}"})
    response = client.post(url, {"body": "Över gränsen"})
    assert response.status_code == 429
    assert "Över gränsen" in response.content.decode()  # what was typed stays


@override_settings(SITE_URL="https://uppdragsbanken.example")
def test_only_the_sites_own_links_are_links_in_a_thread(client, thread_world):
    client.force_login(thread_world["people"]["resident"])
    services.message_post(
        claim=thread_world["claim"],
        by=thread_world["people"]["admin"],
        side=Side.ASSOCIATION,
        body=(
            "Läs https://uppdragsbanken.example/uppdrag/1/ och inte https://bluff.example/logga-in "
            "eller https://uppdragsbanken.example@bluff.example/ <script>alert(1)</script>"
        ),
    )
    page = client.get(resident_url(thread_world["claim"])).content.decode()
    assert '<a href="https://uppdragsbanken.example/uppdrag/1/">' in page
    assert 'href="https://bluff.example' not in page
    assert "https://bluff.example/logga-in" in page
    assert 'href="https://uppdragsbanken.example@' not in page
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page


def test_line_breaks_are_kept(client, thread_world):
    client.force_login(thread_world["people"]["resident"])
    services.message_post(
        claim=thread_world["claim"], by=thread_world["people"]["admin"], side=Side.ASSOCIATION, body="Rad ett\nRad två"
    )
    assert "Rad ett<br>" in client.get(resident_url(thread_world["claim"])).content.decode()


# The phone number and the contact person ------------------------------------------------------


def test_the_association_sees_the_residents_phone_only_once_shared(client, thread_world):
    people, claim = thread_world["people"], thread_world["claim"]
    client.force_login(people["admin"])
    assert "070-123 45 67" not in client.get(association_url(claim)).content.decode()
    client.force_login(people["resident"])
    response = client.post(f"{resident_url(claim)}telefon/", {"phone": "070-123 45 67"}, follow=True)
    assert "Föreningen ser nu ditt telefonnummer i samtalet." in response.content.decode()
    client.force_login(people["admin"])
    page = client.get(association_url(claim)).content.decode()
    assert "Greta N. har delat sitt telefonnummer:" in page and "070-123 45 67" in page


def test_only_the_resident_shares_their_phone_and_it_must_be_a_number(client, thread_world):
    people, claim = thread_world["people"], thread_world["claim"]
    with pytest.raises(PermissionDenied):
        services.phone_share(claim=claim, by=people["admin"], phone="070-111 11 11")
    with pytest.raises(ValidationError):
        services.phone_share(claim=claim, by=people["resident"], phone="ring mig")
    client.force_login(people["resident"])
    response = client.post(f"{resident_url(claim)}telefon/", {"phone": "sju noll"})
    assert response.status_code == 400
    assert "Skriv telefonnumret med siffrorna 0–9" in response.content.decode()
    assert not Message.objects.exists()


@pytest.mark.parametrize(
    ("status", "shown"),
    [
        (Claim.Status.PENDING, False),
        (Claim.Status.ACCEPTED, True),
        (Claim.Status.DONE, True),
        (Claim.Status.CONFIRMED, True),
        (Claim.Status.DECLINED, False),
    ],
)
def test_the_contact_person_is_shown_only_to_residents_with_a_place(client, thread_world, status, shown):
    claim = _at(thread_world["claim"], status=status, hours_confirmed=2)
    client.force_login(thread_world["people"]["resident"])
    detail = client.get(f"/uppdrag/{claim.assignment_id}/").content.decode()
    thread = client.get(resident_url(claim)).content.decode()
    assert ("0950-123 45" in detail) == shown
    assert ("Anna Andersson" in detail) == shown
    assert ("0950-123 45" in thread) == shown


def test_others_never_see_the_contact_person(client, thread_world):
    url = f"/uppdrag/{thread_world['assignment'].pk}/"
    assert "0950-123 45" not in client.get(url).content.decode()
    client.force_login(thread_world["people"]["other_resident"])  # pending
    assert "0950-123 45" not in client.get(url).content.decode()


def test_changing_the_contact_person_tells_the_residents_signed_up(thread_world):
    assignment, people = thread_world["assignment"], thread_world["people"]
    declined = ClaimFactory(assignment=assignment, status=Claim.Status.DECLINED)
    assignment_update(assignment=assignment, by=people["admin"], contact_name="Bo Berg", contact_phone="070-999 99 99")
    told = set(Notification.objects.filter(kind=Kind.ASSIGNMENT_CHANGED).values_list("recipient", flat=True))
    assert told == {people["resident"].pk, people["other_resident"].pk}
    assert declined.resident_id not in told
    notice = Notification.objects.filter(kind=Kind.ASSIGNMENT_CHANGED).first()
    assert set(notice.detail.split(",")) == {"contact_name", "contact_phone"}


def test_the_contact_change_email_names_the_field_not_the_number(thread_world, mailoutbox):
    from notifications.email import deliver

    assignment, people = thread_world["assignment"], thread_world["people"]
    assignment_update(assignment=assignment, by=people["admin"], contact_phone="070-999 99 99")
    deliver(list(Notification.objects.filter(kind=Kind.ASSIGNMENT_CHANGED).values_list("pk", flat=True)))
    bodies = [message.body for message in mailoutbox]
    assert bodies and all("Kontaktpersonens telefon" in body for body in bodies)
    assert not any("070-999 99 99" in body for body in bodies)


def test_the_assignment_form_keeps_the_contact_person(client, thread_world):
    from assignments.forms import AssignmentForm

    assignment = thread_world["assignment"]
    initial = AssignmentForm.initial_from(assignment)
    assert initial["contact_name"] == "Anna Andersson"
    form = AssignmentForm(association=thread_world["association"])
    assert form.initial["contact_phone"] == thread_world["association"].contact_phone
    assert "Kontaktperson" in str(form)
