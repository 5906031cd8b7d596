"""E-mail from the outbox: plain text and HTML, in the recipient's language.

A row is claimed (state "sending") before its message goes out and marked sent
as soon as the SMTP server has accepted that message, so a worker killed
mid-batch leaves the rest pending for the sweep, never marked as sent.
"""

import logging
import re
import smtplib
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from email.utils import formatdate, make_msgid
from functools import partial

from django import db
from django.conf import settings
from django.core import mail, signing
from django.core.mail.message import forbid_multi_line_headers, sanitize_address
from django.core.mail.utils import DNS_NAME
from django.db.models import F, QuerySet, prefetch_related_objects
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.safestring import mark_safe

from assignments.models import Assignment
from assignments.queries import is_open_for_claims
from members.models import NotificationPreference
from notifications.models import (
    ASSIGNMENT_KINDS,
    MESSAGE_KINDS,
    PROFILE_FIELD_OF_TOPIC,
    SUPPORT_KINDS,
    Kind,
    Notification,
    Topic,
)
from notifications.queries import DEFAULT_PREFERENCE, support_target_url, with_recommendations, with_support_links
from uppdragsbanken.fields import ascii_int
from uppdragsbanken.links import is_own_url

logger = logging.getLogger(__name__)

# A temporary refusal (greylisting, a relay down for a while) is tried again until a day has passed.
GIVE_UP_AFTER = timedelta(days=1)
UNSUBSCRIBE_SALT = "notifications.unsubscribe"
# Rendered once per batch with this in place of the link, then filled in per recipient.
LINK_MARK = "UNSUBSCRIBE-LINK-MARK"
# In the MIME form of a message (Renderer.send), also filled in per recipient.
DATE_MARK, ID_MARK, TO_MARK = "DATE-MARK", "<MESSAGE-ID-MARK>", "recipient@to-mark.invalid"
TOKEN_MARK = "UNSUBSCRIBE-TOKEN-MARK"
State = Notification.EmailState


class TemporaryFailure(Exception):
    """Some messages could not be sent now; the task tries again later."""


# Where an address in a text ends: whitespace, or a character that cannot be in one.
CANDIDATE = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://[^\s<>\"']+|//[^\s<>\"']+", re.IGNORECASE)
TRAILING = ".,;:!?)]}”’»"


def _linked(text: str) -> str:
    """The text escaped, with only the site's own addresses made into links."""
    pieces, position = [], 0
    for match in CANDIDATE.finditer(text):
        url = match.group(0).rstrip(TRAILING)
        end = match.start() + len(url)
        pieces.append(escape(text[position : match.start()]))
        if is_own_url(url):
            pieces.append(f'<a href="{escape(url)}">{escape(url)}</a>')
        else:
            pieces.append(escape(url))
        position = end
    pieces.append(escape(text[position:]))
    return "".join(pieces)


def html_body(text: str) -> str:
    """The text as HTML paragraphs, with only the site's own addresses as links.

    Titles and messages are written by associations and residents; an address in
    them stays text, so nobody can send a link that looks like it comes from us.
    """
    paragraphs = []
    for part in re.split(r"\n{2,}", text.strip()):
        paragraphs.append("<p>" + _linked(part).replace("\n", "<br>\n") + "</p>")
    return mark_safe("\n\n".join(paragraphs))  # noqa: S308  (everything above is escaped)


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


def match_preference(user) -> str:
    profile = getattr(user, "profile", None)
    return profile.notification_preference if profile else DEFAULT_PREFERENCE


