"""Forms of the staff pages: the association list's filters and the suspension."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from associations.models import Association
from uppdragsbanken.fields import LimitedTextField
from uppdragsbanken.widgets import FastSelect

# The list's words for the statuses, as staff speak of them (the model's labels are the public ones).
STATUS_CHOICES = [
    (Association.Verification.PENDING, _("Väntar på granskning")),
    (Association.Verification.VERIFIED, _("Godkänd")),
    (Association.Verification.REJECTED, _("Inte godkänd")),
    (Association.Verification.SUSPENDED, _("Avstängd")),
]
STATUS_LABELS = dict(STATUS_CHOICES)


class StaffAssociationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Sök på namn eller organisationsnummer"), method="search")
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        field_name="verification",
        choices=STATUS_CHOICES,
        empty_label=_("Alla"),
        widget=FastSelect,
    )

    class Meta:
        model = Association
        fields = ["q", "status"]

    def search(self, queryset, name, value):
        for word in value.split()[:5]:
            queryset = queryset.filter(Q(name__icontains=word) | Q(organisation_number__icontains=word))
        return queryset


class SuspendForm(forms.Form):
    reason = LimitedTextField(
        label=_("Varför stängs föreningen av?"),
        max_length=2000,
        rows=4,
        help_text=_(
            "Föreningens administratörer får läsa det du skriver, så skriv vad som behöver rättas. Högst 2 000 tecken."
        ),
    )
