"""The profile: who is audited, their cases, the people and political entities to match.

Types only in this block; ``load_profile`` reads profile.toml and its CSVs (see README).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

ROLES = ("judge", "prosecutor")
PERSON_ROLES = ("party", "counsel", "witness", "victim", "expert", "juror", "judge", "other")


@dataclass(frozen=True)
class Handle:
    platform: str
    handle: str | None  # lower-case, without '@'; None when only an id is known
    account_id: str | None = None


@dataclass
class Subject:
    name: str
    role: str
    jurisdiction: str
    aliases: list[str] = field(default_factory=list)
    court: str | None = None
    timezone: str = "UTC"
    appointed: date | None = None
    handles: dict[str, str] = field(default_factory=dict)  # platform -> own handle or name


@dataclass
class Case:
    case_id: str
    caption: str
    court: str
    opened: date | None
    closed: date | None  # None = still pending
    parties: list[str] = field(default_factory=list)
    counsel: list[str] = field(default_factory=list)
    witnesses: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    sealed: bool = False
    line: int = 0  # line in cases.csv, for messages


@dataclass
class Person:
    """Someone to match: from people.csv, or a name listed in cases.csv."""

    name: str
    role: str
    case_ids: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    handles: list[Handle] = field(default_factory=list)
    origin: str = ""  # "people.csv line 4" / "cases.csv line 2"


@dataclass
class PoliticalEntity:
    entity: str
    kind: str  # party, candidate, official, pac, party_account, advocacy, …
    aliases: list[str] = field(default_factory=list)
    handles: list[Handle] = field(default_factory=list)
    origin: str = ""


@dataclass
class Policy:
    """Jurisdiction knobs of rules.md 1.2 and 4; defaults come from the jurisdiction profile."""

    appeal_window_days: int = 30
    impending_window_days: int = 0
    counsel_connection_policy: str = "disclose"  # prohibited | disclose | permitted
    like_weight: str = "weak"  # endorsement | weak | ignore
    party_membership: str = "private_ok"  # forbidden | private_ok
    prosecutor_political_mode: str = "judicial"  # judicial | elected | hatch_act
    protected_topics: list[str] = field(default_factory=list)
    title_visible_severity: str = "low"


@dataclass
class Suppression:
    fingerprint: str
    reason: str
    by: str
    date: date


@dataclass
class Profile:
    path: Path
    subject: Subject
    cases: list[Case]
    people: list[Person]  # people.csv rows merged with names from cases.csv
    political: list[PoliticalEntity]
    policy: Policy
    disabled_rules: set[str] = field(default_factory=set)
    severity_overrides: dict[str, str] = field(default_factory=dict)
    suppressions: list[Suppression] = field(default_factory=list)

    def case(self, case_id: str) -> Case | None:
        return next((c for c in self.cases if c.case_id == case_id), None)
