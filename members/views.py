from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from members.forms import ProfileForm
from members.models import MemberProfile
from members.queries import my_pages_context
from members.services import profile_update


@login_required
def my_pages(request: HttpRequest) -> HttpResponse:
    return render(request, "members/my_pages.html", my_pages_context(request.user))


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    instance = MemberProfile.objects.filter(user=request.user).first()
    form = ProfileForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        profile_update(user=request.user, skills=data.pop("skills_text"), interests=data.pop("interests"), **data)
        messages.success(request, _("Din profil är sparad."))
        return redirect("members:my_pages")
    return render(request, "members/profile.html", {"form": form})