def decide(notification: Notification) -> str:
    """ "send" now, keep for a "digest", or "skip": what the recipient asked for."""
    if notification.kind == Kind.INVITATION:
        # An invitation withdrawn, replaced or used before its e-mail went out is not sent.
        return "send" if notification.invitation_id and _is_open(notification.invitation) else "skip"
    if notification.kind == Kind.ACCOUNT:
        return "send" if notification.message else "skip"
    user = notification.recipient
    if not user.is_active:
        return "skip"
    if notification.kind == Kind.MATCH:
        if not is_open_for_claims(notification.assignment):
            return "skip"  # filled, cancelled, begun or over since: a sign-up link would lead nowhere
        preference = match_preference(user)
        if preference == NotificationPreference.OFF:
            return "skip"
        return "send" if preference == NotificationPreference.INSTANT else "digest"
    if notification.kind in SUPPORT_KINDS:
        return _decide_support(notification)
    if notification.kind in MESSAGE_KINDS:
        from conversations.notify import still_there

        if not still_there(notification):
            return "skip"  # the message went with its writer's account before the e-mail did
    if notification.kind == Kind.RECOMMENDATION:
        # Always sent while it can be acted on, whatever the profile says about claims: the
        # resident chose to have a supporter, and ends the tips by ending the support.
        # Not once the support has ended (or paused) before it went out: the tip came with it.
        recommendation = _pathway_row(notification, "recommendation")
        if recommendation is None or not is_open_for_claims(notification.assignment):
            return "skip"
        return "send" if _still_supported(recommendation) else "skip"
    if notification.kind == Kind.WAITLIST_OFFER and not _waiting_entry(notification).offer_is_live():
        return "skip"  # answered, lapsed or gone before its turn came: nothing to say yes to
    if notification.topic is None:
        return "send"  # about the person's own association: not something to turn off
    profile = getattr(user, "profile", None)
    wanted = PROFILE_FIELD_OF_TOPIC[notification.topic]
    return "send" if profile is None or getattr(profile, wanted) else "skip"


def _still_supported(recommendation) -> bool:
    """Whether the tip's supporter still supports the resident now (pathways.access)."""
    from pathways.access import active_links

    return (
        recommendation.supporter_id is not None
        and active_links()
        .filter(supporter_id=recommendation.supporter_id, resident_id=recommendation.resident_id)
        .exists()
    )


def _decide_support(notification: Notification) -> str:
    """A link event is always sent (nobody turns off hearing that someone asks, answers or ends),
    unless it is out of date when its turn comes: a request or invitation already answered or
    withdrawn, a "yes" to a support that has ended since, or a link gone with the other side's
    account. That the support ended is told even then."""
    if notification.kind == Kind.SUPPORT_ENDED:
        return "send"
    link = _pathway_row(notification, "support_link")
    if link is None:
        return "skip"
    still = {
        Kind.SUPPORT_REQUESTED: link.Status.REQUESTED,
        Kind.SUPPORT_INVITED: link.Status.INVITED,
        Kind.SUPPORT_ACCEPTED: link.Status.ACTIVE,
    }[notification.kind]
    return "send" if link.status == still else "skip"


def _pathway_row(notification: Notification, name: str):
    """The row's `support_link` or `recommendation`, loaded now unless deliver() loaded the batch's."""
    if not hasattr(notification, name):
        if name == "support_link":
            with_support_links([notification])
        else:
            with_recommendations([notification])
    return getattr(notification, name)


def _is_open(invitation) -> bool:
    return invitation.accepted_at is None and invitation.revoked_at is None and invitation.expires_at > timezone.now()


