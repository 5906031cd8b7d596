from django.contrib import admin

from notifications.models import Notification, SavedSearch


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
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
    raw_id_fields = ["user", "municipality", "locality", "category", "skill"]
