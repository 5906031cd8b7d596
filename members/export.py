"""Everything the site holds about one person, for "Mina uppgifter".

This is the right of access (GDPR art. 15, registerutdrag) and the right to data portability
(art. 20): `personal_data(user)` gathers it as plain JSON-ready data, the page
/mina-sidor/mina-uppgifter/ shows the same data readably (`readable_sections`), and
/mina-sidor/mina-uppgifter/uppgifter.json sends it as a file.

`USER_REFERENCES` says, for every database column that points at a person's account, in
which section it is exported or why it is not; `OWNED_THROUGH` does the same for the rows
that belong to the person through one of those rows. A test compares `USER_REFERENCES` with
the columns the database really has, so a new model cannot be left out unnoticed.

Keys are stable English snake_case. Conventions the readable page relies on: a key ending in
`_at` (or the key `at`) holds a date and time (ISO 8601 with the Stockholm offset), a key ending in `_on` a
date (ISO 8601), and `<key>_text` the words for the code in `<key>`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from allauth.account.models import EmailAddress
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assignments.models import Assignment, Claim, WaitingListEntry
from associations.models import Association, AssociationMembership, Invitation
from calendars.models import CalendarFeed
from certificates.models import Certificate
from members.models import MemberProfile, SituationChange
from municipalities.models import AuditEvent, StaffMembership
from notifications.models import Notification, SavedSearch
from pathways.models import (
    AccessLogEntry,
    ConsentEvent,
    Intake,
    Milestone,
    Recommendation,
    Share,
    SupporterNote,
    SupportLink,
)

STOCKHOLM = ZoneInfo("Europe/Stockholm")
FORMAT_VERSION = 1

# ---------------------------------------------------------------------------------------------
# The sections, in the order the page and the file show them: (key, heading, what it is).

SECTIONS: list[tuple[str, object, object]] = [
    (
        "account",
        gettext_lazy("Ditt konto"),
        gettext_lazy("Uppgifterna du loggar in med, när du blev medlem och vilket språk du får e-post på."),
    ),
    (
        "email_addresses",
        gettext_lazy("E-postadresser"),
        gettext_lazy("Adresserna som hör till ditt konto och om du har bekräftat dem."),
    ),
    (
        "profile",
        gettext_lazy("Din profil"),
        gettext_lazy(
            "Det du har berättat om dig själv. Profilen används för att hitta uppdrag som passar dig. "
            "Din situation sparas bara om du har samtyckt, och visas bara i statistik."
        ),
    ),
    (
        "situation_history",
        gettext_lazy("Din situation över tid"),
        gettext_lazy(
            "Varje gång du har ändrat din situation eller återkallat ditt samtycke. Kommunen ser bara "
            "sammanräknade siffror, aldrig dig."
        ),
    ),
    (
        "claims",
        gettext_lazy("Dina anmälningar till uppdrag"),
        gettext_lazy("Uppdragen du har anmält dig till, vad som hände och timmarna och referenserna."),
    ),
    (
        "waiting_lists",
        gettext_lazy("Köer till fullsatta uppdrag"),
        gettext_lazy("Uppdrag där du har stått i kö för en plats, och vad som hände."),
    ),
    (
        "messages",
        gettext_lazy("Meddelanden om anmälningar"),
        gettext_lazy(
            "Meddelandena i samtalen om dina anmälningar, från båda sidor, och meddelanden du har skrivit "
            "för en förening. Vad invånare har skrivit till din förening finns inte med: det är deras."
        ),
    ),
    (
        "message_reports",
        gettext_lazy("Meddelanden du har anmält"),
        gettext_lazy("Meddelanden du har anmält till kommunen som kränkande, och om kommunen har hanterat det."),
    ),
    (
        "saved_searches",
        gettext_lazy("Bevakningar"),
        gettext_lazy("Sökningar du har sparat för att få veta om nya uppdrag."),
    ),
    (
        "notifications",
        gettext_lazy("Notiser"),
        gettext_lazy("Meddelanden som webbplatsen har gett dig, och om de har skickats med e-post."),
    ),
    (
        "invitations",
        gettext_lazy("Inbjudningar"),
        gettext_lazy("Inbjudningar du har skickat, tagit emot eller som har skickats till din adress."),
    ),
    (
        "association_memberships",
        gettext_lazy("Föreningar du är med i"),
        gettext_lazy("Din roll i varje förening och om du är handledare."),
    ),
    (
        "staff_memberships",
        gettext_lazy("Kommuner där du arbetar"),
        gettext_lazy("Kommuner där du är med i personalen på Uppdragsbanken."),
    ),
    (
        "support_links",
        gettext_lazy("Stöd från handledare"),
        gettext_lazy(
            "Dina kontakter med handledare, eller med invånare du stöttar: vad som delas, när samtycket "
            "gavs och varje ändring av samtycket."
        ),
    ),
    (
        "intake",
        gettext_lazy("Din kartläggning"),
        gettext_lazy("Det du och din handledare har skrivit om vad du kan, vill och vad som står i vägen."),
    ),
    (
        "milestones",
        gettext_lazy("Steg på vägen till arbete"),
        gettext_lazy("Stegen på din tidslinje, och vem som antecknade dem."),
    ),
    (
        "notes_about_me",
        gettext_lazy("Anteckningar om dig"),
        gettext_lazy("Anteckningar som dina handledare har skrivit om dig. Du har rätt att läsa dem."),
    ),
    (
        "recommendations",
        gettext_lazy("Tips om uppdrag"),
        gettext_lazy("Uppdrag som en handledare har tipsat dig om."),
    ),
    (
        "access_log",
        gettext_lazy("Vem har tittat på dina uppgifter"),
        gettext_lazy("Varje gång någon annan än du har läst eller ändrat dina uppgifter om vägen till arbete."),
    ),
    (
        "certificates",
        gettext_lazy("Intyg"),
        gettext_lazy("Intygen du har utfärdat, med innehållet precis som det utfärdades."),
    ),
    (
        "calendar_feeds",
        gettext_lazy("Kalenderflöden"),
        gettext_lazy("Dina hemliga kalenderadresser. Den som har adressen kan se kalendern."),
    ),
    (
        "associations_registered",
        gettext_lazy("Föreningar du har registrerat"),
        gettext_lazy("Föreningar som du registrerade på Uppdragsbanken."),
    ),
    (
        "associations_reviewed",
        gettext_lazy("Föreningar du har granskat"),
        gettext_lazy("Föreningar som du har godkänt eller stängt av som kommunens personal."),
    ),
    (
        "audit_events",
        gettext_lazy("Dina beslut i kommunens logg"),
        gettext_lazy("Det du har gjort som kommunens personal, så som det står i granskningsloggen."),
    ),
    (
        "assignments_created",
        gettext_lazy("Uppdrag du har skapat"),
        gettext_lazy("Uppdrag som du lade upp för en förening."),
    ),
    (
        "claims_decided",
        gettext_lazy("Anmälningar du har beslutat om"),
        gettext_lazy("Vilka uppdrag och när. Uppgifter om de andra personerna finns inte med: de är deras."),
    ),
    (
        "claims_registered",
        gettext_lazy("Anmälningar du har gjort åt andra"),
        gettext_lazy(
            "Uppdrag du har anmält invånare till när de ringde eller kom förbi, och timmar du har rapporterat "
            "åt dem. Uppgifter om invånarna finns inte med: de är deras."
        ),
    ),
]
SECTION_KEYS = [key for key, _title, _about in SECTIONS]

# ---------------------------------------------------------------------------------------------
# Every column that points at the user model: the section it is exported in, or why not.


@dataclass(frozen=True)
class Left:
    """A reference to the user that is not exported, and the plain reason why."""

    reason: str


USER_REFERENCES: dict[tuple[str, str], str | Left] = {
    ("account.EmailAddress", "user"): "email_addresses",
    ("admin.LogEntry", "user"): Left(
        "What platform admins did in the Django admin: the platform's own record of its "
        "administration, not data the site keeps about a resident."
    ),
    ("assignments.Assignment", "created_by"): "assignments_created",
    ("assignments.AssignmentSeries", "created_by"): Left(
        "Who made an assignment repeat: each occurrence is an assignment the person created, exported "
        "with its title under the assignments they created; the series holds only the rule (weekly, "
        "until a date), nothing about the person."
    ),
    ("assignments.Claim", "decided_by"): "claims_decided",
    ("assignments.Claim", "hours_reported_by"): "claims_registered",
    ("assignments.Claim", "registered_by"): "claims_registered",
    ("assignments.Claim", "resident"): "claims",
    ("assignments.WaitingListEntry", "resident"): "waiting_lists",
    ("associations.Association", "created_by"): "associations_registered",
    ("associations.Association", "suspended_by"): "associations_reviewed",
    ("associations.Association", "verified_by"): "associations_reviewed",
    ("associations.AssociationMembership", "user"): "association_memberships",
    ("associations.Invitation", "accepted_by"): "invitations",
    ("associations.Invitation", "invited_by"): "invitations",
    ("calendars.CalendarFeed", "user"): "calendar_feeds",
    ("certificates.Certificate", "resident"): "certificates",
    ("conversations.Message", "author"): "messages",
    ("conversations.MessageReport", "handled_by"): Left(
        "Which report a municipal admin marked handled is the municipality's record of its "
        "moderation of another thread; the thread and the report belong to its participants."
    ),
    ("conversations.MessageReport", "reporter"): "message_reports",
    ("members.MemberProfile", "user"): "profile",
    ("members.SituationChange", "user"): "situation_history",
    ("members.User_groups", "user"): "account",
    ("members.User_user_permissions", "user"): "account",
    ("municipalities.AuditEvent", "actor"): "audit_events",
    ("municipalities.StaffMembership", "user"): "staff_memberships",
    ("notifications.Notification", "recipient"): "notifications",
    ("notifications.SavedSearch", "user"): "saved_searches",
    ("offline.OfflineResident", "registered_by"): Left(
        "Whom a coordinator registered without an account is that person's data, kept for the "
        "association; the coordinator's own part, the sign-ups they made, is under claims_registered."
    ),
    ("offline.OfflineResident", "user"): Left(
        "A person signed up by phone has an account that cannot log in, so no export page; their "
        "association's managers see the record (name, phone) and can read it out or delete it."
    ),
    ("pathways.AccessLogEntry", "actor"): Left(
        "A supporter's read of another resident's data is in that resident's access log, which "
        "only the resident sees: it is about the resident, and naming them here would pass "
        "their data on. The supporter's own access log (about them) is exported."
    ),
    ("pathways.AccessLogEntry", "resident"): "access_log",
    ("pathways.ConsentEvent", "by"): "support_links",
    ("pathways.Intake", "resident"): "intake",
    ("pathways.Intake", "updated_by"): Left(
        "Who last changed an intake: exported with the person's own intake (its changer's name); "
        "another resident's intake that a supporter changed belongs to that resident."
    ),
    ("pathways.Milestone", "recorded_by"): Left(
        "Who recorded a step: exported with the person's own milestones; a step a supporter "
        "recorded on another resident's timeline belongs to that resident."
    ),
    ("pathways.Milestone", "resident"): "milestones",
    ("pathways.Recommendation", "resident"): "recommendations",
    ("pathways.Recommendation", "supporter"): Left(
        "A tip a supporter gave another resident belongs to that resident; tips to the person "
        "are exported under recommendations."
    ),
    ("pathways.SupportLink", "ended_by"): "support_links",
    ("pathways.SupportLink", "resident"): "support_links",
    ("pathways.SupportLink", "supporter"): "support_links",
    ("pathways.SupporterNote", "author"): Left(
        "A note a supporter wrote is about the resident, not about its author: the resident "
        "reads it in their own export, and copying it to the author would pass on another "
        "person's data."
    ),
    ("pathways.SupporterNote", "resident"): "notes_about_me",
}

# Rows that belong to the person through one of the rows above: (model, the column that leads
# there) → the section they are exported in, or why not.
OWNED_THROUGH: dict[tuple[str, str], str | Left] = {
    ("members.ProfileOwnSkill", "profile"): "profile",
    ("members.MemberProfile_skills", "memberprofile"): "profile",
    ("members.MemberProfile_interests", "memberprofile"): "profile",
    ("pathways.IntakeOwnSkill", "intake"): "intake",
    ("pathways.Intake_skills", "intake"): "intake",
    ("pathways.Intake_wanted_categories", "intake"): "intake",
    ("pathways.ConsentEvent", "link"): "support_links",
    ("certificates.Certificate_claims", "certificate"): "certificates",
    ("account.EmailConfirmation", "email_address"): Left(
        "A one-time key to confirm an address, valid for a few days: a secret, not data about the person."
    ),
    ("notifications.Notification", "saved_search"): "notifications",
    ("notifications.Notification", "claim"): "notifications",
    ("pathways.Milestone", "claim"): "milestones",
    ("conversations.Message", "claim"): "messages",
}

# ---------------------------------------------------------------------------------------------
# Labels of every key, for the readable page.

LABELS = {
    "id": gettext_lazy("Nummer"),
    "email": gettext_lazy("E-postadress"),
    "date_joined_at": gettext_lazy("Blev medlem"),
    "last_login_at": gettext_lazy("Senast inloggad"),
    "inactivity_warned_at": gettext_lazy("Varnad om att kontot inte används"),
    "language": gettext_lazy("Språk"),
    "is_active": gettext_lazy("Kontot är aktivt"),
    "is_staff": gettext_lazy("Får logga in i administrationen"),
    "is_superuser": gettext_lazy("Har alla behörigheter i administrationen"),
    "groups": gettext_lazy("Grupper i administrationen"),
    "permissions": gettext_lazy("Egna behörigheter i administrationen"),
    "name_others_see": gettext_lazy("Namn som andra ser"),
    "primary": gettext_lazy("Huvudadress"),
    "verified": gettext_lazy("Bekräftad"),
    "display_name": gettext_lazy("Visningsnamn"),
    "home_locality": gettext_lazy("Hemort"),
    "home_municipality": gettext_lazy("Hemkommun"),
    "travel_radius_km": gettext_lazy("Hur långt du kan resa (km)"),
    "skills": gettext_lazy("Kompetenser"),
    "own_skills": gettext_lazy("Kompetenser med egna ord"),
    "interests": gettext_lazy("Intresseområden"),
    "languages": gettext_lazy("Språk du talar"),
    "driving_licence": gettext_lazy("Körkort"),
    "available_weekdays": gettext_lazy("Kan vardagar dagtid"),
    "available_evenings": gettext_lazy("Kan kvällar"),
    "available_weekends": gettext_lazy("Kan helger"),
    "notification_preference": gettext_lazy("Hur du vill få veta om nya uppdrag"),
    "email_my_claims": gettext_lazy("E-post om dina anmälningar"),
    "email_claims": gettext_lazy("E-post om anmälningar till föreningens uppdrag"),
    "email_reminders": gettext_lazy("Påminnelser per e-post"),
    "situation": gettext_lazy("Situation"),
    "situation_consent_at": gettext_lazy("Samtycke till att spara situationen"),
    "created_at": gettext_lazy("Skapad"),
    "updated_at": gettext_lazy("Ändrad"),
    "consent": gettext_lazy("Samtycke"),
    "recorded_at": gettext_lazy("Antecknat"),
    "assignment": gettext_lazy("Uppdrag"),
    "association": gettext_lazy("Förening"),
    "municipality": gettext_lazy("Kommun"),
    "locality": gettext_lazy("Ort"),
    "starts_at": gettext_lazy("Börjar"),
    "ends_at": gettext_lazy("Slutar"),
    "deadline_on": gettext_lazy("Klart senast"),
    "status": gettext_lazy("Status"),
    "message": gettext_lazy("Meddelande"),
    "decided_at": gettext_lazy("Beslut"),
    "decision_message": gettext_lazy("Meddelande med beslutet"),
    "hours_reported": gettext_lazy("Rapporterade timmar"),
    "hours_confirmed": gettext_lazy("Bekräftade timmar"),
    "registered_by_association_at": gettext_lazy("Anmäld av föreningen per telefon"),
    "registered_at": gettext_lazy("Anmäld per telefon"),
    "hours_reported_for_resident": gettext_lazy("Du rapporterade timmarna åt invånaren"),
    "reference": gettext_lazy("Referens"),
    "name": gettext_lazy("Namn"),
    "query": gettext_lazy("Filter"),
    "active": gettext_lazy("Aktiv"),
    "kind": gettext_lazy("Sort"),
    "about": gettext_lazy("Gäller"),
    "detail": gettext_lazy("Vad som ändrades"),
    "saved_search": gettext_lazy("Bevakning"),
    "read_at": gettext_lazy("Läst"),
    "offered_at": gettext_lazy("Erbjuden en plats"),
    "offered_until": gettext_lazy("Erbjudandet gällde till"),
    "email_state": gettext_lazy("E-post"),
    "emailed_at": gettext_lazy("Skickad med e-post"),
    "subject": gettext_lazy("Ämne"),
    "relation": gettext_lazy("Din del"),
    "to": gettext_lazy("Till"),
    "role": gettext_lazy("Roll"),
    "expires_at": gettext_lazy("Gäller till"),
    "accepted_at": gettext_lazy("Antagen"),
    "revoked_at": gettext_lazy("Återkallad"),
    "is_supporter": gettext_lazy("Handledare"),
    "since_at": gettext_lazy("Med sedan"),
    "my_part": gettext_lazy("Du är"),
    "other_person": gettext_lazy("Den andra personen"),
    "invited_email": gettext_lazy("Inbjuden adress"),
    "started_by": gettext_lazy("Tog första steget"),
    "shares": gettext_lazy("Det som delas"),
    "consent_given_at": gettext_lazy("Samtycke givet"),
    "started_at": gettext_lazy("Började"),
    "ended_at": gettext_lazy("Avslutad"),
    "ended_by_me": gettext_lazy("Avslutad av dig"),
    "consent_events": gettext_lazy("Samtyckets historia"),
    "event": gettext_lazy("Händelse"),
    "shared": gettext_lazy("Delat"),
    "at": gettext_lazy("När"),
    "by_me": gettext_lazy("Av dig"),
    "experience": gettext_lazy("Erfarenhet"),
    "wanted_categories": gettext_lazy("Vilka slags uppdrag och arbeten"),
    "hours_per_week": gettext_lazy("Timmar i veckan"),
    "goals": gettext_lazy("Mål"),
    "travel": gettext_lazy("Resor"),
    "times": gettext_lazy("Tider"),
    "obstacles": gettext_lazy("Det som står i vägen"),
    "completed_at": gettext_lazy("Klar"),
    "updated_by": gettext_lazy("Senast ändrad av"),
    "happened_on": gettext_lazy("Datum"),
    "note": gettext_lazy("Kommentar"),
    "recorded_by": gettext_lazy("Antecknat av"),
    "automatic": gettext_lazy("Antecknat av webbplatsen"),
    "text": gettext_lazy("Text"),
    "author": gettext_lazy("Skriven av"),
    "supporter": gettext_lazy("Handledare"),
    "who": gettext_lazy("Vem"),
    "action": gettext_lazy("Vad"),
    "code": gettext_lazy("Kontrollkod"),
    "issued_at": gettext_lazy("Utfärdat"),
    "revoked_because": gettext_lazy("Varför det återkallades"),
    "include_milestones": gettext_lazy("Med steg på vägen"),
    "content": gettext_lazy("Innehåll"),
    "address": gettext_lazy("Adress"),
    "last_fetched_at": gettext_lazy("Senast hämtad"),
    "organisation_number": gettext_lazy("Organisationsnummer"),
    "verification": gettext_lazy("Granskning"),
    "verified_at": gettext_lazy("Godkänd av dig"),
    "suspended_at": gettext_lazy("Avstängd av dig"),
    "details": gettext_lazy("Detaljer"),
    "title": gettext_lazy("Rubrik"),
    "reason": gettext_lazy("Varför"),
    "handled_at": gettext_lazy("Hanterad av kommunen"),
}


# ---------------------------------------------------------------------------------------------
# Values.


def _when(value: datetime | None) -> str | None:
    """A moment as ISO 8601 in Stockholm time with its offset ("2026-03-14T10:00:00+01:00")."""
    return value.astimezone(STOCKHOLM).isoformat() if value is not None else None


def _day(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _number(value: Decimal | None) -> str | None:
    """A decimal as a string, so that no precision is lost: "2.5"."""
    return format(value.normalize(), "f") if value is not None else None


def _choice(instance, name: str) -> dict:
    """`{name: code, name_text: label}` for a choice field; both empty strings when unset."""
    code = getattr(instance, name)
    label = getattr(instance, f"get_{name}_display")() if code else ""
    return {name: code, f"{name}_text": str(label)}


def _name(user) -> str | None:
    return user.display_name if user is not None else None


# ---------------------------------------------------------------------------------------------
# Sections. Each reads its rows in a fixed number of queries, however many rows there are.


def _account(user) -> dict:
    return {
        "email": user.email,
        "name_others_see": user.display_name,
        "date_joined_at": _when(user.date_joined),
        "last_login_at": _when(user.last_login),
        "inactivity_warned_at": _when(user.inactivity_warned_at),
        **_choice(user, "language"),
        "is_active": user.is_active,
        "is_staff": user.is_staff,
        "is_superuser": user.is_superuser,
        "groups": [group.name for group in user.groups.order_by("name")],
        "permissions": [
            f"{p.content_type.app_label}.{p.codename}"
            for p in user.user_permissions.select_related("content_type").order_by("pk")
        ],
    }


def _email_addresses(user) -> list[dict]:
    return [
        {"email": a.email, "primary": a.primary, "verified": a.verified}
        for a in EmailAddress.objects.filter(user=user).order_by("-primary", "email")
    ]


def _profile(user) -> dict | None:
    profile = (
        MemberProfile.objects.filter(user=user)
        .select_related("home_locality__municipality")
        .prefetch_related("skills", "interests", "own_skills")
        .first()
    )
    if profile is None:
        return None
    locality = profile.home_locality
    return {
        "display_name": profile.display_name,
        "home_locality": locality.name if locality else None,
        "home_municipality": locality.municipality.name if locality else None,
        "travel_radius_km": profile.travel_radius_km,
        "skills": sorted(skill.label_sv for skill in profile.skills.all()),
        "own_skills": [own.name for own in profile.own_skills.all()],
        "interests": sorted(category.name_sv for category in profile.interests.all()),
        "languages": profile.languages,
        "driving_licence": profile.driving_licence,
        "available_weekdays": profile.available_weekdays,
        "available_evenings": profile.available_evenings,
        "available_weekends": profile.available_weekends,
        **_choice(profile, "notification_preference"),
        "email_my_claims": profile.email_my_claims,
        "email_claims": profile.email_claims,
        "email_reminders": profile.email_reminders,
        **_choice(profile, "situation"),
        "situation_consent_at": _when(profile.situation_consent_at),
        "created_at": _when(profile.created_at),
        "updated_at": _when(profile.updated_at),
    }


def _situation_history(user) -> list[dict]:
    return [
        {**_choice(change, "situation"), "consent": change.consent, "recorded_at": _when(change.recorded_at)}
        for change in SituationChange.objects.filter(user=user).order_by("recorded_at", "pk")
    ]


def _claims(user) -> list[dict]:
    claims = (
        Claim.objects.filter(resident=user)
        .select_related("assignment__association", "assignment__locality")
        .defer("assignment__search_vector", "assignment__description")
        .order_by("created_at", "pk")
    )
    return [
        {
            "id": claim.pk,
            "assignment": claim.assignment.title,
            "association": claim.assignment.association.name,
            "locality": claim.assignment.locality.name,
            "starts_at": _when(claim.assignment.starts_at),
            "ends_at": _when(claim.assignment.ends_at),
            "deadline_on": _day(claim.assignment.deadline),
            **_choice(claim, "status"),
            "message": claim.message,
            "created_at": _when(claim.created_at),
            "decided_at": _when(claim.decided_at),
            "decision_message": claim.decision_message,
            "hours_reported": _number(claim.hours_reported),
            "hours_confirmed": _number(claim.hours_confirmed),
            "registered_by_association_at": _when(claim.registered_at),
            "reference": claim.reference_text,
            "updated_at": _when(claim.updated_at),
        }
        for claim in claims
    ]


def _waiting_lists(user) -> list[dict]:
    entries = (
        WaitingListEntry.objects.filter(resident=user)
        .select_related("assignment__association")
        .defer("assignment__search_vector", "assignment__description")
        .order_by("created_at", "pk")
    )
    return [
        {
            "assignment": entry.assignment.title,
            "association": entry.assignment.association.name,
            **_choice(entry, "status"),
            "created_at": _when(entry.created_at),
            "offered_at": _when(entry.offered_at),
            "offered_until": _when(entry.offered_until),
            "ended_at": _when(entry.ended_at),
        }
        for entry in entries
    ]


def _messages(user) -> list[dict]:
    """The threads of the person's own sign-ups (both sides: what the association wrote to them is
    theirs to see), and what they wrote for an association in other residents' threads, without
    those residents' replies."""
    from conversations.models import Message, Side

    rows = (
        Message.objects.filter(Q(claim__resident=user) | Q(author=user))
        .select_related("claim__assignment__association", "author__profile")
        .defer("claim__assignment__search_vector", "claim__assignment__description")
        .order_by("created_at", "pk")
    )
    found = []
    for message in rows:
        assignment = message.claim.assignment
        if message.author_id == user.pk:
            author = _("Du")
        elif message.side == Side.RESIDENT:
            author = _("Invånaren")
        else:
            author = f"{_name(message.author) or _('Föreningen')}, {assignment.association.name}"
        found.append(
            {
                "assignment": assignment.title,
                "association": assignment.association.name,
                "author": str(author),
                **_choice(message, "kind"),
                "text": message.body,
                "created_at": _when(message.created_at),
                "read_at": _when(message.read_at),
            }
        )
    return found


