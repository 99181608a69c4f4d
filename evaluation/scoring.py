"""Score findings against evaluation items: precision, recall and F1 per task and language.

One decision per (item, task): the item expects the task for some cases (a positive) or for
none (a negative). A finding counts for a task when its rule belongs to the task and its case
is one of the subject's own cases, or a case the item expects, or no case at all: a finding
on a colleague's case (``assigned = office``) ranks lower by design (rules.md) and is no
false alarm unless it is attributed to the wrong, own case.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

TASK_RULES: dict[str, frozenset[str]] = {
    "case_reference": frozenset({"CASE_REFERENCE", "PENDING_CASE_COMMENT"}),
    "party_connection": frozenset({"PARTY_CONNECTION", "COUNSEL_CONNECTION", "JUROR_CONTACT"}),
    "condemnation": frozenset({"PUBLIC_CONDEMNATION_OF_ACCUSED"}),
    "leak": frozenset({"CONFIDENTIAL_INFORMATION"}),
    "bias": frozenset({"BIAS_OR_DISCRIMINATION"}),
}
# Rules whose finding names the case it is about: a condemnation or a leak of case X shows the
# item was recognized as referring to X, as much as a CASE_REFERENCE does (the condemnation
# rule matches a defendant's surname alone, where CASE_REFERENCE wants a case noun too).
CASE_NAMING = TASK_RULES["case_reference"] | TASK_RULES["condemnation"] | TASK_RULES["leak"]
PERMITTED = "permitted"
TASKS = (*TASK_RULES, PERMITTED)
ABOVE_INFO = frozenset({"low", "medium", "high", "critical"})


@dataclass(frozen=True)
class Hit:
    """One finding on an item, reduced to what scoring needs."""

    rule: str
    case_id: str
    severity: str


@dataclass
class Outcome:
    """What happened to one item for one task."""

    item: dict
    task: str
    expected: frozenset[str]
    found: frozenset[str]
    tp: int = 0
    fp: int = 0
    fn: int = 0
    rules: tuple[str, ...] = ()


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    positives: int = 0
    items: int = 0

    def add(self, o: Outcome) -> None:
        self.tp, self.fp, self.fn = self.tp + o.tp, self.fp + o.fp, self.fn + o.fn
        self.positives += bool(o.expected)
        self.items += 1

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None:
            return None
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Scores:
    """Counts per (task, language) and (task, class), and every item outcome."""

    by_lang: dict[tuple[str, str], Counts] = field(default_factory=lambda: defaultdict(Counts))
    by_class: dict[tuple[str, str], Counts] = field(default_factory=lambda: defaultdict(Counts))
    outcomes: list[Outcome] = field(default_factory=list)


def tasks_of(items: list[dict]) -> list[str]:
    """The tasks the set measures: those some item expects, in catalog order."""
    wanted = {e["task"] for item in items for e in item.get("expect") or []}
    return [t for t in TASKS if t in wanted]


def score_item(item: dict, task: str, hits: list[Hit], own_cases: set[str]) -> Outcome:
    """Decide TP / FP / FN for one item and task."""
    expected = frozenset(e.get("case_id") or "" for e in item.get("expect") or []
                         if e["task"] == task)
    if task == PERMITTED:
        loud = tuple(h.rule for h in hits if h.severity in ABOVE_INFO)
        held = bool(expected) and not loud
        return Outcome(item, task, expected, frozenset(), tp=int(held),
                       fn=int(bool(expected) and not held), rules=loud)
    # a case the item is about under another task (a permitted statement's case, shown as an
    # info CASE_REFERENCE marked permitted; a leak's case) is no false case reference
    about = frozenset(e.get("case_id") or "" for e in item.get("expect") or []) - {""} \
        if task == "case_reference" else frozenset()
    rules = CASE_NAMING if task == "case_reference" and expected else TASK_RULES[task]
    mine = [h for h in hits if h.rule in rules
            and (not h.case_id or h.case_id in own_cases or h.case_id in expected)]
    found = frozenset(h.case_id for h in mine)
    outcome = Outcome(item, task, expected, found, rules=tuple(sorted({h.rule for h in mine})))
    if expected:
        hit = bool(found & expected) or ("" in expected and bool(found))
        outcome.tp, outcome.fn = int(hit), int(not hit)
        wrong = found - expected - about - {""}
        outcome.fp = int(bool(wrong) and "" not in expected)
    else:
        outcome.fp = int(bool(found - about) or ("" in found and not about))
    return outcome


def score(items: list[dict], hits: dict[str, list[Hit]], own_cases: dict[str, set[str]],
          tasks: list[str]) -> Scores:
    """Score every item for every measured task; ``own_cases`` is per profile."""
    scores = Scores()
    for item in items:
        for task in tasks:
            o = score_item(item, task, hits.get(item["id"], []),
                           own_cases.get(item["profile"], set()))
            if task == PERMITTED and not o.expected:
                continue  # only items that claim to be permitted are measured
            scores.outcomes.append(o)
            for lang in ("all", item["lang"]):
                scores.by_lang[(task, lang)].add(o)
            scores.by_class[(task, item["class"])].add(o)
    return scores
