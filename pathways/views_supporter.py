"""The supporter's pages (/handledning/) and the association admin's support settings.

Every page about a resident goes through pathways.access: a link that is not the supporter's own
is not found (404); a link that has not started or has ended, a supporter role taken away or a
part the resident does not share is refused with a sentence (403). A page that shows the
resident's data logs a read (supporter_view); the services log each write."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from associations.forms import apply_service_error
from associations.models import Association, AssociationMembership
from associations.permissions import MANAGERS, ensure_association_admin, ensure_association_role
from associations.queries import members_of
from pathways import access, queries_supporter
from pathways.context_processors import is_supporter, remember_supporter
from pathways.forms import IntakeForm, MilestoneForm, NoteForm, RecommendForm, SupportOfferForm
from pathways.forms_supporter import AssignmentSearchForm, SupporterInviteForm, SupportersForm
from pathways.models import AccessLogEntry, Intake, Milestone, Share, SupporterNote, SupportLink, SupportOffer
from pathways.queries import next_step, recommendations, timeline
from pathways.services import (
    ActionRefused,
    intake_save,
    link_accept,
    link_decline,
    link_end,
    link_invite,
    milestone_delete,
    milestone_record,
    note_create,
    note_delete,
    note_update,
    recommend,
    support_offer_update,
    supporter_set,
)

Subject = AccessLogEntry.Subject
Status = SupportLink.Status
TIPS_PAGE_SIZE = 10
OVERVIEW_NOTES = 3


# The supporter's home ------------------------------------------------------------------------


def _memberships_or_403(request: HttpRequest) -> list[AssociationMembership]:
    """The user's supporter memberships (with association), or PermissionDenied that says what a
    supporter is and who can make them one."""
    memberships = list(
        access.supporter_memberships(request.user).select_related("association").order_by("association__name")
    )
    remember_supporter(request, bool(memberships))
    if not memberships:
        raise PermissionDenied(
            _(
                "Den här sidan är för handledare. En handledare är administratör eller samordnare i en "
                "förening och följer invånare på väg till arbete, med deras samtycke. Föreningens "
                "administratör kan göra dig till handledare under Hantera föreningen, Stöd och handledare."
            )
        )
    return memberships


def _render_home(request: HttpRequest, memberships, form, *, status: int = 200) -> HttpResponse:
    return render(
        request,
        "pathways/supporter/home.html",
        {
            "home": queries_supporter.supporter_home(request.user),
            "memberships": memberships,
            "invite_form": form,
        },
        status=status,
    )


@login_required
def supporter_home(request: HttpRequest) -> HttpResponse:
    """Requests to answer, invitations sent, residents supported now and ended links; an invite form."""
    memberships = _memberships_or_403(request)
    return _render_home(request, memberships, SupporterInviteForm(memberships=memberships))


@login_required
@require_POST
def supporter_invite(request: HttpRequest) -> HttpResponse:
    """Invite a resident by e-mail. Says the same whether or not the address has an account."""
    memberships = _memberships_or_403(request)
    form = SupporterInviteForm(request.POST, memberships=memberships)
    if form.is_valid():
        email = form.cleaned_data["email"]
        try:
            link_invite(
                supporter=request.user,
                association=form.chosen_association(),
                email=email,
                message=form.cleaned_data["message"],
            )
        except ActionRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(
                request,
                _(
                    "Om det finns ett konto med adressen %(email)s får personen din inbjudan i sina notiser "
                    "och med e-post. Du ser inget av personens uppgifter förrän hen har tackat ja."
                )
                % {"email": email},
            )
            return redirect("pathways:supporter_home")
    return _render_home(request, memberships, form, status=400)


# Answering, withdrawing and ending -------------------------------------------------------------


def _ensure_not_over(link: SupportLink) -> None:
    """Refuse, with the sentence that the support has ended, a link that is over."""
    if not link.is_live:
        access.ensure_access(link)  # raises PermissionDenied: the support has ended


@never_cache
@login_required
@require_POST
def supporter_accept(request: HttpRequest, pk: int) -> HttpResponse:
    link = access.supporter_link(request.user, pk)
    _ensure_not_over(link)
    try:
        link_accept(link=link, by=request.user)
    except ActionRefused as refusal:
        messages.error(request, str(refusal))
        return redirect("pathways:supporter_home")
    messages.success(
        request,
        _("Du är nu handledare för %(name)s. Börja gärna med kartläggningen tillsammans.")
        % {"name": link.resident.display_name},
    )
    return redirect("pathways:supporter_link", pk=link.pk)


@never_cache
@login_required
@require_POST
def supporter_decline(request: HttpRequest, pk: int) -> HttpResponse:
    link = access.supporter_link(request.user, pk)
    _ensure_not_over(link)
    try:
        link_decline(link=link, by=request.user)
    except ActionRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(
            request, _("Du har tackat nej till förfrågan från %(name)s.") % {"name": link.resident.display_name}
        )
    return redirect("pathways:supporter_home")


@never_cache
@login_required
@require_POST
def supporter_end(request: HttpRequest, pk: int) -> HttpResponse:
    """End an active link, or take back an invitation not yet answered (link_end)."""
    link = access.supporter_link(request.user, pk)
    _ensure_not_over(link)
    was = link.status
    try:
        link_end(link=link, by=request.user)
    except ActionRefused as refusal:
        messages.error(request, str(refusal))
        return redirect("pathways:supporter_home")
    name = queries_supporter.shown_name(link)  # an invitation never answered shows only the address
    if was == Status.INVITED:
        messages.success(request, _("Din inbjudan till %(name)s är tillbakatagen.") % {"name": name})
    else:
        messages.success(
            request,
            _("Stödet för %(name)s är avslutat. Du kan inte längre se hens uppgifter, och hen har fått besked.")
            % {"name": name},
        )
    return redirect("pathways:supporter_home")


# Pages about one resident ------------------------------------------------------------------------


def _link_for(request: HttpRequest, pk: int, *, subject: str, share: str | None = None) -> SupportLink:
    """The supporter's link with live access to `share`. A GET logs a read of `subject`; a POST
    only checks, since the service it calls logs the write."""
    if request.method == "POST":
        link = access.supporter_link(request.user, pk)
        access.ensure_access(link, share)
        return link
    return access.supporter_view(request.user, pk, subject=subject, share=share)


def _log_read(link: SupportLink, subject: str) -> None:
    access.log_access(link=link, action=AccessLogEntry.Action.READ, subject=subject)


def _page(request: HttpRequest, template: str, link: SupportLink, tab: str, status: int = 200, **context):
    context.update(link=link, resident=link.resident, tab=tab)
    return render(request, f"pathways/supporter/{template}", context, status=status)


@never_cache
@login_required
def supporter_link(request: HttpRequest, pk: int) -> HttpResponse:
    """The overview of one resident: what they share, notes, the supporter's tips."""
    link = access.supporter_view(request.user, pk, subject=Subject.OVERVIEW)
    resident = link.resident
    context = {
        "notes": queries_supporter.notes_about(resident, limit=OVERVIEW_NOTES),
        "recommendations": recommendations(resident, supporter=request.user),
    }
    if link.shares_profile:
        profile = queries_supporter.resident_profile(resident)
        context["profile"] = profile
        context["availability"] = _availability(profile) if profile else []
    if link.shares_claims:
        context["claims"] = queries_supporter.resident_claims(resident)
    if link.shares_intake:
        context["intake"] = queries_supporter.intake_for_reading(resident)
    if link.shares_milestones:
        milestones = timeline(resident)
        context["milestones"] = milestones
        context["next_step"] = next_step(milestones, has_supporter=True)
    return _page(request, "link.html", link, "overview", **context)


