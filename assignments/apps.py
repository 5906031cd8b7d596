from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssignmentsConfig(AppConfig):
    name = "assignments"
    verbose_name = _("Uppdrag")

    def ready(self) -> None:
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_migrate, pre_migrate

        from assignments import checks, listcache, search_pg, search_sqlite  # noqa: F401  (checks registers itself)

        # SQLite's search index is kept by triggers that call uppdrag_normalise(): every
        # connection needs the function before it writes an assignment. The triggers are
        # set aside while migrations alter tables, and made again after (search_sqlite.drop_triggers).
        connection_created.connect(search_sqlite.register_functions, dispatch_uid="assignments.search_sqlite")
        pre_migrate.connect(search_sqlite.drop_triggers, sender=self, dispatch_uid="assignments.search_sqlite")
        post_migrate.connect(search_sqlite.install_triggers, sender=self, dispatch_uid="assignments.search_sqlite")
        # The list's cache version is moved by triggers (listcache); SQLite drops a table's triggers
        # when a migration rebuilds it, so they are made again after every migrate.
        post_migrate.connect(listcache.install_triggers, sender=self, dispatch_uid="assignments.listcache")
        # PostgreSQL: note once per connection whether the Swedish dictionary is in use, so the first
        # search of a process can warn without a query of its own (search_pg.note_dictionary).
        connection_created.connect(search_pg.note_dictionary, dispatch_uid="assignments.search_pg")