def _message_reports(user) -> list[dict]:
    """Reports the person made, without the reported text: it is the other side's."""
    from conversations.models import MessageReport

    return [
        {
            "assignment": report.message.claim.assignment.title,
            "reason": report.reason,
            "created_at": _when(report.created_at),
            "handled_at": _when(report.handled_at),
        }
        for report in MessageReport.objects.filter(reporter=user)
        .select_related("message__claim__assignment")
        .defer("message__claim__assignment__search_vector", "message__claim__assignment__description")
        .order_by("created_at", "pk")
    ]


def _saved_searches(user) -> list[dict]:
    return [
        {
            "name": search.name,
            "query": search.query,
            "active": search.active,
            "created_at": _when(search.created_at),
        }
        for search in SavedSearch.objects.filter(user=user).order_by("created_at", "pk")
    ]


def _notification_about(n: Notification) -> str:
    """What a notification was about, by name: the assignment, association or saved search.
    Never the other person a notification to an association tells of."""
    if n.assignment_id:
        return n.assignment.title
    if n.association_id:
        return n.association.name
    if n.invitation_id:
        return str(n.invitation.target or "")
    return ""


def _notifications(user, addresses: list[str]) -> list[dict]:
    # Rows in the inbox, and e-mails sent to the person's address without an account on the row
    # (confirming an address, resetting the password). An e-mail's text is not kept: it held a
    # one-time link, and is emptied once sent.
    rows = (
        Notification.objects.filter(Q(recipient=user) | Q(recipient__isnull=True, address__in=addresses))
        .select_related("assignment", "association", "invitation__association", "invitation__municipality")
        .select_related("saved_search")
        .defer("assignment__search_vector", "assignment__description")
        .order_by("created_at", "pk")
    )
    return [
        {
            **_choice(n, "kind"),
            "about": _notification_about(n),
            "subject": (n.message or {}).get("subject", "") if isinstance(n.message, dict) else "",
            "detail": n.detail,
            "saved_search": n.saved_search.name if n.saved_search_id else None,
            "created_at": _when(n.created_at),
            "read_at": _when(n.read_at),
            **_choice(n, "email_state"),
            "emailed_at": _when(n.emailed_at),
        }
        for n in rows
    ]


