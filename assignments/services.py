"""The assignment and claim lifecycles: one function per transition.

Assignment: draft → published → filled → completed; published/filled →
cancelled; published → expired. Claim: pending → accepted | declined |
withdrawn; accepted → done (hours reported) → confirmed; accepted → withdrawn
or cancelled. Every function checks who may act and refuses illegal moves with
a message a person can act on.
"""

import logging
from datetime import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from assignments import notify
from assignments import waiting as waitlist
from assignments.models import Assignment, AssignmentSeries, Claim, WaitingListEntry
from assignments.series import MAX_OCCURRENCES
from assignments.skills import own_skills_set
from associations.models import Association, AssociationMembership
from associations.permissions import MANAGERS, ensure_association_role
from members.models import User
from uppdragsbanken.fields import local_datetime
from uppdragsbanken.permissions import ensure_verified

logger = logging.getLogger(__name__)

EDITABLE_FIELDS = (
    "title",
    "description",
    "category",
    "locality",
    "starts_at",
    "ends_at",
    "deadline",
    "estimated_hours",
    "slots",
    "compensation",
    "amount_sek",
    "payment_route",
    "claim_mode",
    "how_to_get_there",
    "what_to_bring",
    "contact_name",
    "contact_phone",
    "insurance",
    "record_extract",
    "risks",
    "risks_other",
    "protective_equipment",
)
# Changes that residents who already claimed must hear about: the one list of watched fields.
NOTIFIED_FIELDS = {
    "starts_at",
    "ends_at",
    "deadline",
    "locality",
    "compensation",
    "amount_sek",
    "payment_route",
    "how_to_get_there",  # the meeting point
    "what_to_bring",
}
# The contact person is told like a new time or place: the notice names the field, not the
# number, which only residents with a place see (conversations.services.contact_for).
NOTIFIED_FIELDS |= {"contact_name", "contact_phone"}
TAKEN_STATUSES = (Claim.Status.ACCEPTED, Claim.Status.DONE, Claim.Status.CONFIRMED)
OPEN_CLAIM_STATUSES = (Claim.Status.PENDING, Claim.Status.ACCEPTED)


class TransitionError(Exception):
    """A move the lifecycle does not allow; the message says why in plain words."""


def ensure_can_manage(user: User, association: Association) -> AssociationMembership:
    return ensure_association_role(user, association, MANAGERS)


def _lock(assignment: Assignment) -> Assignment:
    """Re-read the assignment holding its row lock (PostgreSQL); claims on it queue behind us."""
    return Assignment.objects.select_for_update().select_related("association", "locality").get(pk=assignment.pk)


def _validate(assignment: Assignment) -> None:
    localities = assignment.association.localities.all()
    allowed = localities if localities.exists() else assignment.association.municipality.localities.all()
    if not allowed.filter(pk=assignment.locality_id).exists():
        raise ValidationError({"locality": _("Välj en ort där föreningen verkar.")})
    if assignment.slots < assignment.places_taken + assignment.places_offered:
        if assignment.places_offered:
            raise ValidationError(
                {
                    "slots": _(
                        "%(taken)s har fått uppdraget och %(offered)s har fått en plats erbjuden från kön, "
                        "så det behövs minst %(total)s platser."
                    )
                    % {
                        "taken": assignment.places_taken,
                        "offered": assignment.places_offered,
                        "total": assignment.places_taken + assignment.places_offered,
                    }
                }
            )
        raise ValidationError(
            {
                "slots": ngettext(
                    "%(count)s person har redan fått uppdraget, så det behövs minst så många platser.",
                    "%(count)s personer har redan fått uppdraget, så det behövs minst så många platser.",
                    assignment.places_taken,
                )
                % {"count": assignment.places_taken}
            }
        )
    assignment.full_clean(exclude=["association", "created_by"])


def _save(assignment: Assignment, skills, development_goals, own_skills=None) -> Assignment:
    try:
        with transaction.atomic():
            assignment.save()
    except IntegrityError:
        # A CHECK constraint said no; full_clean() ran first, so this is a race or a bug.
        raise ValidationError(_("Uppdraget kunde inte sparas. Kontrollera uppgifterna och försök igen.")) from None
    if skills is not None:
        assignment.skills.set(skills)
    if own_skills is not None:
        own_skills_set(assignment.own_skills, own_skills)
    if development_goals is not None:
        # A retired goal stays on the assignments that served it (the form no longer offers it, so
        # its absence there is no removal) but cannot be chosen anew, not even by a copy.
        kept = [g for g in assignment.development_goals.all() if not g.is_active]
        own = assignment.association.municipality_id
        chosen = [g for g in development_goals if g.is_active and g.municipality_id == own]
        assignment.development_goals.set([*kept, *chosen])
    return assignment


