"""The thread pages: the resident's, the association's, and the municipality's reported threads.

Whoever is not a participant gets 404 (another resident's claim id, another association's,
staff before a report): the pages of a thread are not theirs to know about. Every form works
as a plain POST and redirect; with htmx the thread is swapped in place.
"""

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assignments.models import Claim
from associations.forms import apply_service_error
from conversations import queries, services
from conversations.forms import MessageForm, PhoneForm, ReportForm
from conversations.models import Message, MessageReport, Side
from municipalities.models import Municipality
from municipalities.views import ascii_code
from notifications.email import html_body
from uppdragsbanken.ratelimit import count_and_check

# Across every thread, per client: a second line behind the per-thread limit in the database
# (services.FLOOD_LIMIT), against one person writing to many threads at once.
RATE_LIMIT = 30
RATE_WINDOW_SECONDS = 600


# Who is asking, and which thread -------------------------------------------------------------


def _resident_claim(request: HttpRequest, claim_pk: int) -> Claim:
    # Another resident's claim id is simply not found.
    claim = get_object_or_404(queries.claim_for_thread(), pk=claim_pk, resident=request.user)
    return claim


def _association_claim(request: HttpRequest, slug: str, pk: int, claim_pk: int) -> Claim:
    claim = get_object_or_404(
        queries.claim_for_thread(), pk=claim_pk, assignment_id=pk, assignment__association__slug=slug
    )
    if not services.is_manager(request.user, claim):
        raise Http404
    return claim


def _urls(claim: Claim, side: str) -> dict:
    assignment = claim.assignment
    if side == Side.RESIDENT:
        return {
            "thread_url": reverse("conversations:resident", args=[claim.pk]),
            "report_name": "conversations:resident_report",
            "report_args": [claim.pk],
            "back_url": reverse("members:claims"),
        }
    args = [assignment.association.slug, assignment.pk, claim.pk]
    return {
        "thread_url": reverse("conversations:association", args=args),
        "report_name": "conversations:association_report",
        "report_args": args,
        "back_url": reverse("assignments:manage", args=args[:2]),
    }


def _with_html(messages: list[Message]) -> list[Message]:
    # Plain text escaped, with only the site's own addresses as links: the rule of e-mail.
    for message in messages:
        message.html = html_body(message.body) if message.kind == Message.Kind.TEXT else ""
    return messages


def _thread_context(request: HttpRequest, claim: Claim, side: str, **extra) -> dict:
    thread = _with_html(queries.thread(claim, reporter=request.user))
    urls = _urls(claim, side)
    for message in thread:
        if message.side != side and message.kind == Message.Kind.TEXT:
            message.report_url = reverse(urls["report_name"], args=[*urls["report_args"], message.pk])
    closed = services.writing_closed_reason(claim)
    context = {
        "claim": claim,
        "assignment": claim.assignment,
        "side": side,
        "thread": thread,
        "closed_reason": closed,
        "resident_name": claim.resident.display_name,
        "association_name": claim.assignment.association.name,
        "writes_until": services.writing_closes_at(claim.assignment),
        **urls,
    }
    context["phone_shared"] = services.shared_phone(thread)
    if side == Side.RESIDENT:
        context["contact"] = services.contact_for(claim)
    if closed is None:
        context.setdefault("form", MessageForm())
        if side == Side.RESIDENT:
            context.setdefault("phone_form", PhoneForm())
    context.update(extra)
    return context


def _render_thread(request: HttpRequest, claim: Claim, side: str, *, status: int = 200, **extra) -> HttpResponse:
    context = _thread_context(request, claim, side, **extra)
    template = "conversations/_thread.html" if request.htmx else "conversations/thread.html"
    # htmx swaps only a successful answer; the refusal in the partial says what to change.
    return render(request, template, context, status=200 if request.htmx else status)


def _post_message(request: HttpRequest, claim: Claim, side: str) -> HttpResponse:
    form = MessageForm(request.POST)
    limit = count_and_check(request, scope="messages", limit=RATE_LIMIT, window_seconds=RATE_WINDOW_SECONDS)
    if limit.over:
        form.is_valid()
        form.add_error(None, _("Du har skickat många meddelanden på kort tid. Vänta en stund och skicka sedan igen."))
        return _render_thread(request, claim, side, form=form, status=429)
    if form.is_valid():
        try:
            services.message_post(claim=claim, by=request.user, side=side, body=form.cleaned_data["body"])
        except ValidationError as error:
            apply_service_error(form, error)
        except services.TransitionError as refusal:
            # Shown above the box with the text still in it, not lost behind a redirect.
            form.add_error(None, str(refusal))
        else:
            if request.htmx:
                services.thread_mark_read(claim=claim, user=request.user, side=side)
                return _render_thread(request, claim, side)
            flash.success(request, _("Meddelandet är skickat."))
            return redirect(_urls(claim, side)["thread_url"] + "#senaste")
    return _render_thread(request, claim, side, form=form, status=400)


def _thread(request: HttpRequest, claim: Claim, side: str) -> HttpResponse:
    if request.method == "POST":
        return _post_message(request, claim, side)
    services.thread_mark_read(claim=claim, user=request.user, side=side)
    return _render_thread(request, claim, side)


# The resident --------------------------------------------------------------------------------


