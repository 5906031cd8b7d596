import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from associations.models import Association, AssociationMembership
from associations.validators import normalize_organisation_number
from municipalities.models import Locality, Municipality
from uppdragsbanken.fields import DecimalCommaField, DecimalCommaInput, LimitedTextField, ascii_digits
from uppdragsbanken.filtering import no_unreadable_characters
from uppdragsbanken.forms import IdModelMultipleChoiceField
from uppdragsbanken.widgets import FastSelect

PHONE = re.compile(r"\+?[0-9][0-9 ()\-]*", re.ASCII)


def phone_number(text: str) -> str:
    """A phone number as typed, checked: digits of any script become 0–9 and dashes "-";
    "+", spaces, brackets and dashes are allowed around the digits. Output: the number
    stripped ("" for nothing typed). Raises ValidationError for letters or look-alikes ("²")."""
    phone = ascii_digits(text).strip()
    if phone and not PHONE.fullmatch(phone):
        raise ValidationError(_("Skriv telefonnumret med siffrorna 0–9, till exempel 0950-123 45."))
    return phone


class AsciiCodeChoiceField(forms.ModelChoiceField):
    """A choice by code, where a code typed with other digits ("２４８１") means the same code."""

    def to_python(self, value):
        return super().to_python(ascii_digits(value) if isinstance(value, str) else value)


class MunicipalityChoiceForm(forms.Form):
    kommun = AsciiCodeChoiceField(
        label=_("Vilken kommun verkar föreningen i?"),
        queryset=Municipality.objects.order_by("name"),
        to_field_name="code",
        empty_label=_("Välj kommun"),
        widget=FastSelect,
        error_messages={"invalid_choice": _("Välj en kommun i listan.")},
    )


class LocalitiesField(IdModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj: Locality) -> str:
        return obj.name


class AssociationDetailsForm(forms.Form):
    name = forms.CharField(validators=[no_unreadable_characters], label=_("Föreningens namn"), max_length=150)
    kind = forms.ChoiceField(label=_("Typ av organisation"), choices=Association.Kind.choices)
    localities = LocalitiesField(
        label=_("Orter där föreningen verkar"),
        queryset=Locality.objects.none(),
        required=False,
        help_text=_("Uppdrag kan bara läggas ut i de orter du väljer här."),
        error_messages={"invalid_choice": _("%(value)s är inte en ort i den här kommunen.")},
    )
    description = LimitedTextField(
        label=_("Om föreningen"),
        max_length=3000,
        rows=5,
        required=False,
        help_text=_("Några meningar om vad ni gör. Visas för alla. Högst 3 000 tecken."),
    )
    # The database's own limits, so a long address is a clear error here, not a failed save.
    contact_email = forms.EmailField(label=_("E-post för kontakt"), required=False, max_length=254)
    contact_phone = forms.CharField(label=_("Telefon"), max_length=30, required=False)
    website = forms.URLField(label=_("Webbplats"), required=False, assume_scheme="https", max_length=200)

    def __init__(self, *args, municipality: Municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.municipality = municipality
        self.fields["localities"].queryset = municipality.localities.order_by("name")
        self.fields["localities"].use_fieldset = True

    def clean_contact_phone(self) -> str:
        return phone_number(self.cleaned_data["contact_phone"])


class AssociationRegisterForm(AssociationDetailsForm):
    organisation_number = forms.CharField(
        label=_("Organisationsnummer"),
        max_length=13,
        help_text=_("Tio siffror, till exempel 802400-1235. Finns i föreningens stadgar eller hos Skatteverket."),
    )
    field_order = ["name", "organisation_number", "kind", "localities"]

    def clean_organisation_number(self) -> str:
        return normalize_organisation_number(self.cleaned_data["organisation_number"])


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("E-postadress"), max_length=254)
    role = forms.ChoiceField(
        label=_("Roll"), choices=AssociationMembership.Role.choices, initial=AssociationMembership.Role.COORDINATOR
    )


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Roll"), choices=AssociationMembership.Role.choices)


class RejectForm(forms.Form):
    reason = LimitedTextField(
        label=_("Varför godkänns föreningen inte?"),
        max_length=2000,
        rows=4,
        help_text=_(
            "Föreningen ser det du skriver, så skriv vad den kan göra för att bli godkänd. Högst 2 000 tecken."
        ),
    )


class VillageForm(forms.Form):
    name = forms.CharField(validators=[no_unreadable_characters], label=_("Namn"), max_length=100)
    latitude = DecimalCommaField(
        widget=DecimalCommaInput,
        label=_("Latitud"),
        max_digits=8,
        decimal_places=6,
        help_text=_("Grader norr, till exempel 64,5912."),
        error_messages={"invalid": _("Skriv latituden som ett tal, till exempel 64,5912.")},
    )
    longitude = DecimalCommaField(
        widget=DecimalCommaInput,
        label=_("Longitud"),
        max_digits=8,
        decimal_places=6,
        help_text=_("Grader öster, till exempel 18,6690."),
        error_messages={"invalid": _("Skriv longituden som ett tal, till exempel 18,6690.")},
    )


def apply_service_error(form: forms.Form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form, by field where it names one."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
