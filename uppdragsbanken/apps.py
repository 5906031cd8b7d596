from django.apps import AppConfig


class UppdragsbankenConfig(AppConfig):
    name = "uppdragsbanken"
    verbose_name = "Uppdragsbanken"
