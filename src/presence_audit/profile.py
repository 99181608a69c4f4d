"""The profile: who is audited, their cases, the people and political entities to match.

The dataclasses come first; ``load_profile`` reads profile.toml and its CSVs, checks every
value and raises ``ProfileError`` naming the file, line and field of the first problem, so a
typo never silently switches a setting off.

The optional ``[security]`` table feeds PERSONAL_SECURITY_EXPOSURE (rules.md 6.7):
``home_addresses`` (home, family and second addresses to look for), ``allowed_addresses``
(the courthouse or office: public, never a finding), ``school_names`` (children's schools,
teams) and ``region`` (ISO 3166 code such as "US" or "IT" for reading phone numbers without
a +country prefix; default: the jurisdiction's country). Unknown keys are errors.
"""

from __future__ import annotations

import csv
import difflib
import importlib.resources
import io
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from presence_audit import handles as handle_forms
from presence_audit import jurisdictions
from presence_audit import rules as rule_catalog
from presence_audit.errors import ProfileError
from presence_audit.handles import Handle
from presence_audit.rules import SEVERITIES
from presence_audit.textnorm import normalize

ROLES = ("judge", "prosecutor")
PERSON_ROLES = ("party", "counsel", "witness", "victim", "expert", "juror", "judge", "other")


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
    own_handles: list[Handle] = field(default_factory=list)  # the same, with account ids


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
    # own: the subject handles it (default); office: a colleague's case in the same court or
    # office, listed so comments on it are caught at their lower rules.md level
    assigned: str = "own"
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
    unverified_domains: list[str] = field(default_factory=list)  # UNVERIFIED_CONTENT_SHARING


@dataclass
class Security:
    """Profile ``[security]``: addresses and names whose appearance exposes the subject."""

    home_addresses: list[str] = field(default_factory=list)
    allowed_addresses: list[str] = field(default_factory=list)  # courthouse, office
    school_names: list[str] = field(default_factory=list)
    region: str | None = None  # phonenumbers region; None = jurisdiction country


@dataclass
class Suppression:
    fingerprint: str
    reason: str
    by: str
    date: date
    rule: str | None = None  # optional: the finding's rule, so the entry reads on its own


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
    security: Security = field(default_factory=Security)
    report_lang: str | None = None  # [report] lang; --lang wins
    models_dir: Path | None = None  # [classifiers] models: retrained by `presence-audit train`

    def case(self, case_id: str) -> Case:
        """The listed case ``case_id`` (detectors only ask for ids taken from the case list)."""
        found = next((c for c in self.cases if c.case_id == case_id), None)
        if found is None:
            raise KeyError(f"case {case_id!r} is not in the case list")
        return found

    @property
    def tz(self) -> ZoneInfo:
        """The subject's time zone: case dates in cases.csv are local dates there."""
        return ZoneInfo(self.subject.timezone)

    @property
    def jurisdiction(self) -> jurisdictions.Jurisdiction:
        return jurisdictions.get(self.subject.jurisdiction)


# --------------------------------------------------------------------------- loading

# discriminatory: organizations practising invidious discrimination; secret: secret or
# oath-bound associations (ADVOCACY_GROUP_MEMBERSHIP (c) and (d), rules.md)
POLITICAL_KINDS = ("party", "party_account", "candidate", "official", "pac", "campaign",
                   "advocacy", "discriminatory", "secret")
DISPLAY_NAME_PLATFORMS = ("facebook",)  # exports name Facebook accounts by display name
CASE_COLUMNS = ("case_id", "caption", "court", "opened", "closed", "parties", "counsel",
                "witnesses")
CASE_OPTIONAL = ("keywords", "sealed", "assigned")
ASSIGNED = ("own", "office")
PEOPLE_COLUMNS = ("name", "role")
PEOPLE_OPTIONAL = ("aliases", "case_id", "handles")
POLITICAL_COLUMNS = ("entity", "kind")
POLITICAL_OPTIONAL = ("aliases", "handles")

_TOP_KEYS = ("subject", "data", "policy", "rules", "suppress", "security", "report",
             "classifiers")
