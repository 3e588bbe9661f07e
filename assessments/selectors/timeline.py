"""Reading a partnership's integration timeline: its events by year, and who recorded, changed or removed them.

Two queries whatever the number of events; who may read is access.get_timeline_for's.
"""

from dataclasses import dataclass
from itertools import groupby

from ..models import RETREAT_KINDS, TimelineEvent

CHANGES_SHOWN = 20  # the latest changes to the timeline listed under it
CHANGE_WORDS = {"+": "recorded", "~": "changed", "-": "removed"}


@dataclass(frozen=True)
class TimelineYear:
    year: int
    events: list  # newest first
    retreats: int  # how many of them are steps away from integration (RETREAT_KINDS)


def is_retreat(event) -> bool:
    return event.kind in RETREAT_KINDS


def timeline_by_year(partnership) -> list[TimelineYear]:
    """The partnership's events newest first, grouped by the calendar year they happened in (one query)."""
    events = list(
        TimelineEvent.objects.filter(partnership=partnership)
        .select_related("recorded_by")
        .order_by("-happened_on", "-pk")
    )
    years = []
    for year, group in groupby(events, key=lambda e: e.happened_on.year):
        group = list(group)
        years.append(TimelineYear(year=year, events=group, retreats=sum(is_retreat(e) for e in group)))
    return years


def timeline_changes(partnership, limit: int = CHANGES_SHOWN) -> list:
    """The latest changes to the timeline (recorded, changed, removed), newest first, with who made them: one
    query. A removed event is found here only."""
    records = (
        TimelineEvent.history.filter(partnership_id=partnership.pk)
        .select_related("history_user")
        .order_by("-history_date", "-history_id")[:limit]
    )
    return [{"record": r, "what": CHANGE_WORDS.get(r.history_type, r.history_type)} for r in records]
