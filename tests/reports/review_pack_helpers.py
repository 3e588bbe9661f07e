"""An accepted plan a year on, built through the services: what the s75 review pack specs read back.

The Mersey partnership (Northshire NHS Trust, Eastshire Council, Westshire Council) had its 2026/27
assessment accepted with five actions; since then:

- the trust's supervision audit (S2) is done, with two notes (only the latest is the pack's), and Tara
  recorded an interim rating of S2 (fully met): S2's actions are all done;
- the trust's supervision policy (S1) is in progress, with a note;
- Eastshire's system access (S1) is not started;
- Westshire dropped the AMHP training places (S1), with its reason;
- the joint review of the agreement (S1) fell due three days ago and is not started: overdue.
"""

from assessments.models import Action, ActionStatus
from assessments.services.plan import ProgressData, action_progress, interim_rating_record
from standards.models import RatingLevel
from tests.assessments.service_helpers import drive_to, membership

from .conftest import add_actions, rate
from .partner_view_helpers import name_partners

POLICY = "Publish the supervision policy."
ACCESS = "Give seconded social workers council system access."
AMHP = "Fund AMHP training places."
REVIEW = "Review the section 75 agreement together."
AUDIT = "Audit supervision in every team."
POLICY_NOTE = "Draft policy out for consultation with the staff side."
AUDIT_FIRST_NOTE = "Three of five teams audited."
AUDIT_NOTE = "All five teams audited: monthly supervision with a social worker."
DROPPED_REASON = "Health Education England now funds the places."
INTERIM_NOTE = "Every team now has monthly supervision by a social worker."


def action(description) -> Action:
    return Action.objects.get(description=description)


def progress(description, actor, status, *, note="", dropped_reason=""):
    return action_progress(
        action=action(description),
        actor=actor,
        membership=membership(actor),
        data=ProgressData(status=status, note=note, dropped_reason=dropped_reason),
    )


def plan_a_year_on(assessment, trust, council, council2, leads, officer):
    """The accepted 2026/27 assessment with the progress the module's docstring lists."""
    trust_lead, council_lead, council2_lead = leads
    name_partners(trust, council, council2)
    s1 = rate(assessment, "S1", trust_lead, "partially-met", "Board minutes of 12 March 2026.")
    s2 = rate(assessment, "S2", trust_lead, "largely-met", "Quarterly supervision audit.")
    add_actions(
        s1,
        trust_lead,
        [
            (POLICY, trust, "high", 30),
            (ACCESS, council, "medium", 60),
            (AMHP, council2, "medium", 90),
            (REVIEW, None, "low", -3),  # overdue
        ],
    )
    add_actions(s2, trust_lead, [(AUDIT, trust, "high", 20)])
    accepted = drive_to(assessment, "accepted", leads=leads, officer=officer)
    progress(POLICY, trust_lead, ActionStatus.IN_PROGRESS, note=POLICY_NOTE)
    progress(AUDIT, trust_lead, ActionStatus.IN_PROGRESS, note=AUDIT_FIRST_NOTE)
    progress(AUDIT, trust_lead, ActionStatus.DONE, note=AUDIT_NOTE)
    progress(AMHP, council2_lead, ActionStatus.DROPPED, dropped_reason=DROPPED_REASON)
    fully_met = RatingLevel.objects.get(version=accepted.version, code="fully-met")
    s2.refresh_from_db()
    interim_rating_record(
        response=s2, actor=trust_lead, membership=membership(trust_lead), rating=fully_met, note=INTERIM_NOTE
    )
    accepted.refresh_from_db()
    return accepted
