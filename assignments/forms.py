from datetime import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assignments.models import Assignment, Category, Skill
from assignments.services import EDITABLE_FIELDS
from associations.models import Association
from municipalities.models import DevelopmentGoal, Locality
from uppdragsbanken.fields import DecimalCommaField, DecimalCommaInput

TIMING_WINDOW, TIMING_DEADLINE = "window", "deadline"
MAX_SKILLS = 8


def _skills_named(names: set[str]) -> dict[str, Skill]:
    """The skills with any of these names (any letter case), by lower-case name, in one query."""
    if not names:
        return {}
    any_name = Q()
    for name in names:
        any_name |= Q(label_sv__iexact=name)
    return {skill.label_sv.lower(): skill for skill in Skill.objects.filter(any_name, kind=Skill.Kind.SKILL)}


def parse_skills(text: str) -> list[Skill]:
    """Skills typed as taxonomy names, comma-separated; an unknown name gets suggestions.

    Some names have a comma of their own ("Svenska, cirkelledning"): neighbouring
    parts that together make a known name are taken as one.
    """
    parts = [part.strip() for part in text.split(",")]
    if sum(1 for part in parts if part) > MAX_SKILLS * 3:  # more than any names with commas could explain
        raise ValidationError(_("Välj högst %(max)s kompetenser.") % {"max": MAX_SKILLS})
    # Every run of up to three neighbouring parts is a possible name; look them all up at once.
    runs = {
        ", ".join(parts[start:end])
        for start in range(len(parts))
        if parts[start]
        for end in range(start + 1, min(start + 3, len(parts)) + 1)
    }
    known = _skills_named(runs)
    skills, unknown = [], []
    position = 0
    while position < len(parts):
        if not parts[position]:
            position += 1
            continue
        # The longest run that names a skill wins.
        for end in range(min(position + 3, len(parts)), position, -1):
            skill = known.get(", ".join(parts[position:end]).lower())
            if skill:
                skills.append(skill)
                position = end
                break
        else:
            unknown.append(parts[position])
            position += 1
    if len(skills) + len(unknown) > MAX_SKILLS:
        raise ValidationError(_("Välj högst %(max)s kompetenser.") % {"max": MAX_SKILLS})
    if unknown:
        hints = []
        # A misspelling rarely matches whole; its first letters usually do ("snöskotning" → "snös").
        for stem in (unknown[0][:20], unknown[0][:4]):
            hints = hints or list(
                Skill.objects.filter(kind=Skill.Kind.SKILL, label_sv__icontains=stem)
                .order_by("label_sv")
                .values_list("label_sv", flat=True)[:5]
            )
        message = _("Vi hittar ingen kompetens som heter ”%(name)s”.") % {"name": unknown[0]}
        if hints:
            message += " " + _("Menade du: %(hints)s?") % {"hints": ", ".join(hints)}
        raise ValidationError(message)
    return list(dict.fromkeys(skills))