RELATION_TEXT = {
    "sent": gettext_lazy("Du skickade den"),
    "accepted": gettext_lazy("Du tackade ja"),
    "to_my_address": gettext_lazy("Skickad till din adress"),
}


def _invitations(user, addresses: list[str]) -> list[dict]:
    rows = (
        Invitation.objects.filter(Q(invited_by=user) | Q(accepted_by=user) | Q(email__in=addresses))
        .select_related("association", "municipality")
        .order_by("created_at", "pk")
    )
    found = []
    for invitation in rows:
        relation = [
            key
            for key, applies in (
                ("sent", invitation.invited_by_id == user.pk),
                ("accepted", invitation.accepted_by_id == user.pk),
                ("to_my_address", invitation.email.lower() in addresses),
            )
            if applies
        ]
        found.append(
            {
                "relation": relation,
                "relation_text": [str(RELATION_TEXT[key]) for key in relation],
                "to": invitation.email,
                "association": invitation.association.name if invitation.association_id else None,
                "municipality": invitation.municipality.name if invitation.municipality_id else None,
                "role": invitation.role,
                "role_text": invitation.get_role_display(),
                "created_at": _when(invitation.created_at),
                "expires_at": _when(invitation.expires_at),
                "accepted_at": _when(invitation.accepted_at),
                "revoked_at": _when(invitation.revoked_at),
            }
        )
    return found


