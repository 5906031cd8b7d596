from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from assignments import services
from assignments.models import Assignment, Claim
from associations.models import Association, AssociationMembership
from tests.factories import AssignmentFactory, ClaimFactory, MembershipFactory, UserFactory, locality

pytestmark = pytest.mark.django_db


def published(association, coordinator, fields, **overrides):
    assignment = services.assignment_create(association=association, by=coordinator, **{**fields, **overrides})
    return services.assignment_publish(assignment=assignment, by=coordinator)


# Posting ------------------------------------------------------------------------------------


def test_a_coordinator_saves_a_draft_and_publishes_it(association, coordinator, fields):
    draft = services.assignment_create(association=association, by=coordinator, **fields)
    assert draft.status == Assignment.Status.DRAFT
    assignment = services.assignment_publish(assignment=draft, by=coordinator)
    assert assignment.status == Assignment.Status.PUBLISHED
    assert assignment.published_at is not None


def test_an_unverified_association_can_prepare_drafts_but_not_publish(association, coordinator, fields):
    Association.objects.filter(pk=association.pk).update(verification="pending", verified_at=None)
    association.refresh_from_db()
    draft = services.assignment_create(association=association, by=coordinator, **fields)
    with pytest.raises(services.TransitionError, match="godkänt"):
        services.assignment_publish(assignment=draft, by=coordinator)
    draft.refresh_from_db()
    assert draft.status == Assignment.Status.DRAFT


def test_a_plain_member_cannot_post(association, fields):
    member = MembershipFactory(association=association, role=AssociationMembership.Role.MEMBER).user
    with pytest.raises(PermissionDenied):
        services.assignment_create(association=association, by=member, **fields)
    assert not Assignment.objects.exists()


def test_a_locality_the_association_does_not_serve_is_refused(association, coordinator, fields):
    with pytest.raises(ValidationError) as excinfo:
        services.assignment_create(
            association=association, by=coordinator, **{**fields, "locality": locality("Hedlunda")}
        )
    assert "locality" in excinfo.value.message_dict


def test_editing_someone_elses_assignment_is_refused(association, coordinator, fields):
    assignment = published(association, coordinator, fields)
    stranger = MembershipFactory(role=AssociationMembership.Role.ADMIN).user
    with pytest.raises(PermissionDenied):
        services.assignment_update(assignment=assignment, by=stranger, title="Kapat")
    assignment.refresh_from_db()
    assert assignment.title == "Skotta snö vid utegymmet"


def test_changing_the_time_tells_those_who_claimed(
    association, coordinator, fields, resident, django_capture_on_commit_callbacks
):
    assignment = published(association, coordinator, fields)
    services.claim_create(assignment=assignment, resident=resident)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.assignment_update(
            assignment=assignment,
            by=coordinator,
            starts_at=fields["starts_at"] + timedelta(days=1),
            ends_at=fields["ends_at"] + timedelta(days=1),
        )
    assert [m.to for m in mail.outbox] == [[resident.email]]
    assert "Börjar" in mail.outbox[0].body


def test_changing_only_the_description_does_not_mail_anyone(
    association, coordinator, fields, resident, django_capture_on_commit_callbacks
):
    assignment = published(association, coordinator, fields)
    services.claim_create(assignment=assignment, resident=resident)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.assignment_update(assignment=assignment, by=coordinator, description="Ta med spade.")
    assert mail.outbox == []


def test_cancelling_needs_a_reason_and_tells_the_claimants(
    association, coordinator, fields, resident, django_capture_on_commit_callbacks
):
    assignment = published(association, coordinator, fields)
    claim = services.claim_create(assignment=assignment, resident=resident)
    with pytest.raises(ValidationError):
        services.assignment_cancel(assignment=assignment, by=coordinator, reason=" ")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.assignment_cancel(assignment=assignment, by=coordinator, reason="Plogbilen hann före oss.")
    claim.refresh_from_db()
    assert claim.status == Claim.Status.CANCELLED
    assert mail.outbox[0].to == [resident.email]
    assert "Plogbilen hann före oss." in mail.outbox[0].body


def test_a_copy_is_a_new_draft_with_the_same_content(association, coordinator, fields):
    assignment = published(association, coordinator, fields)
    copy = services.assignment_copy(assignment=assignment, by=coordinator)
    assert copy.pk != assignment.pk
    assert copy.status == Assignment.Status.DRAFT
    assert copy.description == assignment.description
    assert copy.title.startswith("Skotta snö vid utegymmet")


