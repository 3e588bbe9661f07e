"""What each Northshire partner says of each standard in its 2026/27 draft, where the partners rate first.

The trust and the two councils mostly see a standard alike; on a few they are one level apart; on
supervision and professional leadership the councils rate lower. That is where the seeds would lead one to
expect it: the social workers tell their council, who employs them, of supervision "confined to an occasional
session with a Team Manager from an area team", of line management by a nurse, and of feeling "abandoned"
(seed 000 §7.2, seed 001), while the trust counts the clinical supervision its teams give and sees managers
who know whom they answer to. Standards are found by words of their text, as in answers.py; ratings are named
by their place on the scale ("top", "good", "some", "none"). A view left as None is not given yet, so the blind
rule shows: that partner sees no one else's view of the standard until it gives its own.

Part is agreed already: the `agreed` answer, with the rationale where the views diverged. The divergent
standard left unagreed (accountability, leadership and support for middle managers) is the newcomer's to resolve.
Sub-items (supervision within the team, the supervisor's mentor) are rated with their parent, so the supervision
views speak of them too.
"""

from dataclasses import dataclass

from .answers import Answer

PARTNERS = ("trust", "northshire", "fellside")  # world.ORGANISATIONS keys, in the order of Pattern's fields


@dataclass(frozen=True)
class View:
    rating: str  # a place on the scale, or "na" with the comment as the reason
    comment: str


@dataclass(frozen=True)
class Pattern:
    words: tuple[str, ...]
    trust: View | None
    northshire: View | None
    fellside: View | None
    agreed: Answer | None = None
    rationale: str = ""  # why the partners agreed this rating, where their views diverged

    def view_of(self, partner: str) -> View | None:
        return getattr(self, partner)


def V(rating, comment):  # noqa: N802 - reads as a table cell
    return View(rating, comment)


