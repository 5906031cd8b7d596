import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.cache import get_conditional_response
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from associations.models import Association
from calendars import ical, queries, services
from calendars.models import CalendarFeed

# Calendar apps may keep a feed this long (seconds) before asking again; private: never a shared cache.
FEED_MAX_AGE = 15 * 60


def _ics_response(request: HttpRequest, body: bytes, *, max_age: int, filename: str | None = None) -> HttpResponse:
    """A text/calendar response that never leaks its address onward, with an ETag for polling apps."""
    etag = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["ETag"] = etag
    response["Cache-Control"] = f"private, max-age={max_age}"
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return get_conditional_response(request, etag=etag, response=response)


@require_safe
def feed(request: HttpRequest, token: str) -> HttpResponse:
    """A subscribed calendar: the own or association feed behind a secret address, or 404."""
    calendar_feed = queries.feed_by_token(token)
    if calendar_feed is None:
        raise Http404
    if calendar_feed.association_id is not None and not queries.is_member(
        calendar_feed.user, calendar_feed.association
    ):
        raise Http404  # checked on every fetch: leaving the association ends the feed
    with translation.override(calendar_feed.user.language):
        if calendar_feed.association_id is None:
            name = _("Uppdragsbanken: mina uppdrag")
        else:
            name = _("Uppdragsbanken: %(name)s") % {"name": calendar_feed.association.name}
        body = ical.to_ics(ical.build_calendar(queries.feed_entries(calendar_feed), name=name))
    services.feed_mark_fetched(feed=calendar_feed)
    return _ics_response(request, body, max_age=FEED_MAX_AGE)


@require_safe
def assignment_ics(request: HttpRequest, pk: int) -> HttpResponse:
    """One assignment as a .ics file to open in a calendar, for whoever may see its page."""
    assignment = queries.visible_assignment(request.user, pk)
    if assignment is None:
        raise Http404
    calendar = ical.build_calendar([ical.Entry(assignment)], name=assignment.title)
    return _ics_response(request, ical.to_ics(calendar), max_age=300, filename=f"uppdrag-{assignment.pk}.ics")


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    return render(request, "calendars/mine.html", _page_context(request))


def _page_context(request: HttpRequest) -> dict:
    rows = queries.feed_rows(request.user)
    return {
        "own": _feed_links(request, rows["own"]),
        "associations": [(m, _feed_links(request, f)) for m, f in rows["associations"]],
        "stale": [_feed_links(request, f) for f in rows["stale"]],
    }


def _feed_links(request: HttpRequest, feed: CalendarFeed | None) -> dict | None:
    """The feed with its addresses: https (to paste) and webcal (to open in a calendar app)."""
    if feed is None:
        return None
    url = ical.feed_url(feed)
    return {"feed": feed, "url": url, "webcal": "webcal://" + url.split("://", 1)[1]}


@login_required
@require_POST
def create(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    association = get_object_or_404(Association, slug=slug) if slug else None
    services.feed_create(user=request.user, association=association)
    messages.success(request, _("Klart! Din kalenderadress är skapad. Kopiera den till din kalender."))
    return redirect("calendars:mine")


def _own_feed(request: HttpRequest, pk: int) -> CalendarFeed:
    # Another person's feed id is simply not found.
    return get_object_or_404(CalendarFeed, pk=pk, user=request.user)


@login_required
@require_POST
def renew(request: HttpRequest, pk: int) -> HttpResponse:
    services.feed_renew(feed=_own_feed(request, pk), by=request.user)
    messages.success(
        request,
        _("Du har fått en ny adress. Den gamla fungerar inte längre, så byt till den nya i din kalender."),
    )
    return redirect("calendars:mine")


@login_required
@require_POST
def delete(request: HttpRequest, pk: int) -> HttpResponse:
    services.feed_delete(feed=_own_feed(request, pk), by=request.user)
    messages.success(
        request,
        _(
            "Kalenderadressen är avstängd. Ta också bort prenumerationen i din kalender, "
            "annars kan gamla uppdrag ligga kvar där."
        ),
    )
    return redirect("calendars:mine")
