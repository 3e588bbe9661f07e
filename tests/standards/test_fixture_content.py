"""The BASW fixtures' structure: codes, lineage from the charter to 2010, domains, guidance, rating scale."""

import re
from datetime import date
from decimal import Decimal

from assessments.scoring import Scale
from standards.models import EthicsPrinciple, StandardKind, VersionStatus

CODES_2010 = ["P1", "P2", *[f"S{n}" for n in range(1, 16)], "S15a", "S15b", *[f"S{n}" for n in range(16, 26)]]
CODES_CHARTER = ["P1", "P2", *[f"C{n}" for n in range(1, 14)], "C13a", "C13b", "C14", "C15"]

# Which 2010 item each charter item restates, read off the two documents side by side.
CHARTER_RESTATES = {
    "P1": "P1",  # Code of Ethics adopted
    "P2": "P2",  # social work recognised as a profession
    "C1": "S2",  # PbR
    "C2": "S3",  # interagency group for section 75
    "C3": "S4",  # governance meetings
    "C4": "S5",  # social work at Trust Board
    "C5": "S6",  # mission statement
    "C6": "S8",  # local authority engagement
    "C7": "S9",  # social care models in training
    "C8": "S10",  # middle managers
    "C9": "S11",  # value of the social care workforce
    "C10": "S12",  # personnel issues
    "C11": "S13",  # support services, IT
    "C12": "S14",  # engaged from the outset
    "C13": "S15",  # supervision
    "C13a": "S15a",  # within the team
    "C13b": "S15b",  # external mentor
    "C14": "S16",  # adequate number
    "C15": "S17",  # social work forum
}
DROPPED_BY_THE_CHARTER = ["S1", "S7", "S18", "S19", "S20", "S21", "S22", "S23", "S24", "S25"]

DOMAIN_TITLES = [
    "Principles",
    "Social care performance management and governance",
    "Operational social care management structures",
    "Social work development and leadership",
    "Multi-disciplinary team working",
]
CITED_SOURCES = ("BASW 2010", "BASW 2012 charter", "Allen & Barcham, Community Care, 27 Oct 2011")


def codes(version):
    return list(version.standards.order_by("source_order").values_list("code", flat=True))


def test_2010_codes_run_p1_p2_then_s1_to_s25_with_s15a_and_s15b_after_s15(loaded):
    assert codes(loaded.v2010) == CODES_2010
    subs = loaded.v2010.standards.filter(parent__isnull=False)
    assert sorted((s.code, s.parent.code) for s in subs) == [("S15a", "S15"), ("S15b", "S15")]
    assert loaded.v2010.standards.assessable().count() == 27


def test_charter_codes_run_p1_p2_then_c1_to_c15_with_c13a_and_c13b_under_c13(loaded):
    assert codes(loaded.charter) == CODES_CHARTER
    subs = loaded.charter.standards.filter(parent__isnull=False)
    assert sorted((s.code, s.parent.code) for s in subs) == [("C13a", "C13"), ("C13b", "C13")]


def test_source_order_counts_up_from_one_through_each_version(loaded):
    for version in (loaded.v2010, loaded.charter):
        orders = list(version.standards.order_by("source_order").values_list("source_order", flat=True))
        assert orders == list(range(1, len(orders) + 1))


def test_kinds_and_source_references_name_the_section_and_item(loaded):
    for standard in loaded.v2010.standards.all():
        if standard.code.startswith("P"):
            assert standard.kind == StandardKind.PRINCIPLE
            assert standard.source_reference == f"BASW 2010, §12.1, principle {standard.code[1:]}"
        else:
            assert standard.kind == StandardKind.PRACTICE
            number, letter = re.fullmatch(r"S(\d+)([ab]?)", standard.code).groups()
            expected = f"BASW 2010, §12.2, item {number}" + (f", sub-item {letter}" if letter else "")
            assert standard.source_reference == expected
    for standard in loaded.charter.standards.all():
        assert standard.source_reference.startswith("BASW 2012 charter, ")
        kind = StandardKind.PRINCIPLE if standard.code.startswith("P") else StandardKind.PRACTICE
        assert standard.kind == kind


