"""Swedish phone numbers, as people type them and as they are stored."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from uppdragsbanken.fields import ascii_digits

# What people put between the digits: spaces (also no-break), hyphens, slashes, dots, brackets.
_SEPARATORS = re.compile(r"[\s\-/.()\u00a0]")


def normalise_swedish_phone(text: str) -> str:
    """A Swedish phone number in its one stored form, E.164: "+46701234567".

    Input: the number as typed, in any of the usual ways: "070-123 45 67", "0701234567",
    "+46 70 123 45 67", "0046 70 123 45 67", "(0950) 123 45", digits of any script
    ("٠٧٠..."). The national number (after the leading 0 or the +46) must be 7 to 9 digits
    and not start with 0 (Post- och telestyrelsen's numbering plan: with the trunk 0, Swedish
    numbers are 8 to 10 digits). Output: "+46" and the national number. Raises ValidationError
    with a message in words for anything else (letters, a foreign country code, too short
    or too long).
    """
    compact = _SEPARATORS.sub("", ascii_digits(text or ""))
    if compact.startswith("+46"):
        national = compact[3:]
    elif compact.startswith("0046"):
        national = compact[4:]
    elif compact.startswith("+") or compact.startswith("00"):
        raise ValidationError(_("Skriv ett svenskt telefonnummer, till exempel 070-123 45 67."))
    elif compact.startswith("0"):
        national = compact[1:]
    else:
        raise ValidationError(_("Skriv numret med riktnummer, till exempel 070-123 45 67 eller 0950-123 45."))
    if national.startswith("0"):
        # "+46 070…": the 0 is left out after the country code.
        national = national[1:]
    if not re.fullmatch(r"[1-9][0-9]{6,8}", national, flags=re.ASCII):
        raise ValidationError(_("Det ser inte ut som ett telefonnummer. Skriv till exempel 070-123 45 67."))
    return "+46" + national


def national_format(stored: str) -> str:
    """The stored "+46701234567" as Swedes read it: "0701234567". Anything else as it is."""
    return "0" + stored[3:] if stored.startswith("+46") else stored
