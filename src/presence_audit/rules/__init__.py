"""Rule families: each module registers its rules' metadata and one detector for the family.

The metadata (``RuleSpec``) is the single source for ``presence-audit rules``, the README
catalog and the report; the core finds families by importing every module in this package,
never by name.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

SEVERITIES = ("info", "low", "medium", "high", "critical")  # ascending
CATEGORIES = ("party", "case", "political", "demeanor", "commercial", "security", "research",
              "confidential")

# Columns a detector returns, one row per draft finding; findings.build adds the rest.
DRAFT_COLUMNS = ("row", "rule", "severity", "confidence", "entity", "case_id",
                 "in_open_window", "evidence", "reason", "modifiers", "explanation")


@dataclass(frozen=True)
class RuleSpec:
    id: str
    title: str
    category: str
    severity: str  # default, before modifiers
    roles: tuple[str, ...]
    kinds: tuple[str, ...]
    action: str  # remediation text shown with every finding
    remediation: tuple[str, ...]  # rules.md 1.5 vocabulary
    sources: tuple[str, ...]
    summary: str = ""
    example: str = ""  # a short example of what the rule flags
    not_detected: str = ""  # what the rule deliberately does not detect
    needs: tuple[str, ...] = ()  # beyond its kinds: engine.NEEDS keys, e.g. "jurors"


@dataclass
class RuleContext:
    """What detectors read: the Activity frame, the profile, and shared match results."""

    activity: pd.DataFrame
    profile: object  # presence_audit.profile.Profile
    shared: dict = field(default_factory=dict)  # cache, e.g. entity matches computed once


Detector = Callable[[RuleContext], pd.DataFrame]
SPECS: dict[str, RuleSpec] = {}
DETECTORS: list[tuple[tuple[str, ...], Detector]] = []


def family(*specs: RuleSpec) -> Callable[[Detector], Detector]:
    """Register a detector that may emit findings for any of ``specs``."""
    def wrap(fn: Detector) -> Detector:
        for spec in specs:
            if spec.id in SPECS:
                raise ValueError(f"rule {spec.id} registered twice")
            SPECS[spec.id] = spec
        DETECTORS.append((tuple(s.id for s in specs), fn))
        return fn
    return wrap


def load() -> dict[str, RuleSpec]:
    """Import every rule module in this package once; return the catalog."""
    for info in pkgutil.iter_modules(__path__):
        if not info.name.startswith("_") and not info.ispkg:  # ``toolkit`` is no family
            importlib.import_module(f"{__name__}.{info.name}")
    return SPECS


def empty_drafts() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in DRAFT_COLUMNS})
