"""What the certificate pages and the PDF show: the frozen content made ready for the template,
the QR code and the PDF itself. One template (certificates/_certificate.html) draws all three."""

from datetime import date
from decimal import Decimal, InvalidOperation

from certificates.models import Certificate
from certificates.services import verification_url
from uppdragsbanken.printing import print_document, qr_data_uri

PRINT_STYLESHEET = "css/certificate-print.css"


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except (TypeError, ValueError):
        return None


def _hours(text: str) -> Decimal:
    try:
        return Decimal(text)
    except (TypeError, ValueError, InvalidOperation):
        return Decimal(0)


def certificate_context(certificate: Certificate) -> dict:
    """The certificate as the template draws it. Input: a Certificate (not emptied by an account
    deletion). Output: a dict with the issued name, the assignments (dates as date, hours as
    Decimal), total hours, milestones, issue time, the code as people read it, the public URL
    and its QR code, and the language it was issued in."""
    content = certificate.content or {}
    assignments = [
        {
            **row,
            "date": _day(row.get("date", "")),
            "hours": _hours(row.get("hours")),
            "skills": list(row.get("skills") or []),
        }
        for row in content.get("assignments", [])
    ]
    milestones = [{**row, "date": _day(row.get("date", ""))} for row in content.get("milestones", [])]
    url = verification_url(certificate)
    return {
        "name": content.get("name", ""),
        "assignments": assignments,
        "total_hours": _hours(content.get("total_hours")),
        "milestones": milestones,
        "issued_at": certificate.issued_at,
        "display_code": certificate.display_code,
        "url": url,
        "qr": qr_data_uri(url),
        "language": certificate.language,
    }


def certificate_document(certificate: Certificate):
    """The certificate laid out as print pages (A4) by WeasyPrint from the same template as the
    web page, with the print stylesheet. Input: a Certificate. Output: a weasyprint Document
    (`.pages`, `.write_pdf()`)."""
    return print_document(
        "certificates/pdf.html", {"cert": certificate_context(certificate)}, stylesheet=PRINT_STYLESHEET
    )


def certificate_pdf(certificate: Certificate) -> bytes:
    """The certificate as PDF bytes (see certificate_document)."""
    return certificate_document(certificate).write_pdf()