_REPORT_KEYS = ("lang",)
_CLASSIFIER_KEYS = ("models",)
_LANG = re.compile(r"^[a-z]{2}$")  # report language code; labels are checked at render
_SECURITY_KEYS = ("home_addresses", "allowed_addresses", "school_names", "region")
_SUBJECT_KEYS = ("name", "role", "jurisdiction", "aliases", "court", "timezone", "appointed",
                 "handles")
_DATA_KEYS = ("cases", "people", "political", "political_defaults")
_RULES_KEYS = ("disable", "severity")
_SUPPRESS_KEYS = ("fingerprint", "reason", "by", "date")
_SUPPRESS_OPTIONAL = ("rule",)
_TRUE, _FALSE = ("true", "yes", "1"), ("false", "no", "0", "")
MIN_NAME_CHARS = 2  # a shorter name or alias would match almost every text


def did_you_mean(word: str, choices: Iterable[str], *, fold_case: bool = False) -> str:
    """The " (did you mean 'X'?)" hint for the closest of ``choices``; "" if none is close."""
    choices = tuple(choices)
    if fold_case:
        by_upper = {c.upper(): c for c in choices}
        near = difflib.get_close_matches(word.upper(), by_upper, n=1)
        near = [by_upper[n] for n in near]
    else:
        near = difflib.get_close_matches(word, choices, n=1)
    return f" (did you mean '{near[0]}'?)" if near else ""


def fold(text: str) -> str:
    """Case-, accent- and punctuation-insensitive key of a name, for comparing names."""
    return " ".join(re.sub(r"[\W_]+", " ", normalize(text)).split())


def load_profile(path: str | Path) -> Profile:
    """Read profile.toml and the CSV files it names; the first invalid value raises."""
    path = Path(path)
    doc, lines = _read_toml(path)
    where = _Where(path, lines)
    where.keys(doc, "", _TOP_KEYS)
    if "subject" not in doc:
        raise ProfileError(path, "missing [subject] table", None, "subject")
    subject = _subject(where, where.table(doc, "subject"))
    jurisdiction = jurisdictions.get(subject.jurisdiction)
    data = where.table(doc, "data")
    where.keys(data, "data", _DATA_KEYS)
    policy = _policy(where, where.table(doc, "policy"), jurisdiction)
    disabled, overrides = _rules(where, where.table(doc, "rules"))
    suppressions = _suppressions(where, doc.get("suppress", []))
    security = _security(where, where.table(doc, "security"))
    report_lang = _report(where, where.table(doc, "report"))
    models_dir = _classifiers(where, where.table(doc, "classifiers"))

    cases_path = _data_path(where, data, "cases", required=True)
    assert cases_path is not None
    cases = _cases(cases_path)
    people_path = _data_path(where, data, "people", required=False)
    people = _people(people_path, {c.case_id for c in cases}) if people_path else []
    people = merge_case_names(people, cases, cases_path.name)
    political = _political(where, data, jurisdiction)
    return Profile(path=path, subject=subject, cases=cases, people=people, political=political,
                   policy=policy, disabled_rules=disabled, severity_overrides=overrides,
                   suppressions=suppressions, security=security, report_lang=report_lang,
                   models_dir=models_dir)


# ----------------------------------------------------------------- profile.toml

def _read_toml(path: Path) -> tuple[dict, list[str]]:
    text = _read_text(path)
    try:
        return tomllib.loads(text), text.splitlines()
    except tomllib.TOMLDecodeError as err:
        # tomllib only reports the position inside its message: "(at line 3, column 5)".
        m = re.search(r"\(at line (\d+), column \d+\)", str(err))
        line = int(m.group(1)) if m else max(1, len(text.splitlines()))
        message = re.sub(r"\s*\(at [^)]*\)$", "", str(err))
        raise ProfileError(path, f"TOML syntax error: {message}", line) from None