def _availability(profile) -> list[str]:
    """When the resident can work, as the profile says it, in words."""
    times = [
        (profile.available_weekdays, _("vardagar dagtid")),
        (profile.available_evenings, _("kvällar")),
        (profile.available_weekends, _("helger")),
    ]
    return [label for available, label in times if available]


@never_cache
@login_required
def supporter_intake(request: HttpRequest, pk: int) -> HttpResponse:
    """The resident's intake, filled in together. A refused form comes back as typed; nothing saved
    is lost. A form that would empty every answer asks first; one opened before someone else saved
    comes back with the saved version beside what was typed (a read in the resident's log)."""
    link = _link_for(request, pk, subject=Subject.INTAKE, share=Share.INTAKE)
    resident = link.resident
    intake = Intake.objects.filter(resident=resident).first() or Intake(resident=resident)
    form = IntakeForm(request.POST if request.method == "POST" else None, instance=intake)
    if form.is_bound and form.is_valid():
        try:
            saved = intake_save(resident=resident, by=request.user, link=link, **form.service_kwargs())
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("Kartläggningen för %(name)s är sparad.") % {"name": resident.display_name})
            skills = form.cleaned_data["skills"]
            for note in skills.notes():
                messages.info(request, note)
            if not skills.review:
                return redirect("pathways:supporter_intake", pk=link.pk)
            # Saved; the page stays so that a taxonomy name offered for a new own word can be ticked.
            form.seen(saved)
            return _page(request, "intake.html", link, "intake", form=form, intake=saved)
    saved_version = None
    if form.changed_meanwhile:
        saved_version = queries_supporter.intake_for_reading(resident)
        _log_read(link, Subject.INTAKE)  # the page shows the saved intake
    return _page(
        request,
        "intake.html",
        link,
        "intake",
        status=400 if form.errors else 200,
        form=form,
        intake=intake,
        saved_version=saved_version,
    )


