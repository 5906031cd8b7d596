"""Reads of threads, with what their pages show loaded up front, in a fixed number of queries."""

from django.db.models import Count, Exists, Max, Min, OuterRef, Q, QuerySet

from assignments.models import Claim
from conversations.models import Message, MessageReport, Side


def claim_for_thread(queryset: QuerySet[Claim] | None = None) -> QuerySet[Claim]:
    """Claims with what a thread page shows about them: the assignment, its association and
    place, and the resident's profile (display name)."""
    queryset = Claim.objects.all() if queryset is None else queryset
    return queryset.select_related(
        "assignment__association", "assignment__locality__municipality", "resident__profile"
    ).defer("assignment__search_vector")


def thread(claim: Claim, *, reporter=None) -> list[Message]:
    """The claim's messages, oldest first, with their authors' profiles, how often each is
    reported (`report_count`) and, given a `reporter` (a User), whether they reported it
    (`reported_by_me`). One query."""
    rows = Message.objects.filter(claim=claim).select_related("author__profile")
    rows = rows.annotate(report_count=Count("reports"))
    if reporter is not None:
        mine = MessageReport.objects.filter(message_id=OuterRef("pk"), reporter_id=reporter.pk)
        rows = rows.annotate(reported_by_me=Exists(mine))
    return list(rows.order_by("created_at", "pk"))


def attach_unread(claims: list[Claim], side: str) -> list[Claim]:
    """The same claims, each with `unread_messages`: how many messages of the other side the
    `side` (a Side value) has not read yet, and `message_count`. One query for all of them."""
    other = Side.ASSOCIATION if side == Side.RESIDENT else Side.RESIDENT
    counts = {
        row["claim_id"]: row
        for row in Message.objects.filter(claim_id__in=[claim.pk for claim in claims])
        .values("claim_id")
        .annotate(total=Count("pk"), unread=Count("pk", filter=Q(side=other, read_at__isnull=True)))
    }
    for claim in claims:
        row = counts.get(claim.pk, {})
        claim.unread_messages = row.get("unread", 0)
        claim.message_count = row.get("total", 0)
    return claims


def reported_threads(municipality) -> list[Claim]:
    """The threads of the municipality's assignments (by their locality) in which a message has
    been reported, those with open reports first, then by the latest report. Each claim has
    `open_reports`, `reports`, `first_reported_at` and `last_reported_at`. One query."""
    return list(
        claim_for_thread(Claim.objects.filter(assignment__locality__municipality=municipality))
        .annotate(
            reports=Count("messages__reports"),
            open_reports=Count("messages__reports", filter=Q(messages__reports__handled_at__isnull=True)),
            first_reported_at=Min("messages__reports__created_at"),
            last_reported_at=Max("messages__reports__created_at"),
        )
        .filter(reports__gt=0)
        .order_by("-open_reports", "-last_reported_at", "-pk")
    )


def reports_of(claim: Claim) -> list[MessageReport]:
    """The reports of the claim's messages, newest first, with who handled them."""
    return list(
        MessageReport.objects.filter(message__claim=claim)
        .select_related("handled_by__profile", "reporter__profile")
        .order_by("-created_at", "-pk")
    )
