"""Reads for the notice board: the open assignments of one association or one place."""

from assignments.models import Assignment
from assignments.queries import one_per_series, open_assignments, with_when

# At most this many on one printed list: it should fit on a few A4 pages on a notice board.
NOTICE_BOARD_LIMIT = 20


def notice_board(**filters) -> tuple[list[Assignment], int]:
    """The open assignments that match `filters` (e.g. association=…, locality=…), by
    assignments.queries.open_assignments, the one definition of "can still be signed up
    for"; a repeating assignment once, by its next occurrence (assignments.queries.one_per_series:
    a weekly series would otherwise fill the paper); soonest first (start, or the deadline), at
    most NOTICE_BOARD_LIMIT, and how many more there are. Two queries, whatever the number.
    Output: (list, int ≥ 0)."""
    base = one_per_series(open_assignments().filter(**filters))
    shown = list(with_when(base).order_by("when", "pk")[:NOTICE_BOARD_LIMIT])
    more = 0
    if len(shown) == NOTICE_BOARD_LIMIT:
        more = base.count() - NOTICE_BOARD_LIMIT
    return shown, more
