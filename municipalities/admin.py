from django.contrib import admin
from django.db import transaction

from municipalities.models import AuditEvent, County, DevelopmentGoal, Locality, Municipality, StaffMembership
from uppdragsbanken.admin import ReadOnlyInline


@admin.register(County)
class CountyAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


class StaffMembershipInline(ReadOnlyInline):
    """Staff are added on their own page, which writes the municipality's audit log."""

    model = StaffMembership
    fields = ["user", "role", "created_at"]
    readonly_fields = fields


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "county"]
    list_filter = ["county"]
    search_fields = ["code", "name"]
    list_select_related = ["county"]
    inlines = [StaffMembershipInline]


@admin.register(Locality)
class LocalityAdmin(admin.ModelAdmin):
    list_display = ["name", "municipality", "kind", "population", "latitude", "longitude"]
    list_filter = ["kind", "municipality__county"]
    search_fields = ["name", "municipality__name", "scb_code"]
    list_select_related = ["municipality"]
    autocomplete_fields = ["municipality"]


@admin.register(DevelopmentGoal)
class DevelopmentGoalAdmin(admin.ModelAdmin):
    """Goals are the municipality's own: its admins keep them at /kommuner/<code>/mal/, where each
    change is audited (municipalities.services goal_*). Here they are shown, not changed."""

    list_display = ["title", "municipality", "is_active", "position"]
    list_filter = ["is_active", "municipality"]
    search_fields = ["title", "description", "municipality__name"]
    list_select_related = ["municipality"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(StaffMembership)
class StaffMembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "municipality", "role", "created_at"]
    list_filter = ["role", "municipality"]
    search_fields = ["user__email", "municipality__name"]
    list_select_related = ["user", "municipality"]
    autocomplete_fields = ["user", "municipality"]
    readonly_fields = ["created_at"]

    def get_readonly_fields(self, request, obj=None):
        # Who works where, and as what, is in the audit log from the day they were added;
        # a change is a removal and a new addition, each visible on its own.
        return [*self.readonly_fields, "user", "municipality", "role"] if obj else self.readonly_fields

    @transaction.atomic
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            # Staff who accept an invitation are logged (invitation_accept); staff added
            # here, such as a municipality's first admin, are logged the same way.
            AuditEvent.objects.create(
                actor=request.user,
                municipality=obj.municipality,
                action=AuditEvent.Action.STAFF_JOINED,
                details=f"{obj.user.email} ({obj.role})",
            )


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """The decisions of municipal staff. A log is only read, never edited."""

    list_display = ["created_at", "municipality", "action", "association", "actor", "details"]
    list_filter = ["action", "municipality"]
    search_fields = ["association__name", "actor__email", "details"]
    list_select_related = ["municipality", "association", "actor"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
