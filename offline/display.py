"""The printable notice board: its content for the template, and the PDF."""

from django.conf import settings
from django.urls import reverse

from uppdragsbanken.printing import print_document, qr_data_uri

PRINT_STYLESHEET = "css/noticeboard.css"


def short_url(assignment_id: int) -> str:
    """The assignment's short address on this site, to type from a printout:
    "https://uppdragsbanken.se/u/123/" (SITE_URL + /u/<id>/, which redirects to /uppdrag/<id>/)."""
    return settings.SITE_URL + reverse("offline:short", args=[assignment_id])


def readable(url: str) -> str:
    """The address as a person types it, without "https://": "uppdragsbanken.se/u/123"."""
    return url.split("://", 1)[-1].rstrip("/")


def board_items(assignments) -> list[dict]:
    """Each assignment with its short address (as a link, as typed, and that split into host and
    path) and a QR code of it. Input: assignments. Output: a list of dicts."""
    items = []
    for assignment in assignments:
        url = short_url(assignment.pk)
        typed = readable(url)
        # Split after the host, so a narrow column wraps the address there and not inside a word.
        host, _slash, path = typed.partition("/")
        items.append(
            {
                "assignment": assignment,
                "url": url,
                "typed": typed,
                "host": host,
                "path": "/" + path,
                "qr": qr_data_uri(url),
            }
        )
    return items


def board_document(context: dict):
    """The notice board laid out on A4 pages by WeasyPrint from the same partial as the web page.
    Input: the template context of the page. Output: a weasyprint Document (`.pages`, `.write_pdf()`)."""
    return print_document("offline/board_pdf.html", context, stylesheet=PRINT_STYLESHEET)


def list_url(*, association=None, locality=None) -> str:
    """Where the rest of a capped list is on the site: the association's page, or the list of
    assignments filtered on the place (/uppdrag/?municipality=<code>&locality=<id>)."""
    if association is not None:
        return settings.SITE_URL + reverse("associations:detail", args=[association.slug])
    return (
        settings.SITE_URL
        + reverse("assignments:list")
        + f"?municipality={locality.municipality.code}&locality={locality.pk}"
    )