def refresh_search_vectors(queryset) -> None:
    """Recompute the search documents of the assignments in `queryset` by the database's current rules.

    Not needed after a write: the database keeps the documents itself (PostgreSQL by triggers,
    migration 0013; SQLite by the FTS5 triggers of assignments.search_sqlite). Useful after the
    search configuration changed (`manage.py search_setup` does it). Input: a queryset of
    assignments. Output: None. Does nothing on SQLite, whose triggers keep its index.
    """
    if connection.vendor == "postgresql":
        from assignments import search_pg

        search_pg.refresh(queryset)


@transaction.atomic
def assignment_create(
    *, association: Association, by: User, skills=(), own_skills=(), development_goals=(), **fields
) -> Assignment:
    """Save a new assignment as a draft. Unverified associations may prepare drafts too."""
    ensure_can_manage(by, association)
    assignment = Assignment(association=association, created_by=by, status=Assignment.Status.DRAFT)
    for name, value in fields.items():
        if name not in EDITABLE_FIELDS:
            raise ValueError(f"{name} is not an editable field")
        setattr(assignment, name, value)
    _validate(assignment)
    return _save(assignment, skills, development_goals, own_skills)


# What matching looks at: a change to these may make the assignment fit new people.
REMATCHED_FIELDS = {"locality", "category", "starts_at", "deadline", "compensation", "title", "description"}


@transaction.atomic
def assignment_update(
    *,
    assignment: Assignment,
    by: User,
    skills=None,
    own_skills=None,
    development_goals=None,
    rematch: bool = True,
    **fields,
) -> Assignment:
    """Change an assignment. Residents who claimed it hear of new times, place, pay, meeting point,
    what to bring or contact person (NOTIFIED_FIELDS); new places go to the waiting list first.

    rematch=False leaves out finding new people it fits: a series' later occurrences, whose
    first coming one is matched for them all (series_update_coming)."""
    ensure_can_manage(by, assignment.association)
    assignment = _lock(assignment)
    if assignment.status not in (Assignment.Status.DRAFT, Assignment.Status.PUBLISHED, Assignment.Status.FILLED):
        raise TransitionError(
            _("Ett uppdrag som är %(status)s kan inte ändras.") % {"status": assignment.get_status_display().lower()}
        )
    changed = set()
    for name, value in fields.items():
        if name not in EDITABLE_FIELDS:
            raise ValueError(f"{name} is not an editable field")
        if getattr(assignment, name) != value:
            changed.add(name)
            setattr(assignment, name, value)
    _validate(assignment)
    _save(assignment, skills, development_goals, own_skills)
    if assignment.status in (Assignment.Status.PUBLISHED, Assignment.Status.FILLED):
        # More places: those in line get them first; then the status follows the places.
        waitlist.waitlist_hand_on(assignment)
    if changed & NOTIFIED_FIELDS and assignment.status != Assignment.Status.DRAFT:
        notify.assignment_changed(assignment, sorted(changed & NOTIFIED_FIELDS))
    rematched = changed & REMATCHED_FIELDS or skills is not None
    if rematch and assignment.status == Assignment.Status.PUBLISHED and rematched:
        # It may fit people it did not fit before; those already told are not told again.
        notify.assignment_published(assignment)
    return assignment


@transaction.atomic
def assignment_publish(*, assignment: Assignment, by: User, match: bool = True) -> Assignment:
    """Publish a draft. match=False marks it matched without telling anyone: a series' other
    occurrences, published with the first one that is matched (series_publish)."""
    ensure_can_manage(by, assignment.association)
    assignment = _lock(assignment)
    if assignment.association.is_suspended:
        raise TransitionError(
            _(
                "Kommunen har stängt av föreningen, så den kan inte publicera uppdrag nu. "
                "Uppdraget är sparat som utkast."
            )
        )
    if not assignment.association.is_verified:
        raise TransitionError(
            _("Föreningen kan publicera uppdrag när kommunen har godkänt den. Uppdraget är sparat som utkast.")
        )
    if assignment.status != Assignment.Status.DRAFT:
        raise TransitionError(_("Bara utkast kan publiceras."))
    if assignment.is_past():
        raise TransitionError(_("Tiden för uppdraget har redan passerat. Ändra datumet innan du publicerar."))
    assignment.status = Assignment.Status.PUBLISHED
    assignment.published_at = timezone.now()
    if match:
        assignment.save(update_fields=["status", "published_at", "updated_at"])
        notify.assignment_published(assignment)
    else:
        assignment.matched_at = assignment.published_at
        assignment.save(update_fields=["status", "published_at", "matched_at", "updated_at"])
    return assignment


