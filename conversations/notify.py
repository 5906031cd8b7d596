"""What people hear about threads: a new message, and a report to the municipality.

Written in the caller's transaction through notifications.services.notify, so the inbox row
is the outbox and the e-mail follows each person's preference (notifications.email.decide).
"""

from django.urls import reverse

from assignments.models import Claim
from conversations.models import Message, MessageReport, Side
from notifications.models import Kind, Notification
from notifications.services import managers_of, notify


def message_posted(message: Message) -> None:
    """Tell the other side of the thread about a new message: the resident, or each admin and
    coordinator of the association (not the writer).

    A burst of messages makes one notice, not one e-mail each: someone who has an unread notice
    of the thread gets no new one until they open the thread (services.thread_mark_read marks
    it read) or the notice. Each notice is unique per message (`ref` "msg-<pk>")."""
    claim = message.claim
    assignment = claim.assignment
    if message.side == Side.RESIDENT:
        kind = Kind.MESSAGE_TO_ASSOCIATION
        recipients = [user for user in managers_of(assignment) if user.pk != message.author_id]
    else:
        kind = Kind.MESSAGE_TO_RESIDENT
        recipients = [claim.resident] if claim.resident.erased_at is None else []
    waiting = set(
        Notification.objects.filter(
            kind=kind, claim=claim, recipient__in=[user.pk for user in recipients], read_at__isnull=True
        ).values_list("recipient_id", flat=True)
    )
    fresh = [user for user in recipients if user.pk not in waiting]
    if fresh:
        notify(kind, fresh, assignment, claim=claim, ref=f"msg-{message.pk}")


def message_reported(report: MessageReport) -> None:
    """Tell the admins of the municipality where the assignment is that a message was reported."""
    from members.models import User
    from municipalities.models import StaffMembership

    claim = report.message.claim
    admins = User.objects.filter(
        staff_memberships__municipality_id=claim.assignment.locality.municipality_id,
        staff_memberships__role=StaffMembership.Role.ADMIN,
    )
    notify(Kind.MESSAGE_REPORTED, admins, claim.assignment, claim=claim, ref=f"report-{report.pk}")


def _pk(ref: str, prefix: str) -> int | None:
    value = ref.removeprefix(prefix)
    return int(value) if ref.startswith(prefix) and value.isascii() and value.isdigit() else None


def thread_path(notification: Notification) -> str:
    """Where a notice about a thread leads its recipient (a path): the resident's thread, the
    association's, or the municipality's reading of a reported thread. Input: a row with its
    assignment (and its association) loaded."""
    claim_id = notification.claim_id
    assignment = notification.assignment
    if notification.kind == Kind.MESSAGE_TO_RESIDENT:
        return reverse("conversations:resident", args=[claim_id])
    if notification.kind == Kind.MESSAGE_TO_ASSOCIATION:
        return reverse("conversations:association", args=[assignment.association.slug, assignment.pk, claim_id])
    code = assignment.locality.municipality.code
    return reverse("conversations:staff_thread", args=[code, claim_id])


def still_there(notification: Notification) -> bool:
    """Whether the message or report a thread notice tells of still exists (a deleted account
    takes its messages along; see conversations.services.erase_for_account_deletion)."""
    if notification.kind == Kind.MESSAGE_REPORTED:
        pk = _pk(notification.ref, "report-")
        return pk is not None and MessageReport.objects.filter(pk=pk).exists()
    pk = _pk(notification.ref, "msg-")
    return pk is not None and Message.objects.filter(pk=pk, claim_id=notification.claim_id).exists()


def email_context(notification: Notification, *, site_url: str) -> dict:
    """What a thread notice's e-mail says besides the assignment: the thread's address and, for
    a message, who wrote it and its text (or that a phone number was shared). A report's
    e-mail to the municipality carries no text from the thread: they read it on the site."""
    claim: Claim = notification.claim
    context = {"thread_url": site_url + thread_path(notification), "message_text": "", "phone_shared": False}
    pk = _pk(notification.ref, "msg-")
    message = Message.objects.filter(pk=pk, claim_id=notification.claim_id).first() if pk else None
    if message is not None:
        context["phone_shared"] = message.kind == Message.Kind.PHONE
        context["message_text"] = "" if context["phone_shared"] else message.body
    context["resident_name"] = claim.resident.display_name if claim else ""
    return context
