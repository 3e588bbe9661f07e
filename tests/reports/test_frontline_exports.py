"""The frontline pulse in the downloads: the responses CSV and XLSX carry a `frontline` column group, and the action
plan PDF a line on each standard with a statement and the number of perception gaps in its summary.

The Mersey draft has a statement on each practice standard (S1 to S6), none on the principles (P1, P2). Tara, the
trust's lead, opens a pulse and hands out codes. Below five answers nothing of the pulse shows; from five, each
statement's figures show where at least five gave an answer other than "don't know". In `six` S1 is rated fully
met while only two of six agree (a perception gap), and four of the six said "don't know" to S2, so S2 is not
shown. The frontline's comments are in no download, withheld or not. Manny, a manager at a council, may read
everything and change nothing, so he downloads.
"""

import io
import zipfile

import pdfua
import pytest

from assessments.access import get_assessment_for
from assessments.models import Assessment, PulseChoice, Status
from assessments.scoring import PerceptionGap
from assessments.selectors.pulse import pulse_results
from assessments.services import pulse as pulse_service
from reports.pdf import cache_key, stored_pdf
from reports.spreadsheets import FRONTLINE, RESPONSES
from tests.assessments.pulse_helpers import answer_with_codes, lead_membership, open_pulse, rate
from tests.assessments.service_helpers import drive_to

from .partner_view_helpers import pdftotext, squash
from .spreadsheet_helpers import csv_rows, sheet_dicts, xlsx_book
from .test_partner_views_pdf import download as download_pdf

FRONTLINE_NOT_SHOWN = "fewer than 5 answers: not shown"  # the words, with the default threshold

pytestmark = pytest.mark.django_db

HEADINGS = [c.heading for c in FRONTLINE]
NAMED = "Ask Sam, the only AMHP on nights."  # withheld by the leads
MONTHLY = "Supervision here is monthly and good."  # not withheld: still in no download
EARLY = "Too early to say, Priya."  # given below five answers
PRACTICE = ["S1", "S2", "S3", "S4", "S5", "S6"]
SHOWN = ["S1", "S3", "S4", "S5", "S6"]  # in `six`: S2 had four "don't know"s
ORDER = ["P1", "P2", "S1", "S3", "S5", "S2", "S4", "S6"]  # the PDF's order: by domain, then source order


@pytest.fixture
def pulse(assessment, trust_lead, statements):
    return open_pulse(assessment, trust_lead)


@pytest.fixture
def four(pulse, trust_lead):
    """Four answers, one with a comment: below the threshold for the pulse's results."""
    answer_with_codes(pulse, trust_lead, 3)
    answer_with_codes(pulse, trust_lead, 1, comment=EARLY)
    return pulse.assessment


@pytest.fixture
def six(pulse, trust_lead):
    """Six answers, the pulse closed and one comment withheld. S1 rated fully met: 2 agree, 4 disagree (a gap);
    S2: 2 agree, 4 don't know (not shown); S3 to S6: 2 agree, 4 neither."""
    assessment = pulse.assessment
    rate(assessment, "S1", "fully-met", trust_lead)
    answer_with_codes(pulse, trust_lead, 2, comment=MONTHLY)
    dont_know = {"S1": PulseChoice.DISAGREE, "S2": PulseChoice.DONT_KNOW}
    answer_with_codes(pulse, trust_lead, 3, choice=PulseChoice.NEUTRAL, choices=dont_know)
    answer_with_codes(pulse, trust_lead, 1, choice=PulseChoice.NEUTRAL, choices=dont_know, comment=NAMED)
    membership = lead_membership(trust_lead, assessment)
    pulse_service.pulse_close(membership=membership, pulse=pulse)
    [named] = [pk for pk, text in pulse_results(assessment, with_comments=True).comments if text == NAMED]
    pulse_service.comment_withhold(membership=membership, assessment=assessment, reply_id=named)
    return assessment


def frontline(row: dict) -> list:
    return [row[h] for h in HEADINGS]