def test_each_charter_item_restates_the_right_2010_item(loaded):
    charter = loaded.charter.standards.select_related("restates__version")
    assert {s.code: s.restates.code for s in charter if s.restates} == CHARTER_RESTATES
    assert {s.restates.version for s in charter if s.restates} == {loaded.v2010}
    assert not charter.filter(is_new=True).exists()
    restated = set(loaded.v2010.standards.filter(restated_by__isnull=False).values_list("code", flat=True))
    assert sorted(set(CODES_2010) - restated, key=CODES_2010.index) == DROPPED_BY_THE_CHARTER


def test_versions_are_published_with_dates_publisher_and_lineage(loaded):
    assert loaded.v2010.framework.name == "BASW standards for social work in multi-disciplinary mental health teams"
    assert (loaded.v2010.publication_date, loaded.charter.publication_date) == (date(2010, 9, 1), date(2012, 1, 1))
    for version in (loaded.v2010, loaded.charter):
        assert version.status == VersionStatus.PUBLISHED
        assert version.publisher == "British Association of Social Workers"
    assert loaded.v2010.based_on is None
    assert loaded.charter.based_on == loaded.v2010
    assert "exact day" in loaded.charter.source_citation


def test_domains_are_the_principles_and_allen_and_barchams_three_problems_plus_team_working(loaded):
    for version in (loaded.v2010, loaded.charter):
        domains = list(version.domains.order_by("order"))
        assert [d.title for d in domains] == DOMAIN_TITLES
        assert all(d.source for d in domains)
        assert all(d.standards.exists() for d in domains), version
        for standard in version.standards.select_related("domain", "parent__domain"):
            assert (standard.domain.code == "principles") == (standard.kind == StandardKind.PRINCIPLE)
            if standard.parent:
                assert standard.domain == standard.parent.domain


def test_every_standard_has_guidance_and_evidence_examples_that_cite_a_seed_document(loaded):
    for version in (loaded.v2010, loaded.charter):
        for standard in version.standards.all():
            assert standard.guidance and standard.evidence_examples, standard.code
            for item in standard.guidance + standard.evidence_examples:
                assert set(item) == {"text", "source"}, standard.code
                assert item["text"].strip(), standard.code
                assert item["source"].startswith(CITED_SOURCES), (standard.code, item["source"])


def test_principles_rest_on_the_code_of_ethics(loaded):
    assert list(EthicsPrinciple.objects.values_list("code", flat=True)) == [
        "human-dignity",
        "social-justice",
        "service",
        "integrity",
        "competence",
    ]
    for version in (loaded.v2010, loaded.charter):
        assert version.standards.get(code="P1").ethics_principles.count() == 5
        assert version.standards.get(code="P2").ethics_principles.exists()
        assert not version.standards.filter(kind=StandardKind.PRACTICE, ethics_principles__isnull=False).exists()


def test_rating_scale_has_four_levels_with_rising_scores(loaded):
    for version in (loaded.v2010, loaded.charter):
        levels = list(version.rating_levels.order_by("score"))
        assert [(lvl.code, lvl.label) for lvl in levels] == [
            ("not-met", "Not met"),
            ("partially-met", "Partially met"),
            ("largely-met", "Largely met"),
            ("fully-met", "Fully met"),
        ]
        scores = [lvl.score for lvl in levels]
        assert scores[0] == 0 and all(a < b for a, b in zip(scores, scores[1:], strict=False))
        for level in levels:
            assert level.description.strip()
            assert re.fullmatch(r"#[0-9a-fA-F]{6}", level.colour)


def test_bands_are_contiguous_and_cover_0_to_100(loaded):
    for version in (loaded.v2010, loaded.charter):
        bands = list(version.bands.order_by("min_percent"))
        assert len(bands) >= 2
        assert bands[0].min_percent == 0 and bands[-1].max_percent == 100
        for lower, upper in zip(bands, bands[1:], strict=False):
            assert lower.min_percent <= lower.max_percent
            assert upper.min_percent == lower.max_percent + Decimal("0.01")
        for band in bands:
            assert re.fullmatch(r"#[0-9a-fA-F]{6}", band.colour)
        for boundary in [b.min_percent for b in bands] + [b.max_percent for b in bands]:
            assert Scale.of(version).band_for(boundary) is not None, boundary
