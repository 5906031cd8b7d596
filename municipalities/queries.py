from django.db.models import Count, Q, QuerySet

from municipalities.models import Municipality

PILOT_CODES = ("2481", "2417", "0188")


def pilot_municipalities() -> QuerySet[Municipality]:
    """The pilot municipalities, with how many open assignments each has."""
    return (
        Municipality.objects.filter(code__in=PILOT_CODES)
        .select_related("county")
        .annotate(
            open_count=Count(
                "associations__assignments",
                filter=Q(associations__assignments__status="published"),
            )
        )
        .order_by("name")
    )
