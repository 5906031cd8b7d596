import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assignments import queries, services
from assignments import search as text_search
from assignments.filters import AssignmentFilter
from assignments.forms import AssignmentForm, CancelForm, ClaimForm, ConfirmForm, DecisionForm, HoursForm
from assignments.models import Assignment, Claim
from associations.forms import apply_service_error
from associations.models import Association, AssociationMembership
from associations.permissions import membership_of
from associations.queries import memberships_of
from conversations.models import Side
from conversations.queries import attach_unread
from conversations.services import contact_for
from uppdragsbanken.filtering import filterset_with_messages
from uppdragsbanken.pagination import CappedPaginator

PAGE_SIZE = 20
FILTER_FORM_CACHE_SECONDS = 300


# Residents: browse, read, claim ---------------------------------------------------------


def assignment_list(request: HttpRequest) -> HttpResponse:
    base = queries.open_assignments()
    filterset = filterset_with_messages(request, AssignmentFilter, base)
    results = filterset.sorted(filterset.qs)
    if filterset.home is not None and "distance_km" not in results.query.annotations:
        results = queries.with_distance_from(results, filterset.home)
    page = CappedPaginator(results, PAGE_SIZE).get_page(request.GET.get("sida"))
    query = request.GET.copy()
    query.pop("sida", None)
    context = {"filter": filterset, "page": page, "query": query.urlencode(), "home": filterset.home}
    context["did_you_mean"] = _did_you_mean(request, page, base)
    if request.htmx:
        return render(request, "assignments/_results.html", context)
    context["filter_form"] = _rendered_filter_form(request, filterset)
    return render(request, "assignments/list.html", context)


def _did_you_mean(request: HttpRequest, page, base) -> dict | None:
    """Offer "Menade du …?" when the free text finds few assignments and a better-known word exists:
    the suggested text and the same list's address with it (other filters kept, page dropped).
    Offered only when the suggested search, with the same filters, finds more than this one: a
    link that finds nothing (another municipality's word, or one word of several) is worse than none."""
    text = request.GET.get("q", "")
    found = page.paginator.count
    if not text.strip() or found >= text_search.FEW_HITS:
        return None
    suggestion = text_search.did_you_mean(text)
    if suggestion is None:
        return None
    query = request.GET.copy()
    query.pop("sida", None)
    query["q"] = suggestion
    better = AssignmentFilter(query.copy(), queryset=base, request=request).qs
    if len(better.values_list("pk", flat=True)[: found + 1]) <= found:
        return None
    return {"text": suggestion, "url": reverse("assignments:list") + "?" + query.urlencode()}


def _rendered_filter_form(request: HttpRequest, filterset: AssignmentFilter) -> str:
    """The filter form's HTML, cached: rendering a dozen fields costs more than the page's queries.

    It depends only on the query, the language and the fields this person gets
    (distance and "fits my skills" need a profile); a form with errors is not cached.
    """
    if filterset.is_bound and not filterset.form.is_valid():
        # The values that did not parse are ignored, and a message says so: the form shows what is
        # used instead, not a second, contradicting "something needs correcting".
        data = filterset.data.copy()
        for name in filterset.form.errors:
            data.pop(name, None)
        return str(type(filterset)(data, queryset=filterset.queryset, request=request).form)
    parts = [get_language(), request.GET.urlencode(), ",".join(sorted(filterset.form.fields))]
    if "skill" in filterset.form.fields:
        parts += [str(choice) for choice, _label in filterset.form.fields["skill"].choices]
    parts.append(repr(filterset.goal_choices))  # a goal added, renamed or retired shows at once
    key = "assignment_filter_form:" + hashlib.sha256("|".join(parts).encode()).hexdigest()
    return cache.get_or_set(key, lambda: str(filterset.form), FILTER_FORM_CACHE_SECONDS)


def assignment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail_page(request, pk)


