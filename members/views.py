from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from associations.models import AssociationMembership
from associations.permissions import MANAGERS
from members.forms import LocalitySearchForm, ProfileForm
from members.queries import locality_suggestion_labels, my_pages_context, profile_of
from members.services import profile_update


@login_required
def my_pages(request: HttpRequest) -> HttpResponse:
    return render(request, "members/my_pages.html", my_pages_context(request.user))


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    manages = AssociationMembership.objects.filter(user=request.user, role__in=MANAGERS).exists()
    form = ProfileForm(request.POST or None, instance=profile_of(request.user), manages_association=manages)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        skills = data.pop("skills")
        profile_update(
            user=request.user,
            skills=skills.skills,
            own_skills=skills.own_words,
            interests=data.pop("interests"),
            **data,
        )
        messages.success(request, _("Din profil är sparad."))
        for note in skills.notes():
            messages.info(request, note)
        if skills.review:
            # All is saved; the page stays so that a taxonomy name offered for a new own word can be ticked.
            return render(request, "members/profile.html", {"form": form})
        return redirect("members:my_pages")
    return render(request, "members/profile.html", {"form": form})


@login_required
def locality_suggestions(request: HttpRequest) -> HttpResponse:
    """<option>s for the home locality's datalist, from the text typed so far."""
    form = LocalitySearchForm(request.GET)
    labels = locality_suggestion_labels(form.cleaned_data["q"]) if form.is_valid() else []
    return render(request, "members/_locality_options.html", {"labels": labels})
