"""Deleting one's own account: a page that says what goes and what stays, and the page after."""

from django import forms
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from members.services import (
    AccountDeletionRefused,
    sole_admin_associations,
    user_delete,
    user_deletion_summary,
)

# What the page after the delete says remained; the session is new by then (logout).
DELETED_SESSION_KEY = "account_deleted_kept"


class AccountDeleteForm(forms.Form):
    """The person's current password, checked against their own account."""

    password = forms.CharField(
        label=_("Ditt lösenord"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("Skriv ditt lösenord för att visa att det är du."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("Lösenordet stämmer inte. Inget har tagits bort."), code="wrong_password")
        return password


@login_required
@require_http_methods(["GET", "POST"])
def account_delete(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = AccountDeleteForm(request.POST or None, user=user)
    blocking = list(sole_admin_associations(user))
    if request.method == "POST" and not blocking and form.is_valid():
        try:
            placeholder = user_delete(user=user, by=user)
        except AccountDeletionRefused:
            # Someone changed an association between the page and the click: show it again.
            blocking = list(sole_admin_associations(user))
        else:
            kept = placeholder.claims.count() if placeholder else 0
            logout(request)
            request.session[DELETED_SESSION_KEY] = kept
            return redirect("members:account_deleted")
    context = {"form": form, "blocking": blocking, "summary": user_deletion_summary(user)}
    return render(request, "members/account_delete.html", context)


@require_http_methods(["GET"])
def account_deleted(request: HttpRequest) -> HttpResponse:
    kept = request.session.get(DELETED_SESSION_KEY)
    return render(request, "members/account_deleted.html", {"kept": kept})
