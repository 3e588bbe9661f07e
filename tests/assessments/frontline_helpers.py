"""Builders for the specs of the frontline beside the ratings: a pulse answered, an assessment sent to BASW with a
prepared perception gap, and the frontline block of one standard read out of a page.

The prepared case: every standard rated fully met, except S2 not met (with an action, so it can be submitted).
The frontline disagree with S1 (rated met, fewer than half agree: the leads rate it higher) and agree with
everything else (S2 rated not met, more than three quarters agree: the leads rate it lower). S3 is rated fully
met and the frontline agree: no gap.
"""

import re
from datetime import timedelta

from django.utils import timezone

from assessments import services
from assessments.models import Action, PulseChoice

from .page_helpers import answer_all, page, sign_off_all, url
from .pulse_helpers import answer_with_codes, open_pulse, rate

GAP_CHOICES = {"S1": PulseChoice.DISAGREE}


def pulse_of(assessment, lead, answers, *, choices=None):
    """A pulse of the assessment with `answers` replies, each agreeing unless `choices` says otherwise."""
    pulse = open_pulse(assessment, lead)
    answer_with_codes(pulse, lead, answers, choice=PulseChoice.AGREE, choices=choices)
    return pulse


def rated_with_gaps(assessment, lead):
    """Every standard fully met, S2 not met with an action: the ratings of the prepared case."""
    answer_all(assessment)
    response = rate(assessment, "S2", "not-met", lead)
    Action.objects.create(
        response=response,
        description="Audit supervision in every team",
        owner_name="Sam Owner",
        owner_role="PSW",
        due_date=timezone.localdate() + timedelta(days=30),
    )


def submit(assessment, leads):
    """Signed off by every lead and submitted as it stands."""
    sign_off_all(assessment, *leads)
    services.assessment_submit(assessment=assessment, actor=leads[0])
    assessment.refresh_from_db()
    return assessment


def page_urls(assessment, code="S1"):
    """The pages that show the frontline beside the ratings, by name."""
    return {
        "standard": url("standard", assessment.pk, code),
        "check": url("check", assessment.pk),
        "review": url("review", assessment.pk),
        "review_standard": url("review_standard", assessment.pk, code),
    }


def frontline_block(text, code):
    """The frontline block of one standard in a page's text, or None when the page has none."""
    found = re.search(rf'<section class="frontline[^"]*" id="frontline-{code}".*?</section>', text, re.S)
    return found.group(0) if found else None


def get_page(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    return page(response)
