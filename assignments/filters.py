"""The filters of /uppdrag/. Plain GET parameters, so every result can be bookmarked and shared."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from assignments import queries
from assignments import search as text_search
from assignments.models import Assignment, Category, Skill
from assignments.skills import SkillSide
from municipalities.models import DevelopmentGoal, Locality
from municipalities.queries import municipality_choices
from uppdragsbanken.filtering import place_outside_municipality
from uppdragsbanken.widgets import FastSelect

SORTS = [
    ("newest", _("Nyast först")),
    ("soonest", _("Snarast först")),
    ("nearest", _("Närmast först")),
    ("pay", _("Högst ersättning först")),
]
RELEVANCE = ("relevance", _("Bäst träff först"))
DISTANCES = [(str(km), f"{km} km") for km in (5, 10, 25, 50, 100)]
# Not filters: they choose the order and the page, so they do not count on the "Filter" button.
NOT_FILTERS = {"sort", "sida"}


def _localities(request):
    """Only the chosen municipality's places: a list of every place in Sweden helps nobody.

    AssignmentFilter replaces this with the places of the municipality its data names,
    after a place outside it has been set aside (uppdragsbanken.filtering).
    """
    return Locality.objects.none()


def _skills(request):
    """The resident's own skills, and the one already chosen (linked from an assignment's page)."""
    chosen = request.GET.get("skill", "") if request else ""
    queryset = Skill.objects.none()
    if request is not None and request.user.is_authenticated and hasattr(request.user, "profile"):
        queryset = request.user.profile.skills.all()
    if chosen.isascii() and chosen.isdigit():  # "²" is a digit to isdigit() but no id
        queryset = queryset | Skill.objects.filter(pk=chosen, kind=Skill.Kind.SKILL)
    return queryset.order_by("label_sv")


def goal_choices(code: str) -> list:
    """The development goals one can filter by: active ones only, as (id, title) choices.

    With a municipality chosen (its code), that municipality's goals in its own order;
    otherwise every municipality's active goals, grouped under the municipality's name, each
    label starting with it too: a closed menu shows only the chosen option, and two
    municipalities may have goals of the same title.
    """
    goals = DevelopmentGoal.objects.active().order_by("municipality__name", "position", "title", "pk")
    if code:
        return [(str(pk), title) for pk, title in goals.filter(municipality__code=code).values_list("pk", "title")]
    grouped: dict[str, list] = {}
    for pk, title, municipality in goals.values_list("pk", "title", "municipality__name"):
        label = gettext("%(municipality)s: %(goal)s") % {"municipality": municipality, "goal": title}
        grouped.setdefault(municipality, []).append((str(pk), label))
    return list(grouped.items())


class AssignmentFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Sök"), method="filter_text")
    municipality = django_filters.ChoiceFilter(
        widget=FastSelect,
        label=_("Kommun"),
        field_name="locality__municipality__code",
        choices=municipality_choices,
        empty_label=_("Alla kommuner"),
    )
    locality = django_filters.ModelChoiceFilter(
        widget=FastSelect, label=_("Ort"), field_name="locality", queryset=_localities, empty_label=_("Alla orter")
    )
    distance = django_filters.ChoiceFilter(
        widget=FastSelect,
        label=_("Avstånd från min hemort"),
        choices=DISTANCES,
        empty_label=_("Hur långt som helst"),
        method="filter_distance",
    )
    category = django_filters.ModelChoiceFilter(
        widget=FastSelect,
        label=_("Kategori"),
        to_field_name="slug",
        queryset=Category.objects.all(),
        empty_label=_("Alla kategorier"),
    )
    skill = django_filters.ModelChoiceFilter(
        widget=FastSelect,
        label=_("Kompetens"),
        field_name="skills",
        queryset=_skills,
        empty_label=_("Alla kompetenser"),
    )
    goal = django_filters.ChoiceFilter(
        # Django's own Select: it draws the option groups (one per municipality), and goals are few.
        widget=forms.Select,
        label=_("Kommunens mål"),
        choices=[],
        empty_label=_("Alla mål"),
        method="filter_goal",
    )
    compensation = django_filters.ChoiceFilter(
        widget=FastSelect,
        label=_("Ersättning"),
        choices=Assignment.Compensation.choices,
        empty_label=_("Alla sorters ersättning"),
    )
    paid = django_filters.BooleanFilter(
        label=_("Bara betalda uppdrag"), widget=forms.CheckboxInput, method="filter_paid"
    )
    date_from = django_filters.DateFilter(
        label=_("Från datum"), method="filter_from", widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = django_filters.DateFilter(
        label=_("Till datum"), method="filter_to", widget=forms.DateInput(attrs={"type": "date"})
    )
    fits = django_filters.BooleanFilter(
        label=_("Passar mina kompetenser"), widget=forms.CheckboxInput, method="filter_fits"
    )
    sort = django_filters.ChoiceFilter(
        widget=FastSelect, label=_("Sortera"), choices=SORTS, empty_label=None, method="filter_sort"
    )

    class Meta:
        model = Assignment
        fields: list[str] = []

    def __init__(self, data=None, *args, **kwargs):
        # A place that is not in the chosen municipality would give 0 results without a word.
        data, notice = place_outside_municipality(data)
        self.notices = {"locality": notice} if notice else {}
        super().__init__(data, *args, **kwargs)
        stop_words = text_search.words(self.data.get("q", "")) if self.is_bound else None
        if stop_words is not None and stop_words.only_stop_words:
            # "och" alone searches nothing; the list is shown whole (filter_text), and says why.
            self.notices["q"] = gettext(
                "Sökningen innehöll bara småord som ”%(word)s”. Sådana ord går inte att söka på, så vi har "
                "bortsett från sökningen. Prova ett ord som säger mer, till exempel ”snöskottning”."
            ) % {"word": stop_words.stop_words[0]}
        code = self.data.get("municipality", "")
        places = Locality.objects.filter(municipality__code=code) if code else Locality.objects.none()
        self.filters["locality"].queryset = places.order_by("name")
        self.home = queries.home_locality(self.request.user) if self.request else None
        self.default_sort = self._default_sort()
        self.sort_choices = [
            choice
            for choice in ([RELEVANCE, *SORTS] if self.data.get("q", "").strip() else SORTS)
            if choice[0] != "nearest" or self.home is not None
        ]
        sort = self.data.get("sort", "")
        if self.is_bound and sort not in dict(self.sort_choices):
            # The sort menu shows the order used: the default when none (or an unknown one) was chosen.
            if sort:
                message = gettext("Vi förstod inte värdet i ”%(label)s” och har bortsett från det.")
                self.notices["sort"] = message % {"label": gettext("Sortera")}
            self.data = self.data.copy()
            self.data["sort"] = self.default_sort
        # self.form is built on first use: only now, once self.data holds the sort it shows.
        # An unknown municipality is ignored by its own filter; the goals then come from all of them.
        self.goal_choices = goal_choices(code if code in dict(municipality_choices()) else "")
        if self.goal_choices or self.data.get("goal"):
            self.form.fields["goal"].choices = self.goal_choices
        else:  # no goals to choose from: no empty menu
            del self.filters["goal"]
            self.form.fields.pop("goal", None)
        if self.home is None:
            del self.filters["distance"]
            self.form.fields.pop("distance", None)
        user = self.request.user if self.request else None
        profile = getattr(user, "profile", None) if user and user.is_authenticated else None
        has_skills = profile is not None and profile.skills.exists()
        if not has_skills and not self.data.get("skill"):
            # The menu lists the resident's own skills: with none, it would offer nothing but "all".
            del self.filters["skill"]
            self.form.fields.pop("skill", None)
        if not (profile and (has_skills or profile.own_skills.exists())):
            del self.filters["fits"]
            self.form.fields.pop("fits", None)
        self.form.fields["sort"].required = False
        self.form.fields["sort"].initial = self.default_sort
        self.form.fields["sort"].choices = self.sort_choices

    def _default_sort(self) -> str:
        """Nearest first for a resident with a home place; else best match when searching; else newest."""
        if self.home is not None:
            return "nearest"
        return RELEVANCE[0] if self.data.get("q", "").strip() else "newest"

    @property
    def active_count(self) -> int:
        """How many filters narrow the list now (valid values only; not the sort or the page)."""
        if not self.is_bound:
            return 0
        self.form.is_valid()
        return sum(
            1
            for name, value in self.form.cleaned_data.items()
            if name not in NOT_FILTERS and name not in self.form.errors and value not in (None, "", False)
        )

    def filter_text(self, queryset, name, value):
        # Only stop words: no words to narrow by, so the list is whole (a notice says so).
        return text_search.search(queryset, value)

    def filter_goal(self, queryset, name, value):
        # The choices hold only active goals, so a retired or unknown id never gets here.
        return queryset.filter(development_goals=int(value)) if value else queryset

    def filter_distance(self, queryset, name, value):
        return queries.within_km(queryset, self.home, int(value)) if self.home else queryset

    def filter_paid(self, queryset, name, value):
        return queryset.exclude(compensation=Assignment.Compensation.VOLUNTARY) if value else queryset

    def filter_from(self, queryset, name, value):
        # Still possible on that day or later: the window ends then or later, or the deadline has not passed.
        return queryset.filter(Q(deadline__gte=value) | Q(ends_at__date__gte=value))

    def filter_to(self, queryset, name, value):
        # Possible on that day or earlier: the window starts by then; "any time before" ones always are.
        return queryset.filter(Q(starts_at__date__lte=value) | Q(deadline__isnull=False))

    def filter_fits(self, queryset, name, value):
        if not value:
            return queryset
        profile = getattr(self.request.user, "profile", None) if self.request.user.is_authenticated else None
        return queries.fits_skills(queryset, SkillSide.of(profile) if profile else SkillSide([], [], []))

    def filter_sort(self, queryset, name, value):
        return queryset  # applied last, in sorted()

    def sorted(self, queryset):
        """Order the filtered results; relevance first when searching, unless a sort was chosen."""
        # .qs has validated the form: cleaned_data holds the sort if it was a valid one.
        sort = (self.form.cleaned_data.get("sort") if self.is_bound else None) or self.default_sort
        self.nearest_first = sort == "nearest" and self.home is not None
        if sort == "soonest":
            return queries.with_when(queryset).order_by("when", "pk")
        if sort == "nearest" and self.home is not None:
            if "distance_km" not in queryset.query.annotations:
                queryset = queries.with_distance_from(queryset, self.home)
            return queryset.order_by("distance_km", "-published_at")
        if sort == "pay":
            return queries.with_total_pay(queryset).order_by("-total_pay", "-published_at")
        if sort == RELEVANCE[0] and "rank" in queryset.query.annotations:
            return queryset.order_by("-rank", "-published_at")
        return queryset.order_by("-published_at", "-pk")