@transaction.atomic
def assignment_cancel(*, assignment: Assignment, by: User, reason: str) -> Assignment:
    ensure_can_manage(by, assignment.association)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Skriv varför uppdraget ställs in, så att de som anmält sig förstår.")})
    assignment = _lock(assignment)
    if assignment.status not in (Assignment.Status.PUBLISHED, Assignment.Status.FILLED):
        raise TransitionError(_("Bara publicerade uppdrag kan ställas in."))
    affected = list(assignment.claims.filter(status__in=OPEN_CLAIM_STATUSES).select_related("resident"))
    assignment.claims.filter(status__in=OPEN_CLAIM_STATUSES).update(
        status=Claim.Status.CANCELLED, updated_at=timezone.now()
    )
    assignment.status = Assignment.Status.CANCELLED
    assignment.cancelled_at = timezone.now()
    assignment.cancel_reason = reason
    assignment.places_taken = assignment.claims.filter(status__in=TAKEN_STATUSES).count()
    assignment.save(update_fields=["status", "cancelled_at", "cancel_reason", "places_taken", "updated_at"])
    notify.assignment_cancelled(assignment, [claim.resident for claim in affected])
    # Those in line hear that there will be no place, and offered places are no longer held.
    waitlist.waitlist_close(assignment)
    return assignment


@transaction.atomic
def assignment_complete(*, assignment: Assignment, by: User) -> Assignment:
    ensure_can_manage(by, assignment.association)
    assignment = _lock(assignment)
    if assignment.status not in (Assignment.Status.PUBLISHED, Assignment.Status.FILLED):
        raise TransitionError(_("Bara publicerade uppdrag kan markeras som genomförda."))
    if not assignment.work_may_have_happened():
        raise TransitionError(_("Uppdraget kan markeras som genomfört först när det har börjat."))
    assignment.status = Assignment.Status.COMPLETED
    assignment.completed_at = timezone.now()
    assignment.save(update_fields=["status", "completed_at", "updated_at"])
    return assignment


@transaction.atomic
def assignment_copy(*, assignment: Assignment, by: User) -> Assignment:
    """A new draft with the same content, for an assignment that comes back."""
    ensure_can_manage(by, assignment.association)
    copy = Assignment(association=assignment.association, created_by=by, status=Assignment.Status.DRAFT)
    for name in EDITABLE_FIELDS:
        setattr(copy, name, getattr(assignment, name))
    copy.title = _("%(title)s (kopia)") % {"title": assignment.title}
    copy.title = copy.title[: Assignment._meta.get_field("title").max_length]
    own_words = [own.name for own in assignment.own_skills.all()]
    return _save(copy, list(assignment.skills.all()), list(assignment.development_goals.all()), own_words)


