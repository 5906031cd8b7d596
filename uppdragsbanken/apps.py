from urllib.parse import urlsplit

from django.apps import AppConfig
from django.db.models.signals import post_migrate


def sync_site(*, using: str = "default", **kwargs) -> None:
    """Make the Site row say "Uppdragsbanken" at SITE_URL's host.

    allauth greets with the Site's name ("Hej från Uppdragsbanken!") and builds links
    from its domain when no request is at hand. Run after every migrate (scripts/run and
    the deployment's migrate step), so a changed SITE_URL or PORT is picked up.
    """
    from django.conf import settings
    from django.contrib.sites.models import Site

    Site.objects.using(using).update_or_create(
        pk=settings.SITE_ID,
        defaults={"domain": urlsplit(settings.SITE_URL).netloc, "name": settings.SITE_NAME},
    )
    Site.objects.clear_cache()


class UppdragsbankenConfig(AppConfig):
    name = "uppdragsbanken"
    verbose_name = "Uppdragsbanken"

    def ready(self) -> None:
        from django.apps import apps
        from django.urls import register_converter

        from uppdragsbanken.converters import IdConverter

        register_converter(IdConverter, "id")

        # Sent for the sites app (this app has no models, so is sent nothing), after the
        # sites app's own receiver has created its default row.
        post_migrate.connect(sync_site, sender=apps.get_app_config("sites"), dispatch_uid="uppdragsbanken.sync_site")
