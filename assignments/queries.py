from django.db.models import QuerySet

from assignments.models import Assignment

OPEN_STATUSES = (Assignment.Status.PUBLISHED,)
VISIBLE_STATUSES = (
    Assignment.Status.PUBLISHED,
    Assignment.Status.FILLED,
    Assignment.Status.COMPLETED,
    Assignment.Status.CANCELLED,
    Assignment.Status.EXPIRED,
)


def with_card_data(queryset: QuerySet[Assignment]) -> QuerySet[Assignment]:
    """Everything an assignment card shows, in one query."""
    return queryset.select_related("association", "locality__municipality", "category")


def latest_open_assignments(*, user, limit: int) -> list[Assignment]:
    """The newest open assignments, near the resident's home when we know it."""
    queryset = with_card_data(Assignment.objects.filter(status__in=OPEN_STATUSES))
    profile = getattr(user, "profile", None) if user.is_authenticated else None
    if profile is not None and profile.home_locality_id:
        municipality_id = profile.home_locality.municipality_id
        near = list(queryset.filter(locality__municipality_id=municipality_id).order_by("-published_at")[:limit])
        if near:
            return near
    return list(queryset.order_by("-published_at")[:limit])


def visible_assignments() -> QuerySet[Assignment]:
    """Assignments the public may see: everything but drafts."""
    return with_card_data(Assignment.objects.filter(status__in=VISIBLE_STATUSES))
