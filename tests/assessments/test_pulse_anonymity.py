"""Anonymity of the frontline pulse, against someone with the database, the logs and the downloads.

Tara (the trust's lead) emails Sam a link and prints a code for Kim. Both answer through the pages. Afterwards no
table, column, log record or download holds Sam's link, Kim's code, Sam's address, or a time of day for either
answer; a reply points at nothing but its pulse (and, until the pulse closes, a team the person chose).
"""

import io
import logging
import re
import zipfile
from datetime import date

import pytest
from django.apps import apps
from django.contrib.sessions.models import Session
from django.db import connection, models
from django.test import override_settings
from django.urls import reverse

from assessments.models import PulseChoice, PulseEmail, PulseInvitation, PulseReply, User
from assessments.services import pulse as pulse_service
from reports.exports import export
from tests import factories
from tests.assessments.pulse_answer_helpers import answers_post, emailed_link, link_url
from tests.assessments.pulse_helpers import issue_codes, open_pulse

pytestmark = pytest.mark.django_db
ADDRESS = "sam.social-worker@example.org"
COMMENT = "Supervision happens when the rota allows."
A_TIME = re.compile(r"\d{2}:\d{2}")
START = reverse("pulse:start")


@pytest.fixture
def team(assessment):
    return factories.make_team(assessment.partnership, name="Riverside CMHT")


@pytest.fixture
def pulse(assessment, trust_lead, statements, team):
    return open_pulse(assessment, trust_lead, teams=[team])


@pytest.fixture
def secrets_given(pulse, trust_lead, run_tasks, django_capture_on_commit_callbacks):
    """Sam's link token and Kim's code, once the worker has sent Sam's email (and deleted the address)."""
    link = emailed_link(pulse, trust_lead, ADDRESS, django_capture_on_commit_callbacks)
    [code] = issue_codes(pulse, trust_lead, 1)
    run_tasks()
    assert not PulseEmail.objects.exists()
    return link, code


def secret_spellings(link, code) -> list[str]:
    compact = pulse_service.normalise_token(code)
    return [link, code, compact, compact.lower(), ADDRESS, ADDRESS.upper()]


def answer_both(client, statements, team, link, code):
    s1, s2 = statements["S1"], statements["S2"]
    posted = client.post(link_url(link), answers_post({s1: PulseChoice.AGREE}, team=team.pk, comment=COMMENT))
    assert posted.status_code == 302
    assert client.post(START, {"code": code}).status_code == 200
    choices = {s1: PulseChoice.DISAGREE, s2: PulseChoice.DONT_KNOW}
    posted = client.post(START, answers_post(choices, token=pulse_service.normalise_token(code)))
    assert posted.status_code == 302 and PulseReply.objects.count() == 2


