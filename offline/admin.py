from django.contrib import admin

from offline.models import OfflineResident


@admin.register(OfflineResident)
class OfflineResidentAdmin(admin.ModelAdmin):
    """Read-only: the association's managers keep these records; deleting the person's account
    in the admin (members.User) does what the association's delete does."""

    list_display = ("__str__", "association", "created_at")
    list_select_related = ("user__profile", "association")
    readonly_fields = ("user", "association", "phone", "registered_by", "consent_at", "created_at")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
