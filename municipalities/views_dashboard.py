"""The staff dashboard: figures, charts, downloads, a print view and a region view.

Every number comes from municipalities.statistics; these views only check who may
see it, read the chosen period and pick the response.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from municipalities import charts, exports, statistics
from municipalities.models import Municipality, StaffMembership
from municipalities.views import ascii_code
from uppdragsbanken.permissions import ensure_verified

# The query parameters that choose a period; downloads and the print view keep them.
PERIOD_PARAMS = ("period", "from", "to")
PERIOD_CHOICES = ("this_month", "last_month", "this_quarter", "this_year", "last_12_months")
# The headline figures download like a table, under this key (no table of statistics has it).
FIGURES_KEY = "figures"
# The table that always covers the 24 months up to the end of the period, whatever its length.
MONTHLY_KEY = "monthly"
# Each table's download is named in Swedish (ASCII only, for every file system), like the open data's
# "nyckeltal" and "efterfragan"; the table keys in the URLs stay as they are.
FILE_NAMES = {
    FIGURES_KEY: "nyckeltal",
    "by_category": "per-kategori",
    "by_locality": "per-ort",
    "by_association": "per-forening",
    "by_goal": "per-utvecklingsmal",
    MONTHLY_KEY: "manad-for-manad",
    "unmet_demand": "efterfragan",
    "by_payment_route": "per-betalningssatt",
    "by_situation": "efter-situation",
    "employment_effect": "vagen-till-arbete",
    "pathway_funnel": "vagen-till-arbete-steg",
}
# The cards come in three groups, so that 19 figures read as three short lists.
FIGURE_GROUPS = (
    (
        gettext_lazy("Uppdrag"),
        (
            "assignments_published",
            "assignments_claimed",
            "assignments_filled",
            "assignments_completed",
            "assignments_cancelled",
            "assignments_expired",
            "fill_rate",
            "median_days_to_first_claim",
            "median_days_to_filled",
        ),
    ),
    (
        gettext_lazy("Timmar och ersättning"),
        (
            "hours_confirmed",
            "hours_voluntary",
            "hours_paid",
            "compensation_umbrella",
            "compensation_f_tax",
            "compensation_employment",
        ),
    ),
    (
        gettext_lazy("Invånare och föreningar"),
        ("residents_engaged", "residents_first_time", "residents_three_plus", "active_associations"),
    ),
)


def _staff_municipality(request: HttpRequest, code: str) -> tuple[Municipality, str, bool]:
    """The municipality of `code` if the user is on its staff (viewer or admin), their role
    there, and whether they are on the staff of more than one municipality (for the region link).

    Raises Http404 for an unknown code and PermissionDenied for everyone else,
    platform superusers included: the figures are the municipality's own, and a
    platform admin who needs them is added as staff, which leaves a trace.
    """
    municipality = get_object_or_404(Municipality, code=code)
    ensure_verified(request.user)
    theirs = dict(StaffMembership.objects.filter(user=request.user).values_list("municipality_id", "role"))
    if municipality.pk not in theirs:
        raise PermissionDenied(
            _("Statistiken för %(name)s är bara för kommunens personal.") % {"name": municipality.name}
        )
    return municipality, theirs[municipality.pk], len(theirs) > 1


def _period_params(request: HttpRequest) -> QueryDict:
    """The period the form asks for, as statistics.period_from_query reads it.

    The form has one radio button per named period and one for "own months" with two
    month fields: a named period wins over months typed but not chosen, and months need
    the "own months" button or no button at all (a link with only from/to)."""
    params = QueryDict(mutable=True)
    chosen = request.GET.get("period", "")
    if chosen and chosen != "months":
        params["period"] = chosen
        return params
    for key in ("from", "to"):
        if request.GET.get(key, "").strip():
            params[key] = request.GET[key].strip()
    return params


def _period_query(request: HttpRequest) -> str:
    """The query string that chooses the same period on the downloads and the print view."""
    return _period_params(request).urlencode()


def _choose_period(request: HttpRequest, *, earliest: date | None) -> statistics.Period:
    """The period the query asks for. Raises statistics.PeriodError with a plain message."""
    params = _period_params(request)
    if request.GET.get("period") == "months" and not params:
        raise statistics.PeriodError(_("Ange både en första och en sista månad."))
    return statistics.period_from_query(params, today=timezone.localdate(), earliest=earliest)


@dataclass(frozen=True)
class FigureRow:
    """A headline figure ready to show: the two values and the change between them, in words."""

    figure: statistics.Figure
    change: str
    change_words: str
    direction: str  # "up", "down", "same" or "" when a value is suppressed


def figure_row(figure: statistics.Figure) -> FigureRow:
    """The change from the previous period, never computed from a suppressed value.

    The words name the unit, and a change of a share in per cent is in percentage points:
    "18,4 %" lower could otherwise be read as a fifth less."""
    current, previous = figure.current, figure.previous
    if current.suppressed or previous.suppressed or current.value is None or previous.value is None:
        return FigureRow(figure, "", _("Ingen jämförelse: för få för att visa."), "")
    difference = current.value - previous.value
    if not difference:
        return FigureRow(figure, "±0", _("Samma som föregående period."), "same")
    if difference > 0:
        words = _("Ökning med %(change)s jämfört med föregående period.")
    else:
        words = _("Minskning med %(change)s jämfört med föregående period.")
    amount = str(statistics.Count(abs(difference)))
    unit = _("procentenheter") if figure.unit == "%" else figure.unit
    change = _("%(amount)s %(unit)s") % {"amount": amount, "unit": unit} if unit else amount
    sign = "+" if difference > 0 else "−"
    return FigureRow(figure, sign + amount, words % {"change": change}, "up" if difference > 0 else "down")


def figure_groups(rows: list[FigureRow]) -> list[tuple[str, list[FigureRow]]]:
    """The cards under their group's heading, in FIGURE_GROUPS order; a figure no group names
    comes last under "Fler nyckeltal", so a new figure is never left off the page."""
    placed = {key for _title, keys in FIGURE_GROUPS for key in keys}
    groups = [(str(title), [row for row in rows if row.figure.key in keys]) for title, keys in FIGURE_GROUPS]
    rest = [row for row in rows if row.figure.key not in placed]
    if rest:
        groups.append((_("Fler nyckeltal"), rest))
    return [(title, members) for title, members in groups if members]


def figures_table(board: statistics.Dashboard) -> statistics.Table:
    """The headline figures as a table, for the downloads: figure, this period, the period
    before, unit and how it is counted. The cells are the cards' own, "<5" included."""
    columns = [
        _("Nyckeltal"),
        _("Perioden %(period)s") % {"period": board.period.label},
        _("Perioden innan, %(period)s") % {"period": board.previous.label},
        _("Enhet"),
        _("Så räknas det"),
    ]
    rows = [[f.label, f.current, f.previous, f.unit, f.how] for f in board.figures]
    how = _("Varje nyckeltal för perioden och för perioden innan, som lika lång, med hur det räknas.")
    return statistics.Table(FIGURES_KEY, _("Nyckeltal"), how, columns, rows, None)


