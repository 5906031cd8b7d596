"""The "Handledning" link in the header, for people who are supporters."""

import time

from django.utils.functional import SimpleLazyObject

from pathways.access import supporter_memberships

SESSION_KEY = "is_supporter"
# Whether someone is a supporter is kept in the session, so a page costs no query for it. It is
# read again after this long, at a new login, and whenever the supporter home is opened.
REFRESH_SECONDS = 300


def is_supporter(request, *, refresh: bool = False) -> bool:
    """Whether the logged-in person is a supporter in any association.

    From the session when stored for this person less than REFRESH_SECONDS ago; otherwise (or
    with `refresh`) one query, stored again. False for anonymous requests, without a query."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not hasattr(request, "session"):
        return False
    stored = request.session.get(SESSION_KEY)
    fresh = (
        isinstance(stored, dict)
        and stored.get("user") == user.pk
        and time.time() - stored.get("at", 0) < REFRESH_SECONDS
    )
    if refresh or not fresh:
        stored = {"user": user.pk, "at": time.time(), "value": supporter_memberships(user).exists()}
        request.session[SESSION_KEY] = stored
    return bool(stored["value"])


def supporter_menu(request) -> dict:
    """`supporter_menu`: truthy when the header should show the "Handledning" link. Lazy, so a
    page that shows no header reads nothing; then read once a session (see is_supporter)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"supporter_menu": False}
    return {"supporter_menu": SimpleLazyObject(lambda: is_supporter(request))}


def remember_supporter(request, value: bool) -> None:
    """Store what a page has just learnt (the supporter home reads the memberships anyway), so the
    header follows at once, without a query of its own. Writes the session only on a change."""
    if not request.user.is_authenticated or not hasattr(request, "session"):
        return
    stored = request.session.get(SESSION_KEY)
    if isinstance(stored, dict) and stored.get("user") == request.user.pk and stored.get("value") == bool(value):
        return  # nothing new: no session write
    request.session[SESSION_KEY] = {"user": request.user.pk, "at": time.time(), "value": bool(value)}
