"""The demo partnerships' integration timelines: a few dated events each, recorded by their leads.

Northshire's is the story of an agreement kept: signed in 2014 (world.PARTNERSHIPS' agreement start), a
principal social worker appointed, renewed, and varied in 2026 to write monthly supervision into its schedule
(year_stories.py). Dartvale's is seed 004's retreat from integration: Westcombe gave notice on its section 75
agreement, then varied it instead, and later ended it, withdrawing its social workers to council management with
"little or no consultation"; this year a social work post went to a support worker (years.py, seed 003).
Each is recorded by one of the partnership's governance leads through services.timeline, as on the timeline
page, and found again by its partnership, kind and date, so a second run adds none.
"""

from dataclasses import dataclass
from datetime import date

from ..models import Consulted, Partnership, TimelineEvent, TimelineKind
from ..services.timeline import EventData, timeline_event_record

YES, NO, NOT_KNOWN = Consulted.YES, Consulted.NO, Consulted.NOT_KNOWN


@dataclass(frozen=True)
class Happened:
    kind: str
    on: date
    decided_by: str
    consulted: str
    note: str
    by: str  # who recorded it (world.PEOPLE key)


TIMELINE = {
    "northshire": [
        Happened(
            TimelineKind.S75_SIGNED,
            date(2014, 4, 1),
            "The Trust Board and the cabinets of Northshire and Fellside councils",
            YES,
            "A section 75 agreement with a pooled budget for adult community mental health services; the councils' "
            "social workers seconded to the Trust's CMHTs, AMHP services kept by each council.",
            "trust_lead",
        ),
        Happened(
            TimelineKind.PSW_APPOINTED,
            date(2015, 6, 1),
            "Northshire County Council",
            NOT_KNOWN,
            "Fiona Barker appointed Northshire's first Principal Social Worker for adults; she chairs the "
            "partnership's social work forum.",
            "northshire_lead",
        ),
        Happened(
            TimelineKind.S75_RENEWED,
            date(2024, 4, 1),
            "The Section 75 Partnership Board",
            YES,
            "Renewed for five more years after a review with staff, the unions and people who use the services.",
            "trust_lead",
        ),
        Happened(
            TimelineKind.S75_VARIED,
            date(2026, 8, 12),
            "The Section 75 Partnership Board",
            YES,
            "The schedule now requires monthly professional supervision from a qualified social worker for every "
            "social worker, audited each quarter (the action on BASW's query about Fellside Valley CMHT).",
            "fellside_lead",
        ),
    ],
    "dartvale": [
        Happened(
            TimelineKind.S75_SIGNED,
            date(2009, 4, 1),
            "Dartvale's Trust Board and Westcombe Council's cabinet",
            YES,
            "A section 75 agreement delegating the council's mental health social care to the Trust.",
            "westcombe_lead",
        ),
        Happened(
            TimelineKind.S75_NOTICE,
            date(2016, 10, 3),
            "Westcombe Council's cabinet, in its savings plan",
            NO,
            "Twelve months' notice given; social workers heard of it from the council's budget papers.",
            "westcombe_lead",
        ),
        Happened(
            TimelineKind.S75_VARIED,
            date(2017, 9, 1),
            "Westcombe Council's cabinet and Dartvale's Trust Board",
            YES,
            "The notice withdrawn: the agreement varied instead, the AMHP service returning to the council.",
            "westcombe_lead",
        ),
        Happened(
            TimelineKind.S75_ENDED,
            date(2019, 9, 30),
            "Westcombe Council's cabinet",
            NO,
            "Ended at the council's request; a secondment agreement took its place the next day.",
            "westcombe_lead",
        ),
        Happened(
            TimelineKind.WITHDRAWN,
            date(2019, 10, 1),
            "Westcombe Council",
            NO,
            "Social workers withdrawn to the council's management, still placed in the Trust's CMHTs under the "
            "secondment agreement; their line management split between the Trust's team managers and the council.",
            "westcombe_lead",
        ),
        Happened(
            TimelineKind.RESTRUCTURED,
            date(2026, 7, 1),
            "Westcombe Council, in its savings plan",
            NO,
            "When a social worker in Dartvale North CMHT retired, her post was turned into a support worker's.",
            "dartvale_lead",
        ),
    ],
}


def ensure_timeline(partnerships: dict[str, Partnership], people: dict) -> list[TimelineEvent]:
    made = []
    for key, events in TIMELINE.items():
        partnership = partnerships[key]
        for happened in events:
            if TimelineEvent.objects.filter(partnership=partnership, kind=happened.kind, happened_on=happened.on):
                continue
            made.append(_record(partnership, happened, people[happened.by]))
    return made


def _record(partnership: Partnership, happened: Happened, actor) -> TimelineEvent:
    data = EventData(
        kind=happened.kind,
        happened_on=happened.on,
        decided_by=happened.decided_by,
        staff_consulted=happened.consulted,
        note=happened.note,
    )
    return timeline_event_record(partnership=partnership, actor=actor, data=data)
