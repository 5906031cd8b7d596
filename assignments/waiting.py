"""The waiting list of a full assignment: one function per transition, and the one that hands a freed place on.

An entry's lifecycle (assignments.models.WaitingListEntry): waiting → offered → took place |
declined | expired; waiting → took place | left | removed. Every function here takes the
assignment's row lock first (services._lock), the same lock the claim services take, so a
place is counted, offered and given in one order whatever happens at the same moment.

When a place frees up (services._free_place: a withdrawal, a deleted account; more places in
an edit; an offer declined, lapsed or gone with its account; a suspension lifted),
`waitlist_hand_on` gives it to the first in line:
- first come, first served: at once, as an accepted sign-up, and they are told;
- the association chooses: as an offer for 24 hours (never past the start or the deadline
  day), and they are told until when. Saying yes gives the place directly, as an accepted
  sign-up: the offer is made in the association's name under the rules it chose, and a
  "yes" that only led to another wait would leave the place empty and the resident unsure,
  which is what the waiting list is there to end. The association sees who is in line on
  its page and is told when the place is taken.
An offered place is held (Assignment.places_offered): it is not free to anyone else, and the
assignment stays "filled" while every place is taken or offered.
"""

import logging
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from assignments import notify
from assignments.models import LIVE_CLAIM_STATUSES, LIVE_WAITING_STATUSES, Assignment, Claim, WaitingListEntry
from members.models import User

logger = logging.getLogger(__name__)

OFFER_HOURS = 24
Entry = WaitingListEntry


def _services():
    # services.py calls into this module when a place frees up; imported when used.
    from assignments import services

    return services


def takes_places(assignment: Assignment, now: datetime) -> bool:
    """Whether places of this assignment can be given now: published or filled, its association
    not suspended, and not begun (a time window) or past its deadline day."""
    return (
        assignment.status in (Assignment.Status.PUBLISHED, Assignment.Status.FILLED)
        and not assignment.association.is_suspended
        and not assignment.claims_closed(now)
    )


def position(entry: WaitingListEntry) -> int:
    """The entry's place in line, 1 for the first; 0 when it is not waiting."""
    if entry.status != Entry.Status.WAITING:
        return 0
    before = Q(created_at__lt=entry.created_at) | Q(created_at=entry.created_at, pk__lt=entry.pk)
    ahead = Entry.objects.filter(before, assignment_id=entry.assignment_id, status=Entry.Status.WAITING)
    return ahead.count() + 1


def offer_end(assignment: Assignment, now: datetime) -> datetime:
    """Until when an offer made `now` stands: 24 hours, but never past the start of a time
    window, nor past the end of the deadline day (midnight, Europe/Stockholm)."""
    end = now + timedelta(hours=OFFER_HOURS)
    if assignment.starts_at is not None:
        return min(end, assignment.starts_at)
    day_after = timezone.make_aware(datetime.combine(assignment.deadline + timedelta(days=1), datetime.min.time()))
    return min(end, day_after)


def _may_take_place(entry: WaitingListEntry) -> bool:
    """Whether the person in line can still be given a place: an active, verified account that
    does not manage the association's assignments, without a live sign-up or a declined one."""
    from associations.models import AssociationMembership
    from associations.permissions import MANAGERS
    from uppdragsbanken.permissions import has_verified_email

    resident = entry.resident
    if not resident.is_active or resident.erased_at is not None or not has_verified_email(resident):
        return False
    if AssociationMembership.objects.filter(
        user=resident, association_id=entry.assignment.association_id, role__in=MANAGERS
    ).exists():
        return False
    blocking = (*LIVE_CLAIM_STATUSES, Claim.Status.DECLINED)
    return not Claim.objects.filter(assignment_id=entry.assignment_id, resident=resident, status__in=blocking).exists()


def _end(entry: WaitingListEntry, status: str, now: datetime, **fields) -> None:
    entry.status = status
    entry.ended_at = now
    for name, value in fields.items():
        setattr(entry, name, value)
    entry.save(update_fields=["status", "ended_at", *fields])


