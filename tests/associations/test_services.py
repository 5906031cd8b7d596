import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from associations import services
from associations.models import Association, AssociationMembership, Invitation
from municipalities.models import AuditEvent, Locality, StaffMembership
from tests.factories import (
    AssociationFactory,
    MembershipFactory,
    StaffMembershipFactory,
    UserFactory,
    locality,
    municipality,
)

pytestmark = pytest.mark.django_db
Role = AssociationMembership.Role


def register(by, **overrides):
    fields = {
        "name": "Rusksele byaförening",
        "organisation_number": "802400-1235",
        "kind": Association.Kind.NON_PROFIT,
        "municipality": municipality("2481"),
        "localities": [locality("Rusksele")],
    }
    return services.association_register(by=by, **{**fields, **overrides})


def token_for(invitation: Invitation) -> str:
    return services.invitation_token(invitation)


# Registering --------------------------------------------------------------------------


def test_the_person_who_registers_becomes_admin_and_the_association_waits_for_the_municipality():
    person = UserFactory()
    association = register(person)
    assert association.verification == Association.Verification.PENDING
    assert association.slug == "rusksele-byaforening"
    assert AssociationMembership.objects.get(association=association).role == Role.ADMIN


def test_an_unverified_person_cannot_register_an_association():
    with pytest.raises(PermissionDenied):
        register(UserFactory(verified=False))
    assert not Association.objects.exists()


def test_a_duplicate_organisation_number_is_refused_and_nothing_is_saved():
    register(UserFactory())
    with pytest.raises(ValidationError) as excinfo:
        register(UserFactory(), name="Annan förening", organisation_number="8024001235")
    assert "finns redan" in excinfo.value.message_dict["organisation_number"][0]
    assert Association.objects.count() == 1
    assert AssociationMembership.objects.count() == 1


def test_a_locality_of_another_municipality_is_refused():
    with pytest.raises(ValidationError) as excinfo:
        register(UserFactory(), localities=[locality("Bastuträsk", "2417")])
    assert "Bastuträsk ligger inte i Lycksele" in excinfo.value.message_dict["localities"][0]
    assert not Association.objects.exists()


def test_two_associations_with_the_same_name_get_different_addresses():
    first = register(UserFactory())
    second = register(UserFactory(), organisation_number="556036-0793")
    assert first.slug != second.slug


# Verification -------------------------------------------------------------------------


def pending_association():
    return AssociationFactory(verification=Association.Verification.PENDING, verified_at=None)


def test_a_municipal_admin_verifies_and_the_decision_is_logged_and_mailed(django_capture_on_commit_callbacks):
    association = pending_association()
    MembershipFactory(association=association, role=Role.ADMIN, user=UserFactory(email="ordf@exempel.se"))
    staff = StaffMembershipFactory(municipality=association.municipality).user
    with django_capture_on_commit_callbacks(execute=True):
        services.association_verify(association=association, by=staff)
    assert mail.outbox[-1].to == ["ordf@exempel.se"]
    assert "godkänd" in mail.outbox[-1].subject
    association.refresh_from_db()
    assert association.is_verified
    assert association.verified_by == staff
    event = AuditEvent.objects.get()
    assert (event.actor, event.association, event.action) == (staff, association, AuditEvent.Action.VERIFIED)


def test_a_rejection_needs_a_reason_that_the_association_sees():
    association = pending_association()
    staff = StaffMembershipFactory(municipality=association.municipality).user
    with pytest.raises(ValidationError):
        services.association_reject(association=association, by=staff, reason="  ")
    services.association_reject(association=association, by=staff, reason="Organisationsnumret hör till en annan.")
    association.refresh_from_db()
    assert association.verification == Association.Verification.REJECTED
    assert association.rejection_reason == "Organisationsnumret hör till en annan."
    assert AuditEvent.objects.get().details == "Organisationsnumret hör till en annan."


@pytest.mark.parametrize(
    "who",
    ["viewer_here", "admin_elsewhere", "association_admin"],
)
def test_only_an_admin_of_the_associations_municipality_may_verify(who):
    association = pending_association()
    person = {
        "viewer_here": lambda: (
            StaffMembershipFactory(municipality=association.municipality, role=StaffMembership.Role.VIEWER).user
        ),
        "admin_elsewhere": lambda: StaffMembershipFactory(municipality=municipality("2417")).user,
        "association_admin": lambda: MembershipFactory(association=association, role=Role.ADMIN).user,
    }[who]()
    with pytest.raises(PermissionDenied):
        services.association_verify(association=association, by=person)
    association.refresh_from_db()
    assert association.verification == Association.Verification.PENDING
    assert not AuditEvent.objects.exists()


