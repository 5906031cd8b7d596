"""How django-axes names the person trying to log in, and what it shows when it says no."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone


def username_from(request: HttpRequest, credentials: dict | None = None) -> str:
    """Return the e-mail address a login attempt is for, lower-cased.

    Inputs: the request and the credentials given to authenticate(), if any. allauth's
    login and reauthentication pass `email`; the admin's login form passes `username`;
    without credentials the posted form is read (`login` on /konto/login/).
    Output: the address, or "" when the attempt names none. Lower-cased so that
    "Anna@Exempel.se" and "anna@exempel.se" share one count.
    """
    credentials = credentials or {}
    data = getattr(request, "POST", {}) if request is not None else {}
    for value in (
        credentials.get("email"),
        credentials.get("username"),
        data.get("login"),
        data.get("username"),
        data.get("email"),
    ):
        if value:
            return str(value).strip().lower()
    return ""


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: dict | None = None
) -> HttpResponse:
    """Render the lockout page (AXES_LOCKOUT_TEMPLATE) with status 429.

    Output: a page that says how long to wait, until what time (every attempt during
    the lockout starts the wait again), and how to reset the password.
    """
    cool_off = settings.AXES_COOLOFF_TIME
    context = {
        "minutes": int(cool_off.total_seconds() // 60),
        "retry_at": timezone.localtime() + cool_off,
    }
    return render(request, settings.AXES_LOCKOUT_TEMPLATE, context, status=settings.AXES_HTTP_RESPONSE_CODE)
