"""The Mersey partnership's profile as its leads keep it before submitting, and the change they make afterwards,
both through the profile and team services (as the pages and the admin write them).

At submission: a section 75 pooled budget, Dr Khan as principal social worker reporting to the trust board,
and North CMHT with four social workers (two AMHPs) in six funded posts. Afterwards (seed 004): three of North's
social workers withdrawn to the council, the arrangement down to secondment, the principal social worker's post
lost, and a new South CMHT.
"""

from django.utils import timezone
from django.utils.dateformat import format as date_format

from assessments.models import ProfileSnapshot, Team
from assessments.services.partnership import partnership_save, team_save
from tests import factories

LEAD = "Dr A. Khan, Principal Social Worker"
ARRANGEMENT_THEN = "Section 75 with a pooled budget"
ARRANGEMENT_LATER = "Secondment without a section 75 agreement"
TEAM = "North CMHT"
NEW_TEAM = "South CMHT"


def a_team(name: str, **fields) -> Team:
    """An unsaved team for team_save: the factory's believable figures, six social work posts of which two vacant."""
    return Team(**factories.team_values(name=name, social_workers_establishment=6, social_workers_vacant=2, **fields))


def profile_at_submission(partnership, actor) -> Team:
    """The profile before submission: s75 pooled, a PSW reporting to the board, two IT systems, North CMHT."""
    partnership.refresh_from_db()
    partnership.arrangement = "s75_pooled"
    partnership.social_work_lead = LEAD
    partnership.social_work_lead_reports_to_board = True
    partnership.recording_systems = "two"
    partnership_save(partnership=partnership, actor=actor)
    return team_save(team=a_team(TEAM), actor=actor, partnership=partnership)


def change_after_submission(partnership, team, actor) -> None:
    """North CMHT down to one social worker (no AMHP, five posts vacant), secondment, no PSW, and South CMHT."""
    team.refresh_from_db()
    team.social_workers, team.amhps, team.social_workers_vacant = 1, 0, 5
    team_save(team=team, actor=actor)
    partnership.refresh_from_db()
    partnership.arrangement = "secondment"
    partnership.social_work_lead = ""
    partnership.social_work_lead_reports_to_board = None
    partnership_save(partnership=partnership, actor=actor)
    team_save(team=a_team(NEW_TEAM, social_workers=7, amhps=3), actor=actor, partnership=partnership)


def day(moment) -> str:
    """A date as the pages and the PDF write it (3 March 2027)."""
    return date_format(timezone.localtime(moment), "j F Y")


def forget_snapshot(assessment) -> None:
    """The assessment as one sent to BASW before submissions kept the profile: no snapshot."""
    ProfileSnapshot.objects.filter(assessment=assessment).delete()
