import logging
import re
import secrets
from functools import partial

from django.conf import settings
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from assignments.skills import own_skills_set
from members.models import MemberProfile, NotificationPreference, SituationChange, User

logger = logging.getLogger(__name__)

# The e-mail that tells the person their account is deleted, and what remains (templates/).
DELETED_TEMPLATE = "members/email/account_deleted"


@transaction.atomic
def profile_update(
    *, user: User, skills, interests, situation_consent: bool, own_skills=None, **fields
) -> MemberProfile:
    """Create or change the resident's own profile. Only ever their own: the view passes request.user.

    A situation is kept only with consent. Consent given earlier keeps its time; without
    consent the situation must be empty, and the recorded consent is removed. Each change
    of the situation or of consent adds a dated SituationChange row; withdrawing consent
    deletes the earlier rows and keeps only the dated withdrawal.
    """
    profile, _created = MemberProfile.objects.get_or_create(user=user)
    before = (profile.situation, profile.situation_consent_at is not None)
    for name, value in fields.items():
        setattr(profile, name, value)
    if profile.situation and not situation_consent:
        raise ValidationError({"situation": _("Din situation sparas bara om du samtycker till det.")})
    profile.situation_consent_at = (profile.situation_consent_at or timezone.now()) if profile.situation else None
    profile.full_clean(exclude=["user"])
    profile.save()
    after = (profile.situation, profile.situation_consent_at is not None)
    if after != before:
        if before[1] and not after[1]:
            # Withdrawing consent: what was given with it is not kept. The earlier situations go,
            # and only a dated withdrawal stays, so situation figures leave the resident out from
            # now on, and a later consent starts a new history instead of reviving the old one.
            SituationChange.objects.filter(user=user).delete()
        # The employment effect reads this dated history.
        SituationChange.objects.create(user=user, situation=profile.situation, consent=after[1])
    profile.skills.set(skills)
    if own_skills is not None:
        own_skills_set(profile.own_skills, own_skills)
    profile.interests.set(interests)
    return profile


class AccountDeletionRefused(Exception):
    """Deleting this account would break a rule; the message says which, and what to do first."""


def sole_admin_associations(user: User, *, leaving=()):
    """The associations that have `user` as an admin and no other admin, by name: an Association
    QuerySet. `leaving`: other accounts deleted together with `user` (Users or ids), whose
    admin roles do not count either."""
    from associations.models import Association, AssociationMembership

    Role = AssociationMembership.Role
    gone = {user.pk, *(getattr(other, "pk", other) for other in leaving)}
    other_admins = AssociationMembership.objects.filter(association_id=OuterRef("pk"), role=Role.ADMIN).exclude(
        user_id__in=gone
    )
    return (
        Association.objects.filter(memberships__user=user, memberships__role=Role.ADMIN)
        .exclude(Exists(other_admins))
        .order_by("name", "pk")
    )


def user_deletion_refusals(user: User) -> list[str]:
    """Why `user` cannot be deleted now, one sentence per reason; an empty list when it can.

    The rule: every association keeps at least one admin, so the last admin of an
    association is not deleted until someone else has been made admin.
    """
    return users_deletion_refusals([user])


def users_deletion_refusals(users) -> list[str]:
    """Why the accounts `users` (an iterable of User) cannot be deleted together, one sentence
    per association that would lose its last admin; an empty list when they can.

    The rule of `user_deletion_refusals`, over the whole selection: an association whose admins
    are all among `users` is named, even when each of them alone could leave. Sentences in the
    order of the associations' names; each association once, with its admins by address."""
    users = list(users)
    admins_of: dict[int, list[str]] = {}
    names: dict[int, str] = {}
    for user in users:
        for association in sole_admin_associations(user, leaving=users):
            names[association.pk] = association.name
            admins_of.setdefault(association.pk, []).append(user.email)
    refusals = []
    for pk in sorted(names, key=lambda pk: (names[pk], pk)):
        emails = admins_of[pk]
        if len(emails) == 1:
            refusals.append(
                _(
                    "%(email)s är den enda administratören för %(association)s. "
                    "Gör någon annan till administratör för föreningen först."
                )
                % {"email": emails[0], "association": names[pk]}
            )
        else:
            refusals.append(
                _(
                    "%(emails)s är alla administratörer för %(association)s. Behåll minst en av dem, "
                    "eller gör någon annan till administratör för föreningen först."
                )
                % {"emails": ", ".join(emails), "association": names[pk]}
            )
    return refusals


