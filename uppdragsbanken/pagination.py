from django.core.paginator import Paginator
from django.utils.functional import cached_property


class CappedPaginator(Paginator):
    """Counts at most `cap` results.

    Counting every match of a broad search over a national list costs more than
    showing the page; nobody pages past the thousandth result, they narrow the
    filters. The template says "over 1,000" when the count hit the cap.
    """

    cap = 1000

    @cached_property
    def _capped_count(self) -> int:
        return self.object_list.order_by()[: self.cap + 1].count()

    @cached_property
    def count(self) -> int:
        return min(self._capped_count, self.cap)

    @property
    def capped(self) -> bool:
        return self._capped_count > self.cap
