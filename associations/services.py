"""Association operations: register, edit, invite, roles, leave, verify."""

import logging
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from associations.models import Association, AssociationMembership, Invitation
from associations.permissions import ensure_association_admin
from associations.validators import normalize_organisation_number
from members.models import User
from municipalities.models import AuditEvent, Locality, Municipality, StaffMembership
from municipalities.permissions import ensure_staff_admin
from notifications import services as outbox
from notifications.models import Kind
from uppdragsbanken.permissions import ensure_verified, has_verified_email

logger = logging.getLogger(__name__)

Role = AssociationMembership.Role
INVITATION_SALT = "uppdragsbanken.invitation"
INVITATION_DAYS = 14
# Invitations are e-mail in the site's name to any address, so they are limited, counted in the
# database over the last day (it holds across web processes and with Redis down).
INVITATION_WINDOW = timedelta(hours=24)
INVITATIONS_PER_ASSOCIATION = 30  # a verified association, per day
INVITATIONS_BEFORE_VERIFICATION = 3  # an association the municipality has not approved, in all
INVITATIONS_PER_MUNICIPALITY = 20  # a municipality's staff invitations, per day
INVITATIONS_PER_ADDRESS = 3  # to one address, from anyone, per day
INVITATIONS_PER_INVITER = 40  # by one person, whatever they invite to, per day


class ActionRefused(Exception):
    """A request that breaks a rule; the message says which, in plain words."""


def _unique_slug(name: str) -> str:
    base = slugify(name)[:150] or "forening"
    slug, n = base, 2
    while Association.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _check_localities(municipality: Municipality, localities) -> None:
    foreign = [loc.name for loc in localities if loc.municipality_id != municipality.pk]
    if foreign:
        raise ValidationError(
            {
                "localities": _("%(names)s ligger inte i %(municipality)s.")
                % {"names": ", ".join(foreign), "municipality": municipality.name}
            }
        )


@transaction.atomic
def association_register(
    *,
    by: User,
    name: str,
    organisation_number: str,
    kind: str,
    municipality: Municipality,
    localities: list[Locality],
    description: str = "",
    contact_email: str = "",
    contact_phone: str = "",
    website: str = "",
) -> Association:
    """Register an association; the person registering becomes its admin. It waits for the municipality."""
    ensure_verified(by)
    number = normalize_organisation_number(organisation_number)
    if Association.objects.filter(organisation_number=number).exists():
        raise ValidationError(
            {
                "organisation_number": _("En förening med organisationsnummer %(number)s finns redan här.")
                % {"number": number}
            }
        )
    _check_localities(municipality, localities)
    association = Association(
        name=name.strip(),
        slug=_unique_slug(name),
        organisation_number=number,
        kind=kind,
        municipality=municipality,
        description=description,
        contact_email=contact_email,
        contact_phone=contact_phone,
        website=website,
        created_by=by,
    )
    try:
        with transaction.atomic():
            association.save()
    except IntegrityError:
        # Two people registered the same number at the same moment.
        raise ValidationError(
            {
                "organisation_number": _("En förening med organisationsnummer %(number)s finns redan här.")
                % {"number": number}
            }
        ) from None
    association.localities.set(localities)
    AssociationMembership.objects.create(user=by, association=association, role=Role.ADMIN)
    outbox.notify_municipal_admins(kind=Kind.ASSOCIATION_WAITING, association=association, ref="registered")
    logger.info("association %s registered by user %s", association.pk, by.pk)
    return association


@transaction.atomic
def association_update(*, association: Association, by: User, localities: list[Locality], **fields) -> Association:
    """Change an association's details. A rejected association goes back to the municipality's queue."""
    ensure_association_admin(by, association)
    _check_localities(association.municipality, localities)
    allowed = {"name", "kind", "description", "contact_email", "contact_phone", "website"}
    for field, value in fields.items():
        if field not in allowed:
            raise ValueError(f"{field} cannot be changed here")
        setattr(association, field, value)
    resubmitted = association.verification == Association.Verification.REJECTED
    if resubmitted:
        association.verification = Association.Verification.PENDING
    association.save()
    association.localities.set(localities)
    if resubmitted:
        # Each time it comes back is a new wait, so the admins hear of it again.
        outbox.notify_municipal_admins(
            kind=Kind.ASSOCIATION_WAITING,
            association=association,
            ref=f"again-{timezone.now():%Y%m%d%H%M%S%f}",
        )
    return association