def user_deletion_summary(user: User) -> dict[str, int]:
    """What deleting the account would do, counted for the page that asks first, the admin's
    confirmation page and the e-mail sent after the delete.

    Output: {"claims": every sign-up of theirs, all kept anonymously, "kept": claims whose work
    was done or has begun (see `kept_claims`), "hours": their confirmed or reported hours (a
    number, 0 if none), "freed": places in coming assignments given back, "withdrawn": sign-ups
    still waiting for an answer, "certificates": certificates that stop being valid, "links":
    support links that end}. Raises nothing.
    """
    from assignments.models import Claim
    from pathways.models import SupportLink

    kept = list(kept_claims(user).values_list("pk", "hours_confirmed", "hours_reported"))
    kept_ids = [pk for pk, _confirmed, _reported in kept]
    claims = Claim.objects.filter(resident=user)
    live = claims.exclude(pk__in=kept_ids)
    return {
        "claims": claims.count(),
        "kept": len(kept),
        "hours": sum((confirmed if confirmed is not None else reported or 0) for _pk, confirmed, reported in kept),
        "freed": live.filter(status=Claim.Status.ACCEPTED).count(),
        "withdrawn": live.filter(status=Claim.Status.PENDING).count(),
        "certificates": user.certificates.filter(revoked_at__isnull=True).count(),
        "links": SupportLink.objects.filter(status__in=SupportLink.LIVE)
        .filter(Q(resident=user) | Q(supporter=user))
        .count(),
    }


@transaction.atomic
def user_delete(*, user: User, by: User) -> User | None:
    """Delete an account and everything personal in it, keeping what others rely on intact.

    Inputs: the account, and who deletes it (the person themselves, or a platform admin
    allowed to delete users). What happens, in one transaction:

    - The person leaves every waiting list (assignments.waiting): the entries go, and an
      offer they held passes to the next in line.
    - Every pending claim, and every accepted claim on work still to come (not in
      `kept_claims`), is withdrawn: its place opens again and the association hears of it.
    - All the person's claims, whatever became of them, then move to a new anonymous account
      of their own (`erased_at` set, shown as "Tidigare deltagare"), with their free texts
      (`message`, `decision_message`, `reference_text`) emptied, so the association's history
      and the municipality's figures (first sign-ups, confirmed work) stay as they were.
    - The anonymous account gets a profile with the home locality alone, and the person's
      milestones with their comment and who recorded them emptied, so the pathway funnel
      keeps counting them. It cannot log in (`is_active` False) and is never matched,
      notified, reminded or listed. Their situation history goes with the account, as when
      consent is withdrawn.
    - The message threads of the person's sign-ups are deleted whole (the association's
      messages in them may name the person, like the decision message), and so are the
      messages they wrote for an association; reasons they gave when reporting are emptied.
    - Certificates are revoked and emptied; live support links end (the other side is told);
      a supporter's name in other residents' links and access logs is emptied, and shown there
      as "en tidigare handledare".
    - Invitations to the person's addresses, login-lockout rows for them and the names in the
      admin's log go; then the account itself is deleted, and its profile, notifications,
      memberships and the rest of the pathway with it. Sessions need no scan: the account's
      id is never given to anyone again, so a session of it no longer resolves to a user.
    - Once this commits, the person gets an e-mail at their address saying that the account
      is deleted and what remains (`_send_deleted_email`).

    Output: the anonymous account that keeps the claims, or None when nothing was kept (no
    claims and no home locality). Raises PermissionDenied if `by` may not delete the account,
    and AccountDeletionRefused (nothing changed) if it is the last admin of an association.
    Art. 17 GDPR (erasure); keeping anonymous rows is allowed since anonymous data is not
    personal data (recital 26).
    """
    from associations.models import AssociationMembership
    from certificates.services import certificates_revoke_for_account_deletion

    if by.pk != user.pk and not by.has_perm("members.delete_user"):
        raise PermissionDenied(_("Du får inte ta bort andras konton."))
    # Hold the memberships of the user's associations, so no other admin can leave
    # between the check below and the delete.
    administered = AssociationMembership.objects.filter(user=user, role=AssociationMembership.Role.ADMIN)
    list(
        AssociationMembership.objects.select_for_update().filter(
            association_id__in=administered.values("association_id")
        )
    )
    refusals = user_deletion_refusals(user)
    if refusals:
        raise AccountDeletionRefused(" ".join(refusals))
    addresses = _addresses_of(user)
    summary = user_deletion_summary(user)
    # First out of every waiting list (an offer they held passes on), so no place freed below goes to them.
    waitlist_leave_all(user)
    _release_claims(user, keep=set(kept_claims(user).values_list("pk", flat=True)))
    _erase_messages(user)
    placeholder = _keep_history(user)
    certificates_revoke_for_account_deletion(user=user)
    _end_support_links(user)
    _forget_addresses(user, addresses)
    _neutral_admin_log(user)
    address, language = user.email, user.language or settings.LANGUAGE_CODE
    # No scan of the sessions: a session keeps only the user's id, and ids are never reused
    # (PostgreSQL takes them from a sequence; on SQLite Django makes the key AUTOINCREMENT,
    # see django.db.backends.sqlite3.base.DatabaseWrapper.data_types_suffix), so a session of
    # the deleted account resolves to nobody. The person's own session is logged out by the
    # page they delete from.
    user.delete()
    # A person an association signed up without an account has no address to write to
    # (offline.OfflineResident: an address under the reserved .invalid domain).
    if not address.endswith("@invalid"):
        transaction.on_commit(partial(_send_deleted_email, address=address, language=language, summary=summary))
    return placeholder


