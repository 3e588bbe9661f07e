"""The task list of an assessment whose partners rate first, and showing every partner's views for a meeting.

Tara (trust lead), Colin (lead at the first council) and Cara (lead at the second council) each give their
organisation's own view of every standard. The task list counts each partner's views and says in words which
partners have given theirs; it never shows a view's rating, and shows how far apart they are only once every
view of the standard is open to everyone. A partner's lead may show every view at once for a joint meeting.
"""

import pytest

from assessments.access import ALREADY_REVEALED, NOT_A_LEAD_REVEAL, NOT_RATING_APART
from assessments.models import RATING_MODE_HELP, Event, EventKind, RatingMode, Response
from assessments.views.assessment import VIEWS_SHOWN
from tests import factories

from .page_helpers import url
from .task_list_helpers import agree, client_for, every_view_given, give_view, section, task_rows, text_of

pytestmark = pytest.mark.django_db

REVEAL_BUTTON = "Show every partner's views now"
RATING_LABELS = [label for _, label, _, _ in factories.LEVELS]
TRUSTS_COMMENT = "Every social worker has monthly supervision from a social worker."


def overview_text(user, assessment):
    return text_of(client_for(user).get(url("overview", assessment.pk)))


def test_the_task_list_counts_each_partners_own_views_and_says_how_the_mode_works(
    split_assessment, trust_lead, council_lead, trust, council, council2
):
    for code in ("S1", "S2"):
        give_view(split_assessment, code, trust_lead, "fully-met")
    give_view(split_assessment, "P1", council_lead, None, reason="The council runs no inpatient beds.")
    text = overview_text(council_lead, split_assessment)
    assert RATING_MODE_HELP[RatingMode.PARTNERS_FIRST] in text
    assert f"{trust.name}: 2 of 8 standards given" in text
    assert f"{council.name} (yours): 1 of 8 standards given" in text
    assert f"{council2.name}: 0 of 8 standards given" in text


def test_each_row_says_in_words_which_partners_have_given_their_view(
    split_assessment, trust_lead, council2_lead, council_lead, trust, council, council2
):
    give_view(split_assessment, "S1", trust_lead, "largely-met")
    give_view(split_assessment, "S1", council2_lead, "largely-met")
    rows = task_rows(client_for(council_lead).get(url("overview", split_assessment.pk)))
    assert f"Own views: {trust.name} given · {council.name} (yours) not given yet · {council2.name} given" in rows["S1"]
    assert f"{trust.name} not given yet" in rows["S2"]
    assert rows["S1"].startswith("S1 Practice 1 Agreed: Not rated")


def test_the_council_lead_sees_no_rating_or_comment_of_the_trusts_view_before_giving_its_own(
    split_assessment, trust_lead, council_lead, council2_lead
):
    give_view(split_assessment, "S1", trust_lead, "fully-met", comment=TRUSTS_COMMENT)
    give_view(split_assessment, "S1", council2_lead, "not-met")  # two levels and more apart: divergent, once open
    text = overview_text(council_lead, split_assessment)
    assert [label for label in RATING_LABELS if label in text] == []
    assert TRUSTS_COMMENT not in text
    assert "Divergent" not in text and "Where the partners saw it differently" not in text  # not even a hint
    give_view(split_assessment, "S1", council_lead, "partially-met")
    text = overview_text(council_lead, split_assessment)
    assert "Divergent" in task_rows(client_for(council_lead).get(url("overview", split_assessment.pk)))["S1"]
    assert [label for label in RATING_LABELS if label in text] == []  # the task list shows no view's rating
    assert TRUSTS_COMMENT not in text


def test_how_far_apart_the_views_are_is_a_word_on_each_row_once_every_view_is_given(
    split_assessment, trust_lead, council_lead, council2_lead
):
    views = {
        "S1": ("fully-met", "not-met", "partially-met"),  # divergent: highest and lowest three levels apart
        "S2": ("fully-met", "largely-met", "fully-met"),  # differs: one level apart
        "S3": ("largely-met", "largely-met", "largely-met"),  # same
    }
    for code, ratings in views.items():
        for lead, rating in zip((trust_lead, council_lead, council2_lead), ratings, strict=True):
            give_view(split_assessment, code, lead, rating)
    give_view(split_assessment, "S4", trust_lead, "fully-met")
    give_view(split_assessment, "S4", council_lead, "not-met")  # the second council has not given its view
    rows = task_rows(client_for(trust_lead).get(url("overview", split_assessment.pk)))
    assert "Divergent" in rows["S1"] and "Differs" in rows["S2"] and "Same view" in rows["S3"]
    assert not any(word in rows["S4"] for word in ("Divergent", "Differs", "Same view"))


def test_the_task_list_lists_the_divergent_standards_still_to_agree(
    split_assessment, trust_lead, council_lead, council2_lead
):
    for code in ("S1", "S4"):
        for lead, rating in ((trust_lead, "fully-met"), (council_lead, "not-met"), (council2_lead, "largely-met")):
            give_view(split_assessment, code, lead, rating)
    text = overview_text(council_lead, split_assessment)
    divergent = section(text, "Where the partners saw it differently", "Show every partner's views now")
    assert "2 divergent standards, 2 still to agree" in divergent
    assert "S1 Practice 1 : needs an agreed rating and why you agreed it" in divergent
    agree(split_assessment, "S1", council_lead, "partially-met", "Supervision is monthly in the trust's teams only.")
    text = overview_text(council_lead, split_assessment)
    divergent = section(text, "Where the partners saw it differently", "Show every partner's views now")
    assert "2 divergent standards, 1 still to agree" in divergent
    assert "S1 Practice 1 : agreed, with the reason recorded" in divergent
    assert "S4 Practice 4 : needs an agreed rating and why you agreed it" in divergent


