"""Pages of /uppdrag/ that sort and rank only what they need.

Measured on seed_scale (50,000 open assignments, bench/run.py's README section): the list's
page query sorted every match with every column of its assignment, association, place,
municipality and category joined, and only then cut out 20. These paginators first find the
page's ids with the narrowest query the order allows, then load the 20 cards by id.
"""

from django.core.paginator import Page
from django.db.models import Count, QuerySet
from django.utils.functional import cached_property

from municipalities.geo import distance_km
from uppdragsbanken.pagination import CappedPaginator


class ShownOnlyPaginator(CappedPaginator):
    """CappedPaginator whose page is found as ids first, then loaded whole.

    Input: `object_list`, the filtered and sorted queryset (its ordering decides the page);
    `cards(ids)`, a function returning a queryset of those assignments with everything a card
    shows. Three queries a page whatever its length: the capped count, the ids, the cards.
    Ranking a search's 4,166 hits with only their ids and ranks carried through the joins, instead
    of whole rows, is what "ranking only what can be shown" means here.
    """

    def __init__(self, object_list: QuerySet, per_page: int, *, cards):
        super().__init__(object_list, per_page)
        self.cards = cards

    def _load(self, ids: list[int]) -> list:
        by_id = {card.pk: card for card in self.cards(ids)}
        return [by_id[pk] for pk in ids if pk in by_id]

    def page(self, number) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        ids = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        return self._get_page(self._load(ids), number, self)


class NearestFirstPaginator(ShownOnlyPaginator):
    """Pages nearest first (then newest), without working out the distance of every match.

    Every assignment is as far away as its place, so the matches are counted per place (one
    grouped query, which also gives the count), the places are sorted by distance in Python, and
    only the places that hold the wanted page are sorted in SQL. On seed_scale this took the
    logged-in list's page query from about 200 ms (a haversine for each of 50,000 rows) to the
    grouped count's tens of ms. Places at exactly the same distance are taken together, so the
    order is the same as sorting every row by (distance, newest).

    Input: `object_list` sorted by ("distance_km", "-published_at"), `home` a Locality with
    coordinates, `cards` as for ShownOnlyPaginator. Two queries a page plus the cards'.
    """

    def __init__(self, object_list: QuerySet, per_page: int, *, cards, home):
        super().__init__(object_list, per_page, cards=cards)
        self.home = home

    @cached_property
    def _bands(self) -> list[tuple[float, list[int], int]]:
        """[(km, place ids, matches)] nearest first: the matches per distance."""
        rows = (
            self.object_list.order_by()
            .values("locality_id", "locality__latitude", "locality__longitude")
            .annotate(matches=Count("pk"))
        )
        bands: dict[float, tuple[list[int], int]] = {}
        lat0, lon0 = float(self.home.latitude), float(self.home.longitude)
        for row in rows:
            km = distance_km(lat0, lon0, float(row["locality__latitude"]), float(row["locality__longitude"]))
            places, matches = bands.get(km, ([], 0))
            bands[km] = ([*places, row["locality_id"]], matches + row["matches"])
        return sorted((km, places, matches) for km, (places, matches) in bands.items())

    @property
    def _capped_count(self) -> int:
        return sum(matches for _km, _places, matches in self._bands)

    def page(self, number) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        before, start, places = 0, 0, []
        for _km, band, matches in self._bands:
            if start >= top:
                break
            if start + matches <= bottom:
                before = start + matches
            else:
                places += band
            start += matches
        ids = list(
            self.object_list.filter(locality_id__in=places).values_list("pk", flat=True)[bottom - before : top - before]
        )
        return self._get_page(self._load(ids), number, self)