@never_cache
@login_required
def supporter_milestone(request: HttpRequest, pk: int) -> HttpResponse:
    """The resident's timeline with the suggested next step, and a form to record a step."""
    link = _link_for(request, pk, subject=Subject.MILESTONES, share=Share.MILESTONES)
    form = MilestoneForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            milestone_record(resident=link.resident, by=request.user, link=link, **form.cleaned_data)
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("Steget är antecknat på tidslinjen."))
            return redirect("pathways:supporter_milestone", pk=link.pk)
    if form.is_bound:
        _log_read(link, Subject.MILESTONES)  # the page shows the timeline again
    milestones = timeline(link.resident)
    return _page(
        request,
        "milestones.html",
        link,
        "milestones",
        status=400 if form.errors else 200,
        form=form,
        milestones=milestones,
        next_step=next_step(milestones, has_supporter=True),
    )


@never_cache
@login_required
@require_POST
def supporter_milestone_delete(request: HttpRequest, pk: int, milestone_pk: int) -> HttpResponse:
    link = _link_for(request, pk, subject=Subject.MILESTONES, share=Share.MILESTONES)
    milestone = get_object_or_404(Milestone, pk=milestone_pk, resident_id=link.resident_id)
    try:
        milestone_delete(milestone=milestone, by=request.user, link=link)
    except ActionRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("Steget ”%(kind)s” är borttaget.") % {"kind": milestone.get_kind_display()})
    return redirect("pathways:supporter_milestone", pk=link.pk)


@never_cache
@login_required
def supporter_notes(request: HttpRequest, pk: int) -> HttpResponse:
    """All notes about the resident, and a form for a new one."""
    link = _link_for(request, pk, subject=Subject.NOTES)
    form = NoteForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            note_create(link=link, by=request.user, text=form.cleaned_data["text"])
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("Anteckningen är sparad."))
            return redirect("pathways:supporter_notes", pk=link.pk)
    if form.is_bound:
        _log_read(link, Subject.NOTES)  # the page shows the notes again
    return _page(
        request,
        "notes.html",
        link,
        "notes",
        status=400 if form.errors else 200,
        form=form,
        notes=queries_supporter.notes_about(link.resident),
    )


def _own_note(link: SupportLink, user, note_pk: int) -> SupporterNote:
    """The user's own note about the link's resident; 404 for any other note."""
    return get_object_or_404(SupporterNote, pk=note_pk, resident_id=link.resident_id, author=user)


@never_cache
@login_required
def supporter_note_edit(request: HttpRequest, pk: int, note_pk: int) -> HttpResponse:
    link = _link_for(request, pk, subject=Subject.NOTES)
    note = _own_note(link, request.user, note_pk)
    form = NoteForm(request.POST if request.method == "POST" else None, initial={"text": note.text})
    if form.is_bound and form.is_valid():
        try:
            note_update(note=note, link=link, by=request.user, text=form.cleaned_data["text"])
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("Anteckningen är ändrad."))
            return redirect("pathways:supporter_notes", pk=link.pk)
    return _page(request, "note_edit.html", link, "notes", status=400 if form.errors else 200, form=form, note=note)


@never_cache
@login_required
@require_POST
def supporter_note_delete(request: HttpRequest, pk: int, note_pk: int) -> HttpResponse:
    link = _link_for(request, pk, subject=Subject.NOTES)
    note = _own_note(link, request.user, note_pk)
    note_delete(note=note, link=link, by=request.user)
    messages.success(request, _("Anteckningen är borttagen."))
    return redirect("pathways:supporter_notes", pk=link.pk)


def _tips_query(request: HttpRequest) -> str:
    """The search and page of the tips list, to come back to after a tip."""
    kept = {key: request.GET[key] for key in ("q", "sida") if request.GET.get(key)}
    return urlencode(kept)


