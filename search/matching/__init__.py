"""Demand ↔ listing matching: `match_demand`, `match_listing` (see scoring.py for how a match is scored)."""

from .selectors import Match, match_demand, match_listing

__all__ = ["Match", "match_demand", "match_listing"]
