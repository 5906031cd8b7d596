"""Municipal staff operations on their municipality's own data."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from members.models import User
from municipalities.geo import distance_km
from municipalities.models import (
    SWEDEN_LATITUDE,
    SWEDEN_LONGITUDE,
    AuditEvent,
    DevelopmentGoal,
    Locality,
    Municipality,
)
from municipalities.permissions import ensure_staff_admin

# No border polygon of Sweden is available offline, so a village's position is
# checked against the box around Sweden and against the municipality's own
# tätorter: it must lie within this distance of one of them. That catches
# swapped or mistyped coordinates; the largest municipalities in the mountains
# have villages over 100 km from their nearest tätort.
MAX_KM_FROM_OWN_LOCALITY = 150


def check_position(municipality: Municipality, latitude: Decimal, longitude: Decimal) -> None:
    inside_box = SWEDEN_LATITUDE[0] <= latitude <= SWEDEN_LATITUDE[1] and (
        SWEDEN_LONGITUDE[0] <= longitude <= SWEDEN_LONGITUDE[1]
    )
    if not inside_box:
        raise ValidationError(
            _("Platsen ligger inte i Sverige. Kontrollera latitud och longitud, till exempel 64,5912 och 18,6690.")
        )
    own = list(municipality.localities.filter(kind=Locality.Kind.URBAN_AREA).values_list("latitude", "longitude"))
    if own and not any(
        distance_km(float(latitude), float(longitude), float(lat), float(lon)) <= MAX_KM_FROM_OWN_LOCALITY
        for lat, lon in own
    ):
        raise ValidationError(
            _("Platsen ligger långt från %(name)s. Kontrollera latitud och longitud.") % {"name": municipality.name}
        )


def _save_village(village: Locality) -> Locality:
    check_position(village.municipality, village.latitude, village.longitude)
    try:
        with transaction.atomic():
            village.save()
    except IntegrityError:
        raise ValidationError(
            {"name": _("Det finns redan en ort som heter %(name)s i kommunen.") % {"name": village.name}}
        ) from None
    return village


@transaction.atomic
def village_create(
    *, municipality: Municipality, by: User, name: str, latitude: Decimal, longitude: Decimal
) -> Locality:
    ensure_staff_admin(by, municipality)
    village = _save_village(
        Locality(
            municipality=municipality,
            name=name.strip(),
            kind=Locality.Kind.VILLAGE,
            latitude=latitude,
            longitude=longitude,
        )
    )
    AuditEvent.objects.create(
        actor=by, municipality=municipality, action=AuditEvent.Action.VILLAGE_ADDED, details=village.name
    )
    return village


@transaction.atomic
def village_update(*, village: Locality, by: User, name: str, latitude: Decimal, longitude: Decimal) -> Locality:
    ensure_staff_admin(by, village.municipality)
    if village.kind != Locality.Kind.VILLAGE:
        raise ValidationError(_("SCB:s tätorter kommer från officiella data och kan inte ändras här."))
    old = f"{village.name} ({village.latitude}, {village.longitude})"
    village.name, village.latitude, village.longitude = name.strip(), latitude, longitude
    _save_village(village)
    AuditEvent.objects.create(
        actor=by,
        municipality=village.municipality,
        action=AuditEvent.Action.VILLAGE_CHANGED,
        details=f"{old} → {village.name} ({village.latitude}, {village.longitude})",
    )
    return village


# Development goals --------------------------------------------------------------------------

# What a goal's page can change, in the order the audit log lists the changes.
GOAL_FIELDS = ("title", "description", "source", "valid_from", "valid_to", "target_kind", "target_per_year")


def _goal_save(goal: DevelopmentGoal) -> DevelopmentGoal:
    """Check and save a goal; a clash or a broken rule becomes a ValidationError by field."""
    clash = DevelopmentGoal.objects.filter(municipality=goal.municipality, title__iexact=goal.title)
    if clash.exclude(pk=goal.pk).exists():
        raise ValidationError(
            {"title": _("Kommunen har redan ett utvecklingsmål som heter %(title)s.") % {"title": goal.title}}
        )
    goal.full_clean(exclude=["municipality", "position"])
    try:
        with transaction.atomic():
            goal.save()
    except IntegrityError:
        # Someone saved the same title a moment earlier.
        raise ValidationError(
            {"title": _("Kommunen har redan ett utvecklingsmål som heter %(title)s.") % {"title": goal.title}}
        ) from None
    return goal


def _goal_values(fields: dict) -> dict:
    values = {name: fields.get(name) for name in GOAL_FIELDS}
    for name in ("title", "description", "source", "target_kind"):
        values[name] = (values[name] or "").strip()
    return values


def _log_goal(goal: DevelopmentGoal, by: User, action: str, details: str) -> None:
    AuditEvent.objects.create(actor=by, municipality_id=goal.municipality_id, action=action, details=details[:2000])


@transaction.atomic
def goal_create(*, municipality: Municipality, by: User, **fields) -> DevelopmentGoal:
    """Add a development goal, last among the municipality's active goals.

    Input: the municipality, the acting user and the goal's fields (GOAL_FIELDS; any
    left out are empty). Output: the saved goal. Raises PermissionDenied unless `by` is
    an admin of the municipality, ValidationError (by field) for a title the
    municipality already has, a target without an amount or a period that ends before it starts.
    """
    ensure_staff_admin(by, municipality)
    last = (
        DevelopmentGoal.objects.filter(municipality=municipality, is_active=True)
        .order_by("-position")
        .values_list("position", flat=True)
        .first()
    )
    goal = DevelopmentGoal(municipality=municipality, position=0 if last is None else last + 1, **_goal_values(fields))
    _goal_save(goal)
    _log_goal(goal, by, AuditEvent.Action.GOAL_CREATED, goal.title)
    return goal


def _shown(goal: DevelopmentGoal, name: str) -> str:
    value = getattr(goal, name)
    if name == "target_kind":
        return goal.get_target_kind_display() or "–"
    return "–" if value in (None, "") else str(value)


@transaction.atomic
def goal_update(*, goal: DevelopmentGoal, by: User, **fields) -> DevelopmentGoal:
    """Change a goal's title, description, source, period or target.

    Input: the goal, the acting user and its new fields (as goal_create). Output: the
    goal, saved. The audit log gets what changed from what to what; a save that changes
    nothing writes no row. Raises as goal_create; on a ValidationError the goal in the
    database is unchanged (the object passed in may hold the refused values).
    """
    ensure_staff_admin(by, goal.municipality)
    before = {name: _shown(goal, name) for name in GOAL_FIELDS}
    old_title = goal.title
    for name, value in _goal_values(fields).items():
        setattr(goal, name, value)
    changes = [name for name in GOAL_FIELDS if _shown(goal, name) != before[name]]
    if not changes:
        return goal
    _goal_save(goal)
    with translation.override("sv"):
        details = "; ".join(
            f"{DevelopmentGoal._meta.get_field(name).verbose_name}: {before[name][:200]} → {_shown(goal, name)[:200]}"
            for name in changes
        )
    _log_goal(goal, by, AuditEvent.Action.GOAL_CHANGED, f"{old_title}: {details}")
    return goal


def _locked_goals(municipality_id: int, *, active: bool) -> list[DevelopmentGoal]:
    # Locked so that two admins moving goals at once each renumber the order the other left.
    return list(
        DevelopmentGoal.objects.select_for_update()
        .filter(municipality_id=municipality_id, is_active=active)
        .order_by("position", "title", "pk")
    )


@transaction.atomic
def goal_move(*, goal: DevelopmentGoal, by: User, direction: str) -> DevelopmentGoal:
    """Move a goal one step up or down among the municipality's active (or retired) goals.

    Input: the goal, the acting user, direction "up" or "down". Output: the goal with its
    new position; the goals of its group are numbered 0, 1, 2… in the new order. Raises
    PermissionDenied unless `by` is an admin of the municipality, ValidationError for an
    unknown direction or a goal that is already first (up) or last (down).
    """
    ensure_staff_admin(by, goal.municipality)
    if direction not in ("up", "down"):
        raise ValidationError(_("Vi förstod inte åt vilket håll målet skulle flyttas."))
    goals = _locked_goals(goal.municipality_id, active=goal.is_active)
    index = next((i for i, g in enumerate(goals) if g.pk == goal.pk), None)
    if index is None:  # retired or activated by someone else a moment ago
        raise ValidationError(_("Målet har just ändrats av någon annan. Titta på listan och försök igen."))
    new_index = index - 1 if direction == "up" else index + 1
    if not 0 <= new_index < len(goals):
        if direction == "up":
            raise ValidationError(_("%(title)s står redan först.") % {"title": goal.title})
        raise ValidationError(_("%(title)s står redan sist.") % {"title": goal.title})
    goals.insert(new_index, goals.pop(index))
    for position, each in enumerate(goals):
        if each.position != position:
            DevelopmentGoal.objects.filter(pk=each.pk).update(position=position)
    goal.position = new_index
    _log_goal(goal, by, AuditEvent.Action.GOAL_MOVED, f"{goal.title}: {index + 1} → {new_index + 1}")
    return goal


@transaction.atomic
def goal_retire(*, goal: DevelopmentGoal, by: User) -> DevelopmentGoal:
    """Retire a goal: it stays on the assignments that served it but cannot be chosen for new ones.

    Input: the goal and the acting user. Output: the goal, inactive. Raises
    PermissionDenied unless `by` is an admin of the municipality, ValidationError if
    the goal is already retired.
    """
    ensure_staff_admin(by, goal.municipality)
    if DevelopmentGoal.objects.filter(pk=goal.pk, is_active=True).update(is_active=False) != 1:
        raise ValidationError(_("%(title)s är redan avslutat.") % {"title": goal.title})
    goal.is_active = False
    _log_goal(goal, by, AuditEvent.Action.GOAL_RETIRED, goal.title)
    return goal


@transaction.atomic
def goal_activate(*, goal: DevelopmentGoal, by: User) -> DevelopmentGoal:
    """Make a retired goal active again, last among the active goals.

    Input: the goal and the acting user. Output: the goal, active. Raises
    PermissionDenied unless `by` is an admin of the municipality, ValidationError if
    the goal is already active.
    """
    ensure_staff_admin(by, goal.municipality)
    active = _locked_goals(goal.municipality_id, active=True)
    position = max((g.position for g in active), default=-1) + 1
    if DevelopmentGoal.objects.filter(pk=goal.pk, is_active=False).update(is_active=True, position=position) != 1:
        raise ValidationError(_("%(title)s är redan aktivt.") % {"title": goal.title})
    goal.is_active, goal.position = True, position
    _log_goal(goal, by, AuditEvent.Action.GOAL_ACTIVATED, goal.title)
    return goal
