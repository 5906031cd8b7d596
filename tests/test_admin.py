"""Django admin is the platform admins' tool: every list page works, with its search and filters."""

import pytest
from django.contrib import admin
from django.test import Client

from associations import services
from members.models import User
from notifications.models import Notification
from tests.factories import (
    AssignmentFactory,
    AssociationFactory,
    ClaimFactory,
    MemberProfileFactory,
    MembershipFactory,
    StaffMembershipFactory,
    UserFactory,
    municipality,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_with_data(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    claim = ClaimFactory()
    admin_membership = MembershipFactory(association=claim.assignment.association, role="admin")
    services.invitation_create(
        by=admin_membership.user, association=admin_membership.association, email="x@exempel.se", role="member"
    )
    staff = StaffMembershipFactory()
    services.association_verify(
        association=AssociationFactory(verification="pending", verified_at=None, municipality=staff.municipality),
        by=staff.user,
    )
    return client


@pytest.mark.parametrize("model", [m for m in admin.site._registry], ids=lambda m: m._meta.label)
def test_every_admin_list_page_opens_and_searches(admin_client_with_data, model):
    url = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
    assert admin_client_with_data.get(url).status_code == 200
    assert admin_client_with_data.get(url, {"q": "Lycksele"}).status_code == 200


def test_the_audit_log_can_be_read_but_not_changed(admin_client_with_data):
    from municipalities.models import AuditEvent

    event = AuditEvent.objects.get()
    assert admin_client_with_data.get("/admin/municipalities/auditevent/").status_code == 200
    response = admin_client_with_data.post(f"/admin/municipalities/auditevent/{event.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk).exists()


# The admin keeps the rules the services keep ----------------------------------------------


@pytest.fixture
def superuser_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def full_assignment():
    """An assignment with one place, taken by a resident; its association has one admin."""
    from assignments.services import claim_accept, claim_create

    assignment = AssignmentFactory(slots=1)
    manager = MembershipFactory(association=assignment.association, role="admin").user
    resident = MemberProfileFactory(display_name="Greta Lind").user
    claim_accept(claim=claim_create(assignment=assignment, resident=resident), by=manager)
    assignment.refresh_from_db()
    assert (assignment.status, assignment.places_taken) == ("filled", 1)
    return assignment, resident, manager


def test_deleting_a_user_in_the_admin_gives_their_place_back(superuser_client, full_assignment):
    assignment, resident, _manager = full_assignment
    url = f"/admin/members/user/{resident.pk}/delete/"
    confirmation = superuser_client.get(url)
    assert resident.email in confirmation.content.decode()

    superuser_client.post(url, {"post": "yes"})

    assert not User.objects.filter(pk=resident.pk).exists()
    assignment.refresh_from_db()
    assert (assignment.status, assignment.places_taken) == ("published", 0)
    assert "1 av 1 plats kvar" in Client().get(f"/uppdrag/{assignment.pk}/").content.decode()


def test_the_association_hears_that_a_deleted_users_claim_was_withdrawn(superuser_client, full_assignment):
    assignment, resident, manager = full_assignment
    superuser_client.post(f"/admin/members/user/{resident.pk}/delete/", {"post": "yes"})

    notice = Notification.objects.get(recipient=manager, kind="claim_withdrawn")
    assert notice.assignment == assignment
    inbox = Client()
    inbox.force_login(manager)
    page = inbox.get("/mina-sidor/notiser/").content.decode()
    assert "har tagits tillbaka, eftersom personen har tagit bort sitt konto" in page


def test_deleting_several_users_at_once_gives_every_place_back(superuser_client):
    from assignments.services import claim_create

    assignment = AssignmentFactory(slots=2, claim_mode="first_come")
    residents = [UserFactory(), UserFactory()]
    for resident in residents:
        claim_create(assignment=assignment, resident=resident)
    superuser_client.post(
        "/admin/members/user/",
        {"action": "delete_selected", "_selected_action": [r.pk for r in residents], "post": "yes"},
    )
    assert not User.objects.filter(pk__in=[r.pk for r in residents]).exists()
    assignment.refresh_from_db()
    assert (assignment.status, assignment.places_taken) == ("published", 0)


def test_the_last_admin_of_an_association_is_not_deleted_and_the_page_says_why(superuser_client, full_assignment):
    _assignment, _resident, manager = full_assignment
    url = f"/admin/members/user/{manager.pk}/delete/"

    page = superuser_client.post(url, {"post": "yes"}).content.decode()

    assert User.objects.filter(pk=manager.pk).exists()
    assert "är den enda administratören för" in page


def test_the_last_admin_can_be_deleted_once_someone_else_is_admin(superuser_client, full_assignment):
    assignment, _resident, manager = full_assignment
    MembershipFactory(association=assignment.association, role="admin")
    superuser_client.post(f"/admin/members/user/{manager.pk}/delete/", {"post": "yes"})
    assert not User.objects.filter(pk=manager.pk).exists()


def test_only_the_person_or_a_platform_admin_may_delete_an_account(full_assignment):
    from django.core.exceptions import PermissionDenied

    from members.services import user_delete

    _assignment, resident, _manager = full_assignment
    with pytest.raises(PermissionDenied):
        user_delete(user=resident, by=UserFactory())
    assert User.objects.filter(pk=resident.pk).exists()


def test_a_user_who_deletes_their_own_account_frees_their_place(full_assignment):
    from members.services import user_delete

    assignment, resident, _manager = full_assignment
    user_delete(user=resident, by=resident)
    assignment.refresh_from_db()
    assert (assignment.status, assignment.places_taken) == ("published", 0)


def test_reported_hours_stay_anonymously_with_their_place_and_the_counter_still_matches_the_claims(full_assignment):
    from assignments.models import Claim
    from members.services import user_delete

    assignment, resident, _manager = full_assignment
    Claim.objects.filter(resident=resident).update(status="done", hours_reported=3)
    user_delete(user=resident, by=resident)
    assignment.refresh_from_db()
    kept = Claim.objects.get(assignment=assignment, status="done")
    assert (kept.resident.get_full_name(), kept.hours_reported) == ("Tidigare deltagare", 3)
    assert assignment.places_taken == assignment.claims.filter(status__in=["accepted", "done", "confirmed"]).count()


def test_the_claim_inline_cannot_change_a_claims_status(superuser_client):

    claim = ClaimFactory()
    assignment = claim.assignment
    page = superuser_client.get(f"/admin/assignments/assignment/{assignment.pk}/change/").content.decode()
    assert 'name="claims-0-status"' not in page

    superuser_client.post(
        f"/admin/assignments/assignment/{assignment.pk}/change/",
        {
            "title": assignment.title,
            "description": assignment.description,
            "category": assignment.category_id,
            "estimated_hours": "3",
            "how_to_get_there": "",
            "what_to_bring": "",
            "claims-TOTAL_FORMS": "1",
            "claims-INITIAL_FORMS": "1",
            "claims-MIN_NUM_FORMS": "0",
            "claims-MAX_NUM_FORMS": "1000",
            "claims-0-id": claim.pk,
            "claims-0-assignment": assignment.pk,
            "claims-0-status": "accepted",
        },
    )

    claim.refresh_from_db()
    assignment.refresh_from_db()
    assert (claim.status, assignment.places_taken) == ("pending", 0)


def test_the_claim_page_corrects_the_message_but_not_the_status(superuser_client):
    from assignments.models import Claim

    claim = ClaimFactory()
    superuser_client.post(
        f"/admin/assignments/claim/{claim.pk}/change/",
        {"message": "Rättat meddelande.", "decision_message": "", "reference_text": "", "status": "accepted"},
    )
    claim.refresh_from_db()
    claim.assignment.refresh_from_db()
    assert (claim.message, claim.status) == ("Rättat meddelande.", Claim.Status.PENDING)
    assert claim.assignment.places_taken == 0


def test_an_assignment_with_claims_is_not_deleted_and_the_page_says_why(superuser_client):
    claim = ClaimFactory()
    url = f"/admin/assignments/assignment/{claim.assignment_id}/delete/"
    page = superuser_client.post(url, {"post": "yes"}).content.decode()
    assert claim.assignment.__class__.objects.filter(pk=claim.assignment_id).exists()
    assert "har anmälningar" in page


def test_an_association_with_residents_waiting_is_not_deleted(superuser_client):
    claim = ClaimFactory()
    association = claim.assignment.association
    page = superuser_client.post(f"/admin/associations/association/{association.pk}/delete/", {"post": "yes"})
    assert association.__class__.objects.filter(pk=association.pk).exists()
    assert "har uppdrag som invånare har anmält sig till" in page.content.decode()


def test_the_last_admins_role_cannot_be_taken_away_in_the_admin(superuser_client):
    membership = MembershipFactory(role="admin")
    page = superuser_client.post(
        f"/admin/associations/associationmembership/{membership.pk}/change/", {"role": "member"}
    ).content.decode()
    membership.refresh_from_db()
    assert membership.role == "admin"
    assert "Föreningen måste ha minst en administratör" in page


def test_an_admins_role_can_be_changed_when_there_is_another_admin(superuser_client):
    membership = MembershipFactory(role="admin")
    MembershipFactory(association=membership.association, role="admin")
    superuser_client.post(f"/admin/associations/associationmembership/{membership.pk}/change/", {"role": "member"})
    membership.refresh_from_db()
    assert membership.role == "member"


def test_the_last_admins_membership_cannot_be_deleted_in_the_admin(superuser_client):
    membership = MembershipFactory(role="admin")
    page = superuser_client.post(
        f"/admin/associations/associationmembership/{membership.pk}/delete/", {"post": "yes"}
    ).content.decode()
    assert membership.__class__.objects.filter(pk=membership.pk).exists()
    assert "är den enda administratören för" in page


def test_an_association_cannot_be_verified_in_the_admin_past_the_audit_log(superuser_client):
    from associations.models import Association

    association = AssociationFactory(verification="pending", verified_at=None)
    data = {
        "name": association.name,
        "slug": association.slug,
        "organisation_number": association.organisation_number,
        "kind": association.kind,
        "verification": "verified",
        "verified_at_0": "2025-01-01",
        "verified_at_1": "12:00:00",
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
    }
    superuser_client.post(f"/admin/associations/association/{association.pk}/change/", data)
    association.refresh_from_db()
    assert association.verification == Association.Verification.PENDING


def test_staff_added_in_the_admin_are_written_to_the_audit_log(superuser_client):
    from municipalities.models import AuditEvent, StaffMembership

    person = UserFactory(email="kommun@exempel.se")
    lycksele = municipality("2481")
    superuser_client.post(
        "/admin/municipalities/staffmembership/add/",
        {"user": person.pk, "municipality": lycksele.pk, "role": "admin"},
    )
    assert StaffMembership.objects.filter(user=person, municipality=lycksele, role="admin").exists()
    event = AuditEvent.objects.get(action="staff_joined", municipality=lycksele)
    assert event.details == "kommun@exempel.se (admin)"


# Which fields each admin page may not change: (model, object, fields shown but not editable).
GUARDED_FIELDS = [
    ("assignments.assignment", "assignment", ["status", "slots", "places_taken", "locality", "starts_at"]),
    ("assignments.claim", "claim", ["status", "hours_reported", "hours_confirmed", "resident", "assignment"]),
    (
        "associations.association",
        "association",
        ["verification", "verified_at", "verified_by", "municipality", "suspension_reason", "suspended_at"],
    ),
    ("associations.associationmembership", "membership", ["user", "association"]),
    ("associations.invitation", "invitation", ["email", "role", "expires_at", "accepted_at"]),
    ("members.memberprofile", "profile", ["situation", "situation_consent_at", "user"]),
    ("municipalities.staffmembership", "staff", ["user", "municipality", "role"]),
    ("notifications.notification", "notification", ["email_state", "recipient", "kind"]),
    ("notifications.savedsearch", "saved_search", ["query", "text", "municipality", "user"]),
]


@pytest.fixture
def admin_objects(admin_client_with_data):
    from assignments.models import Claim
    from associations.models import Invitation
    from notifications.models import SavedSearch

    claim = Claim.objects.first()
    return {
        "assignment": claim.assignment,
        "claim": claim,
        "association": claim.assignment.association,
        "membership": claim.assignment.association.memberships.first(),
        "invitation": Invitation.objects.first(),
        "profile": MemberProfileFactory(),
        "staff": StaffMembershipFactory(),
        "notification": Notification.objects.create(
            recipient=claim.resident, kind="claim_accepted", assignment=claim.assignment, created_at=claim.created_at
        ),
        "saved_search": SavedSearch.objects.create(user=claim.resident, name="Snö", query="q=snö", text="snö"),
    }


@pytest.mark.parametrize(("label", "key", "fields"), GUARDED_FIELDS, ids=[row[0] for row in GUARDED_FIELDS])
def test_every_guarded_admin_page_opens_with_its_guarded_fields_read_only(
    admin_client_with_data, admin_objects, label, key, fields
):
    app_label, model_name = label.split(".")
    response = admin_client_with_data.get(f"/admin/{app_label}/{model_name}/{admin_objects[key].pk}/change/")
    assert response.status_code == 200
    page = response.content.decode()
    for field in fields:
        assert f'name="{field}"' not in page, field
        assert f"field-{field}" in page, field


def test_every_admin_change_page_opens(admin_client_with_data, admin_objects):
    for model in admin.site._registry:
        row = model.objects.first()
        if row is None:
            continue
        url = f"/admin/{model._meta.app_label}/{model._meta.model_name}/{row.pk}/change/"
        assert admin_client_with_data.get(url).status_code == 200, url


def test_development_goals_are_shown_but_not_changed_in_the_admin(admin_client_with_data):
    from municipalities.models import DevelopmentGoal, Municipality

    goal = DevelopmentGoal.objects.create(
        municipality=Municipality.objects.get(code="2481"),
        title="Levande byar",
        target_kind="hours",
        target_per_year=200,
    )
    page = admin_client_with_data.get(f"/admin/municipalities/developmentgoal/{goal.pk}/change/").content.decode()
    assert "Levande byar" in page and 'name="target_per_year"' not in page and 'name="is_active"' not in page
    admin_client_with_data.post(
        f"/admin/municipalities/developmentgoal/{goal.pk}/change/",
        {"title": "Annat", "municipality": goal.municipality_id, "is_active": "", "position": 9},
    )
    goal.refresh_from_db()
    assert (goal.title, goal.is_active, goal.position) == ("Levande byar", True, 0)
