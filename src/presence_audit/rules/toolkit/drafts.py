"""Draft findings: severity from a base level and modifiers, and the reason that says why."""

from __future__ import annotations

import pandas as pd

from presence_audit import severity as sev
from presence_audit.rules import DRAFT_COLUMNS, empty_drafts

WEAK_EVIDENCE_NOTE = "needs review: only lexicon or classifier evidence, no listed entity or case"


def adjusted(applied: list[str]) -> str:
    """The "; severity adjusted: …" clause naming the modifiers that moved a level, or ""."""
    moved = [m for m in applied if m != "M-WEAK-EVIDENCE"]
    return "; severity adjusted: " + sev.describe(moved) if moved else ""


def draft(row: int, rule: str, base: str, mods: list[str], *, what: str, confidence: str,
          entity: str | None = None, evidence: list | None = None,
          explanation: dict | None = None, category: str | None = None,
          case_id: str | None = None, in_open_window: str = "") -> dict:
    """One draft finding: severity from ``base`` and ``mods`` (severity.apply), and a reason
    made of ``what`` (what matched) plus the modifiers that moved it.

    Lexicon- or classifier-only evidence (``M-WEAK-EVIDENCE`` in ``mods``) keeps confidence at
    most medium and says "needs review" (rules.md 1.4).
    """
    level, applied = sev.apply(base, list(dict.fromkeys(mods)))
    reason = what.rstrip(".") + adjusted(applied)
    if "M-WEAK-EVIDENCE" in applied:
        reason += "; M-WEAK-EVIDENCE: " + WEAK_EVIDENCE_NOTE
    if ("M-WEAK-EVIDENCE" in applied or explanation is not None) and confidence == "high":
        confidence = "medium"
    out = {"row": int(row), "rule": rule, "severity": level, "confidence": confidence,
           "entity": entity, "case_id": case_id, "in_open_window": in_open_window,
           "evidence": list(evidence or []), "reason": reason + ".", "modifiers": applied,
           "explanation": explanation}
    if category is not None:
        out["category"] = category
    return out


def frame_of(drafts: list[dict]) -> pd.DataFrame:
    """Drafts as a frame in ``DRAFT_COLUMNS`` order (plus ``category`` when any carries it)."""
    if not drafts:
        return empty_drafts()
    columns = list(DRAFT_COLUMNS) + (["category"] if any("category" in d for d in drafts)
                                     else [])
    return pd.DataFrame(drafts).reindex(columns=columns)
