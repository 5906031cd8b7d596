"""Transitions of the support pathway: offers, supporters, links (consent), intake, milestones,
notes and recommendations. One function per transition; each checks who may do it and refuses
an illegal move with a plain sentence (ActionRefused, PermissionDenied or ValidationError)."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from assignments.models import Assignment, Claim
from assignments.queries import is_open_for_claims
from assignments.skills import own_skills_set
from associations.models import Association, AssociationMembership
from associations.permissions import ensure_association_admin
from members.models import User
from municipalities.models import Locality
from pathways import notify
from pathways.access import MANAGER_ROLES, ensure_access, log_access
from pathways.models import (
    AccessLogEntry,
    ConsentEvent,
    Intake,
    Milestone,
    Recommendation,
    Share,
    SupporterNote,
    SupportKind,
    SupportLink,
    SupportOffer,
)
from uppdragsbanken.permissions import ensure_verified

Status = SupportLink.Status
# How many requests a resident may have waiting at once, and invitations a supporter may send a day.
MAX_WAITING_REQUESTS = 5
MAX_INVITATIONS_PER_DAY = 20
# A milestone's date: not in the future, and not before this (a typo such as 0202).
EARLIEST_MILESTONE = date(1950, 1, 1)


class ActionRefused(Exception):
    """The move is not allowed now; the message says why and what to do instead."""


# Offers and supporters -------------------------------------------------------------------


@transaction.atomic
def support_offer_update(
    *, association: Association, by: User, kinds: list[str], localities: list[Locality], description: str
) -> SupportOffer:
    """Create or change what support the association offers. Only its admins.

    `kinds`: SupportKind values; `localities`: villages of the association's municipality.
    Raises PermissionDenied (not an admin) or ValidationError (unknown kind, foreign village)."""
    ensure_association_admin(by, association)
    unknown = [kind for kind in kinds if kind not in SupportKind.values]
    if unknown:
        raise ValidationError({"kinds": _("Välj bland de sorters stöd som finns.")})
    if any(locality.municipality_id != association.municipality_id for locality in localities):
        raise ValidationError({"localities": _("Välj orter i föreningens kommun.")})
    offer, _created = SupportOffer.objects.get_or_create(association=association)
    offer.kinds = [kind for kind in SupportKind.values if kind in kinds]
    offer.description = description.strip()
    offer.full_clean(exclude=["association"])
    offer.save()
    offer.localities.set(localities)
    return offer


@transaction.atomic
def supporter_set(*, membership: AssociationMembership, by: User, is_supporter: bool) -> AssociationMembership:
    """Mark an admin or coordinator of an association as a supporter, or stop being one.

    Only the association's admins. Stopping ends the person's live links in the association
    (the residents are told). Raises PermissionDenied or ActionRefused (an ordinary member)."""
    ensure_association_admin(by, membership.association)
    membership = AssociationMembership.objects.select_for_update().get(pk=membership.pk)
    if is_supporter and membership.role not in MANAGER_ROLES:
        raise ActionRefused(_("Bara administratörer och samordnare kan vara handledare. Ändra rollen först."))
    membership.is_supporter = is_supporter
    membership.save(update_fields=["is_supporter"])
    if not is_supporter:
        end_links_of_supporter(user=membership.user, association=membership.association, by=by)
    return membership


def end_links_of_supporter(*, user: User, association: Association, by: User | None) -> int:
    """End every live link of `user` as a supporter in `association` (they are no longer one);
    each resident is told. Called when the role is taken away or the person leaves.
    Returns how many links ended."""
    links = list(
        SupportLink.objects.select_for_update()
        .filter(supporter=user, association=association, status__in=SupportLink.LIVE)
        .select_related("association")
    )
    for link in links:
        _end(link, by=by, notify_user=link.resident)
    return len(links)


# Links (consent) ----------------------------------------------------------------------------


def _shares_from(shares) -> dict[str, bool]:
    chosen = set(shares)
    unknown = chosen - set(Share.values)
    if unknown:
        raise ValidationError(_("Välj bland det som går att dela."))
    return {f"shares_{value}": value in chosen for value in Share.values}


def _shared_list(link: SupportLink) -> list[str]:
    return [value for value in Share.values if link.shares(value)]


def _supporter_membership(supporter: User, association: Association) -> AssociationMembership:
    if not association.is_verified:
        # Pending, rejected or suspended by the municipality: no new support through it.
        raise ActionRefused(
            _("%(name)s behöver vara godkänd av kommunen, och inte avstängd, för att ge stöd.")
            % {"name": association.name}
        )
    membership = (
        AssociationMembership.objects.filter(user=supporter, association=association, is_supporter=True)
        .filter(role__in=MANAGER_ROLES)
        .first()
    )
    if membership is None:
        raise ActionRefused(_("Den personen är inte handledare i %(name)s.") % {"name": association.name})
    return membership


def _create_link(**fields) -> SupportLink:
    try:
        with transaction.atomic():
            link = SupportLink(supporter_name=fields["supporter"].display_name[:80], **fields)
            link.full_clean(validate_constraints=False)
            link.save()
            return link
    except IntegrityError as error:
        raise ActionRefused(_("Det finns redan en förfrågan eller ett pågående stöd mellan er.")) from error


@transaction.atomic
def link_request(
    *, resident: User, supporter: User, association: Association, shares, message: str = ""
) -> SupportLink:
    """The resident asks a supporter of `association` for support, consenting at once to share
    `shares` (Share values) once the supporter says yes. The supporter is told.

    Raises PermissionDenied (not logged in or e-mail not confirmed), ActionRefused (not a
    supporter, oneself, a live link already, too many waiting requests, the association not
    approved) or ValidationError (message too long, unknown share)."""
    ensure_verified(resident)
    if not association.is_verified:
        raise ActionRefused(_("%(name)s tar inte emot förfrågningar just nu.") % {"name": association.name})
    _supporter_membership(supporter, association)
    if supporter.pk == resident.pk:
        raise ActionRefused(_("Du kan inte vara din egen handledare."))
    waiting = SupportLink.objects.filter(resident=resident, status=Status.REQUESTED).count()
    if waiting >= MAX_WAITING_REQUESTS:
        raise ActionRefused(
            _("Du har redan %(count)d förfrågningar som väntar på svar. Vänta på svar eller ta tillbaka någon först.")
            % {"count": waiting}
        )
    now = timezone.now()
    link = _create_link(
        resident=resident,
        supporter=supporter,
        association=association,
        status=Status.REQUESTED,
        started_by=SupportLink.StartedBy.RESIDENT,
        message=message.strip(),
        consent_given_at=now,
        created_at=now,
        **_shares_from(shares),
    )
    ConsentEvent.objects.create(
        link=link, event=ConsentEvent.Event.GIVEN, shared=_shared_list(link), at=now, by=resident
    )
    notify.support_requested(link)
    return link


# After a resident declined or ended, the same supporter may not invite them again for this long;
# the resident can always ask themselves.
REINVITE_AFTER = timedelta(days=90)


def _count_invitation_attempt(supporter: User) -> int:
    """Count one invitation attempt of `supporter` today (whatever became of it) and return how
    many there were in the last day, so addresses cannot be tried faster than the limit allows."""
    # The account's creation time in the key: a counter belongs to this account, not to its id.
    key = f"pathways:invitations:{supporter.pk}:{supporter.date_joined.timestamp()}:{timezone.localdate().isoformat()}"
    cache.add(key, 0, timeout=int(timedelta(days=1).total_seconds()))
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=int(timedelta(days=1).total_seconds()))
        return 1


@transaction.atomic
def link_invite(*, supporter: User, association: Association, email: str, message: str = "") -> SupportLink | None:
    """A supporter invites the resident with this e-mail address to be supported. Nothing is
    shared until the resident accepts, and until then the supporter sees only the address they
    typed. Returns the link, or None when nothing was sent: no active account has the address,
    the person already has a request, invitation or support with this supporter, or declined
    or ended one with them in the last 90 days. The view says the same in every case, so an
    invitation tells nothing about who has an account.

    Raises PermissionDenied (e-mail not confirmed), ActionRefused (not a supporter of an approved
    association, more than MAX_INVITATIONS_PER_DAY attempts in a day, one's own address)."""
    ensure_verified(supporter)
    _supporter_membership(supporter, association)
    if _count_invitation_attempt(supporter) > MAX_INVITATIONS_PER_DAY:
        raise ActionRefused(
            _("Du har bjudit in %(count)d gånger i dag. Vänta till i morgon.") % {"count": MAX_INVITATIONS_PER_DAY}
        )
    address = email.strip().lower()
    if address == supporter.email.lower():
        raise ActionRefused(_("Du kan inte vara din egen handledare."))
    resident = User.objects.filter(email__iexact=address, is_active=True).first()
    if resident is None:
        return None
    recent = SupportLink.objects.filter(resident=resident, supporter=supporter).filter(
        Q(status__in=SupportLink.LIVE)
        | Q(status__in=[Status.DECLINED, Status.ENDED], ended_at__gte=timezone.now() - REINVITE_AFTER)
    )
    if recent.exists():
        return None
    link = _create_link(
        resident=resident,
        supporter=supporter,
        association=association,
        invited_email=address,
        status=Status.INVITED,
        started_by=SupportLink.StartedBy.SUPPORTER,
        message=message.strip(),
        **{f"shares_{value}": False for value in Share.values},
    )
    notify.support_invited(link)
    return link


def _locked(link: SupportLink) -> SupportLink:
    return SupportLink.objects.select_for_update().select_related("association").get(pk=link.pk)


@transaction.atomic
def link_accept(*, link: SupportLink, by: User, shares=None) -> SupportLink:
    """Say yes to a link the other side started. The supporter accepts a resident's request; the
    resident accepts an invitation, choosing `shares` (Share values): that is their consent.

    Raises PermissionDenied (not the side that answers), ActionRefused (already answered,
    the supporter no longer one)."""
    link = _locked(link)
    now = timezone.now()
    if link.status == Status.REQUESTED:
        if by.pk != link.supporter_id:
            raise PermissionDenied(_("Bara handledaren kan svara på förfrågan."))
        _supporter_membership(by, link.association)
    elif link.status == Status.INVITED:
        if by.pk != link.resident_id:
            raise PermissionDenied(_("Bara den som är inbjuden kan svara på inbjudan."))
        _supporter_membership(link.supporter, link.association)
        for field, value in _shares_from(shares or []).items():
            setattr(link, field, value)
        link.consent_given_at = now
        ConsentEvent.objects.create(link=link, event=ConsentEvent.Event.GIVEN, shared=_shared_list(link), at=now, by=by)
    else:
        raise ActionRefused(_("Det här har redan fått ett svar."))
    link.status = Status.ACTIVE
    link.started_at = now
    link.save()
    notify.support_accepted(link, to=link.resident if by.pk == link.supporter_id else link.supporter)
    return link


@transaction.atomic
def link_decline(*, link: SupportLink, by: User) -> SupportLink:
    """Say no to a link the other side started. Raises PermissionDenied or ActionRefused."""
    link = _locked(link)
    answering = {Status.REQUESTED: link.supporter_id, Status.INVITED: link.resident_id}.get(link.status)
    if answering is None:
        raise ActionRefused(_("Det här har redan fått ett svar."))
    if by.pk != answering:
        raise PermissionDenied(_("Bara den som har fått frågan kan svara nej."))
    link.status = Status.DECLINED
    link.ended_at, link.ended_by = timezone.now(), by
    link.save()
    if link.consent_given_at:
        # The resident's request was turned down: the consent given with it lapses unused.
        ConsentEvent.objects.create(link=link, event=ConsentEvent.Event.DECLINED, shared=[], by=by)
    return link


def _end(link: SupportLink, *, by: User | None, notify_user: User | None) -> SupportLink:
    was_active = link.status == Status.ACTIVE
    link.status = Status.ENDED
    link.ended_at, link.ended_by = timezone.now(), by
    link.save()
    if link.consent_given_at:
        ConsentEvent.objects.create(link=link, event=ConsentEvent.Event.WITHDRAWN, shared=[], by=by)
    if was_active and notify_user is not None:
        notify.support_ended(link, to=notify_user)
    return link


@transaction.atomic
def link_end(*, link: SupportLink, by: User) -> SupportLink:
    """End a link, by either side, at any time: an active link (the consent is withdrawn and the
    other side told), or one's own request or invitation not yet answered. Access ends at once.
    Raises PermissionDenied (not one of the two) or ActionRefused (already over)."""
    link = _locked(link)
    if by.pk not in (link.resident_id, link.supporter_id):
        raise PermissionDenied(_("Bara invånaren och handledaren kan avsluta stödet."))
    if not link.is_live:
        raise ActionRefused(_("Stödet är redan avslutat."))
    if link.status == Status.INVITED and by.pk == link.resident_id:
        # Ending an invitation one never answered is saying no to it.
        link.status = Status.DECLINED
        link.ended_at, link.ended_by = timezone.now(), by
        link.save()
        return link
    other = link.supporter if by.pk == link.resident_id else link.resident
    return _end(link, by=by, notify_user=other)


@transaction.atomic
def link_shares_update(*, link: SupportLink, by: User, shares) -> SupportLink:
    """The resident changes what they share on a live link; recorded as a consent event.
    Raises PermissionDenied (not the resident) or ActionRefused (the link is over)."""
    link = _locked(link)
    if by.pk != link.resident_id:
        raise PermissionDenied(_("Bara du själv bestämmer vad du delar."))
    if link.status not in (Status.REQUESTED, Status.ACTIVE):
        raise ActionRefused(_("Stödet är inte igång, så det finns inget att ändra."))
    before = _shared_list(link)
    for field, value in _shares_from(shares).items():
        setattr(link, field, value)
    if _shared_list(link) == before:
        return link  # nothing changed, so no new consent to record
    link.save()
    ConsentEvent.objects.create(link=link, event=ConsentEvent.Event.CHANGED, shared=_shared_list(link), by=by)
    return link


# Intake -----------------------------------------------------------------------------------


def _pathway_writer(*, resident: User, by: User, link: SupportLink | None, share: str | None) -> None:
    """The resident themselves, or the supporter of `link` with live access to `share`."""
    if by.pk == resident.pk and link is None:
        return
    if link is None or link.resident_id != resident.pk or link.supporter_id != by.pk:
        raise PermissionDenied(_("Du kan bara ändra uppgifter för invånare som du är handledare för."))
    ensure_access(link, share)


def intake_of(resident: User) -> Intake:
    """The resident's intake, made empty the first time. Never another's: pass the resident."""
    intake, _created = Intake.objects.get_or_create(resident=resident)
    return intake


@transaction.atomic
def intake_save(
    *,
    resident: User,
    by: User,
    link: SupportLink | None = None,
    skills=(),
    own_skills=None,
    wanted_categories=(),
    mark_done: bool = False,
    expected_version=None,
    **fields,
) -> Intake:
    """Save the resident's intake: by the resident (link None), or by a supporter through their
    live `link` that shares the intake (logged as a write in the resident's access log).

    `fields`: Intake's text and choice fields. `mark_done` records the date it was done and the
    "intake" milestone (once). Raises PermissionDenied or ValidationError (too long, too many
    hours, or changed since `expected_version`); on error nothing is saved.

    `expected_version`: the intake's `updated_at` when the form was opened (aware datetime), or
    None not to check. Compared under the row's lock, so of two saves at the same moment the
    second is refused instead of silently overwriting the first."""
    _pathway_writer(resident=resident, by=by, link=link, share=Share.INTAKE)
    intake = Intake.objects.select_for_update().filter(resident=resident).first()
    if intake is not None and expected_version is not None and intake.updated_at != expected_version:
        raise ValidationError(
            _(
                "Kartläggningen har ändrats av någon annan medan du skrev. Här är det du skrev; "
                "se den sparade versionen under det här meddelandet och spara igen med det som ska gälla."
            )
        )
    intake = intake or intake_of(resident)
    for name, value in fields.items():
        setattr(intake, name, value.strip() if isinstance(value, str) else value)
    intake.updated_by = by
    now = timezone.now()
    if mark_done and intake.completed_at is None:
        intake.completed_at = now
    intake.full_clean(exclude=["resident"])
    intake.save()
    intake.skills.set(skills)
    if own_skills is not None:
        own_skills_set(intake.own_skills, own_skills)
    intake.wanted_categories.set(wanted_categories)
    if intake.completed_at is not None:
        Milestone.objects.get_or_create(
            resident=resident,
            kind=Milestone.Kind.INTAKE,
            defaults={
                "happened_on": timezone.localdate(intake.completed_at),
                "recorded_by": by,
                "recorded_at": now,
            },
        )
    if link is not None:
        log_access(link=link, action=AccessLogEntry.Action.WRITE, subject=AccessLogEntry.Subject.INTAKE)
    return intake


# Milestones ---------------------------------------------------------------------------------


@transaction.atomic
def milestone_record(
    *, resident: User, by: User, kind: str, happened_on: date, note: str = "", link: SupportLink | None = None
) -> Milestone:
    """Record a step (one of Milestone.RECORDABLE) on the resident's timeline, by the resident or
    by a supporter through a live link that shares milestones (logged).

    `happened_on`: a local date, not in the future and not before 1950. Raises PermissionDenied
    or ValidationError (automatic kind, date out of range, note too long)."""
    _pathway_writer(resident=resident, by=by, link=link, share=Share.MILESTONES)
    if kind not in Milestone.RECORDABLE:
        raise ValidationError({"kind": _("Välj ett av stegen i listan.")})
    if happened_on > timezone.localdate():
        raise ValidationError({"happened_on": _("Datumet har inte varit än. Skriv när det hände.")})
    if happened_on < EARLIEST_MILESTONE:
        raise ValidationError({"happened_on": _("Skriv ett datum från 1950 eller senare.")})
    milestone = Milestone(resident=resident, kind=kind, happened_on=happened_on, note=note.strip(), recorded_by=by)
    milestone.full_clean()
    milestone.save()
    if link is not None:
        log_access(link=link, action=AccessLogEntry.Action.WRITE, subject=AccessLogEntry.Subject.MILESTONES)
    return milestone


@transaction.atomic
def milestone_delete(*, milestone: Milestone, by: User, link: SupportLink | None = None) -> None:
    """Take away a step recorded by hand: the resident any of theirs, a supporter (through a live
    link that shares milestones) only those they recorded. Steps the site recorded from
    confirmed assignments stay. Raises PermissionDenied or ActionRefused."""
    resident = milestone.resident
    _pathway_writer(resident=resident, by=by, link=link, share=Share.MILESTONES)
    if milestone.automatic:
        raise ActionRefused(_("Det här steget kommer från bekräftade uppdrag och kan inte tas bort."))
    if milestone.kind == Milestone.Kind.INTAKE:
        raise ActionRefused(
            _("Det här steget sparades när kartläggningen blev klar och ligger kvar. Kartläggningen kan du ändra.")
        )
    if link is not None and milestone.recorded_by_id != by.pk:
        raise PermissionDenied(_("Du kan bara ta bort steg som du själv har antecknat."))
    milestone.delete()
    if link is not None:
        log_access(link=link, action=AccessLogEntry.Action.WRITE, subject=AccessLogEntry.Subject.MILESTONES)


def record_automatic_milestones(resident_id: int) -> list[Milestone]:
    """Record "first assignment" and "three assignments" for the resident from their confirmed
    claims, once each, dated by the local day the claim was confirmed (Claim.decided_at,
    Europe/Stockholm). Called whenever a claim is confirmed; safe to call again.
    Returns the milestones newly recorded."""
    # Two confirmations at once would each count the other's claim as missing: hold the
    # resident's row so they count one after the other. (Inside the caller's transaction.)
    list(User.objects.select_for_update().filter(pk=resident_id).values_list("pk", flat=True))
    confirmed = list(
        Claim.objects.filter(resident_id=resident_id, status=Claim.Status.CONFIRMED, decided_at__isnull=False)
        .order_by("decided_at", "pk")
        .values_list("pk", "decided_at")[:3]
    )
    made = []
    for kind, position in ((Milestone.Kind.FIRST_ASSIGNMENT, 1), (Milestone.Kind.THREE_ASSIGNMENTS, 3)):
        if len(confirmed) < position:
            break
        claim_id, decided_at = confirmed[position - 1]
        milestone, created = Milestone.objects.get_or_create(
            resident_id=resident_id,
            kind=kind,
            defaults={
                "happened_on": timezone.localdate(decided_at),
                "automatic": True,
                "claim_id": claim_id,
            },
        )
        if created:
            made.append(milestone)
    return made


# Notes --------------------------------------------------------------------------------------


@transaction.atomic
def note_create(*, link: SupportLink, by: User, text: str) -> SupporterNote:
    """A supporter writes a private note about the resident of their live link (logged).
    Raises PermissionDenied or ValidationError (empty or too long)."""
    if by.pk != link.supporter_id:
        raise PermissionDenied(_("Bara handledaren kan skriva anteckningar."))
    ensure_access(link)
    note = SupporterNote(resident_id=link.resident_id, author=by, association=link.association, text=text.strip())
    if not note.text:
        raise ValidationError({"text": _("Skriv något i anteckningen.")})
    note.full_clean()
    note.save()
    log_access(link=link, action=AccessLogEntry.Action.WRITE, subject=AccessLogEntry.Subject.NOTES)
    return note


@transaction.atomic
def note_update(*, note: SupporterNote, link: SupportLink, by: User, text: str) -> SupporterNote:
    """The author changes their own note, through a live link to the note's resident (logged)."""
    if note.author_id != by.pk or link.supporter_id != by.pk or note.resident_id != link.resident_id:
        raise PermissionDenied(_("Du kan bara ändra dina egna anteckningar."))
    ensure_access(link)
    note.text = text.strip()
    if not note.text:
        raise ValidationError({"text": _("Skriv något i anteckningen.")})
    note.full_clean()
    note.save()
    log_access(link=link, action=AccessLogEntry.Action.WRITE, subject=AccessLogEntry.Subject.NOTES)
    return note


@transaction.atomic
def note_delete(*, note: SupporterNote, link: SupportLink, by: User) -> None:
    """The author deletes their own note, through a live link to the note's resident (logged)."""
    if note.author_id != by.pk or link.supporter_id != by.pk or note.resident_id != link.resident_id:
        raise PermissionDenied(_("Du kan bara ta bort dina egna anteckningar."))
    ensure_access(link)
    note.delete()
    log_access(link=link, action=AccessLogEntry.Action.WRITE, subject=AccessLogEntry.Subject.NOTES)


# Recommendations ----------------------------------------------------------------------------


@transaction.atomic
def recommend(*, link: SupportLink, by: User, assignment: Assignment, message: str = "") -> Recommendation:
    """A supporter tips the resident of their live link about an assignment open for sign-up;
    the resident hears of it in the inbox and by e-mail (logged).

    Raises PermissionDenied (not this link's supporter, no access) or ActionRefused (not open
    for sign-up, the resident cannot sign up for it, tipped already)."""
    if by.pk != link.supporter_id:
        raise PermissionDenied(_("Bara handledaren kan tipsa om uppdrag."))
    ensure_access(link)
    if not is_open_for_claims(assignment):
        raise ActionRefused(_("Det uppdraget går inte att anmäla sig till längre."))
    if AssociationMembership.objects.filter(
        user_id=link.resident_id, association_id=assignment.association_id, role__in=MANAGER_ROLES
    ).exists():
        raise ActionRefused(_("Invånaren är med och väljer folk till det uppdraget och kan inte anmäla sig."))
    # Whether the resident signed up is for the supporter to know only when sign-ups are shared;
    # otherwise the tip is simply sent (no harm in it), so trying assignments reveals nothing.
    if link.shares_claims and Claim.objects.filter(resident_id=link.resident_id, assignment=assignment).exists():
        raise ActionRefused(_("Invånaren har redan anmält sig till det uppdraget."))
    recommendation = Recommendation(
        resident_id=link.resident_id,
        supporter=by,
        association=link.association,
        assignment=assignment,
        message=message.strip(),
    )
    recommendation.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            recommendation.save()
    except IntegrityError as error:
        raise ActionRefused(_("Invånaren har redan fått tips om det uppdraget.")) from error
    notify.recommended(recommendation)
    log_access(link=link, action=AccessLogEntry.Action.WRITE, subject=AccessLogEntry.Subject.RECOMMENDATIONS)
    return recommendation
