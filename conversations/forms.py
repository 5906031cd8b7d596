from django import forms
from django.utils.translation import gettext_lazy as _

from associations.forms import phone_number
from conversations.models import Message, MessageReport
from uppdragsbanken.fields import LimitedTextField


class MessageForm(forms.Form):
    body = LimitedTextField(
        label=_("Ditt meddelande"),
        max_length=Message.MAX_LENGTH,
        rows=4,
        help_text=_("Bara text. Högst 2 000 tecken. Länkar till andra webbplatser visas som text."),
        error_messages={"required": _("Skriv något innan du skickar.")},
    )


class PhoneForm(forms.Form):
    phone = forms.CharField(
        label=_("Ditt telefonnummer"),
        max_length=30,
        help_text=_("Numret syns för föreningens administratörer och samordnare i det här samtalet."),
        error_messages={"required": _("Skriv ditt telefonnummer, till exempel 070-123 45 67.")},
    )

    def clean_phone(self) -> str:
        return phone_number(self.cleaned_data["phone"])


class ReportForm(forms.Form):
    reason = LimitedTextField(
        label=_("Vad är fel med meddelandet? (valfritt)"),
        max_length=MessageReport.REASON_MAX_LENGTH,
        required=False,
        rows=3,
        help_text=_("Högst 1 000 tecken."),
    )
