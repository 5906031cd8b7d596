"""E-mail from the outbox: plain text and HTML, in the recipient's language.

A row is claimed (state "sending") before its message goes out and marked sent
as soon as the SMTP server has accepted that message, so a worker killed
mid-batch leaves the rest pending for the sweep, never marked as sent.
"""

import logging
import smtplib
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.core import mail, signing
from django.db.models import F, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from assignments.models import Assignment
from members.models import NotificationPreference
from notifications.models import Kind, Notification, Topic

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
UNSUBSCRIBE_SALT = "notifications.unsubscribe"
# Rendered once per batch with this in place of the link, then filled in per recipient.
LINK_MARK = "UNSUBSCRIBE-LINK-MARK"
State = Notification.EmailState


class TemporaryFailure(Exception):
    """Some messages could not be sent now; the task tries again later."""


def unsubscribe_token(user_id: int, topic: str) -> str:
    return signing.dumps([user_id, topic], salt=UNSUBSCRIBE_SALT, compress=False)


def read_unsubscribe_token(token: str) -> tuple[int, str]:
    """The person and topic of a link. Raises signing.BadSignature for anything else."""
    value = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    if not (isinstance(value, list) and len(value) == 2 and isinstance(value[0], int) and value[1] in Topic.values):
        raise signing.BadSignature("Not an unsubscribe token")
    return value[0], value[1]


def unsubscribe_url(user_id: int, topic: str) -> str:
    return settings.SITE_URL + reverse("notifications:unsubscribe", args=[unsubscribe_token(user_id, topic)])


def _url(name: str, *args) -> str:
    return settings.SITE_URL + reverse(name, args=args)


def profile_of(user):
    try:
        return user.profile
    except user._meta.model.profile.RelatedObjectDoesNotExist:
        return None


def match_preference(user) -> str:
    profile = profile_of(user)
    return profile.notification_preference if profile else NotificationPreference.DAILY


def decide(notification: Notification) -> str:
    """ "send" now, keep for a "digest", or "skip": what the recipient asked for."""
    user = notification.recipient
    if not user.is_active:
        return "skip"
    if notification.kind == Kind.MATCH:
        preference = match_preference(user)
        if preference == NotificationPreference.OFF:
            return "skip"
        return "send" if preference == NotificationPreference.INSTANT else "digest"
    profile = profile_of(user)
    wanted = {
        Topic.MY_CLAIMS: "email_my_claims",
        Topic.CLAIMS: "email_claims",
        Topic.REMINDERS: "email_reminders",
    }[notification.topic]
    return "send" if profile is None or getattr(profile, wanted) else "skip"


def _headers(url: str) -> dict:
    # RFC 8058: mail programs may POST "List-Unsubscribe=One-Click" to the link.
    return {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


@dataclass
class Renderer:
    """Renders each distinct message once per batch; only the unsubscribe link differs per person."""

    cache: dict = field(default_factory=dict)

    def render(self, template: str, language: str, topic: str, context: dict, key=None) -> tuple[str, str, str]:
        cache_key = (template, language, topic, key)
        if key is None or cache_key not in self.cache:
            with translation.override(language):
                context = {
                    **context,
                    "language": language,
                    "topic_label": Topic(topic).label,
                    "unsubscribe_url": LINK_MARK,
                    "profile_url": _url("members:profile"),
                    "inbox_url": _url("notifications:inbox"),
                }
                subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
                body = render_to_string(f"{template}.txt", context).strip() + "\n"
                text = body + render_to_string("notifications/email/footer.txt", context)
                html = render_to_string(
                    "notifications/email/layout.html", {**context, "subject": subject, "body": body}
                )
            if key is None:
                return subject, text, html
            self.cache[cache_key] = (subject, text, html)
        return self.cache[cache_key]

    def message(self, template, user, topic, context, key=None, connection=None) -> mail.EmailMultiAlternatives:
        subject, text, html = self.render(template, user.language or "sv", topic, context, key)
        link = unsubscribe_url(user.pk, topic)
        message = mail.EmailMultiAlternatives(
            subject,
            text.replace(LINK_MARK, link),
            None,
            [user.email],
            headers=_headers(link),
            connection=connection,
        )
        message.attach_alternative(html.replace(LINK_MARK, link), "text/html")
        return message


def context_for(notification: Notification) -> dict:
    assignment = notification.assignment
    labels = [str(Assignment._meta.get_field(name).verbose_name) for name in notification.detail.split(",") if name]
    return {
        "assignment": assignment,
        "claim": notification.claim,
        "saved_search": notification.saved_search,
        "labels": labels,
        "assignment_url": _url("assignments:detail", assignment.pk),
        "manage_url": _url("assignments:manage", assignment.association.slug, assignment.pk),
        "my_url": _url("members:claims"),
    }


def _with_everything(queryset: QuerySet[Notification]) -> QuerySet[Notification]:
    return queryset.select_related(
        "recipient__profile",
        "assignment__association",
        "assignment__locality__municipality",
        "claim__resident__profile",
        "saved_search",
    ).defer("assignment__search_vector")


def _claim(ids) -> list[int]:
    """Take pending rows for sending. Rows another worker already took are left to it."""
    now = timezone.now()
    pending = Notification.objects.filter(pk__in=ids, email_state=State.PENDING)
    claimed = list(pending.values_list("pk", flat=True))
    Notification.objects.filter(pk__in=claimed, email_state=State.PENDING).update(
        email_state=State.SENDING, email_claimed_at=now
    )
    # Whatever was taken by someone else between the two statements is not ours.
    return list(
        Notification.objects.filter(pk__in=claimed, email_state=State.SENDING, email_claimed_at=now).values_list(
            "pk", flat=True
        )
    )


def _failed(notification_ids: list[int], permanent: bool) -> None:
    rows = Notification.objects.filter(pk__in=notification_ids)
    rows.update(email_attempts=F("email_attempts") + 1, email_state=State.PENDING)
    if permanent:
        rows.update(email_state=State.FAILED)
    else:
        rows.filter(email_attempts__gte=MAX_ATTEMPTS).update(email_state=State.FAILED)


def _permanent(error: Exception) -> bool:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in error.recipients.values())
    return isinstance(error, smtplib.SMTPResponseException) and error.smtp_code >= 500


