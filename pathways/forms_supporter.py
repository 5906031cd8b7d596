"""Forms only the supporter's and the association admin's pages use (the shared ones are in
pathways.forms)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from associations.models import AssociationMembership
from pathways.access import MANAGER_ROLES
from pathways.forms import SupportInviteForm, _CleanText
from uppdragsbanken.forms import IdModelMultipleChoiceField


class SupportersForm(forms.Form):
    """Which of an association's admins and coordinators are supporters. Ordinary members are not
    among the choices: a ticked member is an invalid choice, not a silent change."""

    supporters = IdModelMultipleChoiceField(
        label=_("Vilka är handledare?"),
        queryset=AssociationMembership.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Kryssa i de administratörer och samordnare som ska vara handledare."),
        error_messages={"invalid_choice": _("Bara administratörer och samordnare kan vara handledare.")},
    )

    def __init__(self, *args, association, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["supporters"]
        field.queryset = (
            AssociationMembership.objects.filter(association=association, role__in=MANAGER_ROLES)
            .select_related("user__profile")
            .order_by("role", "user__profile__display_name", "pk")
        )
        field.label_from_instance = lambda membership: (
            _("%(name)s, %(role)s")
            % {
                "name": membership.user.display_name,
                "role": membership.get_role_display().lower(),
            }
        )
        if not self.is_bound:
            self.initial["supporters"] = [m for m in field.queryset if m.is_supporter]


class SupporterInviteForm(SupportInviteForm):
    """SupportInviteForm with the association to invite for, chosen only when the supporter
    supports in several. `memberships`: the supporter's supporter memberships (with association)."""

    def __init__(self, *args, memberships, **kwargs):
        super().__init__(*args, **kwargs)
        self.memberships = list(memberships)
        if len(self.memberships) > 1:
            self.fields["association"] = forms.TypedChoiceField(
                label=_("Som handledare i"),
                choices=[(m.association_id, m.association.name) for m in self.memberships],
                coerce=int,
                widget=forms.RadioSelect,
            )
            self.order_fields(["association", "email", "message"])

    def chosen_association(self):
        """The association the invitation is for (call after is_valid())."""
        if len(self.memberships) == 1:
            return self.memberships[0].association
        chosen = self.cleaned_data["association"]
        return next(m.association for m in self.memberships if m.association_id == chosen)


class AssignmentSearchForm(_CleanText, forms.Form):
    """The text search of the tips list."""

    q = forms.CharField(label=_("Sök bland uppdragen"), required=False, max_length=100)
