"""The thread of a sign-up: who may read and write it, until when, and reporting abuse.

A claim's thread is between the resident who signed up and the admins and coordinators of the
association that posted the assignment (associations.permissions.MANAGERS), nobody else. The
municipality's admins may read a thread only once a message in it has been reported to them.
Every function checks who acts and refuses with a translated message: PermissionDenied for
someone who is not a participant (the views answer 404), assignments.services.TransitionError
for a thread that is closed, ValidationError for a text that cannot be sent.
"""

from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from assignments.models import Assignment, Claim
from assignments.services import TransitionError
from associations.forms import phone_number
from associations.models import AssociationMembership
from associations.permissions import MANAGERS
from conversations import notify
from conversations.models import Message, MessageReport, Side
from members.models import User
from municipalities.models import StaffMembership
from notifications.models import MESSAGE_KINDS, Notification
from uppdragsbanken.permissions import has_verified_email

# Writing stays open this long after the assignment (see writing_closes_at).
DAYS_AFTER_ASSIGNMENT = 30
# How many messages one person may write in one thread within FLOOD_WINDOW: counted in the
# database, so the limit holds across web processes and with Redis down.
FLOOD_LIMIT = 10
FLOOD_WINDOW = timedelta(minutes=10)
# A sign-up that is over: its thread is kept to read, but nobody writes in it any more.
CLOSED_STATUSES = (Claim.Status.WITHDRAWN, Claim.Status.DECLINED, Claim.Status.CANCELLED)


def other_side(side: str) -> str:
    return Side.ASSOCIATION if side == Side.RESIDENT else Side.RESIDENT


def writing_closes_at(assignment: Assignment) -> datetime:
    """When writing in the threads of the assignment's sign-ups ends: 30 days after the assignment.

    "After the assignment" is its end (`ends_at`) for one with a time window, its start when
    there is no end (the database requires both or neither, so this is only a fallback), and
    otherwise the end of its last day (`deadline`, midnight after it in Europe/Stockholm).
    The days are counted on the Stockholm clock, so the same time of day 30 days later, also
    across a change to or from summer time. Input: an Assignment. Output: an aware datetime
    (Europe/Stockholm). The 30 days come from the rule that the
    resident and the association can reach each other "from the moment of sign-up until 30
    days after the assignment" (the issue this was built for). Raises nothing.
    """
    if assignment.ends_at is not None:
        end = timezone.localtime(assignment.ends_at)
    elif assignment.starts_at is not None:
        end = timezone.localtime(assignment.starts_at)
    else:
        day_after = datetime.combine(assignment.deadline + timedelta(days=1), datetime.min.time())
        end = timezone.make_aware(day_after)
    # Days on the Stockholm clock: across the change to summer time, 13:00 stays 13:00.
    return end + timedelta(days=DAYS_AFTER_ASSIGNMENT)


def writing_closed_reason(claim: Claim, now: datetime | None = None) -> str | None:
    """Why nobody can write in the claim's thread now, as a sentence to show; None while they can.

    Writing is open from the sign-up until `writing_closes_at`, while the sign-up is live
    (pending, accepted, hours reported or confirmed). A withdrawn, declined or cancelled
    sign-up (also one closed unanswered when the assignment ended) keeps its thread to read
    but closes it: the two sides no longer have anything to arrange, a resident who was
    declined cannot keep pressing the association, and an association cannot keep writing to
    someone who withdrew. They can sign up again, which opens a new thread. The thread of a
    deleted person's sign-up (an anonymous account), or of someone who cannot log in (signed up by
    phone without an account), is closed: nobody is there to read or answer.
    Input: a Claim with its assignment and resident loaded. Raises nothing.
    """
    now = now or timezone.now()
    if claim.resident.erased_at is not None:
        return _("Personen har tagit bort sitt konto, så det går inte att skriva här längre.")
    if not claim.resident.is_active:
        # Someone a coordinator signed up by phone (offline.OfflineResident), or an account that has
        # been shut: nobody would ever read what is written here.
        return _("Personen kan inte logga in här och kan därför inte läsa meddelanden. Ring hen i stället.")
    if claim.status in CLOSED_STATUSES:
        return _("Anmälan är avslutad (%(status)s), så det går inte att skriva här längre.") % {
            "status": claim.get_status_display().lower()
        }
    if now >= writing_closes_at(claim.assignment):
        return _(
            "Det går att skriva här till 30 dagar efter uppdraget. Den tiden är slut, men ni kan läsa det ni skrev."
        )
    return None


