"""The people every pathway test and permission table uses, around one resident.

Roles (keys of `pathway_world`): the resident; their current supporter (a coordinator of
Lycksele utvecklingsgrupp marked as supporter, with an active link sharing everything); a
former supporter (an admin of the same group whose link was ended); another coordinator of
the same group who is not the resident's supporter; an admin of another association;
municipal staff (admin) of Lycksele; another resident; and anonymous (None)."""

import pytest
from django.utils import timezone

from associations.models import Association, AssociationMembership
from municipalities.models import StaffMembership
from pathways.models import Share, SupportKind, SupportLink
from pathways.services import link_accept, link_end, link_request, support_offer_update
from tests.factories import (
    AssociationFactory,
    MemberProfileFactory,
    MembershipFactory,
    StaffMembershipFactory,
    municipality,
)

Role = AssociationMembership.Role
PATHWAY_ACTORS = [
    "anonymous",
    "resident",
    "supporter",
    "former_supporter",
    "same_association_coordinator",
    "other_association_admin",
    "municipal_staff",
    "other_resident",
]


def make_supporter(association: Association, *, role=Role.COORDINATOR, name="Handledare"):
    """A new user who is an admin or coordinator of `association`, marked as supporter."""
    membership = MembershipFactory(association=association, role=role, is_supporter=True)
    MemberProfileFactory(user=membership.user, display_name=name)
    return membership.user


@pytest.fixture
def pathway_world(db):
    lycksele = municipality("2481")
    group = AssociationFactory(
        name="Lycksele utvecklingsgrupp",
        slug="lycksele-utvecklingsgrupp",
        municipality=lycksele,
        kind=Association.Kind.DEVELOPMENT_GROUP,
    )
    admin = MembershipFactory(association=group, role=Role.ADMIN).user
    support_offer_update(
        association=group,
        by=admin,
        kinds=[SupportKind.MAPPING, SupportKind.OWN_BUSINESS],
        localities=list(lycksele.localities.all()[:2]),
        description="Vi träffas i bygdegården på tisdagar.",
    )
    resident = MemberProfileFactory(display_name="Sara Resident").user
    supporter = make_supporter(group, name="Stina Handledare")
    former = make_supporter(group, role=Role.ADMIN, name="Förra Handledaren")
    coordinator = MembershipFactory(association=group, role=Role.COORDINATOR).user
    other_admin = MembershipFactory(
        association=AssociationFactory(name="Bastuträsk IF", slug="bastutrask-if", municipality=municipality("2417")),
        role=Role.ADMIN,
    ).user
    staff = StaffMembershipFactory(municipality=lycksele, role=StaffMembership.Role.ADMIN).user
    other_resident = MemberProfileFactory(display_name="Olle Annan").user

    old = link_request(resident=resident, supporter=former, association=group, shares=Share.values)
    link_accept(link=old, by=former)
    link_end(link=old, by=resident)
    link = link_request(resident=resident, supporter=supporter, association=group, shares=Share.values, message="Hej!")
    link = link_accept(link=link, by=supporter)
    assert link.status == SupportLink.Status.ACTIVE
    return {
        "anonymous": None,
        "resident": resident,
        "supporter": supporter,
        "former_supporter": former,
        "same_association_coordinator": coordinator,
        "other_association_admin": other_admin,
        "municipal_staff": staff,
        "other_resident": other_resident,
        "association_admin": admin,
        "association": group,
        "link": link,
        "former_link": old,
        "now": timezone.now(),
    }