# Verification by the municipality ---------------------------------------------------------


@transaction.atomic
def association_verify(*, association: Association, by: User) -> Association:
    ensure_staff_admin(by, association.municipality)
    association = Association.objects.select_for_update().get(pk=association.pk)
    if association.verification == Association.Verification.VERIFIED:
        raise ActionRefused(_("%(name)s är redan godkänd.") % {"name": association.name})
    if association.verification == Association.Verification.SUSPENDED:
        raise ActionRefused(
            _("%(name)s är avstängd. Häv avstängningen på föreningens sida i stället.") % {"name": association.name}
        )
    association.verification = Association.Verification.VERIFIED
    association.verified_by = by
    association.verified_at = timezone.now()
    association.rejection_reason = ""
    association.save(update_fields=["verification", "verified_by", "verified_at", "rejection_reason"])
    _decided(association, by, AuditEvent.Action.VERIFIED, Kind.ASSOCIATION_VERIFIED)
    return association


@transaction.atomic
def association_reject(*, association: Association, by: User, reason: str) -> Association:
    ensure_staff_admin(by, association.municipality)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Skriv varför, så att föreningen vet vad den kan rätta.")})
    association = Association.objects.select_for_update().get(pk=association.pk)
    if association.verification == Association.Verification.SUSPENDED:
        raise ActionRefused(
            _("%(name)s är avstängd. Häv avstängningen på föreningens sida i stället.") % {"name": association.name}
        )
    association.verification = Association.Verification.REJECTED
    association.verified_by = by
    association.verified_at = None
    association.rejection_reason = reason
    association.save(update_fields=["verification", "verified_by", "verified_at", "rejection_reason"])
    _decided(association, by, AuditEvent.Action.REJECTED, Kind.ASSOCIATION_REJECTED, details=reason)
    return association


@transaction.atomic
def association_suspend(*, association: Association, by: User, reason: str, now=None) -> Association:
    """Stop a verified association: its assignments take no sign-ups and it cannot publish.

    Inputs: the association, the municipal admin deciding, the reason (told to the
    association's admins) and optionally the time. Output: the association, suspended.
    Raises PermissionDenied for anyone but an admin of its municipality, ValidationError
    (field "reason") without a reason, and ActionRefused unless it is verified now.
    Writes an AuditEvent and tells the association's admins through the outbox."""
    ensure_staff_admin(by, association.municipality)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Skriv varför, så att föreningen vet vad den behöver rätta.")})
    association = Association.objects.select_for_update().get(pk=association.pk)
    if association.verification == Association.Verification.SUSPENDED:
        raise ActionRefused(_("%(name)s är redan avstängd.") % {"name": association.name})
    if association.verification != Association.Verification.VERIFIED:
        raise ActionRefused(_("%(name)s är inte godkänd, så den kan inte stängas av.") % {"name": association.name})
    association.verification = Association.Verification.SUSPENDED
    association.suspended_by = by
    association.suspended_at = now or timezone.now()
    association.suspension_reason = reason
    association.save(update_fields=["verification", "suspended_by", "suspended_at", "suspension_reason"])
    _decided(association, by, AuditEvent.Action.SUSPENDED, Kind.ASSOCIATION_SUSPENDED, details=reason)
    return association


def _resume_waiting_lists(association_id: int) -> None:
    from assignments.waiting import resume_after_suspension

    resume_after_suspension(association_id)


