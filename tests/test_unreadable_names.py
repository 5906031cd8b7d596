"""Names and titles typed into forms: invisible control characters are refused in words."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from assignments.forms import AssignmentForm
from associations.forms import AssociationDetailsForm, VillageForm
from members.forms import ProfileForm, SignupForm
from municipalities.forms import GoalForm

MESSAGE = "Texten innehåller osynliga styrtecken."


@pytest.mark.parametrize(
    ("form_class", "field"),
    [
        (AssociationDetailsForm, "name"),
        (VillageForm, "name"),
        (GoalForm, "title"),
        (AssignmentForm, "title"),
        (SignupForm, "display_name"),
    ],
)
def test_a_name_with_a_control_character_is_refused_in_words(form_class, field):
    typed = form_class.base_fields[field]
    with translation.override("sv"), pytest.raises(ValidationError) as refused:
        typed.clean("Bad\x01name")
    with translation.override("sv"):
        assert MESSAGE in " ".join(refused.value.messages)
    assert typed.clean("Byaföreningen i Rusksele") == "Byaföreningen i Rusksele"


@pytest.mark.django_db
def test_a_display_name_with_a_control_character_is_refused_on_the_profile():
    with translation.override("sv"):
        form = ProfileForm(data={"display_name": "Anna\x07 L."})
        assert not form.is_valid()
        assert MESSAGE in " ".join(form.errors["display_name"])
