import re

from django.db.models import Case, Value, When
from django.utils import timezone

from assignments.models import WaitingListEntry
from associations.models import AssociationMembership
from associations.services import invitation_token, pending_invitations_for
from members.models import MemberProfile
from municipalities.models import Locality, StaffMembership
from pathways.models import SupportLink

MAX_LOCALITY_SUGGESTIONS = 10
MAX_LOCALITY_HINTS = 5
# How a place is shown, "Rusksele (Lycksele)", and may be typed back: names themselves hold no brackets.
_LABEL = re.compile(r"^(?P<name>[^()]+?)\s*\((?P<municipality>[^()]+)\)$")


def my_pages_context(user) -> dict:
    """What the resident's start page shows: who they are and where they belong, and any place
    offered to them from a waiting list (so a 24-hour offer is not missed)."""
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
        "support_invitations": SupportLink.objects.filter(resident=user, status=SupportLink.Status.INVITED).count(),
        # Places from a waiting list that wait for the resident's yes: an offer lapses in 24 hours.
        "offers": list(
            WaitingListEntry.objects.filter(
                resident=user, status=WaitingListEntry.Status.OFFERED, offered_until__gt=timezone.now()
            )
            .select_related("assignment")
            .only("offered_until", "assignment__title")
            .order_by("offered_until")
        ),
    }


def profile_of(user) -> MemberProfile | None:
    """The resident's profile with what the profile form shows, or None before they first save it."""
    return (
        MemberProfile.objects.filter(user=user)
        .select_related("home_locality__municipality")
        .prefetch_related("skills")
        .first()
    )


def locality_label(locality: Locality) -> str:
    return f"{locality.name} ({locality.municipality.name})"


def _name_part(text: str) -> str:
    return text.split("(")[0].strip()


def _localities():
    return Locality.objects.select_related("municipality")


def localities_named(text: str) -> list[Locality]:
    """The places a typed home locality can mean: the one with that exact label, or all with that name."""
    text = text.strip()
    label = _LABEL.match(text)
    if label:
        matches = _localities().filter(
            name__iexact=label["name"], municipality__name__iexact=label["municipality"].strip()
        )
    elif text:
        matches = _localities().filter(name__iexact=text)
    else:
        return []
    return list(matches.order_by("municipality__name"))


def locality_hints(text: str) -> list[Locality]:
    """Places starting like a name that matched nothing. A misspelling rarely starts
    like the whole name, but usually like its first letters ("Ruskele" → "Rusk")."""
    name = _name_part(text)
    for stem in dict.fromkeys((name, name[:4], name[:3])):
        if not stem:
            continue
        hints = list(
            _localities().filter(name__istartswith=stem).order_by("name", "municipality__name")[:MAX_LOCALITY_HINTS]
        )
        if hints:
            return hints
    return []


def locality_suggestion_labels(text: str) -> list[str]:
    """Labels of places whose name starts with the typed text, then of places whose name holds it. One query."""
    name = _name_part(text)
    if not name:
        return []
    localities = (
        _localities()
        .filter(name__icontains=name)
        .annotate(later=Case(When(name__istartswith=name, then=Value(0)), default=Value(1)))
        .order_by("later", "name", "municipality__name")[:MAX_LOCALITY_SUGGESTIONS]
    )
    return [locality_label(locality) for locality in localities]