def waitlist_leave_all(user: User) -> None:
    """Take `user` out of every waiting list before the account goes (assignments.waiting)."""
    from assignments.waiting import entries_release_for_account_deletion

    entries_release_for_account_deletion(user)


def kept_claims(user: User, now=None):
    """The claims of `user` that stay, anonymously, when the account is deleted.

    Hours reported (DONE) or confirmed (CONFIRMED), and ACCEPTED claims on assignments whose
    work may already have happened: one that has started (`starts_at` passed) or, with no
    start time, whose last day (`deadline`) has passed. An accepted place on anything still
    to come is freed instead, so someone else may take it. Output: a Claim QuerySet.
    """
    from assignments.models import Claim

    now = now or timezone.now()
    begun = Q(assignment__starts_at__isnull=False, assignment__starts_at__lte=now) | Q(
        assignment__starts_at__isnull=True, assignment__deadline__lt=timezone.localdate(now)
    )
    return Claim.objects.filter(resident=user).filter(
        Q(status__in=[Claim.Status.DONE, Claim.Status.CONFIRMED]) | Q(status=Claim.Status.ACCEPTED) & begun
    )


def _keep_history(user: User) -> User | None:
    """Move what the municipality's figures count to a new anonymous account, one per deleted
    person, so counts of distinct residents stay exact; it joined when the person did, so
    figures of new and registered residents stay right too. Nothing in it leads back to the
    person: all claims with their free texts emptied; the home locality alone in a profile;
    milestones without comment or recorder. Output: the account, or None when there was
    nothing to keep. Someone who only registered (no claims, no milestones) leaves nothing:
    a join date and a village alone could point to a person in a small village, and the
    figures lose only what the person withdrew, their registration."""
    from assignments.models import Claim
    from pathways.models import Milestone

    claims = Claim.objects.filter(resident=user)
    if not claims.exists() and not Milestone.objects.filter(resident=user).exists():
        return None
    home = MemberProfile.objects.filter(user=user).values_list("home_locality_id", flat=True).first()
    placeholder = User(
        email=f"raderad-{secrets.token_hex(12)}@invalid",
        is_active=False,
        date_joined=user.date_joined,
        language=user.language,
        erased_at=timezone.now(),
    )
    placeholder.set_unusable_password()
    placeholder.save()
    if home is not None:
        # The pathway funnel counts residents by home locality. Nothing else is copied; and
        # though an inactive account is never matched or sent anything, it asks for nothing.
        MemberProfile.objects.create(
            user=placeholder,
            home_locality_id=home,
            notification_preference=NotificationPreference.OFF,
            email_my_claims=False,
            email_claims=False,
            email_reminders=False,
        )
    claims.update(resident=placeholder, message="", decision_message="", reference_text="", updated_at=timezone.now())
    Milestone.objects.filter(resident=user).update(resident=placeholder, note="", recorded_by=None)
    return placeholder


def _erase_messages(user: User) -> None:
    """The threads of the person's sign-ups go whole, and their messages elsewhere go
    (conversations.services.erase_for_account_deletion); the reasons they gave when reporting
    a message are emptied, while the report stays for the municipality without their name."""
    from conversations.models import MessageReport
    from conversations.services import erase_for_account_deletion

    erase_for_account_deletion(user)
    MessageReport.objects.filter(reporter=user).update(reason="")


