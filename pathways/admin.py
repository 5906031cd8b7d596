"""Only what is not private: the offers, and the links' status (who supports whom, since when).

Intakes, notes, milestones and the access log are the resident's: the platform admin does not
read them here, as municipal staff do not (they see milestones only counted, on the dashboard)."""

from django.contrib import admin

from pathways.models import SupportLink, SupportOffer
from uppdragsbanken.admin import ViewOnlyAdmin


@admin.register(SupportOffer)
class SupportOfferAdmin(admin.ModelAdmin):
    list_display = ["association", "updated_at"]
    search_fields = ["association__name"]
    autocomplete_fields = ["association"]
    filter_horizontal = ["localities"]


@admin.register(SupportLink)
class SupportLinkAdmin(ViewOnlyAdmin):
    list_display = ["pk", "association", "status", "started_by", "created_at", "started_at", "ended_at"]
    list_filter = ["status", "started_by"]
    search_fields = ["association__name"]
    fields = ["association", "status", "started_by", "created_at", "consent_given_at", "started_at", "ended_at"]
    readonly_fields = fields