def _headers(url: str) -> dict:
    # RFC 8058: mail programs may POST "List-Unsubscribe=One-Click" to the link.
    return {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


@dataclass
class Renderer:
    """Renders each distinct message once per batch; only the unsubscribe link differs per person.

    Over SMTP (`send`), each distinct message is also turned into MIME once, with marks
    for what differs per person; building a MIME message costs several times more than
    rendering it, and a batch of matches is one message with many recipients.
    """

    cache: dict = field(default_factory=dict)
    wire: dict = field(default_factory=dict)
    unsubscribe: str | None = None

    def render(
        self, template: str, language: str, topic: str, context: dict | Callable[[], dict], key=None
    ) -> tuple[str, str, str]:
        """`context` is a dict, or a function that returns one: then it is only called on a cache miss."""
        cache_key = (template, language, topic, key)
        if key is None or cache_key not in self.cache:
            with translation.override(language):
                context = {
                    **(context() if callable(context) else context),
                    "language": language,
                    "topic_label": Topic(topic).label if topic else "",
                    "unsubscribe_url": LINK_MARK if topic else "",
                    "profile_url": _url("members:profile"),
                    "inbox_url": _url("notifications:inbox"),
                }
                subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
                body = render_to_string(f"{template}.txt", context).strip() + "\n"
                text = body + render_to_string("notifications/email/footer.txt", context)
                html = render_to_string(
                    "notifications/email/layout.html", {**context, "subject": subject, "body": html_body(body)}
                )
            if key is None:
                return subject, text, html
            self.cache[cache_key] = (subject, text, html)
        return self.cache[cache_key]

    def link(self, user_id: int, topic: str) -> str:
        """unsubscribe_url(), with the URL reversed once per batch."""
        if self.unsubscribe is None:
            self.unsubscribe = _url("notifications:unsubscribe", TOKEN_MARK)
        return self.unsubscribe.replace(TOKEN_MARK, unsubscribe_token(user_id, topic))

    def message(self, template, user, topic, context, key=None, connection=None) -> mail.EmailMultiAlternatives:
        subject, text, html = self.render(template, user.language or "sv", topic, context, key)
        link = self.link(user.pk, topic) if topic else ""
        return _email(subject, text, html, user.email, link, connection=connection)

    def send(self, template, user, topic, context, key, connection) -> None:
        """Send one person's message over the open `connection`. Raises what smtplib raises."""
        smtp = getattr(connection, "connection", None)
        language = user.language or "sv"
        wire_key = (template, language, topic, key)
        # A message without a topic (a tip from a supporter) has no link to fill in: it goes the plain way.
        if key is not None and topic and isinstance(smtp, smtplib.SMTP) and wire_key not in self.wire:
            self.wire[wire_key] = _wire_form(*self.render(template, language, topic, context, key))
        wire = self.wire.get(wire_key)
        if wire is None:  # not SMTP (console, locmem), or a message that needs its own encoding
            self.message(template, user, topic, context, key, connection).send()
            return
        sender, data = wire
        encoding = settings.DEFAULT_CHARSET
        for mark, value in (
            (DATE_MARK, formatdate(localtime=settings.EMAIL_USE_LOCALTIME)),
            (ID_MARK, make_msgid(domain=DNS_NAME)),
            (TO_MARK, forbid_multi_line_headers("To", user.email, encoding)[1]),
        ):
            data = data.replace(mark.encode(), value.encode(), 1)
        data = data.replace(LINK_MARK.encode(), self.link(user.pk, topic).encode())
        smtp.sendmail(sender, [sanitize_address(user.email, encoding)], data)


def _email(subject, text, html, to, link, headers=None, connection=None) -> mail.EmailMultiAlternatives:
    message = mail.EmailMultiAlternatives(
        subject,
        text.replace(LINK_MARK, link) if link else text,
        None,
        [to],
        headers={**(headers or {}), **(_headers(link) if link else {})},
        connection=connection,
    )
    if html:
        message.attach_alternative(html.replace(LINK_MARK, link) if link else html, "text/html")
    return message


# The messages that are not about an assignment: one template each, nothing to unsubscribe from.
TEMPLATE_OF_KIND = {
    Kind.ASSOCIATION_VERIFIED: "associations/email/verified",
    Kind.ASSOCIATION_REJECTED: "associations/email/rejected",
    Kind.INVITATION: "associations/email/invitation",
    Kind.ASSOCIATION_SUSPENDED: "notifications/email/association_suspended",
    Kind.ASSOCIATION_REINSTATED: "notifications/email/association_reinstated",
    Kind.ASSOCIATION_WAITING: "notifications/email/association_waiting",
    Kind.SUPPORT_REQUESTED: "notifications/email/support_requested",
    Kind.SUPPORT_INVITED: "notifications/email/support_invited",
    Kind.SUPPORT_ACCEPTED: "notifications/email/support_accepted",
    Kind.SUPPORT_ENDED: "notifications/email/support_ended",
}


def _direct_context(notification: Notification) -> dict:
    if notification.kind == Kind.INVITATION:
        from associations.services import INVITATION_DAYS, invitation_url

        invitation = notification.invitation
        return {
            "invitation": invitation,
            "url": invitation_url(invitation),
            "inviter": invitation.invited_by.display_name,
            "days": INVITATION_DAYS,
        }
    if notification.kind in SUPPORT_KINDS:
        return _support_context(notification)
    association = notification.association
    if notification.kind == Kind.ASSOCIATION_WAITING:
        return {
            "association": association,
            "url": _url("municipalities:decide", association.municipality.code, association.slug),
        }
    context = {"association": association, "url": _url("associations:manage", association.slug)}
    if notification.kind == Kind.ASSOCIATION_SUSPENDED:
        context["reason"] = _suspension_reason(notification)
        context["support_email"] = settings.SUPPORT_EMAIL
    return context


def _support_context(notification: Notification) -> dict:
    """What a link event's e-mail says: the association, which side the recipient is on, and the
    other side's display name, nothing more of them; no name when the link went with an account."""
    link = _pathway_row(notification, "support_link")
    to_resident = link is not None and link.resident_id == notification.recipient_id
    other = None if link is None else link.supporter if to_resident else link.resident
    # The link stays in the resident's history when the supporter's account goes; the e-mail
    # then names nobody, as when the link itself is gone.
    known = other is not None
    return {
        "association": notification.association,
        "to_resident": known and to_resident,
        "to_supporter": known and not to_resident,
        "other_name": other.display_name if other else "",
        "url": settings.SITE_URL + support_target_url(notification, link),
    }


def _suspension_reason(notification: Notification) -> str:
    """The reason given when this suspension was decided, not whatever the association's row
    says when the e-mail goes out (it may have been lifted since): the row's `ref` is the
    decision's audit event (associations.services._decided)."""
    from municipalities.models import AuditEvent

    event = AuditEvent.objects.filter(pk=ascii_int(notification.ref) or 0).first()
    return event.details if event else notification.association.suspension_reason


def direct_message(notification: Notification, connection=None) -> mail.EmailMultiAlternatives:
    """The e-mail of a row that is not about an assignment: an association's review, an
    invitation, or an account message rendered when it was written. Raises what rendering raises."""
    to = notification.to_address
    if notification.kind == Kind.ACCOUNT:
        stored = notification.message or {}
        return _email(stored["subject"], stored["text"], stored.get("html", ""), to, "", connection=connection)
    language = notification.language or (notification.recipient.language if notification.recipient_id else "") or "sv"
    subject, text, html = Renderer().render(
        TEMPLATE_OF_KIND[notification.kind], language, None, partial(_direct_context, notification)
    )
    return _email(subject, text, html, to, "", connection=connection)


def _wire_form(subject: str, text: str, html: str) -> tuple[str, bytes] | None:
    """The envelope sender and the message as the SMTP backend would send it, with marks in
    place of the date, the Message-ID, the recipient and the link. None when the marks could
    not simply be replaced: a part that needed quoted-printable (lines over 998 characters)."""
    message = _email(subject, text, html, TO_MARK, LINK_MARK, {"Date": DATE_MARK, "Message-ID": ID_MARK})
    data = message.message().as_bytes(linesep="\r\n")
    encodings = {line for line in data.split(b"\r\n") if line.startswith(b"Content-Transfer-Encoding:")}
    if encodings - {b"Content-Transfer-Encoding: 7bit", b"Content-Transfer-Encoding: 8bit"}:
        return None
    links = 1 + text.count(LINK_MARK) + html.count(LINK_MARK)
    if data.count(LINK_MARK.encode()) != links:
        return None
    if any(data.count(mark.encode()) != 1 for mark in (DATE_MARK, ID_MARK, TO_MARK)):
        return None
    return sanitize_address(message.from_email, settings.DEFAULT_CHARSET), data


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
        "list_url": _url("assignments:list"),
        **(_recommendation_context(notification) if notification.kind == Kind.RECOMMENDATION else {}),
        **(_offer_context(notification) if notification.kind == Kind.WAITLIST_OFFER else {}),
        **(_message_context(notification) if notification.kind in MESSAGE_KINDS else {}),
    }