def table_period_label(table: statistics.Table, period: statistics.Period) -> str:
    """The time a table covers, in words: the chosen period, except for the monthly series,
    which always shows the 24 months up to the period's end (its first and last row)."""
    if table.key == MONTHLY_KEY and table.rows:
        return _("de %(count)d månaderna %(first)s – %(last)s") % {
            "count": len(table.rows),
            "first": table.rows[0][0],
            "last": table.rows[-1][0],
        }
    return period.label


@dataclass(frozen=True)
class ChartedTable:
    """A table with its chart, and the name of the column the chart draws."""

    table: statistics.Table
    svg: str | None
    period_label: str

    @property
    def chart_column_name(self) -> str:
        columns = self.table.columns
        return str(columns[self.table.chart_column]) if len(columns) > self.table.chart_column else ""


def _chosen(request: HttpRequest) -> dict:
    """What the person typed or picked, to put back in the form as it was."""
    return {key: request.GET.get(key, "") for key in PERIOD_PARAMS}


def _dashboard_context(
    request: HttpRequest, municipality: Municipality, board: statistics.Dashboard, *, role: str, several: bool
) -> dict:
    rows = [figure_row(f) for f in board.figures]
    return {
        "municipality": municipality,
        "staff_role_here": role,
        "several_municipalities": several,
        "board": board,
        "figure_rows": rows,
        "figure_groups": figure_groups(rows),
        "figures_key": FIGURES_KEY,
        "tables": [
            ChartedTable(table, charts.chart_svg(table), table_period_label(table, board.period))
            for table in board.tables
        ],
        "query": _period_query(request),
        "chosen": _chosen(request),
        "period_choices": PERIOD_CHOICES,
    }


def _board_page(request: HttpRequest, code: str, template: str) -> HttpResponse:
    municipality, role, several = _staff_municipality(request, code)
    try:
        period = _choose_period(request, earliest=statistics.earliest_assignment(municipality))
    except statistics.PeriodError as error:
        # The form comes back with what was typed and the message; no figures for a period that is not one.
        context = {
            "municipality": municipality,
            "staff_role_here": role,
            "period_error": str(error),
            "chosen": _chosen(request),
            "period_choices": PERIOD_CHOICES,
        }
        return render(request, "municipalities/dashboard.html", context, status=400)
    board = statistics.dashboard(municipality, period)
    return render(request, template, _dashboard_context(request, municipality, board, role=role, several=several))