def _association_memberships(user) -> list[dict]:
    return [
        {
            "association": m.association.name,
            **_choice(m, "role"),
            "is_supporter": m.is_supporter,
            "since_at": _when(m.created_at),
        }
        for m in AssociationMembership.objects.filter(user=user)
        .select_related("association")
        .order_by("association__name")
    ]


def _staff_memberships(user) -> list[dict]:
    return [
        {"municipality": m.municipality.name, **_choice(m, "role"), "since_at": _when(m.created_at)}
        for m in StaffMembership.objects.filter(user=user).select_related("municipality").order_by("municipality__name")
    ]


SHARE_LABELS = dict(Share.choices)
PART_TEXT = {"resident": gettext_lazy("Invånare som får stöd"), "supporter": gettext_lazy("Handledare")}


def _support_links(user) -> list[dict]:
    links = (
        SupportLink.objects.filter(Q(resident=user) | Q(supporter=user) | Q(ended_by=user))
        .select_related("association", "resident__profile", "supporter__profile")
        .prefetch_related(Prefetch("consent_events", queryset=ConsentEvent.objects.order_by("at", "pk")))
        .order_by("created_at", "pk")
    )
    found = []
    for link in links:
        part = "resident" if link.resident_id == user.pk else "supporter"
        other = link.supporter_display_name if part == "resident" else link.resident.display_name
        shares = [value for value in ("profile", "claims", "intake", "milestones") if link.shares(value)]
        found.append(
            {
                "my_part": part,
                "my_part_text": str(PART_TEXT[part]),
                "other_person": other,
                "association": link.association.name,
                # The address a supporter typed is the resident's own; a supporter is not sent
                # the address of someone else.
                "invited_email": link.invited_email if part == "resident" else "",
                **_choice(link, "status"),
                **_choice(link, "started_by"),
                "message": link.message,
                "shares": shares,
                "shares_text": link.shared_labels(),
                "created_at": _when(link.created_at),
                "consent_given_at": _when(link.consent_given_at),
                "started_at": _when(link.started_at),
                "ended_at": _when(link.ended_at),
                "ended_by_me": link.ended_by_id == user.pk,
                "consent_events": [
                    {
                        **_choice(event, "event"),
                        "shared": list(event.shared or []),
                        "shared_text": [str(SHARE_LABELS.get(value, value)) for value in event.shared or []],
                        "at": _when(event.at),
                        "by_me": event.by_id == user.pk,
                    }
                    for event in link.consent_events.all()
                ],
            }
        )
    return found


