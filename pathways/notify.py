"""The notifications of the support pathway: inbox rows, which are also the e-mail outbox.

Link events are rows about the link's association with `ref` "link-<pk>-<event>", so that
each event is told once and the message can find the link again (notifications.email);
a recommendation is a row about its assignment with `ref` "rec-<pk>"."""

from notifications.models import Kind
from notifications.services import notify, notify_association


def _link_ref(link, event: str) -> str:
    return f"link-{link.pk}-{event}"


def support_requested(link) -> None:
    """Tell the supporter that a resident asks for support."""
    notify_association(
        kind=Kind.SUPPORT_REQUESTED, association=link.association, recipients=[link.supporter], ref=_link_ref(link, "r")
    )


def support_invited(link) -> None:
    """Tell the resident that a supporter invites them."""
    notify_association(
        kind=Kind.SUPPORT_INVITED, association=link.association, recipients=[link.resident], ref=_link_ref(link, "i")
    )


def support_accepted(link, *, to) -> None:
    """Tell the side that asked (`to`) that the other said yes."""
    notify_association(
        kind=Kind.SUPPORT_ACCEPTED, association=link.association, recipients=[to], ref=_link_ref(link, "a")
    )


def support_ended(link, *, to) -> None:
    """Tell the other side (`to`) that an active link has ended."""
    notify_association(kind=Kind.SUPPORT_ENDED, association=link.association, recipients=[to], ref=_link_ref(link, "e"))


def recommended(recommendation) -> None:
    """Tell the resident about the assignment their supporter tips them about."""
    notify(
        Kind.RECOMMENDATION,
        [recommendation.resident],
        recommendation.assignment,
        ref=f"rec-{recommendation.pk}",
    )


def link_pk_from_ref(ref: str) -> int | None:
    """The link's pk in a link event's `ref` ("link-12-a" → 12); None for any other ref."""
    parts = ref.split("-")
    if len(parts) == 3 and parts[0] == "link" and parts[1].isascii() and parts[1].isdigit():
        return int(parts[1])
    return None


def recommendation_pk_from_ref(ref: str) -> int | None:
    """The recommendation's pk in its row's `ref` ("rec-7" → 7); None for any other ref."""
    head, _sep, tail = ref.partition("-")
    if head == "rec" and tail.isascii() and tail.isdigit():
        return int(tail)
    return None
