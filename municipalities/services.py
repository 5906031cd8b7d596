"""Municipal staff operations on their municipality's own data."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from members.models import User
from municipalities.geo import distance_km
from municipalities.models import SWEDEN_LATITUDE, SWEDEN_LONGITUDE, AuditEvent, Locality, Municipality
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