def _intake(user) -> dict | None:
    intake = (
        Intake.objects.filter(resident=user)
        .select_related("updated_by__profile")
        .prefetch_related("skills", "wanted_categories", "own_skills")
        .first()
    )
    if intake is None:
        return None
    return {
        "skills": sorted(skill.label_sv for skill in intake.skills.all()),
        "own_skills": [own.name for own in intake.own_skills.all()],
        "experience": intake.experience,
        "wanted_categories": sorted(category.name_sv for category in intake.wanted_categories.all()),
        "hours_per_week": intake.hours_per_week,
        "goals": intake.goals,
        **_choice(intake, "driving_licence"),
        "travel": intake.travel,
        "times": intake.times,
        "obstacles": intake.obstacles,
        "completed_at": _when(intake.completed_at),
        "created_at": _when(intake.created_at),
        "updated_at": _when(intake.updated_at),
        "updated_by": _name(intake.updated_by),
    }


def _milestones(user) -> list[dict]:
    rows = (
        Milestone.objects.filter(resident=user)
        .select_related("recorded_by__profile", "claim__assignment")
        .defer("claim__assignment__search_vector", "claim__assignment__description")
        .order_by("happened_on", "recorded_at", "pk")
    )
    return [
        {
            **_choice(m, "kind"),
            "happened_on": _day(m.happened_on),
            "note": m.note,
            "assignment": m.claim.assignment.title if m.claim_id else None,
            "automatic": m.automatic,
            "recorded_by": _name(m.recorded_by),
            "recorded_at": _when(m.recorded_at),
        }
        for m in rows
    ]