@transaction.atomic
def association_lift_suspension(*, association: Association, by: User) -> Association:
    """Let a suspended association take sign-ups and publish again, as verified.

    Inputs: the association and the municipal admin deciding. Output: the association,
    verified again (its first verification's date and reviewer are kept). Raises
    PermissionDenied for anyone but an admin of its municipality and ActionRefused unless
    it is suspended. The reason is cleared; the audit log keeps it. Writes an AuditEvent
    and tells its admins through the outbox."""
    ensure_staff_admin(by, association.municipality)
    association = Association.objects.select_for_update().get(pk=association.pk)
    if association.verification != Association.Verification.SUSPENDED:
        raise ActionRefused(_("%(name)s är inte avstängd.") % {"name": association.name})
    association.verification = Association.Verification.VERIFIED
    association.suspension_reason, association.suspended_by, association.suspended_at = "", None, None
    # Places that came free while it was suspended were held from the waiting lists: hand them on.
    transaction.on_commit(partial(_resume_waiting_lists, association.pk))
    association.save(update_fields=["verification", "suspension_reason", "suspended_by", "suspended_at"])
    _decided(association, by, AuditEvent.Action.SUSPENSION_LIFTED, Kind.ASSOCIATION_REINSTATED)
    return association


def _decided(association: Association, by: User, action: str, kind: str, *, details: str = "") -> None:
    """Log a municipality's decision about the association and tell the association's admins.

    Both rows are written in the decision's transaction; the outbox sends the e-mail, so a mail
    server that is down delays it, never the decision. The notifications' `ref` is the audit
    event's id: the e-mail reads the decision (a suspension's reason) from it."""
    event = AuditEvent.objects.create(
        actor=by, municipality=association.municipality, association=association, action=action, details=details
    )
    admins = User.objects.filter(
        association_memberships__association=association, association_memberships__role=Role.ADMIN
    )
    outbox.notify_association(kind=kind, association=association, recipients=admins, ref=str(event.pk))


# Memberships -----------------------------------------------------------------------------


def _admin_count(association: Association) -> int:
    return AssociationMembership.objects.filter(association=association, role=Role.ADMIN).count()


def _lock_memberships(association: Association) -> None:
    # Two admins demoting each other at once must not leave the association without one.
    list(AssociationMembership.objects.select_for_update().filter(association=association))


@transaction.atomic
def membership_change_role(*, membership: AssociationMembership, by: User, role: str) -> AssociationMembership:
    ensure_association_admin(by, membership.association)
    if role not in Role.values:
        raise ActionRefused(_("Den rollen finns inte."))
    _lock_memberships(membership.association)
    membership.refresh_from_db()
    if membership.role == Role.ADMIN and role != Role.ADMIN and _admin_count(membership.association) == 1:
        raise ActionRefused(_("Föreningen måste ha minst en administratör. Gör någon annan till administratör först."))
    membership.role = role
    # Only admins and coordinators support residents; an ordinary member's links stop giving
    # access at once (pathways.access checks the flag on every request).
    if role == Role.MEMBER and membership.is_supporter:
        from pathways.services import end_links_of_supporter

        membership.is_supporter = False
        end_links_of_supporter(user=membership.user, association=membership.association, by=by)
    membership.save(update_fields=["role", "is_supporter"])
    return membership


@transaction.atomic
def membership_remove(*, membership: AssociationMembership, by: User) -> None:
    if membership.user_id != by.pk:
        ensure_association_admin(by, membership.association)
    _lock_memberships(membership.association)
    membership.refresh_from_db()
    if membership.role == Role.ADMIN and _admin_count(membership.association) == 1:
        raise ActionRefused(
            _("Föreningen måste ha minst en administratör. Gör någon annan till administratör innan du lämnar.")
            if membership.user_id == by.pk
            else _("Föreningen måste ha minst en administratör.")
        )
    if membership.is_supporter:
        from pathways.services import end_links_of_supporter

        end_links_of_supporter(user=membership.user, association=membership.association, by=by)
    # The member's calendar address for the association stops with the membership, so that
    # joining again later does not bring the old secret address back to life.
    from calendars.models import CalendarFeed

    CalendarFeed.objects.filter(user_id=membership.user_id, association_id=membership.association_id).delete()
    membership.delete()


def membership_leave(*, association: Association, by: User) -> None:
    membership = AssociationMembership.objects.filter(association=association, user=by).first()
    if membership is None:
        raise ActionRefused(_("Du är inte medlem i %(name)s.") % {"name": association.name})
    membership_remove(membership=membership, by=by)


