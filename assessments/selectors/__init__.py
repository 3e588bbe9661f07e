"""Reads reused by several pages, each a fixed number of queries whatever the data size."""

from .assessment import (
    last_signoff_clearance,
    neighbours,
    overview,
    responses_with_detail,
    signoff_status,
    submission_problems,
    with_neighbours,
)
from .dashboard import dashboard_items
from .review import latest_return, not_agreed, queried, review_queue, review_row, review_rows, team_summary

__all__ = [
    "dashboard_items",
    "last_signoff_clearance",
    "latest_return",
    "neighbours",
    "not_agreed",
    "overview",
    "queried",
    "responses_with_detail",
    "review_queue",
    "review_row",
    "review_rows",
    "signoff_status",
    "submission_problems",
    "team_summary",
    "with_neighbours",
]
