"""Loading the standards: idempotent, updating in place, retiring (never deleting) what a file drops.

Every test starts from the real fixtures loaded (the `loaded` fixture) and loads modified copies written to
tmp_path, so the files in fixtures/standards are never touched.
"""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.serializers.base import DeserializationError
from django.forms.models import model_to_dict

from standards.loading import default_files, in_dependency_order, load_standards
from standards.models import Band, Domain, EthicsPrinciple, Framework, FrameworkVersion, RatingLevel, Standard

CONTENT_MODELS = [Framework, FrameworkVersion, RatingLevel, Band, Domain, EthicsPrinciple, Standard]


def snapshot():
    """Every content row, primary key and field values included, per model."""
    return {
        model.__name__: sorted(repr(sorted(model_to_dict(obj).items())) for obj in model.objects.all())
        for model in CONTENT_MODELS
    }


def fixture(name):
    return next(path for path in default_files() if path.name.endswith(name))


def modified_copy(tmp_path, name, change):
    """A copy of the named fixture file in tmp_path, with `change(objects)` applied to its objects."""
    source = fixture(name)
    objects = change(json.loads(source.read_text(encoding="utf-8")))
    target = tmp_path / source.name
    target.write_text(json.dumps(objects, ensure_ascii=False), encoding="utf-8")
    return target


def standard_fields(objects, code):
    return next(o["fields"] for o in objects if o["model"] == "standards.standard" and o["fields"]["code"] == code)


def without(code):
    def change(objects):
        return [o for o in objects if not (o["model"] == "standards.standard" and o["fields"]["code"] == code)]

    return change


def test_fixtures_use_natural_keys_and_carry_no_primary_keys():
    for path in default_files():
        for obj in json.loads(path.read_text(encoding="utf-8")):
            assert "pk" not in obj, (path.name, obj["model"])


def test_default_files_come_in_dependency_order_whatever_order_they_are_given_in():
    ethics, v2010, charter = fixture("ethics.json"), fixture("2010.json"), fixture("charter.json")
    frontline_2010, frontline_charter = fixture("2010-frontline.json"), fixture("charter-frontline.json")
    assert default_files() == [ethics, v2010, frontline_2010, charter, frontline_charter]
    assert in_dependency_order([charter, v2010, ethics]) == [ethics, v2010, charter]
    # Each version's frontline statements come after the version they belong to.
    order = in_dependency_order([frontline_charter, frontline_2010, charter, v2010, ethics])
    assert order.index(v2010) < order.index(frontline_2010)
    assert order.index(charter) < order.index(frontline_charter)


def test_loading_twice_changes_nothing(loaded):
    before = snapshot()
    assert sum(len(rows) for rows in before.values()) > 60
    out = StringIO()
    call_command("load_standards", stdout=out)
    assert snapshot() == before
    assert "29 standards, 0 new, 0 updated, 29 unchanged" in out.getvalue()


def test_plain_loaddata_of_the_fixtures_twice_gives_the_same_rows_as_load_standards(db):
    call_command("loaddata", *default_files(), verbosity=0)
    first = snapshot()
    call_command("loaddata", *default_files(), verbosity=0)
    assert snapshot() == first
    assert Standard.objects.count() == 29 + 19


def test_a_changed_fixture_updates_the_same_rows_in_place(loaded, tmp_path):
    s16 = Standard.objects.get(version=loaded.v2010, code="S16")
    rows_before = {model.__name__: model.objects.count() for model in CONTENT_MODELS}

    def change(objects):
        fields = standard_fields(objects, "S16")
        fields["title"] = "Enough social workers in every team"
        fields["guidance"] = [*fields["guidance"], {"text": "Count AMHPs too.", "source": "BASW 2010, §7.2"}]
        return objects

    report = load_standards(modified_copy(tmp_path, "2010.json", change))

    s16_after = Standard.objects.get(version=loaded.v2010, code="S16")
    assert s16_after.pk == s16.pk
    assert s16_after.title == "Enough social workers in every team"
    assert s16_after.guidance[-1]["text"] == "Count AMHPs too."
    assert {model.__name__: model.objects.count() for model in CONTENT_MODELS} == rows_before
    assert [(v.version, v.updated, v.created, v.retired) for v in report.versions] == [("2010", ["S16"], [], [])]


def test_a_standard_removed_from_its_fixture_is_retired_not_deleted(loaded, tmp_path):
    s25 = Standard.objects.get(version=loaded.v2010, code="S25")

    report = load_standards(modified_copy(tmp_path, "2010.json", without("S25")))

    s25.refresh_from_db()
    assert s25.retired is True
    assert report.retired == ["2010 S25"]
    assert Standard.objects.filter(version=loaded.v2010).count() == 29
    assert not loaded.v2010.standards.assessable().filter(code="S25").exists()
    assert Standard.objects.filter(version=loaded.charter, retired=True).count() == 0


def test_an_answer_given_against_a_retired_standard_still_points_at_it(loaded, tmp_path):
    from assessments.models import RatingMode, Response
    from assessments.services import assessment_start
    from tests import factories

    lead = factories.make_user(name="Lena Lead")
    assessment = assessment_start(
        rating_mode=RatingMode.TOGETHER,
        partnership=factories.make_partnership(),
        period="2026/27",
        version=loaded.v2010,
        actor=lead,
    )
    answer = Response.objects.get(assessment=assessment, standard__code="S25")

    load_standards(modified_copy(tmp_path, "2010.json", without("S25")))

    answer.refresh_from_db()
    assert answer.standard.code == "S25"
    assert answer.standard.retired is True


def test_a_retired_standard_that_comes_back_is_current_again(loaded, tmp_path):
    load_standards(modified_copy(tmp_path, "2010.json", without("S25")))

    report = load_standards(fixture("2010.json"))

    assert Standard.objects.get(version=loaded.v2010, code="S25").retired is False
    assert report.restored == ["2010 S25"]
    assert report.retired == []


def test_the_command_says_what_it_retired_and_what_came_back(loaded, tmp_path):
    out = StringIO()
    call_command("load_standards", str(modified_copy(tmp_path, "2010.json", without("S24"))), stdout=out)
    assert "Retired (no longer in the file; kept for answers given against it): S24" in out.getvalue()
    assert "charter" not in out.getvalue()  # only the file named was loaded

    out = StringIO()
    call_command("load_standards", str(fixture("2010.json")), stdout=out)
    assert "Back in the file, no longer retired: S24" in out.getvalue()


def test_when_one_file_fails_nothing_from_any_file_is_kept(loaded, tmp_path):
    before = snapshot()

    def retitle_s1(objects):
        standard_fields(objects, "S1")["title"] = "Changed, then rolled back"
        return objects

    def break_charter(objects):
        standard_fields(objects, "C1")["restates"] = ["basw-mh-mdt", "2010", "S99"]
        return objects

    good = modified_copy(tmp_path, "2010.json", retitle_s1)
    (tmp_path / "broken").mkdir()
    broken = modified_copy(tmp_path / "broken", "charter.json", break_charter)
    with pytest.raises(DeserializationError):
        load_standards([good, broken])
    assert snapshot() == before
