from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from assignments.queries import visible_assignments


def assignment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = get_object_or_404(visible_assignments().prefetch_related("skills"), pk=pk)
    return render(request, "assignments/detail.html", {"assignment": assignment})
