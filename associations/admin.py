from django import forms
from django.contrib import admin
from django.utils.translation import gettext as _

from assignments.models import Assignment, Claim
from associations.models import Association, AssociationMembership, Invitation
from uppdragsbanken.admin import GuardedDeleteMixin, ReadOnlyInline, ViewOnlyAdmin

Role = AssociationMembership.Role


def _other_admins(association_id: int, membership_pk: int | None):
    return AssociationMembership.objects.filter(association_id=association_id, role=Role.ADMIN).exclude(
        pk=membership_pk
    )


class MembershipInline(ReadOnlyInline):
    """Roles are changed on the membership's own page, which keeps the "at least one admin" rule."""

    model = AssociationMembership
    fields = ["user", "role", "created_at"]
    readonly_fields = fields


@admin.register(Association)
class AssociationAdmin(GuardedDeleteMixin, admin.ModelAdmin):
    list_display = ["name", "organisation_number", "kind", "municipality", "verification", "created_at"]
    list_filter = ["verification", "kind", "municipality__county", "municipality"]
    search_fields = ["name", "organisation_number", "municipality__name"]
    list_select_related = ["municipality"]
    autocomplete_fields = ["localities"]
    # Verification is the municipality's decision and is written to its audit log
    # (association_verify / association_reject): the admin shows it but does not make it.
    readonly_fields = [
        "municipality",
        "verification",
        "verified_by",
        "verified_at",
        "rejection_reason",
        # Suspending and lifting are the municipality's decisions too (association_suspend /
        # association_lift_suspension): audited, and they tell the association.
        "suspension_reason",
        "suspended_by",
        "suspended_at",
        "created_by",
        "created_at",
    ]
    inlines = [MembershipInline]
    # Only an association nobody is waiting on is deleted (delete_refusals); its history goes with it.
    handled_cascades = (Claim,)

    def has_add_permission(self, request):
        # Registering makes the registering person the association's first admin
        # (association_register); an association added here would have none.
        return False

    def delete_refusals(self, obj: Association) -> list[str]:
        waiting = Claim.objects.filter(
            assignment__association=obj,
            assignment__status__in=(Assignment.Status.PUBLISHED, Assignment.Status.FILLED),
            status__in=(Claim.Status.PENDING, Claim.Status.ACCEPTED),
        ).exists()
        if not waiting:
            return []
        return [
            _(
                "%(name)s har uppdrag som invånare har anmält sig till. "
                "Föreningen behöver ställa in dem först, så att de som anmält sig får veta det."
            )
            % {"name": obj.name}
        ]


class MembershipForm(forms.ModelForm):
    class Meta:
        model = AssociationMembership
        fields = ["user", "association", "role"]

    def clean(self):
        cleaned = super().clean()
        membership = self.instance
        if membership.pk and membership.role == Role.ADMIN and cleaned.get("role") != Role.ADMIN:
            # The admin page runs inside a transaction: holding the association's
            # memberships keeps two pages from demoting its last two admins at once.
            list(AssociationMembership.objects.select_for_update().filter(association_id=membership.association_id))
            if not _other_admins(membership.association_id, membership.pk).exists():
                raise forms.ValidationError(
                    _("Föreningen måste ha minst en administratör. Gör någon annan till administratör först."),
                    code="last_admin",
                )
        return cleaned


@admin.register(AssociationMembership)
class AssociationMembershipAdmin(GuardedDeleteMixin, admin.ModelAdmin):
    form = MembershipForm
    list_display = ["user", "association", "role", "created_at"]
    list_filter = ["role"]
    search_fields = ["user__email", "association__name"]
    list_select_related = ["user", "association"]
    autocomplete_fields = ["user", "association"]
    readonly_fields = ["created_at"]

    def get_readonly_fields(self, request, obj=None):
        # A membership is one person in one association; only its role changes.
        return [*self.readonly_fields, "user", "association"] if obj else self.readonly_fields

    def delete_refusals(self, obj: AssociationMembership) -> list[str]:
        if obj.role == Role.ADMIN and not _other_admins(obj.association_id, obj.pk).exists():
            return [
                _(
                    "%(email)s är den enda administratören för %(association)s. "
                    "Gör någon annan till administratör för föreningen först."
                )
                % {"email": obj.user.email, "association": obj.association.name}
            ]
        return []


@admin.register(Invitation)
class InvitationAdmin(ViewOnlyAdmin):
    """Invitations are made, mailed, accepted and revoked by the services; a deleted one stops working."""

    list_display = [
        "email",
        "association",
        "municipality",
        "role",
        "invited_by",
        "created_at",
        "expires_at",
        "accepted_at",
    ]
    list_filter = ["role", "accepted_at", "revoked_at"]
    search_fields = ["email", "association__name", "municipality__name", "invited_by__email"]
    list_select_related = ["association", "municipality", "invited_by"]
