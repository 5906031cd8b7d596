from associations.models import AssociationMembership
from associations.services import invitation_token, pending_invitations_for
from municipalities.models import StaffMembership


def my_pages_context(user) -> dict:
    """What the resident's start page shows: who they are and where they belong."""
    invitations = pending_invitations_for(user)
    for invitation in invitations:
        invitation.token = invitation_token(invitation)
    return {
        "invitations": invitations,
        "association_memberships": list(
            AssociationMembership.objects.filter(user=user).select_related("association").order_by("association__name")
        ),
        "staff_memberships": list(
            StaffMembership.objects.filter(user=user).select_related("municipality").order_by("municipality__name")
        ),
        "claims": list(
            user.claims.select_related("assignment__association", "assignment__locality").order_by("-created_at")[:10]
        ),
    }
