"""What happened to each action of Northshire's 2025/26 plan after BASW accepted it (about 330 days ago).

Days are counted back from today, so the demo reads the same whenever it is built; people are world.PEOPLE
keys. Drawn from the seeds: supervision in Fellside Valley CMHT (BASW's query), no social work voice at Trust
Board, two IT systems and everything entered twice, one social worker among seventeen nurses.
"""

from dataclasses import dataclass

from ..models import ActionStatus

NOT_STARTED, IN_PROGRESS = ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS
DONE, DROPPED = ActionStatus.DONE, ActionStatus.DROPPED


@dataclass(frozen=True)
class Step:
    days_ago: int
    status: str
    note: str
    by: str = ""  # who wrote it; "" for the action's owner when they have an account, else the trust's lead
    dropped_reason: str = ""
    due_in: int | None = None  # a new due date the partners agreed, in days from today


@dataclass(frozen=True)
class Interim:
    by: str  # a governance lead
    days_ago: int
    note: str


@dataclass(frozen=True)
class Story:
    due_in: int  # days from today the action fell (or falls) due when the plan was written
    planned: str  # its status when the plan was written
    steps: tuple[Step, ...] = ()
    words: str = ""  # a phrase of the action (answers.THEMES); "" for a generic story
    owner: str = ""  # the owner with an account, when not the one the builder picks for its organisation
    interim: Interim | None = None


STORIES = [
    Story(
        words="BASW Code of Ethics to the Trust's values",
        due_in=-60,
        planned=NOT_STARTED,
        steps=(
            Step(
                290,
                IN_PROGRESS,
                "Draft wording for the values statement agreed with the Trust's Director of "
                "Nursing; it goes to the Executive Team next month.",
                by="trust_lead",
            ),
            Step(
                150,
                IN_PROGRESS,
                "The Executive Team approved the new values statement. The induction slides are "
                "being rewritten with the Principal Social Worker.",
                by="trust_contributor",
            ),
            Step(
                70,
                DONE,
                "The Trust Board adopted the values statement naming the BASW Code of Ethics; every "
                "induction since has a session on it, co-delivered by a social worker.",
                by="trust_lead",
            ),
        ),
    ),
    Story(
        words="Include the Principal Social Worker in the annual review of clustering",
        due_in=-10,
        planned=NOT_STARTED,
        steps=(
            Step(
                120,
                NOT_STARTED,
                "The clustering review is postponed until NHS England's guidance on care "
                "packages is out. The Principal Social Worker is named on its project group for when it starts.",
                by="trust_lead",
            ),
        ),
    ),
    Story(
        words="Agree with the Trust Chair",
        due_in=-120,
        planned=NOT_STARTED,
        steps=(
            Step(
                260,
                IN_PROGRESS,
                "Met the Trust Chair: she supports the Director of Social Care attending Board "
                "for social care items from next quarter. The executive portfolio waits for the Board's "
                "governance review.",
                by="trust_lead",
            ),
            Step(
                130,
                IN_PROGRESS,
                "The Director of Social Care now attends Board for social care items. The "
                "governance review has moved back, so the Partnership Board agreed a new date for the executive "
                "portfolio.",
                by="trust_lead",
                due_in=-21,
            ),
            Step(
                30,
                IN_PROGRESS,
                "The governance review is not finished; the portfolio is on the Board's agenda "
                "next month. The Partnership Board knows it is overdue.",
                by="trust_lead",
            ),
        ),
    ),
    Story(
        words="Propose wording on social care",
        due_in=-30,
        planned=NOT_STARTED,
        steps=(
            Step(
                200,
                IN_PROGRESS,
                "Wording sent to the strategy team, drawing on the BASW charter: social work "
                "and social care as equal partners in recovery.",
                by="trust_lead",
            ),
            Step(
                45,
                DONE,
                "The refreshed strategy names social work and social care in its mission and in two of its five aims.",
                by="trust_lead",
            ),
        ),
    ),
    Story(
        words="Seek full membership of the ICB",
        due_in=75,
        planned=NOT_STARTED,
        owner="fellside_manager",  # Fellside's commissioning manager: an owner with an account who is a manager
        steps=(
            Step(
                180,
                IN_PROGRESS,
                "Fellside has asked the ICB for a seat; the commissioning group's chair supports "
                "it and takes it to the ICB's board.",
            ),
            Step(
                25,
                IN_PROGRESS,
                "Fellside has been a full member of the commissioning group since its last "
                "meeting; Northshire's request goes to the ICB's board next.",
            ),
        ),
    ),
    Story(
        words="Celebrate World Social Work Day",
        due_in=-200,
        planned=NOT_STARTED,
        steps=(
            Step(
                255,
                DONE,
                "A joint event for World Social Work Day, opened by the Trust's Chief Executive and both "
                "councils' directors: about sixty staff came, and Fellside Valley CMHT presented its work.",
                by="fellside_contributor",
            ),
        ),
    ),
    Story(
        words="read access to Mosaic",
        due_in=60,
        planned=NOT_STARTED,
        steps=(
            Step(
                230,
                IN_PROGRESS,
                "The information governance leads of the Trust and both councils signed a data "
                "sharing agreement for read access to Mosaic from RiO.",
                by="northshire_lead",
            ),
            Step(
                95,
                IN_PROGRESS,
                "Pilot in Northshire North CMHT: social workers read Mosaic from their Trust "
                "laptops, and care act assessments are entered once, in Mosaic.",
                by="trust_contributor",
            ),
            Step(
                12,
                IN_PROGRESS,
                "The pilot's review found about an hour a week saved for each social worker. "
                "Roll-out to the other three teams next quarter, Fellside Valley first.",
                by="northshire_contributor",
            ),
        ),
    ),
    Story(
        words="Arrange monthly professional supervision",
        due_in=-20,
        planned=IN_PROGRESS,
        steps=(
            Step(
                300,
                IN_PROGRESS,
                "Northshire's senior practitioner began monthly professional supervision with "
                "the Fellside Valley social worker; the area team manager's quarterly sessions have stopped.",
                by="northshire_contributor",
            ),
            Step(
                210,
                IN_PROGRESS,
                "First quarterly audit of supervision records: every social worker had monthly "
                "supervision from a qualified social worker, Fellside Valley included.",
                by="fellside_contributor",
            ),
            Step(
                110,
                DONE,
                "The second audit found the same. Monthly supervision from a senior social worker is "
                "now in the s75 schedule for every team, and the audit continues each quarter.",
                by="fellside_lead",
            ),
        ),
        interim=Interim(
            by="fellside_lead",
            days_ago=100,
            note="Every social worker, Fellside Valley's included, has had monthly professional supervision from a "
            "qualified social worker for two audited quarters, and the s75 schedule now requires it. The gap that "
            "kept this standard below the top at the assessment has closed.",
        ),
    ),
    Story(
        words="Fill the two Fellside Valley vacancies",
        due_in=-6,
        planned=NOT_STARTED,
        steps=(
            Step(
                240,
                IN_PROGRESS,
                "Both posts advertised jointly by Fellside and the Trust, with a recruitment and "
                "retention payment agreed.",
                by="fellside_lead",
            ),
            Step(
                150,
                IN_PROGRESS,
                "One post filled: a social worker starts in Fellside Valley CMHT next month. The "
                "second had no appointable candidate twice and is re-advertised as a senior post.",
                by="fellside_lead",
            ),
            Step(
                20,
                IN_PROGRESS,
                "The minimum of three social workers per CMHT is drafted for the s75 schedule and "
                "goes to the Partnership Board with the annual review; the second post is still empty.",
                by="northshire_lead",
            ),
        ),
    ),
    Story(
        words="Compare terms and conditions",
        due_in=40,
        planned=NOT_STARTED,
        steps=(
            Step(
                160,
                DROPPED,
                "Dropped by the Partnership Board.",
                by="northshire_lead",
                dropped_reason="The region's workforce programme now compares social workers' and nurses' terms "
                "and conditions across every trust and council in the North West; a comparison of our own would "
                "duplicate it. The Partnership Board will take the programme's report instead.",
            ),
        ),
    ),
]

