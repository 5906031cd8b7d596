from django.contrib import admin
from django.utils.translation import gettext as _

from assignments.models import (
    LIVE_CLAIM_STATUSES,
    Assignment,
    AssignmentSeries,
    Category,
    Claim,
    Skill,
    WaitingListEntry,
)
from uppdragsbanken.admin import GuardedDeleteMixin, ReadOnlyInline


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


# A claim's lifecycle (and the place counter that moves with it) belongs to the claim
# services: the admin shows where a claim stands but cannot move it.
CLAIM_LIFECYCLE_FIELDS = [
    "assignment",
    "resident",
    "status",
    "decided_by",
    "decided_at",
    "hours_reported",
    "hours_confirmed",
    "created_at",
    "updated_at",
]


class ClaimInline(ReadOnlyInline):
    model = Claim
    fields = ["resident", "status", "hours_reported", "hours_confirmed", "created_at"]
    readonly_fields = fields


@admin.register(Assignment)
class AssignmentAdmin(GuardedDeleteMixin, admin.ModelAdmin):
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
    autocomplete_fields = ["category", "skills", "development_goals"]
    # Status, places and dates move only through the lifecycle services; time, place and
    # pay are changes the residents who claimed must hear about (assignment_update tells
    # them), so only the association can make them. The admin can correct the text.
    readonly_fields = [
        "association",
        "status",
        "slots",
        "places_taken",
        "places_offered",
        "claim_mode",
        "locality",
        "starts_at",
        "ends_at",
        "deadline",
        "compensation",
        "amount_sek",
        "payment_route",
        "published_at",
        "cancelled_at",
        "cancel_reason",
        "completed_at",
        "created_by",
        "series",
        "created_at",
        "updated_at",
    ]
    date_hierarchy = "created_at"
    inlines = [ClaimInline]
    # Only an assignment without live claims is deleted (delete_refusals): nobody's place is lost.
    handled_cascades = (Claim, WaitingListEntry)

    def has_add_permission(self, request):
        # A new assignment is the association's, made with its checks (assignment_create).
        return False

    def delete_refusals(self, obj: Assignment) -> list[str]:
        live = obj.claims.filter(status__in=LIVE_CLAIM_STATUSES).count()
        if not live:
            return []
        return [
            _("”%(title)s” har anmälningar. Föreningen kan ställa in uppdraget, så att de som anmält sig får veta det.")
            % {"title": obj.title}
        ]


@admin.register(Claim)
class ClaimAdmin(admin.ModelAdmin):
    list_display = ["assignment", "resident", "status", "hours_reported", "hours_confirmed", "created_at"]
    list_filter = ["status"]
    search_fields = ["assignment__title", "resident__email"]
    list_select_related = ["assignment", "resident"]
    # The texts can be corrected (an offensive message, a typo in a reference); nothing else.
    # Who signed the resident up or reported hours for them (offline): shown, never changed here.
    REGISTERED_FIELDS = ["registered_by", "registered_at", "hours_reported_by"]
    readonly_fields = [*CLAIM_LIFECYCLE_FIELDS, *REGISTERED_FIELDS]
    fields = [
        *CLAIM_LIFECYCLE_FIELDS[:3],
        "message",
        "decision_message",
        *CLAIM_LIFECYCLE_FIELDS[3:],
        "reference_text",
        *REGISTERED_FIELDS,
    ]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        # Deleting an accepted claim would leave its place counted: residents withdraw instead.
        return False


@admin.register(WaitingListEntry)
class WaitingListEntryAdmin(admin.ModelAdmin):
    """Read only: the line moves through assignments.waiting, which keeps the held places counted."""

    list_display = ["assignment", "resident", "status", "created_at", "offered_until"]
    list_filter = ["status"]
    search_fields = ["assignment__title"]
    list_select_related = ["assignment", "resident"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AssignmentSeries)
class AssignmentSeriesAdmin(admin.ModelAdmin):
    """The rule of a repeating assignment. Deleting it leaves its occurrences as single assignments."""

    list_display = ["__str__", "association", "repeat", "until", "created_at"]
    list_filter = ["repeat"]
    search_fields = ["association__name"]
    list_select_related = ["association"]
    readonly_fields = ["association", "repeat", "weekdays", "until", "created_by", "created_at"]

    def has_add_permission(self, request):
        return False