# Invitations -----------------------------------------------------------------------------


def invitation_token(invitation: Invitation) -> str:
    return signing.dumps(invitation.pk, salt=INVITATION_SALT)


def invitation_url(invitation: Invitation) -> str:
    return settings.SITE_URL + reverse("invitation", args=[invitation_token(invitation)])


def _normalize_email(email: str) -> str:
    return email.strip().lower()


def _check_invitation_limits(
    *, by: User, email: str, association: Association | None, municipality: Municipality | None
) -> None:
    """Refuse an invitation over any limit, with a ValidationError saying which and what to do.

    Call with the association's or municipality's row locked, so that two invitations sent
    at the same moment are counted one after the other (on PostgreSQL)."""
    # The address and the inviter are shared by every association and municipality, whose row
    # locks do not cover them: hold the inviter's row and (PostgreSQL) a lock on the address too,
    # so that invitations from different associations are counted one after the other as well.
    list(User.objects.select_for_update().filter(pk=by.pk).values_list("pk", flat=True))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"invitation-address:{email}"])
    since = timezone.now() - INVITATION_WINDOW
    recent = Invitation.objects.filter(created_at__gte=since)
    if association is not None and not association.is_verified:
        if Invitation.objects.filter(association=association).count() >= INVITATIONS_BEFORE_VERIFICATION:
            raise ValidationError(
                _(
                    "Innan kommunen har godkänt föreningen kan ni bjuda in högst %(count)d personer. "
                    "När föreningen är godkänd kan ni bjuda in fler."
                )
                % {"count": INVITATIONS_BEFORE_VERIFICATION}
            )
    elif association is not None and recent.filter(association=association).count() >= INVITATIONS_PER_ASSOCIATION:
        raise ValidationError(
            _(
                "Föreningen har skickat %(count)d inbjudningar det senaste dygnet, som är högsta antalet. "
                "Försök igen i morgon."
            )
            % {"count": INVITATIONS_PER_ASSOCIATION}
        )
    if municipality is not None and recent.filter(municipality=municipality).count() >= INVITATIONS_PER_MUNICIPALITY:
        raise ValidationError(
            _(
                "Kommunen har skickat %(count)d inbjudningar det senaste dygnet, som är högsta antalet. "
                "Försök igen i morgon."
            )
            % {"count": INVITATIONS_PER_MUNICIPALITY}
        )
    if recent.filter(email=email).count() >= INVITATIONS_PER_ADDRESS:
        raise ValidationError(
            _("%(email)s har redan fått %(count)d inbjudningar det senaste dygnet. Försök igen i morgon.")
            % {"email": email, "count": INVITATIONS_PER_ADDRESS}
        )
    if recent.filter(invited_by=by).count() >= INVITATIONS_PER_INVITER:
        raise ValidationError(
            _("Du har skickat %(count)d inbjudningar det senaste dygnet, som är högsta antalet. Försök igen i morgon.")
            % {"count": INVITATIONS_PER_INVITER}
        )


@transaction.atomic
def invitation_create(
    *, by: User, email: str, role: str, association: Association | None = None, municipality: Municipality | None = None
) -> Invitation:
    """Invite someone by e-mail to an association or to a municipality's staff.

    Inputs: the inviter, the address and role, and either an association or a municipality.
    Output: the new Invitation; its e-mail with the link is queued in the outbox and goes out
    once this commits. Raises PermissionDenied for someone who may not invite, ActionRefused for
    an unknown role, and ValidationError for an address already in, or over a limit
    (`_check_invitation_limits`)."""
    email = _normalize_email(email)
    if association is not None:
        ensure_association_admin(by, association)
        association = Association.objects.select_for_update().get(pk=association.pk)
        if role not in Role.values:
            raise ActionRefused(_("Den rollen finns inte."))
        if AssociationMembership.objects.filter(association=association, user__email__iexact=email).exists():
            raise ValidationError({"email": _("%(email)s är redan medlem i föreningen.") % {"email": email}})
        target = {"association": association}
    else:
        ensure_staff_admin(by, municipality)
        municipality = Municipality.objects.select_for_update().get(pk=municipality.pk)
        if role not in StaffMembership.Role.values:
            raise ActionRefused(_("Den rollen finns inte."))
        if StaffMembership.objects.filter(municipality=municipality, user__email__iexact=email).exists():
            raise ValidationError({"email": _("%(email)s arbetar redan här.") % {"email": email}})
        target = {"municipality": municipality}
    _check_invitation_limits(by=by, email=email, association=association, municipality=municipality)
    # A new invitation replaces an open one to the same person.
    Invitation.objects.open().filter(email=email, **target).update(revoked_at=timezone.now())
    invitation = Invitation.objects.create(
        email=email, role=role, invited_by=by, expires_at=timezone.now() + timedelta(days=INVITATION_DAYS), **target
    )
    if municipality is not None:
        AuditEvent.objects.create(
            actor=by, municipality=municipality, action=AuditEvent.Action.STAFF_INVITED, details=f"{email} ({role})"
        )
    existing = User.objects.filter(email__iexact=email).first()
    language = existing.language if existing else translation.get_language() or "sv"
    outbox.invitation_email(invitation=invitation, language=language[:2])
    return invitation