def _release_offer(assignment: Assignment) -> None:
    """One offered place fewer. Call holding the row lock."""
    Assignment.objects.filter(pk=assignment.pk, places_offered__gt=0).update(
        places_offered=F("places_offered") - 1, updated_at=timezone.now()
    )
    assignment.refresh_from_db(fields=["places_taken", "places_offered", "status"])


def _lapse_offers(assignment: Assignment, now: datetime) -> int:
    """Offers whose time has passed end as expired, and their places are no longer held;
    each person is told. Call holding the row lock. Returns how many lapsed."""
    lapsed = list(
        Entry.objects.select_for_update()
        .filter(assignment=assignment, status=Entry.Status.OFFERED, offered_until__lte=now)
        .select_related("resident")
    )
    for entry in lapsed:
        _end(entry, Entry.Status.EXPIRED, now)
        _release_offer(assignment)
        entry.assignment = assignment
        notify.waitlist_offer_expired(entry)
    return len(lapsed)


def waitlist_hand_on(assignment: Assignment, *, now: datetime | None = None) -> list[WaitingListEntry]:
    """Give the assignment's free places to those first in line, and settle its status.

    THE one function every path that frees a place calls. Must be called holding the
    assignment's row lock (services._lock), inside the caller's transaction; `assignment` is
    the locked row. First, offers whose time has passed lapse (told, and passed on). Then,
    while the assignment takes places (`takes_places`) and has a place nobody has or has been
    offered, the first in line (by when they joined) gets it: in first-come mode an accepted
    sign-up at once, in association-chooses mode an offer until `offer_end`; each is told
    (inbox, e-mail per their choice). Someone who can no longer take a place (see
    `_may_take_place`) is removed from the line and the next is asked. Finally the status is
    "filled" when every place is taken or offered, "published" otherwise.

    Input: the locked assignment; `now` (default: the current time). Output: the entries
    that got a place or an offer. Raises nothing of its own.
    """
    now = now or timezone.now()
    _lapse_offers(assignment, now)
    served = []
    if takes_places(assignment, now):
        first_come = assignment.claim_mode == Assignment.ClaimMode.FIRST_COME
        while assignment.places_left > 0:
            entry = (
                Entry.objects.select_for_update(of=("self",))
                .filter(assignment=assignment, status=Entry.Status.WAITING)
                .select_related("resident__profile", "assignment__association")
                .order_by("created_at", "pk")
                .first()
            )
            if entry is None:
                break
            if not _may_take_place(entry):
                _end(entry, Entry.Status.REMOVED, now)
                continue
            if first_come:
                _give_place(assignment, entry, now)
            else:
                _offer_place(assignment, entry, now)
            served.append(entry)
    _services()._settle_status(assignment)
    return served


def _give_place(assignment: Assignment, entry: WaitingListEntry, now: datetime) -> Claim:
    """First come, first served: the first in line gets an accepted sign-up."""
    claim = Claim.objects.create(
        assignment=assignment, resident=entry.resident, status=Claim.Status.ACCEPTED, decided_at=now
    )
    _services()._take_place(assignment)
    _end(entry, Entry.Status.TOOK_PLACE, now, claim=claim)
    notify.waitlist_place_given(claim)
    return claim


def _offer_place(assignment: Assignment, entry: WaitingListEntry, now: datetime) -> None:
    """The association chooses: the first in line is offered the place, which is held for them."""
    Assignment.objects.filter(pk=assignment.pk).update(places_offered=F("places_offered") + 1, updated_at=now)
    assignment.refresh_from_db(fields=["places_taken", "places_offered", "status"])
    entry.status = Entry.Status.OFFERED
    entry.offered_at = now
    entry.offered_until = offer_end(assignment, now)
    entry.save(update_fields=["status", "offered_at", "offered_until"])
    notify.waitlist_offered(entry)


