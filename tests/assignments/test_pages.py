from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from assignments.models import Assignment, Claim
from associations.models import AssociationMembership
from tests.factories import AssignmentFactory, ClaimFactory, MemberProfileFactory, MembershipFactory, locality

pytestmark = pytest.mark.django_db


def queries_for(client, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_my_claims_run_as_many_queries_for_many_claims_as_for_few(client, resident):
    ClaimFactory.create_batch(3, resident=resident)
    client.force_login(resident)
    few = queries_for(client, "/mina-sidor/uppdrag/")
    ClaimFactory.create_batch(30, resident=resident, status=Claim.Status.ACCEPTED)
    assert queries_for(client, "/mina-sidor/uppdrag/") == few


def test_the_associations_assignment_page_runs_as_many_queries_for_50_as_for_5(client, association, coordinator):
    AssignmentFactory.create_batch(5, association=association, locality=locality("Rusksele"))
    client.force_login(coordinator)
    few = queries_for(client, "/foreningar/rusksele/uppdrag/")
    for assignment in AssignmentFactory.create_batch(45, association=association, locality=locality("Rusksele")):
        ClaimFactory(assignment=assignment)
    assert queries_for(client, "/foreningar/rusksele/uppdrag/") == few


def test_the_claims_of_an_assignment_run_a_fixed_number_of_queries(client, association, coordinator):
    assignment = AssignmentFactory(association=association, locality=locality("Rusksele"), slots=50)
    for _ in range(2):
        ClaimFactory(assignment=assignment, resident=factory_resident())
    client.force_login(coordinator)
    url = f"/foreningar/rusksele/uppdrag/{assignment.pk}/"
    few = queries_for(client, url)
    for _ in range(20):
        ClaimFactory(assignment=assignment, resident=factory_resident())
    assert queries_for(client, url) == few


def factory_resident():
    return MemberProfileFactory().user


def test_posting_with_missing_fields_shows_every_error_and_keeps_what_was_typed(client, association, coordinator):
    client.force_login(coordinator)
    response = client.post(
        "/foreningar/rusksele/uppdrag/nytt/",
        {"title": "Måla bygdegården", "timing": "window", "compensation": "hourly", "action": "publish"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    for message in ("Ange datumet.", "Skriv hur mycket uppdraget betalar.", "Detta fält måste fyllas i."):
        assert message in html
    assert 'value="Måla bygdegården"' in html
    assert not Assignment.objects.exists()


def test_an_end_before_the_start_is_refused(client, association, coordinator):
    client.force_login(coordinator)
    day = (timezone.localdate() + timedelta(days=3)).isoformat()
    response = client.post(
        "/foreningar/rusksele/uppdrag/nytt/",
        {
            "title": "Måla",
            "description": "Staketet.",
            "category": "1",
            "locality": locality("Rusksele").pk,
            "timing": "window",
            "date": day,
            "start_time": "14:00",
            "end_time": "10:00",
            "estimated_hours": "2",
            "slots": "1",
            "compensation": "voluntary",
            "payment_route": "voluntary",
            "claim_mode": "choose",
        },
    )
    assert "Sluttiden måste vara efter starttiden." in response.content.decode()


def test_a_draft_is_shown_as_a_preview_to_the_association_only(client, association, coordinator, resident):
    draft = AssignmentFactory(association=association, locality=locality("Rusksele"), status="draft", published_at=None)
    client.force_login(coordinator)
    assert "Det här är ett utkast" in client.get(f"/uppdrag/{draft.pk}/").content.decode()
    client.force_login(resident)
    assert client.get(f"/uppdrag/{draft.pk}/").status_code == 404


def test_a_filled_assignment_shows_without_the_claim_button(client, resident):
    filled = AssignmentFactory(status="filled", slots=1, places_taken=1)
    client.force_login(resident)
    html = client.get(f"/uppdrag/{filled.pk}/").content.decode()
    assert "Alla platser är tillsatta" in html
    assert "Anmäl intresse" not in html and "Ta uppdraget" not in html


def test_the_assignment_page_shows_the_distance_from_home(client):
    assignment = AssignmentFactory(locality=locality("Rusksele"))
    client.force_login(MemberProfileFactory(home_locality=locality("Lycksele")).user)
    assert "Cirka 27 km från din hemort" in client.get(f"/uppdrag/{assignment.pk}/").content.decode()


def test_an_unknown_assignment_id_is_a_styled_404(client):
    response = client.get("/uppdrag/999999/")
    assert response.status_code == 404
    assert "/static/css/site.css" in response.content.decode()


def test_claiming_through_the_page_in_first_come_mode_gives_the_place(client, resident):
    assignment = AssignmentFactory(claim_mode="first_come", slots=1)
    client.force_login(resident)
    response = client.post(f"/uppdrag/{assignment.pk}/anmal/", {"message": "Jag kommer!"}, follow=True)
    assert "Du har fått uppdraget" in response.content.decode()
    assignment.refresh_from_db()
    assert assignment.status == Assignment.Status.FILLED


def test_a_too_long_claim_message_is_refused_with_a_message(client, resident):
    assignment = AssignmentFactory()
    client.force_login(resident)
    response = client.post(f"/uppdrag/{assignment.pk}/anmal/", {"message": "x" * 1001}, follow=True)
    assert "högst 1000 tecken" in response.content.decode()
    assert not Claim.objects.exists()


def test_robots_txt_keeps_crawlers_out_of_personal_pages(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    assert "Disallow: /mina-sidor/" in response.content.decode()


@pytest.mark.postgres
def test_seed_scale_fills_the_database_keeping_its_rules():
    call_command("seed_scale", scale=0.005, force=True, verbosity=0)
    assert Assignment.objects.count() >= 1000
    assert Claim.objects.count() >= 5000
    for assignment in Assignment.objects.filter(status__in=["published", "filled", "completed"])[:200]:
        taken = assignment.claims.filter(status__in=["accepted", "done", "confirmed"]).count()
        assert assignment.places_taken == taken <= assignment.slots
    assert not Assignment.objects.filter(status="published", search_vector__isnull=True).exists()


def test_a_coordinator_cannot_claim_through_the_page(client, association):
    coordinator = MembershipFactory(association=association, role=AssociationMembership.Role.ADMIN).user
    assignment = AssignmentFactory(association=association, locality=locality("Rusksele"))
    client.force_login(coordinator)
    html = client.get(f"/uppdrag/{assignment.pk}/").content.decode()
    assert "kan därför inte anmäla dig" in html
