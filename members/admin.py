from collections import Counter

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from assignments.models import Claim, WaitingListEntry
from members.models import MemberProfile, User
from members.services import (
    AccountDeletionRefused,
    neutral_account_name,
    user_delete,
    user_deletion_summary,
    users_deletion_refusals,
)
from uppdragsbanken.admin import GuardedDeleteMixin

# A situation is kept only with the person's own consent, given on their profile page:
# the admin may see both, and may change neither.
CONSENTED_FIELDS = ["situation", "situation_consent_at"]


class MemberProfileInline(admin.StackedInline):
    model = MemberProfile
    can_delete = False
    autocomplete_fields = ["home_locality", "skills"]
    filter_horizontal = ["interests"]
    readonly_fields = CONSENTED_FIELDS


class ErasedFilter(admin.SimpleListFilter):
    """The anonymous accounts that keep deleted people's done assignments are left out of
    the list unless asked for: they are nobody to manage."""

    title = _("raderade konton")
    parameter_name = "raderade"

    def lookups(self, request, model_admin):
        return [("ja", _("Bara raderade konton")), ("alla", _("Alla konton"))]

    def choices(self, changelist):
        yield {
            "selected": self.value() is None,
            "query_string": changelist.get_query_string(remove=[self.parameter_name]),
            "display": _("Utan raderade konton"),
        }
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        if self.value() == "ja":
            return queryset.filter(erased_at__isnull=False)
        if self.value() == "alla":
            return queryset
        return queryset.filter(erased_at__isnull=True)


@admin.register(User)
class UserAdmin(GuardedDeleteMixin, DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "display_name", "language", "is_active", "is_staff", "date_joined"]
    list_filter = [ErasedFilter, "is_active", "is_staff", "is_superuser", "language"]
    search_fields = ["email", "profile__display_name"]
    readonly_fields = ["date_joined", "last_login", "inactivity_warned_at", "erased_at"]
    inlines = [MemberProfileInline]
    fieldsets = [
        (None, {"fields": ["email", "password", "language"]}),
        (_("Behörighet"), {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        (_("Datum"), {"fields": ["last_login", "date_joined", "inactivity_warned_at", "erased_at"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("profile")

    @admin.display(description=_("visningsnamn"), ordering="profile__display_name")
    def display_name(self, obj: User) -> str:
        profile = getattr(obj, "profile", None)
        return profile.display_name if profile else ""

    # Deleting goes through user_delete, as deleting one's own account does: all claims are
    # kept anonymously, places in coming assignments open again, and an association keeps its
    # last admin. The confirmation pages (templates/admin/members/user/) say what happens in
    # the words of user_deletion_summary instead of Django's list of rows, which would say
    # that the person's claims are deleted.
    handled_cascades = (Claim, MemberProfile, WaitingListEntry)  # user_delete takes them out of every line
    refusal_errors = (AccountDeletionRefused,)

    def log_deletions(self, request, queryset):
        """Log each delete under a neutral name: the log outlives the account, its address must not."""
        from django.contrib.admin.models import DELETION, LogEntry
        from django.contrib.admin.options import get_content_type_for_model

        return [
            LogEntry.objects.create(
                user_id=request.user.pk,
                content_type_id=get_content_type_for_model(obj).pk,
                object_id=str(obj.pk),
                object_repr=neutral_account_name(),
                action_flag=DELETION,
            )
            for obj in queryset
        ]

    def delete_refusals_together(self, objs) -> list[str]:
        # Over the whole selection: two admins of one association may each leave alone, not both.
        return users_deletion_refusals(objs)

    def delete_model(self, request, obj: User) -> None:
        user_delete(user=obj, by=request.user)

    def delete_queryset(self, request, queryset) -> None:
        # All or nothing: a refusal of the second account must not leave the first one deleted.
        with transaction.atomic():
            for user in queryset:
                user_delete(user=user, by=request.user)

    def delete_view(self, request, object_id, extra_context=None):
        try:
            return super().delete_view(request, object_id, extra_context)
        except AccountDeletionRefused as refusal:
            # Someone changed the association between the confirmation page and the click.
            self.message_user(request, str(refusal), messages.ERROR)
            return redirect(reverse("admin:members_user_change", args=[object_id]))

    def render_delete_form(self, request, context):
        context["deletion_summary"] = user_deletion_summary(context["object"])
        return super().render_delete_form(request, context)

    def response_delete(self, request, obj_display, obj_id):
        # Django's message names the deleted object by its str(): here, the address that is gone.
        return super().response_delete(request, neutral_account_name(), obj_id)

    def _guarded_delete_selected(self, request, queryset):
        response = super()._guarded_delete_selected(request, queryset)
        if isinstance(response, TemplateResponse):
            total = Counter()
            for user in response.context_data["queryset"]:
                total.update(user_deletion_summary(user))
            response.context_data["deletion_summary"] = dict(total)
        return response


@admin.register(MemberProfile)
class MemberProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "display_name", "home_locality", "travel_radius_km", "notification_preference"]
    list_filter = ["notification_preference", "driving_licence", "home_locality__municipality"]
    search_fields = ["user__email", "display_name", "home_locality__name"]
    list_select_related = ["user", "home_locality"]
    autocomplete_fields = ["home_locality", "skills"]
    filter_horizontal = ["interests"]
    readonly_fields = ["user", *CONSENTED_FIELDS]

    def get_queryset(self, request):
        # An anonymous account that keeps a deleted person's work may hold a profile with a
        # home locality alone (for the municipality's figures): nobody's profile to manage.
        return super().get_queryset(request).filter(user__erased_at__isnull=True)

    def has_add_permission(self, request):
        # A profile belongs to an account and is made with it.
        return False

    def has_delete_permission(self, request, obj=None):
        # The profile goes when the account is deleted (user_delete), not on its own.
        return False
