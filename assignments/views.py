import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assignments import checklist, listcache, queries, services, waiting
from assignments import search as text_search
from assignments.filters import AssignmentFilter
from assignments.forms import (
    SCOPE_COMING,
    AssignmentForm,
    CancelForm,
    ClaimForm,
    ConfirmForm,
    DecisionForm,
    HoursForm,
)
from assignments.models import Assignment, Claim, WaitingListEntry
from assignments.pagination import NearestFirstPaginator, ShownOnlyPaginator
from associations.forms import apply_service_error
from associations.models import Association, AssociationMembership
from associations.permissions import membership_of
from associations.queries import memberships_of
from conversations.models import Side
from conversations.queries import attach_unread
from conversations.services import contact_for
from municipalities.geo import distance_km
from uppdragsbanken.filtering import filter_notices

PAGE_SIZE = 20
FILTER_FORM_CACHE_SECONDS = 300


# Residents: browse, read, claim ---------------------------------------------------------


def assignment_list(request: HttpRequest) -> HttpResponse:
    """/uppdrag/: the open assignments, filtered, searched and sorted by GET parameters.

    The part that is the same for everyone with the same query, language and home place (the
    results and the filter form) comes from the cache when nothing it shows has changed since
    (assignments.listcache); what is the person's own (messages, the form to watch the search)
    is added for each request.
    """
    person = listcache.person_of(request.user)
    partial = bool(request.htmx)
    # "Fits my skills" depends on the person's own words too: such a list is not shared.
    version = listcache.list_version() if not request.GET.get("fits") else None
    key = None
    if version is not None:
        query_string = urlencode(sorted(request.GET.lists()), doseq=True)
        key = listcache.key_for(query_string, language=get_language(), person=person, partial=partial, version=version)
    shared = cache.get(key) if key else None
    built = {}
    query = request.GET.copy()
    query.pop("sida", None)
    query = query.urlencode()
    if shared is None:
        seconds = listcache.seconds_until_next_close()
        shared, built = _shared_list_part(request, partial=partial, query=query)
        if key and seconds:
            cache.set(key, shared, seconds)
    for notice in shared["notices"]:
        messages.warning(request, notice)
    context = {
        "query": query,
        "home": person.home_locality_id,
        "active_count": shared["active_count"],
        "results_html": mark_safe(shared["results"]),  # noqa: S308 (our own template's output)
        **built,
    }
    if partial:
        return render(request, "assignments/_results.html", context)
    context["filter_form"] = mark_safe(shared["form"])  # noqa: S308 (our own template's output)
    return render(request, "assignments/list.html", context)


def _shared_list_part(request: HttpRequest, *, partial: bool, query: str) -> tuple[dict, dict]:
    """The list's shared part for `query` (the GET parameters without the page), built:
    ({"results": HTML, "form": HTML ("" for an htmx request), "notices": [text], "active_count": int},
    {"page", "filter", "did_you_mean"}). Everything in the first may be shown to anyone with the
    same cache key (assignments.listcache.key_for); the second is what it was made from, for the
    response's context when it was made now."""
    base = queries.open_assignments()
    filterset = AssignmentFilter(request.GET or None, queryset=base, request=request)
    notices = filter_notices(filterset)
    # A series shows once, by its earliest occurrence that passes the filters.
    # Sorted nearest first, it carries distance_km; the cards get theirs from cards() below.
    results = filterset.sorted(queries.first_of_each_series(filterset.qs))
    home = filterset.home

    def cards(ids: list[int]):
        shown = queries.with_series_info(queries.with_card_data(Assignment.objects.filter(pk__in=ids)))
        return queries.with_distance_from(shown, home) if home is not None else shown

    if filterset.nearest_first:
        paginator = NearestFirstPaginator(results, PAGE_SIZE, cards=cards, home=home)
    else:
        paginator = ShownOnlyPaginator(results, PAGE_SIZE, cards=cards)
    page = paginator.get_page(request.GET.get("sida"))
    # LANGUAGE_CODE keys the cards' cached fragments; without a request no context processor sets it.
    context = {"page": page, "query": query, "home": home, "LANGUAGE_CODE": get_language()}
    context["did_you_mean"] = _did_you_mean(request, page, base)
    shared = {
        "results": render_to_string("assignments/_results_list.html", context),
        "form": "" if partial else _rendered_filter_form(request, filterset),
        "notices": notices,
        "active_count": filterset.active_count,
    }
    return shared, {"page": page, "filter": filterset, "did_you_mean": context["did_you_mean"]}


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
    # Skills, own words and goals are read only when the shared part is built (_shared_detail_parts).
    detail = queries.with_card_data(Assignment.objects.select_related("series"))
    assignment = get_object_or_404(detail, pk=pk)
    if waiting.settle_if_lapsed(assignment):
        # A lapsed offer was passed on: the page shows the places as they are now.
        assignment = get_object_or_404(detail, pk=pk)
    membership = membership_of(request.user, assignment.association)
    if assignment.status == Assignment.Status.DRAFT and membership is None:
        raise Http404
    home = queries.home_locality(request.user)
    distance = None
    if home is not None:
        # The same haversine as the list's SQL (municipalities.geo), on coordinates already loaded.
        place = assignment.locality
        distance = distance_km(
            float(home.latitude), float(home.longitude), float(place.latitude), float(place.longitude)
        )
    own_claim = queries.own_claim(request.user, assignment)
    contact = contact_for(own_claim) if own_claim is not None else None
    manages = bool(membership and membership.can_manage_assignments)
    entry = None if own_claim else queries.own_waiting_entry(request.user, assignment)
    can_claim = queries.is_open_for_claims(assignment) and own_claim is None and entry is None and not manages
    # Full, but still in time and not paused: one can stand in line for a place.
    line_open = (
        assignment.status == Assignment.Status.FILLED
        and not assignment.association.is_suspended
        and not assignment.claims_closed()
    )
    can_join = line_open and own_claim is None and entry is None and not manages
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
            "entry": entry,
            "can_join": can_join,
            "in_line": queries.waiting_count(assignment) if can_join or entry else 0,
            "shared": _shared_detail_parts(assignment),
            "occurrences": queries.coming_occurrences(assignment, request.user),
            "may_claim_occurrences": request.user.is_authenticated
            and not (membership and membership.can_manage_assignments),
        },
        status=400 if claim_form is not None else 200,
    )


