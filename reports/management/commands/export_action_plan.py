"""Write an assessment's action plan, its responses or its s75 review pack to a file, for administrators and
scripted board packs.

python manage.py export_action_plan --list
python manage.py export_action_plan 12 --format pdf -o board-pack/action-plan.pdf
python manage.py export_action_plan 12 --format xlsx --kind responses -o responses.xlsx
python manage.py export_action_plan 12 --kind progress --format pdf -o s75-review-pack.pdf

--kind progress is the s75 review pack: the plan's progress for the partnership agreement's annual review.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from assessments.models import Assessment
from reports.exports import KINDS, export


class Command(BaseCommand):
    help = "List assessments, or write one assessment's action plan, responses or s75 review pack (--kind progress)."

    def add_arguments(self, parser):
        parser.add_argument("assessment", nargs="?", type=int, help="The assessment's id (see --list).")
        parser.add_argument(
            "--list", action="store_true", help="Print id, partnership, period and status, tab-separated."
        )
        parser.add_argument("--format", choices=["pdf", "csv", "xlsx"], default="pdf")
        parser.add_argument(
            "--kind",
            choices=sorted(KINDS),
            default="action-plan",
            help="What to export: the action plan, the responses, or progress (the s75 review pack).",
        )
        parser.add_argument("-o", "--output", help="The file to write (required with an assessment id).")

    def handle(self, *args, **options):
        if options["list"]:
            rows = Assessment.objects.select_related("partnership").order_by("partnership__name", "period", "pk")
            for a in rows:
                self.stdout.write("\t".join([str(a.pk), a.partnership.name, a.period, a.get_status_display()]))
            return
        if options["assessment"] is None:
            raise CommandError("Give an assessment id (see --list), or --list.")
        if not options["output"]:
            raise CommandError("Say where to write the file with -o FILE.")
        assessment = Assessment.objects.filter(pk=options["assessment"]).select_related("partnership").first()
        if assessment is None:
            raise CommandError(f"There is no assessment {options['assessment']}; --list shows them.")
        try:
            result = export(assessment, options["kind"], options["format"])
        except ValueError as error:
            raise CommandError(str(error)) from None
        output = Path(options["output"])
        if not output.parent.is_dir():
            raise CommandError(f"The folder {output.parent} does not exist.")
        output.write_bytes(result.body)
        self.stdout.write(f"Wrote {output} ({len(result.body):,} bytes): {result.filename}")