@ascii_code
@login_required
def dashboard(request: HttpRequest, code: str) -> HttpResponse:
    return _board_page(request, code, "municipalities/dashboard.html")


@ascii_code
@login_required
def dashboard_print(request: HttpRequest, code: str) -> HttpResponse:
    return _board_page(request, code, "municipalities/dashboard_print.html")


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _file_response(table: statistics.Table, kind: str, name: str, about: list[tuple[str, str]]) -> HttpResponse:
    """The table as a CSV or XLSX attachment called `name`; `about` goes on the workbook's second sheet."""
    if kind == "csv":
        response = HttpResponse(exports.table_csv(table), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(exports.table_xlsx(table, about=about), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _download(request: HttpRequest, code: str, table_key: str, kind: str) -> HttpResponse:
    municipality, _role, _several = _staff_municipality(request, code)
    try:
        period = _choose_period(request, earliest=statistics.earliest_assignment(municipality))
    except statistics.PeriodError as error:
        return HttpResponse(str(error), status=400, content_type="text/plain; charset=utf-8")
    board = statistics.dashboard(municipality, period)
    table = next((t for t in [figures_table(board), *board.tables] if t.key == table_key), None)
    if table is None:
        raise Http404(_("Det finns ingen tabell som heter så."))
    last_day = period.end - timedelta(days=1)
    file_name = FILE_NAMES.get(table.key, table.key)
    name = f"statistik-{municipality.code}-{file_name}-{period.start:%Y-%m-%d}-{last_day:%Y-%m-%d}.{kind}"
    about = [
        (_("Kommun"), municipality.name),
        (_("Period"), table_period_label(table, period)),
        (_("Tabell"), table.title),
        (_("Så räknas det"), table.how),
        (_("Gjord"), timezone.localtime(board.made_at).strftime("%Y-%m-%d %H:%M")),
    ]
    return _file_response(table, kind, name, about)


@ascii_code
@login_required
def dashboard_csv(request: HttpRequest, code: str, table_key: str) -> HttpResponse:
    return _download(request, code, table_key, "csv")


@ascii_code
@login_required
def dashboard_xlsx(request: HttpRequest, code: str, table_key: str) -> HttpResponse:
    return _download(request, code, table_key, "xlsx")


def _region(request: HttpRequest) -> tuple[dict, statistics.Table | None, str]:
    """What the region page and its downloads share: the context, the table (None for a
    period that cannot be shown) and the message for such a period.

    Raises PermissionDenied for someone on the staff of no municipality."""
    ensure_verified(request.user)
    municipalities = list(Municipality.objects.filter(staff_memberships__user=request.user).order_by("name").distinct())
    if not municipalities:
        raise PermissionDenied(_("Regionens statistik är bara för kommunernas personal."))
    context = {"municipalities": municipalities, "chosen": _chosen(request), "period_choices": PERIOD_CHOICES}
    try:
        period = _choose_period(request, earliest=None)
    except statistics.PeriodError as error:
        return context, None, str(error)
    context.update(period=period, query=_period_query(request))
    return context, statistics.region(municipalities, period), ""


@login_required
def region(request: HttpRequest) -> HttpResponse:
    """Every municipality the user is on the staff of, side by side on the headline figures."""
    context, table, error = _region(request)
    if table is None:
        return render(request, "municipalities/region.html", {**context, "period_error": error}, status=400)
    return render(request, "municipalities/region.html", {**context, "table": table})


def _region_download(request: HttpRequest, kind: str) -> HttpResponse:
    context, table, error = _region(request)
    if table is None:
        return HttpResponse(error, status=400, content_type="text/plain; charset=utf-8")
    period = context["period"]
    last_day = period.end - timedelta(days=1)
    name = f"statistik-region-{period.start:%Y-%m-%d}-{last_day:%Y-%m-%d}.{kind}"
    about = [
        (_("Kommuner"), ", ".join(m.name for m in context["municipalities"])),
        (_("Period"), period.label),
        (_("Tabell"), table.title),
        (_("Så räknas det"), table.how),
        (_("Gjord"), timezone.localtime().strftime("%Y-%m-%d %H:%M")),
    ]
    return _file_response(table, kind, name, about)


@login_required
def region_csv(request: HttpRequest) -> HttpResponse:
    return _region_download(request, "csv")


@login_required
def region_xlsx(request: HttpRequest) -> HttpResponse:
    return _region_download(request, "xlsx")
