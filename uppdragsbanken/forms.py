from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    """The site's form markup. Django links each widget to its help text and its errors."""

    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"