def _shared_detail_parts(assignment: Assignment) -> dict:
    """The parts of an assignment's page that are the same for everyone: {"body": HTML (the
    description, skills, goals, how to get there, what to bring), "checklist": HTML ("Bra att veta
    innan du anmäler dig")}, both safe to show.

    Cached for MAX_SECONDS under the list version (assignments.listcache), which the triggers move
    when the assignment, its skills, own words or goals, its association or place change; inside a
    transaction (tests) they are built each time. Built, they cost three queries (skills, own
    words, goals); from the cache, none. Measured with bench/run.py: the detail page rendered
    these for every request, and the checklist made the template a third longer.
    """
    language = get_language()

    def build() -> dict:
        context = {"assignment": assignment, "LANGUAGE_CODE": language}
        return {
            "body": render_to_string("assignments/_detail_body.html", context),
            "checklist": render_to_string(
                "assignments/_checklist.html", {"checklist": checklist.checklist_for(assignment)}
            ),
        }

    version = listcache.list_version()
    if version is None:
        parts = build()
    else:
        key = f"assignment_detail:{listcache.code_version()}:{version}:{assignment.pk}:{language}"
        parts = cache.get_or_set(key, build, listcache.MAX_SECONDS)
    return {name: mark_safe(html) for name, html in parts.items()}  # noqa: S308 (our own templates' output)


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
    back = request.POST.get("tillbaka", "")
    if back.isascii() and back.isdigit() and len(back) <= 18 and assignment.series_id is not None:
        # Signed up from the list of a series' occurrences: back to it, to take another one.
        return redirect(reverse("assignments:detail", args=[int(back)]) + "#tillfallen")
    return redirect("members:claims")


