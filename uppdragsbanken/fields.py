from django import forms


class DecimalCommaField(forms.DecimalField):
    """A number that may be written the Swedish way (2,5) or with a point (2.5), whatever the page language."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace(" ", "").replace("\u00a0", "").replace(",", ".")
        return super().to_python(value)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        # A text box with a decimal keyboard: type=number refuses commas in some browsers.
        attrs.pop("step", None)
        attrs.update({"inputmode": "decimal"})
        return attrs


class DecimalCommaInput(forms.TextInput):
    input_type = "text"
