"""Two BASW officers press "Take for review" at the same moment on SQLite: one gets it, the other a message.

Olive and Oscar are both BASW officers; the assessment has just been submitted. SQLite's in-memory test database
cannot show the race (its shared cache refuses a second writer at once, without waiting), so the spec copies the
test database to a file, points the threads' connections at it with the project's own DATABASES options, and
makes both officers read the assessment before either writes: the moment a deferred transaction would fail with
"database is locked".
"""

import sqlite3
import threading
from unittest import mock

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from assessments import access
from assessments.models import Role, Status
from assessments.services.workflow import MOVE_NOT_ALLOWED, MOVE_PAST
from assessments.views.review import TAKEN
from tests import factories
from tests.assessments.service_helpers import drive_to

pytestmark = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3", reason="SQLite's own locking"
)


def test_sqlite_starts_every_transaction_as_a_writer():
    assert settings.DATABASES["default"]["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


@pytest.mark.django_db(transaction=True)
def test_two_officers_taking_at_once_one_gets_it_and_the_other_the_workflows_message(
    tmp_path, assessment, trust_lead, council_lead, council2_lead, officer
):
    oscar = factories.make_member(factories.basw(), Role.OFFICER, "Oscar Officer", job_title="Professional Officer")
    drive_to(assessment, Status.SUBMITTED, leads=[trust_lead, council_lead, council2_lead], officer=officer)
    database = tmp_path / "race.sqlite3"
    connection.ensure_connection()
    with sqlite3.connect(database) as copy:
        connection.connection.backup(copy)
    copy.close()

    both_have_read = threading.Barrier(2, timeout=1)
    real_partner_membership = access.partner_membership

    def read_then_wait(*args, **kwargs):
        found = real_partner_membership(*args, **kwargs)
        try:
            both_have_read.wait()  # with IMMEDIATE the second officer never gets here first: it waits at BEGIN
        except threading.BrokenBarrierError:
            pass
        return found

    outcomes = {}

    def take(person):
        client = Client(raise_request_exception=False)
        client.force_login(person)
        try:
            response = client.post(reverse("assessments:review_take", kwargs={"pk": assessment.pk}))
            told = [m.message for m in get_messages(response.wsgi_request)]
            outcomes[person.full_name] = (response.status_code, told)
        finally:
            connections.close_all()

    file_settings = {**connections.settings["default"], "NAME": str(database)}
    with (
        mock.patch.dict(connections.settings, {"default": file_settings}),
        mock.patch.object(access, "partner_membership", read_then_wait),
    ):
        threads = [threading.Thread(target=take, args=(person,)) for person in (officer, oscar)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)

    assert sorted(status for status, _ in outcomes.values()) == [302, 302], outcomes
    messages = sorted(message for _, found in outcomes.values() for message in found)
    refused = MOVE_NOT_ALLOWED.format(status=Status.IN_REVIEW.label.lower(), move_past=MOVE_PAST["take"])
    assert messages == sorted([TAKEN.format(assessment=assessment), refused])
    with sqlite3.connect(database) as result:
        status, reviewer = result.execute(
            "select status, reviewer_id from assessments_assessment where id = ?", [assessment.pk]
        ).fetchone()
    result.close()
    winner = officer if TAKEN.format(assessment=assessment) in outcomes[officer.full_name][1] else oscar
    assert (status, reviewer) == (Status.IN_REVIEW, winner.pk)