def by_code(rows):
    return {r["Standard"]: r for r in rows}


def sheet_by_code(book) -> dict[str, dict]:
    """The responses sheet's rows as {heading: value}, by standard code."""
    rows = [{h: cell.value for h, cell in row.items()} for row in sheet_dicts(book.active)]
    return {row["Standard"]: row for row in rows}


def xlsx_text(body: bytes) -> str:
    """Every part of the workbook as text, its shared strings and properties included."""
    with zipfile.ZipFile(io.BytesIO(body)) as book:
        return "".join(book.read(name).decode("utf-8") for name in book.namelist())


def test_the_frontline_group_follows_the_rating_and_is_there_only_with_a_pulse(client, manager, assessment, four):
    header, _ = csv_rows(client, manager, assessment, "responses")
    rating = header.index("Rating")
    assert header[rating + 1 : rating + 1 + len(HEADINGS)] == HEADINGS
    assert [h for h in header if h not in HEADINGS] == [c.heading for c in RESPONSES]

    four.pulse.delete()
    header, _ = csv_rows(client, manager, assessment, "responses")
    assert header == [c.heading for c in RESPONSES]


def test_where_the_partners_rate_first_the_frontline_group_follows_the_agreed_rating(
    client, manager, split_assessment, trust_lead, statements
):
    open_pulse(split_assessment, trust_lead)
    header, rows = csv_rows(client, manager, split_assessment, "responses")
    agreed = header.index("Why we agreed this")
    assert header[agreed + 1 : agreed + 1 + len(HEADINGS)] == HEADINGS
    assert frontline(by_code(rows)["S1"]) == [FRONTLINE_NOT_SHOWN, "", "", "", ""]


def test_below_five_answers_every_statement_says_not_shown_in_the_csv_and_xlsx(client, manager, four):
    header, rows = csv_rows(client, manager, four, "responses")
    book, body = xlsx_book(client, manager, four, "responses")
    sheet_rows = sheet_by_code(book)
    for code, row in by_code(rows).items():
        sheet = [sheet_rows[code][h] for h in HEADINGS]
        if code in PRACTICE:
            assert frontline(row) == [FRONTLINE_NOT_SHOWN, "", "", "", ""], code
            assert sheet == [FRONTLINE_NOT_SHOWN, None, None, None, None], code
        else:  # no statement
            assert frontline(row) == [""] * 5, code
            assert sheet == [None] * 5, code
    csv_body = "".join(",".join(r.values()) for r in rows)
    assert "Priya" not in csv_body and "Priya" not in xlsx_text(body)


def test_from_five_answers_the_csv_and_xlsx_carry_the_shares_counts_and_perception_gap(client, manager, six):
    results = pulse_results(six)
    _, rows = csv_rows(client, manager, six, "responses")
    book, body = xlsx_book(client, manager, six, "responses")
    rows, sheet_rows = by_code(rows), sheet_by_code(book)

    assert frontline(rows["S1"]) == ["33", "0", "67", "6", PerceptionGap.LEADS_HIGHER.label]
    assert frontline(rows["S3"]) == ["33", "67", "0", "6", ""]  # not rated: no gap
    assert frontline(rows["S2"]) == [FRONTLINE_NOT_SHOWN, "", "", "", ""]  # only two gave an answer
    assert frontline(rows["P1"]) == frontline(rows["P2"]) == [""] * 5
    standard_ids = dict(six.responses.values_list("standard__code", "standard_id"))
    for code in PRACTICE:  # as pages read them: selectors.pulse
        cell = results.for_standard(standard_ids[code])
        expected = [*cell.columns(), cell.gap.label if cell.gap else ""]
        assert frontline(rows[code]) == [str(v) for v in expected], code
        assert [sheet_rows[code][h] for h in HEADINGS] == [v if v != "" else None for v in expected], code
    csv_body = "".join(",".join(r.values()) for r in rows.values())
    for comment in (NAMED, MONTHLY):
        assert comment[:12] not in csv_body and comment[:12] not in xlsx_text(body)


