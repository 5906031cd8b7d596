"""Forms of the support pathway, shared by the resident's and the supporter's pages.

Every text box states its limit; control characters are refused in words; a refused form
comes back with everything typed."""

from django import forms
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from assignments.models import Category
from assignments.skills import SkillsField, initial_skills, with_max
from pathways.models import LONG_TEXT, NOTE_TEXT, SHORT_TEXT, Intake, Milestone, Share, SupportKind
from uppdragsbanken.filtering import no_unreadable_characters


def _limit_text(text, limit: int) -> str:
    if text:
        return gettext("%(text)s Högst %(limit)s tecken.") % {"text": text, "limit": limit}
    return gettext("Högst %(limit)s tecken.") % {"limit": limit}


# A help text that states the box's limit, translated when shown (not when this module loads).
_limit = lazy(_limit_text, str)


class _CleanText:
    """Refuse invisible control characters in every text field, in words."""

    def clean(self):
        cleaned_data = super().clean()
        for name, value in list(cleaned_data.items()):
            if isinstance(value, str) and value:
                try:
                    no_unreadable_characters(value)
                except forms.ValidationError as error:
                    self.add_error(name, error)
        return cleaned_data


class SharesField(forms.MultipleChoiceField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Det här får handledaren se"))
        kwargs.setdefault("choices", Share.choices)
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.CheckboxSelectMultiple)
        kwargs.setdefault(
            "help_text",
            _(
                "Anteckningar som handledaren skriver om dig ser bara du och dina handledare. "
                "Du kan ändra det här eller avsluta stödet när du vill."
            ),
        )
        super().__init__(**kwargs)


class SupportRequestForm(_CleanText, forms.Form):
    """The resident asks a supporter for support, choosing what to share."""

    shares = SharesField(initial=list(Share.values))
    message = forms.CharField(
        label=_("Meddelande till handledaren (frivilligt)"),
        required=False,
        max_length=SHORT_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_limit(_("Till exempel vad du vill ha hjälp med."), SHORT_TEXT),
    )


class SharesForm(forms.Form):
    """The resident accepts an invitation, or changes what they share."""

    shares = SharesField(initial=list(Share.values))


class SupportInviteForm(_CleanText, forms.Form):
    """A supporter invites a resident by their e-mail address."""

    email = forms.EmailField(
        label=_("Invånarens e-postadress"),
        max_length=254,
        help_text=_("Adressen som personen loggar in med på Uppdragsbanken."),
    )
    message = forms.CharField(
        label=_("Meddelande (frivilligt)"),
        required=False,
        max_length=SHORT_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_limit("", SHORT_TEXT),
    )


