from django.db.models import Q, QuerySet
from django.urls import reverse

from members.models import MemberProfile
from notifications.models import SUPPORT_KINDS, Kind, Notification
from pathways.access import supporter_memberships
from pathways.models import Recommendation, SupportLink

# What people who never saved a profile get.
DEFAULT_PREFERENCE = MemberProfile._meta.get_field("notification_preference").default


def prefers(*preferences: str) -> Q:
    """Notifications whose recipient's preference for matches is one of these (no profile: the default)."""
    condition = Q(recipient__profile__notification_preference__in=preferences)
    if DEFAULT_PREFERENCE in preferences:
        condition |= Q(recipient__profile__isnull=True)
    return condition


def inbox(user) -> QuerySet[Notification]:
    """A person's notifications, newest first, with everything the inbox shows."""
    return (
        Notification.objects.filter(recipient=user)
        .select_related(
            "assignment__association",
            "assignment__locality",
            "association",
            "claim__resident__profile",
            "saved_search",
        )
        .defer("assignment__search_vector", "assignment__description")
        .order_by("-created_at", "-id")
    )


def with_recommendations(notifications: list[Notification]) -> list[Notification]:
    """The same rows, each recommendation row with `recommendation` set: the supporter's tip
    (pathways.Recommendation, with the supporter's profile and association) it tells of, or None
    when that row is gone. One query, and only when there are such rows; others are left as they are."""
    from pathways.notify import recommendation_pk_from_ref  # see with_support_links

    wanted = {n.pk: recommendation_pk_from_ref(n.ref) for n in notifications if n.kind == Kind.RECOMMENDATION}
    if not wanted:
        return notifications
    found = Recommendation.objects.select_related("supporter__profile", "association").in_bulk(
        [pk for pk in wanted.values() if pk]
    )
    for n in notifications:
        if n.pk in wanted:
            recommendation = found.get(wanted[n.pk])
            # Only ever the recipient's own tip, whatever the ref says.
            mine = recommendation is not None and recommendation.resident_id == n.recipient_id
            n.recommendation = recommendation if mine else None
    return notifications


def with_support_links(notifications: list[Notification]) -> list[Notification]:
    """The same rows, each link event's row with `support_link` set: the link (pathways.SupportLink,
    with both people's profiles) it tells of, or None when the link is gone with an account.
    One query, and only when there are such rows; others are left as they are."""
    # pathways.notify imports the outbox, which imports this module: imported when used.
    from pathways.notify import link_pk_from_ref

    wanted = {n.pk: link_pk_from_ref(n.ref) for n in notifications if n.kind in SUPPORT_KINDS}
    if not wanted:
        return notifications
    found = SupportLink.objects.select_related("resident__profile", "supporter__profile").in_bulk(
        [pk for pk in wanted.values() if pk]
    )
    for n in notifications:
        if n.pk in wanted:
            link = found.get(wanted[n.pk])
            mine = link is not None and n.recipient_id in (link.resident_id, link.supporter_id)
            n.support_link = link if mine else None
    return notifications


def support_target_url(notification: Notification, link) -> str:
    """Where a support link event leads its recipient, as a path. `link`: the row's `support_link` (with_support_links).

    The resident goes to their path, where invitations wait and their supporters are listed.
    The supporter goes to the link's page while the support is on (the page opens only then),
    and otherwise to their home, where requests wait for an answer and ended links are listed.
    When the link is gone with the other side's account, the recipient is taken for a supporter
    if they support anyone (one query); a request only ever goes to a supporter."""

    if link is not None and notification.recipient_id == link.resident_id:
        return reverse("pathways:my_path")
    if link is not None:
        if link.status == SupportLink.Status.ACTIVE:
            return reverse("pathways:supporter_link", args=[link.pk])
        return reverse("pathways:supporter_home")
    if notification.kind == Kind.SUPPORT_REQUESTED or supporter_memberships(notification.recipient).exists():
        return reverse("pathways:supporter_home")
    return reverse("pathways:my_path")
