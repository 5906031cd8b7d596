from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from members.models import MemberProfile, NotificationPreference, User
from notifications import services
from notifications.email import read_unsubscribe_token
from notifications.forms import SavedSearchNameForm
from notifications.models import (
    MESSAGE_KINDS,
    PROFILE_FIELD_OF_TOPIC,
    SUPPORT_KINDS,
    Kind,
    Notification,
    SavedSearch,
    Topic,
)
from notifications.queries import inbox, support_target_url, with_recommendations, with_support_links
from uppdragsbanken.pagination import CappedPaginator

PAGE_SIZE = 30
MANAGER_KINDS = {Kind.CLAIM_CREATED, Kind.CLAIM_WITHDRAWN, Kind.HOURS_REPORTED, Kind.CONFIRM_REMINDER}
MY_CLAIMS_KINDS = {Kind.CLAIM_CONFIRMED, Kind.REPORT_REMINDER}


def target_url(notification: Notification) -> str:
    """Where opening a notification leads: the page about what it tells of. Input: a row with its
    assignment and association loaded. Raises NoReverseMatch only if a URL name is missing."""
    if notification.kind in SUPPORT_KINDS:
        [notification] = with_support_links([notification])
        return support_target_url(notification, notification.support_link)
    if notification.assignment_id is None:
        association = notification.association
        if notification.kind == Kind.ASSOCIATION_WAITING:
            return reverse("municipalities:decide", args=[association.municipality.code, association.slug])
        return reverse("associations:manage", args=[association.slug])
    assignment = notification.assignment
    if notification.kind in MESSAGE_KINDS:
        from conversations.notify import thread_path

        return thread_path(notification)
    if notification.kind in MANAGER_KINDS:
        return reverse("assignments:manage", args=[assignment.association.slug, assignment.pk])
    if notification.kind in MY_CLAIMS_KINDS:
        return reverse("members:claims")
    return reverse("assignments:detail", args=[assignment.pk])


@login_required
def inbox_view(request: HttpRequest) -> HttpResponse:
    page = CappedPaginator(inbox(request.user), PAGE_SIZE).get_page(request.GET.get("sida"))
    page.object_list = with_recommendations(list(page.object_list))
    return render(request, "notifications/inbox.html", {"page": page})


@login_required
def open_notification(request: HttpRequest, pk: int) -> HttpResponse:
    notification = get_object_or_404(
        Notification.objects.select_related("assignment__association", "association"), pk=pk, recipient=request.user
    )
    services.mark_read(request.user, [notification.pk])
    return redirect(target_url(notification))


@login_required
@require_POST
def mark_read(request: HttpRequest) -> HttpResponse:
    # isdigit() alone lets "²" through to int(), which fails.
    ids = [value for value in request.POST.getlist("id") if value.isascii() and value.isdigit() and len(value) <= 18]
    if request.POST.get("all"):
        count = services.mark_read(request.user)
    else:
        count = services.mark_read(request.user, [int(value) for value in ids])
    if count:
        messages.success(request, _("Markerat som läst."))
    return redirect("notifications:inbox")


def _saved_searches_page(request, form, failed=None, status=200) -> HttpResponse:
    """The list of the person's saved searches; `failed` is the one whose new name was refused."""
    context = {
        "searches": list(SavedSearch.objects.filter(user=request.user)),
        "max": SavedSearch.MAX_PER_USER,
        "form": form,
        "failed": failed,
    }
    return render(request, "notifications/saved_searches.html", context, status=status)


@login_required
def saved_search_list(request: HttpRequest) -> HttpResponse:
    return _saved_searches_page(request, SavedSearchNameForm())


@login_required
def saved_search_create(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return redirect("notifications:saved_searches")
    query = request.POST.get("query", "")
    if len(query) > 2000:
        # Cutting it would save a different search than the one on the screen.
        # Back to the same search, so the person can remove filters instead of starting over.
        messages.error(request, _("Sökningen har för många val för att sparas. Ta bort några filter och försök igen."))
        return redirect(reverse("assignments:list") + "?" + QueryDict(query).urlencode())
    params = QueryDict(query)
    filterset = services.filterset_for(request, params)
    try:
        search = services.saved_search_create(user=request.user, filterset=filterset)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("notifications:saved_searches")
    messages.success(
        request,
        _("Bevakningen ”%(name)s” är sparad. Du får veta när ett nytt uppdrag passar den.") % {"name": search.name},
    )
    for notice in services.filter_notices(filterset):
        messages.warning(request, notice)
    return redirect("notifications:saved_searches")


@login_required
@require_POST
def saved_search_change(request: HttpRequest, pk: int) -> HttpResponse:
    search = get_object_or_404(SavedSearch, pk=pk, user=request.user)
    action = request.POST.get("action")
    if action == "delete":
        search.delete()
        messages.success(request, _("Bevakningen ”%(name)s” är borttagen.") % {"name": search.name})
    elif action in ("pause", "resume"):
        search.active = action == "resume"
        search.save(update_fields=["active"])
        if search.active:
            messages.success(request, _("Bevakningen ”%(name)s” är igång igen.") % {"name": search.name})
        else:
            messages.success(request, _("Bevakningen ”%(name)s” är pausad.") % {"name": search.name})
    elif action == "rename":
        form = SavedSearchNameForm(request.POST, instance=search)
        if not form.is_valid():
            return _saved_searches_page(request, form, failed=search.pk, status=400)
        form.save()
        messages.success(request, _("Namnet är sparat."))
    else:
        messages.error(request, _("Vi förstod inte vad du ville göra. Försök igen."))
    return redirect("notifications:saved_searches")


def _apply_unsubscribe(user: User, topic: str) -> None:
    profile, _created = MemberProfile.objects.get_or_create(user=user)
    if topic == Topic.MATCHES:
        profile.notification_preference = NotificationPreference.OFF
        profile.save(update_fields=["notification_preference", "updated_at"])
    else:
        field = PROFILE_FIELD_OF_TOPIC[topic]
        setattr(profile, field, False)
        profile.save(update_fields=[field, "updated_at"])


def masked(address: str) -> str:
    """anna.lind@exempel.se → a•••@exempel.se"""
    local, _at, domain = address.partition("@")
    return f"{local[:1]}•••@{domain}"


@csrf_exempt  # The signed link is the authority; mail programs POST to it without cookies (RFC 8058).
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    try:
        user_id, topic = read_unsubscribe_token(token)
        user = User.objects.get(pk=user_id)
    except (signing.BadSignature, User.DoesNotExist):
        return render(request, "notifications/unsubscribe_invalid.html", status=400)
    # Whoever holds the link (a forwarded e-mail, say) sees only enough of the address to recognise it.
    context = {"topic_label": Topic(topic).label, "email": masked(user.email)}
    if request.method == "POST":
        _apply_unsubscribe(user, topic)
        return render(request, "notifications/unsubscribed.html", context)
    return render(request, "notifications/unsubscribe.html", context)