# Claiming ------------------------------------------------------------------------------------


def test_in_choose_mode_a_claim_waits_for_the_association(association, coordinator, fields, resident):
    assignment = published(association, coordinator, fields)
    claim = services.claim_create(assignment=assignment, resident=resident, message="Jag har egen spade.")
    assert claim.status == Claim.Status.PENDING
    assignment.refresh_from_db()
    assert assignment.places_taken == 0


def test_first_come_accepts_at_once_and_fills_the_assignment(association, coordinator, fields):
    assignment = published(association, coordinator, fields, claim_mode="first_come", slots=2)
    first, second, third = UserFactory(), UserFactory(), UserFactory()
    assert services.claim_create(assignment=assignment, resident=first).status == Claim.Status.ACCEPTED
    services.claim_create(assignment=assignment, resident=second)
    assignment.refresh_from_db()
    assert assignment.status == Assignment.Status.FILLED
    with pytest.raises(services.TransitionError, match="alla platser"):
        services.claim_create(assignment=assignment, resident=third)


def test_a_withdrawal_reopens_a_filled_assignment(association, coordinator, fields):
    assignment = published(association, coordinator, fields, claim_mode="first_come", slots=1)
    claim = services.claim_create(assignment=assignment, resident=UserFactory())
    services.claim_withdraw(claim=claim, by=claim.resident)
    assignment.refresh_from_db()
    assert (assignment.status, assignment.places_taken) == (Assignment.Status.PUBLISHED, 0)


def test_a_resident_cannot_claim_the_same_assignment_twice(association, coordinator, fields, resident):
    assignment = published(association, coordinator, fields)
    services.claim_create(assignment=assignment, resident=resident)
    with pytest.raises(services.TransitionError, match="redan anmält"):
        services.claim_create(assignment=assignment, resident=resident)
    assert assignment.claims.count() == 1


def test_the_database_refuses_a_second_live_claim_even_without_the_service(association, coordinator, fields, resident):
    from django.db import IntegrityError, transaction

    assignment = published(association, coordinator, fields)
    Claim.objects.create(assignment=assignment, resident=resident)
    with pytest.raises(IntegrityError), transaction.atomic():
        Claim.objects.create(assignment=assignment, resident=resident, status=Claim.Status.ACCEPTED)


def test_after_withdrawing_a_resident_may_claim_again(association, coordinator, fields, resident):
    assignment = published(association, coordinator, fields)
    claim = services.claim_create(assignment=assignment, resident=resident)
    services.claim_withdraw(claim=claim, by=resident)
    assert services.claim_create(assignment=assignment, resident=resident).status == Claim.Status.PENDING


def test_a_declined_resident_cannot_claim_again(association, coordinator, fields, resident):
    assignment = published(association, coordinator, fields)
    claim = services.claim_create(assignment=assignment, resident=resident)
    services.claim_decline(claim=claim, by=coordinator)
    with pytest.raises(services.TransitionError, match="redan svarat"):
        services.claim_create(assignment=assignment, resident=resident)


def test_coordinators_cannot_claim_their_own_associations_assignments(association, coordinator, fields):
    assignment = published(association, coordinator, fields)
    with pytest.raises(services.TransitionError, match="sköter föreningens uppdrag"):
        services.claim_create(assignment=assignment, resident=coordinator)


def test_an_ordinary_member_may_claim_their_associations_assignment(association, coordinator, fields):
    assignment = published(association, coordinator, fields)
    member = MembershipFactory(association=association, role=AssociationMembership.Role.MEMBER).user
    assert services.claim_create(assignment=assignment, resident=member).status == Claim.Status.PENDING


def test_an_unverified_person_cannot_claim(association, coordinator, fields):
    assignment = published(association, coordinator, fields)
    with pytest.raises(PermissionDenied):
        services.claim_create(assignment=assignment, resident=UserFactory(verified=False))


@pytest.mark.parametrize("status", ["draft", "cancelled", "completed", "expired"])
def test_claiming_an_assignment_that_is_not_open_is_refused(status, resident):
    assignment = AssignmentFactory(status=status)
    with pytest.raises(services.TransitionError):
        services.claim_create(assignment=assignment, resident=resident)
    assert not Claim.objects.exists()


