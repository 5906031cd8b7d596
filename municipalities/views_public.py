"""Open data: the public figures and the unmet demand of a municipality, as CSV and JSON.

The URLs are stable and public. The files hold only aggregates, suppressed exactly as on
the public page ("<5"), and state their licence (CC0 1.0) in the JSON body and in an
HTTP Link header, since a comment line in a CSV file would break Excel.
"""

import json

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone

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


def _data(municipality: Municipality, name: str) -> tuple[statistics.Table, statistics.Period]:
    """The table behind an open-data file: "nyckeltal" (public figures) or "efterfragan"."""
    today = timezone.localdate()
    period = statistics.Period.named("last_12_months", today=today)
    if name == "nyckeltal":
        figures = statistics.public_figures(municipality, today=today)
        rows = [[figure.key, figure.label, figure.current, figure.unit, figure.how] for figure in figures]
        # Column names are stable keys, in English, whatever the site's language: programs read them.
        table = statistics.Table("nyckeltal", "", "", ["key", "label", "value", "unit", "how"], rows, None)
        return table, period
    if name == "efterfragan":
        return statistics.unmet_demand(municipality, period), period
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
    table, _period = _data(municipality, name)
    return _respond(table_csv(table), "text/csv; charset=utf-8", f"{code}-{name}.csv")


@ascii_code
def open_data_json(request: HttpRequest, code: str, name: str) -> HttpResponse:
    """The same rows as the CSV, as JSON with the period, the licence and how each figure is counted."""
    municipality = get_object_or_404(Municipality, code=code)
    table, period = _data(municipality, name)
    body = {
        "municipality": {"code": municipality.code, "name": municipality.name},
        "period": {"start": period.start.isoformat(), "end_exclusive": period.end.isoformat()},
        "licence": {"name": LICENCE_NAME, "url": LICENCE_URL},
        "suppressed": "<5",
        "columns": [str(column) for column in table.columns],
        "rows": [[_cell(cell) for cell in row] for row in table.rows],
    }
    if table.how:
        body["how"] = table.how
    payload = json.dumps(body, ensure_ascii=False, indent=2).encode("utf-8")
    return _respond(payload, "application/json; charset=utf-8", f"{code}-{name}.json")
