"""The resident's own data: "Mina uppgifter" as a page and as a JSON file (GDPR art. 15 and 20)."""

import json

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from members.export import personal_data, readable_sections


@never_cache
@login_required
def my_data(request: HttpRequest) -> HttpResponse:
    """Everything the site holds about the person, to read and print."""
    data = personal_data(request.user)
    return render(
        request,
        "members/my_data.html",
        {"sections": readable_sections(data), "exported_at": timezone.now()},
    )


@never_cache
@login_required
def my_data_json(request: HttpRequest) -> HttpResponse:
    """The same data as a file to download: UTF-8 JSON, named after today's date in Stockholm."""
    body = json.dumps(personal_data(request.user), ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    filename = f"uppdragsbanken-mina-uppgifter-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