def test_claiming_after_the_start_is_refused(resident):
    assignment = AssignmentFactory(
        starts_at=timezone.now() - timedelta(hours=1), ends_at=timezone.now() + timedelta(hours=1)
    )
    with pytest.raises(services.TransitionError, match="redan börjat"):
        services.claim_create(assignment=assignment, resident=resident)


# Deciding, hours, confirming -------------------------------------------------------------


def test_accepting_the_last_place_fills_the_assignment(association, coordinator, fields):
    assignment = published(association, coordinator, fields, slots=1)
    first = services.claim_create(assignment=assignment, resident=UserFactory())
    second = services.claim_create(assignment=assignment, resident=UserFactory())
    services.claim_accept(claim=first, by=coordinator)
    assignment.refresh_from_db()
    assert assignment.status == Assignment.Status.FILLED
    with pytest.raises(services.TransitionError, match="redan tillsatta"):
        services.claim_accept(claim=second, by=coordinator)


def test_the_whole_way_from_claim_to_confirmed_hours_with_a_reference(
    association, coordinator, resident, django_capture_on_commit_callbacks
):
    assignment = AssignmentFactory(
        association=association,
        locality=locality("Rusksele"),
        starts_at=timezone.now() + timedelta(minutes=5),
        ends_at=timezone.now() + timedelta(hours=2),
    )
    claim = services.claim_create(assignment=assignment, resident=resident)
    services.claim_accept(claim=claim, by=coordinator, message="Välkommen! Vi ses vid gymmet.")
    with pytest.raises(services.TransitionError, match="börjat"):
        services.claim_report_hours(claim=claim, by=resident, hours=Decimal("2"))
    Assignment.objects.filter(pk=assignment.pk).update(
        starts_at=timezone.now() - timedelta(hours=3), ends_at=timezone.now() - timedelta(hours=1)
    )
    services.claim_report_hours(claim=claim, by=resident, hours=Decimal("2.5"))
    with django_capture_on_commit_callbacks(execute=True):
        services.claim_confirm(claim=claim, by=coordinator, hours=Decimal("2"), reference_text="Snabb och noggrann.")
    claim.refresh_from_db()
    assert (claim.status, claim.hours_reported, claim.hours_confirmed) == (
        Claim.Status.CONFIRMED,
        Decimal("2.5"),
        Decimal("2.0"),
    )
    assert mail.outbox[-1].to == [resident.email]
    assert "Snabb och noggrann." in mail.outbox[-1].body


def test_confirming_hours_of_a_declined_claim_is_refused(association, coordinator):
    claim = ClaimFactory(assignment__association=association, status=Claim.Status.DECLINED)
    with pytest.raises(services.TransitionError, match="Bara antagna"):
        services.claim_confirm(claim=claim, by=coordinator, hours=Decimal("2"))


def test_another_residents_claim_cannot_be_withdrawn(resident):
    claim = ClaimFactory()
    with pytest.raises(PermissionDenied):
        services.claim_withdraw(claim=claim, by=resident)
    claim.refresh_from_db()
    assert claim.status == Claim.Status.PENDING


def test_the_association_hears_about_a_new_claim(
    association, coordinator, fields, resident, django_capture_on_commit_callbacks
):
    assignment = published(association, coordinator, fields)
    with django_capture_on_commit_callbacks(execute=True):
        services.claim_create(assignment=assignment, resident=resident, message="Kan från kl 9.")
    assert mail.outbox[-1].to == [coordinator.email]
    assert "Anna L." in mail.outbox[-1].body and "Kan från kl 9." in mail.outbox[-1].body


def test_passed_assignments_nobody_took_expire():
    past = AssignmentFactory(
        starts_at=timezone.now() - timedelta(days=2), ends_at=timezone.now() - timedelta(days=2, hours=-2)
    )
    taken = AssignmentFactory(
        starts_at=timezone.now() - timedelta(days=2),
        ends_at=timezone.now() - timedelta(days=2, hours=-2),
        places_taken=1,
    )
    future = AssignmentFactory()
    assert services.expire_passed_assignments() == {"expired": 1, "completed": 1, "claims_closed": 0}
    statuses = dict(Assignment.objects.values_list("pk", "status"))
    assert statuses == {past.pk: "expired", taken.pk: "completed", future.pk: "published"}