@never_cache
@login_required
def supporter_recommend(request: HttpRequest, pk: int) -> HttpResponse:
    """Open assignments near the resident, searchable and paged, each with a form to tip about it."""
    link = _link_for(request, pk, subject=Subject.RECOMMENDATIONS)
    failed = None
    if request.method == "POST":
        failed = RecommendForm(request.POST)
        if "assignment" in failed.errors:
            raise Http404  # a forged or missing id: the form only ever sends one of the list's
        if failed.is_valid():
            assignment = queries_supporter.recommendable_assignment(failed.cleaned_data["assignment"])
            if assignment is None:
                raise Http404
            try:
                recommend(link=link, by=request.user, assignment=assignment, message=failed.cleaned_data["message"])
            except ActionRefused as refusal:
                messages.error(request, str(refusal))
            else:
                messages.success(
                    request,
                    _("%(name)s har fått ditt tips om ”%(title)s”.")
                    % {"name": link.resident.display_name, "title": assignment.title},
                )
            query = _tips_query(request)
            return redirect(reverse("pathways:supporter_recommend", args=[link.pk]) + (f"?{query}" if query else ""))
        _log_read(link, Subject.RECOMMENDATIONS)  # the list comes back with the typed tip
    search = AssignmentSearchForm(request.GET)
    text = search.cleaned_data["q"] if search.is_valid() else ""
    home_municipality_id, municipality_name, from_home = queries_supporter.tips_municipality(link)
    page = Paginator(
        queries_supporter.recommendable_assignments(link, text=text, home_municipality_id=home_municipality_id),
        TIPS_PAGE_SIZE,
    ).get_page(request.GET.get("sida"))
    placed = False
    for assignment in page.object_list:
        if failed is not None and failed.cleaned_data.get("assignment") == assignment.pk:
            assignment.tip_form, placed = failed, True
        else:
            assignment.tip_form = RecommendForm(
                initial={"assignment": assignment.pk}, auto_id=f"tip-{assignment.pk}-%s"
            )
    if failed is not None and not placed:
        # The assignment left this page meanwhile: the message still says what was wrong.
        for errors in failed.errors.values():
            messages.error(request, errors[0])
    return _page(
        request,
        "recommend.html",
        link,
        "tips",
        status=400 if failed is not None else 200,
        page=page,
        search=search,
        query=urlencode({"q": text}) if text else "",
        action_query=_tips_query(request),
        from_home=from_home,
        municipality_name=municipality_name,
    )


# The association admin's support settings ----------------------------------------------------------


@login_required
def offer_edit(request: HttpRequest, slug: str) -> HttpResponse:
    """What support the association offers and who its supporters are. Admins change it;
    coordinators read it; anyone else is refused as on the association's other inside pages."""
    association = get_object_or_404(Association.objects.select_related("municipality"), slug=slug)
    membership = ensure_association_role(request.user, association, MANAGERS)
    offer = SupportOffer.objects.filter(association=association).prefetch_related("localities").first()
    initial = (
        {"kinds": offer.kinds, "localities": list(offer.localities.all()), "description": offer.description}
        if offer
        else {}
    )
    offer_form = SupportOfferForm(initial=initial, municipality=association.municipality)
    supporters_form = SupportersForm(association=association)
    status = 200
    if request.method == "POST":
        ensure_association_admin(request.user, association)
        which = request.POST.get("form")
        if which == "offer":
            offer_form = SupportOfferForm(request.POST, municipality=association.municipality)
            if offer_form.is_valid():
                try:
                    support_offer_update(association=association, by=request.user, **offer_form.cleaned_data)
                except ValidationError as error:
                    apply_service_error(offer_form, error)
                else:
                    messages.success(request, _("Erbjudandet om stöd är sparat."))
                    return redirect("pathways:offer_edit", slug=slug)
        elif which == "supporters":
            supporters_form = SupportersForm(request.POST, association=association)
            if supporters_form.is_valid():
                _save_supporters(request, supporters_form)
                return redirect("pathways:offer_edit", slug=slug)
        else:
            messages.error(request, _("Något gick fel med formuläret. Försök igen."))
            return redirect("pathways:offer_edit", slug=slug)
        status = 400
    members = members_of(association)
    return render(
        request,
        "pathways/offer_edit.html",
        {
            "association": association,
            "membership": membership,
            "is_admin": membership.role == AssociationMembership.Role.ADMIN,
            "offer": offer,
            "offer_form": offer_form,
            "supporters_form": supporters_form,
            "supporters": [m for m in members if m.is_supporter],
            "ordinary_members": [m for m in members if m.role not in MANAGERS],
        },
        status=status,
    )


def _save_supporters(request: HttpRequest, form: SupportersForm) -> None:
    chosen = {membership.pk for membership in form.cleaned_data["supporters"]}
    changed_self = False
    for membership in form.fields["supporters"].queryset:
        wanted = membership.pk in chosen
        if membership.is_supporter == wanted:
            continue
        name = membership.user.display_name
        try:
            supporter_set(membership=membership, by=request.user, is_supporter=wanted)
        except ActionRefused as refusal:
            messages.error(request, str(refusal))
            continue
        changed_self = changed_self or membership.user_id == request.user.pk
        if wanted:
            messages.success(request, _("%(name)s är nu handledare.") % {"name": name})
        else:
            messages.success(
                request,
                _("%(name)s är inte längre handledare. Hens pågående stöd är avslutade och invånarna har fått besked.")
                % {"name": name},
            )
    if changed_self:
        is_supporter(request, refresh=True)