def test_a_together_assessment_keeps_its_task_list(assessment, trust_lead):
    text = overview_text(trust_lead, assessment)
    assert "Each partner rates first" not in text and "Own views" not in text
    assert REVEAL_BUTTON not in text and "Agreed:" not in text


def test_a_partners_lead_is_offered_to_show_every_view_and_told_what_it_does(
    split_assessment, trust_lead, council_lead, contributor, manager
):
    for lead in (trust_lead, council_lead):
        text = overview_text(lead, split_assessment)
        assert REVEAL_BUTTON in text
        assert "for a joint meeting" in text and "This cannot be undone." in text
        assert "including partners who have not given their own yet" in text
    for person in (contributor, manager):
        assert REVEAL_BUTTON not in overview_text(person, split_assessment)


def test_showing_every_view_opens_them_to_the_partner_that_has_not_given_its_own(
    split_assessment, trust_lead, council_lead, trust
):
    give_view(split_assessment, "S1", trust_lead, "fully-met", comment=TRUSTS_COMMENT)
    check = text_of(client_for(council_lead).get(url("check", split_assessment.pk)))
    assert TRUSTS_COMMENT not in check
    response = client_for(trust_lead).post(url("reveal_views", split_assessment.pk), follow=True)
    assert response.redirect_chain == [(url("overview", split_assessment.pk), 302)]
    assert VIEWS_SHOWN in text_of(response)
    split_assessment.refresh_from_db()
    assert split_assessment.views_revealed_at is not None and split_assessment.views_revealed_by == trust_lead
    event = Event.objects.get(assessment=split_assessment, kind=EventKind.VIEWS_REVEALED)
    assert event.actor == trust_lead
    text = overview_text(council_lead, split_assessment)
    assert "Every partner's views were shown to all the partners on" in text and REVEAL_BUTTON not in text
    check = text_of(client_for(council_lead).get(url("check", split_assessment.pk)))
    assert f"{trust.name} Fully met {TRUSTS_COMMENT}" in check


@pytest.mark.parametrize("who", ["contributor", "manager"])
def test_a_partner_member_who_is_not_a_lead_is_refused_with_the_reason(client, split_assessment, who, request):
    client.force_login(request.getfixturevalue(who))
    response = client.post(url("reveal_views", split_assessment.pk))
    assert response.status_code == 403
    assert NOT_A_LEAD_REVEAL in response.content.decode().replace("&#x27;", "'")
    split_assessment.refresh_from_db()
    assert split_assessment.views_revealed_at is None
    assert not Event.objects.filter(assessment=split_assessment, kind=EventKind.VIEWS_REVEALED).exists()


def test_an_outsider_gets_404_and_a_get_is_refused_with_405(client, split_assessment, outsider, trust_lead):
    client.force_login(outsider)
    assert client.post(url("reveal_views", split_assessment.pk)).status_code == 404
    client.force_login(trust_lead)
    assert client.get(url("reveal_views", split_assessment.pk)).status_code == 405
    split_assessment.refresh_from_db()
    assert split_assessment.views_revealed_at is None


def test_there_is_nothing_to_show_when_the_partners_rate_together(client, assessment, trust_lead):
    client.force_login(trust_lead)
    response = client.post(url("reveal_views", assessment.pk))
    assert response.status_code == 403
    assert NOT_RATING_APART in response.content.decode()
    assessment.refresh_from_db()
    assert assessment.views_revealed_at is None


def test_showing_them_a_second_time_says_they_are_shown_already(split_assessment, trust_lead, council_lead):
    client_for(trust_lead).post(url("reveal_views", split_assessment.pk))
    split_assessment.refresh_from_db()
    first = split_assessment.views_revealed_at
    response = client_for(council_lead).post(url("reveal_views", split_assessment.pk), follow=True)
    assert response.redirect_chain == [(url("overview", split_assessment.pk), 302)]
    assert ALREADY_REVEALED in text_of(response)
    split_assessment.refresh_from_db()
    assert (split_assessment.views_revealed_at, split_assessment.views_revealed_by) == (first, trust_lead)
    assert Event.objects.filter(assessment=split_assessment, kind=EventKind.VIEWS_REVEALED).count() == 1


def test_the_dashboard_waits_for_every_partners_view_before_asking_for_sign_off(
    split_assessment, trust_lead, council_lead
):
    ready = "Mersey Mental Health Partnership 2026/27 is ready for your sign-off"
    fully_met = split_assessment.version.rating_levels.get(code="fully-met")
    Response.objects.filter(assessment=split_assessment).update(rating=fully_met, evidence="Board minutes.")
    every_view_given(split_assessment, ["fully-met", "fully-met", "fully-met"])
    Response.objects.get(assessment=split_assessment, standard__code="S1").partner_views.exclude(
        organisation=split_assessment.partnership.trust
    ).update(rating=split_assessment.version.rating_levels.get(code="not-met"))
    assert ready not in text_of(client_for(council_lead).get(url("dashboard")))  # S1 divergent, no reason yet
    Response.objects.filter(assessment=split_assessment, standard__code="S1").update(agreed_rationale="Agreed.")
    assert ready in text_of(client_for(council_lead).get(url("dashboard")))
    Response.objects.get(assessment=split_assessment, standard__code="S2").partner_views.filter(
        organisation=split_assessment.partnership.trust
    ).delete()
    assert ready not in text_of(client_for(trust_lead).get(url("dashboard")))  # the trust's view of S2 is missing
