"""allauth's forms without placeholders: a placeholder that repeats the label
looks like text already filled in, and disappears when one starts typing."""

from allauth.account import forms as allauth_forms
from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from assignments.models import Category
from assignments.skills import SkillsField, initial_skills, with_max
from members.models import MemberProfile, Situation
from members.queries import localities_named, locality_hints, locality_label
from municipalities.models import Locality
from uppdragsbanken.filtering import no_unreadable_characters
from uppdragsbanken.forms import IdModelMultipleChoiceField
from uppdragsbanken.widgets import SuggestInput


class _NoPlaceholders:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.pop("placeholder", None)


class LoginForm(_NoPlaceholders, allauth_forms.LoginForm):
    pass


class SignupForm(_NoPlaceholders, allauth_forms.SignupForm):
    # What associations and fellow members see instead of the e-mail address (members.adapter).
    display_name = forms.CharField(
        validators=[no_unreadable_characters],
        label=_("Namn som andra ser"),
        max_length=80,
        required=False,
        help_text=_("Till exempel ditt förnamn. Lämnar du det tomt visas du som ”Invånare” och ett nummer."),
    )


class AddEmailForm(_NoPlaceholders, allauth_forms.AddEmailForm):
    pass


class ChangePasswordForm(_NoPlaceholders, allauth_forms.ChangePasswordForm):
    pass


class SetPasswordForm(_NoPlaceholders, allauth_forms.SetPasswordForm):
    pass


class ResetPasswordForm(_NoPlaceholders, allauth_forms.ResetPasswordForm):
    pass


class ResetPasswordKeyForm(_NoPlaceholders, allauth_forms.ResetPasswordKeyForm):
    pass


