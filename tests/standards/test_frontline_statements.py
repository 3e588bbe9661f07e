"""The frontline statements: fixture data beside each version, quoting the standard they draw on.

Each statement is one plain sentence a social worker in a CMHT can judge from their own work, in the first
person ("I get ...", "My ...") or about social work itself ("Social work has a voice at the trust's board.").
Standards about the organisations' internal processes (PbR, the section 75 group, personnel staff's training,
commissioners) have none; nor do sub-items, which are rated with their item. The real fixtures are loaded
(`loaded`); modified copies go to tmp_path, so fixtures/standards is never touched.
"""

import json
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.forms.models import model_to_dict
from django.urls import reverse
from django.utils.html import escape

from assessments.models import User
from standards.admin import FROZEN_MESSAGE, NOT_QUOTED, SUB_ITEM
from standards.loading import FIXTURE_DIR, load_standards
from standards.models import PRODUCT_WORDING, Standard, Statement, VersionStatus
from tests.standards import builders

FILES = {"2010": "12-basw-2010-frontline.json", "2012-charter": "22-basw-2012-charter-frontline.json"}
CODES = {
    "2010": [
        "P2", "S5", "S6", "S8", "S9", "S11", "S13", "S14", "S15", "S16", "S17", "S18", "S20", "S21", "S22", "S23",
        "S24",
    ],
    "2012-charter": ["P2", "C4", "C5", "C6", "C7", "C9", "C11", "C12", "C13", "C14", "C15"],
}  # fmt: skip
INTERNAL_PROCESSES = {"2010": ["P1", "S1", "S2", "S3", "S4", "S7", "S10", "S12"], "2012-charter": ["C1", "C2", "C10"]}
FIRST_PERSON = re.compile(r"\b(I|[Mm]e|[Mm]y)\b")
# The standards of supervision and of social work at the board, per version.
SUPERVISION = {"2010": "S15", "2012-charter": "C13"}
BOARD = {"2010": "S5", "2012-charter": "C4"}


def statements(version_slug):
    return Statement.objects.filter(standard__version__slug=version_slug).select_related("standard")


def snapshot():
    return sorted(repr(sorted(model_to_dict(s).items())) for s in Statement.objects.all())


def copy_without(tmp_path, version_slug, code):
    source = FIXTURE_DIR / FILES[version_slug]
    objects = [o for o in json.loads(source.read_text(encoding="utf-8")) if o["fields"]["standard"][2] != code]
    target = tmp_path / source.name
    target.write_text(json.dumps(objects, ensure_ascii=False), encoding="utf-8")
    return target


def standard_url(version_slug, code):
    return reverse("standards:standard", args=["basw-mh-mdt", version_slug, code])


# The content


@pytest.mark.parametrize("version_slug", FILES)
def test_each_version_has_its_statements_in_source_order(loaded, version_slug):
    codes = list(statements(version_slug).order_by("standard__source_order").values_list("standard__code", flat=True))
    assert codes == CODES[version_slug]


def test_every_statement_quotes_words_of_its_own_standards_text(loaded):
    for statement in Statement.objects.select_related("standard"):
        assert len(statement.draws_on.split()) >= 5, statement
        assert statement.draws_on in statement.standard.text, statement


def test_only_current_top_level_items_have_a_statement_and_internal_processes_have_none(loaded):
    for statement in Statement.objects.select_related("standard"):
        assert statement.standard.parent_id is None, statement
        assert not statement.standard.retired, statement
        assert not statement.retired, statement
    for version_slug, codes in INTERNAL_PROCESSES.items():
        assert not statements(version_slug).filter(standard__code__in=codes).exists()


def test_statements_are_short_plain_sentences_in_the_first_person_or_about_social_work(loaded):
    for statement in Statement.objects.all():
        text = statement.text
        assert len(text) < 300, text
        assert text.endswith(".") and text.count(". ") == 0, text  # one sentence
        assert FIRST_PERSON.search(text) or text.startswith("Social work"), text
        assert statement.wording == PRODUCT_WORDING


@pytest.mark.parametrize("version_slug", FILES)
def test_supervision_and_professional_leadership_have_a_statement_in_both_versions(loaded, version_slug):
    supervision = statements(version_slug).get(standard__code=SUPERVISION[version_slug])
    assert supervision.text == "I get professional supervision from a qualified social worker at least monthly."
    assert "supervision from qualified social workers" in supervision.draws_on
    board = statements(version_slug).get(standard__code=BOARD[version_slug])
    assert board.text == "Social work has a voice at the trust's board."
    assert "social work representation at Trust Board level" in board.draws_on
    if version_slug == "2010":
        assert "leadership roles" in statements("2010").get(standard__code="S21").text


def test_each_charter_statement_restates_a_2010_item_that_has_one(loaded):
    with_statement = set(Statement.objects.filter(standard__version=loaded.v2010).values_list("standard", flat=True))
    for statement in statements("2012-charter"):
        assert statement.standard.restates_id in with_statement, statement


# Loading


@pytest.mark.parametrize("version_slug", FILES)
def test_each_statements_file_loads_idempotently(loaded, version_slug):
    before, count = snapshot(), Statement.objects.count()
    report = load_standards(FIXTURE_DIR / FILES[version_slug])
    load_standards(FIXTURE_DIR / FILES[version_slug])
    assert snapshot() == before
    assert Statement.objects.count() == count == 28
    assert report.statements == len(CODES[version_slug])
    assert report.statements_retired == []


