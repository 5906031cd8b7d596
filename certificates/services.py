"""Issuing, revoking and checking certificates (uppdragsintyg).

A certificate freezes what it says when it is issued (`Certificate.content`), so the public
page `/intyg/<code>/` shows the same text forever, whatever later happens to the assignments,
the association or the resident's profile. Only the resident's own confirmed claims go in.
"""

import re
import secrets
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from assignments.models import Claim
from certificates.models import Certificate

# At most this many assignments, so a certificate fits on one A4 page.
MAX_CLAIMS = 10
NAME_MAX_LENGTH = 80
# Crockford's base32 alphabet: digits and letters without I, L, O and U, which are easily
# misread (I/L as 1, O as 0) or make words. https://www.crockford.com/base32.html
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 12
# Crockford's decoding rule: the look-alikes a person may type mean the digit.
_LOOKALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})
_CODE_CHARACTERS = frozenset(CODE_ALPHABET)
# Longest input worth reading: a code with hyphens and spaces around it.
_INPUT_MAX = 40
_CODE_ATTEMPTS = 5
# secrets.token_urlsafe(32): 43 characters of the URL-safe base64 alphabet.
FORM_TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{43}")


class AlreadyIssued(Exception):
    """The form with this one-time token has issued a certificate already: `certificate`."""

    def __init__(self, certificate: Certificate):
        super().__init__(certificate.display_code)
        self.certificate = certificate


