"""Reads of the municipal staff pages: the staff home, the association list, the menu."""

import re

from django.db.models import Count, Prefetch, Q, QuerySet

from assignments.models import Assignment
from associations.models import Association
from municipalities.models import AuditEvent, Municipality, StaffMembership

Verification = Association.Verification


def memberships_of(user) -> list[StaffMembership]:
    """The person's staff memberships by municipality name, each with `waiting`: how many
    associations of that municipality wait for review. One query."""
    if not user.is_authenticated:
        return []
    return list(
        StaffMembership.objects.filter(user=user)
        .select_related("municipality")
        .annotate(
            waiting=Count(
                "municipality__associations",
                filter=Q(municipality__associations__verification=Verification.PENDING),
            )
        )
        .order_by("municipality__name")
    )


def waiting_count(municipality_codes: list[str]) -> int:
    """How many associations wait for review in these municipalities, together. One query."""
    if not municipality_codes:
        return 0
    return Association.objects.filter(
        municipality__code__in=municipality_codes, verification=Verification.PENDING
    ).count()


def status_counts(municipality: Municipality) -> dict[str, int]:
    """Association status → how many of the municipality's associations have it. One query."""
    counts = dict.fromkeys(Verification.values, 0)
    rows = municipality.associations.values_list("verification").annotate(n=Count("pk")).order_by()
    counts.update(dict(rows))
    return counts


def staff_associations(municipality: Municipality) -> QuerySet[Association]:
    """All the municipality's associations, each with `published_count` (assignments published
    and not yet filled or over: those a suspension pauses), ordered by name. One query a page."""
    return (
        municipality.associations.annotate(
            published_count=Count("assignments", filter=Q(assignments__status=Assignment.Status.PUBLISHED))
        )
        .only("name", "slug", "organisation_number", "kind", "verification", "created_at", "municipality_id")
        .order_by("name", "pk")
    )


# "802999-0010", "8029990010", "802999 0010" or "16802999-0010": an organisation number however written.
ORGANISATION_NUMBER = re.compile(r"^(?:16)?(\d{6})-?(\d{4})$")


def search_associations(queryset: QuerySet[Association], text: str) -> QuerySet[Association]:
    """Associations whose name or organisation number holds every word of `text` (five at most).

    An organisation number matches with or without its hyphen and spaces: the numbers are stored
    as 802999-0010, but people copy them from letters as 8029990010 or 802999 0010."""
    number = ORGANISATION_NUMBER.match(re.sub(r"\s+", "", text))
    if number:
        return queryset.filter(organisation_number=f"{number[1]}-{number[2]}")
    for word in text.split()[:5]:
        queryset = queryset.filter(Q(name__icontains=word) | Q(organisation_number__icontains=word))
    return queryset


def colleague_names(municipality: Municipality) -> dict[int, str]:
    """User id → how the municipality's staff see a colleague: the display name, or else the
    e-mail address. One query.

    Only for pages that only this municipality's staff see; they already see each other's
    addresses on the staff page. Anyone not on the staff now (a resident, a former colleague)
    is missing, so callers fall back to the neutral name and never show a resident's address."""
    rows = StaffMembership.objects.filter(municipality=municipality).values_list(
        "user_id", "user__profile__display_name", "user__email"
    )
    return {user_id: (name or "").strip() or email for user_id, name, email in rows}


def colleague_name(user, names: dict[int, str]) -> str:
    """The name `colleague_names` gives the person, or the neutral name everyone may see."""
    if user is None:
        return ""
    return names.get(user.pk) or user.display_name


def association_history(association: Association, names: dict[int, str], limit: int = 20) -> list[AuditEvent]:
    """The municipality's decisions about the association, newest first, each with `actor_name`:
    the decider as `colleague_name` gives it from `names`. One query."""
    events = list(
        AuditEvent.objects.filter(association=association)
        .select_related("actor__profile")
        .order_by("-created_at", "-pk")[:limit]
    )
    for event in events:
        event.actor_name = colleague_name(event.actor, names)
    return events


def staff_association(municipality: Municipality, slug: str) -> QuerySet[Association]:
    """The association with this slug, only if it belongs to the municipality."""
    return (
        Association.objects.filter(municipality=municipality, slug=slug)
        .select_related("created_by__profile", "suspended_by__profile", "verified_by__profile")
        .prefetch_related(Prefetch("localities"))
    )
