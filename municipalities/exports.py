"""A statistics table as a download: CSV for Swedish Excel, and XLSX.

Both files hold exactly the cells the dashboard shows: the same rows, the same
numbers and "<5" where the page shows "<5". Nothing here computes a figure.
"""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from uppdragsbanken.filtering import UNREADABLE

SUPPRESSED = "<5"
# A cell a spreadsheet would read as a formula. Labels are names associations typed
# themselves, so one called "=HYPERLINK(…)" must stay text in the officer's Excel.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Characters Excel does not allow in a sheet's name, which is at most 31 characters.
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def _text(text: Any) -> str:
    """Text as a spreadsheet can hold it: without control characters, which a name typed into a
    form may carry and which openpyxl refuses (IllegalCharacterError) and Excel cannot show."""
    return UNREADABLE.sub("", str(text))


def _value(cell: Any) -> int | Decimal | str | None:
    """The raw value of a cell: a number, "<5" when suppressed, a label, or None."""
    if getattr(cell, "suppressed", False):
        return SUPPRESSED
    if hasattr(cell, "suppressed"):
        return cell.value
    return _text(cell) if isinstance(cell, str) else cell


def _safe_text(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_START) else text


def _csv_cell(cell: Any) -> str:
    value = _value(cell)
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal | float):
        # Swedish Excel reads "12,5" as a number; no thousands separator, which it would read as text.
        return format(Decimal(str(value)).normalize(), "f").replace(".", ",")
    if value == SUPPRESSED:
        return SUPPRESSED
    return _safe_text(str(value))


def table_csv(table) -> bytes:
    """The table as CSV that Swedish Excel opens right on a double click.

    Input: a statistics.Table. Output: UTF-8 bytes with a byte-order mark (so Excel
    reads å, ä, ö), semicolons between fields, decimal commas, a header row of the
    table's columns, and "<5" for suppressed cells.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([_safe_text(_text(column)) for column in table.columns])
    for row in table.rows:
        writer.writerow([_csv_cell(cell) for cell in row])
    return buffer.getvalue().encode("utf-8-sig")


def sheet_name(title: str) -> str:
    """A valid Excel sheet name from a table's title."""
    name = SHEET_NAME_FORBIDDEN.sub(" ", _text(title)).strip().strip("'")
    return (name or "Tabell")[:31]


def table_xlsx(table, *, about: list[tuple[str, str]] | None = None) -> bytes:
    """The table as an Excel workbook.

    Input: a statistics.Table, and optionally `about`: (heading, text) pairs such as the
    period and "Så räknas det", written on a second sheet. Output: the .xlsx bytes. The
    first sheet has a bold header row; numbers are numbers, "<5" and labels are text.
    """
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_name(table.title)
    sheet.append([_text(column) for column in table.columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.data_type = "s"
    for row in table.rows:
        values = [_value(cell) for cell in row]
        sheet.append([float(v) if isinstance(v, Decimal) else v for v in values])
        for written in sheet[sheet.max_row]:
            if isinstance(written.value, str):
                # openpyxl would take a leading "=" for a formula; names are text, always.
                written.data_type = "s"
    sheet.freeze_panes = "B2"
    sheet.column_dimensions["A"].width = max([len(str(r[0])) for r in table.rows] + [len(str(table.columns[0])), 12])
    for index in range(2, len(table.columns) + 1):
        letter = sheet.cell(row=1, column=index).column_letter
        sheet.column_dimensions[letter].width = max(len(str(table.columns[index - 1])) + 2, 10)
    if about:
        info = workbook.create_sheet(sheet_name(_("Om tabellen")))
        for heading, text in about:
            info.append([_text(heading), _text(text)])
        for row in info.iter_rows():
            row[0].font = Font(bold=True)
            for cell in row:
                cell.data_type = "s"
        info.column_dimensions["A"].width = 24
        info.column_dimensions["B"].width = 90
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
