"""Ended assignments: offered nowhere, and moved on in their lifecycle by the scheduled expiry."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from assignments import queries, services
from assignments.models import Assignment, Claim
from tests.factories import (
    AssignmentFactory,
    AssociationFactory,
    ClaimFactory,
    MemberProfileFactory,
    MembershipFactory,
    locality,
)

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def last_friday(**fields) -> Assignment:
    start = NOW - timedelta(days=3)
    fields.setdefault("title", "Servera fika i fredags")
    return AssignmentFactory(starts_at=start, ends_at=start + timedelta(hours=3), **fields)


def taken(assignment: Assignment) -> Claim:
    """One accepted claim, counted the way the claim services count it."""
    claim = ClaimFactory(assignment=assignment, status=Claim.Status.ACCEPTED, resident=MemberProfileFactory().user)
    Assignment.objects.filter(pk=assignment.pk).update(places_taken=1)
    assignment.refresh_from_db()
    return claim


@pytest.mark.parametrize(
    ("fields", "open_"),
    [
        ({"starts_at": NOW + timedelta(hours=1), "ends_at": NOW + timedelta(hours=3)}, True),
        ({"starts_at": NOW - timedelta(minutes=1), "ends_at": NOW + timedelta(hours=3)}, False),
        ({"starts_at": NOW - timedelta(days=3), "ends_at": NOW - timedelta(days=3, hours=-3)}, False),
        ({"starts_at": None, "ends_at": None, "deadline": timezone.localdate(NOW)}, True),
        ({"starts_at": None, "ends_at": None, "deadline": timezone.localdate(NOW) - timedelta(days=1)}, False),
        ({"status": "filled"}, False),
        ({"status": "completed"}, False),
        ({"status": "draft", "published_at": None}, False),
    ],
)
def test_open_for_claims_says_the_same_in_sql_and_for_one_assignment(fields, open_):
    assignment = AssignmentFactory(**fields)
    assert queries.open_for_claims(now=NOW).filter(pk=assignment.pk).exists() is open_
    assert queries.is_open_for_claims(assignment, now=NOW) is open_


def test_the_list_leaves_out_an_assignment_that_ended_with_a_place_taken_before_the_expiry_has_run(client):
    taken(last_friday(slots=2))
    AssignmentFactory(title="Skotta snö nästa vecka")
    html = client.get("/uppdrag/").content.decode()
    assert "Skotta snö nästa vecka" in html
    assert "Servera fika i fredags" not in html
    assert Assignment.objects.get(title="Servera fika i fredags").status == "published"


def test_the_start_page_and_the_municipality_page_show_only_what_can_be_signed_up_for(client):
    taken(last_friday(slots=2))
    AssignmentFactory(title="Skotta snö nästa vecka")
    for url in ("/", "/kommuner/2481/"):
        html = client.get(url).content.decode()
        assert "Skotta snö nästa vecka" in html, url
        assert "Servera fika i fredags" not in html, url
    assert "1 öppet uppdrag" in client.get("/").content.decode()


def test_the_association_page_shows_only_what_can_be_signed_up_for(client):
    association = AssociationFactory(slug="rusksele", localities=[locality("Rusksele")])
    taken(last_friday(association=association, slots=2))
    AssignmentFactory(association=association, title="Skotta snö nästa vecka")
    html = client.get("/foreningar/rusksele/").content.decode()
    assert "Skotta snö nästa vecka" in html
    assert "Servera fika i fredags" not in html


def test_an_ended_assignment_offers_no_sign_up_button(client):
    assignment = last_friday()
    client.force_login(MemberProfileFactory().user)
    html = client.get(f"/uppdrag/{assignment.pk}/").content.decode()
    assert f'action="/uppdrag/{assignment.pk}/anmal/"' not in html


def test_the_expiry_completes_what_someone_took_and_expires_what_nobody_took(capsys):
    nobody = last_friday(title="Ingen kom")
    someone = last_friday(title="Någon kom", slots=2)
    taken(someone)
    full = last_friday(title="Fullt", slots=1, status="filled")
    taken(full)
    ahead = AssignmentFactory(title="Nästa vecka")
    call_command("notify", "expire")
    assert "expire: {'expired': 1, 'completed': 2, 'claims_closed': 0}" in capsys.readouterr().out
    statuses = dict(Assignment.objects.values_list("title", "status"))
    assert statuses == {
        "Ingen kom": "expired",
        "Någon kom": "completed",
        "Fullt": "completed",
        "Nästa vecka": "published",
    }
    assert Assignment.objects.get(pk=someone.pk).completed_at is not None
    assert services.expire_passed_assignments() == {"expired": 0, "completed": 0, "claims_closed": 0}
    assert nobody.pk and ahead.pk


def test_after_the_expiry_the_resident_reports_hours_and_the_association_confirms_them():
    assignment = last_friday(slots=2)
    claim = taken(assignment)
    manager = MembershipFactory(association=assignment.association, role="admin").user
    services.expire_passed_assignments()
    assert Assignment.objects.get(pk=assignment.pk).status == "completed"
    services.claim_report_hours(claim=claim, by=claim.resident, hours=Decimal("3"))
    claim.refresh_from_db()
    services.claim_confirm(claim=claim, by=manager, hours=Decimal("3"))
    claim.refresh_from_db()
    assert claim.status == Claim.Status.CONFIRMED and claim.hours_confirmed == Decimal("3")


def test_a_cached_card_never_shows_places_that_are_no_longer_there(client):
    assignment = AssignmentFactory(title="Skotta snö nästa vecka", slots=2)
    assert "2 platser kvar" in client.get("/uppdrag/").content.decode()
    # A change that does not touch updated_at (a bulk update, say) still shows at once.
    Assignment.objects.filter(pk=assignment.pk).update(places_taken=1)
    html = client.get("/uppdrag/").content.decode()
    assert "1 plats kvar" in html and "2 platser kvar" not in html


def test_a_sign_up_still_waiting_when_the_assignment_ends_is_closed_and_the_resident_told(
    client, django_capture_on_commit_callbacks, mailoutbox
):
    assignment = last_friday(slots=2)
    waiting = ClaimFactory(assignment=assignment, status=Claim.Status.PENDING, resident=MemberProfileFactory().user)
    with django_capture_on_commit_callbacks(execute=True):
        result = services.expire_passed_assignments()
    waiting.refresh_from_db()
    assert result == {"expired": 1, "completed": 0, "claims_closed": 1}
    assert waiting.status == Claim.Status.CANCELLED
    assert [m.subject for m in mailoutbox] == [f"Din anmälan är avslutad: {assignment.title}"]
    assert "hann inte svara på din anmälan" in mailoutbox[0].body
    client.force_login(waiting.resident)
    inbox = client.get("/mina-sidor/notiser/").content.decode()
    assert f"”{assignment.title}” är över, och {assignment.association.name} hann inte svara" in inbox
    # Run again: nothing more is closed and nobody is told twice.
    with django_capture_on_commit_callbacks(execute=True):
        assert services.expire_passed_assignments()["claims_closed"] == 0
    assert len(mailoutbox) == 1