class SupportOfferForm(_CleanText, forms.Form):
    """What support an association offers, and where. `localities` are the municipality's villages."""

    kinds = forms.MultipleChoiceField(
        label=_("Vilket stöd erbjuder ni?"),
        choices=SupportKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    localities = forms.ModelMultipleChoiceField(
        label=_("I vilka orter?"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Välj inga orter om stödet finns i hela kommunen."),
    )
    description = forms.CharField(
        label=_("Om stödet"),
        required=False,
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_limit(_("Till exempel när och var man kan träffas."), LONG_TEXT),
    )

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["localities"].queryset = municipality.localities.order_by("name")


class IntakeForm(_CleanText, forms.ModelForm):
    """The kartläggning, in four short parts; the same form for the resident and the supporter."""

    skills = SkillsField(
        label=_("Vad kan du?"),
        required=False,
        help_text=with_max(_("Högst %(max)s. Sök bland Arbetsförmedlingens kompetenser, eller skriv med egna ord.")),
    )
    mark_done = forms.BooleanField(
        label=_("Kartläggningen är klar"),
        required=False,
        help_text=_("Den kan ändras efteråt också."),
    )

    class Meta:
        model = Intake
        fields = [
            "experience",
            "wanted_categories",
            "hours_per_week",
            "goals",
            "driving_licence",
            "travel",
            "times",
            "obstacles",
        ]
        labels = {
            "experience": _("Erfarenhet"),
            "wanted_categories": _("Vilka slags uppdrag och arbeten vill du ha?"),
            "hours_per_week": _("Hur många timmar i veckan vill du arbeta?"),
            "goals": _("Vad vill du nå?"),
            "driving_licence": _("Har du körkort?"),
            "travel": _("Hur kan du ta dig till uppdrag?"),
            "times": _("När kan du?"),
            "obstacles": _("Vad står i vägen?"),
        }
        help_texts = {
            "experience": _limit(_("Arbete, föreningsliv, sådant du gjort hemma."), LONG_TEXT),
            "hours_per_week": _("Högst 60."),
            "goals": _limit(_("Till exempel ett arbete, att starta eget eller att börja studera."), LONG_TEXT),
            "travel": _limit(_("Bil, buss, cykel, skjuts – och hur långt."), SHORT_TEXT),
            "times": _limit(_("Dagar och tider som passar."), SHORT_TEXT),
            "obstacles": _limit(_("Med dina egna ord. Bara du och dina handledare ser det."), LONG_TEXT),
        }
        widgets = {
            "experience": forms.Textarea(attrs={"rows": 4}),
            "wanted_categories": forms.CheckboxSelectMultiple,
            "goals": forms.Textarea(attrs={"rows": 3}),
            "driving_licence": forms.RadioSelect,
            "travel": forms.Textarea(attrs={"rows": 2}),
            "times": forms.Textarea(attrs={"rows": 2}),
            "obstacles": forms.Textarea(attrs={"rows": 4}),
        }

    SECTIONS = [
        ("can", _("Det här kan du"), ["skills", "experience"]),
        ("wants", _("Det här vill du"), ["wanted_categories", "hours_per_week", "goals"]),
        ("practical", _("Praktiskt"), ["driving_licence", "travel", "times"]),
        ("obstacles", _("Det som står i vägen"), ["obstacles"]),
        ("done", _("Klar?"), ["mark_done"]),
    ]
    field_order = [name for section in SECTIONS for name in section[2]]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["wanted_categories"].queryset = Category.objects.all()
        self.fields["driving_licence"].choices = [("", _("Vill inte säga")), *Intake.Licence.choices]
        self.fields["driving_licence"].required = False
        if self.instance.pk:
            self.initial["skills"] = initial_skills(
                skills=self.instance.skills.all(), own_skills=self.instance.own_skills.all()
            )
            if self.instance.completed_at:
                # Done once stays done: the milestone keeps its date.
                del self.fields["mark_done"]

    def sections(self) -> list[dict]:
        return [
            {"id": key, "title": title, "fields": [self[name] for name in names if name in self.fields]}
            for key, title, names in self.SECTIONS
        ]

    def service_kwargs(self) -> dict:
        """cleaned_data as intake_save takes it."""
        data = dict(self.cleaned_data)
        skills = data.pop("skills")
        return {
            **data,
            "skills": skills.skills,
            "own_skills": skills.own_words,
            "wanted_categories": data.pop("wanted_categories"),
            "mark_done": data.pop("mark_done", False),
        }


class MilestoneForm(_CleanText, forms.Form):
    kind = forms.ChoiceField(
        label=_("Vilket steg?"),
        choices=[(value, label) for value, label in Milestone.Kind.choices if value in Milestone.RECORDABLE],
        widget=forms.RadioSelect,
    )
    happened_on = forms.DateField(
        label=_("När?"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Till exempel 2026-03-15."),
    )
    note = forms.CharField(
        label=_("Kommentar (frivilligt)"),
        required=False,
        max_length=200,
        help_text=_limit(_("Till exempel vilken kurs."), 200),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["happened_on"].initial = timezone.localdate()


class NoteForm(_CleanText, forms.Form):
    text = forms.CharField(
        label=_("Anteckning"),
        max_length=NOTE_TEXT,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_limit(_("Bara invånaren och invånarens handledare kan läsa den."), NOTE_TEXT),
        error_messages={"required": _("Skriv något i anteckningen.")},
    )


class RecommendForm(_CleanText, forms.Form):
    assignment = forms.IntegerField(label=_("Uppdrag"), min_value=1, max_value=2**63 - 1, widget=forms.HiddenInput)
    message = forms.CharField(
        label=_("Varför passar det? (frivilligt)"),
        required=False,
        max_length=SHORT_TEXT,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_limit("", SHORT_TEXT),
    )
