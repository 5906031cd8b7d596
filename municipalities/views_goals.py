"""The municipality's development-plan goals: staff read them, admins keep them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from associations.forms import apply_service_error
from municipalities import services
from municipalities.forms import GoalForm
from municipalities.models import DevelopmentGoal, Municipality, StaffMembership
from municipalities.permissions import ensure_staff, ensure_staff_admin
from municipalities.views import ascii_code

DIRECTIONS = {"up": "up", "down": "down"}


def _municipality(request: HttpRequest, code: str, *, admin: bool) -> tuple[Municipality, StaffMembership]:
    municipality = get_object_or_404(Municipality, code=code)
    check = ensure_staff_admin if admin else ensure_staff
    return municipality, check(request.user, municipality)


def _goal(municipality: Municipality, pk: int) -> DevelopmentGoal:
    # A goal of another municipality is not found here, whatever its id.
    return get_object_or_404(DevelopmentGoal.objects.select_related("municipality"), pk=pk, municipality=municipality)


def _list_url(code: str, goal: DevelopmentGoal | None = None) -> str:
    from django.urls import reverse

    url = reverse("municipalities:goals", kwargs={"code": code})
    return f"{url}#mal-{goal.pk}" if goal else url


@ascii_code
@login_required
def goals(request: HttpRequest, code: str) -> HttpResponse:
    municipality, staff = _municipality(request, code, admin=False)
    goal_list = list(DevelopmentGoal.objects.filter(municipality=municipality).for_list())
    active = [goal for goal in goal_list if goal.is_active]
    return render(
        request,
        "municipalities/goals.html",
        {
            "municipality": municipality,
            "staff_role_here": staff.role,
            "can_change": staff.role == StaffMembership.Role.ADMIN,
            "active_goals": active,
            "retired_goals": [goal for goal in goal_list if not goal.is_active],
            "last_active": active[-1].pk if active else None,
        },
    )


@ascii_code
@login_required
def goal_create(request: HttpRequest, code: str) -> HttpResponse:
    municipality, _staff = _municipality(request, code, admin=True)
    form = GoalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            goal = services.goal_create(municipality=municipality, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("%(title)s är tillagt.") % {"title": goal.title})
            return redirect(_list_url(code, goal))
    return render(
        request,
        "municipalities/goal_edit.html",
        {"municipality": municipality, "goal": None, "form": form},
        status=400 if form.is_bound and form.errors else 200,
    )


@ascii_code
@login_required
def goal_edit(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    municipality, _staff = _municipality(request, code, admin=True)
    goal = _goal(municipality, pk)
    initial = {name: getattr(goal, name) for name in services.GOAL_FIELDS}
    form = GoalForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.goal_update(goal=goal, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            goal.refresh_from_db()
            apply_service_error(form, error)
        else:
            messages.success(request, _("Ändringarna är sparade."))
            return redirect(_list_url(code, goal))
    return render(
        request,
        "municipalities/goal_edit.html",
        {"municipality": municipality, "goal": goal, "form": form},
        status=400 if form.is_bound and form.errors else 200,
    )


def _goal_action(request: HttpRequest, code: str, pk: int, act) -> HttpResponse:
    """Run one change on a goal from a plain POST button and go back to the list, at that goal."""
    municipality, _staff = _municipality(request, code, admin=True)
    goal = _goal(municipality, pk)
    if request.method != "POST":
        # A bookmarked or reloaded button address: the list is where the buttons are.
        return redirect(_list_url(code, goal))
    try:
        message = act(goal)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(request, message)
    return redirect(_list_url(code, goal))


@ascii_code
@login_required
def goal_move(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    def act(goal: DevelopmentGoal) -> str:
        direction = DIRECTIONS.get(request.POST.get("direction", ""), "")
        services.goal_move(goal=goal, by=request.user, direction=direction)
        if direction == "up":
            return _("%(title)s är flyttat uppåt.") % {"title": goal.title}
        return _("%(title)s är flyttat nedåt.") % {"title": goal.title}

    return _goal_action(request, code, pk, act)


@ascii_code
@login_required
def goal_retire(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    def act(goal: DevelopmentGoal) -> str:
        services.goal_retire(goal=goal, by=request.user)
        return _(
            "%(title)s är avslutat. Det finns kvar på uppdragen som bidragit till det, men kan inte väljas för nya."
        ) % {"title": goal.title}

    return _goal_action(request, code, pk, act)


@ascii_code
@login_required
def goal_activate(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    def act(goal: DevelopmentGoal) -> str:
        services.goal_activate(goal=goal, by=request.user)
        return _("%(title)s är aktivt igen och kan väljas för nya uppdrag.") % {"title": goal.title}

    return _goal_action(request, code, pk, act)
