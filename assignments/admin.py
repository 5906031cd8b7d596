from django.contrib import admin

from assignments.models import Assignment, Category, Claim, Skill


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name_sv", "name_en", "slug", "occupation_field", "position"]
    search_fields = ["name_sv", "name_en", "slug"]
    list_select_related = ["occupation_field"]
    autocomplete_fields = ["occupation_field"]


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin):
    list_display = ["label_sv", "kind", "ssyk_code", "concept_id", "broader"]
    list_filter = ["kind"]
    search_fields = ["label_sv", "label_en", "concept_id", "ssyk_code"]
    list_select_related = ["broader"]
    autocomplete_fields = ["broader"]


class ClaimInline(admin.TabularInline):
    model = Claim
    extra = 0
    fields = ["resident", "status", "hours_reported", "hours_confirmed", "created_at"]
    readonly_fields = ["created_at"]
    autocomplete_fields = ["resident"]


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "association",
        "locality",
        "status",
        "compensation",
        "slots",
        "places_taken",
        "published_at",
    ]
    list_filter = ["status", "compensation", "payment_route", "claim_mode", "category", "locality__municipality"]
    search_fields = ["title", "description", "association__name", "locality__name"]
    list_select_related = ["association", "locality"]
    autocomplete_fields = ["association", "locality", "category", "skills", "development_goals", "created_by"]
    readonly_fields = ["places_taken", "created_at", "updated_at"]
    date_hierarchy = "created_at"
    inlines = [ClaimInline]


@admin.register(Claim)
class ClaimAdmin(admin.ModelAdmin):
    list_display = ["assignment", "resident", "status", "hours_reported", "hours_confirmed", "created_at"]
    list_filter = ["status"]
    search_fields = ["assignment__title", "resident__email"]
    list_select_related = ["assignment", "resident"]
    autocomplete_fields = ["assignment", "resident", "decided_by"]
    readonly_fields = ["created_at", "updated_at"]