@transaction.atomic
def expire_passed_assignments(*, now: datetime | None = None) -> dict[str, int]:
    """Move assignments whose end or deadline has passed on from "published" or "filled".

    Input: `now` (default: the current time). Output: how many became "expired" and
    how many "completed", and how many pending claims on them were closed. Nobody
    accepted: expired. Someone accepted (places_taken counts accepted, done and
    confirmed claims): completed, as the association would mark it; residents report
    hours and the association confirms them afterwards as before, since those steps
    look at the claim, not at the assignment's status. A sign-up still waiting for an
    answer can no longer be accepted, so it is closed ("cancelled") instead of waiting
    for ever, and the resident is told (inbox, and e-mail unless turned off). Runs hourly
    (beat) and by `manage.py notify expire`; safe to run again.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    ended = Assignment.objects.filter(
        Q(deadline__lt=today) | Q(ends_at__lt=now),
        status__in=(Assignment.Status.PUBLISHED, Assignment.Status.FILLED),
    )
    ended_ids = list(ended.values_list("pk", flat=True))
    waiting = list(
        Claim.objects.filter(assignment_id__in=ended_ids, status=Claim.Status.PENDING).select_related(
            "resident", "assignment__association"
        )
    )
    # Close only those still waiting now: one accepted meanwhile keeps its place.
    still_waiting = Claim.objects.select_for_update().filter(
        pk__in=[claim.pk for claim in waiting], status=Claim.Status.PENDING
    )
    closing = set(still_waiting.values_list("pk", flat=True))
    closed = Claim.objects.filter(pk__in=closing, status=Claim.Status.PENDING).update(
        status=Claim.Status.CANCELLED, updated_at=now
    )
    for claim in waiting:
        if claim.pk in closing:
            notify.claim_lapsed(claim)
    # Lines of assignments that have begun or ended close first: no place will come free in time,
    # and a place that was only offered no longer keeps the assignment "filled".
    waitlist.close_begun(now=now)
    expired = Assignment.objects.filter(pk__in=ended_ids, status=Assignment.Status.PUBLISHED, places_taken=0).update(
        status=Assignment.Status.EXPIRED, updated_at=now
    )
    completed = Assignment.objects.filter(pk__in=ended_ids, places_taken__gt=0).update(
        status=Assignment.Status.COMPLETED, completed_at=now, updated_at=now
    )
    return {"expired": expired, "completed": completed, "claims_closed": closed}


# Series: an assignment that comes back -------------------------------------------------------

# Statuses of an occurrence that a change or cancellation of "this and all coming" reaches.
SERIES_CHANGEABLE = (Assignment.Status.DRAFT, Assignment.Status.PUBLISHED, Assignment.Status.FILLED)


@transaction.atomic
def assignment_series_create(
    *,
    association: Association,
    by: User,
    repeat: str,
    weekdays: list[int] = (),
    until=None,
    occurrences: list[tuple[datetime, datetime]],
    skills=(),
    own_skills=(),
    development_goals=(),
    **fields,
) -> AssignmentSeries:
    """Save a repeating assignment: the series and one draft assignment per occurrence, all or none.

    Inputs: the assignment's fields as assignment_create takes them (their starts_at/ends_at are
    ignored); `repeat`, `weekdays` (ISO, Monday = 1) and `until` to remember the rule; `occurrences`,
    the (starts_at, ends_at) of each, aware, as assignments.series.occurrence_moments makes them.
    Output: the series. Every occurrence is its own assignment with its own places and sign-ups;
    publish them with series_publish. Raises PermissionDenied or ValidationError (nothing saved).
    """
    ensure_can_manage(by, association)
    if not 2 <= len(occurrences) <= MAX_OCCURRENCES:
        raise ValidationError(
            _("Ett återkommande uppdrag har mellan 2 och %(max)s tillfällen.") % {"max": MAX_OCCURRENCES}
        )
    series = AssignmentSeries.objects.create(
        association=association,
        repeat=repeat,
        weekdays=",".join(str(day) for day in sorted(set(weekdays))),
        until=until,
        created_by=by,
    )
    fields = {name: value for name, value in fields.items() if name not in ("starts_at", "ends_at", "deadline")}
    for name in fields:
        if name not in EDITABLE_FIELDS:
            raise ValueError(f"{name} is not an editable field")
    for index, (starts_at, ends_at) in enumerate(occurrences):
        assignment = Assignment(
            association=association, created_by=by, status=Assignment.Status.DRAFT, series=series, **fields
        )
        assignment.starts_at, assignment.ends_at, assignment.deadline = starts_at, ends_at, None
        if index == 0:
            _validate(assignment)  # the rest differ only in their times
        else:
            assignment.full_clean(exclude=["association", "created_by", "series", "category", "locality"])
        _save(assignment, skills, development_goals, own_skills)
    return series


def series_coming(assignment: Assignment, *, now: datetime | None = None):
    """This occurrence and the later ones of its series that can still change: not begun, and a
    draft, published or filled (not cancelled, completed or expired). Ordered by time."""
    now = now or timezone.now()
    return Assignment.objects.filter(
        series_id=assignment.series_id,
        association_id=assignment.association_id,
        starts_at__gte=assignment.starts_at,
        starts_at__gt=now,
        status__in=SERIES_CHANGEABLE,
    ).order_by("starts_at", "pk")


@transaction.atomic
def series_publish(*, series: AssignmentSeries, by: User) -> list[Assignment]:
    """Publish every draft occurrence of a series that has not begun.

    Only the first of them is matched (people it fits hear of it once, not once a week); the
    others are marked matched. Output: the published occurrences, in order. Raises
    PermissionDenied, or TransitionError when the association cannot publish or no draft is left.
    """
    ensure_can_manage(by, series.association)
    drafts = list(
        series.occurrences.filter(status=Assignment.Status.DRAFT, starts_at__gt=timezone.now()).order_by("starts_at")
    )
    if not drafts:
        raise TransitionError(_("Det finns inga kommande utkast att publicera i serien."))
    return [assignment_publish(assignment=a, by=by, match=index == 0) for index, a in enumerate(drafts)]


def _with_clock_of(moment: datetime, *, on: datetime) -> datetime:
    """`moment`'s wall-clock time (Europe/Stockholm) on the local date of `on`; refuses a time that does
    not exist that day (uppdragsbanken.fields.local_datetime) with the date named."""
    local = timezone.localtime(moment)
    return local_datetime(timezone.localtime(on).date(), local.time())[0]


@transaction.atomic
def series_update_coming(
    *, assignment: Assignment, by: User, skills=None, own_skills=None, development_goals=None, **fields
) -> list[Assignment]:
    """Change this occurrence, and make the same changes to every later one that can still change.

    Inputs as assignment_update. This occurrence gets every field as given. Each later one (not
    begun; draft, published or filled: series_coming) gets only what differs from this occurrence
    as it was, so a field changed on one occurrence alone stays as it is there; a new clock time
    is the same wall-clock time on each occurrence's own date (a new date moves only this one).
    Each is changed through assignment_update, so residents signed up to a changed occurrence are
    told of a new time or place (one notice per occurrence), and fewer places than are taken are
    refused. Output: the changed occurrences. Raises PermissionDenied, TransitionError or
    ValidationError (naming the occurrence's date); then nothing is changed.
    """
    ensure_can_manage(by, assignment.association)
    if assignment.series_id is None:
        raise TransitionError(_("Uppdraget hör inte till något återkommande uppdrag."))
    before = Assignment.objects.get(pk=assignment.pk)
    before_skills = (
        {s.pk for s in before.skills.all()},
        {o.key for o in before.own_skills.all()},
        {g.pk for g in before.development_goals.all()},
    )
    later = list(series_coming(before).exclude(pk=before.pk))
    changed = {name: value for name, value in fields.items() if getattr(before, name) != value}
    new_times = changed.keys() & {"starts_at", "ends_at"}
    for name in ("starts_at", "ends_at", "deadline"):
        changed.pop(name, None)
    extra = {}
    if skills is not None and {s.pk for s in skills} != before_skills[0]:
        extra["skills"] = skills
    if own_skills is not None and {w.lower() for w in own_skills} != before_skills[1]:
        extra["own_skills"] = own_skills
    if development_goals is not None and {g.pk for g in development_goals} != before_skills[2]:
        extra["development_goals"] = development_goals
    done = [
        assignment_update(
            assignment=before,
            by=by,
            skills=skills,
            own_skills=own_skills,
            development_goals=development_goals,
            **fields,
        )
    ]
    for occurrence in later:
        values = dict(changed)
        try:
            if new_times and fields.get("starts_at") and fields.get("ends_at"):
                values["starts_at"] = _with_clock_of(fields["starts_at"], on=occurrence.starts_at)
                values["ends_at"] = _with_clock_of(fields["ends_at"], on=occurrence.starts_at)
            if not values and not extra:
                continue
            done.append(assignment_update(assignment=occurrence, by=by, rematch=False, **extra, **values))
        except ValidationError as error:
            when = formats.date_format(timezone.localtime(occurrence.starts_at), "j F Y")
            raise ValidationError(
                [_("Tillfället %(date)s: %(error)s") % {"date": when, "error": message} for message in error.messages]
            ) from None
    return done


@transaction.atomic
def series_cancel_coming(*, assignment: Assignment, by: User, reason: str) -> list[Assignment]:
    """Cancel this occurrence and every later published or filled one of its series that has not begun.

    Each is cancelled through assignment_cancel: its sign-ups end and the residents are told, with
    the reason, per occurrence. Drafts among the later ones stay drafts (a draft cannot be
    cancelled; nobody has seen it). Output: the cancelled occurrences. Raises PermissionDenied,
    ValidationError (no reason) or TransitionError (this one cannot be cancelled); then nothing
    is cancelled.
    """
    ensure_can_manage(by, assignment.association)
    if assignment.series_id is None:
        raise TransitionError(_("Uppdraget hör inte till något återkommande uppdrag."))
    cancelled = [assignment_cancel(assignment=assignment, by=by, reason=reason)]
    later = series_coming(assignment).exclude(pk=assignment.pk).exclude(status=Assignment.Status.DRAFT)
    for occurrence in later:
        cancelled.append(assignment_cancel(assignment=occurrence, by=by, reason=reason))
    return cancelled


# Claims ----------------------------------------------------------------------------------


def _ensure_may_claim(user: User, assignment: Assignment) -> None:
    ensure_verified(user)
    # Members who handle claims would be choosing themselves: they cannot claim
    # their own association's assignments. Ordinary members can.
    if AssociationMembership.objects.filter(
        user=user, association_id=assignment.association_id, role__in=MANAGERS
    ).exists():
        raise TransitionError(_("Du sköter föreningens uppdrag och kan därför inte anmäla dig till dem själv."))


def claim_create(*, assignment: Assignment, resident: User, message: str = "") -> Claim:
    """Claim an assignment. First come first served accepts at once while places remain."""
    _ensure_may_claim(resident, assignment)
    return _claim(assignment=assignment, resident=resident, message=message)


@transaction.atomic
def claim_register(
    *, assignment: Assignment, resident: User, by: User, resident_agreed: bool, message: str = ""
) -> Claim:
    """A coordinator or admin (`by`) signs `resident` up, after the resident called or came by.

    Inputs: the assignment; the resident (an account found by its verified address, or the
    login-less account of a person without a computer, offline.models.OfflineResident); the
    manager acting; `resident_agreed`, the tick that the resident said yes to being signed up
    (refused without it); a note for the association. The claim goes through the same rules
    and the same row lock as a resident's own sign-up (`_claim`: open for claims, places, one
    live claim per person) and is marked `registered_by`/`registered_at`. Output: the Claim.
    Raises PermissionDenied (not a manager of the association), ValidationError
    ({"resident_agreed": ...}) or TransitionError.
    """
    ensure_can_manage(by, assignment.association)
    if not resident_agreed:
        raise ValidationError(
            {"resident_agreed": _("Kryssa i att invånaren har sagt ja. Utan det kan du inte anmäla hen.")}
        )
    offline_record = getattr(resident, "offline_record", None)
    # A person without an account belongs to the association that registered them: another
    # association keeps its own record of them (offline.models.OfflineResident).
    usable = resident.is_active or (
        offline_record is not None and offline_record.association_id == assignment.association_id
    )
    if resident.erased_at is not None or not usable:
        raise TransitionError(_("Det här kontot kan inte anmälas till uppdrag."))
    if AssociationMembership.objects.filter(
        user=resident, association_id=assignment.association_id, role__in=MANAGERS
    ).exists():
        raise TransitionError(
            _("%(name)s sköter föreningens uppdrag och kan därför inte anmälas till dem.")
            % {"name": resident.display_name}
        )
    return _claim(assignment=assignment, resident=resident, message=message, registered_by=by)


@transaction.atomic
def _claim(*, assignment: Assignment, resident: User, message: str, registered_by: User | None = None) -> Claim:
    """The one way a claim is made, by the resident or for them (`registered_by`): holds the
    assignment's row lock while it checks the rules and takes a place. Raises TransitionError."""
    for_someone = registered_by is not None
    assignment = _lock(assignment)
    waitlist.waitlist_hand_on(assignment)  # a lapsed offer is passed on before anyone else may claim
    if assignment.association.is_suspended:
        raise TransitionError(
            _("Anmälan är pausad: kommunen har stängt av %(name)s tills vidare. Försök igen senare.")
            % {"name": assignment.association.name}
        )
    if assignment.status == Assignment.Status.FILLED:
        raise TransitionError(_("Tyvärr, alla platser är redan tagna."))
    if assignment.status != Assignment.Status.PUBLISHED:
        raise TransitionError(
            _("Det går inte att anmäla sig: uppdraget är %(status)s.")
            % {"status": assignment.get_status_display().lower()}
        )
    if assignment.claims_closed():
        raise TransitionError(_("Uppdraget har redan börjat, så det går inte att anmäla sig längre."))
    first_come = assignment.claim_mode == Assignment.ClaimMode.FIRST_COME
    if first_come and assignment.places_left <= 0:
        raise TransitionError(_("Tyvärr, alla platser är redan tagna."))
    if assignment.claims.filter(resident=resident, status=Claim.Status.DECLINED).exists():
        raise TransitionError(
            _("Föreningen har redan tackat nej till en anmälan från den här personen till uppdraget.")
            if for_someone
            else _("Föreningen har redan svarat på din anmälan till det här uppdraget.")
        )
    if assignment.waiting_list.filter(resident=resident, status=WaitingListEntry.Status.OFFERED).exists():
        raise TransitionError(_("Du har redan fått en plats erbjuden. Svara på erbjudandet under Mina uppdrag."))
    claim = Claim(assignment=assignment, resident=resident, message=message.strip())
    if for_someone:
        claim.registered_by, claim.registered_at = registered_by, timezone.now()
    if first_come:
        claim.status = Claim.Status.ACCEPTED
        claim.decided_at = timezone.now()
    try:
        with transaction.atomic():
            claim.save()
    except IntegrityError:
        raise TransitionError(
            _("%(name)s är redan anmäld till det här uppdraget.") % {"name": resident.display_name}
            if for_someone
            else _("Du har redan anmält dig till det här uppdraget.")
        ) from None
    if first_come:
        _take_place(assignment)
    if for_someone:
        notify.claim_registered(claim)
    else:
        notify.claim_created(claim)
    return claim


