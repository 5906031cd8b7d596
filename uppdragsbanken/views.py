import logging

from django.conf import settings
from django.db import connection
from django.db.utils import DatabaseError
from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from assignments.queries import latest_open_assignments
from members.models import User
from municipalities.queries import pilot_municipalities

logger = logging.getLogger(__name__)


def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "home.html",
        {"assignments": latest_open_assignments(user=request.user, limit=6), "pilots": pilot_municipalities()},
    )


def about(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/about.html")


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/accessibility.html")


def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/privacy.html")


def robots_txt(request: HttpRequest) -> HttpResponse:
    """No database: also the trivial view the benchmarks compare pages against."""
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /konto/",
        "Disallow: /mina-sidor/",
        "Disallow: /inbjudan/",
        "Disallow: /intyg/",
        "Disallow: /kalender/",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness for load balancers: 200 when the database answers a query."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        logger.warning("healthz: database unavailable: %s", exc)
        return JsonResponse({"status": "unavailable", "database": "down"}, status=503)
    return JsonResponse({"status": "ok", "database": "up"})


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language switch, which also remembers the choice for e-mail."""
    response = django_set_language(request)
    language = request.POST.get("language")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        User.objects.filter(pk=request.user.pk).update(language=language)
    return response


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    message = str(exception) if exception and str(exception) else _("Du har inte behörighet att se den här sidan.")
    return render(request, "403.html", {"message": message}, status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    try:
        return HttpResponseServerError(render_to_string("500.html", request=request))
    except Exception:
        logger.exception("Could not render the error page")
        return HttpResponseServerError(
            "<!doctype html><html lang='sv'><title>Serverfel</title>"
            "<h1>Något gick fel</h1><p>Försök igen om en stund.</p></html>"
        )


def crash(request: HttpRequest) -> HttpResponse:
    raise RuntimeError(_("Ett avsiktligt fel för att visa felsidan."))
