from django.core.management.base import BaseCommand

from portal.demo import DEMO_PASSWORD, seed_demo


class Command(BaseCommand):
    help = "Create demo countries, teams, users and assessments. Idempotent."

    def handle(self, *args, **options):
        logins = seed_demo()
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for email, what in logins:
            self.stdout.write(f"  {email:32} {what}")
