from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from associations import queries, services
from associations.filters import AssociationFilter
from associations.forms import (
    AssociationDetailsForm,
    AssociationRegisterForm,
    InviteForm,
    MunicipalityChoiceForm,
    RoleForm,
    apply_service_error,
)
from associations.models import Association, AssociationMembership, Invitation
from associations.permissions import (
    can_view_association,
    ensure_association_admin,
    ensure_association_role,
    membership_of,
)
from municipalities.context_processors import staff_places
from municipalities.models import DevelopmentGoal
from pathways.queries_supporter import public_offer
from uppdragsbanken.filtering import filterset_with_messages
from uppdragsbanken.permissions import ensure_verified

PAGE_SIZE = 20


def association_list(request: HttpRequest) -> HttpResponse:
    filterset = filterset_with_messages(request, AssociationFilter, queries.public_associations())
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("sida"))
    template = "associations/_results.html" if request.htmx else "associations/list.html"
    return render(request, template, {"filter": filterset, "page": page, "query": _query_without_page(request)})


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("sida", None)
    return query.urlencode()


def association_detail(request: HttpRequest, slug: str) -> HttpResponse:
    association = get_object_or_404(Association.objects.select_related("municipality"), slug=slug)
    if not can_view_association(request.user, association):
        raise Http404
    return render(
        request,
        "associations/detail.html",
        {
            "association": association,
            "localities": association.localities.order_by("name"),
            "assignments": queries.open_assignments_of(association),
            "membership": membership_of(request.user, association),
            "goals": list(DevelopmentGoal.objects.served_by(association)),
            "support": public_offer(association),
        },
    )


@login_required
def association_register(request: HttpRequest) -> HttpResponse:
    ensure_verified(request.user)
    chooser = MunicipalityChoiceForm(request.GET or None)
    if not chooser.is_bound or not chooser.is_valid():
        return render(request, "associations/register_municipality.html", {"form": chooser})
    municipality = chooser.cleaned_data["kommun"]
    form = AssociationRegisterForm(request.POST or None, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        try:
            association = services.association_register(by=request.user, municipality=municipality, **form.cleaned_data)
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(
                request,
                _("%(name)s är registrerad. Kommunen granskar den nu; under tiden kan ni förbereda uppdrag.")
                % {"name": association.name},
            )
            return redirect("associations:manage", slug=association.slug)
    return render(request, "associations/register.html", {"form": form, "municipality": municipality})


def _acting_context(request: HttpRequest, association: Association, membership: AssociationMembership) -> dict:
    return {
        "association": association,
        "membership": membership,
        "my_memberships": queries.memberships_of(request.user),
    }


@login_required
def association_manage(request: HttpRequest, slug: str) -> HttpResponse:
    association = get_object_or_404(Association.objects.select_related("municipality"), slug=slug)
    membership = ensure_association_role(request.user, association)
    context = _acting_context(request, association, membership)
    context["members"] = queries.members_of(association)
    if membership.role == AssociationMembership.Role.ADMIN:
        context["invitations"] = queries.open_invitations_of(association)
        context["invite_form"] = InviteForm()
        context["roles"] = AssociationMembership.Role.choices
        context["invitation_days"] = services.INVITATION_DAYS
    return render(request, "associations/manage.html", context)


@login_required
def association_edit(request: HttpRequest, slug: str) -> HttpResponse:
    association = get_object_or_404(Association.objects.select_related("municipality"), slug=slug)
    membership = ensure_association_admin(request.user, association)
    initial = {
        "name": association.name,
        "kind": association.kind,
        "localities": association.localities.all(),
        "description": association.description,
        "contact_email": association.contact_email,
        "contact_phone": association.contact_phone,
        "website": association.website,
    }
    form = AssociationDetailsForm(request.POST or None, initial=initial, municipality=association.municipality)
    if request.method == "POST" and form.is_valid():
        was_rejected = association.verification == Association.Verification.REJECTED
        try:
            services.association_update(association=association, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("Ändringarna är sparade."))
            if was_rejected:
                messages.info(request, _("Föreningen har skickats till kommunen för granskning igen."))
            return redirect("associations:manage", slug=association.slug)
    context = _acting_context(request, association, membership)
    context["form"] = form
    return render(request, "associations/edit.html", context)


@login_required
@require_POST
def member_invite(request: HttpRequest, slug: str) -> HttpResponse:
    association = get_object_or_404(Association, slug=slug)
    membership = ensure_association_admin(request.user, association)
    form = InviteForm(request.POST)
    if form.is_valid():
        try:
            invitation = services.invitation_create(by=request.user, association=association, **form.cleaned_data)
        except ValidationError as error:
            apply_service_error(form, error)
        except services.ActionRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, _("Inbjudan är skickad till %(email)s.") % {"email": invitation.email})
            return redirect("associations:manage", slug=slug)
    context = _acting_context(request, association, membership)
    context.update(
        members=queries.members_of(association),
        invitations=queries.open_invitations_of(association),
        invite_form=form,
        roles=AssociationMembership.Role.choices,
        invitation_days=services.INVITATION_DAYS,
    )
    return render(request, "associations/manage.html", context, status=400)


