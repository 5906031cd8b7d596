from django.contrib import admin

from calendars.models import CalendarFeed


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    """Feeds can be looked at and turned off (deleted) here; the secret is never shown."""

    list_display = ("user", "association", "created_at", "last_fetched_at")
    list_select_related = ("user", "association")
    search_fields = ("user__email", "association__name")
    fields = ("user", "association", "created_at", "last_fetched_at")
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False