@login_required
def resident_thread(request: HttpRequest, claim_pk: int) -> HttpResponse:
    return _thread(request, _resident_claim(request, claim_pk), Side.RESIDENT)


@login_required
@require_POST
def resident_phone(request: HttpRequest, claim_pk: int) -> HttpResponse:
    claim = _resident_claim(request, claim_pk)
    form = PhoneForm(request.POST)
    if form.is_valid():
        try:
            services.phone_share(claim=claim, by=request.user, phone=form.cleaned_data["phone"])
        except ValidationError as error:
            apply_service_error(form, error)
        except services.TransitionError as refusal:
            form.add_error(None, str(refusal))
        else:
            flash.success(request, _("Föreningen ser nu ditt telefonnummer i samtalet."))
            return redirect(_urls(claim, Side.RESIDENT)["thread_url"] + "#senaste")
    return _render_thread(request, claim, Side.RESIDENT, phone_form=form, status=400)


# The association -----------------------------------------------------------------------------


@login_required
def association_thread(request: HttpRequest, slug: str, pk: int, claim_pk: int) -> HttpResponse:
    return _thread(request, _association_claim(request, slug, pk, claim_pk), Side.ASSOCIATION)


# Reporting a message -------------------------------------------------------------------------


def _report(request: HttpRequest, claim: Claim, side: str, message_pk: int) -> HttpResponse:
    message = get_object_or_404(Message, pk=message_pk, claim=claim)
    message.claim = claim
    urls = _urls(claim, side)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.message_report(message=message, by=request.user, side=side, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            apply_service_error(form, error)
        except services.TransitionError as refusal:
            flash.error(request, str(refusal))
            return redirect(urls["thread_url"])
        else:
            flash.success(
                request,
                _("Tack. Meddelandet är anmält till kommunen, som läser samtalet och hör av sig vid behov."),
            )
            return redirect(urls["thread_url"])
    context = {
        "claim": claim,
        "assignment": claim.assignment,
        "message": _with_html([message])[0],
        "form": form,
        "side": side,
        "author_name": (
            claim.resident.display_name if message.side == Side.RESIDENT else claim.assignment.association.name
        ),
        **urls,
    }
    return render(request, "conversations/report.html", context, status=400 if form.is_bound else 200)


@login_required
def resident_report(request: HttpRequest, claim_pk: int, message_pk: int) -> HttpResponse:
    return _report(request, _resident_claim(request, claim_pk), Side.RESIDENT, message_pk)


@login_required
def association_report(request: HttpRequest, slug: str, pk: int, claim_pk: int, message_pk: int) -> HttpResponse:
    return _report(request, _association_claim(request, slug, pk, claim_pk), Side.ASSOCIATION, message_pk)


# The municipality ----------------------------------------------------------------------------


def _staff_municipality(request: HttpRequest, code: str) -> Municipality:
    """The municipality, for one of its admins; 404 for everyone else (viewers too: they read
    statistics, not people's messages)."""
    from municipalities.permissions import staff_or_404

    municipality = get_object_or_404(Municipality.objects.select_related("county"), code=code)
    staff = staff_or_404(request.user, municipality)
    if staff.role != staff.Role.ADMIN:
        raise Http404
    return municipality


def _staff_claim(request: HttpRequest, municipality: Municipality, claim_pk: int) -> Claim:
    claim = get_object_or_404(queries.claim_for_thread(), pk=claim_pk, assignment__locality__municipality=municipality)
    if not services.can_staff_read(request.user, claim):
        raise Http404  # a thread nobody reported is not the municipality's to read
    return claim


@ascii_code
@login_required
def staff_list(request: HttpRequest, code: str) -> HttpResponse:
    municipality = _staff_municipality(request, code)
    threads = queries.reported_threads(municipality)
    return render(
        request,
        "conversations/staff_list.html",
        {"municipality": municipality, "threads": threads, "staff_role_here": "admin"},
    )


@ascii_code
@login_required
def staff_thread(request: HttpRequest, code: str, claim_pk: int) -> HttpResponse:
    municipality = _staff_municipality(request, code)
    claim = _staff_claim(request, municipality, claim_pk)
    thread = _with_html(queries.thread(claim))
    return render(
        request,
        "conversations/staff_thread.html",
        {
            "municipality": municipality,
            "staff_role_here": "admin",
            "claim": claim,
            "assignment": claim.assignment,
            "thread": thread,
            "reports": queries.reports_of(claim),
            "resident_name": claim.resident.display_name,
            "association_name": claim.assignment.association.name,
        },
    )


@ascii_code
@login_required
@require_POST
def staff_handle(request: HttpRequest, code: str, claim_pk: int, report_pk: int) -> HttpResponse:
    municipality = _staff_municipality(request, code)
    claim = _staff_claim(request, municipality, claim_pk)
    report = get_object_or_404(MessageReport, pk=report_pk, message__claim=claim)
    try:
        services.report_handle(report=report, by=request.user)
    except services.TransitionError as refusal:
        flash.error(request, str(refusal))
    except PermissionDenied:
        raise Http404 from None
    else:
        flash.success(request, _("Anmälan är markerad som hanterad."))
    return redirect("conversations:staff_thread", code=municipality.code, claim_pk=claim.pk)
