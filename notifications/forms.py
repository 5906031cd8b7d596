from django import forms
from django.utils.translation import gettext_lazy as _

from notifications.models import SavedSearch


class SavedSearchNameForm(forms.ModelForm):
    class Meta:
        model = SavedSearch
        fields = ["name"]
        labels = {"name": _("Nytt namn")}
        error_messages = {"name": {"required": _("Skriv ett namn på bevakningen.")}}

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("Skriv ett namn på bevakningen."))
        return name