def is_manager(user: User, claim: Claim) -> bool:
    """Whether `user` is an admin or coordinator, with a confirmed address, of the association
    that posted the claim's assignment: the association's side of the thread."""
    if not user.is_authenticated or not user.is_active or not has_verified_email(user):
        return False
    return AssociationMembership.objects.filter(
        user=user, association_id=claim.assignment.association_id, role__in=MANAGERS
    ).exists()


def is_participant(user: User, claim: Claim, side: str) -> bool:
    """Whether `user` may read and write the claim's thread from `side` (a Side value)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if side == Side.RESIDENT:
        return claim.resident_id == user.pk
    return is_manager(user, claim)


def ensure_participant(user: User, claim: Claim, side: str) -> None:
    if not is_participant(user, claim, side):
        raise PermissionDenied(_("Det här samtalet är mellan invånaren och föreningen."))


def is_reported(claim: Claim) -> bool:
    return MessageReport.objects.filter(message__claim=claim).exists()


def can_staff_read(user: User, claim: Claim) -> bool:
    """Whether `user` may read the claim's thread as the municipality's staff: an admin of the
    municipality where the assignment is (its locality's), and only once a message in the
    thread has been reported. Readers of statistics (viewers) never do: they see figures,
    not people."""
    if not user.is_authenticated or not user.is_active or not has_verified_email(user):
        return False
    municipality_id = claim.assignment.locality.municipality_id
    is_admin = StaffMembership.objects.filter(
        user=user, municipality_id=municipality_id, role=StaffMembership.Role.ADMIN
    ).exists()
    return is_admin and is_reported(claim)


def _clean_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Skriv något innan du skickar.")})
    if len(body) > Message.MAX_LENGTH:
        raise ValidationError(
            {
                "body": _("Meddelandet har %(count)s tecken men får ha högst %(limit)s. Korta det och skicka igen.")
                % {"count": len(body), "limit": Message.MAX_LENGTH}
            }
        )
    return body


def _lock_claim(claim: Claim) -> Claim:
    """The claim re-read under its row lock, so two messages and a withdrawal queue up."""
    return (
        Claim.objects.select_for_update(of=("self",))
        .select_related("assignment__association", "assignment__locality", "resident")
        .get(pk=claim.pk)
    )


def _ensure_open(claim: Claim, by: User, now: datetime) -> None:
    reason = writing_closed_reason(claim, now)
    if reason:
        raise TransitionError(reason)
    recent = Message.objects.filter(claim=claim, author=by, created_at__gt=now - FLOOD_WINDOW).count()
    if recent >= FLOOD_LIMIT:
        raise TransitionError(_("Du har skrivit många meddelanden på kort tid. Vänta en stund och skicka sedan igen."))


@transaction.atomic
def message_post(*, claim: Claim, by: User, side: str, body: str, now: datetime | None = None) -> Message:
    """Write a message in the claim's thread from `side` (Side.RESIDENT or Side.ASSOCIATION).

    Inputs: the claim, the writer, their side, the text (plain text; surrounding whitespace is
    dropped, at most Message.MAX_LENGTH characters) and `now` (default: the current time).
    Output: the saved Message. The other side is told through the notifications app
    (conversations.notify.message_posted). Raises PermissionDenied when `by` is not on that
    side, ValidationError({"body": ...}) for an empty or too long text, and TransitionError
    when the thread is closed (writing_closed_reason) or `by` wrote FLOOD_LIMIT messages in
    it within FLOOD_WINDOW.
    """
    now = now or timezone.now()
    ensure_participant(by, claim, side)
    body = _clean_body(body)
    claim = _lock_claim(claim)
    _ensure_open(claim, by, now)
    message = Message.objects.create(claim=claim, author=by, side=side, body=body, created_at=now)
    notify.message_posted(message)
    return message


@transaction.atomic
def phone_share(*, claim: Claim, by: User, phone: str, now: datetime | None = None) -> Message:
    """The resident gives the association their phone number, in the thread of their sign-up.

    Never done for them: only this explicit step shows a resident's number to anyone. The
    number stays in the thread as a message of its own (kind PHONE), which the association's
    admins and coordinators of the assignment see. Inputs: the claim, the resident, the number
    as typed (checked by associations.forms.phone_number), `now`. Output: the Message. Raises
    PermissionDenied for anyone but the claim's resident, ValidationError({"phone": ...}) for
    an empty or malformed number, TransitionError when the thread is closed.
    """
    now = now or timezone.now()
    ensure_participant(by, claim, Side.RESIDENT)
    try:
        number = phone_number(phone or "")
    except ValidationError as error:
        raise ValidationError({"phone": error.messages}) from None
    if not number:
        raise ValidationError({"phone": _("Skriv ditt telefonnummer, till exempel 070-123 45 67.")})
    if len(number) > 30:
        raise ValidationError({"phone": _("Ett telefonnummer har högst 30 tecken.")})
    claim = _lock_claim(claim)
    _ensure_open(claim, by, now)
    message = Message.objects.create(
        claim=claim, author=by, side=Side.RESIDENT, kind=Message.Kind.PHONE, body=number, created_at=now
    )
    notify.message_posted(message)
    return message


def thread_mark_read(*, claim: Claim, user: User, side: str, now: datetime | None = None) -> int:
    """`user` opened the claim's thread from `side`: the other side's messages are read, and the
    user's inbox notices of the thread with them (so the next message notifies again).

    Output: how many messages became read. Call only after the access check of the page."""
    now = now or timezone.now()
    Notification.objects.filter(recipient=user, claim=claim, kind__in=MESSAGE_KINDS, read_at__isnull=True).update(
        read_at=now
    )
    return Message.objects.filter(claim=claim, side=other_side(side), read_at__isnull=True).update(read_at=now)


@transaction.atomic
def message_report(*, message: Message, by: User, side: str, reason: str = "") -> MessageReport:
    """Report a message of the other side as abusive to the municipality's admins.

    Inputs: the message, the participant who reports it, their side, and an optional reason
    (at most MessageReport.REASON_MAX_LENGTH characters). Output: the MessageReport. The
    admins of the municipality where the assignment is are told (inbox and e-mail), and from
    then on they can read the thread. Raises PermissionDenied when `by` is not a participant
    on `side`, ValidationError({"reason": ...}) for a too long reason, and TransitionError for
    one's own side's message or a message already reported by the same person.
    """
    claim = message.claim
    ensure_participant(by, claim, side)
    reason = (reason or "").strip()
    if len(reason) > MessageReport.REASON_MAX_LENGTH:
        raise ValidationError(
            {
                "reason": _("Texten har %(count)s tecken men får ha högst %(limit)s. Korta den och skicka igen.")
                % {"count": len(reason), "limit": MessageReport.REASON_MAX_LENGTH}
            }
        )
    if message.side == side:
        raise TransitionError(_("Du kan bara anmäla meddelanden från den andra sidan i samtalet."))
    try:
        with transaction.atomic():
            report = MessageReport.objects.create(message=message, reporter=by, reason=reason)
    except IntegrityError:
        raise TransitionError(_("Du har redan anmält det här meddelandet. Kommunen har fått det.")) from None
    notify.message_reported(report)
    return report


@transaction.atomic
def report_handle(*, report: MessageReport, by: User, now: datetime | None = None) -> MessageReport:
    """An admin of the municipality marks a report handled (they have read the thread and
    acted as the municipality does, outside this site). Output: the report. Raises
    PermissionDenied for anyone but an admin of the assignment's municipality, and
    TransitionError when it is handled already."""
    report = (
        MessageReport.objects.select_for_update(of=("self",))
        .select_related("message__claim__assignment__locality", "message__claim__resident")
        .get(pk=report.pk)
    )
    if not can_staff_read(by, report.message.claim):
        raise PermissionDenied(_("Det här får bara kommunens administratörer göra."))
    if report.handled_at is not None:
        raise TransitionError(_("Anmälan är redan hanterad."))
    report.handled_by, report.handled_at = by, now or timezone.now()
    report.save(update_fields=["handled_by", "handled_at"])
    return report


def contact_for(claim: Claim) -> dict | None:
    """The association's contact person and phone for the claim's assignment, for the resident
    of the claim to see: only once they have a place (accepted, hours reported or confirmed).
    Output: {"name", "phone"} (either may be ""), or None when the resident may not see it or
    nothing is set."""
    if claim.status not in (Claim.Status.ACCEPTED, Claim.Status.DONE, Claim.Status.CONFIRMED):
        return None
    assignment = claim.assignment
    if not assignment.contact_name and not assignment.contact_phone:
        return None
    return {"name": assignment.contact_name, "phone": assignment.contact_phone}


def shared_phone(messages: list[Message]) -> str:
    """The phone number the resident last shared in these messages of a thread, or ""."""
    for message in reversed(messages):
        if message.kind == Message.Kind.PHONE:
            return message.body
    return ""


def erase_for_account_deletion(user: User) -> None:
    """What account deletion does to threads (members.services.user_delete), before the claims
    move to the anonymous account: the threads of the person's own sign-ups go whole, since the
    association's messages in them may name the person, as the decision message that is emptied
    too; and the messages the person wrote for an association go, since their text may name
    them. The other side's thread then shows only what its own side wrote. Reports of removed
    messages go with them."""
    Message.objects.filter(Q(claim__resident=user) | Q(author=user)).delete()
