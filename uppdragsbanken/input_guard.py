"""Unreadable characters in the address: out of the query, and "not found" in the path.

One place for every list, filter, path and `?next=` instead of a check in each view:
the characters in question (see `filtering.UNREADABLE`) never mean anything to this
site, and PostgreSQL refuses NUL in text, so any view that passed one to a query
answered with a server error. A query string is cleaned and the page says what was
removed, so the rest of the person's filters still work; a path with such characters
cannot name anything here, so it is "not found".
"""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse

from uppdragsbanken.filtering import STRIPPED_MESSAGE, has_unreadable, readable_query


class UnreadableCharactersMiddleware:
    """Place after MessageMiddleware (it leaves a message) and before the views."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if has_unreadable(request.path_info):
            raise Http404("unreadable characters in the path")
        cleaned, stripped = readable_query(request.GET)
        if stripped:
            request.GET = cleaned
            # get_full_path() (login "next" links, htmx push URLs) reads the raw query string.
            request.META["QUERY_STRING"] = cleaned.urlencode()
            if hasattr(request, "_messages"):
                messages.warning(request, STRIPPED_MESSAGE)
        return self.get_response(request)
