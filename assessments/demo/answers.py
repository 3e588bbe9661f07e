"""What the demo partnerships say about each standard, matched to standards by words in their text.

The fixtures' codes are not assumed: each theme names a few words from the seed wording (seed 000 §12,
seed 003's charter) and the first theme whose words appear in a standard's text answers it. Ratings are
named by their place on the version's scale ("top", "good", "some", "none"), so any scale works.
Evidence draws on what the seeds report from practice: monthly supervision from a qualified social
worker in most teams, one social worker among seventeen nurses, no social work voice at Trust Board,
two IT systems and everything duplicated.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Answer:
    rating: str  # "top", "good", "some" or "none"; "na" for not applicable, with the evidence as the reason
    holder: str  # "trust", "council" or "joint"
    evidence: str


@dataclass(frozen=True)
class Theme:
    words: tuple[str, ...]
    north: Answer  # Northshire and Fellside (trust + two councils, s75 pooled budget)
    south: Answer  # Dartvale and Westcombe (secondment, no s75)
    action: tuple[str, str, str]  # (responsible: trust/council/joint, priority, what will be done)


def A(rating, holder, evidence):  # noqa: N802 - reads as a table row
    return Answer(rating, holder, evidence)


THEMES = [
    Theme(
        ("code of ethics",),
        A(
            "good",
            "joint",
            "The section 75 agreement (schedule 2) names the BASW Code of Ethics as a shared basis "
            "for practice. The Trust's values statement does not yet mention it.",
        ),
        A(
            "some",
            "council",
            "Westcombe's social work practice framework adopts the Code of Ethics; the Trust has "
            "not adopted it and the secondment agreement does not refer to it.",
        ),
        ("trust", "medium", "Add the BASW Code of Ethics to the Trust's values statement and staff induction."),
    ),
    Theme(
        ("own principles and codes", "health managers must recognise"),
        A(
            "good",
            "trust",
            "CMHT managers' job descriptions include supporting social work's statutory roles "
            "(safeguarding, Mental Health Act, personalisation). Two of four managers are nurses.",
        ),
        A("good", "trust", "The Trust's operational policy describes social work's distinct role and duties."),
        ("trust", "low", "Include a session on the social work role in the Trust's leadership programme."),
    ),
    Theme(
        ("5 star", "five star", "engagement plan"),
        A(
            "some",
            "joint",
            "The partnership discussed the BASW engagement plan at its Board in 2024 but has not signed up to it.",
        ),
        A("none", "joint", "Not considered by either partner."),
        ("joint", "low", "Bring the BASW engagement plan to the Partnership Board for a decision."),
    ),
    Theme(
        ("pbr", "payment by results"),
        A(
            "some",
            "trust",
            "Care clusters are used for Trust contracting. Social needs are recorded in the "
            "assessment but do not affect the cluster; social workers report feeling called in only for discharge.",
        ),
        A("some", "trust", "The Trust's clustering review in 2024 did not include a social work representative."),
        (
            "trust",
            "medium",
            "Include the Principal Social Worker in the annual review of clustering and care "
            "pathways, with a report on social needs unmet by cluster packages.",
        ),
    ),
    Theme(
        ("section 75",),
        A(
            "top",
            "joint",
            "The Section 75 Partnership Board (Trust, both councils) meets quarterly and reviews the "
            "schedules each March. Terms of reference and minutes for 2025 held by the Trust.",
        ),
        A(
            "na",
            "joint",
            "There is no section 75 agreement: Westcombe withdrew in 2019 and social workers are "
            "seconded under a secondment agreement reviewed by the Joint Management Group.",
        ),
        ("joint", "medium", "Review the terms of reference of the Partnership Board."),
    ),
    Theme(
        ("governance meetings",),
        A(
            "top",
            "joint",
            "Monthly Joint Management Group with both councils' Heads of Service; quarterly "
            "Partnership Board at director level. Minutes for the last twelve months are held by the Trust.",
        ),
        A("good", "joint", "A Joint Management Group meets every two months; it was cancelled twice in 2025."),
        ("joint", "medium", "Fix the Joint Management Group's dates for the year and name deputies."),
    ),
    Theme(
        ("trust board",),
        A(
            "none",
            "trust",
            "No one on the Trust Board holds the social care portfolio. The Director of Social Care "
            "reports to the Chief Operating Officer and attends Board only by invitation.",
        ),
        A("some", "trust", "A non-executive director holds social care as part of a wider portfolio."),
        (
            "trust",
            "high",
            "Agree with the Trust Chair that the Director of Social Care attends Board for social "
            "care items and that an executive director holds the council portfolio.",
        ),
    ),
    Theme(
        ("mission statement",),
        A("some", "trust", "The Trust's strategy 2024–29 mentions 'health and care' but not social work."),
        A("some", "trust", "The Trust's mission refers to 'whole-person care'; social care is not named."),
        ("trust", "medium", "Propose wording on social care and social work for the Trust's strategy refresh."),
    ),
    Theme(
        ("commissioning", "commissioners"),
        A(
            "good",
            "council",
            "The integrated care board's mental health commissioning group includes both "
            "councils' commissioners; social care outcomes are in the service specification.",
        ),
        A("some", "council", "Westcombe's commissioner sits on the ICB mental health group as an observer."),
        ("council", "medium", "Seek full membership of the ICB mental health commissioning group."),
    ),
    Theme(
        ("local authority engagement",),
        A(
            "top",
            "council",
            "Both councils' Assistant Directors attend the Joint Management Group and visit each CMHT twice a year.",
        ),
        A(
            "good",
            "council",
            "The Director of Adult Social Services meets the Trust's Chief Operating Officer quarterly.",
        ),
        ("council", "low", "Add a yearly visit to each CMHT by a council senior manager."),
    ),
    Theme(
        ("training of all",),
        A("some", "trust", "Social models feature in the nursing preceptorship; not in training for doctors."),
        A("some", "trust", "Not in the Trust's mandatory training."),
        (
            "trust",
            "medium",
            "Add a social models module to the medical and nursing induction, co-delivered by a "
            "social worker and an expert by experience.",
        ),
    ),
    Theme(
        ("middle managers",),
        A("good", "joint", "CMHT managers have a social care lead in each council to escalate to."),
        A("some", "joint", "Team managers are unsure whom to escalate social care issues to in the council."),
        ("joint", "medium", "Publish a one-page chart of accountability for social care in the CMHTs."),
    ),
    Theme(
        ("value of the social care workforce",),
        A("good", "council", "Social work week is marked jointly; a social worker of the year award since 2023."),
        A("good", "council", "Westcombe's workforce strategy includes mental health social workers."),
        ("council", "low", "Celebrate World Social Work Day jointly with the Trust."),
    ),
    Theme(
        ("personnel issues", "disciplinary, grievance"),
        A(
            "some",
            "trust",
            "Trust HR advisers handle seconded staff's absence under Trust policies; they have no "
            "training in council procedures or Social Work England's standards.",
        ),
        A("good", "council", "Personnel matters for social workers are handled by Westcombe HR."),
        (
            "trust",
            "high",
            "Train the Trust's HR business partners in the councils' policies and Social Work "
            "England's professional standards.",
        ),
    ),
    Theme(
        ("which personnel policies",),
        A(
            "top",
            "joint",
            "Schedule 4 of the s75 agreement: council policies apply to seconded staff; the Trust's "
            "operational policies apply in teams.",
        ),
        A("good", "joint", "The secondment agreement says council policies apply; team managers were not told."),
        ("joint", "low", "Send team managers a summary of which policies apply to seconded staff."),
    ),
    Theme(
        ("intranet", "support services are in place"),
        A(
            "none",
            "joint",
            "Social workers keep records in both the Trust's RiO and the councils' Mosaic, and "
            "everything is duplicated. Seconded staff cannot reach the council intranet from Trust laptops.",
        ),
        A(
            "some",
            "council",
            "Social workers use Westcombe's case system and the Trust's record; council intranet "
            "access works from Trust sites since 2025.",
        ),
        (
            "joint",
            "high",
            "Give social workers read access to Mosaic from RiO and end double entry of assessments, "
            "starting with care act assessments.",
        ),
    ),
    Theme(
        ("from the outset",),
        A("good", "trust", "Social workers were on the project group for the 2025 CMHT transformation."),
        A("some", "trust", "Social workers heard about the older adults' team redesign after it was agreed."),
        ("trust", "medium", "Include a social work representative in every service change project group."),
    ),
    Theme(
        ("task force",),
        A("good", "council", "Both councils follow the Standards for Employers; ASYE support is in place."),
        A("good", "council", "Westcombe follows the Standards for Employers and runs an ASYE programme."),
        ("council", "low", "Report on the Standards for Employers health check to the Partnership Board."),
    ),
    Theme(
        ("external mentor",),
        A("some", "council", "Northshire provides mentors for its senior practitioners; Fellside does not."),
        A("none", "council", "No external mentoring."),
        ("council", "medium", "Offer every senior practitioner who supervises social workers an external mentor."),
    ),
    Theme(
        ("supervision",),
        A(
            "good",
            "council",
            "Social workers in three of four teams get monthly professional supervision from a "
            "qualified social worker. In Fellside Valley CMHT the only social worker sees an area team manager about "
            "once a quarter and is line-managed by a nurse.",
        ),
        A(
            "good",
            "council",
            "Monthly professional supervision from a senior social worker in two teams; in the "
            "older adults team social workers get none from a social worker.",
        ),
        (
            "council",
            "high",
            "Arrange monthly professional supervision from a senior social worker for every social "
            "worker, starting with Fellside Valley CMHT; audit supervision records each quarter.",
        ),
    ),
    Theme(
        ("adequate number",),
        A(
            "some",
            "joint",
            "Thirteen social workers across four teams; Fellside Valley CMHT has one social worker "
            "among seventeen nurses and two vacancies unfilled since 2024.",
        ),
        A("some", "council", "Nine social workers; two posts frozen in the council's savings plan."),
        (
            "joint",
            "high",
            "Fill the two Fellside Valley vacancies and agree a minimum of three social workers per "
            "CMHT in the s75 schedule.",
        ),
    ),
    Theme(
        ("forum",),
        A(
            "top",
            "council",
            "A monthly mental health social work forum in each council area, chaired by the "
            "Principal Social Worker; attendance about 70%.",
        ),
        A("some", "council", "A social work forum was started in 2025 but meets irregularly."),
        ("council", "medium", "Set a fixed monthly date for the social work forum and protect time to attend."),
    ),
    Theme(
        ("terms and conditions",),
        A(
            "some",
            "joint",
            "Seconded social workers are on council pay scales; nurses in the same teams are on "
            "Agenda for Change. Differences in leave and on-call pay cause friction.",
        ),
        A("some", "joint", "Differences in pay and on-call arrangements have not been discussed."),
        ("joint", "medium", "Compare terms and conditions across the teams and report to the Partnership Board."),
    ),
    Theme(
        ("personalities",),
        A(
            "good",
            "joint",
            "The s75 agreement and its schedules set out governance; they survived two changes of director.",
        ),
        A("some", "joint", "Arrangements depend on the Associate Director of Social Work, who has no deputy."),
        ("joint", "medium", "Write the governance arrangements into the secondment agreement."),
    ),
    Theme(
        ("leadership roles",),
        A("some", "trust", "Two social workers lead CMHTs; none in the Trust's senior leadership."),
        A("some", "trust", "One social worker leads a team."),
        ("trust", "medium", "Open the Trust's leadership programme to seconded social workers."),
    ),
    Theme(
        ("capabilities",),
        A("good", "council", "Each social worker has a CPD plan; AMHP refresher training funded by the councils."),
        A("good", "council", "CPD plans are in place; AMHP training funded by Westcombe."),
        ("council", "low", "Review CPD plans at the annual appraisal."),
    ),
    Theme(
        ("team working",),
        A("good", "trust", "Team away days twice a year; consultants attend."),
        A("good", "trust", "Weekly multi-disciplinary meetings in every team."),
        ("trust", "low", "Include professional roles in the agenda of the next team away days."),
    ),
    Theme(
        ("mutual understanding",),
        A("some", "trust", "Role clarity workshops held in two teams in 2025; not in Fellside Valley."),
        A("some", "trust", "No development work on roles since the 2019 changes."),
        ("trust", "medium", "Run a role clarity workshop in every CMHT, with consultants present."),
    ),
]

FALLBACK = Theme(
    (),
    A("good", "joint", "Discussed at the Joint Management Group; in place in most teams, with minutes as evidence."),
    A("some", "joint", "Partly in place; the partners have not yet agreed how to show evidence of it."),
    ("joint", "medium", "Agree the evidence for this standard and review it at the Joint Management Group."),
)


def theme_for(standard) -> Theme:
    text = f"{standard.title} {standard.text}".lower()
    for theme in THEMES:
        if any(word in text for word in theme.words):
            return theme
    return FALLBACK