def _take_place(assignment: Assignment) -> None:
    """Count one more accepted claim. Call holding the assignment's row lock.

    The counter moves in SQL (places_taken + 1), so even without the lock the
    database's CHECK (places_taken <= slots) refuses a place that is not there.
    """
    try:
        with transaction.atomic():
            Assignment.objects.filter(pk=assignment.pk).update(
                places_taken=F("places_taken") + 1, updated_at=timezone.now()
            )
    except IntegrityError:
        raise TransitionError(_("Tyvärr, alla platser är redan tagna.")) from None
    assignment.refresh_from_db(fields=["places_taken", "places_offered", "status"])
    _settle_status(assignment)


def _settle_status(assignment: Assignment) -> None:
    """ "Filled" while every place is taken or offered from the waiting list, "published" when one
    is free. Only moves between those two. Call holding the row lock, with the counters fresh."""
    full = assignment.places_left <= 0
    if full and assignment.status == Assignment.Status.PUBLISHED:
        assignment.status = Assignment.Status.FILLED
    elif not full and assignment.status == Assignment.Status.FILLED:
        assignment.status = Assignment.Status.PUBLISHED
    else:
        return
    Assignment.objects.filter(pk=assignment.pk).update(status=assignment.status, updated_at=timezone.now())


def _free_place(assignment: Assignment) -> None:
    """One accepted claim fewer; the place goes to the first in line (assignments.waiting), or
    a filled assignment opens again. Call holding the row lock. Every path that frees a taken
    place comes through here."""
    Assignment.objects.filter(pk=assignment.pk, places_taken__gt=0).update(
        places_taken=F("places_taken") - 1, updated_at=timezone.now()
    )
    assignment.refresh_from_db(fields=["places_taken", "places_offered", "status"])
    waitlist.waitlist_hand_on(assignment)


