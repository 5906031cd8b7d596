"""The staff link in the main menu, with how many associations wait for review."""

import time

from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from municipalities.models import StaffMembership

SESSION_KEY = "staff_menu"
# Who is staff is kept in the session, so a resident's pages cost no query for it. It is read
# again at each login and after this long, so a new colleague sees the link within minutes.
REFRESH_SECONDS = 300


def staff_places(request, *, refresh: bool = False) -> list[list[str]]:
    """[[municipality code, role], ...] of the logged-in person's staff memberships, by name.

    Read from the session when it was stored for this person less than REFRESH_SECONDS ago;
    otherwise (or with `refresh`) from the database, one query, and stored again."""
    user = request.user
    stored = request.session.get(SESSION_KEY)
    fresh = (
        isinstance(stored, dict)
        and stored.get("user") == user.pk
        and time.time() - stored.get("at", 0) < REFRESH_SECONDS
    )
    if refresh or not fresh:
        places = [
            [code, role]
            for code, role in StaffMembership.objects.filter(user=user)
            .order_by("municipality__name")
            .values_list("municipality__code", "role")
        ]
        stored = {"user": user.pk, "at": time.time(), "places": places}
        request.session[SESSION_KEY] = stored
    return stored["places"]


def staff_entry_url(places: list[list[str]]) -> str | None:
    """The staff home for one municipality, the chooser for several, None for no staff."""
    if not places:
        return None
    if len(places) == 1:
        return reverse("municipalities:staff_home", args=[places[0][0]])
    return reverse("municipalities:staff_start")


def _menu(places: list[list[str]]) -> dict:
    from municipalities.queries_staff import waiting_count

    admin_codes = [code for code, role in places if role == StaffMembership.Role.ADMIN]
    return {"url": staff_entry_url(places), "waiting": waiting_count(admin_codes)}


def staff_menu(request) -> dict:
    """`staff_menu` for the main menu: {"url", "waiting"} for municipal staff, {} for everyone
    else; and `staff_role_here`, the person's role in the municipality whose staff page this is
    ("" elsewhere).

    Both are lazy: nothing is read until a template uses them, so fragments and JSON answers
    that show no menu cost no query. Who is staff is then read once a session (see
    staff_places); for staff, the waiting count is one more query, and viewers, who do not
    review, get 0 without one."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not hasattr(request, "session"):
        return {}
    places = SimpleLazyObject(lambda: staff_places(request))
    # The role on a municipality's own pages (/kommuner/<code>/...), for the staff navigation.
    match = getattr(request, "resolver_match", None)
    code = match.kwargs.get("code") if match is not None and match.app_name == "municipalities" else None
    return {
        "staff_menu": SimpleLazyObject(lambda: _menu(places) if places else {}),
        "staff_role_here": SimpleLazyObject(lambda: next((role for place, role in places if place == code), "")),
    }
