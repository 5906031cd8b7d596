from django import forms
from django.utils.translation import gettext_lazy as _

from municipalities.models import StaffMembership


class StaffInviteForm(forms.Form):
    email = forms.EmailField(label=_("E-postadress"), max_length=254)
    role = forms.ChoiceField(label=_("Roll"), choices=StaffMembership.Role.choices, initial=StaffMembership.Role.VIEWER)
