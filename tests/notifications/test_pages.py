"""The inbox, saved searches ("Bevaka") and the header's unread count, as a person uses them."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from assignments.models import Category
from notifications.models import Kind, Notification, SavedSearch
from tests.factories import AssignmentFactory, ClaimFactory, MemberProfileFactory, UserFactory, locality

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(client):
    person = MemberProfileFactory(display_name="Anna L.").user
    client.force_login(person)
    return person


def notify(user, kind=Kind.MATCH, minutes_ago=0, **fields):
    assignment = fields.pop("assignment", None) or AssignmentFactory()
    return Notification.objects.create(
        recipient=user,
        kind=kind,
        assignment=assignment,
        created_at=timezone.now() - timedelta(minutes=minutes_ago),
        **fields,
    )


def test_the_header_shows_how_many_are_unread(client, person):
    notify(person)
    notify(person)
    notify(person, read_at=timezone.now())
    notify(UserFactory())  # someone else's
    page = client.get("/uppdrag/").content.decode()
    assert 'class="count-badge">2<span class="visually-hidden"> olästa' in page


def test_the_inbox_lists_ones_own_notifications_newest_first_in_plain_words(client, person):
    older = notify(person, minutes_ago=10, assignment=AssignmentFactory(title="Sanda gångvägen"))
    claim = ClaimFactory(resident=MemberProfileFactory(display_name="Erik S.").user)
    newer = notify(person, kind=Kind.CLAIM_CREATED, assignment=claim.assignment, claim=claim, ref=str(claim.pk))
    notify(UserFactory(), assignment=AssignmentFactory(title="Någon annans uppdrag"))
    page = client.get("/mina-sidor/notiser/").content.decode()
    assert "Nytt uppdrag som passar dig: Sanda gångvägen" in page
    assert f"Erik S. har anmält sig till ”{claim.assignment.title}”." in page
    assert "Någon annans uppdrag" not in page
    assert page.index(f"/mina-sidor/notiser/{newer.pk}/") < page.index(f"/mina-sidor/notiser/{older.pk}/")


def test_opening_a_notification_marks_it_read_and_goes_to_what_it_is_about(client, person):
    row = notify(person)
    response = client.get(f"/mina-sidor/notiser/{row.pk}/")
    assert response.status_code == 302
    assert response["Location"] == f"/uppdrag/{row.assignment_id}/"
    row.refresh_from_db()
    assert row.read_at is not None


def test_an_association_notification_leads_to_the_claims_page(client, person):
    claim = ClaimFactory()
    row = notify(person, kind=Kind.CLAIM_CREATED, assignment=claim.assignment, claim=claim, ref=str(claim.pk))
    response = client.get(f"/mina-sidor/notiser/{row.pk}/")
    assert response["Location"] == f"/foreningar/{claim.assignment.association.slug}/uppdrag/{claim.assignment.pk}/"


def test_someone_elses_notification_cannot_be_opened_or_marked(client, person):
    other = notify(UserFactory())
    assert client.get(f"/mina-sidor/notiser/{other.pk}/").status_code == 404
    client.post("/mina-sidor/notiser/las/", {"id": other.pk})
    client.post("/mina-sidor/notiser/las/", {"all": "1"})
    other.refresh_from_db()
    assert other.read_at is None


def test_marking_one_or_all_as_read(client, person):
    first, _second, _third = notify(person), notify(person), notify(person)
    response = client.post("/mina-sidor/notiser/las/", {"id": first.pk}, follow=True)
    assert "Markerat som läst." in response.content.decode()
    assert Notification.objects.filter(recipient=person, read_at__isnull=True).count() == 2
    client.post("/mina-sidor/notiser/las/", {"all": "1"})
    assert Notification.objects.filter(recipient=person, read_at__isnull=True).count() == 0


@pytest.mark.parametrize("value", ["abc", "-1", "", "99999999999999999999"])
def test_marking_with_a_bad_id_changes_nothing_and_does_not_fail(client, person, value):
    row = notify(person)
    response = client.post("/mina-sidor/notiser/las/", {"id": value})
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.read_at is None


def test_the_inbox_needs_a_login(client):
    response = client.get("/mina-sidor/notiser/")
    assert response.status_code == 302 and "/konto/login/" in response["Location"]


def test_an_empty_inbox_says_how_to_get_notifications(client, person):
    page = client.get("/mina-sidor/notiser/").content.decode()
    assert "Du har inga notiser än." in page


def test_the_inbox_runs_as_many_queries_for_30_notifications_as_for_3(client, person, django_assert_num_queries):
    for _ in range(3):
        claim = ClaimFactory()
        notify(person, kind=Kind.CLAIM_CREATED, assignment=claim.assignment, claim=claim, ref=str(claim.pk))
    client.get("/mina-sidor/notiser/")
    with CaptureQueriesContext(connection) as three:
        client.get("/mina-sidor/notiser/")
    for _ in range(27):
        claim = ClaimFactory()
        notify(person, kind=Kind.CLAIM_CREATED, assignment=claim.assignment, claim=claim, ref=str(claim.pk))
    with django_assert_num_queries(len(three.captured_queries)):
        response = client.get("/mina-sidor/notiser/")
    assert len(response.context["page"].object_list) == 30


# Saved searches ----------------------------------------------------------------------------


def test_the_list_offers_to_watch_the_search_or_to_log_in_first(client):
    assert "Logga in för att bevaka sökningen" in client.get("/uppdrag/?paid=on").content.decode()
    client.force_login(UserFactory())
    page = client.get("/uppdrag/?paid=on").content.decode()
    assert "Bevaka den här sökningen" in page
    assert 'name="query" value="paid=on"' in page


def test_watching_a_search_saves_it_with_a_name_from_its_filters(client, person):
    snow = Category.objects.get(slug="snorojning-och-vinter")
    query = f"municipality=2481&locality={locality('Rusksele').pk}&category={snow.slug}&paid=on&q=skotta"
    response = client.post("/mina-sidor/bevakningar/ny/", {"query": query}, follow=True)
    search = SavedSearch.objects.get(user=person)
    assert search.name == f"”skotta” · Rusksele · {snow.name_sv} · betalda"
    assert (search.locality, search.category, search.paid_only, search.text) == (
        locality("Rusksele"),
        snow,
        True,
        "skotta",
    )
    page = response.content.decode()
    assert f"Bevakningen ”{search.name}” är sparad." in page
    assert f"/uppdrag/?{search.query}".replace("&", "&amp;") in page


def test_values_that_do_not_parse_are_left_out_of_a_saved_search(client, person):
    client.post("/mina-sidor/bevakningar/ny/", {"query": "municipality=9999&category=finns-inte&paid=on"})
    search = SavedSearch.objects.get(user=person)
    assert (search.municipality, search.category, search.paid_only, search.query) == (None, None, True, "paid=on")


def test_a_resident_has_at_most_twenty_saved_searches(client, person):
    SavedSearch.objects.bulk_create([SavedSearch(user=person, name=f"Sökning {n}") for n in range(20)])
    response = client.post("/mina-sidor/bevakningar/ny/", {"query": "paid=on"}, follow=True)
    assert "Du kan ha högst 20 bevakningar." in response.content.decode()
    assert SavedSearch.objects.filter(user=person).count() == 20


def test_a_saved_search_is_paused_resumed_renamed_and_deleted(client, person):
    search = SavedSearch.objects.create(user=person, name="Snö i Lycksele")
    url = f"/mina-sidor/bevakningar/{search.pk}/"
    assert "är pausad" in client.post(url, {"action": "pause"}, follow=True).content.decode()
    search.refresh_from_db()
    assert search.active is False
    client.post(url, {"action": "resume"})
    search.refresh_from_db()
    assert search.active is True
    client.post(url, {"action": "rename", "name": "  Snöskottning nära mig "})
    search.refresh_from_db()
    assert search.name == "Snöskottning nära mig"
    client.post(url, {"action": "delete"})
    assert not SavedSearch.objects.filter(pk=search.pk).exists()


def test_an_empty_name_is_refused_and_the_old_one_kept(client, person):
    search = SavedSearch.objects.create(user=person, name="Snö i Lycksele")
    response = client.post(f"/mina-sidor/bevakningar/{search.pk}/", {"action": "rename", "name": "   "})
    assert response.status_code == 400
    assert "Skriv ett namn på bevakningen." in response.content.decode()
    search.refresh_from_db()
    assert search.name == "Snö i Lycksele"


def test_an_unknown_action_is_explained(client, person):
    search = SavedSearch.objects.create(user=person, name="Snö")
    response = client.post(f"/mina-sidor/bevakningar/{search.pk}/", {"action": "explode"}, follow=True)
    assert "Vi förstod inte vad du ville göra." in response.content.decode()
    assert SavedSearch.objects.filter(pk=search.pk).exists()


@pytest.mark.parametrize("action", ["pause", "resume", "rename", "delete"])
def test_someone_elses_saved_search_cannot_be_changed(client, person, action):
    theirs = SavedSearch.objects.create(user=UserFactory(), name="Deras")
    response = client.post(f"/mina-sidor/bevakningar/{theirs.pk}/", {"action": action, "name": "Mitt nu"})
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert (theirs.name, theirs.active) == ("Deras", True)


def test_someone_elses_saved_searches_are_not_listed(client, person):
    SavedSearch.objects.create(user=UserFactory(), name="Deras bevakning")
    SavedSearch.objects.create(user=person, name="Min bevakning")
    page = client.get("/mina-sidor/bevakningar/").content.decode()
    assert "Min bevakning" in page and "Deras bevakning" not in page
