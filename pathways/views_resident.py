"""The resident's own pages of the support pathway, under /mina-sidor/min-vag/.

Every page shows the logged-in person's own pathway and nothing else: there is no resident id
in these URLs, and a link or milestone id that is not theirs is not found (404). The resident
reading their own data is not logged; only supporters' reads and writes are."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assignments.queries import is_open_for_claims
from associations.forms import apply_service_error
from associations.models import Association, AssociationMembership
from members.models import MemberProfile
from pathways import queries, services
from pathways.access import MANAGER_ROLES, active_links, current_supporter_links
from pathways.forms import MilestoneForm, SupportRequestForm
from pathways.forms_resident import ResidentIntakeForm, shares_form
from pathways.models import (
    AccessLogEntry,
    ConsentEvent,
    Intake,
    Milestone,
    Share,
    SupporterNote,
    SupportLink,
    SupportOffer,
)
from pathways.queries_supporter import intake_for_reading
from uppdragsbanken.pagination import CappedPaginator

Status = SupportLink.Status
REFUSALS = (services.ActionRefused, PermissionDenied)
LOG_PAGE_SIZE = 50
NOTES_PAGE_SIZE = 20
PAST_LINKS_SHOWN = 20
# The look of a link's status; the status is always written out beside it too.
STATUS_TAG = {
    Status.ACTIVE: "accepted",
    Status.REQUESTED: "pending",
    Status.INVITED: "pending",
    Status.DECLINED: "declined",
    Status.ENDED: "withdrawn",
}


def _recorder(milestone: Milestone, user) -> str:
    """Who put the step on the timeline, as the resident reads it."""
    if milestone.automatic:
        return _("Uppdragsbanken")
    if milestone.recorded_by_id == user.pk:
        return _("Du")
    if milestone.recorded_by is None:
        return _("En tidigare handledare")
    return milestone.recorded_by.display_name


def _timeline_rows(user) -> tuple[list[Milestone], list[dict]]:
    milestones = queries.timeline(user)
    rows = [
        {
            "milestone": milestone,
            "who": _recorder(milestone, user),
            "assignment": milestone.claim.assignment if milestone.automatic and milestone.claim else None,
        }
        for milestone in milestones
    ]
    return milestones, rows


# The path ------------------------------------------------------------------------------------


@login_required
def my_path(request: HttpRequest) -> HttpResponse:
    """ "Min väg till arbete" for the logged-in person: the timeline, the next step, their
    supporters now, requests and invitations waiting, past links and supporters' tips.
    GET only; a fixed number of queries. Anonymous: redirect to the login page."""
    user = request.user
    milestones, rows = _timeline_rows(user)
    current = list(current_supporter_links(user))
    # Requests and invitations, and any active link that no longer gives access (the supporter
    # lost the role) so the resident can still see and end it.
    other_live = list(
        SupportLink.objects.filter(resident=user, status__in=SupportLink.LIVE)
        .exclude(pk__in=[link.pk for link in current])
        .select_related("supporter__profile", "association")
    )
    for link in other_live:
        if link.status == Status.INVITED:
            link.accept_form = shares_form(link)
    past = list(
        SupportLink.objects.filter(resident=user, status__in=(Status.ENDED, Status.DECLINED))
        .select_related("supporter__profile", "association")
        .order_by("-ended_at", "-pk")[:PAST_LINKS_SHOWN]
    )
    tips = [
        {"row": row, "open": is_open_for_claims(row.recommendation.assignment)} for row in queries.recommendations(user)
    ]
    intake = Intake.objects.filter(resident=user).only("pk", "completed_at", "updated_at").first()
    return render(
        request,
        "pathways/resident/my_path.html",
        {
            "timeline": rows,
            # A request or invitation on its way counts: "find a supporter" would send them looking again.
            "next_step": queries.next_step(milestones, has_supporter=bool(current or other_live)),
            "current_links": current,
            "invitations": [link for link in other_live if link.status == Status.INVITED],
            "requests": [link for link in other_live if link.status == Status.REQUESTED],
            "paused_links": [link for link in other_live if link.status == Status.ACTIVE],
            "past_links": past,
            "tips": tips,
            "intake": intake,
        },
    )


# Finding a supporter and asking -------------------------------------------------------------


def _home_municipality(user) -> tuple[int | None, str]:
    home = (
        MemberProfile.objects.filter(user=user, home_locality__isnull=False)
        .values_list("home_locality__municipality_id", "home_locality__municipality__name")
        .first()
    )
    return home if home else (None, "")


@login_required
def find(request: HttpRequest) -> HttpResponse:
    """Associations that offer support, the resident's home municipality first. A fixed number
    of queries whatever the number of associations."""
    user = request.user
    associations = list(queries.offering_associations())
    supporters = queries.supporters_by_association(associations)
    live_with = set(
        SupportLink.objects.filter(resident=user, status__in=SupportLink.LIVE).values_list("supporter_id", flat=True)
    )
    home_id, home_name = _home_municipality(user)
    near, elsewhere = [], []
    for association in associations:
        row = {
            "association": association,
            "offer": association.support_offer,
            "supporters": [
                {"user": supporter, "live": supporter.pk in live_with, "is_self": supporter.pk == user.pk}
                for supporter in supporters.get(association.pk, [])
            ],
        }
        (near if association.municipality_id == home_id else elsewhere).append(row)
    return render(
        request,
        "pathways/resident/find.html",
        {"near": near, "elsewhere": elsewhere, "home_name": home_name, "has_home": home_id is not None},
    )


@login_required
def request_support(request: HttpRequest, slug: str, user_pk: int) -> HttpResponse:
    """Ask one supporter of one association for support. 404 unless `user_pk` is a supporter
    of the association now, so a forged pair tells nothing."""
    association = get_object_or_404(Association.objects.select_related("municipality"), slug=slug)
    membership = get_object_or_404(
        AssociationMembership.objects.select_related("user__profile"),
        association=association,
        user_id=user_pk,
        is_supporter=True,
        role__in=MANAGER_ROLES,
        user__is_active=True,
    )
    supporter = membership.user
    form = SupportRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            link = services.link_request(
                resident=request.user,
                supporter=supporter,
                association=association,
                shares=form.cleaned_data["shares"],
                message=form.cleaned_data["message"],
            )
        except REFUSALS as refusal:
            form.add_error(None, str(refusal))
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(
                request,
                _("Din förfrågan är skickad till %(name)s. Du får besked när hen har svarat.")
                % {"name": supporter.display_name},
            )
            return redirect("pathways:my_link", pk=link.pk)
    return render(
        request,
        "pathways/resident/request.html",
        {
            "association": association,
            "supporter": supporter,
            "offer": SupportOffer.objects.filter(association=association).first(),
            "form": form,
        },
    )


# One link -----------------------------------------------------------------------------------


def _event_actor(event: ConsentEvent, link: SupportLink) -> str:
    """Who changed the consent, as the resident reads it."""
    if event.by_id == link.resident_id:
        return _("Du")
    if event.by_id is not None and event.by_id == link.supporter_id:
        return link.supporter_display_name
    if event.by_id is None:
        return _("Uppdragsbanken")
    # An admin of the association who took the supporter role away, which ended the link.
    return _("En administratör i %(association)s") % {"association": link.association.name}


def _own_link(request: HttpRequest, pk: int) -> SupportLink:
    # Another resident's link is simply not found.
    return get_object_or_404(
        SupportLink.objects.select_related("supporter__profile", "association"), pk=pk, resident=request.user
    )


@login_required
def my_link(request: HttpRequest, pk: int) -> HttpResponse:
    """One of the resident's own links: who, status, when consent was given, the consent history;
    POST changes what is shared (link_shares_update), a refusal coming back as a message.
    Raises Http404 for a link that is not the resident's."""
    link = _own_link(request, pk)
    form = shares_form(link, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.link_shares_update(link=link, by=request.user, shares=form.cleaned_data["shares"])
        except REFUSALS as refusal:
            messages.error(request, str(refusal))
            return redirect("pathways:my_link", pk=pk)
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("Klart! Ändringen gäller från och med nu."))
            return redirect("pathways:my_link", pk=pk)
    labels = dict(Share.choices)
    events = [
        {
            "event": event,
            "shared": [str(labels[value]) for value in event.shared if value in labels],
            "who": _event_actor(event, link),
        }
        for event in link.consent_events.all()
    ]
    return render(
        request,
        "pathways/resident/my_link.html",
        {
            "link": link,
            "status_tag": STATUS_TAG.get(link.status, "pending"),
            "gives_access": link.status == Status.ACTIVE and active_links().filter(pk=link.pk).exists(),
            "events": events,
            "form": form if link.status in (Status.REQUESTED, Status.ACTIVE, Status.INVITED) else None,
        },
    )


