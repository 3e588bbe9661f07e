from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.base import DeserializationError

from standards.loading import load_standards

NO_FIXTURES = "No standards fixtures found in fixtures/standards."


class Command(BaseCommand):
    help = (
        "Load BASW standards fixtures (default: every file in fixtures/standards, in dependency order), all or "
        "nothing. Loading is idempotent; a standard its version's file no longer holds is retired, never deleted, "
        "and one that comes back is current again."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", help="Fixture files to load (put in dependency order).")

    def handle(self, *args, **options):
        try:
            report = load_standards(options["paths"] or None, verbosity=max(options["verbosity"] - 1, 0))
        except (DeserializationError, ValueError, OSError) as error:
            raise CommandError(str(error)) from error
        if not report.files:
            raise CommandError(NO_FIXTURES)
        for entry in report.versions:
            self.stdout.write(
                f"{entry.file}: {entry.framework} {entry.version}: {entry.standards} standards, "
                f"{len(entry.created)} new, {len(entry.updated)} updated, {entry.unchanged} unchanged."
            )
            for label, codes in (
                ("New", entry.created),
                ("Updated", entry.updated),
                ("Retired (no longer in the file; kept for answers given against it)", entry.retired),
                ("Back in the file, no longer retired", entry.restored),
            ):
                if codes:
                    self.stdout.write(f"  {label}: {', '.join(codes)}")
        if report.statements:
            self.stdout.write(f"Frontline statements: {report.statements}.")
        if report.statements_retired:
            self.stdout.write(f"  Statements retired (kept for answers): {', '.join(report.statements_retired)}")
        self.stdout.write(self.style.SUCCESS(f"Loaded {', '.join(report.files)}."))
