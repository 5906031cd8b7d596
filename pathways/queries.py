"""What the resident's and the supporter's pages read of a pathway. No access checks here:
the views call pathways.access first, and pass only the resident they may see."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from assignments.models import Claim
from associations.models import Association
from pathways.access import MANAGER_ROLES
from pathways.models import Milestone, Recommendation, SupportOffer

Kind = Milestone.Kind


def timeline(resident) -> list[Milestone]:
    """The resident's milestones, oldest first, with who recorded them and the claim's assignment."""
    return list(
        Milestone.objects.filter(resident=resident)
        .select_related("recorded_by__profile", "claim__assignment")
        .order_by("happened_on", "recorded_at", "pk")
    )


@dataclass(frozen=True)
class NextStep:
    """A plain suggestion of what to do next on the way to work, with where to do it."""

    text: str
    url: str
    link_text: str


def next_step(milestones: list[Milestone], *, has_supporter: bool) -> NextStep:
    """The suggested next step, from the kinds already on the timeline, in the order of the
    pilot's pathway: a supporter, the intake, a first assignment, three, then a simple way to
    earn; once the resident works, earns or studies, only to keep noting steps.
    Input: `timeline()` and whether a link is active now."""
    kinds = {milestone.kind for milestone in milestones}
    if kinds & {Kind.UMBRELLA, Kind.OWN_BUSINESS, Kind.EMPLOYMENT, Kind.STUDIES}:
        # Working, earning or studying already: the earlier steps are no longer the next ones.
        return NextStep(
            _("Bra jobbat! Berätta för din handledare hur det går, och anteckna nya steg här."),
            reverse("pathways:my_milestones"),
            _("Anteckna ett steg"),
        )
    if not has_supporter and Kind.INTAKE not in kinds:
        return NextStep(
            _("Ta hjälp av en handledare från en förening nära dig. Ni gör en kartläggning tillsammans."),
            reverse("pathways:find"),
            _("Hitta en handledare"),
        )
    if Kind.INTAKE not in kinds:
        return NextStep(
            _("Gör klart kartläggningen: vad du kan, vad du vill och vad som står i vägen."),
            reverse("pathways:my_intake"),
            _("Till kartläggningen"),
        )
    if Kind.FIRST_ASSIGNMENT not in kinds:
        return NextStep(
            _("Ta ditt första uppdrag. Börja med något litet nära dig."),
            reverse("assignments:list"),
            _("Se uppdragen"),
        )
    if Kind.THREE_ASSIGNMENTS not in kinds:
        return NextStep(
            _("Fortsätt med fler uppdrag. Efter tre har du något att visa upp."),
            reverse("assignments:list"),
            _("Se uppdragen"),
        )
    return NextStep(
        _("Ta betalda uppdrag. Läs om hur du kan få betalt utan att ha ett eget företag."),
        reverse("pathways:earning"),
        _("Så kan du få betalt"),
    )


@dataclass
class RecommendationRow:
    recommendation: Recommendation
    claim: Claim | None

    @property
    def taken(self) -> bool:
        return self.claim is not None


def recommendations(resident, *, supporter=None) -> list[RecommendationRow]:
    """The tips the resident got (only `supporter`'s when given), newest first, each with the
    resident's sign-up for the assignment if there is one: that is whether they took it.
    Two queries whatever the number."""
    rows = Recommendation.objects.filter(resident=resident).select_related(
        "assignment__association", "assignment__locality", "supporter__profile", "association"
    )
    if supporter is not None:
        rows = rows.filter(supporter=supporter)
    rows = list(rows)
    claims = {
        claim.assignment_id: claim
        for claim in Claim.objects.filter(resident=resident, assignment_id__in=[r.assignment_id for r in rows])
    }
    return [RecommendationRow(row, claims.get(row.assignment_id)) for row in rows]


def offering_associations(municipality=None) -> QuerySet[Association]:
    """Approved associations that offer support and have at least one supporter now, with their
    offer and villages loaded; those of `municipality` only when given."""
    from associations.models import AssociationMembership

    supporters = AssociationMembership.objects.filter(
        association_id=OuterRef("pk"), is_supporter=True, role__in=MANAGER_ROLES
    )
    queryset = (
        Association.objects.filter(verification=Association.Verification.VERIFIED)
        .filter(Exists(SupportOffer.objects.filter(association_id=OuterRef("pk"))), Exists(supporters))
        .select_related("municipality", "support_offer")
        .prefetch_related("support_offer__localities")
        .order_by("municipality__name", "name")
    )
    if municipality is not None:
        queryset = queryset.filter(municipality=municipality)
    return queryset


def supporters_of(association: Association) -> list:
    """The association's supporters now (admins and coordinators marked as such), by name."""
    return supporters_by_association([association]).get(association.pk, [])


def supporters_by_association(associations) -> dict[int, list]:
    """The supporters of many associations in one query: association id → its supporters
    (users with profile loaded), by name. Associations without one are left out."""
    from associations.models import AssociationMembership

    memberships = (
        AssociationMembership.objects.filter(
            association__in=associations, is_supporter=True, role__in=MANAGER_ROLES, user__is_active=True
        )
        .select_related("user__profile")
        .order_by("user__profile__display_name", "user_id")
    )
    grouped: dict[int, list] = {}
    for membership in memberships:
        grouped.setdefault(membership.association_id, []).append(membership.user)
    return grouped