@login_required
@require_POST
def waitlist_join(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = get_object_or_404(Assignment.objects.select_related("association"), pk=pk)
    if assignment.status == Assignment.Status.DRAFT:
        raise Http404
    try:
        entry = waiting.waitlist_join(assignment=assignment, resident=request.user)
    except services.TransitionError as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(
            request,
            _("Du står i kön. Du är nummer %(position)s. Vi hör av oss om en plats blir ledig.")
            % {"position": waiting.position(entry)},
        )
    return redirect("assignments:detail", pk=pk)


def _own_entry(request: HttpRequest, pk: int):
    # Another resident's place in line is simply not found.
    return get_object_or_404(
        WaitingListEntry.objects.select_related("assignment__association"), pk=pk, resident=request.user
    )


def _back(request: HttpRequest, entry) -> HttpResponse:
    """Back to the page the answer was given on: the assignment's, or Mina uppdrag."""
    if request.POST.get("next") == "assignment":
        return redirect("assignments:detail", pk=entry.assignment_id)
    return redirect("members:claims")


@login_required
@require_POST
def waitlist_leave(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _own_entry(request, pk)
    try:
        waiting.waitlist_leave(entry=entry, by=request.user)
    except services.TransitionError as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("Du har lämnat kön till ”%(title)s”.") % {"title": entry.assignment.title})
    return _back(request, entry)


@login_required
@require_POST
def waitlist_offer_accept(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _own_entry(request, pk)
    try:
        waiting.waitlist_offer_accept(entry=entry, by=request.user)
    except services.TransitionError as refusal:
        messages.error(request, str(refusal))
        return _back(request, entry)
    messages.success(
        request,
        _("Klart! Platsen i ”%(title)s” är din. Föreningen vet att du kommer.") % {"title": entry.assignment.title},
    )
    return redirect("members:claims")


@login_required
@require_POST
def waitlist_offer_decline(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _own_entry(request, pk)
    try:
        waiting.waitlist_offer_decline(entry=entry, by=request.user)
    except services.TransitionError as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("Du har tackat nej. Platsen går vidare till nästa i kön. Tack för att du svarade!"))
    return _back(request, entry)


@login_required
def my_claims(request: HttpRequest) -> HttpResponse:
    return _my_claims_page(request)


def _my_claims_page(request: HttpRequest, *, failed: dict | None = None) -> HttpResponse:
    """The resident's claims; failed = {"claim": pk, "form": form} is a refused report shown again."""
    claims = attach_unread(list(queries.claims_of_resident(request.user)), Side.RESIDENT)
    entries = queries.waiting_entries_of_resident(request.user)
    now = timezone.now()
    lapsed = [
        entry for entry in entries if entry.status == WaitingListEntry.Status.OFFERED and not entry.offer_is_live(now)
    ]
    for entry in lapsed:
        waiting.settle_if_lapsed(entry.assignment, now=now)
    if lapsed:
        entries = queries.waiting_entries_of_resident(request.user)
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
        {
            "groups": groups,
            "has_claims": bool(claims) or bool(entries),
            "failed": failed,
            "offers": [e for e in entries if e.status == WaitingListEntry.Status.OFFERED],
            "in_line": [e for e in entries if e.status == WaitingListEntry.Status.WAITING],
        },
        status=400 if failed else 200,
    )


def _own_claim(request: HttpRequest, pk: int) -> Claim:
    # Another resident's claim id is simply not found.
    return get_object_or_404(Claim.objects.select_related("assignment"), pk=pk, resident=request.user)


@login_required
def claim_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """Withdraw a sign-up. One still waiting for an answer simply ends (a POST from Mina uppdrag);
    an accepted place is first confirmed on a page that says what happens to it (GET, or a POST
    without `confirm`), which works without JavaScript."""
    claim = _own_claim(request, pk)
    if request.method != "POST" or (claim.status == Claim.Status.ACCEPTED and not request.POST.get("confirm")):
        return render(
            request,
            "assignments/withdraw.html",
            {
                "claim": claim,
                "in_line": queries.waiting_count(claim.assignment),
                "can_withdraw": claim.status in services.OPEN_CLAIM_STATUSES and not claim.assignment.claims_closed(),
            },
        )
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
        Assignment.objects.select_related("association", "locality", "series"), pk=pk, association=association
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
    groups = []
    for status in order:
        of_status = [a for a in assignments if a.status == status]
        groups.append((status.label, _by_series(of_status), len(of_status)))
    return render(
        request,
        "assignments/association_list.html",
        _context(request, association, membership, groups=groups, has_assignments=bool(assignments)),
    )


def _by_series(assignments: list[Assignment]) -> list[dict]:
    """The overview's rows: an assignment alone, or a series' occurrences together (in time order),
    where the series' first row would be: {"assignment": a} or {"series": [a, …], "assignment": first}."""
    rows, series_rows = [], {}
    for a in assignments:
        if a.series_id is None:
            rows.append({"assignment": a})
        elif a.series_id in series_rows:
            series_rows[a.series_id]["series"].append(a)
        else:
            series_rows[a.series_id] = {"series": [a]}
            rows.append(series_rows[a.series_id])
    for row in series_rows.values():
        row["series"].sort(key=lambda a: (a.starts_at, a.pk))
        row["assignment"] = row["series"][0]
        row["pending_count"] = sum(a.pending_count for a in row["series"])
        row["hours_to_confirm"] = sum(a.hours_to_confirm for a in row["series"])
    return rows


@login_required
def assignment_create(request: HttpRequest, slug: str) -> HttpResponse:
    association, membership = _acting(request, slug)
    form = AssignmentForm(
        request.POST or None, association=association, repeatable=True, initial={"claim_mode": "choose"}
    )
    if request.method == "POST" and form.is_valid():
        publish = request.POST.get("action") == "publish"
        try:
            if form.cleaned_data["occurrences"]:
                series = services.assignment_series_create(
                    association=association, by=request.user, **form.service_fields(), **form.series_fields()
                )
            else:
                assignment = services.assignment_create(
                    association=association, by=request.user, **form.service_fields()
                )
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            _tell_notes(request, form)
            if form.cleaned_data["occurrences"]:
                return _after_series_save(request, series, publish=publish)
            return _after_save(request, assignment, publish=publish)
    return render(
        request, "assignments/form.html", _context(request, association, membership, form=form, assignment=None)
    )


def _after_series_save(request: HttpRequest, series, *, publish: bool) -> HttpResponse:
    first = series.occurrences.order_by("starts_at").first()
    count = series.occurrences.count()
    if publish:
        try:
            published = services.series_publish(series=series, by=request.user)
        except services.TransitionError as refusal:
            messages.warning(request, str(refusal))
        else:
            messages.success(
                request,
                ngettext(
                    "Det enda kommande tillfället är publicerat.",
                    "Alla %(count)s tillfällen är publicerade.",
                    len(published),
                )
                % {"count": len(published)},
            )
            return redirect("assignments:manage", slug=series.association.slug, pk=first.pk)
    else:
        messages.success(
            request,
            ngettext(
                "%(count)s tillfälle är sparat som utkast.",
                "%(count)s tillfällen är sparade som utkast. Så här ser det första ut.",
                count,
            )
            % {"count": count},
        )
    return redirect("assignments:manage", slug=series.association.slug, pk=first.pk)


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
        request.POST or None,
        association=association,
        in_series=assignment.series_id is not None and assignment.starts_at is not None,
        initial=AssignmentForm.initial_from(assignment),
    )
    if request.method == "POST" and form.is_valid():
        coming = form.cleaned_data.get("scope") == SCOPE_COMING
        try:
            if coming:
                changed = services.series_update_coming(assignment=assignment, by=request.user, **form.service_fields())
            else:
                services.assignment_update(assignment=assignment, by=request.user, **form.service_fields())
        except ValidationError as error:
            apply_service_error(form, error)
        except services.TransitionError as refusal:
            # Shown above the form with the changes still in it, not lost behind a redirect.
            form.add_error(None, str(refusal))
        else:
            if coming:
                messages.success(
                    request,
                    ngettext(
                        "Ändringarna är sparade för %(count)s tillfälle.",
                        "Ändringarna är sparade för %(count)s tillfällen.",
                        len(changed),
                    )
                    % {"count": len(changed)},
                )
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
    if waiting.settle_if_lapsed(assignment):
        assignment = _association_assignment(association, pk)
    claims = attach_unread(queries.claims_of_assignment(assignment), Side.ASSOCIATION)
    occurrences = queries.series_occurrences(assignment) if assignment.series_id else []
    return render(
        request,
        "assignments/manage.html",
        _context(
            request,
            association,
            membership,
            assignment=assignment,
            claims=claims,
            waiting_list=queries.waiting_list_of_assignment(assignment),
            can_confirm=assignment.work_may_have_happened(),
            failed=failed,
            occurrences=occurrences,
            series_drafts=sum(1 for a in occurrences if a.status == Assignment.Status.DRAFT and not a.is_past()),
        ),
        status=400 if failed else 200,
    )