def test_editing_a_rejected_association_sends_it_back_to_the_queue():
    association = AssociationFactory(verification=Association.Verification.REJECTED, verified_at=None)
    admin = MembershipFactory(association=association, role=Role.ADMIN).user
    services.association_update(
        association=association, by=admin, localities=[], name=association.name, description="Nu med stadgar."
    )
    association.refresh_from_db()
    assert association.verification == Association.Verification.PENDING


# Roles and leaving --------------------------------------------------------------------


def test_the_last_admin_cannot_be_demoted():
    admin = MembershipFactory(role=Role.ADMIN)
    with pytest.raises(services.ActionRefused):
        services.membership_change_role(membership=admin, by=admin.user, role=Role.MEMBER)
    admin.refresh_from_db()
    assert admin.role == Role.ADMIN


def test_the_last_admin_cannot_leave_but_can_after_appointing_another():
    admin = MembershipFactory(role=Role.ADMIN)
    other = MembershipFactory(association=admin.association, role=Role.MEMBER)
    with pytest.raises(services.ActionRefused):
        services.membership_leave(association=admin.association, by=admin.user)
    services.membership_change_role(membership=other, by=admin.user, role=Role.ADMIN)
    services.membership_leave(association=admin.association, by=admin.user)
    assert list(admin.association.memberships.values_list("user", flat=True)) == [other.user_id]


def test_anyone_can_leave():
    member = MembershipFactory(role=Role.MEMBER)
    MembershipFactory(association=member.association, role=Role.ADMIN)
    services.membership_leave(association=member.association, by=member.user)
    assert not AssociationMembership.objects.filter(pk=member.pk).exists()


def test_leaving_ends_the_members_calendar_address_for_the_association_only():
    from calendars.models import CalendarFeed

    member = MembershipFactory(role=Role.MEMBER)
    MembershipFactory(association=member.association, role=Role.ADMIN)
    CalendarFeed.objects.create(user=member.user, association=member.association, token="a" * 43)
    CalendarFeed.objects.create(user=member.user, association=None, token="b" * 43)
    services.membership_leave(association=member.association, by=member.user)
    assert list(CalendarFeed.objects.filter(user=member.user).values_list("token", flat=True)) == ["b" * 43]


def test_a_coordinator_cannot_change_roles():
    coordinator = MembershipFactory(role=Role.COORDINATOR)
    member = MembershipFactory(association=coordinator.association, role=Role.MEMBER)
    with pytest.raises(PermissionDenied):
        services.membership_change_role(membership=member, by=coordinator.user, role=Role.ADMIN)


def test_an_admin_of_another_association_cannot_remove_a_member():
    member = MembershipFactory(role=Role.MEMBER)
    stranger = MembershipFactory(role=Role.ADMIN)
    with pytest.raises(PermissionDenied):
        services.membership_remove(membership=member, by=stranger.user)
    assert AssociationMembership.objects.filter(pk=member.pk).exists()


# Invitations --------------------------------------------------------------------------


def test_an_invitation_is_mailed_with_a_link_that_makes_the_invited_person_a_coordinator(
    django_capture_on_commit_callbacks,
):
    admin = MembershipFactory(role=Role.ADMIN)
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invitation_create(
            by=admin.user, association=admin.association, email="Kim@Exempel.se", role=Role.COORDINATOR
        )
    assert invitation.email == "kim@exempel.se"
    assert mail.outbox[-1].to == ["kim@exempel.se"]
    # The link is signed with the moment it was made: read it from the e-mail, never build it again.
    token = re.search(r"/inbjudan/([^/\s]+)/", mail.outbox[-1].body).group(1)
    assert services.invitation_from_token(token) == invitation
    kim = UserFactory(email="kim@exempel.se")
    membership = services.invitation_accept(token=token, by=kim)
    assert (membership.association, membership.role) == (admin.association, Role.COORDINATOR)


def test_an_invitation_works_only_once():
    admin = MembershipFactory(role=Role.ADMIN)
    invitation = services.invitation_create(
        by=admin.user, association=admin.association, email="a@exempel.se", role="member"
    )
    person = UserFactory(email="a@exempel.se")
    services.invitation_accept(token=token_for(invitation), by=person)
    with pytest.raises(services.ActionRefused, match="redan använts"):
        services.invitation_accept(token=token_for(invitation), by=person)


