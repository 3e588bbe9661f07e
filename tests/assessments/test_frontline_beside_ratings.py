"""The frontline beside the leads' ratings: the standard page, check-your-answers and BASW's review pages show each
standard's frontline distribution (or that it is not shown), and flag a perception gap.

Tara (the trust's lead) opens a pulse for the Mersey partnership's draft; social workers answer with codes. Tara
reads the standard page and check-your-answers; once the leads submit, Olive (BASW) reads the review pages.
Figures come from selectors.pulse.pulse_results, whose rules have their own specs (test_pulse_services.py).
"""

import re

import pytest

from assessments.models import PulseChoice
from assessments.scoring import PerceptionGap

from .frontline_helpers import (
    GAP_CHOICES,
    frontline_block,
    get_page,
    page_urls,
    pulse_of,
    rated_with_gaps,
    submit,
)
from .page_helpers import answer_all, url
from .pulse_helpers import answer_with_codes, open_pulse

FRONTLINE_NOT_SHOWN = "fewer than 5 answers: not shown"  # the words, with the default threshold

pytestmark = pytest.mark.django_db

PARTNER_PAGES = ("standard", "check")
REVIEW_PAGES = ("review", "review_standard")
GAP_BADGE = '<span class="status-tag flagged">Perception gap</span>'


def test_with_four_answers_every_page_says_not_shown_and_shows_no_figures(
    client, assessment, leads, officer, statements
):
    pulse_of(assessment, leads[0], 4)
    answer_all(assessment)
    client.force_login(leads[0])
    pages = {name: get_page(client, page_urls(assessment)[name]) for name in PARTNER_PAGES}
    submit(assessment, leads)
    client.force_login(officer)
    pages |= {name: get_page(client, page_urls(assessment)[name]) for name in REVIEW_PAGES}
    for name, text in pages.items():
        block = frontline_block(text, "S1")
        assert block is not None, name
        assert statements["S1"].text in block, name
        assert FRONTLINE_NOT_SHOWN in block, name
        assert "frontline-figures" not in text and "%</strong>" not in block, name
        assert GAP_BADGE not in text, name
    assert f"The partnership's frontline pulse:</strong> {FRONTLINE_NOT_SHOWN}" in pages["review"]


def test_with_six_answers_each_page_shows_the_distribution(client, assessment, leads, officer, manager, statements):
    """Four agree with S1, one is neutral, one disagrees: 67%, 17%, 17% of 6 answers."""
    pulse = open_pulse(assessment, leads[0])
    answer_with_codes(pulse, leads[0], 4, choice=PulseChoice.AGREE)
    answer_with_codes(pulse, leads[0], 1, choice=PulseChoice.NEUTRAL)
    answer_with_codes(pulse, leads[0], 1, choice=PulseChoice.DISAGREE)
    answer_all(assessment, rating="largely-met", actions=1)
    pages = {}
    for person, names in ((leads[0], PARTNER_PAGES), (manager, ("check",))):
        client.force_login(person)
        pages |= {f"{name} ({person.full_name})": get_page(client, page_urls(assessment)[name]) for name in names}
    submit(assessment, leads)
    client.force_login(officer)
    pages |= {name: get_page(client, page_urls(assessment)[name]) for name in REVIEW_PAGES}
    assert len(pages) == 5
    for name, text in pages.items():
        block = frontline_block(text, "S1")
        assert block is not None, name
        assert [int(n) for n in re.findall(r"<strong>(\d+)%?</strong>", block)][:4] == [67, 17, 17, 6], name
        assert 'Shares of the 6 answers other than "don\'t know"' in block, name
        assert FRONTLINE_NOT_SHOWN not in block, name
        assert GAP_BADGE not in block, name  # largely met, two thirds agree: no gap


def test_a_perception_gap_is_flagged_on_every_page_and_counted_for_the_leads(client, assessment, leads, statements):
    pulse_of(assessment, leads[0], 6, choices=GAP_CHOICES)
    rated_with_gaps(assessment, leads[0])
    client.force_login(leads[0])
    check = get_page(client, page_urls(assessment)["check"])
    assert "The frontline sees 2 standards differently from your ratings" in check
    assert f'<a href="#frontline-S1">S1 Practice 1</a>: {PerceptionGap.LEADS_HIGHER.label.lower()}' in check
    assert f'<a href="#frontline-S2">S2 Practice 2</a>: {PerceptionGap.LEADS_LOWER.label.lower()}' in check
    assert '<a href="#frontline-S3">' not in check
    for code, gap in (("S1", PerceptionGap.LEADS_HIGHER), ("S2", PerceptionGap.LEADS_LOWER)):
        standard = get_page(client, page_urls(assessment, code)["standard"])
        for text in (check, standard):
            block = frontline_block(text, code)
            assert GAP_BADGE in block and f"<strong>Perception gap:</strong> {gap.label}." in block
    assert GAP_BADGE not in frontline_block(check, "S3")
    assert GAP_BADGE not in get_page(client, page_urls(assessment, "S3")["standard"])


def test_the_officer_sees_the_gaps_listed_and_is_told_they_may_query_them(
    client, assessment, leads, officer, statements
):
    pulse_of(assessment, leads[0], 6, choices=GAP_CHOICES)
    rated_with_gaps(assessment, leads[0])
    submit(assessment, leads)
    client.force_login(officer)
    assert client.post(url("review_take", assessment.pk)).status_code == 302  # the review form is hers to use
    review = get_page(client, page_urls(assessment)["review"])
    start = review.index('id="gaps-heading"')
    gaps = review[start : review.index("</section>", start)]
    assert "On 2 standards the partnership's rating and what the frontline says are far apart" in gaps
    higher, lower = PerceptionGap.LEADS_HIGHER.label.lower(), PerceptionGap.LEADS_LOWER.label.lower()
    assert f'<a href="#frontline-S1">S1 Practice 1</a>: {higher} (0% of 6 agree)' in gaps
    assert f'<a href="#frontline-S2">S2 Practice 2</a>: {lower} (100% of 6 agree)' in gaps
    assert "S3" not in gaps
    assert GAP_BADGE in frontline_block(review, "S1") and GAP_BADGE not in frontline_block(review, "S3")
    for code, flagged in (("S1", True), ("S2", True), ("S3", False)):
        text = get_page(client, page_urls(assessment, code)["review_standard"])
        assert (GAP_BADGE in frontline_block(text, code)) is flagged, code
        assert ('id="gap-note"' in text) is flagged, code
        assert 'name="review_comment"' in text  # the existing form is how they query it, pre-filled with nothing
        assert "frontline" not in text[text.index('name="review_comment"') : text.index("</textarea>")]
