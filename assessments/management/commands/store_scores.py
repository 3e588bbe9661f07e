"""Store the scores of accepted assessments that have none: those accepted before the scores were kept at
acceptance (a database made before the record over time). Run once after upgrading; running it again stores
nothing more.

Each assessment's scores are services.records.scores_store's, computed from its answers as acceptance computes
them. The national picture's dimensions kept beside them (region, arrangement, stage, employment) are the
partnership's as they stand when the command runs: a database made before this change kept no record of them
at acceptance.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from assessments.models import Assessment, Status
from assessments.services.records import scores_store

STORED = "Stored the scores of {stored} accepted assessment(s); {kept} already had theirs."


class Command(BaseCommand):
    help = "Store the domain and overall scores of accepted assessments that have none (idempotent)."

    def handle(self, *args, **options):
        accepted = Assessment.objects.filter(status=Status.ACCEPTED)
        missing = list(accepted.filter(scores__isnull=True).order_by("pk").values_list("pk", flat=True))
        stored = 0
        for pk in missing:
            with transaction.atomic():
                assessment = Assessment.objects.select_for_update().get(pk=pk)
                if not assessment.scores.exists():  # not stored meanwhile (by another run)
                    scores_store(assessment)
                    stored += 1
        self.stdout.write(STORED.format(stored=stored, kept=accepted.count() - stored))
