"""Reads for calendar feeds: which feed a secret address names, and what goes in it."""

import re
from datetime import timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from assignments.models import Assignment, Claim
from associations.models import Association, AssociationMembership
from calendars.ical import Entry
from calendars.models import CalendarFeed
from members.models import User

# secrets.token_urlsafe(32): 43 characters of the URL-safe base64 alphabet.
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{43}")
# An association's feed keeps past assignments this long, so last month is still there
# but the feed does not grow for ever. A resident's own feed keeps their whole history.
ASSOCIATION_FEED_PAST = timedelta(days=180)
# Claims that put an assignment in the resident's own calendar.
OWN_FEED_CLAIM_STATUSES = (Claim.Status.ACCEPTED, Claim.Status.DONE, Claim.Status.CONFIRMED)
ASSOCIATION_FEED_STATUSES = (
    Assignment.Status.PUBLISHED,
    Assignment.Status.FILLED,
    Assignment.Status.COMPLETED,
    Assignment.Status.CANCELLED,
    # Found nobody and did not take place: shown as cancelled (ical.EVENT_STATUS), so a
    # subscriber's calendar says it is off rather than keeping it as if it happened.
    Assignment.Status.EXPIRED,
)
EVENT_RELATED = ("association", "category", "locality__municipality")


def feed_by_token(token: str) -> CalendarFeed | None:
    """The feed a secret address names, or None.

    Input: the token from the URL, any text. Output: the feed with its user and
    association loaded, or None when the text cannot be a token (checked before the
    database sees it, so odd bytes never reach SQL), when no feed has it, or when the
    account is closed.
    """
    if not TOKEN_PATTERN.fullmatch(token):
        return None
    return CalendarFeed.objects.select_related("user", "association").filter(token=token, user__is_active=True).first()


def is_member(user: User, association: Association) -> bool:
    """Whether the person has any role in the association right now."""
    return AssociationMembership.objects.filter(user=user, association=association).exists()


def own_entries(user: User) -> list[Entry]:
    """The resident's own calendar: assignments they have a place in, oldest first.

    Accepted, done and confirmed claims are shown as they are. A claim that was
    accepted and then cancelled with the assignment (status "cancelled" with a
    decision) stays, as cancelled, so the event is struck out rather than silently
    gone. Left out: claims still waiting or declined (no place), claims closed
    unanswered (cancelled without a decision), and claims the resident withdrew: they
    took that decision themselves, and a subscribed calendar drops the event at its
    next fetch. One query.
    """
    claims = (
        Claim.objects.filter(resident=user)
        .filter(Q(status__in=OWN_FEED_CLAIM_STATUSES) | Q(status=Claim.Status.CANCELLED, decided_at__isnull=False))
        .select_related(*(f"assignment__{name}" for name in EVENT_RELATED))
        .order_by("assignment__starts_at", "assignment__deadline", "assignment_id", "-created_at")
    )
    entries: dict[int, Entry] = {}
    for claim in claims:
        cancelled = claim.status == Claim.Status.CANCELLED
        known = entries.get(claim.assignment_id)
        # Should a live claim and a cancelled one share an assignment, the live one counts.
        if known is None or (known.cancelled and not cancelled):
            entries[claim.assignment_id] = Entry(claim.assignment, cancelled=cancelled)
    return list(entries.values())


def association_assignments(association: Association, *, now=None) -> QuerySet[Assignment]:
    """The association's assignments for its members' calendar, oldest first.

    Input: the association; `now`, an aware datetime (default: timezone.now()). Output:
    a QuerySet of published, filled, completed, cancelled and expired assignments
    (cancelled and expired ones show as cancelled, see ical.EVENT_STATUS); not drafts.
    Past ones only for ASSOCIATION_FEED_PAST (180 days): a time window that ended, or a
    deadline (Europe/Stockholm date) that passed, before then is left out.
    """
    now = now or timezone.now()
    since = now - ASSOCIATION_FEED_PAST
    return (
        Assignment.objects.filter(association=association, status__in=ASSOCIATION_FEED_STATUSES)
        .filter(Q(ends_at__gte=since) | Q(deadline__gte=timezone.localdate(since)))
        .select_related(*EVENT_RELATED)
        .order_by("starts_at", "deadline", "pk")
    )


def feed_entries(feed: CalendarFeed) -> list[Entry]:
    """What a feed holds now (see own_entries and association_assignments)."""
    if feed.association_id is None:
        return own_entries(feed.user)
    return [Entry(assignment) for assignment in association_assignments(feed.association)]


def visible_assignment(user: User, pk: int) -> Assignment | None:
    """An assignment as its page shows it, or None where its page says "not found".

    The rule of the assignment page (assignments.views): a draft is seen only by
    members of its association; everything else by anyone.
    """
    assignment = Assignment.objects.select_related(*EVENT_RELATED).filter(pk=pk).first()
    if assignment is None:
        return None
    if assignment.status == Assignment.Status.DRAFT and not (
        user.is_authenticated and is_member(user, assignment.association)
    ):
        return None
    return assignment


def feed_rows(user: User) -> dict:
    """The calendar page's content: the own feed, one row per association, and leftover feeds.

    Output: {"own": feed or None, "associations": [(membership, feed or None)],
    "stale": [feeds of associations the person has left]}. Two queries.
    """
    feeds = list(CalendarFeed.objects.filter(user=user).select_related("association"))
    memberships = list(
        AssociationMembership.objects.filter(user=user).select_related("association").order_by("association__name")
    )
    by_association = {feed.association_id: feed for feed in feeds}
    member_of = {membership.association_id for membership in memberships}
    return {
        "own": by_association.get(None),
        "associations": [(m, by_association.get(m.association_id)) for m in memberships],
        "stale": [f for f in feeds if f.association_id is not None and f.association_id not in member_of],
    }