class AssignmentForm(forms.Form):
    title = forms.CharField(
        label=_("Rubrik"), max_length=120, help_text=_("Kort och konkret, till exempel ”Skotta snö vid bygdegården”.")
    )
    description = forms.CharField(
        label=_("Beskrivning"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Vad ska göras, och vad är bra att veta?"),
    )
    category = forms.ModelChoiceField(label=_("Kategori"), queryset=Category.objects.all(), empty_label=_("Välj"))
    skills = forms.CharField(
        label=_("Önskade kompetenser"),
        required=False,
        help_text=_("Valfritt. Skriv kompetenser ur Arbetsförmedlingens lista, åtskilda med kommatecken."),
    )
    locality = forms.ModelChoiceField(label=_("Ort"), queryset=Locality.objects.none(), empty_label=_("Välj ort"))
    timing = forms.ChoiceField(
        label=_("När?"),
        choices=[(TIMING_WINDOW, _("En bestämd tid")), (TIMING_DEADLINE, _("När som helst före ett datum"))],
        widget=forms.RadioSelect,
        initial=TIMING_WINDOW,
    )
    date = forms.DateField(label=_("Datum"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    start_time = forms.TimeField(
        label=_("Från klockan"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    end_time = forms.TimeField(label=_("Till klockan"), required=False, widget=forms.TimeInput(attrs={"type": "time"}))
    deadline = forms.DateField(label=_("Klart senast"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    estimated_hours = DecimalCommaField(
        label=_("Ungefär hur många timmar?"),
        max_digits=5,
        decimal_places=1,
        min_value=0.5,
        max_value=500,
        widget=DecimalCommaInput,
    )
    slots = forms.IntegerField(label=_("Hur många personer behövs?"), min_value=1, max_value=100, initial=1)
    compensation = forms.ChoiceField(
        label=_("Ersättning"), choices=Assignment.Compensation.choices, widget=forms.RadioSelect
    )
    amount_sek = DecimalCommaField(
        label=_("Belopp i kronor"),
        required=False,
        max_digits=8,
        decimal_places=2,
        min_value=1,
        widget=DecimalCommaInput,
        help_text=_("Fast arvode för hela uppdraget, eller ersättning per timme."),
    )
    payment_route = forms.ChoiceField(
        label=_("Hur betalas ersättningen?"), choices=Assignment.PaymentRoute.choices, widget=forms.RadioSelect
    )
    claim_mode = forms.ChoiceField(
        label=_("Vem får uppdraget?"), choices=Assignment.ClaimMode.choices, widget=forms.RadioSelect
    )
    development_goals = forms.ModelMultipleChoiceField(
        label=_("Kommunens utvecklingsmål som uppdraget bidrar till"),
        queryset=DevelopmentGoal.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    how_to_get_there = forms.CharField(label=_("Hitta dit"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    what_to_bring = forms.CharField(label=_("Ta med"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, association: Association, **kwargs):
        super().__init__(*args, **kwargs)
        self.association = association
        localities = association.localities.all()
        if not localities.exists():
            localities = association.municipality.localities.all()
        self.fields["locality"].queryset = localities.order_by("name")
        goals = association.municipality.development_goals.filter(is_active=True)
        self.fields["development_goals"].queryset = goals
        if not goals.exists():
            del self.fields["development_goals"]
        for name in ("timing", "compensation", "payment_route", "claim_mode", "development_goals"):
            if name in self.fields:
                self.fields[name].use_fieldset = True

    @classmethod
    def initial_from(cls, assignment: Assignment) -> dict:
        # The time window is split into date and clock times below.
        initial = {name: getattr(assignment, name) for name in EDITABLE_FIELDS if name not in ("starts_at", "ends_at")}
        initial["skills"] = ", ".join(skill.label_sv for skill in assignment.skills.all())
        initial["development_goals"] = list(assignment.development_goals.all())
        if assignment.starts_at:
            starts, ends = timezone.localtime(assignment.starts_at), timezone.localtime(assignment.ends_at)
            initial.update(timing=TIMING_WINDOW, date=starts.date(), start_time=starts.time(), end_time=ends.time())
        else:
            initial["timing"] = TIMING_DEADLINE
        return initial

    def clean_skills(self) -> list[Skill]:
        return parse_skills(self.cleaned_data["skills"])

    def clean(self):
        data = super().clean()
        if data.get("timing") == TIMING_WINDOW:
            self._clean_window(data)
        elif data.get("timing") == TIMING_DEADLINE:
            if not data.get("deadline"):
                self.add_error("deadline", _("Ange datumet då uppdraget ska vara klart."))
            elif data["deadline"] < timezone.localdate():
                self.add_error("deadline", _("Datumet har redan passerat."))
            data["starts_at"] = data["ends_at"] = None
        compensation = data.get("compensation")
        if compensation == Assignment.Compensation.VOLUNTARY:
            data["amount_sek"] = None
            data["payment_route"] = Assignment.PaymentRoute.VOLUNTARY
        elif compensation:
            if not data.get("amount_sek"):
                self.add_error("amount_sek", _("Skriv hur mycket uppdraget betalar."))
            if data.get("payment_route") == Assignment.PaymentRoute.VOLUNTARY:
                self.add_error("payment_route", _("Välj hur ersättningen betalas ut."))
        return data

    def _clean_window(self, data: dict) -> None:
        day, start, end = data.get("date"), data.get("start_time"), data.get("end_time")
        if not day:
            self.add_error("date", _("Ange datumet."))
        if not start:
            self.add_error("start_time", _("Ange när uppdraget börjar."))
        if not end:
            self.add_error("end_time", _("Ange när uppdraget slutar."))
        if not (day and start and end):
            return
        if end <= start:
            self.add_error("end_time", _("Sluttiden måste vara efter starttiden."))
            return
        starts_at = timezone.make_aware(datetime.combine(day, start))
        if starts_at < timezone.now():
            self.add_error("date", _("Tiden har redan passerat."))
            return
        data["starts_at"] = starts_at
        data["ends_at"] = timezone.make_aware(datetime.combine(day, end))
        data["deadline"] = None

    def service_fields(self) -> dict:
        """The cleaned data as the services take it (assignments.services.EDITABLE_FIELDS)."""
        data = self.cleaned_data
        fields = {name: data[name] for name in EDITABLE_FIELDS}
        fields["skills"] = data["skills"]
        fields["development_goals"] = data.get("development_goals", [])
        return fields


class ClaimForm(forms.Form):
    message = forms.CharField(
        label=_("Meddelande till föreningen (valfritt)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Till exempel när du kan, eller om du har frågor."),
    )


class DecisionForm(forms.Form):
    message = forms.CharField(
        label=_("Meddelande (valfritt)"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )


class HoursForm(forms.Form):
    hours = DecimalCommaField(
        label=_("Antal timmar"), max_digits=5, decimal_places=1, min_value=0.1, max_value=500, widget=DecimalCommaInput
    )


class ConfirmForm(HoursForm):
    reference_text = forms.CharField(
        label=_("Referens (valfritt)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Några ord om insatsen. Den som gjorde uppdraget kan visa dem som referens."),
    )


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Varför ställs uppdraget in?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("De som har anmält sig får läsa det."),
    )
