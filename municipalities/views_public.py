"""Open data: the public figures and the unmet demand of a municipality, as CSV and JSON.

The URLs are stable and public. The files hold only aggregates, suppressed exactly as on
the public page ("<5"), and state their licence (CC0 1.0) in the JSON body and in an
HTTP Link header, since a comment line in a CSV file would break Excel.
"""

import json

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from municipalities import statistics
from municipalities.exports import table_csv
from municipalities.models import Municipality
from municipalities.views import ascii_code

LICENCE_URL = "https://creativecommons.org/publicdomain/zero/1.0/"
LICENCE_NAME = "CC0 1.0"


def _cell(cell):
    """A JSON value: a number, "<5" when suppressed, a label, or null."""
    if isinstance(cell, statistics.Count):
        if cell.suppressed:
            return "<5"
        return None if cell.value is None else (int(cell.value) if cell.value == int(cell.value) else float(cell.value))
    return cell


# Column names are stable ASCII keys in every file, whatever the site's language: programs read
# them. The JSON also gives each column's label in words (`column_labels`).
FIGURE_COLUMNS = ["key", "label", "value", "unit", "how"]
DEMAND_COLUMNS = ["category", "locality", "assignments", "places_unfilled"]


def _data(municipality: Municipality, name: str) -> tuple[statistics.Table, list[str], statistics.Period]:
    """The table behind an open-data file, "nyckeltal" (public figures) or "efterfragan", its
    columns' labels in words, and its period. The table's columns are the ASCII keys."""
    today = timezone.localdate()
    period = statistics.Period.named("last_12_months", today=today)
    if name == "nyckeltal":
        figures = statistics.public_figures(municipality, today=today)
        rows = [[figure.key, figure.label, figure.current, figure.unit, figure.how] for figure in figures]
        table = statistics.Table("nyckeltal", "", "", FIGURE_COLUMNS, rows, None)
        labels = [_("Nyckel"), _("Nyckeltal"), _("Värde"), _("Enhet"), _("Så räknas det")]
        return table, labels, period
    if name == "efterfragan":
        demand = statistics.unmet_demand(municipality, period)
        table = statistics.Table(demand.key, demand.title, demand.how, DEMAND_COLUMNS, demand.rows, None)
        return table, [str(column) for column in demand.columns], period
    raise Http404


def _respond(body: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Link"] = f'<{LICENCE_URL}>; rel="license"; title="{LICENCE_NAME}"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


@ascii_code
def open_data_csv(request: HttpRequest, code: str, name: str) -> HttpResponse:
    """CSV for Swedish Excel: UTF-8 with BOM, semicolons, decimal comma, "<5" where suppressed."""
    municipality = get_object_or_404(Municipality, code=code)
    table, _labels, _period = _data(municipality, name)
    return _respond(table_csv(table), "text/csv; charset=utf-8", f"{code}-{name}.csv")


@ascii_code
def open_data_json(request: HttpRequest, code: str, name: str) -> HttpResponse:
    """The same rows as the CSV, as JSON with the period, the licence and how each figure is counted."""
    municipality = get_object_or_404(Municipality, code=code)
    table, labels, period = _data(municipality, name)
    body = {
        "municipality": {"code": municipality.code, "name": municipality.name},
        # An ongoing period ends with the day the file was made (statistics.Period.so_far).
        "period": {
            "start": period.start.isoformat(),
            "end_exclusive": period.end.isoformat(),
            "ongoing": period.ongoing,
        },
        "licence": {"name": LICENCE_NAME, "url": LICENCE_URL},
        "suppressed": "<5",
        "columns": [str(column) for column in table.columns],
        "column_labels": dict(zip(table.columns, labels, strict=True)),
        "columns_note": _(
            "Kolumnernas namn är fasta nycklar med bara ASCII-tecken, desamma i CSV och JSON och på alla "
            "språk, så att program kan läsa dem. column_labels ger varje kolumns namn i ord."
        ),
        "rows": [[_cell(cell) for cell in row] for row in table.rows],
    }
    if table.how:
        body["how"] = table.how
    payload = json.dumps(body, ensure_ascii=False, indent=2).encode("utf-8")
    return _respond(payload, "application/json; charset=utf-8", f"{code}-{name}.json")
