"""Who may read, write and report in a sign-up's thread: every role, by the pages themselves."""

import pytest

from conversations import services
from conversations.models import Message, MessageReport, Side
from tests.conversations.conftest import THREAD_ACTORS, association_url, resident_url, staff_url

pytestmark = pytest.mark.django_db

# Status codes per actor; "anonymous" is sent to log in.
READ_RESIDENT = {actor: 404 for actor in THREAD_ACTORS} | {"anonymous": 302, "resident": 200}
READ_ASSOCIATION = {actor: 404 for actor in THREAD_ACTORS} | {"anonymous": 302, "admin": 200, "coordinator": 200}
WRITERS_RESIDENT = {"resident"}
WRITERS_ASSOCIATION = {"admin", "coordinator"}


def _client_for(client, world, actor):
    user = world["people"][actor]
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize("actor", THREAD_ACTORS)
def test_only_the_resident_opens_the_residents_thread(client, thread_world, actor):
    claim = thread_world["claim"]
    services.message_post(claim=claim, by=thread_world["people"]["admin"], side=Side.ASSOCIATION, body="Välkommen!")
    response = _client_for(client, thread_world, actor).get(resident_url(claim))
    assert response.status_code == READ_RESIDENT[actor]
    if response.status_code == 200:
        assert "Välkommen!" in response.content.decode()
    if actor == "anonymous":
        assert response["Location"].startswith("/konto/login/")


@pytest.mark.parametrize("actor", THREAD_ACTORS)
def test_only_the_associations_admins_and_coordinators_open_its_thread(client, thread_world, actor):
    claim = thread_world["claim"]
    services.message_post(claim=claim, by=thread_world["people"]["resident"], side=Side.RESIDENT, body="Hej där!")
    response = _client_for(client, thread_world, actor).get(association_url(claim))
    assert response.status_code == READ_ASSOCIATION[actor]
    if response.status_code == 200:
        page = response.content.decode()
        assert "Hej där!" in page and "Greta N." in page
        assert claim.resident.email not in page


@pytest.mark.parametrize("actor", THREAD_ACTORS)
def test_only_the_resident_writes_from_the_residents_side(client, thread_world, actor):
    claim = thread_world["claim"]
    response = _client_for(client, thread_world, actor).post(resident_url(claim), {"body": f"Från {actor}"})
    written = Message.objects.filter(claim=claim, body=f"Från {actor}").exists()
    assert written == (actor in WRITERS_RESIDENT)
    assert response.status_code == (302 if actor in WRITERS_RESIDENT or actor == "anonymous" else 404)


@pytest.mark.parametrize("actor", THREAD_ACTORS)
def test_only_managers_write_from_the_associations_side(client, thread_world, actor):
    claim = thread_world["claim"]
    response = _client_for(client, thread_world, actor).post(association_url(claim), {"body": f"Från {actor}"})
    written = Message.objects.filter(claim=claim, body=f"Från {actor}", side=Side.ASSOCIATION).exists()
    assert written == (actor in WRITERS_ASSOCIATION)
    assert response.status_code == (302 if actor in WRITERS_ASSOCIATION or actor == "anonymous" else 404)


def test_another_residents_claim_id_is_not_found(client, thread_world):
    client.force_login(thread_world["people"]["resident"])
    assert client.get(resident_url(thread_world["other_claim"])).status_code == 404
    response = client.post(resident_url(thread_world["other_claim"]), {"body": "Smyger in"})
    assert response.status_code == 404
    assert not Message.objects.filter(body="Smyger in").exists()


def test_a_claim_of_another_assignment_under_this_url_is_not_found(client, thread_world):
    claim = thread_world["claim"]
    client.force_login(thread_world["people"]["admin"])
    url = f"/foreningar/rusksele/uppdrag/{claim.assignment_id + 1000}/anmalningar/{claim.pk}/meddelanden/"
    assert client.get(url).status_code == 404
    other = f"/foreningar/bastutrask/uppdrag/{claim.assignment_id}/anmalningar/{claim.pk}/meddelanden/"
    assert client.get(other).status_code == 404


@pytest.mark.parametrize("actor", THREAD_ACTORS)
def test_only_a_participant_can_report_the_other_sides_message(client, thread_world, actor):
    claim = thread_world["claim"]
    message = services.message_post(
        claim=claim, by=thread_world["people"]["admin"], side=Side.ASSOCIATION, body="Dumma ord"
    )
    url = f"{resident_url(claim)}{message.pk}/rapportera/"
    response = _client_for(client, thread_world, actor).post(url, {"reason": "Otrevligt"})
    reported = MessageReport.objects.filter(message=message).exists()
    assert reported == (actor == "resident")
    assert response.status_code == (302 if actor in ("resident", "anonymous") else 404)


