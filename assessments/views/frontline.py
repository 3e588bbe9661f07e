"""The frontline's figures beside the leads' ratings, for the pages that show them: the standard page,
check-your-answers and BASW's review pages. Read once a request, from the one reading (selectors.pulse)."""

from ..selectors.pulse import PulseResults, pulse_results


def frontline_for(assessment, access, responses=None) -> PulseResults | None:
    """The assessment's pulse results for this person, or None when they may not see them (access.can_see_pulse).

    `responses`: the answers the view has already read (with their ratings), whose agreed ratings the perception
    gap compares, so that they are not read again. A page of one standard passes only its answer: only that
    standard's gap is then worked out.
    """
    if not access.can_see_pulse:
        return None
    ratings = None
    if responses is not None:
        ratings = {r.standard_id: r.rating for r in responses if r.rating_id and not r.not_applicable}
    return pulse_results(assessment, ratings=ratings)