def _read_text(path: Path) -> str:
    """The file's text; BOM dropped (Excel, Notepad write one), line ends left to the parser."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ProfileError(path, "file not found") from None
    except OSError as err:
        raise ProfileError(path, f"cannot read file: {err.strerror or err}") from None
    return _decode(data, path)


def _decode(data: bytes, label: object) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        raise ProfileError(label, "not UTF-8 text (save it as 'CSV UTF-8' or UTF-8)",
                           line) from None


class _Where:
    """Finds the line of a TOML key, since tomllib keeps no positions."""

    _HEADER = re.compile(r"^\s*(\[\[?)\s*([^\[\]]+?)\s*\]\]?\s*(?:#.*)?$")
    _KEY = re.compile(r"^\s*([A-Za-z0-9_\-\"'. ]+?)\s*=")

    def __init__(self, path: Path, lines: list[str]) -> None:
        self.path = path
        self.at: dict[tuple[str, str], int] = {}
        self.headers: dict[str, int] = {}
        arrays: dict[str, int] = {}
        table = ""
        for n, raw in enumerate(lines, 1):
            if m := self._HEADER.match(raw):
                table = self._dotted(m.group(2))
                if m.group(1) == "[[":
                    index = arrays.get(table, 0)
                    arrays[table] = index + 1
                    table = f"{table}[{index}]"
                self.headers.setdefault(table, n)
            elif m := self._KEY.match(raw):
                parts = self._dotted(m.group(1)).split(".")
                for i, part in enumerate(parts):
                    scope = ".".join(p for p in (table, *parts[:i]) if p)
                    self.at.setdefault((scope, part), n)

    @staticmethod
    def _dotted(key: str) -> str:
        return ".".join(p.strip().strip("\"'") for p in key.split("."))

    def line(self, table: str, key: str | None = None) -> int | None:
        if key is not None:
            if (table, key) in self.at:
                return self.at[(table, key)]
            sub = f"{table}.{key}" if table else key  # the key is itself a [table]
            if sub in self.headers:
                return self.headers[sub]
        if table in self.headers:
            return self.headers[table]
        if "." in table:
            parent, last = table.rsplit(".", 1)
            return self.line(parent, last)
        return self.at.get(("", table))

    def error(self, table: str, key: str | None, message: str) -> ProfileError:
        dotted = ".".join(p for p in (table, key) if p) or None
        return ProfileError(self.path, message, self.line(table, key), dotted)

    def keys(self, value: Mapping, table: str, allowed: Iterable[str]) -> None:
        """Reject keys outside ``allowed``: a misspelt setting must not be ignored."""
        allowed = tuple(allowed)
        for key in value:
            if key not in allowed:
                name = f"[{table}]" if table else "the top level"
                raise self.error(table, key, f"unknown key '{key}' in {name}"
                                             f"{did_you_mean(key, allowed)}; "
                                             f"allowed: {', '.join(allowed)}")

    def table(self, doc: Mapping, key: str) -> dict:
        value = doc.get(key, {})
        if not isinstance(value, dict):
            raise self.error("", key, f"'{key}' must be a table ([{key}])")
        return value

    def string(self, value: Mapping, table: str, key: str, required: bool = False,
               default: str | None = None) -> str | None:
        if key not in value:
            if required:
                raise self.error(table, None, f"missing required key '{key}' in [{table}]")
            return default
        got = value[key]
        if not isinstance(got, str) or not got.strip():
            raise self.error(table, key, "must be a non-empty string")
        return got.strip()

    def strings(self, value: Mapping, table: str, key: str) -> list[str]:
        got = value.get(key, [])
        if not isinstance(got, list) or not all(isinstance(v, str) for v in got):
            raise self.error(table, key, "must be a list of strings")
        return [v.strip() for v in got]

    def date(self, value: Mapping, table: str, key: str) -> date | None:
        got = value.get(key)
        if got is None:
            return None
        if isinstance(got, str):
            try:
                got = date.fromisoformat(got.strip())
            except ValueError:
                raise self.error(table, key, f"'{got}' is not a date (YYYY-MM-DD)") from None
        if isinstance(got, datetime) or not isinstance(got, date):
            raise self.error(table, key, "must be a date such as 2019-03-01 (no time)")
        return got


def _subject(where: _Where, value: dict) -> Subject:
    t = "subject"
    where.keys(value, t, _SUBJECT_KEYS)
    name = where.string(value, t, "name", required=True)
    role = where.string(value, t, "role", required=True)
    if role not in ROLES:
        raise where.error(t, "role", f"unknown role '{role}'; allowed: {', '.join(ROLES)}")
    jur = where.string(value, t, "jurisdiction", required=True)
    if jur not in jurisdictions.JURISDICTIONS:
        raise where.error(t, "jurisdiction", f"unknown jurisdiction '{jur}'; known: "
                                             f"{', '.join(jurisdictions.JURISDICTIONS)}")
    aliases = where.strings(value, t, "aliases")
    for i, alias in enumerate([name or "", *aliases]):
        if problem := name_problem(alias):
            raise where.error(t, "aliases" if i else "name", problem)
    tz = where.string(value, t, "timezone") or "UTC"
    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        raise where.error(t, "timezone", f"unknown time zone '{tz}' (use an IANA name such as "
                                         "America/New_York or Europe/Rome)") from None
    own = _own_handles(where, where.table(value, "handles") if "handles" in value else {})
    return Subject(name=name or "", role=role, jurisdiction=jur, aliases=_unique(aliases),
                   court=where.string(value, t, "court"), timezone=tz or "UTC",
                   appointed=where.date(value, t, "appointed"),
                   handles={p: shown for p, (_, shown) in own.items() if shown},
                   own_handles=[h for h, _ in own.values()])


def _own_handles(where: _Where, table: dict) -> dict[str, tuple[Handle, str]]:
    """``[subject.handles]``: platform -> (Handle, the name importers know the subject by).

    Display names stay as written (reports show them); other platforms give the canonical
    handle; an id-only handle (youtube.com/channel/UC…) names no one to importers.
    """
    own: dict[str, tuple[Handle, str]] = {}
    for platform, raw in table.items():
        if not isinstance(raw, str):
            raise where.error("subject.handles", platform, "must be a string")
        try:
            handle = parse_handle(f"{platform}:{raw.strip()}")
        except ValueError as err:
            raise where.error("subject.handles", platform, str(err)) from None
        written = raw.partition("#")[0]
        display = (handle.platform in DISPLAY_NAME_PLATFORMS
                   and not handle_forms.is_url(written))
        shown = " ".join(written.split()) if display else handle.handle
        own[handle.platform] = (handle, shown or "")
    return own


def _policy(where: _Where, value: dict, jur: jurisdictions.Jurisdiction) -> Policy:
    """Jurisdiction defaults, overridden key by key by [policy]."""
    knobs = [f.name for f in fields(Policy)]
    where.keys(value, "policy", knobs)
    merged: dict[str, Any] = dict(jur.defaults)
    for key, got in value.items():
        if key in jurisdictions.INT_KNOBS:
            if isinstance(got, bool) or not isinstance(got, int) or not 0 <= got <= 3650:
                raise where.error("policy", key, "must be a whole number of days (0-3650)")
        elif key in jurisdictions.KNOB_CHOICES:
            choices = jurisdictions.KNOB_CHOICES[key]
            if got not in choices:
                raise where.error("policy", key, f"'{got}' is not allowed; "
                                                 f"choose one of: {', '.join(choices)}")
        else:  # list knobs
            got = where.strings(value, "policy", key)
            if any(not fold(v) for v in got):
                raise where.error("policy", key, "contains an empty entry")
        merged[key] = got
    return Policy(**merged)


def _rule_problem(rule: str) -> str | None:
    """Why ``rule`` names no rule of the catalog, or None: a typo must not be ignored."""
    catalog = rule_catalog.load()  # imported only when a profile names a rule
    if rule in catalog:
        return None
    return (f"unknown rule '{rule}'{did_you_mean(rule, catalog, fold_case=True)}; "
            "`presence-audit rules` lists the rule ids")


def _rules(where: _Where, value: dict) -> tuple[set[str], dict[str, str]]:
    where.keys(value, "rules", _RULES_KEYS)
    disabled = where.strings(value, "rules", "disable")
    for rule in disabled:
        if problem := _rule_problem(rule):
            raise where.error("rules", "disable", problem)
    severity = where.table(value, "severity")
    for rule, level in severity.items():
        if problem := _rule_problem(rule):
            raise where.error("rules.severity", rule, problem)
        if level not in SEVERITIES:
            raise where.error("rules.severity", rule, f"unknown severity '{level}'; "
                                                      f"allowed: {', '.join(SEVERITIES)}")
    return set(disabled), dict(severity)


def _security(where: _Where, value: dict) -> Security:
    t = "security"
    where.keys(value, t, _SECURITY_KEYS)
    lists = {}
    for key in ("home_addresses", "allowed_addresses", "school_names"):
        got = where.strings(value, t, key)
        if any(len(fold(v)) < 3 for v in got):
            raise where.error(t, key, "contains an empty or too short entry (3+ characters)")
        lists[key] = got
    region = where.string(value, t, "region")
    if region is not None:
        import phonenumbers  # only profiles that set a region pay for the import

        region = region.upper()
        if region not in phonenumbers.SUPPORTED_REGIONS:
            raise where.error(t, "region", f"unknown region '{region}' (use a two-letter "
                                           "country code such as US, GB or IT)")
    return Security(**lists, region=region)


def _classifiers(where: _Where, value: dict) -> Path | None:
    """``[classifiers] models``: a folder written by ``presence-audit train`` (relative)."""
    where.keys(value, "classifiers", _CLASSIFIER_KEYS)
    rel = where.string(value, "classifiers", "models")
    if rel is None:
        return None
    path = where.path.parent / rel
    if not path.is_dir():
        raise where.error("classifiers", "models", f"not a folder of trained models: {path}")
    return path


def _report(where: _Where, value: dict) -> str | None:
    """``[report] lang``: the report's language unless --lang names one."""
    where.keys(value, "report", _REPORT_KEYS)
    lang = where.string(value, "report", "lang")
    if lang is not None and not _LANG.match(lang):
        raise where.error("report", "lang", f"'{lang}' is not a two-letter language code "
                                            "(such as en or it)")
    return lang


