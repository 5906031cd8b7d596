from django.core.management.base import BaseCommand
from django.db import transaction

from municipalities.reference_data import load_all


class Command(BaseCommand):
    help = "Load or refresh municipalities, localities, the skill taxonomy and categories from data/ (idempotent)."

    def handle(self, *args, **options):
        with transaction.atomic():
            counts = load_all()
        summary = ", ".join(f"{count} {name}" for name, count in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Reference data loaded: {summary}."))