@login_required
@require_POST
def my_link_accept(request: HttpRequest, pk: int) -> HttpResponse:
    """POST: accept a supporter's invitation, sharing what was ticked; that is the consent.
    Redirects to the link with a message either way. Http404 for another's link."""
    link = _own_link(request, pk)
    form = shares_form(link, request.POST)
    if not form.is_valid():
        messages.error(request, _("Välj bland det som går att dela."))
        return redirect("pathways:my_link", pk=pk)
    try:
        services.link_accept(link=link, by=request.user, shares=form.cleaned_data["shares"])
    except REFUSALS as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(
            request,
            _("Nu är %(name)s din handledare. Du kan ändra vad du delar eller avsluta stödet när du vill.")
            % {"name": link.supporter_display_name},
        )
    return redirect("pathways:my_link", pk=pk)


@login_required
@require_POST
def my_link_decline(request: HttpRequest, pk: int) -> HttpResponse:
    """POST: say no to a supporter's invitation; nothing is shared. Redirects to the path with a
    message either way. Http404 for another's link."""
    link = _own_link(request, pk)
    try:
        services.link_decline(link=link, by=request.user)
    except REFUSALS as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(
            request,
            _("Du har tackat nej till inbjudan från %(name)s. Hen ser inget av dina uppgifter.")
            % {"name": link.supporter_display_name},
        )
    return redirect("pathways:my_path")