@login_required
def assignment_cancel(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    association, membership = _acting(request, slug)
    assignment = _association_assignment(association, pk)
    form = CancelForm(request.POST or None, in_series=assignment.series_id is not None)
    if request.method == "POST" and form.is_valid():
        reason = form.cleaned_data["reason"]
        try:
            if form.cleaned_data.get("scope") == SCOPE_COMING:
                cancelled = services.series_cancel_coming(assignment=assignment, by=request.user, reason=reason)
            else:
                cancelled = [services.assignment_cancel(assignment=assignment, by=request.user, reason=reason)]
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
            if len(cancelled) > 1:
                messages.success(
                    request,
                    ngettext(
                        "%(count)s tillfälle är inställt. De som anmält sig har fått veta det.",
                        "%(count)s tillfällen är inställda. De som anmält sig har fått veta det.",
                        len(cancelled),
                    )
                    % {"count": len(cancelled)},
                )
            else:
                messages.success(request, _("Uppdraget är inställt. De som anmält sig har fått veta det."))
        return redirect("assignments:manage", slug=slug, pk=pk)
    return render(
        request, "assignments/cancel.html", _context(request, association, membership, form=form, assignment=assignment)
    )


@login_required
@require_POST
def series_publish(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Publish every coming draft of the series the occurrence `pk` belongs to."""
    association, _membership = _acting(request, slug)
    assignment = _association_assignment(association, pk)
    if assignment.series is None:
        raise Http404
    try:
        published = services.series_publish(series=assignment.series, by=request.user)
    except services.TransitionError as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(
            request,
            ngettext("%(count)s tillfälle är publicerat.", "%(count)s tillfällen är publicerade.", len(published))
            % {"count": len(published)},
        )
    return redirect("assignments:manage", slug=slug, pk=pk)


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
