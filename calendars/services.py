"""Making, renewing and turning off secret calendar addresses."""

import secrets
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone

from associations.models import Association
from calendars.models import CalendarFeed
from calendars.queries import is_member
from members.models import User

# A calendar app fetches a feed every few minutes to every day; writing each fetch
# would cost a database write per poll for a "last used" that only needs the hour.
FETCH_MARK_INTERVAL = timedelta(hours=1)


def new_token() -> str:
    """A fresh secret: 43 URL-safe characters, 256 random bits (secrets.token_urlsafe)."""
    return secrets.token_urlsafe(32)


def feed_create(*, user: User, association: Association | None = None) -> CalendarFeed:
    """The person's feed for their own assignments (association None) or for an association.

    Input: the person and, for an association's feed, the association. Output: the
    feed; if it exists already, the existing one, unchanged (a double click makes no
    second address). Raises Http404 when the person is not a member of the
    association: to them, someone else's association feed does not exist.
    """
    if association is not None and not is_member(user, association):
        raise Http404
    existing = CalendarFeed.objects.filter(user=user, association=association).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return CalendarFeed.objects.create(user=user, association=association, token=new_token())
    except IntegrityError:
        # The same request twice at once: the unique constraints let one through.
        return CalendarFeed.objects.get(user=user, association=association)


def feed_renew(*, feed: CalendarFeed, by: User) -> CalendarFeed:
    """Give the feed a new secret address; the old one stops working at once.

    Input: the feed and who asks. Raises Http404 unless it is their own feed.
    """
    if feed.user_id != by.pk:
        raise Http404
    feed.token = new_token()
    feed.last_fetched_at = None
    feed.save(update_fields=["token", "last_fetched_at"])
    return feed


def feed_delete(*, feed: CalendarFeed, by: User) -> None:
    """Turn the feed off: its address stops working. Raises Http404 unless it is their own."""
    if feed.user_id != by.pk:
        raise Http404
    feed.delete()


def feed_mark_fetched(*, feed: CalendarFeed, now: datetime | None = None) -> bool:
    """Note that a calendar app fetched the feed, at most once per FETCH_MARK_INTERVAL.

    Input: the feed as loaded for this fetch, and the time (default now, UTC). Output:
    whether a write was made. Within the interval of the last mark nothing is written;
    the conditional UPDATE keeps two fetches at the same moment to one mark.
    """
    now = now or timezone.now()
    if feed.last_fetched_at is not None and now - feed.last_fetched_at < FETCH_MARK_INTERVAL:
        return False
    stale = CalendarFeed.objects.filter(pk=feed.pk).exclude(last_fetched_at__gt=now - FETCH_MARK_INTERVAL)
    marked = stale.update(last_fetched_at=now) == 1
    if marked:
        feed.last_fetched_at = now
    return marked
