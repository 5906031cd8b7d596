from django.contrib import admin

from associations.models import Association, AssociationMembership, Invitation


class MembershipInline(admin.TabularInline):
    model = AssociationMembership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Association)
class AssociationAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation_number", "kind", "municipality", "verification", "created_at"]
    list_filter = ["verification", "kind", "municipality__county", "municipality"]
    search_fields = ["name", "organisation_number", "municipality__name"]
    list_select_related = ["municipality"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["municipality", "localities", "verified_by", "created_by"]
    readonly_fields = ["created_at"]
    inlines = [MembershipInline]


@admin.register(AssociationMembership)
class AssociationMembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "association", "role", "created_at"]
    list_filter = ["role"]
    search_fields = ["user__email", "association__name"]
    list_select_related = ["user", "association"]
    autocomplete_fields = ["user", "association"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
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
    autocomplete_fields = ["association", "municipality", "invited_by", "accepted_by"]
    readonly_fields = ["created_at"]
