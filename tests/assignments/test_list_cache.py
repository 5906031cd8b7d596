"""The list's shared part is cached (assignments.listcache), and never shows what is no longer so.

These tests commit (transactional database), as a request in production does: the version that
keys the cache moves when a write commits. Every change is made the way a person makes it,
through the site or the services the site calls, and then the list is read as a resident reads it.
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from assignments import listcache, services
from assignments.models import Assignment
from associations.models import Association, AssociationMembership
from tests.factories import (
    AssignmentFactory,
    AssociationFactory,
    MemberProfileFactory,
    MembershipFactory,
    UserFactory,
    locality,
)

pytestmark = [pytest.mark.both_databases, pytest.mark.django_db(transaction=True)]


def cards(client: Client, query: str = "") -> str:
    response = client.get(f"/uppdrag/{query}")
    assert response.status_code == 200
    html = response.content.decode()
    return html[html.index('id="results"') :]


def queries_for(client: Client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        client.get(path)
    return len(captured.captured_queries)


@pytest.fixture
def open_assignment():
    association = AssociationFactory(name="Rusksele byaförening", localities=[locality("Rusksele")])
    return AssignmentFactory(
        association=association, title="Bära stolar i bygdegården", slots=2, claim_mode="first_come"
    )


def test_a_second_look_at_the_same_list_comes_from_the_cache(client, open_assignment):
    cards(client)
    assert queries_for(client, "/uppdrag/") == 1  # the version only: nothing was built again
    assert "Bära stolar i bygdegården" in cards(client)


def test_places_left_follow_a_claim_at_once(client, open_assignment):
    assert "2 platser kvar" in cards(client)
    assert "2 platser kvar" in cards(client)  # now cached
    resident = Client()
    resident.force_login(MemberProfileFactory().user)
    resident.post(f"/uppdrag/{open_assignment.pk}/anmal/", {"message": ""})
    page = cards(client)
    assert "1 plats kvar" in page and "2 platser kvar" not in page


def test_the_last_place_taken_takes_the_assignment_off_the_list(client, open_assignment):
    cards(client)
    for _ in range(2):
        services.claim_create(assignment=open_assignment, resident=MemberProfileFactory().user)
    page = cards(client)
    assert "Bära stolar i bygdegården" not in page
    assert "0 uppdrag hittades" in page


def test_a_withdrawal_shows_the_place_again(client, open_assignment):
    resident = MemberProfileFactory().user
    claim = services.claim_create(assignment=open_assignment, resident=resident)
    assert "1 plats kvar" in cards(client)
    services.claim_withdraw(claim=claim, by=resident)
    assert "2 platser kvar" in cards(client)


def test_an_edit_shows_at_once(client, open_assignment):
    manager = MembershipFactory(association=open_assignment.association, role=AssociationMembership.Role.ADMIN).user
    assert "Bära stolar i bygdegården" in cards(client)
    services.assignment_update(assignment=open_assignment, by=manager, title="Bära bord i bygdegården", slots=5)
    page = cards(client)
    assert "Bära bord i bygdegården" in page and "Bära stolar" not in page
    assert "5 platser kvar" in page


def test_a_cancellation_takes_it_off_the_list(client, open_assignment):
    manager = MembershipFactory(association=open_assignment.association, role=AssociationMembership.Role.ADMIN).user
    assert "Bära stolar i bygdegården" in cards(client)
    services.assignment_cancel(assignment=open_assignment, by=manager, reason="Regnet")
    assert "Bära stolar i bygdegården" not in cards(client)


def test_a_suspended_association_disappears_from_the_list(client, open_assignment):
    assert "Bära stolar i bygdegården" in cards(client)
    # As the municipality's staff suspend it, with a plain update (no save(), no signal).
    Association.objects.filter(pk=open_assignment.association_id).update(
        verification=Association.Verification.SUSPENDED, suspended_at=timezone.now()
    )
    assert "Bära stolar i bygdegården" not in cards(client)


def test_a_bulk_update_outside_the_services_is_seen_too(client, open_assignment):
    cards(client)
    Assignment.objects.filter(pk=open_assignment.pk).update(places_taken=1)
    assert "1 plats kvar" in cards(client)


def test_the_cache_lives_only_until_the_next_assignment_closes():
    now = timezone.now().replace(microsecond=0)
    AssignmentFactory(starts_at=now + timedelta(seconds=90), ends_at=now + timedelta(hours=2))
    assert listcache.seconds_until_next_close(now) == 90
    # A deadline day ends at midnight in Sweden; nothing lives past MAX_SECONDS.
    Assignment.objects.all().delete()
    assert listcache.seconds_until_next_close(now) <= listcache.MAX_SECONDS


def test_people_with_other_homes_get_their_own_distances(open_assignment):
    near, far = Client(), Client()
    near.force_login(MemberProfileFactory(home_locality=locality("Rusksele")).user)
    far.force_login(MemberProfileFactory(home_locality=locality("Norsjö", code="2417")).user)
    anonymous = Client()
    assert "Mindre än 1 km från din hemort" in cards(near)
    far_page = cards(far)
    assert "Mindre än 1 km" not in far_page and "km från din hemort" in far_page
    assert "från din hemort" not in cards(anonymous)


def test_the_form_to_watch_a_search_is_each_persons_own(open_assignment):
    first, second = Client(), Client()
    first.force_login(MemberProfileFactory().user)
    second.force_login(MemberProfileFactory().user)
    first_token = first.get("/uppdrag/?q=stolar").context["csrf_token"]
    second_page = second.get("/uppdrag/?q=stolar")
    assert str(first_token) not in second_page.content.decode()
    assert "Bevaka den här sökningen" in second_page.content.decode()
    assert "Bevaka den här sökningen" not in Client().get("/uppdrag/?q=stolar").content.decode()


def test_a_value_that_did_not_parse_is_named_every_time(client, open_assignment):
    for _ in range(2):
        assert "Vi förstod inte värdet i ”Sortera”" in client.get("/uppdrag/?sort=hogst").content.decode()


def test_a_cached_list_runs_the_same_queries_for_50_results_as_for_10(client):
    resident = Client()
    resident.force_login(MemberProfileFactory(home_locality=locality("Lycksele")).user)
    AssignmentFactory.create_batch(10)
    for who in (client, resident):
        who.get("/uppdrag/")
    anonymous_ten, resident_ten = queries_for(client, "/uppdrag/"), queries_for(resident, "/uppdrag/")
    AssignmentFactory.create_batch(40)
    for who in (client, resident):
        who.get("/uppdrag/")  # built again: the version moved
    assert queries_for(client, "/uppdrag/") == anonymous_ten == 1
    # session, user, profile with home, skills, version, unread notifications
    assert queries_for(resident, "/uppdrag/") == resident_ten == 6


def test_every_watched_table_has_its_trigger():
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        names = {row[0] for row in cursor.fetchall()}
    for table in listcache.watched_tables():
        suffixes = ("_list_changed",) if connection.vendor == "postgresql" else ("_list_insert", "_list_update")
        for suffix in suffixes:
            assert f"{table}{suffix}" in names


def test_a_user_without_a_profile_is_listed_like_anyone(client, open_assignment):
    client.force_login(UserFactory())
    assert "Bära stolar i bygdegården" in cards(client)


def test_the_detail_pages_shared_part_follows_an_edit_and_a_new_skill(client, open_assignment):
    from assignments.models import Skill

    manager = MembershipFactory(association=open_assignment.association, role=AssociationMembership.Role.ADMIN).user
    detail = f"/uppdrag/{open_assignment.pk}/"
    client.get(detail)
    with CaptureQueriesContext(connection) as cached:
        first = client.get(detail).content.decode()
    assert "Bra att veta innan du anmäler dig" in first
    # Built, the shared part reads skills, own words and goals; cached, none of them.
    assert not any("assignments_skill" in q["sql"] for q in cached.captured_queries)
    services.assignment_update(
        assignment=open_assignment, by=manager, description="Stolarna står i källaren, nyckeln hos Berit."
    )
    assert "nyckeln hos Berit" in client.get(detail).content.decode()
    skill = Skill.objects.filter(kind=Skill.Kind.SKILL).order_by("pk").first()
    open_assignment.skills.add(skill)
    assert skill.label_sv in client.get(detail).content.decode()
