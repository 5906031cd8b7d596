"""Forms of the support pathway, shared by the resident's and the supporter's pages.

Every text box states its limit; control characters are refused in words; a refused form
comes back with everything typed."""

from datetime import datetime

from django import forms
from django.utils import timezone
from django.utils.functional import cached_property, lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from assignments.models import Category
from assignments.skills import SkillsField, initial_skills, with_max
from pathways.models import LONG_TEXT, NOTE_TEXT, SHORT_TEXT, Intake, Milestone, Share, SupportKind
from uppdragsbanken.filtering import no_unreadable_characters
from uppdragsbanken.forms import IdModelMultipleChoiceField


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
    localities = IdModelMultipleChoiceField(
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


def _parse_version(text: str) -> datetime | None:
    """The datetime an ISO text says, or None for an empty or garbled one."""
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        return None
    return value if timezone.is_aware(value) else None


class IntakeForm(_CleanText, forms.ModelForm):
    """The kartläggning, in four short parts; the same form for the resident and the supporter.

    Two guards keep what is saved, on both sides:
    - A form that arrives with every answer empty, over an intake that has answers, is refused
      until the person ticks `clear_all`: a form that lost its fields on the way must not wipe
      what was saved.
    - `seen_version` carries the intake's `updated_at` from when the form was opened. If the saved
      intake has changed since (someone else saved in between), nothing is saved and the form
      comes back with what was typed; `seen_version` then holds the new version, so saving again
      means "keep what I typed". A missing or garbled value counts as changed only when the saved
      intake has answers.

    The instance must be the saved intake as it is now (or a new, unsaved Intake)."""

    CLEAR_HELP = _("Allt som står i kartläggningen tas bort, också det som någon annan har skrivit.")

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
    clear_all = forms.BooleanField(label=_("Ja, töm hela kartläggningen"), required=False)
    seen_version = forms.CharField(required=False, strip=True, widget=forms.HiddenInput)

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
        # A number no row can have is an invalid choice, not a database error.
        field_classes = {"wanted_categories": IdModelMultipleChoiceField}

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
        self.fields["clear_all"].help_text = self.CLEAR_HELP
        # Not even a NUL makes the hidden version an error: garbled counts as missing.
        self.fields["seen_version"].validators = []
        self.asks_to_clear = False
        self.changed_meanwhile = False
        self.initial["seen_version"] = self._saved_version()
        if self.instance.pk:
            self.initial["skills"] = initial_skills(
                skills=self.instance.skills.all(), own_skills=self.instance.own_skills.all()
            )
            if self.instance.completed_at:
                # Done once stays done: the milestone keeps its date.
                del self.fields["mark_done"]

    def _saved_version(self) -> str:
        """The saved intake's version as the hidden field carries it; empty before the first save."""
        updated_at = self.instance.updated_at if self.instance.pk else None
        return updated_at.isoformat() if updated_at else ""

    @cached_property
    def _saved_has_answers(self) -> bool:
        """Whether the saved intake holds any answer (read before the form's values reach the instance)."""
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

    def clean_seen_version(self) -> str:
        # Garbled is as good as missing (see _changed_since_opened): never an error of its own,
        # which a hidden field could not show.
        value = self.cleaned_data["seen_version"]
        return value if _parse_version(value) else ""

    def _changed_since_opened(self, seen: str) -> bool:
        if not self.instance.pk:
            return False  # nothing saved yet, so nothing to overwrite
        seen_at = _parse_version(seen or "")
        if seen_at is None:
            return self._saved_has_answers
        return seen_at != self.instance.updated_at

    def clean(self):
        data = super().clean()
        if self._changed_since_opened(data.get("seen_version", "")):
            self.changed_meanwhile = True
            self.seen(self.instance)  # saving again keeps what was typed
            raise forms.ValidationError(
                _(
                    "Kartläggningen har ändrats av någon annan medan du skrev. Här är det du skrev; "
                    "se den sparade versionen under det här meddelandet och spara igen med det som ska gälla."
                ),
                code="changed",
            )
        if self.errors or data.get("clear_all"):
            return data
        if self._submitted_is_empty(data) and self._saved_has_answers:
            self.asks_to_clear = True
            raise forms.ValidationError(
                _(
                    "Alla svar i formuläret är tomma, så inget är ändrat. Vill du verkligen tömma "
                    "kartläggningen? Kryssa i rutan längst ner och spara igen."
                ),
                code="empty",
            )
        return data

    def seen(self, intake: Intake) -> None:
        """Make a bound form carry `intake`'s version (the one just saved, or the one found
        changed), so that the next save from this page is not taken for a lost update."""
        if self.is_bound:
            self.data = self.data.copy()
            self.data[self.add_prefix("seen_version")] = intake.updated_at.isoformat() if intake.updated_at else ""

    def sections(self) -> list[dict]:
        sections = [
            {"id": key, "title": title, "fields": [self[name] for name in names if name in self.fields]}
            for key, title, names in self.SECTIONS
        ]
        if self.asks_to_clear:
            sections.append({"id": "clear", "title": _("Töm kartläggningen"), "fields": [self["clear_all"]]})
        return sections

    def _omitted(self, name: str) -> bool:
        """Whether the POST lacks the field altogether (not even empty): it was not on the form
        that was sent. Ticked boxes cannot tell, so a list of them is never "omitted"."""
        widget = self.fields[name].widget
        return widget.value_omitted_from_data(self.data, self.files, self.add_prefix(name))

    def service_kwargs(self) -> dict:
        """cleaned_data as intake_save takes it. A field the POST lacks altogether keeps what is
        saved instead of being emptied: a form cut short on the way wipes nothing."""
        kwargs = {name: value for name, value in self.cleaned_data.items() if not self._omitted(name)}
        kwargs.pop("clear_all", None)
        # Checked again by intake_save under the row's lock, for a save that lands in between.
        kwargs["expected_version"] = (
            _parse_version(kwargs.pop("seen_version", None) or "") if self.instance.pk else None
        )
        kwargs.setdefault("mark_done", False)  # the box is gone once the intake is done
        skills = kwargs.pop("skills", None)
        if skills is not None:
            kwargs.update(skills=skills.skills, own_skills=skills.own_words)
        else:
            kwargs.update(skills=list(self.instance.skills.all()) if self.instance.pk else [], own_skills=None)
        return kwargs


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
