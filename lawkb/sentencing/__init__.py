"""Sentence ranges for digital sex crimes: statutory range -> disposable range -> guideline range -> prosecution demand, traced.

Every rule and number comes from the knowledge base: penalties from the article records, the Criminal Act's
general numbers from its article texts (criminal_act.CRIMINAL_ACT_NUMBERS holds the fallbacks), the
guideline's rules from the guideline record's rules[].params, and demands from the directive records.
"""

from __future__ import annotations

from .request import PENALTY_TYPES, SentenceRequest
from .statutory import STATUTORY_GROUNDS
from .worksheet import Branch, Worksheet, compute_worksheet

__all__ = ["PENALTY_TYPES", "STATUTORY_GROUNDS", "Branch", "SentenceRequest", "Worksheet", "compute_worksheet"]
