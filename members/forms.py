"""allauth's forms without placeholders: a placeholder that repeats the label
looks like text already filled in, and disappears when one starts typing."""

from allauth.account import forms as allauth_forms
from django import forms
from django.utils.translation import gettext_lazy as _

from assignments.forms import parse_skills
from assignments.models import Category
from members.models import MemberProfile
from municipalities.models import Locality
from uppdragsbanken.widgets import FastSelect


class _NoPlaceholders:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.pop("placeholder", None)


class LoginForm(_NoPlaceholders, allauth_forms.LoginForm):
    pass


class SignupForm(_NoPlaceholders, allauth_forms.SignupForm):
    pass


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
    """What a resident tells about themselves, in plain form fields that work without JavaScript."""

    skills_text = forms.CharField(
        label=_("Vad kan du?"),
        required=False,
        help_text=_("Kompetenser ur Arbetsförmedlingens lista, åtskilda med kommatecken, till exempel Snöskottning."),
    )

    class Meta:
        model = MemberProfile
        fields = [
            "display_name",
            "home_locality",
            "travel_radius_km",
            "interests",
            "languages",
            "driving_licence",
            "available_weekdays",
            "available_evenings",
            "available_weekends",
            "notification_preference",
        ]
        widgets = {
            "home_locality": FastSelect,
            "interests": forms.CheckboxSelectMultiple,
            "notification_preference": forms.RadioSelect,
        }
        help_texts = {"display_name": _("Så ser föreningarna dig, till exempel Anna L.")}

    field_order = ["display_name", "home_locality", "travel_radius_km", "skills_text"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        localities = Locality.objects.select_related("municipality").order_by("name", "municipality__name")
        self.fields["home_locality"].queryset = localities
        self.fields["home_locality"].label_from_instance = lambda loc: f"{loc.name} ({loc.municipality.name})"
        self.fields["home_locality"].empty_label = _("Välj din hemort")
        self.fields["interests"].queryset = Category.objects.all()
        for name in ("interests", "notification_preference"):
            self.fields[name].use_fieldset = True
        if self.instance.pk:
            self.fields["skills_text"].initial = ", ".join(s.label_sv for s in self.instance.skills.all())

    def clean_skills_text(self) -> list:
        return parse_skills(self.cleaned_data["skills_text"])
