"""The thread pages and the municipality's list run a fixed number of queries, however long."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from assignments.models import Claim
from conversations import services
from conversations.models import Side
from tests.conversations.conftest import association_url, resident_url, staff_url
from tests.factories import ClaimFactory, MemberProfileFactory

pytestmark = pytest.mark.django_db


def queries_for(client, url: str) -> list[str]:
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return [query["sql"] for query in captured.captured_queries]


def _talk(world, claim, n: int) -> None:
    """n messages, every other from each side, two minutes apart (within the flood limit); every
    fourth reported by the resident."""
    people = world["people"]
    start = timezone.now() - timedelta(days=2)
    for i in range(n):
        side, by = (Side.RESIDENT, claim.resident) if i % 2 else (Side.ASSOCIATION, people["coordinator"])
        at = start + timedelta(minutes=2 * (i + claim.messages.count()))
        message = services.message_post(claim=claim, by=by, side=side, body=f"Rad {i}", now=at)
        if i % 4 == 0:
            services.message_report(message=message, by=claim.resident, side=Side.RESIDENT)


@pytest.mark.parametrize("who", ["resident", "admin"])
def test_a_thread_page_runs_as_many_queries_for_30_messages_as_for_2(client, thread_world, who):
    claim = thread_world["claim"]
    url = resident_url(claim) if who == "resident" else association_url(claim)
    client.force_login(thread_world["people"][who])
    _talk(thread_world, claim, 2)
    few = queries_for(client, url)
    _talk(thread_world, claim, 28)
    many = queries_for(client, url)
    assert len(many) == len(few), "\n".join(many)
    # session, user, claim (with assignment, association, place, resident, profile), messages
    # (with authors and reports), the two read marks, the header's unread count, the user's
    # profile; the association's side adds the verified address and the membership
    assert len(few) == (8 if who == "resident" else 10), "\n".join(few)


def test_the_municipalitys_pages_run_a_fixed_number_of_queries(client, thread_world):
    people = thread_world["people"]
    client.force_login(people["staff_admin"])
    _talk(thread_world, thread_world["claim"], 3)
    few_list = queries_for(client, "/kommuner/2481/anmalda-meddelanden/")
    few_thread = queries_for(client, staff_url(thread_world["claim"]))
    for _ in range(6):
        resident = MemberProfileFactory().user
        claim = ClaimFactory(assignment=thread_world["assignment"], resident=resident, status=Claim.Status.PENDING)
        _talk(thread_world, claim, 6)
    _talk(thread_world, thread_world["claim"], 10)
    many_list = queries_for(client, "/kommuner/2481/anmalda-meddelanden/")
    assert len(many_list) == len(few_list), "\n".join(many_list)
    assert len(queries_for(client, staff_url(thread_world["claim"]))) == len(few_thread)
    # session, user, municipality, verified address, staff membership, the reported threads, the
    # menu's waiting count, the header's unread count, the user's profile
    assert len(few_list) == 9, "\n".join(few_list)