def hand_on_lapsed_offers(*, now: datetime | None = None) -> dict[str, int]:
    """Pass on every offer whose time has passed, each assignment in its own transaction.

    Run every minute by beat (notifications.tasks.waiting_list_offers) and by
    `manage.py notify waiting`; the pages check the same lazily when they are read
    (`settle_if_lapsed`), so a lapsed offer never holds a place for long. Output: how many
    assignments were looked at. Safe to run again."""
    now = now or timezone.now()
    ids = list(
        Entry.objects.filter(status=Entry.Status.OFFERED, offered_until__lte=now)
        .values_list("assignment_id", flat=True)
        .distinct()
    )
    for assignment_id in ids:
        with transaction.atomic():
            assignment = _services()._lock(Assignment(pk=assignment_id))
            waitlist_hand_on(assignment, now=now)
    return {"assignments": len(ids)}


def settle_if_lapsed(assignment: Assignment, *, now: datetime | None = None) -> bool:
    """Pass on the assignment's lapsed offers now, if it has any: for pages that show it.

    Costs nothing when no place is offered (one query otherwise). Output: True when
    something was passed on; the caller reads the assignment again then."""
    now = now or timezone.now()
    if not assignment.places_offered:
        return False
    if not Entry.objects.filter(assignment=assignment, status=Entry.Status.OFFERED, offered_until__lte=now).exists():
        return False
    with transaction.atomic():
        waitlist_hand_on(_services()._lock(assignment), now=now)
    return True


# Transitions of the resident ---------------------------------------------------------------


@transaction.atomic
def waitlist_join(*, assignment: Assignment, resident: User, now: datetime | None = None) -> WaitingListEntry:
    """Stand in line for a place in a full assignment.

    Allowed when the assignment is published and every place is taken or offered ("filled"),
    it can still be signed up for by time, and its association is not suspended; not for
    someone with a live or declined sign-up on it, or who manages its association.
    Input: the assignment and the resident. Output: the new entry (status waiting).
    Raises PermissionDenied (unverified e-mail) and services.TransitionError with the reason.
    """
    services = _services()
    now = now or timezone.now()
    services._ensure_may_claim(resident, assignment)
    assignment = services._lock(assignment)
    waitlist_hand_on(assignment, now=now)  # a lapsed offer may have freed a place
    if assignment.association.is_suspended:
        raise services.TransitionError(
            _("Anmälan är pausad: kommunen har stängt av %(name)s tills vidare. Försök igen senare.")
            % {"name": assignment.association.name}
        )
    if assignment.claims_closed(now):
        raise services.TransitionError(_("Uppdraget har redan börjat, så det går inte att ställa sig i kö längre."))
    if assignment.status == Assignment.Status.PUBLISHED:
        raise services.TransitionError(_("Det finns en ledig plats. Anmäl dig direkt i stället."))
    if assignment.status != Assignment.Status.FILLED:
        raise services.TransitionError(
            _("Det går inte att ställa sig i kö: uppdraget är %(status)s.")
            % {"status": assignment.get_status_display().lower()}
        )
    claims = assignment.claims.filter(resident=resident)
    if claims.filter(status__in=LIVE_CLAIM_STATUSES).exists():
        raise services.TransitionError(_("Du har redan anmält dig till det här uppdraget."))
    if claims.filter(status=Claim.Status.DECLINED).exists():
        raise services.TransitionError(_("Föreningen har redan svarat på din anmälan till det här uppdraget."))
    entry = Entry(assignment=assignment, resident=resident, created_at=now)
    try:
        with transaction.atomic():
            entry.save()
    except IntegrityError:
        raise services.TransitionError(_("Du står redan i kön till det här uppdraget.")) from None
    return entry


def _locked_entry(entry: WaitingListEntry, by: User) -> tuple[WaitingListEntry, Assignment]:
    from django.core.exceptions import PermissionDenied

    if entry.resident_id != by.pk:
        raise PermissionDenied(_("Du kan bara svara för din egen plats i kön."))
    assignment = _services()._lock(entry.assignment)
    entry = Entry.objects.select_for_update().select_related("resident").get(pk=entry.pk)
    entry.assignment = assignment
    return entry, assignment