def _notes_about_me(user) -> list[dict]:
    return [
        {
            "text": note.text,
            "author": _name(note.author),
            "association": note.association.name if note.association_id else None,
            "created_at": _when(note.created_at),
            "updated_at": _when(note.updated_at),
        }
        for note in SupporterNote.objects.filter(resident=user)
        .select_related("author__profile", "association")
        .order_by("created_at", "pk")
    ]


def _recommendations(user) -> list[dict]:
    return [
        {
            "assignment": r.assignment.title,
            "association": r.association.name if r.association_id else None,
            "supporter": _name(r.supporter),
            "message": r.message,
            "created_at": _when(r.created_at),
        }
        for r in Recommendation.objects.filter(resident=user)
        .select_related("assignment", "association", "supporter__profile")
        .defer("assignment__search_vector", "assignment__description")
        .order_by("created_at", "pk")
    ]


def _access_log(user) -> list[dict]:
    return [
        {
            "who": entry.actor_name,
            "association": entry.association_name,
            **_choice(entry, "action"),
            **_choice(entry, "subject"),
            "at": _when(entry.at),
        }
        for entry in AccessLogEntry.objects.filter(resident=user).order_by("at", "pk")
    ]


def _certificates(user) -> list[dict]:
    return [
        {
            "code": certificate.display_code,
            **_choice(certificate, "language"),
            "include_milestones": certificate.include_milestones,
            "issued_at": _when(certificate.issued_at),
            "revoked_at": _when(certificate.revoked_at),
            **_choice(certificate, "revoked_because"),
            "content": certificate.content,
        }
        for certificate in Certificate.objects.filter(resident=user).order_by("issued_at", "pk")
    ]


