"""Run every enabled rule family once over the Activity frame and build the findings.

The engine knows no rule by name: it loads the catalog (``rules.load``), asks each registered
family for drafts, and hands them to ``findings.build``.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from presence_audit import findings
from presence_audit import rules as rules_pkg
from presence_audit.failures import Failure, capture
from presence_audit.matching import resolve_counterparts
from presence_audit.rules import CATEGORIES, RuleContext, RuleSpec


def catalog() -> list[RuleSpec]:
    """Every registered rule, by category then id (for ``presence-audit rules``)."""
    specs = rules_pkg.load()
    return sorted(specs.values(), key=lambda s: (CATEGORIES.index(s.category)
                                                 if s.category in CATEGORIES else 99, s.id))


# What a rule may need beyond its record kinds (``RuleSpec.needs``), and why it cannot run
# without it. Each check reads the profile (people it lists) or the kinds the exports hold.
NEEDS: dict[str, tuple[Callable[[object, set[str]], bool], str]] = {
    "jurors": (lambda profile, kinds: any(p.role == "juror" for p in profile.people),
               "no juror or venire member is listed in people.csv"),
    "others_content": (lambda profile, kinds: False,
                       "not checkable in these exports: they do not carry others' comments, "
                       "posts or tags on the subject's pages"),
}


def not_applicable(spec: RuleSpec, profile: object, kinds: set[str]) -> str | None:
    """Why ``spec`` cannot fire for this profile and these record kinds; None when it can.

    The one applicability decision: the engine runs what it allows and the report lists the
    rest under "Rules that could not run" (rules.md 5: that list is not a certificate).
    """
    role = profile.subject.role
    if spec.id in set(getattr(profile, "disabled_rules", set()) or set()):
        return "disabled in the profile"
    if role not in spec.roles:
        return f"does not apply to the role {role}"
    for need in spec.needs:
        present, reason = NEEDS[need]
        if not present(profile, kinds):
            return reason
    if spec.kinds and not kinds & set(spec.kinds):
        return ("the exports hold none of the record kinds it reads ("
                + ", ".join(spec.kinds) + ")")
    return None


def kinds_of(activity: pd.DataFrame) -> set[str]:
    """The record kinds an Activity frame holds."""
    return set(activity["kind"].dropna().astype(str).unique())


def rules_not_run(specs: dict[str, RuleSpec], activity: pd.DataFrame, profile: object
                  ) -> list[tuple[str, str]]:
    """(rule id, why) for every rule that cannot fire on this input, in catalog order."""
    kinds = kinds_of(activity)
    return [(rid, why) for rid, spec in specs.items()
            if (why := not_applicable(spec, profile, kinds)) is not None]


def active_rules(profile: object, activity: pd.DataFrame) -> set[str]:
    """The rules that can fire on ``activity`` for ``profile`` (``not_applicable`` is None)."""
    kinds = kinds_of(activity)
    return {rid for rid, spec in rules_pkg.load().items()
            if not_applicable(spec, profile, kinds) is None}


def run_rules(activity: pd.DataFrame, profile: object,
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
    frame = activity.reset_index(drop=True)
    active = active_rules(profile, frame)
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
