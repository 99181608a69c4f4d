"""Built-in jurisdiction profiles: the policy knobs of rules.md section 4, per legal system.

Detection stays the same everywhere; what differs between systems is how severe a finding is,
so each profile only sets ``Policy`` defaults. A profile's ``[policy]`` table overrides them.
Appeal windows are conservative readings of each system's ordinary appeal deadline [M]:
a longer window keeps a case "open" longer, which errs on the side of flagging.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from presence_audit.rules import SEVERITIES

# Allowed values of the enumerated knobs (rules.md 4); integers and lists are checked by type.
KNOB_CHOICES: dict[str, tuple[str, ...]] = {
    "counsel_connection_policy": ("prohibited", "disclose", "permitted"),
    "like_weight": ("endorsement", "weak", "ignore"),
    "party_membership": ("forbidden", "private_ok"),
    "prosecutor_political_mode": ("judicial", "elected", "hatch_act"),
    "title_visible_severity": SEVERITIES,
}
INT_KNOBS = ("appeal_window_days", "impending_window_days")

_BASE_TOPICS = ("judicial independence", "rule of law", "administration of justice",
                "access to justice", "court funding")


@dataclass(frozen=True)
class Jurisdiction:
    name: str
    description: str
    country: str | None  # selects the bundled political list (data/political_<country>.csv)
    defaults: dict[str, object] = field(default_factory=dict)


def _j(name: str, description: str, country: str | None, **knobs: object) -> Jurisdiction:
    knobs.setdefault("protected_topics", list(_BASE_TOPICS))
    return Jurisdiction(name, description, country, knobs)


JURISDICTIONS: dict[str, Jurisdiction] = {j.name: j for j in (
    _j("US-model", "ABA Model Code of Judicial Conduct (2007, as amended); counsel "
       "connections allowed with care and disclosure (ABA Formal Ops. 462, 488).", "US",
       appeal_window_days=30, counsel_connection_policy="disclose", like_weight="weak",
       party_membership="private_ok", prosecutor_political_mode="judicial",
       title_visible_severity="low"),
    _j("US-FL", "Florida Code of Judicial Conduct; JEAC 2009-20 and 2010-06: no social-media "
       "'friendship' with lawyers who may appear (Herssein, Fla. 2018: not alone a ground "
       "for disqualification).", "US",
       appeal_window_days=30, counsel_connection_policy="prohibited", like_weight="weak",
       party_membership="private_ok", prosecutor_political_mode="judicial",
       title_visible_severity="low"),
    _j("US-CA", "California Code of Judicial Ethics; Cal. Judges Ass'n Op. 66: no online "
       "connection with counsel in pending matters; Op. 78 on 'likes'.", "US",
       appeal_window_days=60, counsel_connection_policy="prohibited", like_weight="weak",
       party_membership="private_ok", prosecutor_political_mode="judicial",
       title_visible_severity="low"),
    _j("US-MA", "Massachusetts Code of Judicial Conduct; CJE Ops. 2011-6 and 2016-01: no "
       "online connection with lawyers who may appear.", "US",
       appeal_window_days=30, counsel_connection_policy="prohibited", like_weight="weak",
       party_membership="private_ok", prosecutor_political_mode="judicial",
       title_visible_severity="low"),
    _j("US-federal", "Code of Conduct for United States Judges; Hatch Act limits for federal "
       "prosecutors.", "US",
       appeal_window_days=30, counsel_connection_policy="disclose", like_weight="weak",
       party_membership="private_ok", prosecutor_political_mode="hatch_act",
       title_visible_severity="low"),
    _j("UK-EW", "England and Wales: Guide to Judicial Conduct; 2012 blogging guidance "
       "(do not identify as a judge online).", "UK",
       appeal_window_days=28, counsel_connection_policy="disclose", like_weight="weak",
       party_membership="forbidden", prosecutor_political_mode="judicial",
       title_visible_severity="medium"),
    _j("IT", "Italy: Const. art. 98(3), D.Lgs. 109/2006 (systematic party participation is "
       "a disciplinary offence for judges and PMs), D.Lgs. 188/2021 on press statements.", "IT",
       appeal_window_days=180, counsel_connection_policy="disclose", like_weight="weak",
       party_membership="forbidden", prosecutor_political_mode="judicial",
       title_visible_severity="low",
       protected_topics=[*_BASE_TOPICS, "indipendenza della magistratura", "stato di diritto",
                         "giustizia"]),
    _j("BR", "Brazil: CNJ Resolution 305/2019 (no party-political activity; educational "
       "use encouraged).", "BR",
       appeal_window_days=30, counsel_connection_policy="disclose", like_weight="weak",
       party_membership="forbidden", prosecutor_political_mode="judicial",
       title_visible_severity="low",
       protected_topics=[*_BASE_TOPICS, "independência judicial", "estado de direito"]),
    _j("INTL", "Bangalore Principles of Judicial Conduct and UNODC guidance only.", None,
       appeal_window_days=30, counsel_connection_policy="disclose", like_weight="weak",
       party_membership="private_ok", prosecutor_political_mode="judicial",
       title_visible_severity="low"),
)}

# Countries with a bundled political list in presence_audit/data/.
BUNDLED_POLITICAL = ("US", "UK", "IT")


def get(name: str) -> Jurisdiction:
    """The built-in profile called ``name``; ``KeyError`` names the known ones."""
    try:
        return JURISDICTIONS[name]
    except KeyError:
        raise KeyError(f"unknown jurisdiction {name!r}; known: {', '.join(JURISDICTIONS)}") \
            from None


def political_list(name: str) -> str | None:
    """File name of the bundled political list for jurisdiction ``name``, or None."""
    country = get(name).country
    return f"political_{country}.csv" if country in BUNDLED_POLITICAL else None
