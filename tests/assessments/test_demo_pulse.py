"""The demo's frontline pulses, as a newcomer meets them after `make run`.

Northshire's 2026/27 draft has a closed pulse of 20 answers whose results show, with perception gaps on
supervision (C13) and social work at the Trust Board (C4), and the other way on the forums (C15); support
services (C11) has too few answers other than "don't know" to show. Dartvale's 2026/27 assessment has an open
pulse of 3 answers: shown nowhere.
"""

import pytest

from assessments.models import Assessment, PulseReply
from assessments.selectors.pulse import pulse_results
from tests.assessments.seed_demo_helpers import load_standards, seed

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    load_standards("real")
    seed()


def _assessment(partnership_word, period="2026/27"):
    return Assessment.objects.get(partnership__name__contains=partnership_word, period=period)


def test_northshire_draft_has_a_closed_pulse_whose_results_show_with_perception_gaps(demo):
    draft = _assessment("Northshire")
    results = pulse_results(draft, with_comments=True)
    assert results.exists and results.pulse.is_closed and results.replies == 20 and results.shown
    gaps = {cell.statement.standard.code: cell.gap for cell in results.gaps}
    assert gaps == {"C13": "leads_lower", "C4": "leads_lower", "C15": "leads_higher"}
    assert not results.for_standard(draft.responses.get(standard__code="C11").standard_id).shown
    assert len(results.comments) == 5
    # Closed: teams too small to report were folded, so no stored reply names one.
    assert not PulseReply.objects.filter(pulse=results.pulse).exclude(team=None).exists()


def test_dartvale_latest_has_an_open_pulse_of_three_answers_shown_nowhere(demo):
    latest = _assessment("Dartvale")
    results = pulse_results(latest)
    assert results.exists and results.pulse.is_open() and results.replies == 3
    assert not results.shown and not results.gaps
    assert all(not cell.shown for cell in results.cells.values())


def test_seeding_twice_adds_no_pulse_or_answer(demo):
    before = PulseReply.objects.count()
    seed()
    assert PulseReply.objects.count() == before == 23
