"""The SVG charts and the CSV/XLSX downloads of a statistics table, from a table made by hand."""

import csv
import io
import re
from decimal import Decimal

import openpyxl
from django.utils import translation

from municipalities.charts import bar_chart, chart_svg, line_chart
from municipalities.exports import table_csv, table_xlsx
from municipalities.statistics import Count, Table

HIDDEN = Count(None, suppressed=True)


def category_table(**overrides) -> Table:
    fields = {
        "key": "by_category",
        "title": "Kategori",
        "how": "Publicerade uppdrag räknas efter publiceringsdag.",
        "columns": ["Kategori", "Publicerade uppdrag", "Bekräftade timmar", "Engagerade invånare"],
        "rows": [
            ["Snöröjning och vinterarbete", Count(1234), Count(Decimal("12.5")), Count(40)],
            ["Trädgård och utemiljö", Count(3), Count(Decimal("4")), HIDDEN],
            ['=HYPERLINK("http://exempel.se")', Count(0), Count(Decimal("0")), Count(0)],
        ],
        "chart": "bar",
        "chart_column": 1,
    }
    return Table(**{**fields, **overrides})


def monthly_table() -> Table:
    rows = [[f"{name} 2025", Count(n), HIDDEN if n == 2 else Count(n * 5)] for name, n in [("jan", 1), ("feb", 2)]]
    rows += [["mar 2025", Count(7), Count(9)], ["apr 2025", HIDDEN, Count(3)]]
    return Table("monthly", "Månad för månad", "Per månad.", ["Månad", "Uppdrag", "Invånare"], rows, "line", 1)