def every_row() -> dict[str, list[str]]:
    """Every row of every table on the connection, by raw SQL, each as text."""
    rows = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 (a table's own name)
            rows[table] = sorted(repr(tuple(_text(value) for value in row)) for row in cursor.fetchall())
    return rows


def _text(value):
    if isinstance(value, memoryview | bytes):
        return bytes(value).decode("utf-8", "replace")
    return value if isinstance(value, str | int | float | bool | type(None)) else str(value)


def test_no_table_or_column_holds_the_link_code_or_address_after_answering(client, statements, team, secrets_given):
    link, code = secrets_given
    answer_both(client, statements, team, link, code)
    spellings = [s.lower() for s in secret_spellings(link, code)]
    # Every model's every concrete field, through the ORM ...
    for model in apps.get_models(include_auto_created=True):
        for obj in model._base_manager.all():
            for field in model._meta.concrete_fields:
                value = str(field.value_from_object(obj)).lower()
                assert not any(s in value for s in spellings), f"{model._meta.label}.{field.name}"
    # ... and every table on the connection, through raw SQL, whether a model knows it or not.
    for table, rows in every_row().items():
        text = "\n".join(rows).lower()
        assert not any(s in text for s in spellings), table


def test_answering_writes_only_a_reply_with_a_day_and_that_an_invitation_was_used(
    client, statements, team, secrets_given
):
    link, code = secrets_given
    before = every_row()
    answer_both(client, statements, team, link, code)
    after = every_row()
    changed = {table: sorted(set(rows) - set(before.get(table, []))) for table, rows in after.items()}
    changed = {table: rows for table, rows in changed.items() if rows}
    assert set(changed) == {PulseReply._meta.db_table, PulseInvitation._meta.db_table}
    for table, rows in changed.items():
        for row in rows:
            assert not A_TIME.search(row), f"{table} holds a time: {row}"
    assert sorted(PulseInvitation.objects.values_list("used", flat=True)) == [True, True]
    assert all(reply.answered_on.__class__ is date for reply in PulseReply.objects.all())


def test_a_reply_points_at_no_invitation_or_person_and_keeps_only_a_day():
    fields = PulseReply._meta.get_fields()
    related = {field.related_model for field in fields if field.is_relation}
    assert related.isdisjoint({PulseInvitation, PulseEmail, User})
    assert not [f.name for f in fields if isinstance(f, models.DateTimeField | models.TimeField)]
    assert not any(isinstance(f, models.AutoField) for f in fields)  # a random key, no sequence to line up
    invitation = {f.name for f in PulseInvitation._meta.concrete_fields}
    assert invitation == {"id", "pulse", "kind", "token_hash", "used"}


def test_answering_makes_no_session_and_sets_no_cookie(client, statements, team, secrets_given):
    link, code = secrets_given
    client.get(link_url(link))
    answer_both(client, statements, team, link, code)
    client.get(reverse("pulse:thanks"))
    assert not Session.objects.exists()
    assert not client.cookies


def test_no_log_record_holds_a_link_code_or_answer(client, caplog, statements, team, secrets_given):
    """Every record, from the root logger down at DEBUG, while answering, refusing and rate-limiting.

    django.request and django.security (which log a refused request with its path) are opened to DEBUG too. The
    rest of Django's loggers keep Django's INFO: django.template's DEBUG records (a variable a template lacks)
    carry a page's whole context, so no deployment should turn them on.
    """
    link, code = secrets_given
    caplog.set_level(logging.DEBUG)
    for name in ("django.request", "django.security", "django.server", "django_ratelimit"):
        caplog.set_level(logging.DEBUG, logger=name)
    answer_both(client, statements, team, link, code)
    used = answers_post({statements["S3"]: PulseChoice.STRONGLY_DISAGREE}, comment=COMMENT)
    assert client.get(link_url(link)).status_code == 410
    assert client.post(link_url(link), used).status_code == 410
    assert client.post(START, {**used, "token": pulse_service.normalise_token(code)}).status_code == 410
    assert client.get(link_url(link + "x")).status_code == 404
    assert client.put(link_url(link)).status_code == 405
    with override_settings(PULSE_RATE_LIMIT="1/h"):
        client.post(link_url(link), used)
        assert client.post(link_url(link), used).status_code == 429
    secrets = [*secret_spellings(link, code), COMMENT, "statement_"]
    for record in caplog.records:
        seen = f"{record.getMessage()} {record.args!r} {record.__dict__!r}"
        assert not any(s in seen for s in secrets), seen


def test_no_download_holds_a_link_or_code(client, statements, team, secrets_given, pulse):
    link, code = secrets_given
    answer_both(client, statements, team, link, code)
    spellings = secret_spellings(link, code)
    for kind, fmt in [("responses", "csv"), ("responses", "xlsx"), ("action-plan", "csv"), ("action-plan", "xlsx")]:
        body = export(pulse.assessment, kind, fmt).body
        if fmt == "xlsx":
            with zipfile.ZipFile(io.BytesIO(body)) as book:
                text = "".join(book.read(name).decode("utf-8", "replace") for name in book.namelist())
        else:
            text = body.decode("utf-8")
        assert not any(s in text for s in spellings), (kind, fmt)
        assert "Standard" in text  # a real file, with its headings
