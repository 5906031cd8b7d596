"""A deleted person's messages go: what the privacy rules of account deletion already say of
free texts (members.services.user_delete)."""

import pytest

from conversations import services
from conversations.models import Message, MessageReport, Side
from members.export import personal_data
from members.services import user_delete
from tests.conversations.conftest import association_url, resident_url

pytestmark = pytest.mark.django_db


def test_a_deleted_residents_thread_goes_and_the_association_sees_it_closed(client, thread_world):
    people, claim = thread_world["people"], thread_world["claim"]
    services.message_post(claim=claim, by=people["resident"], side=Side.RESIDENT, body="Jag heter Greta Nilsson")
    services.message_post(claim=claim, by=people["admin"], side=Side.ASSOCIATION, body="Hej Greta Nilsson!")
    type(claim.assignment).objects.filter(pk=claim.assignment_id).update(
        starts_at=claim.assignment.starts_at.replace(year=2025), ends_at=claim.assignment.ends_at.replace(year=2025)
    )
    user_delete(user=people["resident"], by=people["resident"])
    assert not Message.objects.filter(claim=claim).exists()
    client.force_login(people["admin"])
    page = client.get(association_url(claim)).content.decode()
    assert "Greta Nilsson" not in page
    assert "Tidigare deltagare" in page
    assert "Personen har tagit bort sitt konto" in page


def test_a_deleted_managers_messages_leave_the_residents_thread_and_the_rest_stays(client, thread_world):
    people, claim = thread_world["people"], thread_world["claim"]
    services.message_post(claim=claim, by=people["coordinator"], side=Side.ASSOCIATION, body="Ring mig, Kalle")
    services.message_post(claim=claim, by=people["admin"], side=Side.ASSOCIATION, body="Välkommen!")
    reported = services.message_post(claim=claim, by=people["resident"], side=Side.RESIDENT, body="Dumt svar")
    services.message_report(message=reported, by=people["coordinator"], side=Side.ASSOCIATION, reason="Jag, Kalle")
    user_delete(user=people["coordinator"], by=people["coordinator"])
    client.force_login(people["resident"])
    page = client.get(resident_url(claim)).content.decode()
    assert "Ring mig, Kalle" not in page
    assert "Välkommen!" in page and "Dumt svar" in page
    report = MessageReport.objects.get(message=reported)
    assert report.reporter is None and report.reason == ""


def test_the_export_has_the_threads_of_ones_sign_ups_and_ones_own_messages_only(thread_world):
    people, claim, other = thread_world["people"], thread_world["claim"], thread_world["other_claim"]
    services.message_post(claim=claim, by=people["admin"], side=Side.ASSOCIATION, body="Till Greta")
    services.message_post(claim=claim, by=people["resident"], side=Side.RESIDENT, body="Från Greta")
    services.message_post(claim=other, by=people["admin"], side=Side.ASSOCIATION, body="Till Olle")
    services.message_post(claim=other, by=people["other_resident"], side=Side.RESIDENT, body="Från Olle")
    greta = [m["text"] for m in personal_data(people["resident"])["messages"]]
    admin = [m["text"] for m in personal_data(people["admin"])["messages"]]
    assert greta == ["Till Greta", "Från Greta"]
    assert admin == ["Till Greta", "Till Olle"]


def test_the_thread_of_someone_signed_up_by_phone_without_an_account_is_closed(client, thread_world):
    from offline.services import claim_register_by_phone

    people, claim = thread_world["people"], thread_world["claim"]
    by_phone = claim_register_by_phone(
        assignment=claim.assignment,
        by=people["admin"],
        resident_agreed=True,
        name="Gunnel Åkesson",
        phone="+46701234567",
    )
    client.force_login(people["admin"])
    page = client.get(association_url(by_phone)).content.decode()
    assert "kan därför inte läsa meddelanden. Ring hen i stället." in page
    with pytest.raises(services.TransitionError):
        services.message_post(claim=by_phone, by=people["admin"], side=Side.ASSOCIATION, body="Hej Gunnel!")
    assert not Message.objects.filter(claim=by_phone).exists()
