"""Every database column that points at a person's account, for the tests that must cover
them all: the data export and account deletion. A new model with a link to the user shows
up here by itself, so those tests fail until it is handled."""

from django.apps import apps
from django.contrib.auth import get_user_model


def fields_referencing_user() -> list[tuple[str, str]]:
    """("app_label.ModelName", field name) for every foreign key, one-to-one and many-to-many
    field, in every installed app (auto-created many-to-many tables included), whose target
    is the user model; sorted."""
    user_model = get_user_model()
    found = set()
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.get_fields(include_hidden=True):
            if field.is_relation and field.concrete and field.related_model is user_model:
                found.add((model._meta.label, field.name))
            if field.many_to_many and field.concrete and field.related_model is user_model:
                found.add((model._meta.label, field.name))
    return sorted(found)