def deliver(ids: list[int]) -> dict:
    """Send the e-mails of these notifications that should go out now. Safe to run again."""
    counts = {"sent": 0, "skipped": 0, "kept": 0, "failed": 0}
    rows = {n.pk: n for n in _with_everything(Notification.objects.filter(pk__in=ids, email_state=State.PENDING))}
    decisions = {pk: decide(n) for pk, n in rows.items()}
    skip = [pk for pk, decision in decisions.items() if decision == "skip"]
    Notification.objects.filter(pk__in=skip, email_state=State.PENDING).update(email_state=State.SKIPPED)
    counts["skipped"] = len(skip)
    counts["kept"] = sum(1 for d in decisions.values() if d == "digest")
    to_send = _claim([pk for pk, decision in decisions.items() if decision == "send"])
    if not to_send:
        return counts
    renderer = Renderer()
    temporary = False
    with mail.get_connection() as connection:
        for position, pk in enumerate(sorted(to_send)):
            notification = rows[pk]
            key = (notification.assignment_id, notification.claim_id, notification.saved_search_id, notification.detail)
            try:
                message = renderer.message(
                    f"notifications/email/{notification.kind}",
                    notification.recipient,
                    notification.topic,
                    context_for(notification),
                    key=(notification.kind, *key),
                    connection=connection,
                )
                message.send()
            except (smtplib.SMTPException, OSError) as error:
                permanent = _permanent(error)
                logger.warning("e-mail for notification %s refused: %s", pk, error)
                _failed([pk], permanent)
                counts["failed"] += 1
                if not permanent:
                    temporary = True
                if isinstance(error, (smtplib.SMTPServerDisconnected, OSError)) and not isinstance(
                    error, smtplib.SMTPResponseException
                ):
                    # The server is gone: hand the rest back and try again later.
                    rest = sorted(to_send)[position + 1 :]
                    Notification.objects.filter(pk__in=rest, email_state=State.SENDING).update(
                        email_state=State.PENDING
                    )
                    break
                continue
            Notification.objects.filter(pk=pk).update(email_state=State.SENT, emailed_at=timezone.now())
            counts["sent"] += 1
    logger.info("delivered notifications: %s", counts)
    if temporary:
        raise TemporaryFailure(counts)
    return counts


def release_stale_claims(older_than: timedelta = timedelta(minutes=15)) -> int:
    """Rows a worker took but never finished (it was killed) go back to the queue."""
    return Notification.objects.filter(
        email_state=State.SENDING, email_claimed_at__lt=timezone.now() - older_than
    ).update(email_state=State.PENDING)


def send_digest(user_id: int, frequency: str) -> int:
    """One e-mail with every pending match of this person. Returns how many it listed."""
    rows = _with_everything(
        Notification.objects.filter(recipient_id=user_id, kind=Kind.MATCH, email_state=State.PENDING)
    ).order_by("created_at", "pk")
    rows = list(rows)
    if not rows:
        return 0
    user = rows[0].recipient
    if not user.is_active or match_preference(user) != frequency:
        return 0
    stale = [n.pk for n in rows if n.assignment.status != Assignment.Status.PUBLISHED]
    Notification.objects.filter(pk__in=stale).update(email_state=State.SKIPPED)
    claimed = set(_claim([n.pk for n in rows if n.pk not in stale]))
    items = [n for n in rows if n.pk in claimed]
    if not items:
        return 0
    context = {
        "frequency": frequency,
        "items": [
            {
                "assignment": n.assignment,
                "saved_search": n.saved_search,
                "url": _url("assignments:detail", n.assignment_id),
            }
            for n in items
        ],
    }
    message = Renderer().message("notifications/email/digest", user, Topic.MATCHES, context)
    try:
        message.send()
    except (smtplib.SMTPException, OSError) as error:
        logger.warning("digest for user %s refused: %s", user_id, error)
        _failed([n.pk for n in items], _permanent(error))
        if _permanent(error):
            return 0
        raise TemporaryFailure(user_id) from error
    Notification.objects.filter(pk__in=claimed).update(email_state=State.SENT, emailed_at=timezone.now())
    logger.info("sent a %s digest of %d assignments to user %s", frequency, len(items), user_id)
    return len(items)