def _offer_context(notification: Notification) -> dict:
    """Until when the offer stands (shown in Europe/Stockholm time by the template)."""
    return {"offered_until": _waiting_entry(notification).offered_until}


def _waiting_entry(notification: Notification):
    """The waiting-list entry a row tells of (its `ref` is "waiting-<pk>"), only ever the
    recipient's own, or an empty one when it is gone; loaded once per row."""
    from assignments.models import WaitingListEntry

    if not hasattr(notification, "waiting_entry"):
        pk = ascii_int(notification.ref.removeprefix("waiting-")) if notification.ref.startswith("waiting-") else None
        found = WaitingListEntry.objects.filter(pk=pk or 0, resident_id=notification.recipient_id).first()
        notification.waiting_entry = found or WaitingListEntry()
    return notification.waiting_entry


def _message_context(notification: Notification) -> dict:
    """The message (or report) the row tells of, and the address of its thread (conversations.notify)."""
    from conversations.notify import email_context

    return email_context(notification, site_url=settings.SITE_URL)


def _recommendation_context(notification: Notification) -> dict:
    """The tip's supporter (display name), association and message, and the resident's path."""
    recommendation = _pathway_row(notification, "recommendation")
    supporter = recommendation.supporter if recommendation else None
    association = recommendation.association if recommendation else None
    return {
        "supporter_name": supporter.display_name if supporter else "",
        "supporter_association": association.name if association else "",
        "recommendation_message": recommendation.message if recommendation else "",
        "path_url": _url("pathways:my_path"),
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
        rows.filter(created_at__lt=timezone.now() - GIVE_UP_AFTER).update(email_state=State.FAILED)
    # A confirmation or reset link that will never be sent is not kept either.
    rows.filter(email_state=State.FAILED, kind=Kind.ACCOUNT).update(message=None)


def _permanent(error: Exception) -> bool:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in error.recipients.values())
    return isinstance(error, smtplib.SMTPResponseException) and error.smtp_code >= 500


