"""Who may see what of a resident's pathway. Checked on every request, from the database:
a consent withdrawn, or a supporter role taken away, ends access on the next request."""

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from associations.models import Association, AssociationMembership
from pathways.models import AccessLogEntry, SupportLink

MANAGER_ROLES = (AssociationMembership.Role.ADMIN, AssociationMembership.Role.COORDINATOR)


def supporter_memberships(user) -> QuerySet[AssociationMembership]:
    """The user's memberships in which they are a supporter (admin or coordinator marked as such)."""
    if not user.is_authenticated:
        return AssociationMembership.objects.none()
    return AssociationMembership.objects.filter(user=user, is_supporter=True, role__in=MANAGER_ROLES)


def _still_supporter() -> Exists:
    """The link's supporter is still a supporter of its association, and the association is
    approved: a suspension by the municipality pauses its supporters' access too."""
    return Exists(
        AssociationMembership.objects.filter(
            user_id=OuterRef("supporter_id"),
            association_id=OuterRef("association_id"),
            association__verification=Association.Verification.VERIFIED,
            is_supporter=True,
            role__in=MANAGER_ROLES,
        )
    )


def active_links() -> QuerySet[SupportLink]:
    """Links that give access now: ACTIVE, and the supporter still a supporter of the association."""
    return SupportLink.objects.filter(Q(status=SupportLink.Status.ACTIVE) & _still_supporter())


def current_supporter_links(resident) -> QuerySet[SupportLink]:
    """The resident's links that give access now, with the supporter and association loaded."""
    return active_links().filter(resident=resident).select_related("supporter__profile", "association")


def supporter_link(user, link_pk: int) -> SupportLink:
    """The supporter's own link `link_pk`, whatever its status.

    Raises Http404 when there is no such link or it is someone else's, so a forged id tells
    nothing; the caller then decides what the link's status allows (`ensure_access`)."""
    if not user.is_authenticated:
        raise Http404
    link = (
        SupportLink.objects.filter(pk=link_pk, supporter=user)
        .select_related("resident__profile", "association")
        .first()
    )
    if link is None:
        raise Http404
    return link


def ensure_access(link: SupportLink, share: str | None = None) -> None:
    """Refuse unless the link gives its supporter access now, to `share` (a Share value) if given.

    Raises PermissionDenied with a sentence that says why: the link has not started or has
    ended, the supporter is no longer a supporter of the association, or the resident does not
    share that part. Reads the database, so a change made a moment ago counts."""
    fresh = (
        SupportLink.objects.filter(pk=link.pk).annotate(still=_still_supporter()).select_related("association").first()
    )
    if fresh is None:
        raise Http404
    if fresh.status != SupportLink.Status.ACTIVE:
        if fresh.status in (SupportLink.Status.REQUESTED, SupportLink.Status.INVITED):
            raise PermissionDenied(_("Stödet har inte börjat än. Du ser invånarens uppgifter när ni båda har sagt ja."))
        raise PermissionDenied(
            _("Stödet är avslutat. Du kan inte längre se invånarens uppgifter, och inget av det finns kvar hos dig.")
        )
    if not fresh.still and fresh.association.verification == Association.Verification.SUSPENDED:
        raise PermissionDenied(
            _(
                "Kommunen har stängt av %(association)s. Så länge avstängningen gäller kan du inte se "
                "invånarens uppgifter."
            )
            % {"association": fresh.association.name}
        )
    if not fresh.still:
        raise PermissionDenied(
            _("Du är inte längre handledare i %(association)s, och kan därför inte se invånarens uppgifter.")
            % {"association": link.association.name}
        )
    if share and not fresh.shares(share):
        raise PermissionDenied(_("Invånaren delar inte den här delen med dig."))
    # The view shows what the resident shares now, not what the loaded row said.
    for field in ("shares_profile", "shares_claims", "shares_intake", "shares_milestones", "status"):
        setattr(link, field, getattr(fresh, field))


def log_access(*, link: SupportLink, action: str, subject: str) -> AccessLogEntry:
    """Record that the link's supporter read or changed (`action`, AccessLogEntry.Action) part of
    the resident's data (`subject`, AccessLogEntry.Subject), now. Returns the new row."""
    supporter = link.supporter
    return AccessLogEntry.objects.create(
        resident_id=link.resident_id,
        actor=supporter,
        actor_name=supporter.display_name[:80],
        association_name=link.association.name[:150],
        action=action,
        subject=subject,
    )


def supporter_view(user, link_pk: int, *, subject: str, share: str | None = None, write: bool = False) -> SupportLink:
    """The one check every supporter page makes: the supporter's own link (404 otherwise), live
    access to `share` (PermissionDenied otherwise), and a line in the resident's access log.

    Inputs: the request's user, the link id from the URL, the AccessLogEntry.Subject read or
    written, the Share it needs (None for the overview and notes) and whether it is a write."""
    link = supporter_link(user, link_pk)
    ensure_access(link, share)
    log_access(
        link=link,
        action=AccessLogEntry.Action.WRITE if write else AccessLogEntry.Action.READ,
        subject=subject,
    )
    return link
