from django.forms.boundfield import BoundField
from django.forms.renderers import TemplatesSetting


class AccessibleBoundField(BoundField):
    """Links a widget to its error message, so screen readers read both."""

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        if self.errors and self.auto_id:
            described = [f"{self.auto_id}_error"]
            if attrs.get("aria-describedby"):
                described.append(attrs["aria-describedby"])
            attrs["aria-describedby"] = " ".join(described)
        return attrs


class FormRenderer(TemplatesSetting):
    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"
    bound_field_class = AccessibleBoundField