def test_a_manager_reports_the_residents_message_but_not_their_own(client, thread_world):
    claim = thread_world["claim"]
    people = thread_world["people"]
    theirs = services.message_post(claim=claim, by=people["resident"], side=Side.RESIDENT, body="Elakt")
    own = services.message_post(claim=claim, by=people["coordinator"], side=Side.ASSOCIATION, body="Vårt")
    client.force_login(people["admin"])
    client.post(f"{association_url(claim)}{theirs.pk}/rapportera/", {"reason": ""})
    response = client.post(f"{association_url(claim)}{own.pk}/rapportera/", {"reason": ""}, follow=True)
    assert MessageReport.objects.filter(message=theirs).exists()
    assert not MessageReport.objects.filter(message=own).exists()
    assert "Du kan bara anmäla meddelanden från den andra sidan" in response.content.decode()


@pytest.mark.parametrize("actor", THREAD_ACTORS)
def test_staff_read_a_thread_only_after_a_report_and_only_its_admins(client, thread_world, actor):
    claim = thread_world["claim"]
    people = thread_world["people"]
    message = services.message_post(claim=claim, by=people["admin"], side=Side.ASSOCIATION, body="Hotfullt")
    client = _client_for(client, thread_world, actor)
    before = client.get(staff_url(claim))
    services.message_report(message=message, by=people["resident"], side=Side.RESIDENT, reason="Hot")
    after = client.get(staff_url(claim))
    if actor == "anonymous":
        assert before.status_code == after.status_code == 302
    elif actor == "staff_admin":
        assert before.status_code == 404
        assert after.status_code == 200
        assert "Hotfullt" in after.content.decode() and "Hot" in after.content.decode()
        assert 'name="body"' not in after.content.decode()  # read only
    else:
        assert before.status_code == after.status_code == 404


@pytest.mark.parametrize("actor", THREAD_ACTORS)
def test_the_list_of_reported_threads_is_for_the_municipalitys_admins(client, thread_world, actor):
    response = _client_for(client, thread_world, actor).get("/kommuner/2481/anmalda-meddelanden/")
    expected = 200 if actor == "staff_admin" else 302 if actor == "anonymous" else 404
    assert response.status_code == expected


def test_staff_never_see_an_unreported_thread_of_the_same_assignment(client, thread_world):
    people = thread_world["people"]
    claim, other = thread_world["claim"], thread_world["other_claim"]
    message = services.message_post(claim=claim, by=people["admin"], side=Side.ASSOCIATION, body="Hm")
    services.message_post(claim=other, by=people["other_resident"], side=Side.RESIDENT, body="Olles rad")
    services.message_report(message=message, by=people["resident"], side=Side.RESIDENT)
    client.force_login(people["staff_admin"])
    assert client.get(staff_url(claim)).status_code == 200
    assert client.get(staff_url(other)).status_code == 404
    listing = client.get("/kommuner/2481/anmalda-meddelanden/").content.decode()
    assert "Måla staketet vid bygdegården" in listing
    assert "Olles rad" not in listing


def test_staff_mark_a_report_handled_and_only_their_admins_can(client, thread_world):
    people = thread_world["people"]
    claim = thread_world["claim"]
    message = services.message_post(claim=claim, by=people["admin"], side=Side.ASSOCIATION, body="Fult")
    report = services.message_report(message=message, by=people["resident"], side=Side.RESIDENT)
    url = f"{staff_url(claim)}hanterad/{report.pk}/"
    for actor in ("staff_viewer", "other_staff", "admin", "resident"):
        client.force_login(people[actor])
        assert client.post(url).status_code == 404
    report.refresh_from_db()
    assert report.handled_at is None
    client.force_login(people["staff_admin"])
    response = client.post(url, follow=True)
    report.refresh_from_db()
    assert report.handled_by == people["staff_admin"]
    assert "Anmälan är markerad som hanterad." in response.content.decode()
    again = client.post(url, follow=True)
    assert "Anmälan är redan hanterad." in again.content.decode()


def test_staff_reading_a_reported_thread_do_not_see_a_shared_phone_number(client, thread_world):
    people, claim = thread_world["people"], thread_world["claim"]
    services.phone_share(claim=claim, by=people["resident"], phone="070-123 45 67")
    message = services.message_post(claim=claim, by=people["admin"], side=Side.ASSOCIATION, body="Otrevligt")
    services.message_report(message=message, by=people["resident"], side=Side.RESIDENT)
    client.force_login(people["staff_admin"])
    page = client.get(staff_url(claim)).content.decode()
    assert "Otrevligt" in page
    assert "070-123 45 67" not in page
    assert "Numret visas inte för kommunen." in page
