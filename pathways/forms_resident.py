"""Forms only the resident's own pages use (the shared ones are in pathways.forms)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from pathways.forms import IntakeForm, SharesForm
from pathways.models import SupportLink

# The intake's fields that hold something the person wrote or chose.
_INTAKE_ANSWERS = (
    "experience",
    "goals",
    "travel",
    "times",
    "obstacles",
    "driving_licence",
    "hours_per_week",
    "wanted_categories",
)


def shares_form(link: SupportLink, data=None) -> SharesForm:
    """The SharesForm of one link, prefixed by its id so several fit on one page.

    Input: the link and the POST data (None for an unbound form, ticked as the link shares now,
    or everything for an invitation not yet answered). Output: the form; raises nothing."""
    if link.status == SupportLink.Status.INVITED:
        initial = list(SharesForm.base_fields["shares"].initial)
    else:
        initial = [value for value in SharesForm.base_fields["shares"].initial if link.shares(value)]
    return SharesForm(data, prefix=f"link-{link.pk}", initial={"shares": initial})


class ResidentIntakeForm(IntakeForm):
    """The intake as the resident corrects it. A form that arrives with every answer empty,
    over an intake that has answers, is refused until the person ticks that they mean to
    empty it: a form that lost its fields on the way must not wipe what was saved."""

    clear_all = forms.BooleanField(
        label=_("Ja, töm hela kartläggningen"),
        required=False,
        help_text=_("Allt du och din handledare har skrivit i kartläggningen tas bort."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.asks_to_clear = False

    def _saved_has_answers(self) -> bool:
        intake = self.instance
        if not intake.pk:
            return False
        if any(getattr(intake, name) not in ("", None) for name in _INTAKE_ANSWERS if name != "wanted_categories"):
            return True
        return intake.skills.exists() or intake.own_skills.exists() or intake.wanted_categories.exists()

    def _submitted_is_empty(self, data: dict) -> bool:
        skills = data.get("skills")
        if skills is not None and (skills.skills or skills.own_words):
            return False
        if data.get("mark_done"):
            return False
        for name in _INTAKE_ANSWERS:
            value = data.get(name)
            if name == "wanted_categories":
                if value is not None and len(value):
                    return False
            elif value not in ("", None):
                return False
        return True

    def clean(self):
        data = super().clean()
        if self.errors or data.get("clear_all"):
            return data
        if self._submitted_is_empty(data) and self._saved_has_answers():
            self.asks_to_clear = True
            raise forms.ValidationError(
                _(
                    "Alla svar i formuläret är tomma, så inget är ändrat. Vill du verkligen tömma "
                    "kartläggningen? Kryssa i rutan längst ner och spara igen."
                ),
                code="empty",
            )
        return data

    def sections(self) -> list[dict]:
        sections = super().sections()
        if self.asks_to_clear:
            sections.append({"id": "clear", "title": _("Töm kartläggningen"), "fields": [self["clear_all"]]})
        return sections

    def service_kwargs(self) -> dict:
        kwargs = super().service_kwargs()
        kwargs.pop("clear_all", None)
        return kwargs