def test_an_expired_invitation_is_refused():
    admin = MembershipFactory(role=Role.ADMIN)
    invitation = services.invitation_create(
        by=admin.user, association=admin.association, email="a@exempel.se", role="member"
    )
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    with pytest.raises(services.ActionRefused, match="gått ut"):
        services.invitation_accept(token=token_for(invitation), by=UserFactory(email="a@exempel.se"))
    assert not AssociationMembership.objects.filter(user__email="a@exempel.se").exists()


def test_a_tampered_link_is_refused():
    with pytest.raises(services.ActionRefused, match="inte giltig"):
        services.invitation_accept(token="123:abc", by=UserFactory())


def test_a_newer_invitation_replaces_the_open_one():
    admin = MembershipFactory(role=Role.ADMIN)
    first = services.invitation_create(
        by=admin.user, association=admin.association, email="a@exempel.se", role="member"
    )
    services.invitation_create(by=admin.user, association=admin.association, email="a@exempel.se", role="coordinator")
    with pytest.raises(services.ActionRefused, match="ersatts"):
        services.invitation_accept(token=token_for(first), by=UserFactory(email="a@exempel.se"))


def test_inviting_someone_who_is_already_a_member_is_refused():
    admin = MembershipFactory(role=Role.ADMIN)
    member = MembershipFactory(association=admin.association, role=Role.MEMBER, user=UserFactory(email="b@exempel.se"))
    with pytest.raises(ValidationError) as excinfo:
        services.invitation_create(by=admin.user, association=member.association, email="B@exempel.se", role="member")
    assert "redan medlem" in excinfo.value.message_dict["email"][0]
    assert not Invitation.objects.exists()


def test_an_invitation_cannot_be_taken_by_someone_with_another_address():
    admin = MembershipFactory(role=Role.ADMIN)
    invitation = services.invitation_create(
        by=admin.user, association=admin.association, email="a@exempel.se", role="admin"
    )
    with pytest.raises(PermissionDenied):
        services.invitation_accept(token=token_for(invitation), by=UserFactory(email="inkraktare@exempel.se"))
    assert admin.association.memberships.count() == 1


def test_a_municipal_admin_invites_a_colleague_and_it_is_logged():
    staff = StaffMembershipFactory()
    invitation = services.invitation_create(
        by=staff.user, municipality=staff.municipality, email="kollega@exempel.se", role=StaffMembership.Role.VIEWER
    )
    colleague = UserFactory(email="kollega@exempel.se")
    joined = services.invitation_accept(token=token_for(invitation), by=colleague)
    assert (joined.municipality, joined.role) == (staff.municipality, StaffMembership.Role.VIEWER)
    assert list(AuditEvent.objects.order_by("created_at").values_list("action", flat=True)) == [
        AuditEvent.Action.STAFF_INVITED,
        AuditEvent.Action.STAFF_JOINED,
    ]


# Villages ------------------------------------------------------------------------------


def test_a_municipal_admin_adds_a_village_that_associations_can_then_choose():
    from decimal import Decimal

    from municipalities.services import village_create

    staff = StaffMembershipFactory(municipality=municipality("2481"))
    village = village_create(
        municipality=staff.municipality,
        by=staff.user,
        name="Tannsele",
        latitude=Decimal("64.6331"),
        longitude=Decimal("18.4412"),
    )
    assert village.kind == Locality.Kind.VILLAGE
    association = register(UserFactory(), localities=[village])
    assert list(association.localities.all()) == [village]


@pytest.mark.parametrize(
    ("latitude", "longitude", "message"),
    [
        ("18.6690", "64.5912", "inte i Sverige"),  # latitude and longitude swapped
        ("59.9139", "10.7522", "inte i Sverige"),  # Oslo
        ("55.6050", "13.0038", "långt från Lycksele"),  # Malmö: in Sweden but not in Lycksele
    ],
)
def test_a_village_outside_sweden_or_far_from_the_municipality_is_refused(latitude, longitude, message):
    from decimal import Decimal

    from municipalities.services import village_create

    staff = StaffMembershipFactory(municipality=municipality("2481"))
    with pytest.raises(ValidationError, match=message):
        village_create(
            municipality=staff.municipality,
            by=staff.user,
            name="Fel",
            latitude=Decimal(latitude),
            longitude=Decimal(longitude),
        )
    assert not Locality.objects.filter(name="Fel").exists()


def test_a_village_name_already_in_the_municipality_is_refused():
    from decimal import Decimal

    from municipalities.services import village_create

    staff = StaffMembershipFactory(municipality=municipality("2481"))
    with pytest.raises(ValidationError, match="redan en ort som heter Rusksele"):
        village_create(
            municipality=staff.municipality,
            by=staff.user,
            name="Rusksele",
            latitude=Decimal("64.8"),
            longitude=Decimal("18.9"),
        )
