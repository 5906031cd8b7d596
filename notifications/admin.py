from django.contrib import admin

from notifications.models import Notification, SavedSearch
from uppdragsbanken.admin import ViewOnlyAdmin


@admin.register(Notification)
class NotificationAdmin(ViewOnlyAdmin):
    """The inbox and e-mail outbox: written by the services, sent by the workers, read here."""

    list_display = ["created_at", "kind", "recipient", "assignment", "email_state", "read_at"]
    list_select_related = ["recipient", "assignment"]
    list_filter = ["kind", "email_state"]
    search_fields = ["recipient__email", "assignment__title"]
    raw_id_fields = ["recipient", "assignment", "claim", "saved_search"]
    date_hierarchy = "created_at"


@admin.register(SavedSearch)
class SavedSearchAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "active", "created_at"]
    list_select_related = ["user"]
    list_filter = ["active"]
    search_fields = ["name", "user__email"]
    # The filter is kept twice, as the list's query string and as the columns matching
    # reads (saved_search_create); editing one here would make the other lie. An alert
    # can be switched off or deleted, nothing more.
    fields = [
        "user",
        "name",
        "active",
        "query",
        "text",
        "municipality",
        "locality",
        "distance_km",
        "category",
        "skill",
        "goal",
        "compensation",
        "paid_only",
        "date_from",
        "date_to",
        "fits_my_skills",
        "created_at",
    ]
    readonly_fields = [name for name in fields if name != "active"]

    def has_add_permission(self, request):
        return False