def _locked_claim(claim: Claim) -> tuple[Claim, Assignment]:
    assignment = _lock(claim.assignment)
    claim = Claim.objects.select_for_update().select_related("resident").get(pk=claim.pk)
    claim.assignment = assignment
    return claim, assignment


@transaction.atomic
def claim_accept(*, claim: Claim, by: User, message: str = "") -> Claim:
    ensure_can_manage(by, claim.assignment.association)
    claim, assignment = _locked_claim(claim)
    if claim.status != Claim.Status.PENDING:
        raise TransitionError(_("Bara väntande anmälningar kan godkännas."))
    if assignment.association.is_suspended:
        # A suspension stops places being given, not only new sign-ups (the row is locked with the assignment).
        raise TransitionError(_("Föreningen är avstängd av kommunen, så ingen kan få uppdraget just nu."))
    if assignment.status != Assignment.Status.PUBLISHED or assignment.places_left <= 0:
        raise TransitionError(_("Alla platser är redan tillsatta."))
    claim.status = Claim.Status.ACCEPTED
    claim.decided_by, claim.decided_at, claim.decision_message = by, timezone.now(), message.strip()
    claim.save(update_fields=["status", "decided_by", "decided_at", "decision_message", "updated_at"])
    _take_place(assignment)
    notify.claim_decided(claim)
    return claim


