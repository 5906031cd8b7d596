"""A coordinator signs up a resident who called or came by: with or without an account, through
the same rules as a resident's own sign-up, marked as registered by the coordinator."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from assignments import services as assignment_services
from assignments.models import Assignment, Claim
from associations.models import AssociationMembership
from members.models import User
from notifications.models import Kind, Notification
from offline import services
from offline.models import OfflineResident
from tests.factories import AssignmentFactory, AssociationFactory, MemberProfileFactory, MembershipFactory

pytestmark = pytest.mark.django_db
Role = AssociationMembership.Role


def by_phone(assignment, coordinator, **overrides) -> Claim:
    fields = {"name": "Gunnel Berglund", "phone": "+46701234567", "resident_agreed": True, **overrides}
    return services.claim_register_by_phone(assignment=assignment, by=coordinator, **fields)


# The services -----------------------------------------------------------------------------------


def test_a_person_without_an_account_is_signed_up_and_marked_as_registered_by_the_coordinator(assignment, coordinator):
    claim = by_phone(assignment, coordinator)
    assert claim.status == Claim.Status.PENDING
    assert claim.registered_by == coordinator
    assert claim.registered_at is not None
    person = claim.resident
    assert person.display_name == "Gunnel Berglund"
    assert not person.is_active and not person.has_usable_password()
    record = person.offline_record
    assert (record.association, record.phone) == (assignment.association, "+46701234567")
    assert record.registered_by == coordinator


def test_the_same_name_and_number_is_the_same_person_and_cannot_be_signed_up_twice(assignment, coordinator):
    first = by_phone(assignment, coordinator)
    with pytest.raises(assignment_services.TransitionError, match="Gunnel Berglund är redan anmäld"):
        by_phone(assignment, coordinator, name="gunnel  berglund")
    assert Claim.objects.filter(assignment=assignment).count() == 1
    # On another assignment the same record is used: one person, one resident in the figures.
    other = AssignmentFactory(association=assignment.association)
    assert by_phone(other, coordinator).resident == first.resident
    assert OfflineResident.objects.count() == 1


def test_two_people_sharing_a_landline_are_two_residents(assignment, coordinator):
    by_phone(assignment, coordinator)
    second = by_phone(assignment, coordinator, name="Bertil Berglund")
    assert second.resident.display_name == "Bertil Berglund"
    assert OfflineResident.objects.count() == 2


def test_without_the_residents_yes_nothing_is_saved(assignment, coordinator):
    with pytest.raises(ValidationError) as refusal:
        by_phone(assignment, coordinator, resident_agreed=False)
    assert "sagt ja" in refusal.value.message_dict["resident_agreed"][0]
    assert not Claim.objects.exists()
    assert not OfflineResident.objects.exists()


def test_a_full_assignment_refuses_the_sign_up_and_keeps_no_new_person(association, coordinator):
    full = AssignmentFactory(association=association, slots=1, claim_mode="first_come")
    assignment_services.claim_create(assignment=full, resident=MemberProfileFactory().user)
    full.refresh_from_db()
    assert full.status == Assignment.Status.FILLED
    with pytest.raises(assignment_services.TransitionError, match="alla platser är redan tagna"):
        by_phone(full, coordinator)
    assert not OfflineResident.objects.exists()
    assert User.objects.filter(is_active=False).count() == 0


def test_first_come_gives_the_place_at_once_and_counts_it(association, coordinator):
    first_come = AssignmentFactory(association=association, slots=1, claim_mode="first_come")
    claim = by_phone(first_come, coordinator)
    assert claim.status == Claim.Status.ACCEPTED
    first_come.refresh_from_db()
    assert (first_come.places_taken, first_come.status) == (1, Assignment.Status.FILLED)


def test_an_assignment_that_has_begun_refuses_it_like_any_sign_up(association, coordinator):
    begun = AssignmentFactory(association=association, starts_at=timezone.now() - timedelta(hours=1))
    with pytest.raises(assignment_services.TransitionError, match="redan börjat"):
        by_phone(begun, coordinator)


def test_a_resident_with_an_account_is_found_by_the_verified_address_typed_in_full(assignment, coordinator, resident):
    claim = services.claim_register_by_phone(
        assignment=assignment, by=coordinator, email=resident.email.upper(), resident_agreed=True
    )
    assert claim.resident == resident
    assert claim.registered_by == coordinator
    assert not OfflineResident.objects.exists()


def test_an_unverified_or_partial_address_finds_nobody(assignment, coordinator):
    unverified = MemberProfileFactory(user__verified=False).user
    for typed in (unverified.email, "person", "@exempel.se"):
        with pytest.raises(ValidationError) as refusal:
            services.claim_register_by_phone(assignment=assignment, by=coordinator, email=typed, resident_agreed=True)
        assert "Vi hittar inget konto" in refusal.value.message_dict["email"][0]
    assert not Claim.objects.exists()


def test_a_resident_already_signed_up_cannot_be_signed_up_again_for_them(assignment, coordinator, resident):
    assignment_services.claim_create(assignment=assignment, resident=resident)
    with pytest.raises(assignment_services.TransitionError, match="Anna L. är redan anmäld"):
        services.claim_register_by_phone(
            assignment=assignment, by=coordinator, email=resident.email, resident_agreed=True
        )


def test_a_manager_of_the_association_cannot_be_signed_up_for_its_assignments(assignment, coordinator):
    admin = MembershipFactory(association=assignment.association, role=Role.ADMIN).user
    with pytest.raises(assignment_services.TransitionError, match="sköter föreningens uppdrag"):
        services.claim_register_by_phone(assignment=assignment, by=coordinator, email=admin.email, resident_agreed=True)


@pytest.mark.parametrize("role", ["plain member", "other association's admin", "resident"])
def test_only_the_associations_managers_may_sign_someone_up(assignment, resident, role):
    actor = {
        "plain member": lambda: MembershipFactory(association=assignment.association, role=Role.MEMBER).user,
        "other association's admin": lambda: MembershipFactory(association=AssociationFactory(), role=Role.ADMIN).user,
        "resident": lambda: resident,
    }[role]()
    with pytest.raises(PermissionDenied):
        by_phone(assignment, actor)
    assert not Claim.objects.exists()


def test_the_resident_with_an_account_is_told_and_the_other_managers_hear_of_it(assignment, coordinator, resident):
    admin = MembershipFactory(association=assignment.association, role=Role.ADMIN).user
    claim = services.claim_register_by_phone(
        assignment=assignment, by=coordinator, email=resident.email, resident_agreed=True
    )
    told = Notification.objects.get(recipient=resident)
    assert (told.kind, told.claim) == (Kind.CLAIM_REGISTERED, claim)
    assert set(Notification.objects.filter(kind=Kind.CLAIM_CREATED).values_list("recipient", flat=True)) == {admin.pk}


def test_a_person_without_an_account_is_never_notified(assignment, coordinator, mailoutbox):
    claim = by_phone(assignment, coordinator)
    assert not Notification.objects.filter(recipient=claim.resident).exists()
    assert all(claim.resident.email not in message.to for message in mailoutbox)


# Hours reported for the resident ------------------------------------------------------------------


def begin(assignment) -> None:
    Assignment.objects.filter(pk=assignment.pk).update(
        starts_at=timezone.now() - timedelta(hours=3), ends_at=timezone.now() - timedelta(hours=1)
    )


def test_the_coordinator_reports_hours_for_the_resident_then_confirms_as_usual(association, coordinator):
    first_come = AssignmentFactory(association=association, claim_mode="first_come")
    claim = by_phone(first_come, coordinator)
    begin(first_come)
    claim = assignment_services.claim_report_hours_for(claim=claim, by=coordinator, hours=Decimal("2.5"))
    assert (claim.status, claim.hours_reported, claim.hours_reported_by) == (
        Claim.Status.DONE,
        Decimal("2.5"),
        coordinator,
    )
    claim = assignment_services.claim_confirm(claim=claim, by=coordinator, hours=claim.hours_reported)
    assert (claim.status, claim.hours_confirmed) == (Claim.Status.CONFIRMED, Decimal("2.5"))


def test_hours_cannot_be_reported_for_someone_before_the_work_began(association, coordinator):
    claim = by_phone(AssignmentFactory(association=association, claim_mode="first_come"), coordinator)
    with pytest.raises(assignment_services.TransitionError, match="när uppdraget har börjat"):
        assignment_services.claim_report_hours_for(claim=claim, by=coordinator, hours=Decimal("2"))


def test_a_plain_member_cannot_report_hours_for_someone(association, coordinator):
    claim = by_phone(AssignmentFactory(association=association, claim_mode="first_come"), coordinator)
    begin(claim.assignment)
    member = MembershipFactory(association=association, role=Role.MEMBER).user
    with pytest.raises(PermissionDenied):
        assignment_services.claim_report_hours_for(claim=claim, by=member, hours=Decimal("2"))
    claim.refresh_from_db()
    assert claim.status == Claim.Status.ACCEPTED


# Deleting a person without an account ---------------------------------------------------------


def test_the_association_deletes_a_person_without_an_account_and_the_history_stays_anonymous(association, coordinator):
    waiting = by_phone(AssignmentFactory(association=association, claim_mode="first_come", slots=1), coordinator)
    done = by_phone(AssignmentFactory(association=association, claim_mode="first_come"), coordinator)
    begin(done.assignment)
    assignment_services.claim_confirm(claim=done, by=coordinator, hours=Decimal("3"))
    record = waiting.resident.offline_record
    services.offline_resident_delete(offline_resident=record, by=coordinator)
    assert not OfflineResident.objects.exists()
    assert not User.objects.filter(pk=waiting.resident_id).exists()
    done.refresh_from_db()
    waiting.refresh_from_db()
    # The work done stays, anonymously; the place on work still to come is free again.
    assert done.status == Claim.Status.CONFIRMED and done.resident.display_name == "Tidigare deltagare"
    assert waiting.status == Claim.Status.WITHDRAWN
    waiting.assignment.refresh_from_db()
    assert (waiting.assignment.places_taken, waiting.assignment.status) == (0, Assignment.Status.PUBLISHED)


def test_another_associations_manager_cannot_delete_the_person(assignment, coordinator):
    record = by_phone(assignment, coordinator).resident.offline_record
    stranger = MembershipFactory(association=AssociationFactory(), role=Role.ADMIN).user
    with pytest.raises(PermissionDenied):
        services.offline_resident_delete(offline_resident=record, by=stranger)
    assert OfflineResident.objects.exists()


def test_a_person_without_an_account_is_never_warned_or_deleted_for_not_logging_in(assignment, coordinator):
    from members.retention import to_delete, to_warn

    person = by_phone(assignment, coordinator).resident
    User.objects.filter(pk=person.pk).update(
        date_joined=timezone.now() - timedelta(days=3 * 365), inactivity_warned_at=timezone.now() - timedelta(days=60)
    )
    later = timezone.now() + timedelta(days=1)
    assert person not in to_warn(later)
    assert person not in to_delete(later)


def test_a_person_signed_up_twice_by_phone_counts_once_among_the_residents_engaged(association, coordinator):
    from datetime import date

    from municipalities.statistics import Period, _claim_figures

    for _ in range(2):
        claim = by_phone(AssignmentFactory(association=association, claim_mode="first_come"), coordinator)
        begin(claim.assignment)
        assignment_services.claim_confirm(claim=claim, by=coordinator, hours=Decimal("2"))
    today = timezone.localdate()
    period = Period(date(today.year - 1, 1, 1), date(today.year + 1, 1, 1))
    figures = _claim_figures(association.municipality, [period])
    assert figures["engaged"] == [1]
    assert figures["hours_confirmed"] == [Decimal("4")]


def test_a_person_without_an_account_of_one_association_cannot_be_signed_up_by_another(assignment, coordinator):
    person = by_phone(assignment, coordinator).resident
    other = AssignmentFactory()
    other_coordinator = MembershipFactory(association=other.association, role=Role.COORDINATOR).user
    with pytest.raises(assignment_services.TransitionError, match="kan inte anmälas"):
        assignment_services.claim_register(
            assignment=other, resident=person, by=other_coordinator, resident_agreed=True
        )
    assert not Claim.objects.filter(assignment=other).exists()