class ProfileForm(forms.ModelForm):
    """What a resident tells about themselves, in plain form fields that work without JavaScript.

    The home locality is typed as a name. A name several places share comes back
    with the candidates to choose from; cleaned_data then holds the Locality.
    """

    home_locality = forms.CharField(
        label=_("Hemort"),
        required=False,
        max_length=200,
        widget=SuggestInput(reverse_lazy("members:locality_suggestions")),
        help_text=_(
            "Skriv orten där du bor, till exempel Rusksele. Finns inte din by med, skriv den ort som ligger närmast."
        ),
    )
    home_locality_choice = forms.ChoiceField(label=_("Vilken menar du?"), required=False, widget=forms.RadioSelect)
    skills = SkillsField(
        label=_("Vad kan du?"),
        required=False,
        help_text=with_max(
            _(
                "Högst %(max)s. Sök bland Arbetsförmedlingens kompetenser, till exempel Snöskottning. "
                "Finns inte ordet där sparar vi det som ditt eget ord, och det räknas ändå när vi letar uppdrag."
            )
        ),
    )
    situation_consent = forms.BooleanField(
        label=_("Jag samtycker till att min situation sparas och används i kommunens statistik, utan mitt namn."),
        required=False,
        help_text=_("Du kan ta tillbaka samtycket när du vill. Ta bort krysset och spara, så tar vi bort uppgiften."),
    )

    class Meta:
        model = MemberProfile
        fields = [
            "display_name",
            "travel_radius_km",
            "interests",
            "languages",
            "driving_licence",
            "available_weekdays",
            "available_evenings",
            "available_weekends",
            "notification_preference",
            "email_my_claims",
            "email_claims",
            "email_reminders",
            "situation",
        ]
        # An id no row can have is a wrong choice in words, not an error from SQLite.
        field_classes = {"interests": IdModelMultipleChoiceField}
        widgets = {
            "interests": forms.CheckboxSelectMultiple,
            "notification_preference": forms.RadioSelect,
        }
        help_texts = {
            "display_name": _("Så ser föreningarna dig, till exempel Anna L."),
            "situation": _(
                "Frivilligt. Föreningarna ser aldrig uppgiften. Kommunen ser den bara i statistik, "
                "sammanräknad med andras, för att veta vilka uppdragen når."
            ),
        }

    # (id, heading, fields): the page reads as a few short groups rather than one long list.
    SECTIONS = [
        ("about", _("Om dig"), ["display_name", "languages", "driving_licence"]),
        (
            "where",
            _("Var och när"),
            [
                "home_locality",
                "home_locality_choice",
                "travel_radius_km",
                "available_weekdays",
                "available_evenings",
                "available_weekends",
            ],
        ),
        ("skills", _("Vad du kan"), ["skills", "interests"]),
        (
            "contact",
            _("Så hör vi av oss"),
            ["notification_preference", "email_my_claims", "email_claims", "email_reminders"],
        ),
        ("statistics", _("Statistik (frivilligt)"), ["situation", "situation_consent"]),
    ]

    # The error summary lists fields in this order: the order of the page.
    field_order = [name for section in SECTIONS for name in section[2]]

    def clean_display_name(self) -> str:
        name = self.cleaned_data["display_name"]
        no_unreadable_characters(name)
        return name

    def __init__(self, *args, manages_association: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not manages_association:
            # Only those who run an association get e-mail about its claims.
            del self.fields["email_claims"]
        self.fields["interests"].queryset = Category.objects.all()
        self.fields["situation"].choices = [("", _("Vill inte uppge")), *Situation.choices]
        if self.instance.pk:
            if self.instance.home_locality:
                self.initial["home_locality"] = locality_label(self.instance.home_locality)
            self.initial["skills"] = initial_skills(
                skills=self.instance.skills.all(), own_skills=self.instance.own_skills.all()
            )
            self.initial["situation_consent"] = self.instance.situation_consent_at is not None
        self.home_locality_candidates = self._typed_localities()
        if len(self.home_locality_candidates) > 1:
            self.fields["home_locality_choice"].choices = [
                (str(loc.pk), locality_label(loc)) for loc in self.home_locality_candidates
            ]
        else:
            del self.fields["home_locality_choice"]

    def _typed_localities(self) -> list[Locality]:
        # The choice between places of the same name must be known before the fields are
        # cleaned, so the typed text is checked here by the field's own rules first.
        if not self.is_bound:
            return []
        try:
            text = self.fields["home_locality"].clean(self.data.get(self.add_prefix("home_locality")))
        except ValidationError:
            return []
        return localities_named(text)

    def sections(self) -> list[dict]:
        return [
            {"id": key, "title": title, "fields": [self[name] for name in names if name in self.fields]}
            for key, title, names in self.SECTIONS
        ]

    def clean(self):
        cleaned_data = super().clean()
        choice = cleaned_data.pop("home_locality_choice", "")
        if "home_locality" in cleaned_data:
            try:
                cleaned_data["home_locality"] = self._home_locality(cleaned_data["home_locality"], choice)
            except ValidationError as error:
                self.add_error("home_locality", error)
        if cleaned_data.get("situation") and not cleaned_data.get("situation_consent"):
            if self.instance.situation_consent_at and cleaned_data["situation"] == self.instance.situation:
                # Taking away the tick withdraws consent: the situation goes with it.
                cleaned_data["situation"] = ""
            else:
                self.add_error(
                    "situation",
                    _("Kryssa i samtycket om du vill att vi sparar din situation. Annars väljer du ”Vill inte uppge”."),
                )
        return cleaned_data

    def _home_locality(self, text: str, choice: str) -> Locality | None:
        if not text:
            return None
        candidates = self.home_locality_candidates
        if len(candidates) == 1:
            return candidates[0]
        if candidates:
            chosen = [loc for loc in candidates if str(loc.pk) == choice]
            if chosen:
                return chosen[0]
            raise ValidationError(
                _("Det finns flera orter som heter ”%(name)s”. Välj den du menar här nedanför.") % {"name": text}
            )
        message = _("Vi hittar ingen ort som heter ”%(name)s”.") % {"name": text}
        hints = locality_hints(text)
        if hints:
            message += " " + _("Menade du: %(hints)s?") % {"hints": ", ".join(locality_label(h) for h in hints)}
        raise ValidationError(message)


class LocalitySearchForm(forms.Form):
    """The text typed so far in the home locality field; anything odd just gives no suggestions."""

    q = forms.CharField(required=False, max_length=100)
