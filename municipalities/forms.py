from django import forms
from django.utils.translation import gettext_lazy as _

from municipalities.models import GOAL_FIRST_YEAR, GOAL_LAST_YEAR, DevelopmentGoal, StaffMembership
from uppdragsbanken.fields import LimitedTextField, ascii_digits
from uppdragsbanken.filtering import no_unreadable_characters


class StaffInviteForm(forms.Form):
    email = forms.EmailField(label=_("E-postadress"), max_length=254)
    role = forms.ChoiceField(label=_("Roll"), choices=StaffMembership.Role.choices, initial=StaffMembership.Role.VIEWER)


class WholeNumberField(forms.IntegerField):
    """A whole number typed any way people do: "1 000", "1\u00a0000" or with other digits ("２０２６")."""

    def to_python(self, value):
        if isinstance(value, str):
            value = ascii_digits(value).replace(" ", "").replace("\u00a0", "").replace("\u202f", "")
        return super().to_python(value)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        # A text box with a number keyboard: type=number drops "1 000" silently in some browsers.
        for name in ("min", "max", "step"):
            attrs.pop(name, None)
        attrs["inputmode"] = "numeric"
        return attrs


TOO_LONG = _("Texten har %(show_value)s tecken men får ha högst %(limit_value)s tecken. Korta den och skicka igen.")
YEAR_LIMITS = {
    "min_value": _("Skriv ett år från %(limit_value)s och framåt."),
    "max_value": _("Skriv ett år till och med %(limit_value)s."),
}


class GoalForm(forms.Form):
    title = forms.CharField(
        validators=[no_unreadable_characters],
        label=_("Mål"),
        max_length=160,
        help_text=_("Kort och tydligt, till exempel ”Fler unga i föreningslivet”."),
        error_messages={"max_length": TOO_LONG},
    )
    description = LimitedTextField(
        label=_("Beskrivning"),
        max_length=2000,
        rows=4,
        required=False,
        help_text=_("Valfritt. Vad målet betyder för föreningarna och invånarna. Högst 2 000 tecken."),
    )
    source = forms.CharField(
        label=_("Källa"),
        max_length=200,
        required=False,
        help_text=_("Valfritt. Till exempel planens namn och år."),
        error_messages={"max_length": TOO_LONG},
    )
    valid_from = WholeNumberField(
        label=_("Gäller från år"),
        required=False,
        widget=forms.TextInput,
        help_text=_("Valfritt. Året planen börjar gälla, till exempel 2024."),
        min_value=GOAL_FIRST_YEAR,
        max_value=GOAL_LAST_YEAR,
        error_messages={"invalid": _("Skriv året med fyra siffror, till exempel 2024."), **YEAR_LIMITS},
    )
    valid_to = WholeNumberField(
        label=_("Gäller till och med år"),
        required=False,
        widget=forms.TextInput,
        help_text=_("Valfritt. Det sista året planen gäller, till exempel 2030."),
        min_value=GOAL_FIRST_YEAR,
        max_value=GOAL_LAST_YEAR,
        error_messages={"invalid": _("Skriv året med fyra siffror, till exempel 2030."), **YEAR_LIMITS},
    )
    target_kind = forms.ChoiceField(
        label=_("Mål per år"),
        choices=[("", _("Inget mål per år")), *DevelopmentGoal.TargetKind.choices],
        required=False,
        widget=forms.RadioSelect,
        help_text=_("Valfritt. Vad kommunen vill nå varje år, så att statistiken kan visa hur långt ni har kommit."),
    )
    target_per_year = WholeNumberField(
        label=_("Hur mycket per år"),
        required=False,
        widget=forms.TextInput,
        help_text=_("Ett heltal, till exempel 200 timmar eller 30 invånare."),
        min_value=1,
        max_value=10_000_000,
        error_messages={
            "invalid": _("Skriv ett heltal, till exempel 200."),
            "min_value": _("Skriv ett heltal från 1 och uppåt, till exempel 200."),
            "max_value": _("Skriv ett heltal som är högst %(limit_value)s."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target_kind"].use_fieldset = True

    def clean_title(self):
        return self.cleaned_data["title"].strip()

    def clean(self):
        data = super().clean()
        kind, amount = data.get("target_kind"), data.get("target_per_year")
        if kind and amount is None and "target_per_year" not in self.errors:
            self.add_error("target_per_year", _("Skriv hur mycket per år, till exempel 200."))
        if amount is not None and not kind and "target_kind" not in self.errors:
            self.add_error("target_kind", _("Välj vad målet per år mäts i: timmar, uppdrag eller engagerade invånare."))
        first, last = data.get("valid_from"), data.get("valid_to")
        if first and last and last < first:
            self.add_error(
                "valid_to", _("Slutåret %(last)s är före startåret %(first)s.") % {"first": first, "last": last}
            )
        return data
