"""Reads of the municipal staff pages: the staff home, the association list, the menu."""

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


def association_history(association: Association, limit: int = 20) -> list[AuditEvent]:
    """The municipality's decisions about the association, newest first."""
    return list(
        AuditEvent.objects.filter(association=association)
        .select_related("actor__profile")
        .order_by("-created_at", "-pk")[:limit]
    )


def staff_association(municipality: Municipality, slug: str) -> QuerySet[Association]:
    """The association with this slug, only if it belongs to the municipality."""
    return (
        Association.objects.filter(municipality=municipality, slug=slug)
        .select_related("created_by__profile", "suspended_by__profile", "verified_by__profile")
        .prefetch_related(Prefetch("localities"))
    )