def test_a_statement_removed_from_its_file_is_retired_on_reload_and_current_again_when_it_comes_back(loaded, tmp_path):
    s16 = Statement.objects.get(standard__version=loaded.v2010, standard__code="S16")

    report = load_standards(copy_without(tmp_path, "2010", "S16"))

    s16.refresh_from_db()
    assert s16.retired is True
    assert report.statements_retired == ["2010 S16"]
    assert Statement.objects.count() == 28  # kept for the answers given to it
    assert s16 not in Statement.objects.of_version(loaded.v2010)
    assert not statements("2012-charter").filter(retired=True).exists()

    report = load_standards(FIXTURE_DIR / FILES["2010"])
    s16.refresh_from_db()
    assert s16.retired is False
    assert report.statements_retired == []


def test_the_command_says_how_many_statements_it_loaded_and_which_it_retired(loaded, tmp_path):
    out = StringIO()
    call_command("load_standards", stdout=out)
    assert "Frontline statements: 28." in out.getvalue()

    out = StringIO()
    call_command("load_standards", str(copy_without(tmp_path, "2012-charter", "C14")), stdout=out)
    assert "Frontline statements: 10." in out.getvalue()
    assert "Statements retired (kept for answers): 2012-charter C14" in out.getvalue()


# The standards browser


def test_standard_page_shows_its_frontline_statement_and_what_it_draws_on(client, loaded):
    page = client.get(standard_url("2010", "S15")).content.decode()
    assert '<h2 id="frontline-heading" class="h4">Frontline statement</h2>' in page
    assert "“I get professional supervision from a qualified social worker at least monthly.”" in page
    assert "Asked of the partnership's social workers in the frontline pulse." in page
    assert (
        "Partnership Audit's own wording, drawn from: "
        "“social workers receive good quality supervision from qualified social workers”"
    ) in page


def test_a_statement_with_an_apostrophe_is_shown_escaped_once(client, loaded):
    page = client.get(standard_url("2012-charter", "C4")).content.decode()
    assert "“" + escape("Social work has a voice at the trust's board.") + "”" in page


def test_a_standard_without_a_current_statement_shows_no_frontline_section(client, loaded):
    assert "Frontline statement" not in client.get(standard_url("2012-charter", "C1")).content.decode()
    Statement.objects.filter(standard__version=loaded.charter, standard__code="C13").update(retired=True)
    assert "Frontline statement" not in client.get(standard_url("2012-charter", "C13")).content.decode()


# The admin


@pytest.fixture
def admin_client(client, db):
    client.force_login(User.objects.create_superuser(email="sam@example.org", password="pw", full_name="Sam Super"))
    return client


def test_statement_admin_lists_code_version_text_and_retired(admin_client, loaded):
    response = admin_client.get(reverse("admin:standards_statement_changelist"), {"q": "supervision"})
    assert response.status_code == 200
    assert [(s.standard.version.slug, s.standard.code) for s in response.context["cl"].result_list] == [
        ("2010", "S15"),
        ("2012-charter", "C13"),
    ]
    assert response.context["cl"].list_display == ("standard_code", "version", "text", "retired")


def test_a_published_versions_statement_is_read_only_and_cannot_be_deleted(admin_client, loaded):
    statement = statements("2010").get(standard__code="S15")
    url = reverse("admin:standards_statement_change", args=[statement.pk])
    page = admin_client.get(url).content.decode()
    assert not re.findall(r"<textarea\b", page)
    assert 'name="_save"' not in page
    assert FROZEN_MESSAGE.format(version="BASW 2010", status="published") in page
    admin_client.post(url, {"text": "Rewritten.", "draws_on": "Robust", "standard": statement.standard_id})
    statement.refresh_from_db()
    assert statement.text.startswith("I get professional supervision")
    delete = admin_client.post(reverse("admin:standards_statement_delete", args=[statement.pk]), {"post": "yes"})
    assert delete.status_code == 403
    assert Statement.objects.filter(pk=statement.pk).exists()


def test_a_draft_statement_must_quote_its_standard_and_not_go_on_a_sub_item(admin_client, db):
    draft = builders.make_version(slug="2026-draft", label="Draft 2026", status=VersionStatus.DRAFT)
    item = builders.add_standard(draft, "D1", title="Supervision", text=builders.SUPERVISION_TEXT)
    sub = builders.add_standard(draft, "D1a", title="Monthly", text="Supervision at least monthly.", parent=item)
    add = reverse("admin:standards_statement_add")
    data = {"text": "I get supervision.", "wording": PRODUCT_WORDING}

    response = admin_client.post(add, {**data, "standard": item.pk, "draws_on": "weekly supervision"})
    assert NOT_QUOTED in response.context["adminform"].form.errors["draws_on"]
    response = admin_client.post(add, {**data, "standard": sub.pk, "draws_on": "Supervision at least monthly"})
    assert SUB_ITEM.format(parent="D1") in response.context["adminform"].form.errors["standard"]
    assert not Statement.objects.exists()

    response = admin_client.post(add, {**data, "standard": item.pk, "draws_on": "regular professional supervision"})
    assert response.status_code == 302
    assert Statement.objects.get().standard == Standard.objects.get(code="D1")
