from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from associations import services as association_services
from associations.forms import RejectForm, VillageForm, apply_service_error
from associations.models import Association
from municipalities import queries, services, statistics
from municipalities.forms import StaffInviteForm
from municipalities.models import Locality, Municipality, StaffMembership
from municipalities.permissions import ensure_staff_admin
from municipalities.queries_staff import colleague_name, colleague_names
from uppdragsbanken.fields import ascii_digits


def ascii_code(view):
    """A code written with other digits ("２４８１", "٢٤٨١") leads to the page of the same code, 2481."""

    @wraps(view)
    def wrapper(request: HttpRequest, code: str, **kwargs) -> HttpResponse:
        same = ascii_digits(code)
        if same != code and request.method in ("GET", "HEAD"):
            target = reverse(request.resolver_match.view_name, kwargs={"code": same, **kwargs})
            query = request.META.get("QUERY_STRING", "")
            return redirect(f"{target}?{query}" if query else target)
        return view(request, code, **kwargs)

    return wrapper


@ascii_code
def municipality_detail(request: HttpRequest, code: str) -> HttpResponse:
    municipality = get_object_or_404(Municipality.objects.select_related("county"), code=code)
    context = {"municipality": municipality, "staff_role": queries.staff_roles_of(request.user).get(code)}
    context.update(queries.municipality_page(municipality))
    today = timezone.localdate()
    context["public_figures"] = statistics.public_figures(municipality, today=today)
    context["public_period"] = statistics.Period.named("last_12_months", today=today)
    return render(request, "municipalities/detail.html", context)


def _staff_page(request: HttpRequest, code: str) -> tuple[Municipality, StaffMembership]:
    municipality = get_object_or_404(Municipality, code=code)
    return municipality, ensure_staff_admin(request.user, municipality)


@ascii_code
@login_required
def verification_queue(request: HttpRequest, code: str) -> HttpResponse:
    municipality, _staff = _staff_page(request, code)
    decisions = queries.recent_decisions(municipality)
    # Colleagues by name or address, as on the staff page; anyone else by their neutral name.
    names = colleague_names(municipality)
    for event in decisions:
        event.actor_name = colleague_name(event.actor, names)
    return render(
        request,
        "municipalities/queue.html",
        {"municipality": municipality, "queue": queries.verification_queue(municipality), "decisions": decisions},
    )


@ascii_code
@login_required
def verification_decide(request: HttpRequest, code: str, slug: str) -> HttpResponse:
    municipality, _staff = _staff_page(request, code)
    association = get_object_or_404(
        Association.objects.select_related("created_by"), slug=slug, municipality=municipality
    )
    form = RejectForm(request.POST if request.POST.get("decision") == "reject" else None)
    if request.method == "POST":
        try:
            if request.POST.get("decision") == "verify":
                association_services.association_verify(association=association, by=request.user)
                messages.success(request, _("%(name)s är godkänd.") % {"name": association.name})
                return redirect("municipalities:queue", code=code)
            if request.POST.get("decision") == "reject" and form.is_valid():
                association_services.association_reject(
                    association=association, by=request.user, reason=form.cleaned_data["reason"]
                )
                messages.success(
                    request, _("%(name)s är inte godkänd. Föreningen får veta varför.") % {"name": association.name}
                )
                return redirect("municipalities:queue", code=code)
        except association_services.ActionRefused as refusal:
            messages.error(request, str(refusal))
            return redirect("municipalities:queue", code=code)
        except ValidationError as error:
            apply_service_error(form, error)
    return render(
        request,
        "municipalities/decide.html",
        {
            "municipality": municipality,
            "association": association,
            "localities": association.localities.order_by("name"),
            "form": form,
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@ascii_code
@login_required
def villages(request: HttpRequest, code: str) -> HttpResponse:
    municipality, _staff = _staff_page(request, code)
    form = VillageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            village = services.village_create(municipality=municipality, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("%(name)s är tillagd.") % {"name": village.name})
            return redirect("municipalities:villages", code=code)
    return render(
        request,
        "municipalities/villages.html",
        {"municipality": municipality, "localities": queries.villages_of(municipality), "form": form},
        status=400 if form.is_bound and form.errors else 200,
    )


@ascii_code
@login_required
def village_edit(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    municipality, _staff = _staff_page(request, code)
    village = get_object_or_404(Locality, pk=pk, municipality=municipality, kind=Locality.Kind.VILLAGE)
    initial = {"name": village.name, "latitude": village.latitude, "longitude": village.longitude}
    form = VillageForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.village_update(village=village, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            village.refresh_from_db()
            apply_service_error(form, error)
        else:
            messages.success(request, _("Ändringarna är sparade."))
            return redirect("municipalities:villages", code=code)
    return render(
        request,
        "municipalities/village_edit.html",
        {"municipality": municipality, "village": village, "form": form},
        status=400 if form.is_bound and form.errors else 200,
    )


@ascii_code
@login_required
def staff(request: HttpRequest, code: str) -> HttpResponse:
    municipality, _staff = _staff_page(request, code)
    form = StaffInviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = association_services.invitation_create(
                by=request.user, municipality=municipality, **form.cleaned_data
            )
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("Inbjudan är skickad till %(email)s.") % {"email": invitation.email})
            return redirect("municipalities:staff", code=code)
    return render(
        request,
        "municipalities/staff.html",
        {
            "municipality": municipality,
            "staff": queries.staff_of(municipality),
            "invitations": queries.open_staff_invitations(municipality),
            "form": form,
        },
        status=400 if form.is_bound and form.errors else 200,
    )
