from django.contrib import messages
from django.http import HttpRequest
from django.utils.translation import gettext as _


def filterset_with_messages(request: HttpRequest, filterset_class, queryset):
    """A bound filterset whose values that do not parse are left out, with a message saying so.

    django-filter only applies the values that validate; this tells the person
    which of theirs were ignored instead of failing or silently dropping them.
    """
    filterset = filterset_class(request.GET or None, queryset=queryset, request=request)
    if filterset.is_bound and not filterset.is_valid():
        for name in filterset.form.errors:
            field = filterset.form.fields.get(name)
            label = field.label if field is not None else name
            messages.warning(
                request,
                _("Vi förstod inte värdet i ”%(label)s” och har bortsett från det.") % {"label": label},
            )
    return filterset
