from django.db.models import Count, QuerySet

from assignments.models import Assignment
from assignments.queries import one_per_series, open_for_claims, open_for_claims_q
from associations.models import Association, Invitation
from municipalities.models import AuditEvent, Locality, Municipality, StaffMembership

PILOT_CODES = ("2481", "2417", "0188")
CHOICES_CACHE_SECONDS = 3600


def municipality_choices() -> list[tuple[str, str]]:
    """(code, name) of all municipalities, for filter forms. Reference data: cached for an hour."""
    from django.core.cache import cache

    choices = cache.get("municipality_choices:v1")
    if choices is None:
        choices = list(Municipality.objects.order_by("name").values_list("code", "name"))
        cache.set("municipality_choices:v1", choices, CHOICES_CACHE_SECONDS)
    return choices


def pilot_municipalities() -> QuerySet[Municipality]:
    """The pilot municipalities, with how many open assignments each has."""
    return (
        Municipality.objects.filter(code__in=PILOT_CODES)
        .select_related("county")
        .annotate(
            open_count=Count(
                "associations__assignments",
                filter=open_for_claims_q(prefix="associations__assignments__"),
            )
        )
        .order_by("name")
    )


def municipality_page(municipality: Municipality) -> dict:
    """What a municipality's public page shows."""
    return {
        "localities": list(municipality.localities.order_by("name")),
        "associations": list(
            municipality.associations.filter(verification=Association.Verification.VERIFIED).order_by("name")
        ),
        "assignments": list(
            one_per_series(open_for_claims(Assignment.objects.filter(locality__municipality=municipality)))
            .select_related("association", "locality", "category")
            .order_by("-published_at")[:20]
        ),
    }


def verification_queue(municipality: Municipality) -> list[Association]:
    return list(
        municipality.associations.filter(verification=Association.Verification.PENDING)
        .select_related("created_by")
        .prefetch_related("localities")
        .order_by("created_at")
    )


def recent_decisions(municipality: Municipality, limit: int = 20) -> list[AuditEvent]:
    """The municipality's latest decisions about associations, newest first, at most `limit`;
    one query, the deciding officer's profile included (their name is shown)."""
    return list(
        AuditEvent.objects.filter(municipality=municipality, association__isnull=False)
        .select_related("actor__profile", "association")
        .order_by("-created_at")[:limit]
    )


def villages_of(municipality: Municipality) -> list[Locality]:
    return list(municipality.localities.order_by("kind", "name"))


def staff_of(municipality: Municipality) -> list[StaffMembership]:
    return list(municipality.staff_memberships.select_related("user__profile").order_by("role", "user__email"))


def open_staff_invitations(municipality: Municipality) -> list[Invitation]:
    return list(Invitation.objects.open().filter(municipality=municipality).order_by("email"))


def staff_roles_of(user) -> dict[str, str]:
    """Municipality code → the user's staff role there."""
    if not user.is_authenticated:
        return {}
    return dict(StaffMembership.objects.filter(user=user).values_list("municipality__code", "role"))
