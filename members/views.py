from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from members.queries import my_pages_context


@login_required
def my_pages(request: HttpRequest) -> HttpResponse:
    return render(request, "members/my_pages.html", my_pages_context(request.user))
