from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assignments import services as assignment_services
from assignments.forms import HoursForm
from assignments.models import Assignment, Claim
from assignments.views import _acting, _association_assignment, _association_claim, _context, _failed, _manage_page
from associations.forms import apply_service_error
from associations.models import Association
from associations.permissions import can_view_association
from municipalities.models import Locality
from offline import display, services
from offline.forms import WHO_ACCOUNT, RegisterForm
from offline.models import OfflineResident
from offline.queries import notice_board
from uppdragsbanken.ratelimit import count_and_check

# Looking accounts up by address: enough for a busy phone morning, too few to sift a list of addresses.
EMAIL_LOOKUPS_PER_HOUR = 30


# Signing up a resident who called or came by ----------------------------------------------


@login_required
def register(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """/foreningar/<slug>/uppdrag/<id>/anmal-invanare/: the form, for the association's managers."""
    association, membership = _acting(request, slug)
    assignment = _association_assignment(association, pk)
    form = RegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        fields = form.service_fields()
        if form.cleaned_data["who"] == WHO_ACCOUNT and _too_many_lookups(request):
            form.add_error(
                "email", _("Du har sökt på många adresser den senaste timmen. Vänta en stund och försök igen.")
            )
        else:
            try:
                claim = services.claim_register_by_phone(assignment=assignment, by=request.user, **fields)
            except ValidationError as error:
                apply_service_error(form, error)
            except assignment_services.TransitionError as refusal:
                form.add_error(None, str(refusal))
            else:
                name = claim.resident.display_name
                if claim.status == Claim.Status.ACCEPTED:
                    messages.success(request, _("%(name)s är anmäld och har fått uppdraget.") % {"name": name})
                else:
                    messages.success(request, _("%(name)s är anmäld. Svara på anmälan nedan.") % {"name": name})
                return redirect("assignments:manage", slug=slug, pk=pk)
    return render(
        request,
        "offline/register.html",
        _context(request, association, membership, form=form, assignment=assignment),
        status=400 if form.is_bound else 200,
    )


def _too_many_lookups(request: HttpRequest) -> bool:
    return count_and_check(request, scope="offline-email", limit=EMAIL_LOOKUPS_PER_HOUR, window_seconds=3600).over


@login_required
@require_POST
def report_hours(request: HttpRequest, slug: str, pk: int, claim_pk: int) -> HttpResponse:
    """Hours a resident told the association by phone or in person, reported for them."""
    claim = _association_claim(request, slug, pk, claim_pk)
    form = HoursForm(request.POST)
    if not form.is_valid():
        failed = _failed(claim, form, {"hours": "reported"})
        failed["report"] = True
        return _manage_page(request, slug, pk, failed=failed)
    try:
        assignment_services.claim_report_hours_for(claim=claim, by=request.user, hours=form.cleaned_data["hours"])
    except (assignment_services.TransitionError, ValidationError) as refusal:
        messages.error(request, " ".join(refusal.messages) if isinstance(refusal, ValidationError) else str(refusal))
    else:
        messages.success(
            request,
            _("Timmarna för %(name)s är rapporterade. Bekräfta dem när ni har stämt av.")
            % {"name": claim.resident.display_name},
        )
    return redirect("assignments:manage", slug=slug, pk=pk)


@login_required
@require_POST
def withdraw(request: HttpRequest, slug: str, pk: int, claim_pk: int) -> HttpResponse:
    """A sign-up withdrawn for the resident, who called to say they cannot come."""
    claim = _association_claim(request, slug, pk, claim_pk)
    try:
        assignment_services.claim_withdraw_for(claim=claim, by=request.user)
    except assignment_services.TransitionError as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(
            request,
            _("Anmälan från %(name)s är tillbakatagen. Platsen är ledig igen.") % {"name": claim.resident.display_name},
        )
    return redirect("assignments:manage", slug=slug, pk=pk)


# The association's residents without an account ------------------------------------------


@login_required
def residents(request: HttpRequest, slug: str) -> HttpResponse:
    """/foreningar/<slug>/hantera/invanare-utan-konto/: whom the association signed up without an
    account, with their phone numbers (managers only), and a way to delete each."""
    association, membership = _acting(request, slug)
    records = (
        OfflineResident.objects.filter(association=association)
        .select_related("user__profile", "registered_by__profile")
        .order_by("created_at", "pk")
    )
    return render(request, "offline/residents.html", _context(request, association, membership, records=records))


@login_required
def resident_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    association, membership = _acting(request, slug)
    record = get_object_or_404(OfflineResident.objects.select_related("user__profile"), pk=pk, association=association)
    if request.method == "POST":
        name = record.user.display_name
        services.offline_resident_delete(offline_resident=record, by=request.user)
        messages.success(request, _("Uppgifterna om %(name)s är borttagna.") % {"name": name})
        return redirect("offline:residents", slug=slug)
    return render(request, "offline/resident_delete.html", _context(request, association, membership, record=record))


# The notice board ----------------------------------------------------------------------------


def _association_board(request: HttpRequest, slug: str) -> dict:
    association = get_object_or_404(Association.objects.select_related("municipality"), slug=slug)
    if not can_view_association(request.user, association):
        raise Http404
    assignments, more = notice_board(association=association)
    return {
        "place": association.name,
        "association": association,
        "items": display.board_items(assignments),
        "more": more,
        "more_url": display.readable(display.list_url(association=association)),
        "pdf_href": reverse("offline:association_board_pdf", args=[association.slug]),
        **_when_and_language(),
    }


def _locality_board(request: HttpRequest, code: str, pk: int) -> dict:
    locality = get_object_or_404(Locality.objects.select_related("municipality"), pk=pk, municipality__code=code)
    assignments, more = notice_board(locality=locality)
    return {
        "place": locality.name,
        "locality": locality,
        "items": display.board_items(assignments),
        "more": more,
        "more_url": display.readable(display.list_url(locality=locality)),
        "pdf_href": reverse("offline:locality_board_pdf", args=[code, pk]),
        **_when_and_language(),
    }


def _when_and_language() -> dict:
    return {"today": timezone.localdate(), "language": get_language() or "sv"}


def _page(request: HttpRequest, context: dict) -> HttpResponse:
    return render(request, "offline/board.html", context)


def _pdf(context: dict, filename: str) -> HttpResponse:
    response = HttpResponse(display.board_document(context).write_pdf(), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}.pdf"'
    return response


def association_board(request: HttpRequest, slug: str) -> HttpResponse:
    """/foreningar/<slug>/anslagstavla/: the association's open assignments, to print."""
    return _page(request, _association_board(request, slug))


def association_board_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    return _pdf(_association_board(request, slug), f"anslagstavla-{slug}")


def locality_board(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """/kommuner/<code>/orter/<id>/anslagstavla/: the open assignments in one place, to print."""
    return _page(request, _locality_board(request, code, pk))


def locality_board_pdf(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    return _pdf(_locality_board(request, code, pk), f"anslagstavla-{code}-{pk}")


def short(request: HttpRequest, pk: int) -> HttpResponse:
    """/u/<id>/: the short address on a printout, on to the assignment's page. Not found for an
    unknown id or a draft, as the assignment's own page is."""
    if not Assignment.objects.filter(pk=pk).exclude(status=Assignment.Status.DRAFT).exists():
        raise Http404
    return redirect("assignments:detail", pk=pk, permanent=False)