def _refusable(request: HttpRequest, action, success: str, slug: str) -> HttpResponse:
    try:
        action()
    except services.ActionRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, success)
    return redirect("associations:manage", slug=slug)


@login_required
@require_POST
def member_role(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    membership = get_object_or_404(AssociationMembership.objects.select_related("user"), pk=pk, association__slug=slug)
    ensure_association_admin(request.user, membership.association)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Välj en av rollerna i listan."))
        return redirect("associations:manage", slug=slug)
    role = form.cleaned_data["role"]
    return _refusable(
        request,
        lambda: services.membership_change_role(membership=membership, by=request.user, role=role),
        _("%(name)s är nu %(role)s.")
        % {"name": membership.user.display_name, "role": AssociationMembership.Role(role).label.lower()},
        slug,
    )


@login_required
@require_POST
def member_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    membership = get_object_or_404(AssociationMembership.objects.select_related("user"), pk=pk, association__slug=slug)
    ensure_association_admin(request.user, membership.association)
    return _refusable(
        request,
        lambda: services.membership_remove(membership=membership, by=request.user),
        _("%(name)s är inte längre med i föreningen.") % {"name": membership.user.display_name},
        slug,
    )


@login_required
@require_POST
def invitation_revoke(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    invitation = get_object_or_404(Invitation, pk=pk, association__slug=slug)
    services.invitation_revoke(invitation=invitation, by=request.user)
    messages.success(request, _("Inbjudan till %(email)s är återkallad.") % {"email": invitation.email})
    return redirect("associations:manage", slug=slug)


@login_required
def association_leave(request: HttpRequest, slug: str) -> HttpResponse:
    association = get_object_or_404(Association, slug=slug)
    membership = ensure_association_role(request.user, association)
    if request.method == "POST":
        try:
            services.membership_leave(association=association, by=request.user)
        except services.ActionRefused as refusal:
            messages.error(request, str(refusal))
            return redirect("associations:manage", slug=slug)
        messages.success(request, _("Du har lämnat %(name)s.") % {"name": association.name})
        return redirect("members:my_pages")
    return render(request, "associations/leave.html", _acting_context(request, association, membership))


def invitation(request: HttpRequest, token: str) -> HttpResponse:
    try:
        invitation = services.invitation_from_token(token)
    except services.ActionRefused as refusal:
        return render(request, "associations/invitation_invalid.html", {"reason": str(refusal)}, status=410)
    if not request.user.is_authenticated:
        # Come back here after signing up, confirming the address and logging in.
        request.session["pending_invitation"] = token
    elif request.method == "POST":
        try:
            joined = services.invitation_accept(token=token, by=request.user)
        except services.ActionRefused as refusal:
            return render(request, "associations/invitation_invalid.html", {"reason": str(refusal)}, status=410)
        request.session.pop("pending_invitation", None)
        if invitation.association_id:
            messages.success(request, _("Välkommen till %(name)s!") % {"name": invitation.association.name})
            return redirect("associations:manage", slug=invitation.association.slug)
        messages.success(request, _("Du är nu med i personalen för %(name)s.") % {"name": invitation.municipality.name})
        # The menu's staff link and the staff pages read the roles kept in the session: read them anew now.
        staff_places(request, refresh=True)
        return redirect("municipalities:staff_home", code=joined.municipality.code)
    return render(
        request,
        "associations/invitation.html",
        {
            "invitation": invitation,
            "here": reverse("invitation", args=[token]),
            "email_matches": request.user.is_authenticated
            and request.user.emailaddress_set.filter(email__iexact=invitation.email, verified=True).exists(),
        },
    )
