from django import forms
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from certificates.services import (
    FORM_TOKEN_PATTERN,
    MAX_CLAIMS,
    NAME_MAX_LENGTH,
    certificate_claims_choices,
    new_form_token,
    work_date,
)
from uppdragsbanken.filtering import no_unreadable_characters
from uppdragsbanken.forms import IdModelMultipleChoiceField


class ClaimChoiceField(IdModelMultipleChoiceField):
    def label_from_instance(self, claim) -> str:
        """One choice: "Title – Association, 14 mars 2026, 2,5 timmar", the number and date in
        the active language's format (a decimal comma in Swedish, a point in English)."""
        day = work_date(claim)
        hours = claim.hours_confirmed.normalize()
        return ngettext(
            "%(title)s – %(association)s, %(date)s, %(hours)s timme",
            "%(title)s – %(association)s, %(date)s, %(hours)s timmar",
            1 if hours == 1 else 2,
        ) % {
            "title": claim.assignment.title,
            "association": claim.assignment.association.name,
            "date": date_format(day, "j F Y") if day else "",
            "hours": number_format(hours),
        }


class CertificateForm(forms.Form):
    """What the resident puts in a new certificate: their confirmed claims, the name, milestones."""

    claims = ClaimChoiceField(
        label=_("Vilka uppdrag ska vara med?"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Välj 1–10 uppdrag, så ryms intyget på en A4-sida."),
        error_messages={"required": _("Välj minst ett uppdrag till intyget.")},
    )
    name = forms.CharField(
        label=_("Namn på intyget"),
        max_length=NAME_MAX_LENGTH,
        required=False,
        validators=[no_unreadable_characters],
        help_text=_(
            "Står överst på intyget. Till en arbetsgivare vill du kanske skriva ditt för- och efternamn. "
            "Lämnar du det tomt används ditt visningsnamn."
        ),
    )
    include_milestones = forms.BooleanField(
        label=_("Ta med mina steg på vägen till arbete (till exempel kurser och anställningar)"),
        required=False,
    )
    # A one-time token, new each time the empty form is shown: sending the same form twice
    # gives the certificate it already made instead of a second one (services.AlreadyIssued).
    form_token = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, resident, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["form_token"] = new_form_token()
        self.fields["claims"].queryset = certificate_claims_choices(resident)
        self.fields["name"].widget.attrs["placeholder"] = resident.display_name
        self.fields["name"].widget.attrs["autocomplete"] = "name"

    def clean_form_token(self) -> str:
        # Anything but a token we could have made is ignored: the form then works as without one.
        token = self.cleaned_data["form_token"]
        return token if FORM_TOKEN_PATTERN.fullmatch(token) else ""

    def clean_claims(self):
        claims = self.cleaned_data["claims"]
        if len(claims) > MAX_CLAIMS:
            raise forms.ValidationError(
                gettext("Ett intyg kan ha högst %(max)d uppdrag, så att det ryms på en sida.") % {"max": MAX_CLAIMS}
            )
        return claims


class LookupForm(forms.Form):
    """The public form: type the code printed on a certificate."""

    code = forms.CharField(
        label=_("Kontrollkod"),
        max_length=40,
        help_text=_("12 tecken, till exempel K7QF-3MZD-X9A2. Små eller stora bokstäver går lika bra."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"}),
    )

    def clean_code(self):
        from certificates.services import code_from_input

        code = code_from_input(self.cleaned_data["code"])
        if code is None:
            raise forms.ValidationError(
                gettext("Koden ska vara 12 tecken: siffror och bokstäver, som på intyget. Kontrollera och försök igen.")
            )
        return code
