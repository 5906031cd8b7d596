"""Distances between places, from their WGS84 coordinates."""

from math import asin, cos, radians, sin, sqrt

EARTH_RADIUS_KM = 6371.0


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    dlat = radians(lat2 - lat1)
    dlon = radians(lon2 - lon1)
    a = sin(dlat / 2) ** 2 + cos(radians(lat1)) * cos(radians(lat2)) * sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_KM * asin(sqrt(a))


def distance_expression(latitude_field: str, longitude_field: str, latitude: float, longitude: float):
    """Haversine from a fixed point to the coordinates in two fields, as a database expression."""
    from django.db.models import F, FloatField, Value
    from django.db.models.functions import ASin, Cast, Cos, Power, Radians, Sin, Sqrt

    lat = Cast(F(latitude_field), FloatField())
    lon = Cast(F(longitude_field), FloatField())
    lat0, lon0 = Value(float(latitude)), Value(float(longitude))
    a = Power(Sin(Radians(lat - lat0) / 2), 2) + Cos(Radians(lat0)) * Cos(Radians(lat)) * Power(
        Sin(Radians(lon - lon0) / 2), 2
    )
    return Value(2 * EARTH_RADIUS_KM) * ASin(Sqrt(a))
