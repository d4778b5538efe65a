"""Comparing law over time: versions and bills side by side with word and penalty deltas, bills, and timelines.

Modules, each importing only those above it: dates, words, delta, table, law, paragraphs, target, articles,
bill_records, bills, dispatch, scope, events. This package re-exports what the commands, renderers and tests use.
"""

from .bill_records import bill_as_dict, list_bills
from .bills import bill_cells
from .dates import period_of
from .delta import PenaltyDelta, penalty_delta
from .dispatch import diff
from .events import Event, Timeline, timeline
from .paragraphs import MOVED_MIN
from .scope import timeline_scope
from .table import Cell, Column, Comparison, Row, Section, in_force_marker
from .words import Segment, same_text, similarity, tokenize, word_diff

__all__ = [
    "MOVED_MIN",
    "Cell",
    "Column",
    "Comparison",
    "Event",
    "PenaltyDelta",
    "Row",
    "Section",
    "Segment",
    "Timeline",
    "bill_as_dict",
    "bill_cells",
    "diff",
    "in_force_marker",
    "list_bills",
    "penalty_delta",
    "period_of",
    "same_text",
    "similarity",
    "timeline",
    "timeline_scope",
    "tokenize",
    "word_diff",
]
