"""Who may open and change each page of an assessment and its partnership.

Every person of the Mersey partnership (see tests/conftest.py) against every URL: outsiders get 404 so
nothing leaks, managers read but never change, a BASW officer sees an assessment only once it is
submitted, contributors edit but do not sign off or submit, and nobody changes a submitted assessment.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from assessments.access import NOT_A_LEAD, NOT_AN_EDITOR, NOT_EDITABLE_STATUS
from assessments.models import (
    Action,
    Assessment,
    Event,
    EvidenceFile,
    Invitation,
    Membership,
    Response,
    SignOff,
    Status,
    Team,
)
from tests import factories

from .page_helpers import answer_all, answer_post, pdf_upload, submitted, url

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def world(assessment, partnership, trust_lead, council_lead, council2_lead):
    """A draft with one action and one file on S1, and one team."""
    answer_all(assessment, rating="partially-met", actions=0, files=0)
    s1 = Response.objects.get(assessment=assessment, standard__code="S1")
    action = Action.objects.create(
        response=s1,
        description="Set up monthly supervision",
        owner_name="Sam Owner",
        owner_role="PSW",
        due_date=timezone.localdate() + timedelta(days=60),
    )
    evidence = EvidenceFile(
        response=s1, original_name="minutes.pdf", content_type="application/pdf", size=10, uploaded_by=trust_lead
    )
    evidence.file.save("minutes.pdf", pdf_upload(), save=False)
    evidence.save()
    team = factories.make_team(partnership, name="North CMHT")
    return {"assessment": assessment, "response": s1, "action": action, "file": evidence, "team": team}


def assessment_urls(w):
    """(label, method, url, data) for every URL of one assessment."""
    a, r, action, f = w["assessment"], w["response"], w["action"], w["file"]
    code = r.standard.code
    action_data = {
        "description": "Appoint a principal social worker",
        "owner_name": "Pat Lead",
        "owner_role": "Director",
        "responsible": "joint",
        "due_date": (timezone.localdate() + timedelta(days=90)).isoformat(),
        "priority": "high",
        "status": "not_started",
    }
    return [
        ("overview", "get", url("overview", a.pk), None),
        ("check", "get", url("check", a.pk), None),
        ("standard", "get", url("standard", a.pk, code), None),
        ("history", "get", url("history", a.pk, code), None),
        ("activity", "get", url("activity", a.pk), None),
        ("file download", "get", url("file", a.pk, f.pk), None),
        ("action new form", "get", url("action_new", a.pk, code), None),
        ("action edit form", "get", url("action_edit", a.pk, code, action.pk), None),
        ("standard save", "post", url("standard", a.pk, code), answer_post(r, evidence="Changed")),
        ("action new", "post", url("action_new", a.pk, code), action_data),
        ("action edit", "post", url("action_edit", a.pk, code, action.pk), action_data),
        ("action delete", "post", url("action_delete", a.pk, code, action.pk), {}),
        ("file delete", "post", url("file_delete", a.pk, f.pk), {}),
        ("sign-off", "post", url("sign_off", a.pk), {"confirm": "on"}),
        ("submit", "post", url("submit", a.pk), {}),
    ]


def partnership_urls(w, version, organisation=None):
    """Partnership URLs; invitations go to `organisation` (the trust unless said)."""
    p, team = w["assessment"].partnership, w["team"]
    org_pk = organisation.pk if organisation else p.trust_id
    team_data = {
        "name": "South CMHT",
        "service": "working_age",
        "social_workers": 3,
        "amhps": 1,
        "nurses": 9,
        "occupational_therapists": 1,
        "psychologists": 1,
        "psychiatrists": 1,
        "support_workers": 2,
        "others": 0,
        "social_work_line_manager": "nurse",
        "has_social_work_supervision": "on",
        "supervision_frequency": "monthly",
    }
    return [
        ("partnership", "get", url("partnership", p.pk), None),
        ("start form", "get", url("start", p.pk), None),
        ("team new form", "get", url("team_new", p.pk), None),
        ("team edit form", "get", url("team_edit", p.pk, team.pk), None),
        ("invite form", "get", url("invite", org_pk), None),
        ("start", "post", url("start", p.pk), {"period": "2027/28", "version": version.pk}),
        ("team new", "post", url("team_new", p.pk), team_data),
        ("team edit", "post", url("team_edit", p.pk, team.pk), team_data),
        ("team delete", "post", url("team_delete", p.pk, team.pk), {}),
        (
            "invite",
            "post",
            url("invite", org_pk),
            {"full_name": "New Person", "email": "new@example.org", "role": "contributor"},
        ),
    ]


READ_LABELS = {"overview", "check", "standard", "history", "activity", "file download", "partnership"}


def snapshot(assessment):
    """Everything a request could change, to show a refused request changed nothing."""
    return {
        "assessment": list(Assessment.objects.values_list("pk", "status", "period")),
        "responses": list(
            Response.objects.filter(assessment=assessment).values_list(
                "pk", "rating_id", "not_applicable", "evidence", "lock_version"
            )
        ),
        "actions": list(Action.objects.values_list("pk", "description", "due_date", "status")),
        "files": list(EvidenceFile.objects.values_list("pk", "file")),
        "signoffs": list(SignOff.objects.values_list("pk", "organisation_id")),
        "events": Event.objects.count(),
        "teams": list(Team.objects.values_list("pk", "name", "social_workers")),
        "invitations": Invitation.objects.count(),
        "memberships": Membership.objects.count(),
    }


def call(client, method, path, data):
    response = client.get(path) if method == "get" else client.post(path, data or {})
    if response.streaming:  # a file download: reading it to the end closes the file (and not the database)
        b"".join(response.streaming_content)
    return response


def test_anonymous_is_sent_to_sign_in_from_every_url(client, world, version):
    for label, method, path, data in assessment_urls(world) + partnership_urls(world, version):
        response = call(client, method, path, data)
        assert response.status_code == 302, label
        assert response["Location"].startswith("/accounts/login/?next="), label


def test_outsider_gets_404_on_every_assessment_and_partnership_url(client, world, version, outsider):
    before = snapshot(world["assessment"])
    client.force_login(outsider)
    for label, method, path, data in assessment_urls(world) + partnership_urls(world, version):
        assert call(client, method, path, data).status_code == 404, label
    assert snapshot(world["assessment"]) == before


@pytest.mark.parametrize("person", ["trust_lead", "council_lead", "contributor", "manager"])
def test_partners_read_every_page_of_a_draft(client, world, version, person, request):
    client.force_login(request.getfixturevalue(person))
    for label, method, path, data in assessment_urls(world) + partnership_urls(world, version):
        if label in READ_LABELS:
            assert call(client, method, path, data).status_code == 200, label


def test_file_download_is_an_attachment_for_a_manager(client, world, manager):
    client.force_login(manager)
    response = call(client, "get", url("file", world["assessment"].pk, world["file"].pk), None)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")


def test_manager_is_refused_every_change_and_nothing_changes(client, world, version, manager, council):
    before = snapshot(world["assessment"])
    client.force_login(manager)
    for label, method, path, data in assessment_urls(world) + partnership_urls(world, version, council):
        if label in READ_LABELS:
            continue
        response = call(client, method, path, data)
        assert response.status_code == 403, label
    assert snapshot(world["assessment"]) == before


def test_manager_is_told_why_a_save_is_refused(client, world, manager):
    client.force_login(manager)
    response = client.post(url("standard", world["assessment"].pk, "S1"), answer_post(world["response"]))
    assert response.status_code == 403
    assert NOT_AN_EDITOR.format(role="Manager") in response.content.decode()


def test_manager_sees_the_standard_read_only(client, world, manager):
    client.force_login(manager)
    page = client.get(url("standard", world["assessment"].pk, "S1")).content.decode()
    assert 'name="evidence"' not in page
    assert "Partially met" in page


def test_officer_gets_404_on_every_url_of_a_draft(client, world, version, officer):
    before = snapshot(world["assessment"])
    client.force_login(officer)
    for label, method, path, data in assessment_urls(world) + partnership_urls(world, version):
        assert call(client, method, path, data).status_code == 404, label
    assert snapshot(world["assessment"]) == before


def test_officer_reads_a_submitted_assessment_but_changes_nothing(
    client, world, officer, trust_lead, council_lead, council2_lead
):
    assessment = submitted(world["assessment"], trust_lead, council_lead, council2_lead)
    before = snapshot(assessment)
    client.force_login(officer)
    for label, method, path, data in assessment_urls(world):
        expected = 200 if label in READ_LABELS else 403
        assert call(client, method, path, data).status_code == expected, label
    assert snapshot(assessment) == before


def test_contributor_edits_a_draft(client, world, contributor):
    client.force_login(contributor)
    response = client.post(
        url("standard", world["assessment"].pk, "S1"), answer_post(world["response"], evidence="Audit 2026")
    )
    assert response.status_code == 302
    world["response"].refresh_from_db()
    assert world["response"].evidence == "Audit 2026"
    assert world["response"].updated_by == contributor


def test_contributor_cannot_sign_off_submit_or_invite(client, world, contributor):
    before = snapshot(world["assessment"])
    client.force_login(contributor)
    pk = world["assessment"].pk
    sign_off = client.post(url("sign_off", pk), {"confirm": "on"})
    submit = client.post(url("submit", pk))
    invite = client.post(
        url("invite", world["assessment"].partnership.trust_id),
        {"full_name": "New Person", "email": "new@example.org", "role": "lead"},
    )
    assert (sign_off.status_code, submit.status_code, invite.status_code) == (403, 403, 403)
    assert NOT_A_LEAD in submit.content.decode()
    assert snapshot(world["assessment"]) == before


@pytest.mark.parametrize("person", ["trust_lead", "council_lead", "contributor"])
def test_nobody_changes_a_submitted_assessment(client, world, person, request, trust_lead, council_lead, council2_lead):
    someone = request.getfixturevalue(person)
    assessment = submitted(world["assessment"], trust_lead, council_lead, council2_lead)
    before = snapshot(assessment)
    client.force_login(someone)
    for label, method, path, data in assessment_urls(world):
        if label in READ_LABELS:
            continue
        response = call(client, method, path, data)
        assert response.status_code == 403, label
    assert snapshot(assessment) == before
    assessment.refresh_from_db()
    assert assessment.status == Status.SUBMITTED


def test_a_lead_is_told_a_submitted_assessment_cannot_change(client, world, trust_lead, council_lead, council2_lead):
    submitted(world["assessment"], trust_lead, council_lead, council2_lead)
    client.force_login(trust_lead)
    response = client.post(url("standard", world["assessment"].pk, "S1"), answer_post(world["response"]))
    assert NOT_EDITABLE_STATUS.format(status="submitted") in response.content.decode()


def test_post_only_urls_refuse_get_with_405(client, world, version, trust_lead):
    client.force_login(trust_lead)
    post_only = {"action delete", "file delete", "sign-off", "submit", "team delete"}
    for label, _, path, _ in assessment_urls(world) + partnership_urls(world, version):
        if label in post_only:
            assert client.get(path).status_code == 405, label
