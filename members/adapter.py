from allauth.account.adapter import DefaultAccountAdapter
from django.urls import reverse
from django.utils import translation


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        # Remember the language the person signed up in: e-mail is sent in it.
        language = translation.get_language() or "sv"
        user.language = "en" if language.startswith("en") else "sv"
        return super().save_user(request, user, form, commit=commit)

    def get_login_redirect_url(self, request):
        # Someone who opened an invitation before having an account lands back on it.
        token = request.session.get("pending_invitation")
        if token:
            return reverse("invitation", args=[token])
        return super().get_login_redirect_url(request)
