import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

ORGANISATION_NUMBER = re.compile(r"^(\d{6})-?(\d{4})$")


def luhn_valid(digits: str) -> bool:
    """The Luhn check used by Swedish organisation and personal identity numbers."""
    total = 0
    for index, char in enumerate(digits):
        value = int(char) * (2 if index % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def normalize_organisation_number(value: str) -> str:
    """Return the number as NNNNNN-NNNN, or raise ValidationError with a clear message."""
    cleaned = re.sub(r"\s", "", value or "")
    match = ORGANISATION_NUMBER.match(cleaned)
    if not match:
        raise ValidationError(_("Organisationsnumret ska ha tio siffror, till exempel 802400-1234."), code="format")
    digits = match.group(1) + match.group(2)
    if not luhn_valid(digits):
        raise ValidationError(
            _("Organisationsnumret stämmer inte: kontrollsiffran är fel. Kontrollera att du skrivit rätt."),
            code="checksum",
        )
    return f"{match.group(1)}-{match.group(2)}"


def validate_organisation_number(value: str) -> None:
    normalize_organisation_number(value)