def _detail_page(request: HttpRequest, pk: int, *, claim_form: ClaimForm | None = None) -> HttpResponse:
    """The assignment's page; claim_form is a refused claim, shown again with what was typed."""
    assignment = get_object_or_404(
        queries.with_card_data(Assignment.objects.all()).prefetch_related("skills", "own_skills", "development_goals"),
        pk=pk,
    )
    membership = membership_of(request.user, assignment.association)
    if assignment.status == Assignment.Status.DRAFT and membership is None:
        raise Http404
    home = queries.home_locality(request.user)
    distance = None
    if home is not None:
        distance = queries.with_distance_from(Assignment.objects.filter(pk=pk), home).values_list(
            "distance_km", flat=True
        )[0]
    own_claim = queries.own_claim(request.user, assignment)
    contact = contact_for(own_claim) if own_claim is not None else None
    can_claim = (
        queries.is_open_for_claims(assignment)
        and own_claim is None
        and not (membership and membership.can_manage_assignments)
    )
    return render(
        request,
        "assignments/detail.html",
        {
            "assignment": assignment,
            "membership": membership,
            "distance": distance,
            "own_claim": own_claim,
            "contact": contact,
            "can_claim": can_claim,
            "claim_form": (claim_form or ClaimForm()) if can_claim else None,
        },
        status=400 if claim_form is not None else 200,
    )


