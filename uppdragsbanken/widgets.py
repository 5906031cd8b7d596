from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe


class FastSelect(forms.Select):
    """A select rendered in Python rather than one template per option.

    The filter forms list all 290 municipalities; rendering each option
    through Django's widget templates cost more than the page's queries.
    Same markup as forms.Select (no option groups).
    """

    def render(self, name, value, attrs=None, renderer=None):
        # Not get_context(): it builds Django's option groups, the very cost this avoids.
        final_attrs = self.build_attrs(self.attrs, attrs)
        selected = set(self.format_value(value))
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (option_value, mark_safe(" selected") if str(option_value) in selected else "", label)
                for option_value, label in self._flat_choices()
            ),
        )
        return format_html('<select name="{}"{}>{}</select>', name, flatatt(final_attrs), options)

    def _flat_choices(self):
        for option_value, label in self.choices:
            if isinstance(label, list | tuple):
                yield from label
            else:
                yield ("" if option_value is None else getattr(option_value, "value", option_value), label)


class SuggestInput(forms.TextInput):
    """A text input with a <datalist> that static/js/suggest.js fills from suggest_url as one types.

    Without JavaScript it stays a plain text input: the form makes sense of what was typed.
    The URL gets the typed text as ?q= and answers with <option> elements.
    """

    def __init__(self, suggest_url, attrs=None):
        super().__init__(attrs)
        self.suggest_url = suggest_url

    def render(self, name, value, attrs=None, renderer=None):
        attrs = dict(attrs or {})
        list_id = f"{attrs.get('id', name)}_suggestions"
        # The browser's own autofill history would crowd out the suggestions.
        attrs.update({"list": list_id, "autocomplete": "off", "data-suggest": str(self.suggest_url)})
        return format_html('{}<datalist id="{}"></datalist>', super().render(name, value, attrs, renderer), list_id)
