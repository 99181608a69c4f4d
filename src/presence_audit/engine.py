"""Run every enabled rule family once over the Activity frame and build the findings.

The engine knows no rule by name: it loads the catalog (``rules.load``), asks each registered
family for drafts, and hands them to ``findings.build``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from presence_audit import findings
from presence_audit import rules as rules_pkg
from presence_audit.failures import Failure, capture
from presence_audit.matching import resolve_counterparts
from presence_audit.rules import CATEGORIES, RuleContext, RuleSpec

if TYPE_CHECKING:
    from presence_audit.profile import Profile


def catalog() -> list[RuleSpec]:
    """Every registered rule, by category then id (for ``presence-audit rules``)."""
    specs = rules_pkg.load()
    return sorted(specs.values(), key=lambda s: (CATEGORIES.index(s.category)
                                                 if s.category in CATEGORIES else 99, s.id))


def active_rules(profile: Profile) -> set[str]:
    """Rules that apply: not disabled by the profile, and written for the subject's role."""
    specs = rules_pkg.load()
    role = profile.subject.role
    disabled = set(getattr(profile, "disabled_rules", set()) or set())
    return {rid for rid, spec in specs.items() if rid not in disabled and role in spec.roles}


def run_rules(activity: pd.DataFrame, profile: Profile,
              id_handles: dict[str, dict[str, str]] | None = None,
              failures: list[Failure] | None = None, *, resolved: bool = False,
              shared: dict | None = None) -> pd.DataFrame:
    """Findings (``findings_schema.FINDING_COLUMNS``) for ``activity`` against ``profile``.

    ``id_handles`` maps platform -> {account id: handle} pairs the archive itself revealed
    (X mentions and DMs), used to name id-only counterparts. With a ``failures`` list, a
    family that raises is recorded there as one ``Failure`` naming its active rules and the
    other families still run (the audit is then incomplete); without one, it raises.
    ``resolved``: the caller already named counterparts (``resolve_counterparts``), so the
    frame is used as is. ``shared``: a dict that receives the families' cache (the entity
    match table among it), so a report can reuse it instead of matching again.
    """
    specs = rules_pkg.load()
    active = active_rules(profile)
    frame = activity.reset_index(drop=True)
    if not resolved:
        frame = resolve_counterparts(frame, id_handles, profile)
    ctx = RuleContext(frame, profile, shared if shared is not None else {})
    drafts = []
    for rule_ids, detector in rules_pkg.DETECTORS:
        if not active.intersection(rule_ids):
            continue
        try:
            out = detector(ctx)
        except Exception as exc:  # one family's bug must not hide every other finding
            if failures is None:
                raise
            failures.append(capture("rule", [r for r in rule_ids if r in active], exc))
            continue
        if out is not None and len(out):
            drafts.append(out[out["rule"].isin(active)])
    drafts = [d for d in drafts if len(d)]
    if not drafts:
        return findings.empty()
    return findings.build(pd.concat(drafts, ignore_index=True), frame, specs, profile)