def _suppressions(where: _Where, value: object) -> list[Suppression]:
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise where.error("", "suppress", "use [[suppress]] tables")
    out = []
    for i, entry in enumerate(value):
        t = f"suppress[{i}]"
        where.keys(entry, t, _SUPPRESS_KEYS + _SUPPRESS_OPTIONAL)
        for key in _SUPPRESS_KEYS:
            if key not in entry:
                raise where.error(t, None, f"suppression #{i + 1} is missing '{key}' "
                                           f"(each needs {', '.join(_SUPPRESS_KEYS)})")
        when = where.date(entry, t, "date")
        assert when is not None
        rule = where.string(entry, t, "rule")
        if rule is not None and (problem := _rule_problem(rule)):
            raise where.error(t, "rule", problem)
        out.append(Suppression(fingerprint=where.string(entry, t, "fingerprint") or "",
                               reason=where.string(entry, t, "reason") or "",
                               by=where.string(entry, t, "by") or "", date=when, rule=rule))
    return out


def _data_path(where: _Where, data: dict, key: str, required: bool) -> Path | None:
    if key not in data:
        if required:
            raise where.error("data", None, f"missing required key '{key}' in [data]")
        return None
    rel = where.string(data, "data", key)
    path = where.path.parent / (rel or "")  # relative to profile.toml
    if not path.is_file():
        why = "is not a file" if path.exists() else "file not found"
        raise where.error("data", key, f"{why}: {path}")
    return path


