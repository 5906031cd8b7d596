"""Signing up residents who called or came by, and keeping (and deleting) those without an account.

A coordinator or admin of the association does it from the assignment's page. The claim itself
is made by assignments.services.claim_register, the same path and row lock as a resident's own
sign-up; this module finds or makes the resident first.
"""

import secrets

from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assignments import services as assignment_services
from assignments.models import Assignment, Claim
from members.models import MemberProfile, NotificationPreference, User
from offline.models import OfflineResident


def resident_by_email(email: str) -> User | None:
    """The account whose verified e-mail address is exactly `email` (any letter case), or None.

    Why an address typed in full and no search by name: a search would show a coordinator who
    has an account here, and the address is something the resident gives them on the phone.
    Only verified addresses count, so an account someone opened in another person's name is
    not found; accounts that cannot log in (deleted people, people without an account) are
    never found. Input: the address as typed. Output: a User or None. Raises nothing."""
    address = (email or "").strip()
    if not address:
        return None
    found = (
        EmailAddress.objects.filter(email__iexact=address, verified=True, user__is_active=True)
        .filter(user__erased_at__isnull=True)
        .select_related("user__profile")
        .first()
    )
    return found.user if found else None


def offline_resident_for(*, association, name: str, phone: str, by: User) -> User:
    """The login-less account for the person called `name` with the phone number `phone`
    (E.164, offline.phone) in this association's records: the one already there when both the
    number and the name (any letter case) match, so one person is one resident in every count
    and cannot be signed up twice; otherwise a new one (members.User inactive, unusable password,
    an address under .invalid; a profile with the name alone that asks for nothing; an
    OfflineResident row with the phone, the consent time and `by`). Two people sharing a
    landline are two residents. Call inside a transaction. Output: the User."""
    name = " ".join(name.split())
    for record in OfflineResident.objects.filter(association=association, phone=phone).select_related("user__profile"):
        if record.user.display_name.casefold() == name.casefold():
            return record.user
    user = User(email=f"telefon-{secrets.token_hex(12)}@invalid", is_active=False)
    user.set_unusable_password()
    user.save()
    MemberProfile.objects.create(
        user=user,
        display_name=name,
        notification_preference=NotificationPreference.OFF,
        email_my_claims=False,
        email_claims=False,
        email_reminders=False,
    )
    OfflineResident.objects.create(
        user=user, association=association, phone=phone, registered_by=by, consent_at=timezone.now()
    )
    user.refresh_from_db()
    return user


@transaction.atomic
def claim_register_by_phone(
    *,
    assignment: Assignment,
    by: User,
    resident_agreed: bool,
    email: str = "",
    name: str = "",
    phone: str = "",
    message: str = "",
) -> Claim:
    """Sign up a resident who called or came by, for `assignment`, as the manager `by`.

    Either `email` (an account's verified address, typed in full: resident_by_email) or
    `name` and `phone` (E.164) of a person without an account (offline_resident_for).
    `resident_agreed` is the tick that the resident said yes. Everything happens in one
    transaction: a refused sign-up leaves no new person behind. Output: the Claim, marked
    registered_by/registered_at. Raises PermissionDenied (not a manager of the association),
    ValidationError ({"email": ...}, {"resident_agreed": ...}) or TransitionError (the
    sign-up rules: closed, full, already signed up)."""
    assignment_services.ensure_can_manage(by, assignment.association)
    if not resident_agreed:
        raise ValidationError(
            {"resident_agreed": _("Kryssa i att invånaren har sagt ja. Utan det kan du inte anmäla hen.")}
        )
    if email:
        resident = resident_by_email(email)
        if resident is None:
            raise ValidationError(
                {
                    "email": _(
                        "Vi hittar inget konto med den bekräftade e-postadressen. Kontrollera adressen med "
                        "invånaren, eller anmäl hen med namn och telefonnummer i stället."
                    )
                }
            )
    else:
        resident = offline_resident_for(association=assignment.association, name=name, phone=phone, by=by)
    return assignment_services.claim_register(
        assignment=assignment, resident=resident, by=by, resident_agreed=resident_agreed, message=message
    )


@transaction.atomic
def offline_resident_delete(*, offline_resident: OfflineResident, by: User) -> None:
    """Delete a person without an account and everything about them, as the association's manager.

    What deleting an account does (members.services.user_delete), without the e-mail: sign-ups
    waiting for an answer, and places on work still to come, are withdrawn (the place opens
    again); every claim then moves to a new anonymous account ("Tidigare deltagare") with its
    texts emptied, so the association's history and the municipality's figures stay; then the
    account, its profile (the name) and this record (the phone number) are deleted. Inputs:
    the record and the manager acting. Raises PermissionDenied if `by` does not manage the
    association. Art. 17 GDPR."""
    from members.services import _keep_history, kept_claims

    assignment_services.ensure_can_manage(by, offline_resident.association)
    user = offline_resident.user
    keep = set(kept_claims(user).values_list("pk", flat=True))
    taken = set(assignment_services.TAKEN_STATUSES)
    releasing = Claim.objects.filter(resident=user, status__in=assignment_services.OPEN_CLAIM_STATUSES).exclude(
        pk__in=keep
    )
    for claim in releasing.order_by("assignment_id"):
        claim, assignment = assignment_services._locked_claim(claim)
        if claim.status not in assignment_services.OPEN_CLAIM_STATUSES:
            continue
        held_place = claim.status in taken
        claim.status = Claim.Status.WITHDRAWN
        claim.save(update_fields=["status", "updated_at"])
        if held_place:
            assignment_services._free_place(assignment)
    _keep_history(user)
    user.delete()
