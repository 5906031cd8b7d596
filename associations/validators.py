import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from uppdragsbanken.fields import ascii_digits

# 0-9 only: without re.ASCII, \d also matches full-width and other scripts' digits,
# which the database's own check then refuses as if the number were taken.
ORGANISATION_NUMBER = re.compile(r"^([0-9]{6})-?([0-9]{4})$", re.ASCII)


def luhn_valid(digits: str) -> bool:
    """The Luhn check used by Swedish organisation and personal identity numbers (digits 0-9 only)."""
    total = 0
    for index, char in enumerate(digits):
        value = int(char) * (2 if index % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def normalize_organisation_number(value: str) -> str:
    """Return the number as NNNNNN-NNNN, or raise ValidationError with a clear message.

    Input: the number as typed; digits of any script ("８０２４３６－３５３２") and any dash
    count as 0-9 and "-". Raises ValidationError code "format" (not ten digits, or signs
    like "²" that only look like digits) or "checksum" (the Luhn check digit is wrong).
    """
    cleaned = re.sub(r"\s", "", ascii_digits(value or ""))
    match = ORGANISATION_NUMBER.match(cleaned)
    if not match and any(char.isdigit() and not char.isascii() for char in cleaned):
        raise ValidationError(
            _("Organisationsnumret innehåller tecken som liknar siffror, som ”²”. Skriv det med siffrorna 0–9."),
            code="format",
        )
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
