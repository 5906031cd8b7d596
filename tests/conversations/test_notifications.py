"""A new message tells the other side through the notifications app, by each person's choice."""

import pytest
from django.test import override_settings

from conversations import services
from conversations.models import Side
from members.models import MemberProfile
from notifications.email import deliver
from notifications.models import MESSAGE_KINDS, Kind, Notification
from tests.conversations.conftest import association_url, resident_url, staff_url

pytestmark = pytest.mark.django_db
State = Notification.EmailState


def _send(kind):
    return deliver(list(Notification.objects.filter(kind=kind).values_list("pk", flat=True)))


def test_a_residents_message_tells_each_admin_and_coordinator_not_plain_members(thread_world):
    people = thread_world["people"]
    services.message_post(claim=thread_world["claim"], by=people["resident"], side=Side.RESIDENT, body="Hej!")
    told = set(Notification.objects.filter(kind=Kind.MESSAGE_TO_ASSOCIATION).values_list("recipient", flat=True))
    assert told == {people["admin"].pk, people["coordinator"].pk}


def test_a_managers_message_tells_the_resident_and_not_the_other_managers(thread_world):
    people = thread_world["people"]
    services.message_post(claim=thread_world["claim"], by=people["admin"], side=Side.ASSOCIATION, body="Välkommen")
    assert list(Notification.objects.filter(kind__in=MESSAGE_KINDS).values_list("kind", "recipient")) == [
        (Kind.MESSAGE_TO_RESIDENT, people["resident"].pk)
    ]


@override_settings(SITE_URL="https://uppdragsbanken.example")
def test_the_email_has_the_text_and_a_link_to_the_thread_and_only_own_links(thread_world, mailoutbox):
    people, claim = thread_world["people"], thread_world["claim"]
    services.message_post(
        claim=claim, by=people["admin"], side=Side.ASSOCIATION, body="Ta med handskar. Se https://bluff.example/"
    )
    _send(Kind.MESSAGE_TO_RESIDENT)
    [email] = mailoutbox
    assert email.to == [people["resident"].email]
    assert "Rusksele byaförening har skrivit till dig om ”Måla staketet vid bygdegården”" in email.body
    assert "Ta med handskar." in email.body
    assert f"https://uppdragsbanken.example{resident_url(claim)}" in email.body
    assert "kommer svaret inte fram" in email.body
    html = email.alternatives[0][0]
    assert f'<a href="https://uppdragsbanken.example{resident_url(claim)}">' in html
    assert 'href="https://bluff.example' not in html
    assert people["admin"].email not in email.body


def test_an_email_goes_only_to_those_who_want_email_about_sign_ups(thread_world, mailoutbox):
    people = thread_world["people"]
    MemberProfile.objects.filter(user=people["coordinator"]).update(email_claims=False)
    services.message_post(claim=thread_world["claim"], by=people["resident"], side=Side.RESIDENT, body="Fråga")
    counts = _send(Kind.MESSAGE_TO_ASSOCIATION)
    assert counts["sent"] == 1 and counts["skipped"] == 1
    assert [email.to for email in mailoutbox] == [[people["admin"].email]]
    # The inbox still has it: only the e-mail follows the choice.
    assert Notification.objects.filter(recipient=people["coordinator"], email_state=State.SKIPPED).exists()


def test_a_resident_who_turned_off_email_about_their_sign_ups_gets_none(thread_world, mailoutbox):
    people = thread_world["people"]
    MemberProfile.objects.filter(user=people["resident"]).update(email_my_claims=False)
    services.message_post(claim=thread_world["claim"], by=people["admin"], side=Side.ASSOCIATION, body="Hej")
    _send(Kind.MESSAGE_TO_RESIDENT)
    assert mailoutbox == []
    assert Notification.objects.get(kind=Kind.MESSAGE_TO_RESIDENT).email_state == State.SKIPPED


def test_a_burst_of_messages_makes_one_notice_until_the_thread_is_read(client, thread_world):
    people, claim = thread_world["people"], thread_world["claim"]
    for text in ("Ett", "Två", "Tre"):
        services.message_post(claim=claim, by=people["admin"], side=Side.ASSOCIATION, body=text)
    assert Notification.objects.filter(recipient=people["resident"], kind__in=MESSAGE_KINDS).count() == 1
    client.force_login(people["resident"])
    client.get(resident_url(claim))
    assert not Notification.objects.filter(
        recipient=people["resident"], kind__in=MESSAGE_KINDS, read_at__isnull=True
    ).exists()
    services.message_post(claim=claim, by=people["admin"], side=Side.ASSOCIATION, body="Fyra")
    assert Notification.objects.filter(recipient=people["resident"], kind__in=MESSAGE_KINDS).count() == 2


def test_the_inbox_names_the_sender_and_opens_the_thread(client, thread_world):
    people, claim = thread_world["people"], thread_world["claim"]
    services.message_post(claim=claim, by=people["resident"], side=Side.RESIDENT, body="Hej")
    client.force_login(people["coordinator"])
    inbox = client.get("/mina-sidor/notiser/").content.decode()
    assert "Greta N. har skrivit om ”Måla staketet vid bygdegården”." in inbox
    notice = Notification.objects.get(recipient=people["coordinator"])
    response = client.get(f"/mina-sidor/notiser/{notice.pk}/")
    assert response["Location"] == association_url(claim)


def test_unread_counts_show_on_my_claims_and_on_the_associations_page(client, thread_world):
    people, claim = thread_world["people"], thread_world["claim"]
    services.message_post(claim=claim, by=people["admin"], side=Side.ASSOCIATION, body="Ett")
    services.message_post(claim=claim, by=people["admin"], side=Side.ASSOCIATION, body="Två")
    client.force_login(people["resident"])
    assert "2 nya" in client.get("/mina-sidor/uppdrag/").content.decode()
    client.get(resident_url(claim))
    assert "nya" not in client.get("/mina-sidor/uppdrag/").content.decode().split("Meddelanden (2)")[1][:80]
    services.message_post(claim=claim, by=people["resident"], side=Side.RESIDENT, body="Tack")
    client.force_login(people["coordinator"])
    page = client.get(f"/foreningar/rusksele/uppdrag/{claim.assignment_id}/").content.decode()
    assert "Meddelanden (3)" in page and "1 nytt" in page


def test_a_report_tells_the_municipalitys_admins_without_the_text(thread_world, mailoutbox):
    people, claim = thread_world["people"], thread_world["claim"]
    message = services.message_post(claim=claim, by=people["admin"], side=Side.ASSOCIATION, body="Hemlig elak rad")
    services.message_report(message=message, by=people["resident"], side=Side.RESIDENT, reason="Otrevligt")
    assert list(Notification.objects.filter(kind=Kind.MESSAGE_REPORTED).values_list("recipient", flat=True)) == [
        people["staff_admin"].pk
    ]
    _send(Kind.MESSAGE_REPORTED)
    [email] = mailoutbox
    assert staff_url(claim) in email.body
    assert "Hemlig elak rad" not in email.body and "Otrevligt" not in email.body


def test_no_email_goes_about_a_message_that_went_with_its_writers_account(thread_world, mailoutbox):
    from members.services import user_delete

    people = thread_world["people"]
    services.message_post(claim=thread_world["claim"], by=people["coordinator"], side=Side.ASSOCIATION, body="Hej")
    user_delete(user=people["coordinator"], by=people["coordinator"])
    counts = _send(Kind.MESSAGE_TO_RESIDENT)
    assert counts["skipped"] == 1 and mailoutbox == []
