import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from associations.models import Association
from municipalities.models import Locality
from municipalities.queries import municipality_choices
from uppdragsbanken.filtering import place_outside_municipality
from uppdragsbanken.widgets import FastSelect


def _localities_with_associations(request):
    return (
        Locality.objects.filter(associations__verification=Association.Verification.VERIFIED)
        .distinct()
        .order_by("name")
    )


class AssociationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Sök på namn"), method="search")
    municipality = django_filters.ChoiceFilter(
        widget=FastSelect,
        label=_("Kommun"),
        field_name="municipality__code",
        choices=municipality_choices,
        empty_label=_("Alla kommuner"),
    )
    locality = django_filters.ModelChoiceFilter(
        widget=FastSelect,
        label=_("Ort"),
        field_name="localities",
        queryset=_localities_with_associations,
        empty_label=_("Alla orter"),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Typ"), choices=Association.Kind.choices, empty_label=_("Alla typer"), widget=FastSelect
    )

    class Meta:
        model = Association
        fields = ["q", "municipality", "locality", "kind"]

    def __init__(self, data=None, *args, **kwargs):
        # A place that is not in the chosen municipality would give 0 results without a word.
        data, notice = place_outside_municipality(data)
        self.notices = {"locality": notice} if notice else {}
        super().__init__(data, *args, **kwargs)
        code = self.data.get("municipality", "")
        if code:
            places = _localities_with_associations(None).filter(municipality__code=code)
            self.filters["locality"].queryset = places

    def search(self, queryset, name, value):
        words = value.split()
        for word in words[:5]:
            queryset = queryset.filter(Q(name__icontains=word) | Q(description__icontains=word))
        return queryset
