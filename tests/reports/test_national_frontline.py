"""The frontline pulse in the national picture: officers only, every small-number rule held, and only the figures a
partnership's own results show (selectors.pulse.pulse_results) going into it.

Each partnership here has a draft rated together, a pulse its trust lead opened and social workers answered with
codes, and is then sent to BASW through the services; the standards not rated in a spec are fully met.
"""

import pytest
from django.urls import reverse
from django.utils.html import escape

from assessments.models import PulseChoice, PulseReply, RatingMode, Status
from assessments.selectors.pulse import pulse_results
from assessments.services import assessment_start
from assessments.services import pulse as pulse_service
from reports import national_frontline as frontline
from tests import factories
from tests.assessments.pulse_helpers import answer_with_codes, lead_membership, open_pulse
from tests.assessments.review_view_helpers import agree
from tests.assessments.service_helpers import drive_to

from .national_helpers import an_officer, leads_of

pytestmark = pytest.mark.django_db

AGREE, DISAGREE, DONT_KNOW = PulseChoice.AGREE, PulseChoice.DISAGREE, PulseChoice.DONT_KNOW


def pulsed(version, *, name=None, arrangement="s75_pooled", period="2026/27", partnership=None, teams=None):
    """A draft of a (new) partnership with a pulse open for `teams` (or one supervised team): (assessment, pulse)."""
    partnership = partnership or factories.make_partnership(arrangement=arrangement, **({"name": name} if name else {}))
    lead = leads_of(partnership)[0]
    assessment = assessment_start(
        partnership=partnership, period=period, version=version, actor=lead, rating_mode=RatingMode.TOGETHER
    )
    teams = teams or [factories.make_team(partnership)]
    return assessment, open_pulse(assessment, lead, teams=teams)


def answer(pulse, n, **kwargs):
    answer_with_codes(pulse, leads_of(pulse.assessment.partnership)[0], n, **kwargs)


def send(assessment, ratings=None, status=Status.SUBMITTED):
    """Rate `ratings` ({standard code: level code}) as the leads agree them, the rest fully met; send to BASW."""
    leads = leads_of(assessment.partnership)
    for response in assessment.responses.filter(standard__code__in=list(ratings or {})):
        agree(response, leads[0], ratings[response.standard.code])
    return drive_to(assessment, status, leads=leads, officer=an_officer())


def with_replies(version, n, **kwargs):
    assessment, pulse = pulsed(version, **{k: kwargs.pop(k) for k in ("name", "arrangement") if k in kwargs})
    answer(pulse, n, **kwargs)
    return send(assessment)


def gap_row(picture, code):
    [section] = picture.versions
    return next(r for r in section.gaps if r.statement.standard.code == code)