def _send_deleted_email(*, address: str, language: str, summary: dict[str, int]) -> None:
    """Tell the person, at the address the account had, that it is deleted and what remains
    (`summary` as `user_deletion_summary` gave it before the delete), in their language.

    Sent directly rather than through the outbox, whose row would keep the address. Called
    once the delete has committed; a sending error is logged without the address and
    swallowed: the account is gone either way."""
    from notifications.email import Renderer

    try:
        subject, text, html = Renderer().render(DELETED_TEMPLATE, language, None, {"summary": summary})
        message = mail.EmailMultiAlternatives(subject, text, None, [address])
        message.attach_alternative(html, "text/html")
        message.send()
    except Exception as error:  # whatever fails here, the account is deleted and stays so
        logger.error("could not send the e-mail that an account was deleted: %s", type(error).__name__)


def _addresses_of(user: User) -> set[str]:
    """Every e-mail address the person has had here, lower-cased."""
    from allauth.account.models import EmailAddress

    found = {user.email.lower()}
    found.update(address.lower() for address in EmailAddress.objects.filter(user=user).values_list("email", flat=True))
    return found


def _forget_addresses(user: User, addresses: set[str]) -> None:
    """Remove what names the person by address: invitations sent to them, the address a
    supporter invited, login-lockout counts, account e-mails and staff log details."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    from associations.models import Invitation
    from municipalities.models import AuditEvent
    from notifications.models import Notification
    from pathways.models import SupportLink

    by_address = Q()
    for address in addresses:
        by_address |= Q(email__iexact=address)
    Invitation.objects.filter(by_address).delete()
    by_invited = Q()
    by_username = Q()
    by_notified = Q()
    for address in addresses:
        by_invited |= Q(invited_email__iexact=address)
        by_username |= Q(username__iexact=address)
        by_notified |= Q(address__iexact=address)
    SupportLink.objects.filter(by_invited).update(invited_email="")
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        model.objects.filter(by_username).delete()
    Notification.objects.filter(by_notified, recipient__isnull=True).delete()
    # Staff joining or being invited is logged as "address (role)": the decision stays, the address goes.
    neutral = neutral_account_name()
    for address in addresses:
        for event in AuditEvent.objects.filter(details__icontains=address):
            event.details = re.sub(re.escape(address), neutral, event.details, flags=re.IGNORECASE)
            event.save(update_fields=["details"])


def neutral_account_name() -> str:
    """ "Borttaget konto", in the site's language: what logs kept after a delete call the account."""
    with translation.override(settings.LANGUAGE_CODE):
        return _("Borttaget konto")


def _neutral_admin_log(user: User) -> None:
    """The admin's log keeps what was done to the account, without the address it had."""
    from django.contrib.admin.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(User), object_id=str(user.pk)).update(
        object_repr=neutral_account_name()
    )


def _end_support_links(user: User) -> None:
    """End the user's live support links, on either side, through the pathway's own transition,
    so the other side hears that the support has ended. The links then go with the account (and
    their consent history with them); the notice stands alone and names nobody. In the links and
    access logs kept for other residents the supporter's name is emptied, and shown as "en
    tidigare handledare"."""
    from pathways.models import AccessLogEntry, SupportLink
    from pathways.services import link_end

    live = SupportLink.objects.filter(status__in=SupportLink.LIVE).filter(Q(resident=user) | Q(supporter=user))
    for link in live.order_by("pk"):
        link_end(link=link, by=user)
    SupportLink.objects.filter(supporter=user).update(supporter_name="")
    AccessLogEntry.objects.filter(actor=user).update(actor_name="")


def _release_claims(user: User, *, keep: set[int]) -> None:
    """Give back every place the user holds and withdraw every sign-up waiting for an answer,
    through the assignment lifecycle's own helpers, except the claims in `keep` (ids of
    `kept_claims`: work done or begun). The withdrawn claims then move, as all claims do, to
    the anonymous account (`_keep_history`)."""
    from assignments import services as assignment_services
    from assignments.models import Claim
    from notifications.models import Kind
    from notifications.services import managers_of, notify

    taken = set(assignment_services.TAKEN_STATUSES)
    open_statuses = set(assignment_services.OPEN_CLAIM_STATUSES)
    claims = Claim.objects.filter(resident=user, status__in=taken | open_statuses).exclude(pk__in=keep)
    for claim in claims.order_by("assignment_id"):
        claim, assignment = assignment_services._locked_claim(claim)
        held_place = claim.status in taken
        if claim.status in open_statuses:
            claim.status = Claim.Status.WITHDRAWN
            claim.save(update_fields=["status", "updated_at"])
            # The association's notice stands alone and names nobody: it is not tied to the
            # claim, which from now on belongs to an anonymous account.
            notify(Kind.CLAIM_WITHDRAWN, managers_of(assignment), assignment, ref=f"deleted-{claim.pk}")
        if held_place:
            assignment_services._free_place(assignment)