def _mark_sent(cursor, pk: int) -> None:
    # One small statement per accepted message, on one cursor: the ORM's update() costs
    # several times more in Python than the statement itself.
    table = db.connection.ops.quote_name(Notification._meta.db_table)
    now = db.connection.ops.adapt_datetimefield_value(timezone.now())
    cursor.execute(f"UPDATE {table} SET email_state = %s, emailed_at = %s WHERE id = %s", [State.SENT, now, pk])


@contextmanager
def _marks_without_flush_wait(cursor):
    """On PostgreSQL in autocommit, let the "sent" marks commit without waiting for the disk.

    Waiting for the WAL flush took longer than sending the message. What this risks: if the
    database server itself crashes, the marks of its last fraction of a second are lost;
    those rows stay "sending" and the sweep sends them again, the same at-least-once as a
    worker that dies between the server's reply and the mark. Inside a transaction the
    caller's commit decides, so nothing is changed.
    """
    if db.connection.vendor != "postgresql" or db.connection.in_atomic_block:
        yield
        return
    cursor.execute("SET synchronous_commit TO off")
    try:
        yield
    finally:
        cursor.execute("RESET synchronous_commit")


def deliver(ids: list[int]) -> dict:
    """Send the e-mails of these notifications that should go out now. Safe to run again."""
    counts = {"sent": 0, "skipped": 0, "kept": 0, "failed": 0}
    rows = {n.pk: n for n in _with_everything(Notification.objects.filter(pk__in=ids, email_state=State.PENDING))}
    # The few rows that are not about an assignment load what their message needs apart,
    # so the joins of a batch of matches stay as they are.
    direct = [n for n in rows.values() if n.kind not in ASSIGNMENT_KINDS]
    prefetch_related_objects(direct, "association__municipality", "invitation__association", "invitation__municipality")
    prefetch_related_objects([n for n in direct if n.invitation_id], "invitation__invited_by__profile")
    # The links and tips the support pathway's rows tell of: a query each, only when there are some.
    with_support_links(list(rows.values()))
    with_recommendations(list(rows.values()))
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
    try:
        with mail.get_connection() as connection, db.connection.cursor() as cursor, _marks_without_flush_wait(cursor):
            for position, pk in enumerate(sorted(to_send)):
                notification = rows[pk]
                # What the message depends on besides the template (the kind) and the language.
                key = (
                    notification.assignment_id,
                    notification.claim_id,
                    notification.saved_search_id,
                    notification.detail,
                    # A tip's supporter and message, an offer's entry, and a thread's message belong to that row alone.
                    notification.ref
                    if notification.kind in (Kind.RECOMMENDATION, Kind.WAITLIST_OFFER, *MESSAGE_KINDS)
                    else "",
                )
                try:
                    if notification.kind in ASSIGNMENT_KINDS:
                        renderer.send(
                            f"notifications/email/{notification.kind}",
                            notification.recipient,
                            notification.topic,
                            partial(context_for, notification),
                            key,
                            connection,
                        )
                    else:
                        direct_message(notification, connection).send()
                except (smtplib.SMTPException, OSError) as error:
                    permanent = _permanent(error)
                    logger.warning("e-mail for notification %s refused: %s", pk, error)
                    _failed([pk], permanent)
                    counts["failed"] += 1
                    if not permanent:
                        temporary = True
                    gone = isinstance(error, smtplib.SMTPServerDisconnected) or not isinstance(
                        error, smtplib.SMTPException
                    )
                    if gone:
                        # The server is gone: hand the rest back and try again later.
                        rest = sorted(to_send)[position + 1 :]
                        Notification.objects.filter(pk__in=rest, email_state=State.SENDING).update(
                            email_state=State.PENDING
                        )
                        break
                    continue
                except Exception:
                    # Something about this one row (its data, a template): give it up, keep going.
                    logger.exception("e-mail for notification %s could not be made", pk)
                    _failed([pk], permanent=True)
                    counts["failed"] += 1
                    continue
                if notification.kind == Kind.ACCOUNT:
                    # Sent: the link in it is no longer kept.
                    Notification.objects.filter(pk=pk).update(
                        email_state=State.SENT, emailed_at=timezone.now(), message=None
                    )
                else:
                    _mark_sent(cursor, pk)
                counts["sent"] += 1
    except (smtplib.SMTPException, OSError) as error:
        # The server could not be reached (or failed as the connection closed): what was
        # taken and not sent goes back to the queue at once, not after the sweep's wait.
        Notification.objects.filter(pk__in=to_send, email_state=State.SENDING).update(email_state=State.PENDING)
        logger.warning("could not reach the mail server: %s", error)
        raise TemporaryFailure(counts) from error
    logger.info("delivered notifications: %s", counts)
    if temporary:
        raise TemporaryFailure(counts)
    return counts


def release_stale_claims(older_than: timedelta = timedelta(hours=1)) -> int:
    """Rows a worker took but never finished (it was killed) go back to the queue.

    An hour is longer than a batch can take even when every message waits for the
    SMTP timeout (250 × 10 s), so a slow but living worker keeps its rows.
    """
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
    # Only what can still be signed up for: a digest must not offer last Friday's assignment.
    stale = [n.pk for n in rows if not is_open_for_claims(n.assignment)]
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
