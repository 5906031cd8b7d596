"""What every admin page shares: the admin may not break a rule the services keep.

Where a page cannot keep a rule, its fields are read-only; where a delete would
break one, the confirmation page lists why and the delete is not carried out.
"""

from django.contrib import admin


class GuardedDeleteMixin:
    """Refuse deletes the domain forbids, on the admin's own confirmation page.

    Subclasses return one sentence per reason from `delete_refusals`. Django's
    delete view and the "delete selected" action both carry out a delete only
    when nothing is "protected", so the reasons are listed there instead and
    nothing is deleted.
    """

    # Related models whose rows may not be deleted on their own page, but which this
    # delete takes care of (its refusals or its service keep their rules).
    handled_cascades: tuple = ()

    def delete_refusals(self, obj) -> list[str]:
        """Why `obj` may not be deleted, one sentence per reason; [] when it may. Subclasses override."""
        return []

    def get_deleted_objects(self, objs, request):
        deleted, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        handled = {str(model._meta.verbose_name) for model in self.handled_cascades}
        perms_needed = {name for name in perms_needed if str(name) not in handled}
        refusals = [reason for obj in objs for reason in self.delete_refusals(obj)]
        return deleted, model_count, perms_needed, [*protected, *refusals]


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
