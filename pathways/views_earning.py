"""Being paid without a company: the public page on the three paid routes, and the resident's
own compensation summary."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from pathways.compensation import compensation_years
from pathways.earning_sources import FOR_ALL, ROUTES, cited_sources

YEAR_PARAMETER = "ar"


class YearForm(forms.Form):
    """The summary's `?ar=` filter: a year with four digits, or nothing for every year."""

    ar = forms.IntegerField(required=False, min_value=1900, max_value=9999)


def earning(request: HttpRequest) -> HttpResponse:
    """/att-fa-betalt/: what each paid route means, costs and asks of the resident, every fact
    with its source and the date it was checked."""
    return render(
        request,
        "pathways/earning.html",
        {"routes": ROUTES, "for_all": FOR_ALL, "sources": cited_sources()},
    )


@login_required
def compensation(request: HttpRequest) -> HttpResponse:
    """/mina-sidor/ersattning/: the logged-in resident's confirmed hours and stated compensation
    per year and payment route, with the assignments behind them. `?ar=2026` shows one year; a
    value that is not a year shows every year with a message saying so."""
    form = YearForm(request.GET)
    year, message = None, None
    if not form.is_valid():
        message = _("Vi kunde inte läsa årtalet i adressen. Här visas alla år.")
    else:
        year = form.cleaned_data[YEAR_PARAMETER]
    years = compensation_years(request.user, year=year)
    shown = [summary for summary in years if year is None or summary.year == year]
    if year is not None and not shown:
        message = _("Du har inga bekräftade uppdrag år %(year)s. Här visas alla år.") % {"year": year}
        year, shown = None, years
    context = {
        "years": years,
        "shown": shown,
        "year": year,
        "message": message,
        "made_at": timezone.now(),
    }
    return render(request, "pathways/compensation.html", context)
