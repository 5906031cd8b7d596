"""The people a permission table tries every page with, and the world they live in."""

import pytest

from associations.models import Association, AssociationMembership, Invitation
from municipalities.models import Locality, StaffMembership
from tests.factories import (
    AssociationFactory,
    MembershipFactory,
    StaffMembershipFactory,
    UserFactory,
    municipality,
)

ACTORS = [
    "anonymous",
    "unverified",
    "outsider",
    "member",
    "coordinator",
    "admin",
    "other_admin",
    "staff_viewer",
    "staff_admin",
    "other_staff",
]
Role = AssociationMembership.Role


def expect(default: int, **overrides: int) -> dict[str, int]:
    return {actor: overrides.get(actor, default) for actor in ACTORS}


def assert_outcome(client, actor, method, path, data, expected, probe=None, changed_by=()):
    """Try one row as one actor and check what they got: the status, and for an action the outcome.

    A redirect is what both a success and a refusal with a message return, so a row
    with a `probe` (reading the state the action would change) also checks that the
    state changed for exactly the actors in `changed_by` and stayed as it was for everyone else.
    """
    before = probe() if probe else None
    response = getattr(client, method)(path, data)
    assert response.status_code == expected[actor], response.content.decode()[:500]
    if response.status_code == 302 and actor == "anonymous":
        assert response["Location"].startswith("/konto/login/")
    if probe:
        after = probe()
        if actor in changed_by:
            assert after != before, f"{actor} should have changed it, but it is still {before!r}"
        else:
            assert after == before, f"{actor} should have been refused, but it changed to {after!r}"
    return response


@pytest.fixture
def world(db):
    lycksele = municipality("2481")
    association = AssociationFactory(name="Rusksele byaförening", slug="rusksele", municipality=lycksele)
    pending = AssociationFactory(
        name="Hedlunda bygdegård",
        slug="hedlunda",
        municipality=lycksele,
        verification=Association.Verification.PENDING,
        verified_at=None,
    )
    other = AssociationFactory(name="Bastuträsk IF", slug="bastutrask", municipality=municipality("2417"))
    people = {"anonymous": None, "unverified": UserFactory(verified=False), "outsider": UserFactory()}
    for actor, role in (("member", Role.MEMBER), ("coordinator", Role.COORDINATOR), ("admin", Role.ADMIN)):
        people[actor] = MembershipFactory(association=association, role=role).user
        AssociationMembership.objects.create(user=people[actor], association=pending, role=role)
    people["other_admin"] = MembershipFactory(association=other, role=Role.ADMIN).user
    people["staff_viewer"] = StaffMembershipFactory(municipality=lycksele, role=StaffMembership.Role.VIEWER).user
    people["staff_admin"] = StaffMembershipFactory(municipality=lycksele, role=StaffMembership.Role.ADMIN).user
    people["other_staff"] = StaffMembershipFactory(municipality=municipality("2417")).user
    village = Locality.objects.create(
        municipality=lycksele, name="Björkberg", kind=Locality.Kind.VILLAGE, latitude="64.6", longitude="18.3"
    )
    member_membership = AssociationMembership.objects.get(user=people["member"], association=association)
    invitation = Invitation.objects.create(
        association=association,
        email="ny@exempel.se",
        role=Role.MEMBER,
        invited_by=people["admin"],
        expires_at="2100-01-01T00:00:00Z",
    )
    return {
        "people": people,
        "ids": {"membership": member_membership.pk, "village": village.pk, "invitation": invitation.pk},
    }