@login_required
def my_link_end(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: ask to confirm (a plain form, no script). POST: end the support, or take back a
    request not yet answered; access ends at once. Redirects to the link with a message.
    Http404 for another's link."""
    link = _own_link(request, pk)
    if request.method != "POST":
        if not link.is_live:
            messages.info(request, _("Stödet är redan avslutat."))
            return redirect("pathways:my_link", pk=pk)
        return render(request, "pathways/resident/end.html", {"link": link})
    was = link.status
    try:
        services.link_end(link=link, by=request.user)
    except REFUSALS as refusal:
        messages.error(request, str(refusal))
        return redirect("pathways:my_link", pk=pk)
    name = link.supporter_display_name
    if was == Status.ACTIVE:
        messages.success(
            request,
            _("Stödet från %(name)s är avslutat. Från och med nu kan %(name)s inte se något av dina uppgifter.")
            % {"name": name},
        )
    elif was == Status.REQUESTED:
        messages.success(request, _("Din förfrågan till %(name)s är tillbakatagen.") % {"name": name})
    else:
        messages.success(
            request,
            _("Du har tackat nej till inbjudan från %(name)s. Hen ser inget av dina uppgifter.") % {"name": name},
        )
    return redirect("pathways:my_link", pk=pk)


# Intake, milestones, notes, log -------------------------------------------------------------


@login_required
def my_intake(request: HttpRequest) -> HttpResponse:
    """The resident reads and corrects their intake. A refused form keeps what was typed and
    the saved intake stays as it was."""
    user = request.user
    saved = Intake.objects.filter(resident=user).select_related("updated_by__profile").first()
    form = ResidentIntakeForm(request.POST or None, instance=saved or Intake(resident=user))
    saved_version = None
    if request.method == "POST" and form.is_valid():
        try:
            services.intake_save(resident=user, by=user, link=None, **form.service_kwargs())
        except ValidationError as error:
            apply_service_error(form, error)
        except REFUSALS as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, _("Kartläggningen är sparad."))
            skills = form.cleaned_data["skills"]
            for note in skills.notes():
                messages.info(request, note)
            if not skills.review:
                return redirect("pathways:my_intake")
            # All is saved; the page stays so that a list name offered for a new own word can be ticked.
            saved = Intake.objects.select_related("updated_by__profile").get(resident=user)
            form.seen(saved)
    elif form.changed_meanwhile:
        # Someone saved while the form was open: show what is saved now beside what was typed.
        saved = saved_version = intake_for_reading(user)
    changed_by = None
    if saved is not None and saved.updated_by_id is not None:
        changed_by = _("dig") if saved.updated_by_id == user.pk else saved.updated_by.display_name
    return render(
        request,
        "pathways/resident/intake.html",
        {"form": form, "saved": saved, "changed_by": changed_by, "saved_version": saved_version},
    )


@login_required
def my_milestones(request: HttpRequest) -> HttpResponse:
    """Add a step to one's own timeline; the steps so far, with a remove button for those
    recorded by hand."""
    user = request.user
    form = MilestoneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            milestone = services.milestone_record(resident=user, by=user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_error(form, error)
        except REFUSALS as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(
                request, _("Steget ”%(step)s” är med på din tidslinje.") % {"step": milestone.get_kind_display()}
            )
            return redirect("pathways:my_path")
    _milestones, rows = _timeline_rows(user)
    return render(request, "pathways/resident/milestones.html", {"form": form, "timeline": rows})


@login_required
@require_POST
def my_milestone_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """POST: remove a step recorded by hand. Steps from confirmed assignments stay; the refusal
    says why. Redirects to the steps page. Http404 for another's step."""
    milestone = get_object_or_404(Milestone, pk=pk, resident=request.user)
    try:
        services.milestone_delete(milestone=milestone, by=request.user)
    except REFUSALS as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("Steget ”%(step)s” är borttaget.") % {"step": milestone.get_kind_display()})
    return redirect("pathways:my_milestones")


@login_required
def my_notes(request: HttpRequest) -> HttpResponse:
    """The supporters' notes about the resident, newest first; read-only, and not logged."""
    notes = SupporterNote.objects.filter(resident=request.user).select_related("author__profile", "association")
    page = CappedPaginator(notes, NOTES_PAGE_SIZE).get_page(request.GET.get("sida"))
    return render(request, "pathways/resident/notes.html", {"page": page})


@login_required
def access_log(request: HttpRequest) -> HttpResponse:
    """ "Vem har tittat på mina uppgifter": every read and change by someone else, newest first."""
    entries = AccessLogEntry.objects.filter(resident=request.user)
    page = CappedPaginator(entries, LOG_PAGE_SIZE).get_page(request.GET.get("sida"))
    return render(request, "pathways/resident/access_log.html", {"page": page})
