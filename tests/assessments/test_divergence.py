"""Divergence: how far apart the partners' own views of a standard are (scoring.Scale.divergence).

The rule reads the version's data, never a rating code: its levels in order, and `divergence_levels` beside
its scale. The test version's scale is not met, partially met, largely met, fully met (scores 0 to 3), and
its threshold is 2 levels, as both BASW versions have.
"""

from types import SimpleNamespace

import pytest

from assessments.scoring import Divergence, Scale
from standards.models import FrameworkVersion, RatingLevel
from tests import factories

pytestmark = pytest.mark.django_db


def rated(level):
    return SimpleNamespace(rating=level, not_applicable=False)


NOT_APPLICABLE = SimpleNamespace(rating=None, not_applicable=True)
NOT_GIVEN = SimpleNamespace(rating=None, not_applicable=False)


@pytest.fixture
def scale(version):
    return Scale.of(version)


@pytest.fixture
def levels(version):
    return {level.code: level for level in version.rating_levels.all()}


def versions_scale(*scores, divergence_levels=2) -> tuple[Scale, list]:
    """A version whose scale has one level per score (lowest first) and the given threshold, read back from
    the database as a page would read it."""
    version = factories.make_version()
    version.rating_levels.all().delete()
    for i, score in enumerate(scores):
        RatingLevel.objects.create(
            version=version, code=f"level-{i}", label=f"Level {i}", score=score, colour="#000000", description="."
        )
    FrameworkVersion.objects.filter(pk=version.pk).update(divergence_levels=divergence_levels)
    version = FrameworkVersion.objects.get(pk=version.pk)
    return Scale.of(version), list(version.rating_levels.order_by("score"))


def test_not_met_beside_largely_met_is_divergent(scale, levels):
    assert scale.divergence([rated(levels["not-met"]), rated(levels["largely-met"])]) == Divergence.DIVERGENT


def test_not_met_beside_fully_met_is_divergent(scale, levels):
    assert scale.divergence([rated(levels["fully-met"]), rated(levels["not-met"])]) == Divergence.DIVERGENT


def test_one_level_apart_differs(scale, levels):
    assert scale.divergence([rated(levels["largely-met"]), rated(levels["fully-met"])]) == Divergence.DIFFERS
    assert scale.divergence([rated(levels["not-met"]), rated(levels["partially-met"])]) == Divergence.DIFFERS


def test_the_same_rating_is_the_same(scale, levels):
    assert scale.divergence([rated(levels["largely-met"]), rated(levels["largely-met"])]) == Divergence.SAME


def test_not_applicable_beside_any_rating_is_divergent(scale, levels):
    for code in levels:
        assert scale.divergence([NOT_APPLICABLE, rated(levels[code])]) == Divergence.DIVERGENT, code
    assert scale.divergence([rated(levels["fully-met"]), rated(levels["fully-met"]), NOT_APPLICABLE]) == (
        Divergence.DIVERGENT
    )


def test_every_partner_saying_not_applicable_is_the_same(scale):
    assert scale.divergence([NOT_APPLICABLE, NOT_APPLICABLE]) == Divergence.SAME
    assert scale.divergence([NOT_APPLICABLE, NOT_APPLICABLE, NOT_APPLICABLE]) == Divergence.SAME


def test_three_partners_compare_the_highest_and_the_lowest(scale, levels):
    """The middle view does not soften it: not met, partially met and largely met is still two levels apart."""
    trio = [rated(levels["partially-met"]), rated(levels["not-met"]), rated(levels["largely-met"])]
    assert scale.divergence(trio) == Divergence.DIVERGENT
    close = [rated(levels["largely-met"]), rated(levels["fully-met"]), rated(levels["largely-met"])]
    assert scale.divergence(close) == Divergence.DIFFERS


def test_fewer_than_two_views_given_is_no_divergence_yet(scale, levels):
    assert scale.divergence([]) is None
    assert scale.divergence([rated(levels["not-met"])]) is None
    assert scale.divergence([NOT_APPLICABLE]) is None
    assert scale.divergence([rated(levels["not-met"]), NOT_GIVEN, NOT_GIVEN]) is None  # a view not given is not one


def test_a_view_not_given_does_not_count(scale, levels):
    views = [rated(levels["not-met"]), NOT_GIVEN, rated(levels["partially-met"])]
    assert scale.divergence(views) == Divergence.DIFFERS


def test_the_threshold_is_the_versions_data():
    """A later version with five levels and a threshold of three: two levels apart then only differs."""
    scale, (lowest, second, third, fourth, top) = versions_scale(0, 1, 2, 3, 4, divergence_levels=3)
    assert scale.divergence_levels == 3
    assert scale.divergence([rated(lowest), rated(third)]) == Divergence.DIFFERS
    assert scale.divergence([rated(second), rated(top)]) == Divergence.DIVERGENT
    assert scale.divergence([rated(lowest), rated(fourth)]) == Divergence.DIVERGENT
    assert scale.divergence([rated(fourth), rated(fourth)]) == Divergence.SAME


def test_the_bundled_versions_threshold_is_two_levels(version):
    assert version.divergence_levels == 2
    assert Scale.of(version).divergence_levels == 2


def test_positions_follow_the_levels_order_not_their_scores():
    """Scores 0, 2, 5 and 10: the second and third levels are three points but one level apart."""
    scale, (lowest, second, third, top) = versions_scale(0, 2, 5, 10)
    assert [scale.position(level) for level in (lowest, second, third, top)] == [0, 1, 2, 3]
    assert scale.position(None) is None
    assert scale.divergence([rated(second), rated(third)]) == Divergence.DIFFERS
    assert scale.divergence([rated(third), rated(top)]) == Divergence.DIFFERS
    assert scale.divergence([rated(lowest), rated(second)]) == Divergence.DIFFERS  # two points, one level
    assert scale.divergence([rated(lowest), rated(third)]) == Divergence.DIVERGENT


def test_divergence_is_always_a_word():
    assert {d.value for d in Divergence} == {"divergent", "differs", "same"}
