"""Severity arithmetic: rules.md 1.1 levels, 1.3 modifiers, clamping to ``info…critical``.

A detector computes a base level per draft, then the modifiers that apply; ``apply`` moves
the level step by step, clamps it, and returns the ids applied so the report can name them.
Besides the 1.3 ids, two rule-text steps are recorded the same way: ``W-POSSIBLE`` (window
only *possibly* open, rules.md 1.2) and ``R-WITNESS`` (witness/expert one step below a party).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from presence_audit.rules import SEVERITIES

REPEAT_DAYS = 90  # M-REPEAT: three acts toward one named counterpart within this many days

MODIFIERS: dict[str, tuple[int, str]] = {
    "M-PRIOR": (-1, "the connection predates the case and shows no interaction during it"),
    "M-WEAK-ACT": (-1, "a like/reaction or a page follow is a weak act"),
    "M-TITLED": (+1, "the account shows the office"),
    "M-REPEAT": (+1, "three or more acts toward the same named counterpart within "
                         f"{REPEAT_DAYS} days"),
    "M-PRE-OFFICE": (-1, "the act predates the subject's appointment"),
    "M-OFFICIAL": (-1, "the content explains procedure or defends judicial independence"),
    "M-WEAK-EVIDENCE": (0, "only lexicon evidence, capped at medium and needs review"),
    "W-POSSIBLE": (-1, "the case was only possibly pending when the act happened"),
    "R-WITNESS": (-1, "a witness or expert ranks one step below a party"),
    "R-OFFICE-CASE": (-1, "the case is a colleague's, not one the subject handles"),
    "R-LITIGANT": (+1, "the candidate or party is also a litigant in a pending case of the "
                       "subject"),
    "P-HATCH-ACT": (-2, "Hatch Act profile: off-duty partisan expression by a federal "
                        "prosecutor is allowed (not on duty or from an official account)"),
}
CAP_MEDIUM = ("M-WEAK-EVIDENCE",)


def rank(severity: str) -> int:
    """Position of ``severity`` in ``SEVERITIES`` (info = 0 … critical = 4)."""
    return SEVERITIES.index(severity)


def step(severity: str, steps: int) -> str:
    """Move ``steps`` levels (negative = down), clamped to info…critical."""
    return SEVERITIES[int(np.clip(rank(severity) + steps, 0, len(SEVERITIES) - 1))]


def apply(base: str, modifiers: Iterable[str]) -> tuple[str, list[str]]:
    """Apply modifier ids to ``base``; returns the level and the ids that were applied."""
    applied = [m for m in modifiers if m in MODIFIERS]
    level = rank(base) + sum(MODIFIERS[m][0] for m in applied)
    if any(m in CAP_MEDIUM for m in applied):
        level = min(level, rank("medium"))
    return SEVERITIES[int(np.clip(level, 0, len(SEVERITIES) - 1))], applied


def apply_many(bases: Sequence[str], modifiers: Sequence[Sequence[str]]) -> list[str]:
    """``apply`` over aligned columns, vectorized on the step arithmetic."""
    if not len(bases):
        return []
    index = {s: i for i, s in enumerate(SEVERITIES)}
    level = np.array([index[b] for b in bases], dtype=int)
    delta = np.array([sum(MODIFIERS[m][0] for m in mods if m in MODIFIERS)
                      for mods in modifiers], dtype=int)
    cap = np.array([any(m in CAP_MEDIUM for m in mods) for mods in modifiers], dtype=bool)
    level = np.clip(level + delta, 0, len(SEVERITIES) - 1)
    level = np.where(cap, np.minimum(level, index["medium"]), level)
    return [SEVERITIES[i] for i in level]


def describe(modifiers: Iterable[str]) -> str:
    """Reason fragment naming each applied modifier, e.g. "M-PRIOR: the connection …"."""
    parts = [f"{m} ({MODIFIERS[m][1]})" for m in modifiers if m in MODIFIERS]
    return "; ".join(parts)


def shift_to_override(severities: pd.Series, default: str, override: str) -> pd.Series:
    """Move every level by the distance between the rule default and the profile override.

    The profile overrides a rule's *default* (rules.md 1.1); findings that the rule placed
    above or below its default keep that distance.
    """
    delta = rank(override) - rank(default)
    return severities.map(lambda s: step(s, delta))