def _calendar_feeds(user) -> list[dict]:
    return [
        {
            "name": feed.association.name if feed.association_id else _("Mina uppdrag"),
            "address": reverse("calendars:feed", args=[feed.token]),
            "created_at": _when(feed.created_at),
            "last_fetched_at": _when(feed.last_fetched_at),
        }
        for feed in CalendarFeed.objects.filter(user=user).select_related("association").order_by("created_at", "pk")
    ]


def _associations_registered(user) -> list[dict]:
    return [
        {
            "name": a.name,
            "organisation_number": a.organisation_number,
            **_choice(a, "verification"),
            "created_at": _when(a.created_at),
        }
        for a in Association.objects.filter(created_by=user).order_by("created_at", "pk")
    ]


def _associations_reviewed(user) -> list[dict]:
    return [
        {
            "name": a.name,
            "verified_at": _when(a.verified_at) if a.verified_by_id == user.pk else None,
            "suspended_at": _when(a.suspended_at) if a.suspended_by_id == user.pk else None,
        }
        for a in Association.objects.filter(Q(verified_by=user) | Q(suspended_by=user)).order_by("name", "pk")
    ]


# Their details name someone else (the address a person was invited at, or who was added).
_DETAILS_ABOUT_OTHERS = {AuditEvent.Action.STAFF_INVITED, AuditEvent.Action.STAFF_JOINED}


def _audit_events(user) -> list[dict]:
    return [
        {
            **_choice(event, "action"),
            "municipality": event.municipality.name,
            "association": event.association.name if event.association_id else None,
            "details": "" if event.action in _DETAILS_ABOUT_OTHERS else event.details,
            "created_at": _when(event.created_at),
        }
        for event in AuditEvent.objects.filter(actor=user)
        .select_related("municipality", "association")
        .order_by("created_at", "pk")
    ]


def _assignments_created(user) -> list[dict]:
    titles = Assignment.objects.filter(created_by=user).order_by("created_at", "pk").values_list("title", flat=True)
    return [{"title": title} for title in titles]


def _claims_decided(user) -> list[dict]:
    return [
        {"assignment": title, "decided_at": _when(decided_at)}
        for title, decided_at in Claim.objects.filter(decided_by=user)
        .order_by("decided_at", "pk")
        .values_list("assignment__title", "decided_at")
    ]


