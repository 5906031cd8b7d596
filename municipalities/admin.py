from django.contrib import admin

from municipalities.models import County, DevelopmentGoal, Locality, Municipality, StaffMembership


@admin.register(County)
class CountyAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


class StaffMembershipInline(admin.TabularInline):
    model = StaffMembership
    extra = 0
    autocomplete_fields = ["user"]


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
    list_display = ["title", "municipality", "is_active", "position"]
    list_filter = ["is_active", "municipality"]
    search_fields = ["title", "description", "municipality__name"]
    list_select_related = ["municipality"]
    autocomplete_fields = ["municipality"]


@admin.register(StaffMembership)
class StaffMembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "municipality", "role", "created_at"]
    list_filter = ["role", "municipality"]
    search_fields = ["user__email", "municipality__name"]
    list_select_related = ["user", "municipality"]
    autocomplete_fields = ["user", "municipality"]
