from django.core.management.base import BaseCommand

from members import tasks as members_tasks
from notifications import tasks

JOBS = {
    "daily": (tasks.send_digests, ("daily",)),
    "weekly": (tasks.send_digests, ("weekly",)),
    "reminders": (tasks.send_reminders, ()),
    "sweep": (tasks.sweep, ()),
    "expire": (tasks.expire_assignments, ()),
    "waiting": (tasks.waiting_list_offers, ()),
    "inactive": (members_tasks.inactive_accounts, ()),
}


class Command(BaseCommand):
    help = (
        "Run one of the scheduled notification jobs now, in this process: the daily or weekly digest, "
        "the reminders, the sweep of what was left unsent, the expiry of passed assignments, the lapsed "
        "offers of waiting lists, or the "
        "warning and deletion of accounts nobody has used for 24 months. "
        "Celery beat runs them on schedule; this is for the embedded setup and for operators."
    )

    def add_arguments(self, parser):
        parser.add_argument("job", choices=sorted(JOBS))

    def handle(self, *args, job: str, **options):
        task, arguments = JOBS[job]
        result = task.apply(args=arguments).get()
        self.stdout.write(self.style.SUCCESS(f"{job}: {result}"))
