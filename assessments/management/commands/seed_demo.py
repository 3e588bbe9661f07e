"""Fill the database with a believable demo: two partnerships, every role, assessments in every state.

Run after `load_standards`. Running it again changes nothing: people, organisations and partnerships are
found by their emails and names, assessments by partnership and period.
"""

from django.core.management.base import BaseCommand, CommandError

from assessments.demo import DEMO_PASSWORD, StandardsMissing, build_demo
from assessments.demo.factors import ensure_demo_factors


class Command(BaseCommand):
    help = "Create demo organisations, people and assessments (idempotent). Run load_standards first."

    def handle(self, *args, **options):
        try:
            result = build_demo()
        except StandardsMissing as exc:
            raise CommandError(str(exc)) from None

        self.stdout.write(self.style.MIGRATE_HEADING("Assessments"))
        for assessment, created in result.assessments:
            state = "created" if created else "already there"
            self.stdout.write(
                f"  {assessment.partnership} {assessment.period} ({assessment.version.label}): "
                f"{assessment.get_status_display()} — {state}"
            )

        self.stdout.write(self.style.MIGRATE_HEADING("Demo accounts"))
        headers = ("Email", "Name", "Role", "Organisation")
        widths = [max(len(row[i]) for row in [headers, *result.accounts]) for i in range(len(headers))]
        line = "  " + "  ".join(f"{{:<{w}}}" for w in widths)
        self.stdout.write(line.format(*headers).rstrip())
        self.stdout.write(line.format(*("-" * w for w in widths)))
        for row in result.accounts:
            self.stdout.write(line.format(*row).rstrip())
        self.stdout.write("")
        self.stdout.write(f"Every demo account's password: {DEMO_PASSWORD}")
        factors = ensure_demo_factors()
        if factors:
            self.stdout.write("")
            self.stdout.write(self.style.MIGRATE_HEADING("Second factor (asked for after the password)"))
            for user, _created in factors:
                self.stdout.write(f"  {user.email}: DJANGO_DEBUG=1 python manage.py demo_totp_code {user.email}")
            self.stdout.write("  Each prints the 6-digit code the account's authenticator app would show now.")
