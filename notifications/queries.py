from django.db.models import QuerySet

from notifications.models import Notification


def inbox(user) -> QuerySet[Notification]:
    """A person's notifications, newest first, with everything the inbox shows."""
    return (
        Notification.objects.filter(recipient=user)
        .select_related("assignment__association", "assignment__locality", "claim__resident__profile", "saved_search")
        .defer("assignment__search_vector", "assignment__description")
        .order_by("-created_at", "-id")
    )
