"""Does the organisational model matter? The national picture's domain scores split by partnership model, beside
the support arrangements and the leadership facts (BASW 2010 §7.2; seeds 001, 003 and 004), from the period's
stored scores (national_scores.score_rows), each group suppressed below MIN_PARTNERSHIPS partnerships.

- The arrangement, the stage on the continuum of integration and how social workers are employed (seconded,
  transferred, employed by the council): as they were when each assessment was accepted, kept with its scores.
- The support arrangements (every team gives supervision by a qualified social worker; a team with one or no
  social worker): the partnership's teams as they stand.
- The leadership facts (models.LEADERSHIP_FIELDS): the profile as it stood when the assessment was submitted
  (its ProfileSnapshot), or the partnership's as they stand where no snapshot was kept.

Two queries besides the scores, whatever the number of partnerships: their teams' flags with their leadership
facts, and the assessments' snapshots.
"""

from django.db.models import Exists, OuterRef

from assessments.models import (
    LEADERSHIP_FIELDS,
    Arrangement,
    ContinuumStage,
    Employment,
    LineManager,
    Partnership,
    ProfileSnapshot,
    RecordingSystems,
    Team,
)

from .national import Filters, accepted_assessments
from .national_scores import grouped, score_rows

NOT_SAID = "Not said"
LEAD_BOARD, LEAD_NOT_BOARD, LEAD_UNSAID, NO_LEAD = "board", "not_board", "unsaid", "none"
LEAD_LABELS = {
    LEAD_BOARD: "A social work lead who reports to the trust board",
    LEAD_NOT_BOARD: "A social work lead who does not report to the trust board",
    LEAD_UNSAID: "A social work lead; whether they report to the board not said",
    NO_LEAD: "No principal social worker or senior social work lead",
}
AMHP_LABELS = {
    True: "The AMHP service stays with the council",
    False: "The AMHP service does not stay with the council",
    None: NOT_SAID,
}
SUPERVISION_LABELS = {
    True: "Every team gives professional supervision by a qualified social worker",
    False: "Not every team",
}
ISOLATION_LABELS = {
    True: "At least one team with one or no social worker",
    False: "No team with one or no social worker",
}
# The groupings, in the page's order (its CSV names each by its key), with the caption of each table.
CAPTIONS = {
    "arrangement": "Domain scores by arrangement (%)",
    "continuum": "Domain scores by stage on the continuum of integration (%)",
    "employment": "Domain scores by how social workers are employed (%)",
    "supervision": "Domain scores by whether every team gives professional supervision by a qualified social "
    "worker (%)",
    "isolation": "Domain scores by whether any team has one or no social worker (%)",
    "lead": "Domain scores by whether a principal social worker or senior social work lead reports to the trust "
    "board (%)",
    "social_workers_managed_by": "Domain scores by who line-manages the social workers (%)",
    "amhps_managed_by": "Domain scores by who line-manages the AMHPs (%)",
    "amhp_service": "Domain scores by whether the AMHP service stays with the council (%)",
    "recording": "Domain scores by whether social workers record in one IT system or two (%)",
}


def _lead(facts) -> str:
    if not (facts["social_work_lead"] or "").strip():
        return NO_LEAD
    reports = facts["social_work_lead_reports_to_board"]
    return LEAD_UNSAID if reports is None else LEAD_BOARD if reports else LEAD_NOT_BOARD


def leadership_facts(filters: Filters, rows) -> tuple[dict, dict]:
    """For the assessments of `rows` (score_rows): each partnership's support flags (by partnership id) and each
    assessment's leadership facts (by assessment id: its snapshot's, else the partnership's as they stand)."""
    accepted = accepted_assessments(filters)
    unsupervised = Team.objects.filter(partnership=OuterRef("pk"), has_social_work_supervision=False)
    isolated = Team.objects.filter(partnership=OuterRef("pk"), social_workers__lte=1)
    partnerships = {
        p["pk"]: p
        for p in Partnership.objects.filter(pk__in=accepted.values("partnership"))
        .annotate(all_supervised=~Exists(unsupervised), has_isolated=Exists(isolated))
        .values("pk", "all_supervised", "has_isolated", *LEADERSHIP_FIELDS)
    }
    kept = ProfileSnapshot.objects.filter(assessment__in=accepted.values("pk")).values_list("assessment", "profile")
    snapshots = dict(kept)
    facts = {}
    for row in rows:
        if row["assessment_id"] not in facts:
            current, snapshot = partnerships[row["partnership_id"]], snapshots.get(row["assessment_id"]) or {}
            facts[row["assessment_id"]] = {name: snapshot.get(name, current[name]) for name in LEADERSHIP_FIELDS}
    return partnerships, facts


def by_model(filters: Filters, rows=None):
    """Domain scores by each grouping of CAPTIONS, in its order."""
    if not filters.version:
        return dict.fromkeys(CAPTIONS, [])
    rows = score_rows(filters) if rows is None else rows
    flags, facts = leadership_facts(filters, rows)

    def fact(name):
        return lambda r: facts[r["assessment_id"]][name]

    managers = {**dict(LineManager.choices), "": NOT_SAID}
    return {
        "arrangement": grouped(rows, lambda r: r["arrangement"], dict(Arrangement.choices)),
        "continuum": grouped(rows, lambda r: r["continuum_stage"], dict(ContinuumStage.choices)),
        "employment": grouped(rows, lambda r: r["social_worker_employment"], dict(Employment.choices)),
        "supervision": grouped(rows, lambda r: flags[r["partnership_id"]]["all_supervised"], SUPERVISION_LABELS),
        "isolation": grouped(rows, lambda r: flags[r["partnership_id"]]["has_isolated"], ISOLATION_LABELS),
        "lead": grouped(rows, lambda r: _lead(facts[r["assessment_id"]]), LEAD_LABELS),
        "social_workers_managed_by": grouped(rows, fact("social_workers_managed_by"), managers),
        "amhps_managed_by": grouped(rows, fact("amhps_managed_by"), managers),
        "amhp_service": grouped(rows, fact("amhp_service_with_council"), AMHP_LABELS),
        "recording": grouped(rows, fact("recording_systems"), {**dict(RecordingSystems.choices), "": NOT_SAID}),
    }
