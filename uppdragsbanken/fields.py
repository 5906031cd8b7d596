import re
import unicodedata
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django import forms
from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# Dashes people type or paste between digits: full-width hyphen, minus sign, en and em dash...
_DASHES = re.compile("[\u2010\u2011\u2012\u2013\u2014\u2212\ufe63\uff0d]")
ASCII_DIGITS = re.compile(r"[0-9]+", re.ASCII)


def ascii_digits(text: str) -> str:
    """The text with every decimal digit of any script as 0-9 and every dash as "-".

    Input: what a person typed, e.g. "８０２４３６－３５３２" (full-width) or "٢٤٨١" (Arabic-Indic).
    Output: "802436-3532", "2481". Characters that only look like digits ("²", "½") are
    left as they are, so a check for [0-9] refuses them instead of reading a wrong number.
    """
    digits = "".join(
        str(unicodedata.decimal(char)) if char.isdecimal() and not char.isascii() else char for char in text
    )
    return _DASHES.sub("-", digits)


def ascii_int(text: str) -> int | None:
    """The number written with 0-9 only, or None: int() reads "２" and fails on "²" with a crash."""
    return int(text) if ASCII_DIGITS.fullmatch(text or "") else None


class DecimalCommaField(forms.DecimalField):
    """A number that may be written the Swedish way (2,5) or with a point (2.5), whatever the page language."""

    def to_python(self, value):
        if isinstance(value, str):
            value = ascii_digits(value.strip()).replace(" ", "").replace("\u00a0", "").replace(",", ".")
        return super().to_python(value)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        # A text box with a decimal keyboard: type=number refuses commas in some browsers.
        attrs.pop("step", None)
        attrs.update({"inputmode": "decimal"})
        return attrs


class DecimalCommaInput(forms.TextInput):
    input_type = "text"


class LimitedTextField(forms.CharField):
    """Free text with a limit the person is told about before and after sending.

    The textarea gets no maxlength attribute: browsers cut a longer paste silently,
    which drops words without a word. The server refuses instead, and the form is
    shown again with the whole text, so nothing typed is lost.
    """

    def __init__(self, *, max_length: int, rows: int = 3, **kwargs):
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": rows}))
        super().__init__(max_length=max_length, **kwargs)
        self.error_messages["max_length"] = gettext_lazy(
            "Texten har %(show_value)s tecken men får ha högst %(limit_value)s tecken. Korta den och skicka igen."
        )

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.pop("maxlength", None)
        return attrs


def local_datetime(day: date, clock: time) -> tuple[datetime, bool]:
    """The moment a person means by a date and a clock time in the site's time zone.

    Returns (aware datetime, ambiguous). On the night summer time ends, 02:00–02:59
    happens twice: the first time (still summer time) is taken, and ambiguous=True so
    the caller can say so. Raises ValidationError when the time does not exist that
    day (02:00–02:59 on the night summer time begins): zoneinfo would silently move it
    an hour, and the person would see another time than the one typed.
    """
    zone = timezone.get_current_timezone()
    naive = datetime.combine(day, clock)
    first = naive.replace(tzinfo=zone, fold=0)
    second = naive.replace(tzinfo=zone, fold=1)
    back = first.astimezone(ZoneInfo("UTC")).astimezone(zone).replace(tzinfo=None)
    if back != naive:
        gap_start = _gap_start(naive, zone)
        gap_end = datetime.combine(day, gap_start) + (second.utcoffset() - first.utcoffset())
        raise ValidationError(
            _(
                "Klockan %(time)s finns inte den %(date)s. Den natten ställs klockan fram från %(gap_start)s "
                "till %(gap_end)s, när sommartiden börjar. Välj en tid före %(gap_start)s eller från %(gap_end)s."
            )
            % {
                "time": clock.strftime("%H:%M"),
                "date": formats.date_format(day, "j F Y"),
                "gap_start": gap_start.strftime("%H:%M"),
                "gap_end": gap_end.strftime("%H:%M"),
            },
            code="nonexistent_time",
        )
    return first, first.utcoffset() != second.utcoffset()


def _gap_start(naive: datetime, zone) -> time:
    """The first clock time of the missing hour that holds this time (02:00 in Sweden)."""
    hour = naive.replace(minute=0, second=0, microsecond=0)
    while hour.hour > 0:
        earlier = hour.replace(hour=hour.hour - 1)
        trip = earlier.replace(tzinfo=zone).astimezone(ZoneInfo("UTC")).astimezone(zone).replace(tzinfo=None)
        if trip == earlier:
            break
        hour = earlier
    return hour.time()