@login_required
@require_POST
def claim_create(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = get_object_or_404(Assignment.objects.select_related("association"), pk=pk)
    if assignment.status == Assignment.Status.DRAFT:
        raise Http404
    form = ClaimForm(request.POST)
    if not form.is_valid():
        # Shown again with the message as typed, so it can be shortened rather than rewritten.
        return _detail_page(request, pk, claim_form=form)
    try:
        claim = services.claim_create(assignment=assignment, resident=request.user, **form.cleaned_data)
    except services.TransitionError as refusal:
        messages.error(request, str(refusal))
        return redirect("assignments:detail", pk=pk)
    if claim.status == Claim.Status.ACCEPTED:
        messages.success(request, _("Klart! Du har fått uppdraget. Föreningen vet att du kommer."))
    else:
        messages.success(request, _("Tack! Din anmälan är skickad. Du får besked när föreningen har valt."))
    return redirect("members:claims")


@login_required
def my_claims(request: HttpRequest) -> HttpResponse:
    return _my_claims_page(request)


def _my_claims_page(request: HttpRequest, *, failed: dict | None = None) -> HttpResponse:
    """The resident's claims; failed = {"claim": pk, "form": form} is a refused report shown again."""
    claims = attach_unread(list(queries.claims_of_resident(request.user)), Side.RESIDENT)
    groups = [
        (_("Väntar på svar"), [c for c in claims if c.status == Claim.Status.PENDING]),
        (_("Du har fått uppdraget"), [c for c in claims if c.status == Claim.Status.ACCEPTED]),
        (_("Timmar rapporterade, väntar på föreningen"), [c for c in claims if c.status == Claim.Status.DONE]),
        (_("Klara"), [c for c in claims if c.status == Claim.Status.CONFIRMED]),
        (
            _("Avslutade"),
            [c for c in claims if c.status in (Claim.Status.DECLINED, Claim.Status.WITHDRAWN, Claim.Status.CANCELLED)],
        ),
    ]
    return render(
        request,
        "assignments/my_claims.html",
        {"groups": groups, "has_claims": bool(claims), "failed": failed},
        status=400 if failed else 200,
    )


def _own_claim(request: HttpRequest, pk: int) -> Claim:
    # Another resident's claim id is simply not found.
    return get_object_or_404(Claim.objects.select_related("assignment"), pk=pk, resident=request.user)


@login_required
@require_POST
def claim_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    claim = _own_claim(request, pk)
    try:
        services.claim_withdraw(claim=claim, by=request.user)
    except services.TransitionError as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(
            request, _("Din anmälan till ”%(title)s” är tillbakatagen.") % {"title": claim.assignment.title}
        )
    return redirect("members:claims")


@login_required
@require_POST
def claim_report_hours(request: HttpRequest, pk: int) -> HttpResponse:
    claim = _own_claim(request, pk)
    form = HoursForm(request.POST)
    if not form.is_valid():
        return _my_claims_page(request, failed=_failed(claim, form, {"hours": "hours"}))
    try:
        services.claim_report_hours(claim=claim, by=request.user, hours=form.cleaned_data["hours"])
    except (services.TransitionError, ValidationError) as refusal:
        messages.error(request, _message(refusal))
    else:
        messages.success(request, _("Tack! Nu kan föreningen bekräfta dina timmar."))
    return redirect("members:claims")


# The id prefix of each field in the hand-written claim forms of manage.html and my_claims.html.
MANAGE_FIELD_IDS = {"message": "message", "hours": "hours", "reference_text": "reference"}


def _failed(claim: Claim, form, ids: dict[str, str]) -> dict:
    """A refused form on a page of claims: which claim, what was typed, and links to each error."""
    errors = [(f"{ids[name]}-{claim.pk}", form.fields[name].label, errors[0]) for name, errors in form.errors.items()]
    return {
        "claim": claim.pk,
        "form": form,
        "name": claim.resident.display_name,
        "title": claim.assignment.title,
        "errors": errors,
    }


def _message(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)


# Associations: post and manage ----------------------------------------------------------


def _acting(request: HttpRequest, slug: str) -> tuple[Association, AssociationMembership]:
    association = get_object_or_404(Association.objects.select_related("municipality"), slug=slug)
    return association, services.ensure_can_manage(request.user, association)


def _association_assignment(association: Association, pk: int) -> Assignment:
    # An assignment id of another association is not found here.
    return get_object_or_404(
        Assignment.objects.select_related("association", "locality"), pk=pk, association=association
    )


def _context(request: HttpRequest, association: Association, membership: AssociationMembership, **extra) -> dict:
    return {
        "association": association,
        "membership": membership,
        "my_memberships": memberships_of(request.user),
        **extra,
    }


@login_required
def association_assignments(request: HttpRequest, slug: str) -> HttpResponse:
    association, membership = _acting(request, slug)
    assignments = list(queries.association_assignments(association))
    order = [
        Assignment.Status.DRAFT,
        Assignment.Status.PUBLISHED,
        Assignment.Status.FILLED,
        Assignment.Status.COMPLETED,
        Assignment.Status.CANCELLED,
        Assignment.Status.EXPIRED,
    ]
    groups = [(status.label, [a for a in assignments if a.status == status]) for status in order]
    return render(
        request,
        "assignments/association_list.html",
        _context(request, association, membership, groups=groups, has_assignments=bool(assignments)),
    )


@login_required
def assignment_create(request: HttpRequest, slug: str) -> HttpResponse:
    association, membership = _acting(request, slug)
    form = AssignmentForm(request.POST or None, association=association, initial={"claim_mode": "choose"})
    if request.method == "POST" and form.is_valid():
        try:
            assignment = services.assignment_create(association=association, by=request.user, **form.service_fields())
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            _tell_notes(request, form)
            return _after_save(request, assignment, publish=request.POST.get("action") == "publish")
    return render(
        request, "assignments/form.html", _context(request, association, membership, form=form, assignment=None)
    )


def _tell_notes(request: HttpRequest, form: AssignmentForm) -> None:
    for note in form.notes:
        messages.info(request, note)


def _after_save(request: HttpRequest, assignment: Assignment, *, publish: bool) -> HttpResponse:
    if publish:
        try:
            services.assignment_publish(assignment=assignment, by=request.user)
        except services.TransitionError as refusal:
            messages.warning(request, str(refusal))
        else:
            messages.success(request, _("Uppdraget är publicerat."))
            return redirect("assignments:manage", slug=assignment.association.slug, pk=assignment.pk)
    else:
        messages.success(request, _("Uppdraget är sparat som utkast. Så här kommer det att se ut."))
    return redirect("assignments:manage", slug=assignment.association.slug, pk=assignment.pk)


@login_required
def assignment_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    association, membership = _acting(request, slug)
    assignment = _association_assignment(association, pk)
    form = AssignmentForm(
        request.POST or None, association=association, initial=AssignmentForm.initial_from(assignment)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.assignment_update(assignment=assignment, by=request.user, **form.service_fields())
        except ValidationError as error:
            apply_service_error(form, error)
        except services.TransitionError as refusal:
            # Shown above the form with the changes still in it, not lost behind a redirect.
            form.add_error(None, str(refusal))
        else:
            messages.success(request, _("Ändringarna är sparade."))
            _tell_notes(request, form)
            return redirect("assignments:manage", slug=slug, pk=pk)
    return render(
        request,
        "assignments/form.html",
        _context(request, association, membership, form=form, assignment=assignment),
    )


@login_required
def assignment_manage(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _manage_page(request, slug, pk)


def _manage_page(request: HttpRequest, slug: str, pk: int, *, failed: dict | None = None) -> HttpResponse:
    """The assignment's claims; failed = {"claim": pk, "form": form} is a refused decision shown again."""
    association, membership = _acting(request, slug)
    assignment = _association_assignment(association, pk)
    claims = attach_unread(queries.claims_of_assignment(assignment), Side.ASSOCIATION)
    return render(
        request,
        "assignments/manage.html",
        _context(
            request,
            association,
            membership,
            assignment=assignment,
            claims=claims,
            can_confirm=assignment.work_may_have_happened(),
            failed=failed,
        ),
        status=400 if failed else 200,
    )


@login_required
def assignment_cancel(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    association, membership = _acting(request, slug)
    assignment = _association_assignment(association, pk)
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.assignment_cancel(assignment=assignment, by=request.user, reason=form.cleaned_data["reason"])
        except services.TransitionError as refusal:
            messages.error(request, str(refusal))
        except ValidationError as error:
            apply_service_error(form, error)
            return render(
                request,
                "assignments/cancel.html",
                _context(request, association, membership, form=form, assignment=assignment),
            )
        else:
            messages.success(request, _("Uppdraget är inställt. De som anmält sig har fått veta det."))
        return redirect("assignments:manage", slug=slug, pk=pk)
    return render(
        request, "assignments/cancel.html", _context(request, association, membership, form=form, assignment=assignment)
    )


def _transition(request: HttpRequest, slug: str, pk: int, action, success: str) -> HttpResponse:
    association, _membership = _acting(request, slug)
    assignment = _association_assignment(association, pk)
    try:
        result = action(assignment)
    except (services.TransitionError, ValidationError) as refusal:
        messages.error(request, _message(refusal))
        return redirect("assignments:manage", slug=slug, pk=pk)
    messages.success(request, success)
    target = result if isinstance(result, Assignment) else assignment
    return redirect("assignments:manage", slug=slug, pk=target.pk)


@login_required
@require_POST
def assignment_publish(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _transition(
        request,
        slug,
        pk,
        lambda a: services.assignment_publish(assignment=a, by=request.user),
        _("Uppdraget är publicerat."),
    )


@login_required
@require_POST
def assignment_copy(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _transition(
        request,
        slug,
        pk,
        lambda a: services.assignment_copy(assignment=a, by=request.user),
        _("En kopia är sparad som utkast. Ändra det som ska vara annorlunda och publicera."),
    )


@login_required
@require_POST
def assignment_complete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _transition(
        request,
        slug,
        pk,
        lambda a: services.assignment_complete(assignment=a, by=request.user),
        _("Uppdraget är markerat som genomfört."),
    )


def _association_claim(request: HttpRequest, slug: str, pk: int, claim_pk: int) -> Claim:
    association, _membership = _acting(request, slug)
    return get_object_or_404(
        Claim.objects.select_related("assignment__association", "resident"),
        pk=claim_pk,
        assignment_id=pk,
        assignment__association=association,
    )


@login_required
@require_POST
def claim_decide(request: HttpRequest, slug: str, pk: int, claim_pk: int, decision: str) -> HttpResponse:
    claim = _association_claim(request, slug, pk, claim_pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        # Nothing is decided with a message the resident would never get in full.
        return _manage_page(request, slug, pk, failed=_failed(claim, form, MANAGE_FIELD_IDS))
    message = form.cleaned_data["message"]
    service = services.claim_accept if decision == "accept" else services.claim_decline
    try:
        service(claim=claim, by=request.user, message=message)
    except services.TransitionError as refusal:
        messages.error(request, str(refusal))
    else:
        name = claim.resident.display_name
        messages.success(
            request,
            _("%(name)s har fått uppdraget.") % {"name": name}
            if decision == "accept"
            else _("%(name)s har fått besked att det inte blev den här gången.") % {"name": name},
        )
    return redirect("assignments:manage", slug=slug, pk=pk)


@login_required
@require_POST
def claim_confirm(request: HttpRequest, slug: str, pk: int, claim_pk: int) -> HttpResponse:
    claim = _association_claim(request, slug, pk, claim_pk)
    form = ConfirmForm(request.POST)
    if not form.is_valid():
        return _manage_page(request, slug, pk, failed=_failed(claim, form, MANAGE_FIELD_IDS))
    try:
        services.claim_confirm(claim=claim, by=request.user, **form.cleaned_data)
    except (services.TransitionError, ValidationError) as refusal:
        messages.error(request, _message(refusal))
    else:
        messages.success(request, _("Timmarna för %(name)s är bekräftade.") % {"name": claim.resident.display_name})
    return redirect("assignments:manage", slug=slug, pk=pk)