@transaction.atomic
def claim_decline(*, claim: Claim, by: User, message: str = "") -> Claim:
    ensure_can_manage(by, claim.assignment.association)
    claim, assignment = _locked_claim(claim)
    if claim.status != Claim.Status.PENDING:
        raise TransitionError(_("Bara väntande anmälningar kan avböjas."))
    claim.status = Claim.Status.DECLINED
    claim.decided_by, claim.decided_at, claim.decision_message = by, timezone.now(), message.strip()
    claim.save(update_fields=["status", "decided_by", "decided_at", "decision_message", "updated_at"])
    notify.claim_decided(claim)
    return claim


@transaction.atomic
def claim_withdraw(*, claim: Claim, by: User) -> Claim:
    if claim.resident_id != by.pk:
        raise PermissionDenied(_("Du kan bara ta tillbaka dina egna anmälningar."))
    claim, assignment = _locked_claim(claim)
    if claim.status not in OPEN_CLAIM_STATUSES:
        raise TransitionError(_("Den här anmälan kan inte tas tillbaka längre."))
    if assignment.claims_closed():
        raise TransitionError(_("Uppdraget har redan börjat. Kontakta föreningen om du inte kan komma."))
    was_accepted = claim.status == Claim.Status.ACCEPTED
    claim.status = Claim.Status.WITHDRAWN
    claim.save(update_fields=["status", "updated_at"])
    if was_accepted:
        _free_place(assignment)
    notify.claim_withdrawn(claim)
    return claim


def _check_hours(hours: Decimal, field: str) -> Decimal:
    if hours is None or hours <= 0 or hours > 500:
        raise ValidationError({field: _("Skriv antalet timmar, till exempel 2,5.")})
    return hours.quantize(Decimal("0.1"))


