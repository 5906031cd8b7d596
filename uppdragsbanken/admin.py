"""What every admin page shares: the admin may not break a rule the services keep.

Where a page cannot keep a rule, its fields are read-only; where a delete would
break one, the confirmation page lists why and the delete is not carried out.
"""

from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected
from django.db import transaction


class GuardedDeleteMixin:
    """Refuse deletes the domain forbids, on the admin's own confirmation page.

    Subclasses return one sentence per reason from `delete_refusals` (one object) or
    `delete_refusals_together` (a whole selection, when objects are only refused together).
    Django's delete view and the "delete selected" action both carry out a delete only
    when nothing is "protected", so the reasons are listed there instead and nothing is
    deleted. "Delete selected" runs in one transaction: when a rule changed between the
    confirmation page and the click, and the service raises one of `refusal_errors`,
    nothing of the selection is deleted and the admin reads the reason as a message.
    """

    # Related models whose rows may not be deleted on their own page, but which this
    # delete takes care of (its refusals or its service keep their rules).
    handled_cascades: tuple = ()
    # What the service raises when it refuses a delete (its message says why).
    refusal_errors: tuple = ()

    def delete_refusals(self, obj) -> list[str]:
        """Why `obj` may not be deleted, one sentence per reason; [] when it may. Subclasses override."""
        return []

    def delete_refusals_together(self, objs) -> list[str]:
        """Why the objects `objs` may not all be deleted at once, one sentence per reason; []
        when they may. By default each object's own reasons; override where deleting several
        can break a rule that deleting each alone does not."""
        return [reason for obj in objs for reason in self.delete_refusals(obj)]

    def get_deleted_objects(self, objs, request):
        deleted, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        handled = {str(model._meta.verbose_name) for model in self.handled_cascades}
        perms_needed = {name for name in perms_needed if str(name) not in handled}
        refusals = self.delete_refusals_together(list(objs))
        return deleted, model_count, perms_needed, [*protected, *refusals]

    def get_actions(self, request):
        actions = super().get_actions(request)
        if "delete_selected" in actions:
            _function, name, description = actions["delete_selected"]
            actions["delete_selected"] = (type(self)._guarded_delete_selected, name, description)
        return actions

    def _guarded_delete_selected(self, request, queryset):
        """Django's "delete selected", all or nothing, with a refusal told as a message."""
        try:
            with transaction.atomic():
                return delete_selected(self, request, queryset)
        except self.refusal_errors as refusal:
            self.message_user(request, str(refusal), messages.ERROR)
            return None


class ReadOnlyInline(admin.TabularInline):
    """Shows related rows; they are changed on their own admin page, where the rules are kept."""

    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ViewOnlyAdmin(admin.ModelAdmin):
    """Rows that only a service writes: the admin lists and shows them, and may delete them."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
