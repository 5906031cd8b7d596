from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from members.models import MemberProfile, User


class MemberProfileInline(admin.StackedInline):
    model = MemberProfile
    can_delete = False
    autocomplete_fields = ["home_locality", "skills"]
    filter_horizontal = ["interests"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "display_name", "language", "is_active", "is_staff", "date_joined"]
    list_filter = ["is_active", "is_staff", "is_superuser", "language"]
    search_fields = ["email", "profile__display_name"]
    readonly_fields = ["date_joined", "last_login"]
    inlines = [MemberProfileInline]
    fieldsets = [
        (None, {"fields": ["email", "password", "language"]}),
        (_("Behörighet"), {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        (_("Datum"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("profile")

    @admin.display(description=_("visningsnamn"), ordering="profile__display_name")
    def display_name(self, obj: User) -> str:
        profile = getattr(obj, "profile", None)
        return profile.display_name if profile else ""


@admin.register(MemberProfile)
class MemberProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "display_name", "home_locality", "travel_radius_km", "notification_preference"]
    list_filter = ["notification_preference", "driving_licence", "home_locality__municipality"]
    search_fields = ["user__email", "display_name", "home_locality__name"]
    list_select_related = ["user", "home_locality"]
    autocomplete_fields = ["user", "home_locality", "skills"]
    filter_horizontal = ["interests"]