# In this order an entry whose words match no standard (a stand-in framework) takes the next free standard,
# so the first few entries give every kind of standard the demo needs to show.
PATTERNS = [
    Pattern(
        ("supervision from qualified",),
        V(
            "good",
            "The Trust's supervision log shows every social worker supervised at least monthly, and each team "
            "has a senior practitioner or a manager who supervises within it.",
        ),
        V(
            "some",
            "Our supervision audit (September 2026): 4 of 13 social workers had no supervision from a qualified "
            "social worker last quarter. In the early intervention team a nurse supervises, every six weeks.",
        ),
        V(
            "none",
            "Fellside Valley's only social worker sees a qualified social worker about once a quarter and is "
            "line-managed by a nurse. She has told us she feels isolated.",
        ),
        agreed=Answer(
            "some",
            "joint",
            "Northshire's supervision audit (September 2026): 9 of 13 social workers had monthly supervision "
            "from a qualified social worker last quarter. Fellside Valley's social worker is seen quarterly; the "
            "early intervention team six-weekly, by a nurse team manager.",
        ),
        rationale="We agreed partially met: the council's supervision audit shows 4 of 13 social workers went a "
        "quarter without supervision from a qualified social worker. The Trust's log had counted the clinical "
        "supervision nurses give, which is not what this standard asks for.",
    ),
    Pattern(
        ("leadership",),
        V(
            "good",
            "CMHT managers know their line of accountability in the Trust and have a social care lead in each "
            "council to escalate to.",
        ),
        V(
            "none",
            "Two of four team managers are nurses with no named social work professional lead; our Principal "
            "Social Worker has no line into the Trust's management.",
        ),
        V(
            "some",
            "Our Head of Adult Social Care meets the Fellside Valley manager each quarter; social workers there "
            "do not know who leads their profession.",
        ),
    ),
    Pattern(
        ("trust board",),
        V(
            "good",
            "Since June 2026 the Director of Social Care attends the public Board meeting for social care items "
            "and reports to the Chief Executive.",
        ),
        V(
            "some",
            "Attendance for social care items is welcome, but no executive director holds the councils' social "
            "care portfolio.",
        ),
        V(
            "none",
            "No one at the Trust Board owns the local authority social care portfolio; Fellside's concerns reach "
            "the Board only through Northshire.",
        ),
        agreed=Answer(
            "some",
            "trust",
            "Since June 2026 the Director of Social Care attends the public Board meeting for social care items; "
            "no executive director yet holds the portfolio.",
        ),
        rationale="We agreed partially met: the Director of Social Care now attends for social care items, but "
        "the standard asks for a Board member who owns the councils' portfolio, and none does yet.",
    ),
    Pattern(
        ("code of ethics",),
        V("top", "Trust Board adopted the BASW Code of Ethics in May 2026."),
        V("top", "The Code is in the joint induction and in our practice framework."),
        V("top", "Adopted by both partners; it is in the joint induction."),
        agreed=Answer(
            "top",
            "joint",
            "Trust Board adopted the BASW Code of Ethics alongside the NHS Constitution in May 2026; it now "
            "features in the joint induction for all CMHT staff.",
        ),
    ),
    Pattern(
        ("personnel issues", "disciplinary, grievance"),
        V("some", "Trust HR advisers handle seconded staff's absence under Trust policies; no training yet."),
        V("some", "Two absence cases in 2026 were handled under Trust policy instead of ours."),
        None,
    ),
    Pattern(
        ("from the outset",),
        V("good", "Social workers were on the project group for the 2025 CMHT transformation."),
        None,
        None,
    ),
    Pattern(
        ("governance meetings",),
        V("top", "Monthly Joint Management Group and quarterly Partnership Board; minutes held by the Trust."),
        V("top", "Our Head of Service attends every Joint Management Group."),
        V("good", "Our Head of Service missed four meetings in 2026: the dates clash with the cabinet cycle."),
    ),
    Pattern(
        ("own principles and codes", "health managers must recognise"),
        V("good", "CMHT managers' job descriptions include social work's statutory roles."),
        V("good", "Managers recognise the statutory roles; the wider knowledge less so."),
        V("good", "Recognised in the operational policy and mostly in practice."),
    ),
    Pattern(
        ("pbr", "payment by results"),
        V("some", "Social needs are recorded but do not change the cluster."),
        V("some", "Social workers are called in for discharge more than for care planning."),
        V("some", "No social work voice in the 2024 clustering review."),
    ),
    Pattern(
        ("section 75",),
        V("top", "The Section 75 Partnership Board meets quarterly and reviews the schedules each March."),
        V("top", "Both councils sit on the Partnership Board."),
        V("top", "The Partnership Board works; its minutes are shared within a week."),
    ),
    Pattern(
        ("mission statement",),
        V("some", "The strategy 2024–29 says 'health and care' but does not name social work."),
        V("some", "Social care is implied, not named."),
        V("some", "Not named in the mission."),
    ),
    Pattern(
        ("local authority engagement",),
        V("good", "Both councils' Assistant Directors attend the Joint Management Group; visits to teams are rare."),
        V("top", "Our Assistant Director visits each CMHT twice a year and attends every Joint Management Group."),
        V("top", "Our Head of Adult Social Care visits Fellside Valley each quarter."),
    ),
    Pattern(
        ("training of all",),
        V("some", "Social models are in the nursing preceptorship, not in training for doctors."),
        V("some", "Not in the medical induction."),
        V("some", "Only in nursing preceptorship."),
    ),
    Pattern(
        ("value of the social care workforce",),
        V("good", "Social work week is marked jointly, with a social worker of the year award."),
        None,
        V("good", "Marked jointly with the Trust."),
    ),
    Pattern(
        ("intranet", "support services are in place"),
        V("some", "Council systems are reachable from Trust laptops since September 2026."),
        V("some", "Mosaic works from Trust sites; assessments are still entered twice."),
        V("some", "Intranet access works; double entry remains."),
        agreed=Answer(
            "some",
            "joint",
            "Council intranet and Mosaic are reachable from Trust laptops since September 2026; assessments are "
            "still entered twice.",
        ),
    ),
    Pattern(
        ("adequate number",),
        V("some", "Thirteen social workers across four teams; two Fellside Valley posts vacant."),
        V("some", "Our teams are at establishment except the early intervention team."),
        V("none", "One social worker among seventeen nurses is not adequate; two posts unfilled since 2024."),
    ),
    Pattern(
        ("forum",),
        V("top", "Monthly forums in each council area, chaired by the Principal Social Worker."),
        V("top", "The forum meets monthly; attendance about 70%."),
        V("top", "Fellside's forum now meets jointly with Northshire's."),
        agreed=Answer("top", "council", "The forums continue monthly; Fellside's now meets jointly with Northshire's."),
    ),
]


def _text(standard) -> str:
    return f"{standard.title} {standard.text}".lower()


def patterns_for(responses) -> list[tuple]:
    """(response, pattern) pairs: each pattern takes the first free standard (source order) whose text holds
    one of its words; a pattern that matches none takes the next free standard, so any framework gets each kind."""
    free = sorted(responses, key=lambda r: r.standard.source_order)
    matched, unmatched = [], []
    for pattern in PATTERNS:
        response = next((r for r in free if any(word in _text(r.standard) for word in pattern.words)), None)
        if response is None:
            unmatched.append(pattern)
        else:
            free.remove(response)
            matched.append((response, pattern))
    return matched + list(zip(free, unmatched, strict=False))
