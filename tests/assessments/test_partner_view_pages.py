"""The standard page and its history where the partners rate first: each partner's own view, given apart and
shown to another partner only once it has given its own; the agreed answer only once every view is open.

The Mersey partnership's trust and both councils rate (tests/conftest.py `split_assessment`).
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from assessments.access import AGREE_AFTER_VIEWS
from assessments.forms.answers import NA_REASON_REQUIRED
from assessments.models import Event, EventKind, PartnerView, Response, SignOff
from assessments.services import WorkflowError, partner_views_reveal
from assessments.services.limits import PARTNER_COMMENT_MAX_CHARS, too_long
from assessments.services.partner_views import VIEW_NEEDS_ANSWER
from assessments.views.partner_views import VIEW_SAVED, VIEW_SAVED_CLEARED, VIEW_STALE_MESSAGE

from .page_helpers import answer_post, errors_in_summary, level, page, sign_off_all, url
from .service_helpers import membership
from .view_helpers import (
    COUNCIL_COMMENT,
    TRUST_COMMENT,
    agree,
    give_all_views,
    give_view,
    hidden_lock_version,
    view_post,
    view_row,
    views_table,
)

pytestmark = pytest.mark.django_db

HIDDEN = "Given. Shown once your organisation has given its own view."


@pytest.fixture
def s1(split_assessment):
    return Response.objects.get(assessment=split_assessment, standard__code="S1")


def login(client, person):
    client.force_login(person)
    return client


# Who sees whose view


def test_a_council_lead_cannot_see_the_trusts_view_on_the_standard_page_until_the_council_gives_its_own(
    client, split_assessment, s1, trust, council, trust_lead, council_lead
):
    give_view(s1, trust_lead, "largely-met", TRUST_COMMENT)
    login(client, council_lead)
    before = client.get(url("standard", split_assessment.pk, "S1"))
    assert HIDDEN in view_row(before, trust)
    assert "Largely met" not in views_table(before)
    assert TRUST_COMMENT not in page(before)

    saved = client.post(
        url("our_view", split_assessment.pk, "S1"), view_post(rating="not-met", comment=COUNCIL_COMMENT)
    )
    assert saved.status_code == 302
    assert saved["Location"] == url("standard", split_assessment.pk, "S1")
    after = client.get(saved["Location"])
    assert VIEW_SAVED.format(organisation=council.name, code="S1") in page(after)
    assert "Largely met" in view_row(after, trust) and TRUST_COMMENT in view_row(after, trust)
    assert "Not met" in view_row(after, council) and COUNCIL_COMMENT in view_row(after, council)


def test_a_council_lead_cannot_see_the_trusts_view_in_the_history_until_the_council_gives_its_own(
    client, split_assessment, s1, trust, council, trust_lead, council_lead
):
    give_view(s1, trust_lead, "largely-met", TRUST_COMMENT)
    give_view(s1, trust_lead, "fully-met", TRUST_COMMENT + " Checked again.")
    login(client, council_lead)
    before = page(client.get(url("history", split_assessment.pk, "S1")))
    assert trust.name not in before  # no record of the trust's view at all, not even "view changed"
    assert TRUST_COMMENT not in before and "Largely met" not in before

    give_view(s1, council_lead, "not-met", COUNCIL_COMMENT)
    after = page(client.get(url("history", split_assessment.pk, "S1")))
    assert f"{trust.name}'s own view: view given" in after
    assert f"{trust.name}'s own view: view changed" in after
    assert "Largely met → Fully met" in after
    assert f"{council.name}'s own view: view given" in after and COUNCIL_COMMENT in after


def test_a_partner_sees_the_history_of_its_own_view_before_the_others_give_theirs(
    client, split_assessment, s1, council, council_lead
):
    give_view(s1, council_lead, "partially-met", COUNCIL_COMMENT)
    text = page(login(client, council_lead).get(url("history", split_assessment.pk, "S1")))
    assert f"{council.name}'s own view: view given" in text
    assert "— → Partially met" in text and COUNCIL_COMMENT in text


def test_a_manager_at_the_council_sees_the_trusts_view_only_once_the_council_has_given_its_own(
    client, split_assessment, s1, trust, trust_lead, council_lead, manager
):
    give_view(s1, trust_lead, "largely-met", TRUST_COMMENT)
    login(client, manager)
    assert HIDDEN in view_row(client.get(url("standard", split_assessment.pk, "S1")), trust)
    assert TRUST_COMMENT not in page(client.get(url("history", split_assessment.pk, "S1")))
    give_view(s1, council_lead, "not-met", COUNCIL_COMMENT)
    assert TRUST_COMMENT in view_row(client.get(url("standard", split_assessment.pk, "S1")), trust)
    assert TRUST_COMMENT in page(client.get(url("history", split_assessment.pk, "S1")))


def test_every_view_and_the_divergence_are_shown_once_every_partner_has_given_its_own(
    client, split_assessment, s1, trust_lead, council_lead, council2_lead
):
    give_view(s1, trust_lead, "fully-met", TRUST_COMMENT)
    give_view(s1, council_lead, "partially-met", COUNCIL_COMMENT)
    give_view(s1, council2_lead, "largely-met")
    table = views_table(login(client, council2_lead).get(url("standard", split_assessment.pk, "S1")))
    assert TRUST_COMMENT in table and COUNCIL_COMMENT in table
    assert '<span class="status-tag divergent">Divergent</span>' in table  # fully met and partially met: 2 apart


# The own-view form


def test_the_form_shows_the_organisations_saved_view_and_its_lock_version(client, split_assessment, s1, trust_lead):
    give_view(s1, trust_lead, "partially-met", TRUST_COMMENT)
    give_view(s1, trust_lead, "largely-met", TRUST_COMMENT)
    response = login(client, trust_lead).get(url("standard", split_assessment.pk, "S1"))
    text = page(response)
    assert re.search(r'name="rating" value="largely-met"[^>]*id="view-rating_\d"[^>]*checked', text)
    assert f"{TRUST_COMMENT}</textarea>" in text
    assert hidden_lock_version(response) == 2


def test_a_view_without_a_rating_is_refused_with_the_message_and_nothing_is_saved(client, split_assessment, trust_lead):
    response = login(client, trust_lead).post(
        url("our_view", split_assessment.pk, "S1"), view_post(rating="", comment=TRUST_COMMENT)
    )
    assert response.status_code == 200
    assert VIEW_NEEDS_ANSWER in errors_in_summary(response)
    assert 'href="#view-rating_0"' in errors_in_summary(response)
    assert f"{TRUST_COMMENT}</textarea>" in page(response)  # what was typed is kept
    assert not PartnerView.objects.exists()


def test_not_applicable_without_a_reason_is_refused_and_nothing_is_saved(client, split_assessment, trust_lead):
    response = login(client, trust_lead).post(
        url("our_view", split_assessment.pk, "S1"), view_post(rating="not_applicable", not_applicable_reason="  ")
    )
    assert response.status_code == 200
    assert NA_REASON_REQUIRED in errors_in_summary(response)
    assert not PartnerView.objects.exists()


def test_not_applicable_with_a_reason_is_saved(client, split_assessment, s1, trust, trust_lead):
    response = login(client, trust_lead).post(
        url("our_view", split_assessment.pk, "S1"),
        view_post(rating="not_applicable", not_applicable_reason="We hold no AMHP service."),
    )
    assert response.status_code == 302
    view = PartnerView.objects.get(response=s1, organisation=trust)
    assert view.not_applicable and view.rating is None
    assert view.not_applicable_reason == "We hold no AMHP service."


def test_a_comment_over_the_limit_is_refused_with_the_limits_message(client, split_assessment, trust_lead):
    comment = "x" * (PARTNER_COMMENT_MAX_CHARS + 1)
    response = login(client, trust_lead).post(url("our_view", split_assessment.pk, "S1"), view_post(comment=comment))
    assert response.status_code == 200
    assert too_long("comment", comment) in errors_in_summary(response)
    assert not PartnerView.objects.exists()


def test_a_stale_view_keeps_my_text_and_shows_what_my_colleague_saved(
    client, split_assessment, s1, trust, trust_lead, contributor
):
    opened = login(client, trust_lead).get(url("our_view", split_assessment.pk, "S1"))
    assert hidden_lock_version(opened) == 0
    give_view(s1, contributor, "partially-met", "Connie's view: supervision is patchy.")
    mine = "Tara's view: supervision is monthly."
    response = client.post(url("our_view", split_assessment.pk, "S1"), view_post(rating="fully-met", comment=mine))
    assert response.status_code == 200
    view = PartnerView.objects.get(response=s1, organisation=trust)
    assert view.comment == "Connie's view: supervision is patchy." and view.updated_by == contributor
    text = page(response)
    expected = VIEW_STALE_MESSAGE.format(
        name="Connie Contributor",
        organisation=trust.name,
        time=f"{timezone.localtime(view.updated_at):%H:%M on %-d %B}",
    )
    assert expected in text
    assert "What Connie Contributor saved" in text and "Connie's view: supervision is patchy." in text
    assert f"{mine}</textarea>" in text
    assert hidden_lock_version(response) == view.lock_version

    again = client.post(
        url("our_view", split_assessment.pk, "S1"),
        view_post(hidden_lock_version(response), rating="fully-met", comment=mine),
    )
    assert again.status_code == 302
    view.refresh_from_db()
    assert view.comment == mine and view.rating == level(split_assessment, "fully-met")
    assert view.updated_by == trust_lead


def test_saving_a_view_clears_the_sign_offs_and_says_so(
    client, split_assessment, council2, trust_lead, council_lead, council2_lead
):
    sign_off_all(split_assessment, trust_lead, council_lead)
    response = login(client, council2_lead).post(url("our_view", split_assessment.pk, "S1"), view_post())
    assert response.status_code == 302
    assert not SignOff.objects.filter(assessment=split_assessment).exists()
    assert Event.objects.filter(assessment=split_assessment, kind=EventKind.SIGNOFFS_CLEARED).exists()
    text = page(client.get(response["Location"]))
    assert VIEW_SAVED_CLEARED.format(organisation=council2.name, code="S1") in text


# The agreed answer


def test_the_agreed_answer_is_refused_by_the_service_until_every_view_is_given(
    split_assessment, s1, trust_lead, council_lead
):
    give_view(s1, trust_lead)
    give_view(s1, council_lead)
    with pytest.raises(WorkflowError) as excinfo:
        agree(s1, trust_lead)
    assert excinfo.value.messages == [AGREE_AFTER_VIEWS]
    s1.refresh_from_db()
    assert s1.rating is None and s1.lock_version == 0


def test_the_agreed_answer_is_refused_on_the_page_until_every_view_is_given(
    client, split_assessment, s1, trust_lead, council_lead
):
    give_view(s1, trust_lead)
    give_view(s1, council_lead)
    login(client, trust_lead)
    text = page(client.get(url("standard", split_assessment.pk, "S1")))
    assert AGREE_AFTER_VIEWS in text
    assert 'name="answer"' not in text and 'name="agreed_rationale"' not in text
    response = client.post(url("standard", split_assessment.pk, "S1"), answer_post(s1, agreed_rationale="Agreed."))
    assert response.status_code == 200
    assert AGREE_AFTER_VIEWS in errors_in_summary(response)
    s1.refresh_from_db()
    assert s1.rating is None and s1.agreed_rationale == "" and s1.lock_version == 0


def test_once_every_view_is_given_the_agreed_answer_and_its_rationale_are_saved(
    client, split_assessment, s1, leads, trust_lead
):
    give_all_views(split_assessment, leads, codes={"S1"})
    login(client, trust_lead)
    text = page(client.get(url("standard", split_assessment.pk, "S1")))
    assert AGREE_AFTER_VIEWS not in text
    assert 'name="answer"' in text and 'name="agreed_rationale"' in text
    response = client.post(
        url("standard", split_assessment.pk, "S1"),
        answer_post(s1, answer="largely-met", agreed_rationale="The council's account of cancelled supervision."),
    )
    assert response.status_code == 302
    s1.refresh_from_db()
    assert s1.rating == level(split_assessment, "largely-met")
    assert s1.agreed_rationale == "The council's account of cancelled supervision."


def test_once_a_lead_shows_every_view_the_answer_can_be_agreed_before_all_are_given(
    client, split_assessment, s1, trust_lead
):
    give_view(s1, trust_lead)
    partner_views_reveal(assessment=split_assessment, actor=trust_lead, membership=membership(trust_lead))
    login(client, trust_lead)
    assert 'name="agreed_rationale"' in page(client.get(url("standard", split_assessment.pk, "S1")))
    response = client.post(url("standard", split_assessment.pk, "S1"), answer_post(s1, agreed_rationale="Met."))
    assert response.status_code == 302
    s1.refresh_from_db()
    assert s1.agreed_rationale == "Met." and s1.rating == level(split_assessment, "fully-met")


def test_a_rationale_over_the_limit_is_refused_with_the_limits_message(client, split_assessment, s1, leads, trust_lead):
    give_all_views(split_assessment, leads, codes={"S1"})
    rationale = "x" * (PARTNER_COMMENT_MAX_CHARS + 1)
    response = login(client, trust_lead).post(
        url("standard", split_assessment.pk, "S1"), answer_post(s1, agreed_rationale=rationale)
    )
    assert response.status_code == 200
    assert too_long("agreed_rationale", rationale) in errors_in_summary(response)
    s1.refresh_from_db()
    assert s1.rating is None


def test_a_manager_reads_the_agreed_rating_its_rationale_and_every_view(
    client, split_assessment, s1, leads, trust_lead, manager
):
    give_all_views(split_assessment, leads, codes={"S1"})
    agree(s1, trust_lead, "largely-met", rationale="The partners met and settled on largely met.")
    text = page(login(client, manager).get(url("standard", split_assessment.pk, "S1")))
    assert "Why the partners agreed this rating" in text
    assert "The partners met and settled on largely met." in text
    assert "Largely met" in text
    for lead in leads:
        assert f"{lead.full_name} on S1." in text  # each partner's comment
    assert 'name="answer"' not in text and 'name="rating"' not in text


# The page reads the database a fixed number of times


def queries_for(client, path):
    client.get(path)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_the_standard_page_uses_the_same_queries_with_one_view_given_or_three(
    client, split_assessment, s1, leads, trust_lead
):
    login(client, trust_lead)
    path = url("standard", split_assessment.pk, "S1")
    give_view(s1, trust_lead)
    one = queries_for(client, path)
    give_all_views(split_assessment, leads, codes={"S1"})
    agree(s1, trust_lead, rationale="Agreed at the board.")
    assert queries_for(client, path) == one


def test_the_history_page_uses_the_same_queries_at_ten_times_the_views_edits(
    client, split_assessment, s1, leads, trust_lead
):
    login(client, trust_lead)
    path = url("history", split_assessment.pk, "S1")
    for i in range(20):
        if i == 2:
            small = queries_for(client, path)
        give_all_views(split_assessment, leads, "largely-met" if i % 2 else "fully-met", codes={"S1"})
    assert PartnerView.history.filter(response=s1).count() == 60
    assert queries_for(client, path) == small <= 16
