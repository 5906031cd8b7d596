"""What the supporter's pages and an association's public support section read. No access checks
here: the views call pathways.access first and pass only a resident the supporter may see, and
only the parts the resident shares."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import BooleanField, Case, Exists, IntegerField, OuterRef, Value, When
from django.utils.translation import gettext

from assignments.models import Assignment, Claim
from assignments.queries import open_for_claims, search, with_card_data, with_when
from associations.models import Association
from members.models import MemberProfile
from municipalities.models import Municipality
from pathways.models import Intake, Recommendation, SupporterNote, SupportLink, SupportOffer
from pathways.queries import supporters_of

Status = SupportLink.Status


@dataclass
class SupporterHome:
    """The supporter's links, sorted for their home page."""

    requests: list[SupportLink] = field(default_factory=list)
    invitations: list[SupportLink] = field(default_factory=list)
    active: list[SupportLink] = field(default_factory=list)
    ended: list[SupportLink] = field(default_factory=list)


def supporter_sees_name(link: SupportLink) -> bool:
    """Whether the supporter may see who the resident is on `link`: when the resident asked (the
    request names them) or once the link has been active. An invitation the resident has not
    accepted (waiting, declined or taken back) shows only the address the supporter typed, so an
    invitation never tells whose account an address is."""
    return link.started_by == SupportLink.StartedBy.RESIDENT or link.started_at is not None


def shown_name(link: SupportLink) -> str:
    """What the supporter's pages call the resident of `link`: the display name when
    supporter_sees_name, else the invited address (or a plain phrase for an invitation sent
    before addresses were kept). Reads link.resident.profile only when the name is shown."""
    if supporter_sees_name(link):
        return link.resident.display_name
    return link.invited_email or gettext("en inbjuden person")


def supporter_home(user) -> SupporterHome:
    """All of `user`'s links as a supporter, newest first, in four lists: requests waiting for their
    answer, invitations they sent, residents they support now, and ended or declined links.

    Each link carries `shown_name` (see shown_name). Nothing about the residents' pathways (no
    steps, no intake): those are read on the logged pages about one resident. One query."""
    links = (
        SupportLink.objects.filter(supporter=user)
        .select_related("resident__profile", "association")
        .order_by("-created_at", "-pk")
    )
    home = SupporterHome()
    for link in links:
        link.shown_name = shown_name(link)
        {
            Status.REQUESTED: home.requests,
            Status.INVITED: home.invitations,
            Status.ACTIVE: home.active,
        }.get(link.status, home.ended).append(link)
    return home


def resident_profile(resident) -> MemberProfile | None:
    """The resident's profile with skills, own words and home locality; None if they have none."""
    return (
        MemberProfile.objects.filter(user=resident)
        .select_related("home_locality__municipality")
        .prefetch_related("skills", "own_skills")
        .first()
    )


@dataclass
class ClaimsSummary:
    claims: list[Claim]
    confirmed_count: int
    confirmed_hours: Decimal


def resident_claims(resident) -> ClaimsSummary:
    """The resident's sign-ups, newest first, with how many are confirmed and their confirmed hours."""
    claims = list(
        Claim.objects.filter(resident=resident)
        .select_related("assignment__association", "assignment__locality")
        .order_by("-created_at", "-pk")
    )
    confirmed = [claim for claim in claims if claim.status == Claim.Status.CONFIRMED]
    hours = sum((claim.hours_confirmed or Decimal(0) for claim in confirmed), Decimal(0))
    return ClaimsSummary(claims=claims, confirmed_count=len(confirmed), confirmed_hours=hours)


def intake_for_reading(resident) -> Intake | None:
    """The resident's intake with its skills, own words and kinds of work; None before the first save.
    Reading it never creates one."""
    return (
        Intake.objects.filter(resident=resident)
        .select_related("updated_by__profile")
        .prefetch_related("skills", "own_skills", "wanted_categories")
        .first()
    )


def notes_about(resident, *, limit: int | None = None) -> list[SupporterNote]:
    """The supporter notes about the resident, newest first, with the author and association:
    every one, or the newest `limit` (cut in the query, not after loading them all)."""
    notes = SupporterNote.objects.filter(resident=resident).select_related("author__profile", "association")
    return list(notes[:limit] if limit is not None else notes)


def recommendable_assignments(link: SupportLink, *, text: str = "", home_municipality_id: int | None = None):
    """Assignments open for sign-up that `link`'s supporter could tip the resident about.

    Those in `home_municipality_id` first (the resident's home when they share their profile;
    the caller passes the association's municipality otherwise), then the soonest. Each row
    carries `tipped` (the resident already got a tip about it) and `claimed` (the resident has
    signed up; only filled in when the resident shares claims, else always False). `text` narrows
    by free text as the assignment list does. A queryset; paginate it."""
    queryset = with_card_data(open_for_claims()).annotate(
        near=Case(
            When(locality__municipality_id=home_municipality_id, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        ),
        tipped=Exists(Recommendation.objects.filter(resident_id=link.resident_id, assignment_id=OuterRef("pk"))),
    )
    if link.shares_claims:
        queryset = queryset.annotate(
            claimed=Exists(Claim.objects.filter(resident_id=link.resident_id, assignment_id=OuterRef("pk")))
        )
    else:
        queryset = queryset.annotate(claimed=Value(False, output_field=BooleanField()))
    queryset = with_when(search(queryset, text))
    return queryset.order_by("near", "when", "pk")


def recommendable_assignment(pk: int) -> Assignment | None:
    """One assignment by id, with its association (for the recommend service), or None."""
    return Assignment.objects.select_related("association").filter(pk=pk).first()


@dataclass
class PublicOffer:
    offer: SupportOffer
    localities: list
    supporters: list


def public_offer(association: Association) -> PublicOffer | None:
    """What an association's public page says about the support it offers: the offer, its villages
    (empty: the whole municipality) and the supporters by name. None unless the association is
    approved, has an offer and at least one supporter. At most three queries."""
    if not association.is_verified:
        return None
    offer = SupportOffer.objects.filter(association=association).first()
    if offer is None:
        return None
    supporters = list(supporters_of(association))
    if not supporters:
        return None
    return PublicOffer(offer=offer, localities=list(offer.localities.order_by("name")), supporters=supporters)


def tips_municipality(link: SupportLink) -> tuple[int, str, bool]:
    """Which municipality's assignments the tips list shows first: (id, name, is the resident's
    home). The home municipality only when the resident shares their profile and has a home
    locality; otherwise the association's. One query, at most two."""
    if link.shares_profile:
        home = (
            MemberProfile.objects.filter(user_id=link.resident_id, home_locality__isnull=False)
            .values_list("home_locality__municipality_id", "home_locality__municipality__name")
            .first()
        )
        if home is not None:
            return home[0], home[1], True
    name = Municipality.objects.filter(pk=link.association.municipality_id).values_list("name", flat=True).get()
    return link.association.municipality_id, name, False
