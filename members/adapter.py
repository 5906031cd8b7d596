from allauth.account.adapter import DefaultAccountAdapter
from django.utils import translation


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        # Remember the language the person signed up in: e-mail is sent in it.
        language = translation.get_language() or "sv"
        user.language = "en" if language.startswith("en") else "sv"
        return super().save_user(request, user, form, commit=commit)
