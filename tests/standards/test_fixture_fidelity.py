"""The BASW fixtures say what the seed documents say, word for word, every item, in source order.

The expected wording is parsed from the seed documents at test time (see conftest.py). Comparisons normalise
only whitespace and quote marks; the only other differences allowed are the mends of extraction artefacts, and
each of those must be recorded in the standard's notes.
"""

import pytest

from standards.models import EthicsPrinciple

from .conftest import FOOTNOTE, O_BULLET, SEED_MISSING, SEEDS, WRAPPED, _seed_lines

QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})

# What a standard's notes must mention for each mend.
MEND_WORDS = {O_BULLET: '"o "', FOOTNOTE: "footnote 11", WRAPPED: "wrapped"}


def normalise(text: str) -> str:
    return " ".join(text.translate(QUOTES).split())


def in_order(version):
    return list(version.standards.order_by("source_order"))


def test_2010_principles_and_practices_match_12_1_and_12_2_word_for_word_in_source_order(loaded, seed_2010):
    seed_items = seed_2010.principles + seed_2010.practices
    assert len(seed_2010.principles) == 2
    assert len([item for item in seed_2010.practices if not item.is_sub_item]) == 25
    assert [normalise(s.text) for s in in_order(loaded.v2010)] == [normalise(item.text) for item in seed_items]


def test_2010_sub_items_sit_where_the_paper_indents_them_under_the_item_before(loaded, seed_2010):
    standards = in_order(loaded.v2010)[2:]
    assert [s.parent_id is not None for s in standards] == [item.is_sub_item for item in seed_2010.practices]
    for position, standard in enumerate(standards):
        if standard.parent_id:
            owner = next(s for s in reversed(standards[:position]) if s.parent_id is None)
            assert standard.parent == owner


def test_every_mend_of_the_2010_text_is_recorded_in_that_standards_notes_and_nothing_else_is(loaded, seed_2010):
    standards = in_order(loaded.v2010)
    seed_items = seed_2010.principles + seed_2010.practices
    mended = {s.code: item.mends for s, item in zip(standards, seed_items, strict=True) if item.mends}
    assert mended, "the parser found no mends: the seed or the parser has changed"
    assert {s.code for s in standards if s.notes} == set(mended)
    for standard in standards:
        for mend in mended.get(standard.code, []):
            assert MEND_WORDS[mend] in standard.notes, (standard.code, mend)


def test_charter_principles_and_practices_match_the_charter_word_for_word_in_order(loaded, seed_charter):
    assert len(seed_charter.principles) == 2
    assert len(seed_charter.practices) == 17
    expected = [normalise(item.text) for item in seed_charter.principles + seed_charter.practices]
    assert [normalise(s.text) for s in in_order(loaded.charter)] == expected


def test_charter_keeps_its_own_curly_quotes_and_spelling(loaded, seed_charter):
    expected = [" ".join(item.text.split()) for item in seed_charter.principles + seed_charter.practices]
    assert [" ".join(s.text.split()) for s in in_order(loaded.charter)] == expected
    assert "“owns”" in loaded.charter.standards.get(code="C4").text


def test_the_charters_flat_supervision_bullets_are_the_2010_papers_supervision_sub_items(
    loaded, seed_2010, seed_charter
):
    paper_subs = [normalise(item.text) for item in seed_2010.practices if item.is_sub_item]
    charter_texts = [normalise(item.text) for item in seed_charter.practices]
    supervision = charter_texts.index(normalise(loaded.charter.standards.get(code="C13").text))
    assert charter_texts[supervision + 1 : supervision + 3] == paper_subs
    for code in ("C13a", "C13b"):
        standard = loaded.charter.standards.get(code=code)
        assert standard.parent.code == "C13"
        assert "bullet" in standard.notes


def test_the_2012_principles_repeat_the_2010_principles(loaded):
    for code in ("P1", "P2"):
        assert loaded.charter.standards.get(code=code).text == loaded.v2010.standards.get(code=code).text


def test_each_versions_introduction_is_the_sources_own_lead_in_to_its_lists(loaded, seed_2010, seed_charter):
    assert loaded.v2010.introduction.split("\n\n") == [seed_2010.principles_lead_in, seed_2010.practices_lead_in]
    assert loaded.charter.introduction.split("\n\n") == [seed_charter.lead_in, seed_charter.practices_lead_in]


def test_code_of_ethics_principles_match_appendix_1_word_for_word(loaded, seed_ethics):
    assert len(seed_ethics) == 5
    actual = [(p.title, p.points) for p in EthicsPrinciple.objects.order_by("order")]
    assert actual == seed_ethics


def test_a_missing_seed_document_fails_rather_than_skips_under_ci(monkeypatch, tmp_path):
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception) as failed:
        _seed_lines(tmp_path / "missing.txt")
    assert str(failed.value) == SEED_MISSING.format(name="missing.txt", seeds=SEEDS)


def test_a_missing_seed_document_skips_outside_ci(monkeypatch, tmp_path):
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception):
        _seed_lines(tmp_path / "missing.txt")