@transaction.atomic
def waitlist_leave(*, entry: WaitingListEntry, by: User, now: datetime | None = None) -> WaitingListEntry:
    """Step out of line. An offer standing is declined (and passed on) instead.

    Input: the entry and its resident. Output: the entry, left (or declined). Raises
    PermissionDenied for anyone else and services.TransitionError when it is no longer live."""
    now = now or timezone.now()
    entry, assignment = _locked_entry(entry, by)
    if entry.status == Entry.Status.OFFERED:
        return _decline(entry, assignment, now)
    if entry.status != Entry.Status.WAITING:
        raise _services().TransitionError(_("Du står inte längre i kön till det här uppdraget."))
    _end(entry, Entry.Status.LEFT, now)
    return entry


def _decline(entry: WaitingListEntry, assignment: Assignment, now: datetime) -> WaitingListEntry:
    _end(entry, Entry.Status.DECLINED, now)
    _release_offer(assignment)
    waitlist_hand_on(assignment, now=now)
    return entry


@transaction.atomic
def waitlist_offer_decline(*, entry: WaitingListEntry, by: User, now: datetime | None = None) -> WaitingListEntry:
    """Say no to an offered place: it passes to the next in line at once.

    Raises PermissionDenied for anyone but the resident and services.TransitionError when
    there is no offer standing (answered, lapsed or withdrawn)."""
    now = now or timezone.now()
    entry, assignment = _locked_entry(entry, by)
    if entry.status != Entry.Status.OFFERED:
        raise _services().TransitionError(_("Erbjudandet gäller inte längre."))
    return _decline(entry, assignment, now)


def waitlist_offer_accept(*, entry: WaitingListEntry, by: User, now: datetime | None = None) -> Claim:
    """Take an offered place: it becomes an accepted sign-up at once (see the module's note on why).

    Input: the entry and its resident; `now` (default: the current time). Output: the new
    accepted Claim; the association is told, and so is the resident. Raises PermissionDenied
    for anyone else, and services.TransitionError when the offer is no longer live: answered,
    lapsed (it then passes on, and that is kept even though this call fails), the assignment
    begun, cancelled or its association suspended.
    """
    services = _services()
    now = now or timezone.now()
    with transaction.atomic():
        entry, assignment = _locked_entry(entry, by)
        lapsed = entry.status == Entry.Status.OFFERED and not entry.offer_is_live(now)
        if lapsed:
            waitlist_hand_on(assignment, now=now)
        else:
            claim = _accept(entry, assignment, now, services)
    if lapsed:
        raise services.TransitionError(_("Tiden för erbjudandet har gått ut, så platsen har gått vidare i kön."))
    return claim


def _accept(entry: WaitingListEntry, assignment: Assignment, now: datetime, services) -> Claim:
    if entry.status != Entry.Status.OFFERED:
        raise services.TransitionError(_("Erbjudandet gäller inte längre."))
    if assignment.association.is_suspended:
        raise services.TransitionError(_("Föreningen är avstängd av kommunen, så ingen kan få uppdraget just nu."))
    if not takes_places(assignment, now):
        raise services.TransitionError(_("Uppdraget tar inte emot fler längre."))
    claim = Claim(assignment=assignment, resident=entry.resident, status=Claim.Status.ACCEPTED, decided_at=now)
    try:
        with transaction.atomic():
            claim.save()
    except IntegrityError:
        raise services.TransitionError(_("Du har redan anmält dig till det här uppdraget.")) from None
    # The held place becomes a taken one in one statement: the CHECK constraints see both move.
    Assignment.objects.filter(pk=assignment.pk).update(
        places_offered=F("places_offered") - 1, places_taken=F("places_taken") + 1, updated_at=now
    )
    assignment.refresh_from_db(fields=["places_taken", "places_offered", "status"])
    _end(entry, Entry.Status.TOOK_PLACE, now, claim=claim)
    services._settle_status(assignment)
    notify.claim_created(claim)
    return claim