def _claims_registered(user) -> list[dict]:
    return [
        {
            "assignment": title,
            "registered_at": _when(registered_at) if registered_by == user.pk else None,
            "hours_reported_for_resident": hours_by == user.pk,
        }
        for title, registered_at, registered_by, hours_by in Claim.objects.filter(
            Q(registered_by=user) | Q(hours_reported_by=user)
        )
        .order_by("registered_at", "pk")
        .values_list("assignment__title", "registered_at", "registered_by", "hours_reported_by")
    ]


def personal_data(user) -> dict:
    """Everything the site holds about `user` (a saved members.User), as JSON-ready data.

    Output: a dict with `format`, `exported_at` and one key per section (SECTION_KEYS) in
    order; values are str, int, bool, None, lists and dicts only. Moments are ISO 8601 with
    the Europe/Stockholm offset, dates ISO 8601, decimal hours strings ("2.5"); texts for codes
    (`<key>_text`) are in the active language. A section with nothing in it is an empty list,
    or None for the profile and the intake when there is none. Another person's data is left
    out: other participants of an assignment, other residents of a supporter, the claimant
    of a claim the person decided. Runs a fixed number of queries, whatever the number of rows.
    Raises nothing of its own. GDPR art. 15 (access) and art. 20 (portability).
    """
    email_addresses = _email_addresses(user)
    addresses = sorted({user.email.lower(), *(a["email"].lower() for a in email_addresses)})
    sections = {
        "account": _account(user),
        "email_addresses": email_addresses,
        "profile": _profile(user),
        "situation_history": _situation_history(user),
        "claims": _claims(user),
        "waiting_lists": _waiting_lists(user),
        "messages": _messages(user),
        "message_reports": _message_reports(user),
        "saved_searches": _saved_searches(user),
        "notifications": _notifications(user, addresses),
        "invitations": _invitations(user, addresses),
        "association_memberships": _association_memberships(user),
        "staff_memberships": _staff_memberships(user),
        "support_links": _support_links(user),
        "intake": _intake(user),
        "milestones": _milestones(user),
        "notes_about_me": _notes_about_me(user),
        "recommendations": _recommendations(user),
        "access_log": _access_log(user),
        "certificates": _certificates(user),
        "calendar_feeds": _calendar_feeds(user),
        "associations_registered": _associations_registered(user),
        "associations_reviewed": _associations_reviewed(user),
        "audit_events": _audit_events(user),
        "assignments_created": _assignments_created(user),
        "claims_decided": _claims_decided(user),
        "claims_registered": _claims_registered(user),
    }
    return {"format": FORMAT_VERSION, "exported_at": _when(timezone.now()), **sections}


# ---------------------------------------------------------------------------------------------
# The readable page.


@dataclass
class Row:
    """One label and its value as the page shows it. `records` is set for a list of records
    (a link's consent events); `content` for a certificate's content, shown as it is."""

    label: str
    value: str = ""
    records: list[list[Row]] = field(default_factory=list)
    is_records: bool = False


@dataclass
class Section:
    key: str
    title: str
    about: str
    records: list[list[Row]]
    empty: bool


_HOURS = {"hours_reported", "hours_confirmed"}


def _readable_value(key: str, value) -> str:
    if value is None or value == "" or value == []:
        return "–"
    if isinstance(value, bool):
        return _("Ja") if value else _("Nej")
    if (key == "at" or key.endswith("_at")) and isinstance(value, str):
        moment = parse_datetime(value)
        if moment is not None:
            return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")
    if key.endswith("_on") and isinstance(value, str):
        day = parse_date(value)
        if day is not None:
            return formats.date_format(day, "DATE_FORMAT")
    if key in _HOURS and isinstance(value, str):
        return formats.number_format(Decimal(value))
    if isinstance(value, list):
        return ", ".join(_readable_value("", item) for item in value)
    if isinstance(value, dict):
        return _readable_mapping(value)
    return str(value)


def _readable_mapping(value: dict) -> str:
    """A free-form mapping (a certificate's content) as plain text lines, keys as they are."""
    parts = []
    for key, item in value.items():
        if isinstance(item, list):
            item = "; ".join(_readable_mapping(x) if isinstance(x, dict) else str(x) for x in item)
        elif isinstance(item, dict):
            item = _readable_mapping(item)
        parts.append(f"{key}: {item}")
    return " · ".join(parts)


def _readable_record(record: dict) -> list[Row]:
    rows = []
    for key, value in record.items():
        if key.endswith("_text"):
            continue
        label = str(LABELS[key])
        if isinstance(value, list) and value and all(isinstance(item, dict) for item in value):
            rows.append(Row(label=label, records=[_readable_record(item) for item in value], is_records=True))
            continue
        shown = record.get(f"{key}_text", value)
        if key == "content" and isinstance(value, dict):
            shown = _readable_mapping(value) if value else ""
        rows.append(Row(label=label, value=_readable_value(key, shown)))
    return rows


def readable_sections(data: dict) -> list[Section]:
    """The sections of `personal_data(...)` as the page shows them: a heading, what the section
    is, and each record as label–value rows in the active language (times in Stockholm time).
    Input: the dict `personal_data` returned. Raises KeyError for a key without a label in
    LABELS (a test sees to it that there is none)."""
    sections = []
    for key, title, about in SECTIONS:
        value = data[key]
        records = [value] if isinstance(value, dict) else list(value or [])
        sections.append(
            Section(
                key=key,
                title=str(title),
                about=str(about),
                records=[_readable_record(record) for record in records],
                empty=not records,
            )
        )
    return sections
