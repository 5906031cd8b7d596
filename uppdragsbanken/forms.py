from django import forms
from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    """The site's form markup. Django links each widget to its help text and its errors."""

    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"


# The largest id a row can have (a signed 64-bit integer), and how an id is written.
MAX_ID = 2**63 - 1


def is_id(value) -> bool:
    """Whether `value` (a str or int from a form or URL) can be a row's id: ASCII digits, at most
    MAX_ID. Larger numbers reach SQLite as an OverflowError instead of "no such row"."""
    text = str(value)
    return text.isascii() and text.isdigit() and 0 < int(text) <= MAX_ID


class IdModelChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField that takes a number no row can have as an invalid choice, in words,
    instead of sending it to the database."""

    def to_python(self, value):
        if value not in self.empty_values and self.to_field_name is None and not is_id(value):
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class IdModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """ModelMultipleChoiceField with IdModelChoiceField's rule for every chosen value."""

    def _check_values(self, value):
        if self.to_field_name is None:
            for pk in value:
                if not is_id(pk):
                    raise forms.ValidationError(
                        self.error_messages["invalid_choice"], code="invalid_choice", params={"value": pk}
                    )
        return super()._check_values(value)
