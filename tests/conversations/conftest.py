"""The people around one sign-up's thread: its resident and the association's managers, and
everyone who must not read it."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from assignments.models import Claim
from associations.models import Association, AssociationMembership
from municipalities.models import StaffMembership
from pathways.models import Share
from pathways.services import link_accept, link_request, support_offer_update
from tests.factories import (
    AssignmentFactory,
    AssociationFactory,
    ClaimFactory,
    MemberProfileFactory,
    MembershipFactory,
    StaffMembershipFactory,
    locality,
    municipality,
)

Role = AssociationMembership.Role
STOCKHOLM = ZoneInfo("Europe/Stockholm")
# A fixed day: the assignment runs 10:00–13:00 on 14 March 2026 (Stockholm, UTC+1).
STARTS = datetime(2026, 3, 14, 10, 0, tzinfo=STOCKHOLM)
ENDS = STARTS + timedelta(hours=3)
THREAD_ACTORS = [
    "anonymous",
    "resident",
    "other_resident",
    "admin",
    "coordinator",
    "member",
    "other_admin",
    "supporter",
    "staff_admin",
    "staff_viewer",
    "other_staff",
]


@pytest.fixture
def thread_world(db):
    lycksele = municipality("2481")
    association = AssociationFactory(
        name="Rusksele byaförening", slug="rusksele", municipality=lycksele, localities=[locality("Lycksele")]
    )
    people = {"anonymous": None}
    for actor, role in (("admin", Role.ADMIN), ("coordinator", Role.COORDINATOR), ("member", Role.MEMBER)):
        people[actor] = MembershipFactory(association=association, role=role).user
        MemberProfileFactory(user=people[actor], display_name=f"Föreningens {actor}")
    people["other_admin"] = MembershipFactory(
        association=AssociationFactory(name="Bastuträsk IF", slug="bastutrask", municipality=municipality("2417")),
        role=Role.ADMIN,
    ).user
    people["resident"] = MemberProfileFactory(display_name="Greta N.").user
    people["other_resident"] = MemberProfileFactory(display_name="Olle A.").user
    # A supporter of the resident, of another association: support gives no access to threads.
    group = AssociationFactory(
        name="Lycksele utvecklingsgrupp", municipality=lycksele, kind=Association.Kind.DEVELOPMENT_GROUP
    )
    group_admin = MembershipFactory(association=group, role=Role.ADMIN).user
    support_offer_update(association=group, by=group_admin, kinds=["mapping"], localities=[], description="")
    supporter = MembershipFactory(association=group, role=Role.COORDINATOR, is_supporter=True).user
    MemberProfileFactory(user=supporter, display_name="Stina Handledare")
    link_accept(
        link=link_request(resident=people["resident"], supporter=supporter, association=group, shares=Share.values),
        by=supporter,
    )
    people["supporter"] = supporter
    people["staff_admin"] = StaffMembershipFactory(municipality=lycksele, role=StaffMembership.Role.ADMIN).user
    people["staff_viewer"] = StaffMembershipFactory(municipality=lycksele, role=StaffMembership.Role.VIEWER).user
    people["other_staff"] = StaffMembershipFactory(
        municipality=municipality("2417"), role=StaffMembership.Role.ADMIN
    ).user
    assignment = AssignmentFactory(
        association=association,
        title="Måla staketet vid bygdegården",
        starts_at=timezone.now() + timedelta(days=5),
        ends_at=timezone.now() + timedelta(days=5, hours=3),
        contact_name="Anna Andersson",
        contact_phone="0950-123 45",
    )
    claim = ClaimFactory(assignment=assignment, resident=people["resident"], status=Claim.Status.ACCEPTED)
    other_claim = ClaimFactory(assignment=assignment, resident=people["other_resident"])
    return {
        "people": people,
        "association": association,
        "assignment": assignment,
        "claim": claim,
        "other_claim": other_claim,
    }


def resident_url(claim) -> str:
    return f"/mina-sidor/uppdrag/{claim.pk}/meddelanden/"


def association_url(claim) -> str:
    slug = claim.assignment.association.slug
    return f"/foreningar/{slug}/uppdrag/{claim.assignment_id}/anmalningar/{claim.pk}/meddelanden/"


def staff_url(claim) -> str:
    return f"/kommuner/2481/anmalda-meddelanden/{claim.pk}/"