# ----------------------------------------------------------------- CSV files

def _csv_rows(text: str, label: object, required: tuple[str, ...],
              optional: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    """(first line, row) pairs with lower-cased, checked column names; blank rows skipped."""
    # csv copes with CRLF and lone CR; strict: an unclosed quote must not swallow later rows.
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    last = 0
    try:
        header = next(reader, None)
        if not header or not any(h.strip() for h in header):
            raise ProfileError(label, "empty file: expected a header row "
                                      f"({','.join(required + optional)})", 1)
        columns = [h.strip().lower() for h in header]
        _check_header(columns, label, required, optional)
        rows, last = [], reader.line_num
        for record in reader:
            line, last = last + 1, reader.line_num  # a quoted field may span lines
            if not any(c.strip() for c in record):
                continue
            extra = [c for c in record[len(columns):] if c.strip()]
            if extra:
                raise ProfileError(label, f"row has {len(record)} fields but the header has "
                                          f"{len(columns)} (an unquoted comma?)", line)
            rows.append((line, {c: (record[i].strip() if i < len(record) else "")
                                for i, c in enumerate(columns)}))
        return rows
    except csv.Error as err:
        hint = " (an unclosed quote?)" if "end of data" in str(err) else ""
        raise ProfileError(label, f"malformed CSV in the row starting here: {err}{hint}",
                           last + 1) from None


def _check_header(columns: list[str], label: object, required: tuple[str, ...],
                  optional: tuple[str, ...]) -> None:
    allowed = required + optional
    for col in columns:
        if col not in allowed:
            raise ProfileError(label, f"unknown column '{col}'; allowed: {', '.join(allowed)}",
                               1, col)
        if columns.count(col) > 1:
            raise ProfileError(label, f"column '{col}' appears twice", 1, col)
    missing = [c for c in required if c not in columns]
    if missing:
        raise ProfileError(label, f"missing required column(s): {', '.join(missing)}", 1,
                           missing[0])


def split_list(value: str) -> list[str]:
    """Items of a ';'-separated cell; empty items (``a;;b``, a trailing ';') are dropped."""
    return [v.strip() for v in value.split(";") if v.strip()]


def name_problem(name: str) -> str | None:
    """Why ``name`` cannot be matched safely, or None: it must keep 2+ characters."""
    key = fold(name)
    if not key:
        return f"'{name}' is empty once punctuation is removed; it would match everything"
    if len(key.replace(" ", "")) < MIN_NAME_CHARS:
        return f"'{name}' is shorter than {MIN_NAME_CHARS} characters; it would match too much"
    return None


def _names(value: str, label: object, line: int, col: str) -> list[str]:
    names = split_list(value)
    for name in names:
        if problem := name_problem(name):
            raise ProfileError(label, problem, line, col)
    return _unique(names)


def _unique(names: list[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for name in names:
        if fold(name) not in seen:
            seen.add(fold(name))
            out.append(name)
    return out


def _csv_date(value: str, label: object, line: int, col: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ProfileError(label, f"'{value}' is not a date (use YYYY-MM-DD)", line,
                           col) from None


def parse_handle(text: str) -> Handle:
    """One ``platform:FORM#id`` item (handles.py reads the forms); ``ValueError`` says why."""
    handle = handle_forms.parse_item(text)
    # a display name matches as a name does: it must keep two characters
    problem = name_problem(handle.handle) if handle.platform in DISPLAY_NAME_PLATFORMS and \
        handle.handle else None
    if problem:
        raise ValueError(problem)
    return handle


def _handles(value: str, label: object, line: int, col: str) -> list[Handle]:
    try:
        return list(dict.fromkeys(parse_handle(item) for item in split_list(value)))
    except ValueError as err:
        raise ProfileError(label, str(err), line, col) from None


def _cases(path: Path) -> list[Case]:
    label = path
    rows = _csv_rows(_read_text(path), label, CASE_COLUMNS, CASE_OPTIONAL)
    cases: list[Case] = []
    first_line: dict[str, int] = {}
    for line, row in rows:
        case_id = row["case_id"]
        if not case_id:
            raise ProfileError(label, "empty case_id", line, "case_id")
        if case_id in first_line:
            raise ProfileError(label, f"duplicate case_id '{case_id}' (first on line "
                                      f"{first_line[case_id]})", line, "case_id")
        first_line[case_id] = line
        opened = _csv_date(row["opened"], label, line, "opened")
        closed = _csv_date(row["closed"], label, line, "closed")
        if opened and closed and closed < opened:
            raise ProfileError(label, f"case closed ({closed}) before it opened ({opened})",
                               line, "closed")
        sealed = row.get("sealed", "").lower()
        if sealed not in _TRUE + _FALSE:
            raise ProfileError(label, f"'{row['sealed']}' is not true/false/yes/no/1/0",
                               line, "sealed")
        assigned = row.get("assigned", "").strip().lower() or "own"
        if assigned not in ASSIGNED:
            raise ProfileError(label, f"'{row['assigned']}' is not one of: "
                                      f"{', '.join(ASSIGNED)}", line, "assigned")
        cases.append(Case(
            case_id=case_id, caption=row["caption"], court=row["court"], opened=opened,
            closed=closed, parties=_names(row["parties"], label, line, "parties"),
            counsel=_names(row["counsel"], label, line, "counsel"),
            witnesses=_names(row["witnesses"], label, line, "witnesses"),
            keywords=_names(row.get("keywords", ""), label, line, "keywords"),
            sealed=sealed in _TRUE, assigned=assigned, line=line))
    return cases


def _people(path: Path, case_ids: set[str]) -> list[Person]:
    label = path
    rows = _csv_rows(_read_text(path), label, PEOPLE_COLUMNS,
                     PEOPLE_OPTIONAL)
    people = []
    for line, row in rows:
        name = row["name"]
        if not name:
            raise ProfileError(label, "empty name", line, "name")
        if problem := name_problem(name):
            raise ProfileError(label, problem, line, "name")
        role = row["role"].lower()
        if role not in PERSON_ROLES:
            raise ProfileError(label, f"unknown role '{row['role']}'; allowed: "
                                      f"{', '.join(PERSON_ROLES)}", line, "role")
        ids = list(dict.fromkeys(split_list(row.get("case_id", ""))))
        for case_id in ids:
            if case_id not in case_ids:
                raise ProfileError(label, f"case_id '{case_id}' is not in the cases file",
                                   line, "case_id")
        aliases = [a for a in _names(row.get("aliases", ""), label, line, "aliases")
                   if fold(a) != fold(name)]
        people.append(Person(name=name, role=role, case_ids=ids, aliases=aliases,
                             handles=_handles(row.get("handles", ""), label, line, "handles"),
                             origin=f"{path.name} line {line}"))
    return people


def merge_case_names(people: list[Person], cases: list[Case], cases_name: str) -> list[Person]:
    """people.csv rows plus every party, counsel and witness named in cases.csv.

    A case name equal (case-, accent-insensitively) to a person's name or alias adds the case
    to that person; any other name becomes a new Person, one per (name, role).
    """
    people = [Person(p.name, p.role, list(p.case_ids), list(p.aliases), list(p.handles),
                     p.origin) for p in people]
    known: dict[str, Person] = {}
    for listed in people:
        for name in (listed.name, *listed.aliases):
            known.setdefault(fold(name), listed)
    added: dict[tuple[str, str], Person] = {}
    for case in cases:
        for names, role in ((case.parties, "party"), (case.counsel, "counsel"),
                            (case.witnesses, "witness")):
            for name in names:
                key = fold(name)
                person: Person | None = known.get(key) or added.get((key, role))
                if person is None:
                    person = Person(name=name, role=role,
                                    origin=f"{cases_name} line {case.line}")
                    added[(key, role)] = person
                    people.append(person)
                if case.case_id not in person.case_ids:
                    person.case_ids.append(case.case_id)
    return people


def _political(where: _Where, data: dict, jur: jurisdictions.Jurisdiction) -> list[
        PoliticalEntity]:
    """The bundled list for the jurisdiction's country, then political.csv on top of it.

    An entity in political.csv replaces the bundled entity of the same name.
    """
    use_defaults = data.get("political_defaults", True)
    if not isinstance(use_defaults, bool):
        raise where.error("data", "political_defaults", "must be true or false")
    entities: dict[str, PoliticalEntity] = {}
    bundled = jurisdictions.political_list(jur.name) if use_defaults else None
    if bundled:
        resource = importlib.resources.files("presence_audit") / "data" / bundled
        label = f"presence_audit/data/{bundled} (bundled)"
        for e in _political_rows(_decode(resource.read_bytes(), label), label, bundled):
            entities[fold(e.entity)] = e
    path = _data_path(where, data, "political", required=False)
    if path:
        for e in _political_rows(_read_text(path), path, path.name):
            entities[fold(e.entity)] = e
    return list(entities.values())


def _political_rows(text: str, label: object, name: str) -> list[PoliticalEntity]:
    out = []
    for line, row in _csv_rows(text, label, POLITICAL_COLUMNS, POLITICAL_OPTIONAL):
        entity = row["entity"]
        if problem := (name_problem(entity) if entity else "empty entity name"):
            raise ProfileError(label, problem, line, "entity")
        kind = row["kind"].lower()
        if kind not in POLITICAL_KINDS:
            raise ProfileError(label, f"unknown kind '{row['kind']}'; allowed: "
                                      f"{', '.join(POLITICAL_KINDS)}", line, "kind")
        aliases = [a for a in _names(row.get("aliases", ""), label, line, "aliases")
                   if fold(a) != fold(entity)]
        out.append(PoliticalEntity(entity=entity, kind=kind, aliases=aliases,
                                   handles=_handles(row.get("handles", ""), label, line,
                                                    "handles"),
                                   origin=f"{name} line {line}"))
    return out

