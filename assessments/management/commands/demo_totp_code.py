"""Print the 6-digit code a demo account's authenticator app would show now (demo accounts only)."""

from django.core.management.base import BaseCommand, CommandError

from assessments.demo.factors import current_code
from assessments.demo.world import DOMAIN
from assessments.models import User


class Command(BaseCommand):
    help = "Print the current second-factor code of a demo account set up by seed_demo (e.g. basw.officer@...)."

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email, **options):
        email = email.strip().lower()
        if not email.endswith(f"@{DOMAIN}"):
            raise CommandError(f"Only demo accounts (…@{DOMAIN}) have a code this command may show.")
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            raise CommandError(f"No account {email}: run `manage.py seed_demo` first.")
        code = current_code(user)
        if code is None:
            raise CommandError(f"{email} has no authenticator app set up.")
        self.stdout.write(code)
