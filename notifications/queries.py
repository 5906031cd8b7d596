from django.db.models import Q, QuerySet

from members.models import MemberProfile
from notifications.models import Notification

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
