"""What the site prints on paper: QR codes, and A4 pages laid out by WeasyPrint.

Used by the certificates (certificates.display) and the notice boards (offline.display).
"""

import segno
import weasyprint
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string


def qr_data_uri(url: str) -> str:
    """A QR code of `url` as an SVG data: URI for <img src> (the CSP allows data: images; an
    inline <svg> would do too). Black on white, medium error correction so a creased printout
    still reads. Input: an absolute URL. Output: str."""
    return segno.make(url, error="m").svg_data_uri(scale=4, dark="#000", light="#fff", border=2)


def _fetcher() -> weasyprint.URLFetcher:
    # Nothing but data: URLs (the QR codes): the document never reaches the network or the disk.
    return weasyprint.URLFetcher(allowed_protocols={"data"})


def print_document(template_name: str, context: dict, *, stylesheet: str):
    """`template_name` rendered with `context` and laid out as print pages by WeasyPrint, with the
    static `stylesheet` (e.g. "css/noticeboard.css", which sets the page size). Output: a weasyprint
    Document (`.pages`, `.write_pdf()`). Raises OSError when the stylesheet is not found."""
    html = render_to_string(template_name, context)
    with open(finders.find(stylesheet), encoding="utf-8") as sheet:
        css = weasyprint.CSS(string=sheet.read(), url_fetcher=_fetcher())
    return weasyprint.HTML(string=html, url_fetcher=_fetcher()).render(stylesheets=[css])