def test_an_officer_sees_the_frontline_picture_linked_from_the_overview(client, officer, version, statements):
    with_replies(version, 6, name="Alpha Partnership")
    client.force_login(officer)
    assert reverse("reports:national_frontline") in client.get(reverse("reports:national")).content.decode()
    page = client.get(reverse("reports:national_frontline"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "<h1>The frontline pulse: the national picture</h1>" in html
    assert 'tabindex="0" role="region" aria-label="Frontline agreement by arrangement"' in html
    assert escape("1 partnership's pulse counted. 0 partnerships' pulses have fewer than 5 answers: not shown.") in html


@pytest.mark.parametrize("person", ["trust_lead", "contributor", "manager", "outsider"])
def test_the_frontline_picture_is_404_to_anyone_but_an_officer_as_the_overview_is(request, client, person):
    client.force_login(request.getfixturevalue(person))
    assert client.get(reverse("reports:national")).status_code == 404
    assert client.get(reverse("reports:national_frontline")).status_code == 404


def test_anonymous_is_sent_to_sign_in_as_for_the_overview(client):
    overview = client.get(reverse("reports:national"))
    page = client.get(reverse("reports:national_frontline"))
    assert page.status_code == overview.status_code == 302
    assert page["Location"].startswith(reverse("login"))


def test_a_pulse_of_four_answers_is_only_counted_as_not_shown_and_one_of_five_counts(
    client, officer, version, statements
):
    with_replies(version, 4, choice=DISAGREE, name="Four Partnership")
    with_replies(version, 5, choice=AGREE, name="Five Partnership", arrangement="secondment")
    picture = frontline.frontline_picture()
    assert (picture.partnerships, picture.not_shown) == (1, 1)
    assert picture.not_shown_text == "1 partnership's pulse has fewer than 5 answers: not shown."
    assert gap_row(picture, "S1").shown == 1
    assert picture.total.answers.agree_share == 100  # the four disagreeing are in no figure
    by_label = {g.label: g for g in picture.by_model}
    pooled_group, secondment = (
        by_label["Section 75 with a pooled budget"],
        by_label["Secondment without a section 75 agreement"],
    )
    assert (pooled_group.partnerships, pooled_group.not_shown, pooled_group.answers.answered) == (0, 1, 0)
    assert (secondment.partnerships, secondment.replies, secondment.answers.agree_share) == (1, 5, 100)
    client.force_login(officer)
    html = client.get(reverse("reports:national_frontline")).content.decode()
    assert escape("1 partnership's pulse has fewer than 5 answers: not shown.") in html


def test_a_statement_with_four_answers_besides_dont_know_is_not_shown_for_that_partnership(version, statements):
    assessment, pulse = pulsed(version)
    answer(pulse, 4, choice=AGREE)
    answer(pulse, 2, choice=AGREE, choices={"S3": DONT_KNOW})
    send(assessment)
    picture = frontline.frontline_picture()
    s3, s1 = gap_row(picture, "S3"), gap_row(picture, "S1")
    assert (s3.shown, s3.not_shown, s1.shown, s1.not_shown) == (0, 1, 1, 0)


def test_a_prepared_perception_gap_each_way_leads_the_table(client, officer, version, statements):
    # S1 rated fully met while every social worker disagrees; S2 rated not met while every one agrees.
    assessment, pulse = pulsed(version, name="Gap Partnership")
    answer(pulse, 6, choice=AGREE, choices={"S1": DISAGREE})
    send(assessment, {"S1": "fully-met", "S2": "not-met"})
    with_replies(version, 5, choice=AGREE, name="Agreeing Partnership")  # rated fully met: no gap anywhere
    [section] = frontline.frontline_picture().versions
    first, second = section.gaps[:2]
    assert (first.statement.standard.code, first.leads_higher, first.leads_lower) == ("S1", 1, 0)
    assert (second.statement.standard.code, second.leads_higher, second.leads_lower) == ("S2", 0, 1)
    assert (first.median_where_met, sorted(first.agree_where_met)) == (50, [0, 100])
    assert (second.median_where_not_met, second.median_where_met) == (100, 100)
    assert all(r.gaps == 0 for r in section.gaps[2:])
    client.force_login(officer)
    html = client.get(reverse("reports:national_frontline")).content.decode()
    assert html.index("S1 I see practice 1 in my team.") < html.index("S3 I see practice 3 in my team.")


def test_the_national_figures_are_the_partnerships_own_shown_figures(version, statements):
    assessment, pulse = pulsed(version)
    answer(pulse, 3, choice=AGREE, choices={"S2": DONT_KNOW})
    answer(pulse, 3, choice=PulseChoice.NEUTRAL, choices={"S4": PulseChoice.STRONGLY_DISAGREE})
    sent = send(assessment)
    own = pulse_results(sent)
    shown = [cell.distribution for cell in own.cells.values() if cell.shown]
    assert len(shown) < len(own.cells)  # S2 had four answers besides "don't know"
    total = frontline.frontline_picture().total.answers
    assert total == frontline.pooled(shown)


@pytest.mark.parametrize("unsupervised_replies, shown", [(9, False), (10, True)])
def test_teams_with_fewer_than_ten_replies_are_not_in_the_supervision_split(
    client, officer, version, statements, unsupervised_replies, shown
):
    partnership = factories.make_partnership(name="Teams Partnership")
    supervised = factories.make_team(partnership, name="Supervised CMHT", has_social_work_supervision=True)
    unsupervised = factories.make_team(partnership, name="Unsupervised CMHT", has_social_work_supervision=False)
    assessment, pulse = pulsed(version, partnership=partnership, teams=[supervised, unsupervised])
    answer(pulse, 10, choice=AGREE, team=supervised)
    answer(pulse, unsupervised_replies, choice=DISAGREE, team=unsupervised)
    answer(pulse, 2, choice=DISAGREE)  # no team named
    send(assessment)
    picture = frontline.frontline_picture()
    [section] = picture.versions
    s1 = section.supervision[0]
    assert (s1.supervised_teams, s1.supervised.agree_share) == (1, 100)
    assert s1.unsupervised_teams == int(shown)
    assert s1.unsupervised.answered == (10 if shown else 0)
    folded = 2 if shown else 11
    assert (picture.teams_shown, picture.folded) == (1 + shown, folded)
    client.force_login(officer)
    html = client.get(reverse("reports:national_frontline")).content.decode()
    assert f"{folded} answers from teams too small to show (fewer than 10 replies), or that named no team" in html
    assert (">0% (1)<" in html) == shown  # the unsupervised team's share, with its one team


def test_no_comment_withheld_or_not_is_ever_in_the_national_picture(client, officer, version, statements):
    assessment, pulse = pulsed(version)
    answer(pulse, 5, choice=AGREE, comment="My supervisor Dr Jay Example never turns up.")
    answer(pulse, 1, choice=AGREE, comment="Withheld: Sam on the ward shouts.")
    reply = PulseReply.objects.get(comment__startswith="Withheld")
    lead = leads_of(assessment.partnership)[0]
    pulse_service.comment_withhold(
        membership=lead_membership(lead, assessment), assessment=assessment, reply_id=reply.pk
    )
    send(assessment)
    client.force_login(officer)
    html = client.get(reverse("reports:national_frontline")).content.decode()
    assert "Dr Jay Example" not in html and "never turns up" not in html and "Sam on the ward" not in html


def test_only_each_partnerships_latest_assessment_sent_to_basw_counts(version, statements):
    older, pulse = pulsed(version, name="Twice Partnership", period="2025/26")
    answer(pulse, 5, choice=DISAGREE)
    send(older, status=Status.ACCEPTED)
    newer, pulse = pulsed(version, partnership=older.partnership, period="2026/27")
    answer(pulse, 5, choice=AGREE)
    send(newer)
    draft, pulse = pulsed(version, name="Draft Partnership")
    answer(pulse, 5, choice=DISAGREE)  # a draft is not BASW's to read
    picture = frontline.frontline_picture()
    assert (picture.partnerships, picture.not_shown, picture.total.answers.agree_share) == (1, 0, 100)


def test_the_query_count_does_not_grow_with_the_partnerships(
    client, officer, version, statements, django_assert_max_num_queries
):
    client.force_login(officer)
    for _ in range(2):
        with_replies(version, 5, choice=AGREE)
    with django_assert_max_num_queries(12) as two:
        assert client.get(reverse("reports:national_frontline")).status_code == 200
    for n in range(3):
        with_replies(version, 5 + n, choice=DISAGREE)
    with django_assert_max_num_queries(12) as five:
        html = client.get(reverse("reports:national_frontline")).content.decode()
    assert len(five.captured_queries) == len(two.captured_queries)
    assert escape("5 partnerships' pulses counted.") in html