# When the assignment or the person goes ------------------------------------------------------


def waitlist_close(assignment: Assignment, *, now: datetime | None = None, tell: bool = True) -> int:
    """End the assignment's line: every live entry is removed, offered places are no longer
    held, and those in line are told (unless `tell` is False). For a cancelled assignment, and
    one that has begun or ended. Call holding the row lock. Output: how many entries ended."""
    now = now or timezone.now()
    live = list(Entry.objects.select_for_update().filter(assignment=assignment, status__in=LIVE_WAITING_STATUSES))
    if not live:
        return 0
    Entry.objects.filter(pk__in=[e.pk for e in live]).update(status=Entry.Status.REMOVED, ended_at=now)
    Assignment.objects.filter(pk=assignment.pk).update(places_offered=0)
    assignment.places_offered = 0
    _services()._settle_status(assignment)  # a place that was only offered is free again
    if tell:
        notify.waitlist_closed(assignment, [User(pk=e.resident_id, is_active=True) for e in live])
    return len(live)


def close_begun(*, now: datetime | None = None) -> int:
    """Close the lines of assignments that can no longer be signed up for by time (begun, or
    past the deadline day) or are no longer open (completed, expired), telling those in line
    that no place came free. Run with the hourly expiry. Output: how many entries ended."""
    now = now or timezone.now()
    ids = list(
        Assignment.objects.filter(waiting_list__status__in=LIVE_WAITING_STATUSES)
        .exclude(_still_open_q(now))
        .values_list("pk", flat=True)
        .distinct()
    )
    ended = 0
    for pk in ids:
        with transaction.atomic():
            assignment = _services()._lock(Assignment(pk=pk))
            if not assignment.claims_closed(now) and assignment.status in _LINE_STATUSES:
                continue  # changed meanwhile: still in time
            ended += waitlist_close(assignment, now=now)
    return ended


_LINE_STATUSES = (Assignment.Status.PUBLISHED, Assignment.Status.FILLED)


def _still_open_q(now: datetime) -> Q:
    """Published or full and not begun (a suspension only pauses it): the line stays."""
    today = timezone.localdate(now)
    in_time = Q(starts_at__gt=now) | Q(starts_at__isnull=True, deadline__gte=today)
    return Q(status__in=_LINE_STATUSES) & in_time


def entries_release_for_account_deletion(user: User, *, now: datetime | None = None) -> None:
    """Take a deleted person out of every line: their entries go, and an offer they held passes
    on to the next in line. Called by members.services.user_delete before the account goes."""
    now = now or timezone.now()
    live = Entry.objects.filter(resident=user, status__in=LIVE_WAITING_STATUSES)
    for assignment_id in sorted(set(live.values_list("assignment_id", flat=True))):
        assignment = _services()._lock(Assignment(pk=assignment_id))
        entries = list(Entry.objects.select_for_update().filter(assignment=assignment, resident=user))
        held = sum(1 for e in entries if e.status == Entry.Status.OFFERED)
        Entry.objects.filter(pk__in=[e.pk for e in entries]).delete()
        for _held in range(held):
            _release_offer(assignment)
        waitlist_hand_on(assignment, now=now)
    Entry.objects.filter(resident=user).delete()


def resume_after_suspension(association_id: int) -> None:
    """Hand on the places that came free while the association was suspended (a suspension
    holds them). Called once the lifting has committed, one assignment at a time."""
    ids = list(
        Entry.objects.filter(assignment__association_id=association_id, status=Entry.Status.WAITING)
        .values_list("assignment_id", flat=True)
        .distinct()
    )
    for pk in ids:
        with transaction.atomic():
            waitlist_hand_on(_services()._lock(Assignment(pk=pk)))
