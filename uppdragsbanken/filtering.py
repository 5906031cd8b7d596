"""What every filtered list shares: unreadable characters out, values that do not parse named."""

import re

from django.contrib import messages
from django.http import HttpRequest, QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# Characters no filter, slug, code or token can contain: C0 and C1 control characters
# (NUL among them: PostgreSQL refuses it in text, which made a 500), DEL, lone surrogates
# (from JSON; UTF-8 cannot encode them) and U+FFFD, which is what broken UTF-8 in a URL
# decodes to. Tab, line feed and carriage return are ordinary whitespace and stay.
UNREADABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffd]")
STRIPPED_MESSAGE = gettext_lazy(
    "Vi tog bort tecken som inte går att söka på, till exempel osynliga styrtecken. Här är resultatet utan dem."
)


def no_unreadable_characters(value: str) -> None:
    """Form validator for names and titles: refuse NUL and other invisible control characters.

    Input: the field's text. Raises ValidationError with a plain message; returns None.
    Such characters are invisible on the page, and spreadsheets refuse them in exports.
    """
    from django.core.exceptions import ValidationError

    if has_unreadable(value):
        raise ValidationError(
            gettext_lazy("Texten innehåller osynliga styrtecken. Skriv den igen utan att klistra in dem."),
            code="unreadable",
        )


def has_unreadable(text: str) -> bool:
    """Whether `text` holds a character of UNREADABLE (NUL and other control characters,
    lone surrogates, U+FFFD). Input: any str. Output: a bool; raises nothing."""
    return UNREADABLE.search(text) is not None


def readable_query(params: QueryDict) -> tuple[QueryDict, bool]:
    """The parameters without unreadable characters, and whether any were removed.

    Input: a QueryDict as parsed from a URL or a posted query string. Output: a new
    immutable QueryDict (or the same one when nothing was removed) and True when
    something was. A key that is nothing but such characters is dropped.
    """
    if not any(has_unreadable(key) or any(has_unreadable(v) for v in values) for key, values in params.lists()):
        return params, False
    cleaned = QueryDict(mutable=True)
    for key, values in params.lists():
        key = UNREADABLE.sub("", key)
        if key:
            cleaned.setlist(key, [UNREADABLE.sub("", value) for value in values])
    cleaned._mutable = False
    return cleaned, True


def filterset_with_messages(request: HttpRequest, filterset_class, queryset):
    """A bound filterset whose values that do not parse are left out, with a message saying so.

    django-filter only applies the values that validate; this tells the person
    which of theirs were ignored instead of failing or silently dropping them.
    A filterset may also explain a value it set aside itself (`notices`, e.g. a place
    outside the chosen municipality); those fields get that message instead.
    """
    filterset = filterset_class(request.GET or None, queryset=queryset, request=request)
    for notice in filter_notices(filterset):
        messages.warning(request, notice)
    return filterset


def filter_notices(filterset) -> list[str]:
    """What filterset_with_messages says about a bound filterset, as a list of texts (in the
    active language): the filterset's own `notices`, then one line per value that did not parse.
    Input: a django-filter FilterSet. Raises nothing."""
    notices = getattr(filterset, "notices", {})
    texts = [str(notice) for notice in notices.values()]
    if filterset.is_bound and not filterset.is_valid():
        for name in filterset.form.errors:
            if name in notices:
                continue
            field = filterset.form.fields.get(name)
            label = field.label if field is not None else name
            texts.append(_("Vi förstod inte värdet i ”%(label)s” och har bortsett från det.") % {"label": label})
    return texts


def place_outside_municipality(data: QueryDict | None) -> tuple[QueryDict | None, str | None]:
    """Settle a place (`locality`) that contradicts the chosen municipality.

    Input: a filter's GET data (`municipality` code, `locality` id). Output: (data, notice).
    A place in another municipality than the one chosen is set aside (the
    municipality was chosen last: changing it is how the contradiction arises) and
    `notice` says so; a place with no municipality chosen (or an unknown one) brings
    its own municipality, so both menus show what is used. `data` is a new QueryDict when
    changed. Raises nothing: an id that does not parse is left for the form to refuse.
    """
    from municipalities.models import Locality, Municipality
    from uppdragsbanken.fields import ascii_int

    if data is None:
        return data, None
    place_id = ascii_int(data.get("locality", ""))
    if place_id is None or place_id > 2**31 - 1:
        return data, None
    place = Locality.objects.select_related("municipality").filter(pk=place_id).first()
    if place is None:
        return data, None
    code = data.get("municipality", "")
    if code == place.municipality.code:
        return data, None
    data = data.copy()
    chosen = Municipality.objects.filter(code=code).first() if code else None
    if chosen is None:
        data["municipality"] = place.municipality.code
        return data, None
    data["locality"] = ""
    notice = _(
        "%(place)s ligger inte i %(municipality)s kommun, så vi visar hela %(municipality)s kommun. "
        "Välj en ort i listan om du vill."
    ) % {"place": place.name, "municipality": chosen.name}
    return data, notice
