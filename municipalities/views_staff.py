"""The municipal staff's own pages: the staff home, the association list and its suspension."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from assignments.models import Assignment
from associations import services as association_services
from associations.forms import apply_service_error
from municipalities import queries, queries_staff
from municipalities.context_processors import staff_places
from municipalities.forms_staff import STATUS_LABELS, StaffAssociationFilter, SuspendForm
from municipalities.models import Municipality, StaffMembership
from municipalities.permissions import ensure_staff_admin, staff_or_404
from municipalities.views import ascii_code
from uppdragsbanken.filtering import filterset_with_messages

PAGE_SIZE = 25
QUEUE_ON_HOME = 5


class AssociationSearch(StaffAssociationFilter):
    """The list's filters, with a search that finds an organisation number however it is written."""

    def search(self, queryset, name, value):
        return queries_staff.search_associations(queryset, value)


def _staff_context(request: HttpRequest, code: str) -> dict:
    municipality = get_object_or_404(Municipality.objects.select_related("county"), code=code)
    staff = staff_or_404(request.user, municipality)
    return {
        "municipality": municipality,
        "staff": staff,
        # The role as stored now, for the staff navigation; the menu's copy in the session may be minutes old.
        "staff_role_here": staff.role,
        "is_admin": staff.role == StaffMembership.Role.ADMIN,
        "status_labels": STATUS_LABELS,
    }


@login_required
def staff_start(request: HttpRequest) -> HttpResponse:
    """Where staff land: their municipality's home, or a choice when they work for several."""
    memberships = queries_staff.memberships_of(request.user)
    staff_places(request, refresh=True)
    if not memberships:
        raise Http404
    if len(memberships) == 1:
        return redirect("municipalities:staff_home", code=memberships[0].municipality.code)
    return render(request, "municipalities/start.html", {"memberships": memberships})


@ascii_code
@login_required
def staff_home(request: HttpRequest, code: str) -> HttpResponse:
    context = _staff_context(request, code)
    municipality = context["municipality"]
    counts = queries_staff.status_counts(municipality)
    context.update(
        counts=counts,
        waiting=counts[queries_staff.Verification.PENDING],
        queue=queries.verification_queue(municipality)[:QUEUE_ON_HOME] if context["is_admin"] else [],
        others=[m for m in queries_staff.memberships_of(request.user) if m.municipality_id != municipality.pk],
        statistics_url=reverse("municipalities:dashboard", args=[code]),
        goals_url=reverse("municipalities:goals", args=[code]),
    )
    return render(request, "municipalities/home.html", context)


@ascii_code
@login_required
def association_list(request: HttpRequest, code: str) -> HttpResponse:
    context = _staff_context(request, code)
    filterset = filterset_with_messages(
        request, AssociationSearch, queries_staff.staff_associations(context["municipality"])
    )
    query = request.GET.copy()
    query.pop("sida", None)
    context.update(
        filter=filterset,
        page=Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("sida")),
        query=query.urlencode(),
    )
    return render(request, "municipalities/associations.html", context)


@ascii_code
@login_required
def association_status(request: HttpRequest, code: str, slug: str) -> HttpResponse:
    """One association as staff see it: status, history, and for admins suspend or lift."""
    context = _staff_context(request, code)
    association = get_object_or_404(queries_staff.staff_association(context["municipality"], slug))
    action = request.POST.get("action")
    form = SuspendForm(request.POST if action == "suspend" else None)
    here = redirect("municipalities:association", code=code, slug=slug)
    if request.method == "POST":
        ensure_staff_admin(request.user, context["municipality"])  # viewers see the page, never act
        try:
            if action == "suspend" and form.is_valid():
                association_services.association_suspend(
                    association=association, by=request.user, reason=form.cleaned_data["reason"]
                )
                messages.success(
                    request,
                    _("%(name)s är avstängd. Ingen kan anmäla sig till föreningens uppdrag förrän du häver det.")
                    % {"name": association.name},
                )
                return here
            if action == "lift":
                association_services.association_lift_suspension(association=association, by=request.user)
                messages.success(
                    request, _("Avstängningen av %(name)s är hävd. Anmälan är öppen igen.") % {"name": association.name}
                )
                return here
            if action != "suspend":
                messages.error(request, _("Välj om föreningen ska stängas av eller om avstängningen ska hävas."))
                return here
        except association_services.ActionRefused as refusal:
            messages.error(request, str(refusal))
            return here
        except ValidationError as error:
            apply_service_error(form, error)
    names = queries_staff.colleague_names(context["municipality"])
    context.update(
        association=association,
        form=form,
        history=queries_staff.association_history(association, names),
        suspended_by=queries_staff.colleague_name(association.suspended_by, names),
        published_count=association.assignments.filter(status=Assignment.Status.PUBLISHED).count(),
    )
    return render(
        request, "municipalities/association.html", context, status=400 if form.is_bound and form.errors else 200
    )