def read_csv(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


# Charts ------------------------------------------------------------------------------------


def test_a_bar_chart_is_an_image_with_a_title_a_description_and_a_bar_per_row():
    with translation.override("sv"):
        svg = str(bar_chart(category_table()))
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert '<title id="chart-by_category-title">Kategori: Publicerade uppdrag</title>' in svg
    assert "Siffrorna finns i tabellen bredvid diagrammet." in svg
    assert svg.count('class="chart__bar"') == 2  # the zero row has no bar, only its value
    assert "Snöröjning och vinterarbete" in svg
    assert "1\u00a0234" in svg or "1 234" in svg


def test_a_suppressed_value_is_drawn_as_a_hatched_bar_marked_under_five():
    table = category_table(chart_column=3)
    svg = str(bar_chart(table))
    assert 'class="chart__bar chart__bar--suppressed"' in svg
    assert 'fill="url(#chart-by_category-hatch)"' in svg
    assert "&lt;5</text>" in svg


def test_charts_have_no_inline_styles_the_content_security_policy_would_refuse():
    for svg in (str(bar_chart(category_table())), str(line_chart(monthly_table()))):
        assert "style=" not in svg
        assert "<style" not in svg
        assert "<script" not in svg
        assert 'fill="currentColor"' in svg


def test_chart_labels_are_escaped():
    table = category_table(rows=[["<script>alert(1)</script> & co", Count(5), Count(1), Count(5)]])
    svg = str(bar_chart(table))
    assert "<script>" not in svg
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in svg


def test_a_long_label_is_shortened_in_the_chart_but_not_in_the_table():
    name = "Utvecklingsgruppen för Lycksele landsbygd och kringliggande byar"
    table = category_table(rows=[[name, Count(5), Count(1), Count(5)]])
    svg = str(bar_chart(table))
    assert name not in svg
    assert re.search(r">Utvecklingsgruppen för Lycksele [^<]*…</text>", svg)
    assert table.rows[0][0] == name


def test_a_bar_names_every_label_column_so_two_bars_never_share_a_name():
    table = Table(
        "unmet_demand",
        "Efterfrågan som inte möttes",
        "…",
        ["Kategori", "Ort", "Uppdrag", "Platser som inte tillsattes"],
        [["Data och IT-hjälp", "Rusksele", Count(7), Count(9)], ["Data och IT-hjälp", "Lycksele", Count(6), Count(6)]],
        "bar",
        2,
    )
    svg = str(bar_chart(table))
    assert ">Data och IT-hjälp · Rusksele</text>" in svg
    assert ">Data och IT-hjälp · Lycksele</text>" in svg


def test_the_monthly_line_breaks_at_a_suppressed_month_and_says_why():
    with translation.override("sv"):
        svg = str(line_chart(monthly_table()))
    # jan–mar are one line; april is hidden, so no point is drawn for it.
    assert len(re.findall(r'class="chart__line" d="M[^"]+"', svg)) == 1
    assert svg.count('class="chart__point"') == 3
    assert "Randig ruta: färre än 5, visas som &lt;5." in svg
    assert ">jan<tspan" in svg and ">2025</tspan>" in svg


def test_a_table_without_a_chart_gets_none():
    assert chart_svg(category_table(chart=None)) is None
    assert chart_svg(monthly_table()).startswith("<svg")


# CSV ---------------------------------------------------------------------------------------


def test_csv_is_utf8_with_bom_semicolons_and_decimal_commas_for_swedish_excel():
    data = table_csv(category_table())
    assert data.startswith("\ufeff".encode())
    rows = read_csv(data)
    assert rows[0] == ["Kategori", "Publicerade uppdrag", "Bekräftade timmar", "Engagerade invånare"]
    assert rows[1] == ["Snöröjning och vinterarbete", "1234", "12,5", "40"]


def test_csv_writes_under_five_for_suppressed_cells():
    rows = read_csv(table_csv(category_table()))
    assert rows[2] == ["Trädgård och utemiljö", "3", "4", "<5"]


def test_csv_keeps_a_name_that_looks_like_a_formula_as_text():
    rows = read_csv(table_csv(category_table()))
    assert rows[3][0] == '\'=HYPERLINK("http://exempel.se")'


# XLSX --------------------------------------------------------------------------------------


def test_xlsx_has_numbers_as_numbers_and_under_five_as_text():
    data = table_xlsx(category_table(), about=[("Period", "1 jan 2025 – 31 dec 2025")])
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    sheet = workbook.worksheets[0]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == ["Kategori", "Publicerade uppdrag", "Bekräftade timmar", "Engagerade invånare"]
    assert rows[1] == ["Snöröjning och vinterarbete", 1234, 12.5, 40]
    assert rows[2] == ["Trädgård och utemiljö", 3, 4, "<5"]
    assert sheet["D3"].data_type == "s"
    assert sheet["B2"].data_type == "n"


def test_xlsx_keeps_a_name_that_looks_like_a_formula_as_text():
    sheet = openpyxl.load_workbook(io.BytesIO(table_xlsx(category_table()))).worksheets[0]
    assert sheet["A4"].value == '=HYPERLINK("http://exempel.se")'
    assert sheet["A4"].data_type == "s"


def test_xlsx_tells_the_period_and_how_it_is_counted_on_a_second_sheet():
    about = [("Period", "1 jan 2025 – 31 dec 2025"), ("Så räknas det", "Publicerade uppdrag räknas efter dag.")]
    with translation.override("sv"):
        workbook = openpyxl.load_workbook(io.BytesIO(table_xlsx(category_table(), about=about)))
    assert workbook.sheetnames == ["Kategori", "Om tabellen"]
    info = [list(row) for row in workbook["Om tabellen"].iter_rows(values_only=True)]
    assert info == [list(pair) for pair in about]


def test_a_sheet_name_drops_characters_excel_refuses():
    table = category_table(title="Mål: hus/gård [2025] – en mycket lång rubrik")
    sheet = openpyxl.load_workbook(io.BytesIO(table_xlsx(table))).worksheets[0]
    assert sheet.title == "Mål  hus gård  2025  – en mycke"


def test_a_name_with_an_invisible_control_character_downloads_without_it_in_both_files():
    table = category_table(rows=[["Bad\x01name\x1f förening", Count(2), Count(Decimal("1")), HIDDEN]])
    workbook = openpyxl.load_workbook(io.BytesIO(table_xlsx(table, about=[("Period", "jan\x0b 2025")])))
    assert workbook.worksheets[0]["A2"].value == "Badname förening"
    assert workbook.worksheets[1]["B1"].value == "jan 2025"
    assert read_csv(table_csv(table))[1][0] == "Badname förening"
