from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from assignments.skills import own_skills_set
from members.models import MemberProfile, SituationChange, User


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


def user_deletion_refusals(user: User) -> list[str]:
    """Why `user` cannot be deleted now, one sentence per reason; an empty list when it can.

    The rule: every association keeps at least one admin, so the last admin of an
    association is not deleted until someone else has been made admin.
    """
    from associations.models import AssociationMembership

    Role = AssociationMembership.Role
    other_admins = AssociationMembership.objects.filter(
        association_id=OuterRef("association_id"), role=Role.ADMIN
    ).exclude(user_id=user.pk)
    sole = (
        AssociationMembership.objects.filter(user=user, role=Role.ADMIN)
        .exclude(Exists(other_admins))
        .values_list("association__name", flat=True)
        .order_by("association__name")
    )
    return [
        _(
            "%(email)s är den enda administratören för %(association)s. "
            "Gör någon annan till administratör för föreningen först."
        )
        % {"email": user.email, "association": name}
        for name in sole
    ]


@transaction.atomic
def user_delete(*, user: User, by: User) -> None:
    """Delete an account and everything personal in it, keeping what others rely on intact.

    Inputs: the account, and who deletes it (the person themselves, or a platform
    admin allowed to delete users). Every pending or accepted claim is withdrawn
    first, so its place opens again and the association hears of it; hours
    already reported or confirmed go with the account, and their places are
    given back too, so the counter always matches the claims that exist.
    Every live support link is ended first, so the other side is told; a resident's
    intake, milestones, notes about them, tips, consent history and access log go
    with the account, and notes a supporter wrote stay with their residents.
    Raises PermissionDenied if `by` may not delete the account, and
    AccountDeletionRefused (nothing changed) if it is the last admin of an association.
    """
    from associations.models import AssociationMembership

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
    _release_claims(user)
    _end_support_links(user)
    user.delete()


def _end_support_links(user: User) -> None:
    """End the user's live support links, on either side, through the pathway's own transition,
    so the other side hears that the support has ended. The links then go with the account (and
    their consent history with them); the notice stands alone and names nobody."""
    from pathways.models import SupportLink
    from pathways.services import link_end

    live = SupportLink.objects.filter(status__in=SupportLink.LIVE).filter(Q(resident=user) | Q(supporter=user))
    for link in live.order_by("pk"):
        link_end(link=link, by=user)
    # A resident's consent history stays with the resident, naming the supporter as they were.
    SupportLink.objects.filter(supporter=user).update(supporter_name=user.display_name[:80])


def _release_claims(user: User) -> None:
    """Give back every place the user holds, through the assignment lifecycle's own helpers."""
    from assignments import services as assignment_services
    from assignments.models import Claim
    from notifications.models import Kind
    from notifications.services import managers_of, notify

    taken = set(assignment_services.TAKEN_STATUSES)
    open_statuses = set(assignment_services.OPEN_CLAIM_STATUSES)
    for claim in Claim.objects.filter(resident=user, status__in=taken | open_statuses).order_by("assignment_id"):
        claim, assignment = assignment_services._locked_claim(claim)
        held_place = claim.status in taken
        if claim.status in open_statuses:
            claim.status = Claim.Status.WITHDRAWN
            claim.save(update_fields=["status", "updated_at"])
            # The claim row goes with the account, and a notification tied to it would
            # go too: the association's notice stands alone and names nobody.
            notify(Kind.CLAIM_WITHDRAWN, managers_of(assignment), assignment, ref=f"deleted-{claim.pk}")
        if held_place:
            assignment_services._free_place(assignment)
