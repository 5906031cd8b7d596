"""The page /mina-sidor/kalender/: make, show, renew and turn off secret addresses."""

from datetime import timedelta

import pytest

from associations.models import AssociationMembership
from calendars.models import CalendarFeed
from tests import factories
from tests.calendars.conftest import soon, timed

pytestmark = pytest.mark.django_db


def test_the_page_needs_a_login(client):
    response = client.get("/mina-sidor/kalender/")
    assert response.status_code == 302
    assert "/konto/" in response["Location"]


def test_the_page_explains_subscriptions_and_offers_to_make_an_address(client, resident):
    client.force_login(resident)
    page = client.get("/mina-sidor/kalender/").content.decode()
    assert "Så fungerar en kalenderprenumeration" in page
    for app in ("Google Kalender", "Apple", "Outlook"):
        assert app in page
    assert "Skapa kalenderadress" in page
    assert "/kalender/" not in page.split("Mina uppdrag", 1)[1].split("Dina föreningars")[0].replace(
        "/mina-sidor/kalender/", ""
    )


def test_making_an_address_shows_it_to_copy_and_as_webcal(client, resident):
    client.force_login(resident)
    response = client.post("/mina-sidor/kalender/skapa/", follow=True)
    feed = CalendarFeed.objects.get(user=resident, association=None)
    page = response.content.decode()
    assert f'value="http://127.0.0.1:8000/kalender/{feed.token}.ics"' in page
    assert f'href="webcal://127.0.0.1:8000/kalender/{feed.token}.ics"' in page
    assert "Din kalenderadress är skapad" in page
    assert "slutar den gamla att fungera direkt" in page


def test_making_it_twice_keeps_one_address(client, resident):
    client.force_login(resident)
    client.post("/mina-sidor/kalender/skapa/")
    token = CalendarFeed.objects.get(user=resident).token
    client.post("/mina-sidor/kalender/skapa/")
    assert list(CalendarFeed.objects.filter(user=resident).values_list("token", flat=True)) == [token]


def test_each_association_one_is_in_gets_a_row(client, resident):
    membership = factories.MembershipFactory(user=resident, role=AssociationMembership.Role.MEMBER)
    client.force_login(resident)
    page = client.get("/mina-sidor/kalender/").content.decode()
    assert membership.association.name in page
    client.post(f"/mina-sidor/kalender/skapa/{membership.association.slug}/")
    feed = CalendarFeed.objects.get(user=resident, association=membership.association)
    assert f"/kalender/{feed.token}.ics" in client.get("/mina-sidor/kalender/").content.decode()


def test_a_left_association_feed_is_shown_as_not_working(client, resident):
    membership = factories.MembershipFactory(user=resident)
    client.force_login(resident)
    client.post(f"/mina-sidor/kalender/skapa/{membership.association.slug}/")
    feed = CalendarFeed.objects.get(user=resident, association=membership.association)
    membership.delete()
    page = client.get("/mina-sidor/kalender/").content.decode()
    assert "Du är inte längre med i föreningen" in page
    assert feed.token not in page
    client.post(f"/mina-sidor/kalender/{feed.pk}/stang-av/")
    assert not CalendarFeed.objects.filter(pk=feed.pk).exists()


def test_get_on_an_action_changes_nothing(client, resident, own_feed):
    client.force_login(resident)
    assert client.get(f"/mina-sidor/kalender/{own_feed.pk}/ny-adress/").status_code == 405
    assert CalendarFeed.objects.get(pk=own_feed.pk).token == own_feed.token


def test_the_assignment_page_links_the_one_off_download(client, association):
    job = timed(association, soon(), soon() + timedelta(hours=1))
    page = client.get(f"/uppdrag/{job.pk}/").content.decode()
    assert f'href="/uppdrag/{job.pk}/kalender.ics"' in page
    assert "Lägg till i kalendern (.ics)" in page
