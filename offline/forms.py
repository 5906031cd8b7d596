from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from offline.phone import normalise_swedish_phone
from uppdragsbanken.fields import LimitedTextField
from uppdragsbanken.filtering import no_unreadable_characters

WHO_ACCOUNT, WHO_PHONE = "account", "phone"


class RegisterForm(forms.Form):
    """Sign up a resident who called or came by: an account by its e-mail address, or a person
    without an account by name and phone number. Without JavaScript both parts are on the page;
    each says when it applies, and clean() ignores (and never requires) the one not chosen."""

    who = forms.ChoiceField(
        label=_("Har invånaren ett konto på Uppdragsbanken?"),
        choices=[
            (WHO_PHONE, _("Nej, hen har inget konto")),
            (WHO_ACCOUNT, _("Ja, hen har ett konto")),
        ],
        widget=forms.RadioSelect,
        initial=WHO_PHONE,
    )
    name = forms.CharField(
        label=_("Invånarens namn"),
        max_length=80,
        required=False,
        validators=[no_unreadable_characters],
        help_text=_("Bara om hen inte har något konto. Förnamn och efternamn, så som hen vill kallas."),
    )
    phone = forms.CharField(
        label=_("Telefonnummer"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
        help_text=_(
            "Bara om hen inte har något konto. Till exempel 070-123 45 67. "
            "Numret ser bara föreningens administratörer och samordnare."
        ),
    )
    email = forms.EmailField(
        label=_("Invånarens e-postadress"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
        help_text=_(
            "Bara om hen har ett konto. Skriv hela adressen som hen har loggat in med; vi söker inte på namn. "
            "Hen får ett meddelande om anmälan."
        ),
    )
    message = LimitedTextField(
        label=_("Anteckning till föreningen (valfritt)"),
        required=False,
        max_length=1000,
        rows=2,
        help_text=_("Till exempel när hen kan eller vad hen sa. Högst 1 000 tecken."),
    )
    resident_agreed = forms.BooleanField(
        label=_("Invånaren har sagt ja till att jag anmäler hen"),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["who"].use_fieldset = True

    def clean_phone(self) -> str:
        text = self.cleaned_data["phone"].strip()
        return normalise_swedish_phone(text) if text else ""

    def clean(self):
        data = super().clean()
        who = data.get("who")
        # The part that does not apply is never in the way, not even with a typo in it.
        for name in ("name", "phone") if who == WHO_ACCOUNT else ("email",) if who == WHO_PHONE else ():
            self._errors.pop(name, None)
            data[name] = ""
        if who == WHO_PHONE:
            if not data.get("name", "").strip() and "name" not in self._errors:
                self.add_error("name", _("Skriv invånarens namn."))
            if not data.get("phone") and "phone" not in self._errors:
                self.add_error("phone", _("Skriv ett telefonnummer där föreningen kan nå invånaren."))
        elif who == WHO_ACCOUNT and not data.get("email") and "email" not in self._errors:
            self.add_error("email", _("Skriv e-postadressen som invånaren har sitt konto med."))
        if not data.get("resident_agreed"):
            self.add_error(
                "resident_agreed",
                ValidationError(_("Kryssa i att invånaren har sagt ja. Utan det kan du inte anmäla hen.")),
            )
        return data

    def service_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "email": data["email"] if data["who"] == WHO_ACCOUNT else "",
            "name": data["name"] if data["who"] == WHO_PHONE else "",
            "phone": data["phone"] if data["who"] == WHO_PHONE else "",
            "message": data["message"],
            "resident_agreed": data["resident_agreed"],
        }
