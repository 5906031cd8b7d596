from django.db.models import Prefetch, QuerySet

from assignments.models import Assignment
from assignments.queries import one_per_series, open_for_claims
from associations.models import Association, AssociationMembership, Invitation
from municipalities.models import Locality


def public_associations() -> QuerySet[Association]:
    """Verified associations with what a list card shows, in a fixed number of queries."""
    return (
        Association.objects.filter(verification=Association.Verification.VERIFIED)
        .select_related("municipality")
        .prefetch_related(Prefetch("localities", queryset=Locality.objects.order_by("name")))
        .order_by("name")
    )


def open_assignments_of(association: Association) -> list[Assignment]:
    return list(
        one_per_series(open_for_claims(association.assignments.all()))
        .select_related("locality", "category")
        .order_by("starts_at", "deadline")
    )


def members_of(association: Association) -> list[AssociationMembership]:
    return list(
        AssociationMembership.objects.filter(association=association)
        .select_related("user__profile")
        .order_by("role", "user__email")
    )


def open_invitations_of(association: Association) -> list[Invitation]:
    return list(Invitation.objects.open().filter(association=association).order_by("email"))


def memberships_of(user) -> list[AssociationMembership]:
    """The associations a person acts for, for the switcher on association pages."""
    if not user.is_authenticated:
        return []
    return list(
        AssociationMembership.objects.filter(user=user).select_related("association").order_by("association__name")
    )
