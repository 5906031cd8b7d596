"""Server-rendered SVG charts of a statistics table.

A chart is drawn from one numeric column of a `statistics.Table`: horizontal bars
(`table.chart == "bar"`) or a line (`"line"`, the monthly series). The markup has
no style attributes and no <style> element, because the Content-Security-Policy
forbids inline styles: shapes use `fill="currentColor"` or `stroke="currentColor"`
and a CSS class, and static/css/site.css gives the class its colour. In forced
colours (Windows high contrast) and on paper currentColor becomes the text
colour, so the chart stays visible. Screen readers get the <title>/<desc>, and the
numbers themselves from the table the template puts beside every chart.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

# Bars: a label line above each bar, so long names of associations and villages
# stay readable on a 390 px phone, where the chart is scaled to about 350 px.
BAR_WIDTH = 360
BAR_ROW = 46
BAR_HEIGHT = 18
BAR_LABEL = 14
BAR_VALUE_ROOM = 60
LABEL_CHARS = 44

# Line: the 24-month series, with the month and year under every third point.
LINE_WIDTH = 480
LINE_HEIGHT = 240
LINE_LEFT = 52
LINE_RIGHT = 20
LINE_TOP = 16
LINE_BOTTOM = 58
LINE_FONT = 14
LINE_TICK_EVERY = 3

# Suppressed counts are "<5": drawn as a hatched stub of this many units, never as zero.
SUPPRESSED_STUB = 4


def _number(cell: Any) -> float | None:
    """The plottable value of a cell: a float, or None when suppressed or missing."""
    if getattr(cell, "suppressed", False):
        return None
    value = getattr(cell, "value", cell)
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float | Decimal):
        return float(value)
    return None


def _shorten(text: str, limit: int = LABEL_CHARS) -> str:
    text = str(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _fmt(x: float) -> str:
    return f"{x:.1f}".rstrip("0").rstrip(".")


def _open(table, kind_text: str, width: int, height: int) -> list[str]:
    key = escape(table.key)
    column = table.columns[table.chart_column] if len(table.columns) > table.chart_column else ""
    title = _("%(title)s: %(column)s") % {"title": table.title, "column": column}
    return [
        f'<svg class="chart chart--{escape(table.chart)}" role="img" viewBox="0 0 {width} {height}" '
        f'aria-labelledby="chart-{key}-title chart-{key}-desc" focusable="false" '
        f'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="chart-{key}-title">{escape(title)}</title>',
        f'<desc id="chart-{key}-desc">{escape(kind_text)}</desc>',
        # The hatch for suppressed values: drawn in currentColor like everything else.
        f'<defs><pattern id="chart-{key}-hatch" class="chart__hatch" patternUnits="userSpaceOnUse" '
        f'width="6" height="6" patternTransform="rotate(45)">'
        f'<line x1="0" y1="0" x2="0" y2="6" stroke="currentColor" stroke-width="2"/></pattern></defs>',
    ]


def bar_chart(table) -> SafeString:
    """Horizontal bars, one per row of `table`, of the column `table.chart_column`.

    Input: a statistics.Table whose first column is a label and whose chart column holds
    Count cells. Output: SVG markup, safe to put in a template. A suppressed cell is drawn
    as a short hatched bar marked "<5"; a missing value as "–" with no bar.
    """
    rows = table.rows
    values = [_number(row[table.chart_column]) for row in rows]
    largest = max([v for v in values if v is not None] + [SUPPRESSED_STUB, 1])
    height = max(len(rows), 1) * BAR_ROW + 4
    room = BAR_WIDTH - BAR_VALUE_ROOM
    desc = _("Liggande staplar. Siffrorna finns i tabellen bredvid diagrammet.")
    parts = _open(table, desc, BAR_WIDTH, height)
    if not rows:
        parts.append(
            f'<text class="chart__label" x="0" y="20" font-size="{BAR_LABEL}" fill="currentColor">'
            f"{escape(_('Inget att visa för perioden.'))}</text>"
        )
    for index, (row, value) in enumerate(zip(rows, values, strict=True)):
        top = index * BAR_ROW
        cell = row[table.chart_column]
        # Every label column before the charted one (unmet demand has category and place), so
        # that two bars never carry the same name.
        label = " · ".join(str(cell) for cell in row[: max(table.chart_column, 1)])
        parts.append(
            f'<text class="chart__label" x="0" y="{top + BAR_LABEL}" font-size="{BAR_LABEL}" '
            f'fill="currentColor">{escape(_shorten(label))}</text>'
        )
        bar_top = top + BAR_LABEL + 6
        suppressed = getattr(cell, "suppressed", False)
        if suppressed:
            width = max(room * SUPPRESSED_STUB / largest, 14)
            parts.append(
                f'<rect class="chart__bar chart__bar--suppressed" x="0" y="{bar_top}" width="{_fmt(width)}" '
                f'height="{BAR_HEIGHT}" fill="url(#chart-{escape(table.key)}-hatch)" stroke="currentColor" '
                f'stroke-width="1"/>'
            )
        elif value:
            width = max(room * value / largest, 2)
            parts.append(
                f'<rect class="chart__bar" x="0" y="{bar_top}" width="{_fmt(width)}" height="{BAR_HEIGHT}" '
                f'fill="currentColor"/>'
            )
        else:
            width = 0
        text = "–" if value is None and not suppressed else str(cell)
        parts.append(
            f'<text class="chart__value" x="{_fmt(width + 6)}" y="{bar_top + BAR_HEIGHT - 4}" '
            f'font-size="{BAR_LABEL}" fill="currentColor">{escape(text)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped


def line_chart(table) -> SafeString:
    """A line through the column `table.chart_column`, one point per row (the months, oldest first).

    Input: a statistics.Table. Output: SVG markup. Suppressed months break the line and
    are marked "<5" at the foot of the chart, so no value is drawn where none is shown.
    """
    rows = table.rows
    values = [_number(row[table.chart_column]) for row in rows]
    largest = max([v for v in values if v is not None] + [SUPPRESSED_STUB, 1])
    inner_w = LINE_WIDTH - LINE_LEFT - LINE_RIGHT
    inner_h = LINE_HEIGHT - LINE_TOP - LINE_BOTTOM
    base = LINE_TOP + inner_h
    step = inner_w / max(len(rows) - 1, 1)
    desc = _("Linjediagram per månad. Siffrorna finns i tabellen bredvid diagrammet.")
    parts = _open(table, desc, LINE_WIDTH, LINE_HEIGHT)

    def x_of(i: int) -> float:
        return LINE_LEFT + i * step

    def y_of(v: float) -> float:
        return base - inner_h * v / largest

    # Axes and the largest value, so the scale can be read without the table.
    parts.append(
        f'<path class="chart__axis" d="M{LINE_LEFT} {LINE_TOP}V{base}H{LINE_WIDTH - LINE_RIGHT}" '
        f'fill="none" stroke="currentColor" stroke-width="1"/>'
    )
    top_label = str(_count_like(largest))
    parts.append(
        f'<text class="chart__label" x="{LINE_LEFT - 6}" y="{LINE_TOP + 5}" text-anchor="end" '
        f'font-size="{LINE_FONT}" fill="currentColor">{escape(top_label)}</text>'
        f'<text class="chart__label" x="{LINE_LEFT - 6}" y="{base}" text-anchor="end" '
        f'font-size="{LINE_FONT}" fill="currentColor">0</text>'
    )
    segments: list[list[tuple[float, float]]] = [[]]
    for i, value in enumerate(values):
        if value is None:
            if segments[-1]:
                segments.append([])
            continue
        segments[-1].append((x_of(i), y_of(value)))
    for segment in segments:
        if len(segment) > 1:
            d = "M" + "L".join(f"{_fmt(x)} {_fmt(y)}" for x, y in segment)
            parts.append(f'<path class="chart__line" d="{d}" fill="none" stroke="currentColor" stroke-width="3"/>')
        for x, y in segment:
            parts.append(f'<circle class="chart__point" cx="{_fmt(x)}" cy="{_fmt(y)}" r="3.5" fill="currentColor"/>')
    for i, row in enumerate(rows):
        cell = row[table.chart_column]
        if getattr(cell, "suppressed", False):
            parts.append(
                f'<rect class="chart__bar--suppressed" x="{_fmt(x_of(i) - 5)}" y="{_fmt(base - 14)}" width="10" '
                f'height="14" fill="url(#chart-{escape(table.key)}-hatch)" stroke="currentColor" stroke-width="1"/>'
            )
        if i % LINE_TICK_EVERY == 0:
            # "Jan 2026" as two lines, month over year, so 24 months fit on a phone.
            month, _space, year = str(row[0]).partition(" ")
            parts.append(
                f'<text class="chart__label" x="{_fmt(x_of(i))}" y="{base + LINE_FONT + 6}" '
                f'text-anchor="middle" font-size="{LINE_FONT}" fill="currentColor">{escape(_shorten(month, 8))}'
                f'<tspan x="{_fmt(x_of(i))}" dy="{LINE_FONT + 2}">{escape(_shorten(year, 8))}</tspan></text>'
            )
    if any(getattr(row[table.chart_column], "suppressed", False) for row in rows):
        parts.append(
            f'<text class="chart__label" x="{LINE_LEFT}" y="{LINE_HEIGHT - 4}" font-size="{LINE_FONT}" '
            f'fill="currentColor">{escape(_("Randig ruta: färre än 5, visas som <5."))}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped


def _count_like(value: float) -> str:
    """The axis maximum in the active language's number format."""
    if float(value).is_integer():
        return number_format(int(value), force_grouping=True)
    return number_format(Decimal(str(round(value, 1))), decimal_pos=1, force_grouping=True)


def chart_svg(table) -> SafeString | None:
    """The chart of `table` as SVG markup, or None when the table has no chart.

    Input: a statistics.Table. Output: the bar or line chart its `chart` field asks for.
    """
    if table.chart == "bar":
        return bar_chart(table)
    if table.chart == "line":
        return line_chart(table)
    return None
