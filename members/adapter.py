from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.contrib.sites.shortcuts import get_current_site
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme

from uppdragsbanken.links import site_host


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        # Remember the language the person signed up in: e-mail is sent in it.
        language = translation.get_language() or "sv"
        user.language = "en" if language.startswith("en") else "sv"
        user = super().save_user(request, user, form, commit=commit)
        name = (form.cleaned_data.get("display_name") or "").strip()
        if commit and name:
            from members.models import MemberProfile

            MemberProfile.objects.update_or_create(user=user, defaults={"display_name": name})
        return user

    def get_login_redirect_url(self, request):
        # Someone who opened an invitation before having an account lands back on it.
        token = request.session.get("pending_invitation")
        if token:
            return reverse("invitation", args=[token])
        # Municipal staff land on their municipality's staff home (a choice when they work for
        # several), even when they are residents too: "Mina sidor" stays in the menu.
        from municipalities.context_processors import staff_entry_url, staff_places

        return staff_entry_url(staff_places(request, refresh=True)) or super().get_login_redirect_url(request)

    def is_safe_url(self, url):
        """Where `next` may lead after logging in, signing up or out: this site only.

        Input: the `next` value. Output: True for a path on this site, or an absolute
        address whose host is this request's host or SITE_URL's, and whose scheme is
        https on a secure request. allauth's own check also trusts every host in
        ALLOWED_HOSTS and CSRF_TRUSTED_ORIGINS, subdomains included; we do not."""
        request = allauth_context.request
        return url_has_allowed_host_and_scheme(
            url, allowed_hosts={request.get_host(), site_host()}, require_https=request.is_secure()
        )

    def send_mail(self, template_prefix, email, context):
        """Write account e-mail (confirming an address, resetting a password) to the outbox.

        The message is rendered now, in the language of the request, and sent by the
        same task and sweep as every other e-mail, so a slow or absent mail server never
        holds up signing up or asking for a new password. The row keeps the text, with
        its one-time link, only until it is sent or given up."""
        from notifications.services import account_email

        request = allauth_context.request
        message = self.render_mail(
            template_prefix,
            email,
            {"request": request, "email": email, "current_site": get_current_site(request), **context},
        )
        html = next((body for body, kind in getattr(message, "alternatives", []) if kind == "text/html"), "")
        text = message.body
        if message.content_subtype == "html":  # only an HTML template exists
            text, html = "", message.body
        language = translation.get_language() or "sv"
        account_email(address=email, language=language[:2], subject=message.subject, text=text, html=html)