def test_everyone_who_may_download_may_see_the_pulse(
    assessment, pulse, leads, trust_lead, council_lead, contributor, manager, officer
):
    """The downloads are one document for all who may have them: each of them may see the pulse's results."""
    for person in (trust_lead, council_lead, contributor, manager):
        assert get_assessment_for(person, assessment.pk)[1].can_see_pulse, person
    sent = drive_to(assessment, Status.SUBMITTED, leads=leads, officer=officer)
    assert get_assessment_for(officer, sent.pk)[1].can_see_pulse


def test_the_pdf_says_not_shown_below_five_answers(client, manager, four):
    text = pdftotext(download_pdf(client, manager, four))
    flat = squash(text)
    summary = flat[flat.find(squash("The frontline pulse")) : flat.find(squash("Scores over time"))]
    assert squash(f"The pulse's results: {FRONTLINE_NOT_SHOWN}.") in summary
    assert "answers." not in summary  # not even how many
    blocks = standards(text)
    for code in PRACTICE:
        assert squash(f"{FRONTLINE_NOT_SHOWN}.") in blocks[code], code
        assert "%agree" not in blocks[code], code
    for code in ("P1", "P2"):
        assert "Thefrontline" not in blocks[code], code
    assert "Priya" not in text


def test_from_five_answers_the_pdf_shows_figures_and_gaps_and_its_cache_moves_with_the_pulse(
    client, manager, trust_lead, six, tmp_path
):
    body = download_pdf(client, manager, six)
    text = pdftotext(body)
    flat = squash(text)
    summary = flat[flat.find(squash("The frontline pulse")) : flat.find(squash("Scores over time"))]
    assert squash("6 answers. 1 perception gap: S1.") in summary
    blocks = standards(text)
    assert squash("6 answers: 33% agree, 0% neither, 67% disagree.") in blocks["S1"]
    assert squash(f"Perception gap: {PerceptionGap.LEADS_HIGHER.label}.") in blocks["S1"]
    for code in ("S3", "S4", "S5", "S6"):
        assert squash("6 answers: 33% agree, 67% neither, 0% disagree.") in blocks[code], code
        assert "Perceptiongap" not in blocks[code], code
    assert squash(FRONTLINE_NOT_SHOWN) in blocks["S2"]
    for comment in (NAMED, MONTHLY):
        assert squash(comment)[:12] not in flat
    path = tmp_path / "six.pdf"
    path.write_bytes(body)
    report = pdfua.validate(str(path))
    assert report.count_by_severity().get(pdfua.Severity.ERROR, 0) == 0, [f.message for f in report.findings]

    # An answer does not move the revision: the key does, so the stored PDF is not served as it stands.
    six = Assessment.objects.get(pk=six.pk)
    before = cache_key(six)
    assert stored_pdf(six) == body
    reopened = six.pulse
    reopened.closed_on = None
    reopened.save(update_fields=["closed_on"])
    opened = cache_key(six)
    answer_with_codes(reopened, trust_lead, 1)
    assert len({before, opened, cache_key(six)}) == 3
    assert Assessment.objects.get(pk=six.pk).revision == six.revision
    assert stored_pdf(six) is None


def standards(text: str) -> dict[str, str]:
    """Each standard's part of "Every standard", squashed, by code: from its heading to the next one's."""
    flat = squash(text)
    section = flat[flat.find(squash("Every standard Principles")) : flat.find(squash("The partnership and its teams"))]
    heads = [squash(f"{code} {'Principle' if code.startswith('P') else 'Practice'} {code[1:]}") for code in ORDER]
    starts = [section.find(h) for h in heads]
    assert -1 not in starts and starts == sorted(starts), starts
    ends = [*starts[1:], len(section)]
    return {code: section[start:end] for code, start, end in zip(ORDER, starts, ends, strict=True)}
