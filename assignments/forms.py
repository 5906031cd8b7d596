from django import forms
from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from assignments import checklist, series
from assignments.models import Assignment, AssignmentSeries, Category
from assignments.series import MAX_OCCURRENCES
from assignments.services import EDITABLE_FIELDS
from assignments.skills import SkillsField, initial_skills, with_max
from associations.forms import phone_number
from associations.models import Association
from municipalities.models import DevelopmentGoal, Locality
from uppdragsbanken.fields import DecimalCommaField, DecimalCommaInput, LimitedTextField, local_datetime
from uppdragsbanken.filtering import no_unreadable_characters
from uppdragsbanken.forms import IdModelMultipleChoiceField

TIMING_WINDOW, TIMING_DEADLINE = "window", "deadline"
REPEAT_NONE = "none"
SCOPE_ONE, SCOPE_COMING = "one", "coming"
WEEKDAYS = [
    (1, _("måndag")),
    (2, _("tisdag")),
    (3, _("onsdag")),
    (4, _("torsdag")),
    (5, _("fredag")),
    (6, _("lördag")),
    (7, _("söndag")),
]


class AssignmentForm(forms.Form):
    # As forms/form.html, with the safety questions grouped under "Säkerhet och villkor".
    template_name = "assignments/_form_fields.html"

    title = forms.CharField(
        validators=[no_unreadable_characters],
        label=_("Rubrik"),
        max_length=120,
        help_text=_("Kort och konkret, till exempel ”Skotta snö vid bygdegården”."),
    )
    description = LimitedTextField(
        label=_("Beskrivning"),
        max_length=5000,
        rows=6,
        help_text=_("Vad ska göras, och vad är bra att veta? Högst 5 000 tecken."),
    )
    category = forms.ModelChoiceField(label=_("Kategori"), queryset=Category.objects.all(), empty_label=_("Välj"))
    skills = SkillsField(
        label=_("Önskade kompetenser"),
        required=False,
        help_text=with_max(
            _(
                "Valfritt, högst %(max)s. Sök bland Arbetsförmedlingens kompetenser. Finns inte ordet där sparas det "
                "som eget ord, och det räknas ändå när vi letar personer som passar."
            )
        ),
    )
    locality = forms.ModelChoiceField(label=_("Ort"), queryset=Locality.objects.none(), empty_label=_("Välj ort"))
    timing = forms.ChoiceField(
        label=_("När?"),
        choices=[(TIMING_WINDOW, _("En bestämd tid")), (TIMING_DEADLINE, _("När som helst före ett datum"))],
        widget=forms.RadioSelect,
        initial=TIMING_WINDOW,
    )
    # The questions below depend on an earlier answer. Without JavaScript every one of
    # them is on the page, so each says when it applies, and clean() ignores (and never
    # requires) the ones that do not.
    date = forms.DateField(
        label=_("Datum"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Bara om uppdraget har en bestämd tid."),
    )
    start_time = forms.TimeField(
        label=_("Från klockan"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    end_time = forms.TimeField(label=_("Till klockan"), required=False, widget=forms.TimeInput(attrs={"type": "time"}))
    deadline = forms.DateField(
        label=_("Klart senast"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Bara om uppdraget kan göras när som helst före ett datum."),
    )
    # Repeating (only when a new assignment is posted): each occurrence becomes its own assignment.
    repeat = forms.ChoiceField(
        label=_("Upprepa"),
        choices=[(REPEAT_NONE, _("Nej, bara en gång")), *AssignmentSeries.Repeat.choices],
        widget=forms.RadioSelect,
        initial=REPEAT_NONE,
        required=False,
        help_text=lazy(
            lambda: (
                _(
                    "Bara för uppdrag med en bestämd tid. Varje tillfälle blir ett eget uppdrag med egna platser och "
                    "anmälningar, samma klockslag varje gång. Högst ett år och %(max)s tillfällen."
                )
                % {"max": MAX_OCCURRENCES}
            ),
            str,
        )(),
    )
    repeat_weekdays = forms.TypedMultipleChoiceField(
        label=_("Vilka veckodagar?"),
        choices=WEEKDAYS,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Bara om uppdraget upprepas varje vecka eller varannan vecka. Det första tillfället är den första "
            "valda veckodagen från och med datumet ovan."
        ),
    )
    repeat_until = forms.DateField(
        label=_("Till och med"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Bara om uppdraget upprepas varje vecka eller varannan vecka. Högst ett år efter datumet ovan."),
    )
    repeat_dates = LimitedTextField(
        label=_("Fler datum"),
        required=False,
        max_length=1200,
        rows=4,
        help_text=_(
            "Bara om uppdraget ska göras på datum som du skriver. Datumet ovan är det första. Skriv de andra, "
            "ett per rad, till exempel 2027-04-03."
        ),
    )
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
        label=_("Belopp i kronor, om uppdraget betalas"),
        required=False,
        max_digits=8,
        decimal_places=2,
        min_value=1,
        widget=DecimalCommaInput,
        help_text=_("Fast arvode för hela uppdraget, eller ersättning per timme."),
    )
    # Voluntary work has no payment route: the form sets it, and never asks.
    payment_route = forms.ChoiceField(
        label=_("Hur betalas ersättningen, om uppdraget betalas?"),
        choices=[c for c in Assignment.PaymentRoute.choices if c[0] != Assignment.PaymentRoute.VOLUNTARY],
        required=False,
        widget=forms.RadioSelect,
    )
    claim_mode = forms.ChoiceField(
        label=_("Vem får uppdraget?"), choices=Assignment.ClaimMode.choices, widget=forms.RadioSelect
    )
    development_goals = IdModelMultipleChoiceField(
        label=_("Kommunens utvecklingsmål som uppdraget bidrar till"),
        queryset=DevelopmentGoal.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    how_to_get_there = LimitedTextField(
        label=_("Hitta dit"), max_length=1000, required=False, help_text=_("Valfritt. Högst 1 000 tecken.")
    )
    what_to_bring = LimitedTextField(
        label=_("Ta med"), max_length=1000, required=False, help_text=_("Valfritt. Högst 1 000 tecken.")
    )
    contact_name = forms.CharField(
        label=_("Kontaktperson"),
        max_length=80,
        required=False,
        help_text=_("Valfritt. Visas bara för dem som har fått uppdraget. Högst 80 tecken."),
    )
    contact_phone = forms.CharField(
        label=_("Kontaktpersonens telefon"),
        max_length=30,
        required=False,
        help_text=_("Valfritt. Visas bara för dem som har fått uppdraget."),
    )
    # "Säkerhet och villkor" (assignments.checklist): shown to residents before the sign-up button.
    insurance = forms.ChoiceField(
        label=_("Gäller föreningens försäkring för arbetet?"),
        choices=Assignment.Insurance.choices,
        initial=Assignment.Insurance.NOT_STATED,
        required=False,
        widget=forms.RadioSelect,
        help_text=_(
            "Till exempel en olycksfallsförsäkring för dem som hjälper till. "
            "Fråga ert försäkringsbolag om ni är osäkra."
        ),
    )
    record_extract = forms.ChoiceField(
        label=_("Behöver den som gör uppdraget visa ett utdrag ur belastningsregistret?"),
        choices=Assignment.RecordExtract.choices,
        initial=Assignment.RecordExtract.NOT_STATED,
        required=False,
        help_text=_(
            "Personen beställer utdraget själv hos Polisen, utan kostnad. Föreningar som har verksamhet för barn "
            "och unga brukar be om utdraget för arbete med barn i annan verksamhet än skola och barnomsorg. "
            "Lämnar du frågan obesvarad föreslår vi ett svar utifrån kategorin när du sparar ett nytt uppdrag."
        ),
    )
    risks = forms.MultipleChoiceField(
        label=_("Har arbetet några särskilda risker?"),
        choices=Assignment.Risk.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Välj alla som stämmer, eller ”Inga särskilda risker”. Lämnar du frågan obesvarad föreslår vi "
            "risker utifrån kategorin när du sparar ett nytt uppdrag."
        ),
    )
    risks_other = forms.CharField(
        label=_("Annan risk"),
        max_length=200,
        required=False,
        validators=[no_unreadable_characters],
        help_text=_("Bara om du valt ”Annan risk”. Högst 200 tecken."),
    )
    protective_equipment = forms.CharField(
        label=_("Vilken skyddsutrustning har föreningen?"),
        max_length=300,
        required=False,
        validators=[no_unreadable_characters],
        help_text=_(
            "Till exempel ”Hjälm och handskar finns”. Har ni valt en risk ovan: skriv vad ni har, eller ”Ingen”. "
            "Högst 300 tecken."
        ),
    )

    scope = forms.ChoiceField(
        label=_("Vilka tillfällen ska ändras?"),
        choices=[
            (SCOPE_ONE, _("Bara det här tillfället")),
            (SCOPE_COMING, _("Det här och alla kommande tillfällen")),
        ],
        widget=forms.RadioSelect,
        initial=SCOPE_ONE,
        help_text=_(
            "Kommande tillfällen som är inställda eller genomförda ändras inte. Ett nytt datum gäller bara det här "
            "tillfället; nya klockslag gäller alla."
        ),
    )

    def __init__(self, *args, association: Association, repeatable: bool = False, in_series: bool = False, **kwargs):
        """repeatable: a new assignment, which may repeat; in_series: editing an occurrence of a series."""
        super().__init__(*args, **kwargs)
        self.association = association
        self.repeatable = repeatable
        if not repeatable:
            for name in ("repeat", "repeat_weekdays", "repeat_until", "repeat_dates"):
                del self.fields[name]
        if not in_series:
            del self.fields["scope"]
        # Things the person should know about what was saved (an hour that happens twice).
        self.notes: list[str] = []
        localities = association.localities.all()
        if not localities.exists():
            localities = association.municipality.localities.all()
        self.fields["locality"].queryset = localities.order_by("name")
        only = list(localities[:2])
        if len(only) == 1:
            # One place to choose from is no question: it is chosen already.
            self.initial.setdefault("locality", only[0].pk)
        goals = association.municipality.development_goals.filter(is_active=True)
        self.fields["development_goals"].queryset = goals
        if not goals.exists():
            del self.fields["development_goals"]
        # The association's own phone until someone else is named: residents with a place can call it.
        self.initial.setdefault("contact_phone", association.contact_phone)
        for name in (
            "timing",
            "compensation",
            "payment_route",
            "claim_mode",
            "development_goals",
            "repeat",
            "repeat_weekdays",
            "scope",
            "insurance",
            "risks",
        ):
            if name in self.fields:
                self.fields[name].use_fieldset = True

    @classmethod
    def initial_from(cls, assignment: Assignment) -> dict:
        # The time window is split into date and clock times below.
        initial = {name: getattr(assignment, name) for name in EDITABLE_FIELDS if name not in ("starts_at", "ends_at")}
        initial["skills"] = initial_skills(skills=assignment.skills.all(), own_skills=assignment.own_skills.all())
        initial["development_goals"] = list(assignment.development_goals.all())
        if assignment.starts_at:
            starts, ends = timezone.localtime(assignment.starts_at), timezone.localtime(assignment.ends_at)
            initial.update(timing=TIMING_WINDOW, date=starts.date(), start_time=starts.time(), end_time=ends.time())
        else:
            initial["timing"] = TIMING_DEADLINE
        return initial

    def clean_contact_phone(self) -> str:
        return phone_number(self.cleaned_data["contact_phone"])

    def clean_skills(self):
        choice = self.cleaned_data["skills"]
        # A word kept as an own word is saved with the rest; the person hears what became of it.
        self.notes.extend(choice.notes())
        return choice

    def clean(self):
        data = super().clean()
        timing, compensation = data.get("timing"), data.get("compensation")
        # A question that does not apply is never in the way, not even with a typo in it.
        irrelevant = []
        if timing == TIMING_WINDOW:
            irrelevant = ["deadline"]
        elif timing == TIMING_DEADLINE:
            irrelevant = ["date", "start_time", "end_time"]
        if compensation == Assignment.Compensation.VOLUNTARY:
            irrelevant += ["amount_sek", "payment_route"]
        repeat = data.get("repeat") or REPEAT_NONE
        if repeat == REPEAT_NONE:
            irrelevant += ["repeat_weekdays", "repeat_until", "repeat_dates"]
        elif repeat == AssignmentSeries.Repeat.DATES:
            irrelevant += ["repeat_weekdays", "repeat_until"]
        else:
            irrelevant += ["repeat_dates"]
        for name in irrelevant:
            self._errors.pop(name, None)
        data["occurrences"] = None
        if timing == TIMING_WINDOW:
            noted = len(self.notes)
            self._clean_window(data)
            if self.repeatable and repeat != REPEAT_NONE and data.get("starts_at"):
                # The note about a time that happens twice is said once, for every date it concerns.
                del self.notes[noted:]
                self._clean_repeat(data, repeat)
        if timing == TIMING_DEADLINE and self.repeatable and repeat != REPEAT_NONE:
            self.add_error(
                "repeat",
                _(
                    "Bara uppdrag med en bestämd tid kan upprepas. Välj ”En bestämd tid” under ”När?”, "
                    "eller ”Nej, bara en gång”."
                ),
            )
        elif timing == TIMING_DEADLINE:
            if not data.get("deadline"):
                self.add_error("deadline", _("Ange datumet då uppdraget ska vara klart."))
            elif data["deadline"] < timezone.localdate():
                self.add_error("deadline", _("Datumet har redan passerat."))
            data["starts_at"] = data["ends_at"] = None
        self._clean_checklist(data)
        if compensation == Assignment.Compensation.VOLUNTARY:
            data["amount_sek"] = None
            data["payment_route"] = Assignment.PaymentRoute.VOLUNTARY
        elif compensation:
            if not data.get("amount_sek") and "amount_sek" not in self._errors:
                self.add_error("amount_sek", _("Skriv hur mycket uppdraget betalar."))
            if not data.get("payment_route") and "payment_route" not in self._errors:
                self.add_error("payment_route", _("Välj hur ersättningen betalas ut."))
        return data

    def _clean_checklist(self, data: dict) -> None:
        """The safety questions: the rules of assignments.checklist.check_risks on what the association
        chose; then, for a new assignment, the category's suggestion for what it left unanswered."""
        if not all(name in data for name in ("risks", "risks_other", "protective_equipment")):
            return
        # Not answered is an answer the page can say ("Föreningen har inte angett …").
        data["insurance"] = data.get("insurance") or Assignment.Insurance.NOT_STATED
        data["record_extract"] = data.get("record_extract") or Assignment.RecordExtract.NOT_STATED
        data["risks"] = [risk for risk in checklist.RISK_ORDER if risk in data["risks"]]
        if Assignment.Risk.OTHER not in data["risks"]:
            data["risks_other"] = ""
        for name, error in checklist.check_risks(
            risks=data["risks"], risks_other=data["risks_other"], protective_equipment=data["protective_equipment"]
        ).items():
            self.add_error(name, error)
        if self.repeatable and "record_extract" in data and not self._errors:
            filled = checklist.apply_category_defaults(data)
            if filled:
                self.notes.append(
                    _(
                        "Vi fyllde i förslag utifrån kategorin under ”Säkerhet och villkor”, eftersom de frågorna "
                        "var obesvarade. Ändra uppdraget om något inte stämmer."
                    )
                )

    def _clean_window(self, data: dict) -> None:
        day, start, end = data.get("date"), data.get("start_time"), data.get("end_time")
        if not day and "date" not in self._errors:
            self.add_error("date", _("Ange datumet."))
        if not start and "start_time" not in self._errors:
            self.add_error("start_time", _("Ange när uppdraget börjar."))
        if not end and "end_time" not in self._errors:
            self.add_error("end_time", _("Ange när uppdraget slutar."))
        if not (day and start and end):
            return
        if end <= start:
            self.add_error("end_time", _("Sluttiden måste vara efter starttiden."))
            return
        moments = {}
        for name, clock in (("start_time", start), ("end_time", end)):
            try:
                moments[name], ambiguous = local_datetime(day, clock)
            except ValidationError as error:
                self.add_error(name, error)
                continue
            if ambiguous:
                self.notes.append(
                    _(
                        "Klockan %(time)s finns två gånger den %(date)s, eftersom klockan ställs tillbaka en timme "
                        "till vintertid den natten. Vi räknar med den första gången, på sommartid. "
                        "Ändra tiden om du menade den andra."
                    )
                    % {"time": clock.strftime("%H:%M"), "date": formats.date_format(day, "j F Y")}
                )
        if len(moments) < 2:
            return
        if moments["start_time"] < timezone.now():
            self.add_error("date", _("Tiden har redan passerat."))
            return
        data["starts_at"], data["ends_at"] = moments["start_time"], moments["end_time"]
        data["deadline"] = None

    def _clean_repeat(self, data: dict, repeat: str) -> None:
        """The occurrences of a repeating assignment (assignments.series), or errors on the repeat fields."""
        dates = []
        if repeat == AssignmentSeries.Repeat.DATES:
            parse = forms.DateField().clean
            for line in (data.get("repeat_dates") or "").replace(",", "\n").splitlines():
                if not line.strip():
                    continue
                try:
                    dates.append(parse(line.strip()))
                except ValidationError:
                    self.add_error(
                        "repeat_dates",
                        _("”%(text)s” är inget datum vi känner igen. Skriv till exempel 2027-04-03.")
                        % {"text": line.strip()[:40]},
                    )
                    return
        try:
            days = series.occurrence_dates(
                first=data["date"],
                repeat=repeat,
                weekdays_iso=data.get("repeat_weekdays") or [],
                until=data.get("repeat_until"),
                dates=dates,
            )
            found = series.occurrence_moments(days, data["start_time"], data["end_time"])
        except ValidationError as error:
            self.add_error(None, error)
            return
        if found.ambiguous:
            self.notes.append(
                _(
                    "Klockan %(time)s finns två gånger %(dates)s, eftersom klockan ställs tillbaka en timme till "
                    "vintertid den natten. Vi räknar med den första gången, på sommartid."
                )
                % {
                    "time": data["start_time"].strftime("%H:%M"),
                    "dates": ", ".join(formats.date_format(day, "j F Y") for day in found.ambiguous),
                }
            )
        data["occurrences"] = found.moments
        data["starts_at"], data["ends_at"] = found.moments[0]

    def series_fields(self) -> dict:
        """The repeat rule as assignments.services.assignment_series_create takes it."""
        data = self.cleaned_data
        return {
            "repeat": data["repeat"],
            "weekdays": data.get("repeat_weekdays") or [],
            "until": data.get("repeat_until") if data["repeat"] != AssignmentSeries.Repeat.DATES else None,
            "occurrences": data["occurrences"],
        }

    def service_fields(self) -> dict:
        """The cleaned data as the services take it (assignments.services.EDITABLE_FIELDS)."""
        data = self.cleaned_data
        fields = {name: data[name] for name in EDITABLE_FIELDS}
        fields["skills"] = data["skills"].skills
        fields["own_skills"] = data["skills"].own_words
        fields["development_goals"] = data.get("development_goals", [])
        return fields


class ClaimForm(forms.Form):
    message = LimitedTextField(
        label=_("Meddelande till föreningen (valfritt)"),
        required=False,
        max_length=1000,
        help_text=_("Till exempel när du kan, eller om du har frågor. Högst 1 000 tecken."),
    )


class DecisionForm(forms.Form):
    message = LimitedTextField(label=_("Meddelande (valfritt)"), required=False, max_length=1000, rows=2)


class HoursForm(forms.Form):
    hours = DecimalCommaField(
        label=_("Antal timmar"),
        max_digits=5,
        decimal_places=1,
        min_value=0.1,
        max_value=500,
        widget=DecimalCommaInput,
        error_messages={"invalid": _("Skriv antalet timmar som ett tal, till exempel 2,5.")},
    )


class ConfirmForm(HoursForm):
    reference_text = LimitedTextField(
        label=_("Referens (valfritt)"),
        required=False,
        max_length=2000,
        help_text=_("Några ord om insatsen. Den som gjorde uppdraget kan visa dem som referens."),
    )


class CancelForm(forms.Form):
    reason = LimitedTextField(
        label=_("Varför ställs uppdraget in?"),
        max_length=1000,
        help_text=_("De som har anmält sig får läsa det. Högst 1 000 tecken."),
    )
    scope = forms.ChoiceField(
        label=_("Vilka tillfällen ställs in?"),
        choices=[
            (SCOPE_ONE, _("Bara det här tillfället")),
            (SCOPE_COMING, _("Det här och alla kommande tillfällen")),
        ],
        widget=forms.RadioSelect,
        initial=SCOPE_ONE,
        help_text=_("Alla som har anmält sig till ett tillfälle som ställs in får ett meddelande."),
    )

    def __init__(self, *args, in_series: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if in_series:
            self.fields["scope"].use_fieldset = True
        else:
            del self.fields["scope"]