# The other actions, in turn: done, in progress, overdue, not started yet, done, in progress, dropped.
_DONE = Story(
    due_in=-50,
    planned=NOT_STARTED,
    steps=(
        Step(210, IN_PROGRESS, "Started: the owner has a plan, and a first meeting with the teams is booked."),
        Step(60, DONE, "Done, and reported to the Joint Management Group; its minutes record what was done."),
    ),
)
_DONE_EARLY = Story(
    due_in=30,
    planned=NOT_STARTED,
    steps=(Step(85, DONE, "Done ahead of its date; the Partnership Board noted it at its last meeting."),),
)
_ON_TRACK = Story(
    due_in=45,
    planned=NOT_STARTED,
    steps=(
        Step(
            100,
            IN_PROGRESS,
            "Under way and on track for its date; the Joint Management Group heard how it is "
            "going at its last meeting.",
        ),
    ),
)
_SLOW = Story(
    due_in=10,  # within REMINDER_DAYS_BEFORE: its owner is reminded it is due soon
    planned=IN_PROGRESS,
    steps=(Step(65, IN_PROGRESS, "Slower than planned while the teams' rotas were redone, but still on track."),),
)
_OVERDUE = Story(
    due_in=-14,
    planned=NOT_STARTED,
    owner="trust_contributor",  # an owner with an account who is a contributor: reminded, and may record progress
    steps=(
        Step(
            180,
            IN_PROGRESS,
            "Started, but the manager doing it has moved on; the Joint Management Group asked "
            "for a new plan and a new date.",
        ),
    ),
)
_DROPPED = Story(
    due_in=90,
    planned=NOT_STARTED,
    steps=(
        Step(
            140,
            DROPPED,
            "Dropped by the Partnership Board.",
            dropped_reason="The Partnership Board agreed that the s75 agreement's annual review now covers this, so a "
            "separate action would only duplicate it.",
        ),
    ),
)
_LATER = Story(due_in=120, planned=NOT_STARTED)
GENERIC = [_DONE, _ON_TRACK, _OVERDUE, _LATER, _DONE_EARLY, _SLOW, _DROPPED]

GENERIC_INTERIM = Interim(
    by="trust_lead",
    days_ago=40,
    note="Its action is done and the Joint Management Group has seen the evidence: rated one step higher until the "
    "next assessment.",
)