@transaction.atomic
def claim_report_hours(*, claim: Claim, by: User, hours: Decimal) -> Claim:
    if claim.resident_id != by.pk:
        raise PermissionDenied(_("Du kan bara rapportera timmar för dina egna uppdrag."))
    hours = _check_hours(hours, "hours")
    return _report_hours(claim, hours)


@transaction.atomic
def claim_report_hours_for(*, claim: Claim, by: User, hours: Decimal) -> Claim:
    """A coordinator or admin reports the hours a resident told them by phone or in person.

    The same step as the resident's own report (accepted → done, once the work may have
    happened), marked `hours_reported_by`; the association then confirms as usual. Inputs:
    the claim, the manager acting, the hours (Decimal, > 0 and ≤ 500). Output: the Claim.
    Raises PermissionDenied, ValidationError ({"hours": ...}) or TransitionError."""
    ensure_can_manage(by, claim.assignment.association)
    hours = _check_hours(hours, "hours")
    return _report_hours(claim, hours, reported_by=by)


@transaction.atomic
def claim_withdraw_for(*, claim: Claim, by: User) -> Claim:
    """A coordinator or admin withdraws a sign-up for the resident, who called to say they cannot
    come: the same step as the resident's own withdrawal (before the assignment starts; an
    accepted place opens again), for people without an account above all, who cannot log in to
    do it. The other managers hear of it. Inputs: the claim, the manager acting. Output: the
    Claim. Raises PermissionDenied or TransitionError."""
    ensure_can_manage(by, claim.assignment.association)
    claim, assignment = _locked_claim(claim)
    if claim.status not in OPEN_CLAIM_STATUSES:
        raise TransitionError(_("Den här anmälan kan inte tas tillbaka längre."))
    if assignment.claims_closed():
        raise TransitionError(_("Uppdraget har redan börjat, så anmälan kan inte tas tillbaka."))
    was_accepted = claim.status == Claim.Status.ACCEPTED
    claim.status = Claim.Status.WITHDRAWN
    claim.save(update_fields=["status", "updated_at"])
    if was_accepted:
        _free_place(assignment)
    notify.claim_withdrawn(claim, by=by)
    return claim


def _report_hours(claim: Claim, hours: Decimal, *, reported_by: User | None = None) -> Claim:
    claim, assignment = _locked_claim(claim)
    if claim.status != Claim.Status.ACCEPTED:
        raise TransitionError(
            _("Timmar kan rapporteras för anmälningar som har fått uppdraget och inte redan är klara.")
            if reported_by
            else _("Du kan rapportera timmar för uppdrag som du har fått och som inte redan är klara.")
        )
    if not assignment.work_may_have_happened():
        raise TransitionError(_("Du kan rapportera timmar när uppdraget har börjat."))
    claim.status = Claim.Status.DONE
    claim.hours_reported = hours
    claim.hours_reported_by = reported_by
    claim.save(update_fields=["status", "hours_reported", "hours_reported_by", "updated_at"])
    notify.hours_reported(claim, by=reported_by)
    return claim


@transaction.atomic
def claim_confirm(*, claim: Claim, by: User, hours: Decimal, reference_text: str = "") -> Claim:
    """The association confirms the work was done, with the hours (as reported, or corrected).

    For the claim of a deleted person (its resident is an anonymous account, `erased_at`
    set, see members.services.user_delete) the hours are confirmed, so the figures count
    them, but no reference text is kept, since it could name the person again, and no
    milestones are recorded on the anonymous account: nobody follows its way to work.
    Raises PermissionDenied, ValidationError (hours) or TransitionError."""
    ensure_can_manage(by, claim.assignment.association)
    hours = _check_hours(hours, "hours")
    claim, assignment = _locked_claim(claim)
    if claim.status not in (Claim.Status.ACCEPTED, Claim.Status.DONE):
        raise TransitionError(_("Bara antagna anmälningar kan bekräftas som utförda."))
    if not assignment.work_may_have_happened():
        raise TransitionError(_("Arbetet kan bekräftas när uppdraget har börjat."))
    erased = claim.resident.erased_at is not None
    claim.status = Claim.Status.CONFIRMED
    claim.hours_confirmed = hours
    claim.reference_text = "" if erased else reference_text.strip()
    claim.decided_by, claim.decided_at = by, timezone.now()
    claim.save(update_fields=["status", "hours_confirmed", "reference_text", "decided_by", "decided_at", "updated_at"])
    notify.claim_confirmed(claim)
    if not erased:
        # The first and third confirmed assignment are steps on the resident's way to work.
        from pathways.services import record_automatic_milestones

        record_automatic_milestones(claim.resident_id)
    return claim
