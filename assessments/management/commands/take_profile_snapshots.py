"""Keep the profile and teams of every assessment sent to BASW before each submission kept them (ProfileSnapshot).

Such an assessment's review pages and PDF show the profile as it stands, so a later edit would change them. This
takes its snapshot now, from the profile and teams as they stand today (not as they stood at submission: that was
not kept, and the pages and PDF say when it was taken). Run it once after the change; running it again takes
nothing, as every assessment sent to BASW then has its snapshot. Each snapshot goes through the workflow's
services: the assessment's revision moves, so its cached PDF is rendered afresh.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from assessments.models import SENT_TO_BASW_STATUSES, Assessment, ProfileSnapshot
from assessments.services.locking import lock_for_change
from assessments.services.records import snapshot_take

TAKEN = "Kept the profile and teams of {assessment} (sent to BASW, {status}) as they stand today."
WOULD_TAKE = "Would keep the profile and teams of {assessment} (sent to BASW, {status}) as they stand today."
DONE = (
    "{count} snapshot(s) {verb} from the profile as it stands now, not as it stood at submission (that was not "
    "kept); {kept} assessment(s) sent to BASW already had one."
)
NOTHING = "Every assessment sent to BASW has its profile and teams kept: nothing to take."


def without_snapshot():
    """The assessments sent to BASW that have no snapshot, oldest submission first."""
    return (
        Assessment.objects.filter(status__in=SENT_TO_BASW_STATUSES, profile_snapshot__isnull=True)
        .select_related("partnership")
        .order_by("submitted_at", "pk")
    )


class Command(BaseCommand):
    help = "Keep the profile and teams of each assessment sent to BASW without them, as they stand now (once)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Say which would be kept, and keep nothing.")

    def handle(self, *args, dry_run, **options):
        missing = list(without_snapshot())
        if not missing:
            self.stdout.write(NOTHING)
            return
        taken = 0
        for assessment in missing:
            if not dry_run and not _take(assessment):
                continue  # submitted again meanwhile: that submission kept its own
            taken += 1
            message = WOULD_TAKE if dry_run else TAKEN
            self.stdout.write(message.format(assessment=assessment, status=assessment.get_status_display().lower()))
        kept = Assessment.objects.filter(status__in=SENT_TO_BASW_STATUSES, profile_snapshot__isnull=False).count()
        verb = "would be taken" if dry_run else "taken"
        self.stdout.write(DONE.format(count=taken, verb=verb, kept=kept - (0 if dry_run else taken)))


@transaction.atomic
def _take(assessment: Assessment) -> bool:
    """Take the assessment's snapshot unless it has one by now; the revision moves, so its PDF is rendered afresh."""
    lock_for_change(assessment.pk)
    if ProfileSnapshot.objects.filter(assessment=assessment).exists():
        transaction.set_rollback(True)  # nothing changed: leave the revision where it was
        return False
    snapshot_take(assessment)
    return True
