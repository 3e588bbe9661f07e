"""Two people at once: a stale save is refused and keeps the first answer; review and reply never undo an answer."""

import threading

import pytest
from django.db import connection

from assessments.models import RatingMode, Response, Status
from assessments.services import StaleEdit, assessment_return, assessment_start, response_save
from assessments.services.review import response_reply, response_review
from tests.assessments.service_helpers import answer, drive_to, response_data

pytestmark = pytest.mark.django_db


def test_the_second_of_two_saves_from_the_same_version_is_refused_and_the_first_answer_kept(
    assessment, trust_lead, council_lead
):
    mine = Response.objects.get(assessment=assessment, standard__code="S4")
    theirs = Response.objects.get(pk=mine.pk)
    assert mine.lock_version == theirs.lock_version == 0
    level = assessment.version.rating_levels.get(code="largely-met")
    response_save(response=mine, actor=trust_lead, lock_version=0, data=response_data(level, "Trust's answer."))
    with pytest.raises(StaleEdit) as excinfo:
        response_save(
            response=theirs,
            actor=council_lead,
            lock_version=0,
            data=response_data(None, "", not_applicable=True, reason="Council's view."),
        )
    current = excinfo.value.current
    assert (current.pk, current.evidence, current.rating, current.updated_by) == (
        mine.pk,
        "Trust's answer.",
        level,
        trust_lead,
    )
    mine.refresh_from_db()
    assert (mine.evidence, mine.rating, mine.not_applicable, mine.lock_version) == ("Trust's answer.", level, False, 1)
    assert mine.updated_by == trust_lead
    assert mine.history.count() == 1  # the trust's answer; nothing from the refused save
    assert mine.history.latest().history_user == trust_lead


def test_a_save_from_the_current_version_after_a_stale_refusal_succeeds(assessment, trust_lead, council_lead):
    response = Response.objects.get(assessment=assessment, standard__code="S4")
    response_save(response=response, actor=trust_lead, lock_version=0, data=response_data(None, "First."))
    with pytest.raises(StaleEdit) as excinfo:
        response_save(response=response, actor=council_lead, lock_version=0, data=response_data(None, "Second."))
    assert excinfo.value.current.lock_version == 1
    response_save(response=response, actor=council_lead, lock_version=1, data=response_data(None, "Second."))
    response.refresh_from_db()
    assert (response.evidence, response.lock_version, response.history.latest().history_user) == (
        "Second.",
        2,
        council_lead,
    )


@pytest.mark.django_db(transaction=True)
def test_two_people_saving_the_same_answer_at_the_same_moment_exactly_one_wins(
    trust_lead, council_lead, partnership, version
):
    if connection.vendor == "sqlite":
        pytest.skip(
            "SQLite's in-memory test database cannot serve a second thread's connection with row locks; "
            "the threaded race runs on PostgreSQL (the sequential stale-save tests cover SQLite)"
        )
    assessment = assessment_start(
        rating_mode=RatingMode.TOGETHER, partnership=partnership, period="2026/27", version=version, actor=trust_lead
    )
    response = assessment.responses.get(standard__code="S1")
    barrier = threading.Barrier(2, timeout=30)
    outcomes = {}

    def save(actor):
        try:
            loaded = Response.objects.get(pk=response.pk)
            barrier.wait()
            response_save(
                response=loaded,
                actor=actor,
                lock_version=loaded.lock_version,
                data=response_data(None, f"Answer from {actor.full_name}."),
            )
            outcomes[actor.pk] = "saved"
        except StaleEdit as stale:
            outcomes[actor.pk] = ("stale", stale.current.evidence)
        except Exception as error:  # noqa: BLE001 - reported in the main thread's assertion
            outcomes[actor.pk] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(person,)) for person in (trust_lead, council_lead)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    winners = [pk for pk, outcome in outcomes.items() if outcome == "saved"]
    losers = [outcome for outcome in outcomes.values() if isinstance(outcome, tuple)]
    assert len(winners) == 1 and len(losers) == 1, outcomes
    winner = trust_lead if winners[0] == trust_lead.pk else council_lead
    response.refresh_from_db()
    assert response.evidence == f"Answer from {winner.full_name}."
    assert losers == [("stale", response.evidence)]
    assert response.lock_version == 1
    assert response.history.latest().history_user == winner


def test_a_reply_from_a_copy_loaded_before_an_edit_keeps_the_new_answer(assessment, leads, officer, trust_lead):
    in_review = drive_to(assessment, Status.IN_REVIEW, leads=leads, officer=officer)
    response = in_review.responses.get(standard__code="S5")
    response_review(response=response, actor=officer, state="queried", comment="Who sits on the Board?")
    assessment_return(assessment=in_review, actor=officer, note="See S5.")
    old = Response.objects.get(pk=response.pk)  # the reply page loads the answer...
    answer(Response.objects.get(pk=response.pk), trust_lead, level_code="partially-met", evidence="Nobody yet.")
    response_reply(response=old, actor=trust_lead, reply="We agree: an action is added.")  # ...and posts later
    response.refresh_from_db()
    assert (response.evidence, response.rating.code, response.lock_version) == ("Nobody yet.", "partially-met", 2)
    assert (response.reply, response.replied_by) == ("We agree: an action is added.", trust_lead)
    record = response.history.latest()
    assert (record.history_user, record.history_change_reason, record.evidence) == (
        trust_lead,
        "reply to query",
        "Nobody yet.",
    )


def test_a_review_never_writes_the_answer_fields_of_the_copy_it_was_given(assessment, leads, officer):
    in_review = drive_to(assessment, Status.IN_REVIEW, leads=leads, officer=officer)
    response = in_review.responses.get(standard__code="S6")
    response.evidence = "Something the officer's copy should never save."
    response.rating = None
    expected = in_review.version.rating_levels.get(code="largely-met")
    response_review(response=response, actor=officer, state="queried", comment="Evidence?", expected_rating=expected)
    response.refresh_from_db()
    assert (response.rating.code, response.evidence) == ("fully-met", "Minutes of the partnership board.")
    assert (response.review_state, response.review_comment, response.expected_rating, response.reviewed_by) == (
        "queried",
        "Evidence?",
        expected,
        officer,
    )
    record = response.history.latest()
    assert (record.history_user, record.history_change_reason) == (officer, "review: queried")