def invitation_from_token(token: str) -> Invitation:
    """The invitation a link points at, or ActionRefused saying why it cannot be used."""
    try:
        pk = signing.loads(token, salt=INVITATION_SALT)
        invitation = Invitation.objects.select_related("association", "municipality", "invited_by").get(pk=pk)
    except (signing.BadSignature, Invitation.DoesNotExist):
        raise ActionRefused(
            _("Länken till inbjudan är inte giltig. Kontrollera att du fått med hela länken.")
        ) from None
    if invitation.accepted_at is not None:
        raise ActionRefused(_("Inbjudan har redan använts. Be om en ny inbjudan om du behöver en."))
    if invitation.revoked_at is not None:
        raise ActionRefused(
            _("Inbjudan har dragits tillbaka eller ersatts av en nyare. Titta efter en senare inbjudan.")
        )
    if invitation.expires_at <= timezone.now():
        raise ActionRefused(_("Inbjudan har gått ut. Be den som bjöd in dig att skicka en ny."))
    return invitation


@transaction.atomic
def invitation_accept(*, token: str, by: User):
    """Join what the invitation is for. The link works once, for the invited address only."""
    invitation = invitation_from_token(token)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        raise ActionRefused(_("Inbjudan har redan använts. Be om en ny inbjudan om du behöver en."))
    ensure_verified(by)
    if not by.emailaddress_set.filter(email__iexact=invitation.email, verified=True).exists():
        raise PermissionDenied(
            _("Inbjudan skickades till %(email)s. Logga in med den adressen för att ta emot den.")
            % {"email": invitation.email}
        )
    if invitation.association_id:
        membership, created = AssociationMembership.objects.get_or_create(
            user=by, association=invitation.association, defaults={"role": invitation.role}
        )
        if not created:
            raise ActionRefused(_("Du är redan medlem i %(name)s.") % {"name": invitation.association.name})
        result = membership
    else:
        staff, created = StaffMembership.objects.get_or_create(
            user=by, municipality=invitation.municipality, defaults={"role": invitation.role}
        )
        if not created:
            raise ActionRefused(_("Du arbetar redan för %(name)s här.") % {"name": invitation.municipality.name})
        AuditEvent.objects.create(
            actor=by,
            municipality=invitation.municipality,
            action=AuditEvent.Action.STAFF_JOINED,
            details=f"{by.email} ({invitation.role})",
        )
        result = staff
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = by
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return result


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, by: User) -> None:
    if invitation.association_id:
        ensure_association_admin(by, invitation.association)
    else:
        ensure_staff_admin(by, invitation.municipality)
    if invitation.accepted_at is None and invitation.revoked_at is None:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])


def pending_invitations_for(user: User) -> list[Invitation]:
    """Open invitations to the user's verified addresses, shown on Mina sidor."""
    if not has_verified_email(user):
        return []
    emails = [e.lower() for e in user.emailaddress_set.filter(verified=True).values_list("email", flat=True)]
    return list(Invitation.objects.open().filter(email__in=emails).select_related("association", "municipality"))