def new_code() -> str:
    """A fresh verification code: 12 characters of Crockford base32 from `secrets` (60 random
    bits, so codes cannot be guessed or enumerated). Output: str, upper case, no hyphens."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def new_form_token() -> str:
    """A one-time token for the create form (secrets.token_urlsafe(32), 43 characters, 256
    random bits). The form sends it back; certificate_issue issues one certificate per token."""
    return secrets.token_urlsafe(32)


def code_from_input(text) -> str | None:
    """The verification code a person typed or a URL holds, in its stored form, or None.

    Input: anything (usually a str from a form or a path). Spaces and hyphens are dropped,
    letters upper-cased, and Crockford's look-alikes read as digits (O → 0, I and L → 1).
    Output: the 12-character code, or None when the text cannot be a code: not a str, too
    long, other characters (U, punctuation, NUL, non-ASCII letters or digits), or the wrong
    length. Never raises.
    """
    if not isinstance(text, str) or len(text) > _INPUT_MAX or not text.isascii():
        return None
    code = "".join(text.replace("-", "").split()).upper().translate(_LOOKALIKES)
    if len(code) != CODE_LENGTH or not set(code) <= _CODE_CHARACTERS:
        return None
    return code


def verification_url(certificate: Certificate) -> str:
    """The absolute address anyone can check the certificate at: SITE_URL + /intyg/<code>/."""
    return settings.SITE_URL + reverse("certificates:verify", args=[certificate.code])


def work_date(claim: Claim):
    """The day the work of a confirmed claim was done: the assignment's start (Europe/Stockholm
    local date), else the day the assignment was marked completed, else the day the
    association confirmed the claim. Output: a date, or None if none of them is known."""
    assignment = claim.assignment
    for moment in (assignment.starts_at, assignment.completed_at, claim.decided_at):
        if moment is not None:
            return timezone.localdate(moment)
    return assignment.deadline


def _hours(value: Decimal | None) -> str:
    """Hours as plain text: "3", "2.5" (no trailing zeros, a point as separator)."""
    return f"{(value or Decimal(0)).normalize():f}"


def _assignment_content(claim: Claim) -> dict:
    assignment = claim.assignment
    association = assignment.association
    locality = assignment.locality
    day = work_date(claim)
    skills = [skill.label for skill in assignment.skills.all()]
    skills += [own.name for own in assignment.own_skills.all()]
    return {
        "title": assignment.title,
        "association": association.name,
        "organisation_number": association.organisation_number,
        "municipality": locality.municipality.name if locality else association.municipality.name,
        "locality": locality.name if locality else "",
        "date": day.isoformat() if day else "",
        "hours": _hours(claim.hours_confirmed),
        "skills": skills,
        "reference": claim.reference_text,
    }


def _milestones_content(resident) -> list[dict]:
    from pathways.models import Milestone

    return [
        {"kind": milestone.kind, "label": str(milestone.get_kind_display()), "date": milestone.happened_on.isoformat()}
        for milestone in Milestone.objects.filter(resident=resident).order_by("happened_on", "recorded_at", "pk")
    ]


def certificate_claims_choices(resident):
    """The resident's confirmed claims, the ones a certificate may hold, newest work first,
    with what the form and the snapshot read. Input: a User. Output: a QuerySet of Claim."""
    return (
        Claim.objects.filter(resident=resident, status=Claim.Status.CONFIRMED)
        .select_related("assignment__association__municipality", "assignment__locality__municipality")
        .prefetch_related("assignment__skills", "assignment__own_skills")
        .order_by("-assignment__starts_at", "-decided_at", "-pk")
    )


def _raise_if_issued(resident, form_token: str) -> None:
    if not form_token:
        return
    earlier = Certificate.objects.filter(resident=resident, form_token=form_token).first()
    if earlier is not None:
        raise AlreadyIssued(earlier)


@transaction.atomic
def certificate_issue(
    *, resident, claims, name: str = "", include_milestones: bool = False, form_token: str = ""
) -> Certificate:
    """Issue a certificate of `resident`'s chosen confirmed assignments.

    Inputs: the User it is for; `claims`, an iterable of Claim (or their ids) chosen by the
    resident; `name`, the name to print (blank: the resident's display name; they may write
    their real name for an employer); `include_milestones`, whether to add their steps on the
    way to work (pathways.Milestone: label and date). The content is written in the current
    language and frozen: per assignment the title, the association's name and organisation
    number, municipality, locality, the work date (ISO, Europe/Stockholm), confirmed hours
    (a decimal as a string), skills (taxonomy labels and own words) and the reference text;
    the total hours; the milestones. Output: the saved Certificate with a new unique code.
    `form_token`, the create form's one-time token (new_form_token), makes a repeated send
    harmless: a token the resident has issued with before raises AlreadyIssued with that
    certificate, also when two sends race (a unique constraint decides). Blank: no such check.
    Raises ValidationError (in Swedish) when no claim or more than MAX_CLAIMS are chosen, when
    a claim is not the resident's or not confirmed, or when the name is too long or unreadable.
    """
    form_token = form_token if FORM_TOKEN_PATTERN.fullmatch(form_token or "") else ""
    _raise_if_issued(resident, form_token)
    ids = {claim if isinstance(claim, int) else claim.pk for claim in claims}
    if not ids:
        raise ValidationError(_("Välj minst ett uppdrag till intyget."), code="empty")
    if len(ids) > MAX_CLAIMS:
        raise ValidationError(
            _("Ett intyg kan ha högst %(max)d uppdrag, så att det ryms på en sida.") % {"max": MAX_CLAIMS},
            code="too_many",
        )
    chosen = list(certificate_claims_choices(resident).filter(pk__in=ids))
    if len(chosen) != len(ids):
        raise ValidationError(
            _("Ett intyg kan bara ha dina egna uppdrag som föreningen har bekräftat."), code="not_confirmed"
        )
    name = " ".join((name or "").split())
    if len(name) > NAME_MAX_LENGTH:
        raise ValidationError(
            _("Namnet kan vara högst %(max)d tecken.") % {"max": NAME_MAX_LENGTH}, code="name_too_long"
        )
    if not name.isprintable():
        raise ValidationError(_("Namnet innehåller tecken som inte går att skriva ut."), code="name_unreadable")
    name = name or resident.display_name
    # Oldest work first: a certificate reads as a history.
    chosen.sort(key=lambda claim: (work_date(claim) or timezone.localdate(claim.created_at), claim.pk))
    assignments = [_assignment_content(claim) for claim in chosen]
    total = sum((claim.hours_confirmed or Decimal(0) for claim in chosen), Decimal(0))
    content = {
        "version": 1,
        "name": name,
        "assignments": assignments,
        "total_hours": _hours(total),
        "milestones": _milestones_content(resident) if include_milestones else [],
    }
    language = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    for attempt in range(_CODE_ATTEMPTS):
        try:
            # A savepoint: a collision on the unique code must not spoil the outer transaction.
            with transaction.atomic():
                certificate = Certificate.objects.create(
                    code=new_code(),
                    resident=resident,
                    include_milestones=include_milestones,
                    language=language,
                    content=content,
                    form_token=form_token,
                )
            break
        except IntegrityError:
            # Another send of the same form came first (its row is committed by now), or,
            # far less likely, the new code was taken: then try another code.
            _raise_if_issued(resident, form_token)
            if attempt == _CODE_ATTEMPTS - 1:
                raise
    certificate.claims.set(chosen)
    return certificate


@transaction.atomic
def certificate_revoke(*, certificate: Certificate, by) -> Certificate:
    """The resident withdraws their certificate: `/intyg/<code>/` then says it is revoked
    (and when) and shows nothing of its content. The content stays for the resident's own list.

    Inputs: the Certificate and the User acting. Output: the revoked Certificate.
    Raises PermissionDenied when `by` is not its resident, ValidationError when it is already
    revoked.
    """
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if by is None or certificate.resident_id != by.pk:
        raise PermissionDenied(_("Bara den som intyget gäller kan återkalla det."))
    if certificate.revoked_at is not None:
        raise ValidationError(_("Intyget är redan återkallat."), code="already_revoked")
    certificate.revoked_at = timezone.now()
    certificate.revoked_because = Certificate.RevokedBecause.RESIDENT
    certificate.save(update_fields=["revoked_at", "revoked_because"])
    return certificate


@transaction.atomic
def certificates_revoke_for_account_deletion(*, user) -> int:
    """Revoke every certificate of `user` because the account is being deleted.

    Input: the User about to be deleted. Each of their certificates, revoked or not, loses
    its content and its link to the person; one not yet revoked is marked revoked (now, UTC)
    because the account was deleted, so `/intyg/<code>/` says it was revoked and shows
    nothing about whom it was issued to. Output: how many certificates there were.
    Raises nothing.
    """
    certificates = Certificate.objects.select_for_update().filter(resident=user)
    count = 0
    for certificate in certificates:
        if certificate.revoked_at is None:
            certificate.revoked_at = timezone.now()
            certificate.revoked_because = Certificate.RevokedBecause.ACCOUNT_DELETED
        certificate.content = {}
        certificate.resident = None
        certificate.save(update_fields=["revoked_at", "revoked_because", "content", "resident"])
        certificate.claims.clear()
        count += 1
    return count
