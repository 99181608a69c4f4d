"""Check every line of the prosecutor evaluation set against the shared evaluation format.

One problem per output line (``file:line: what is wrong``); exit 1 if there is any, else 0.
Run it after editing items, before committing:

    python evaluation/prosecutor/validate.py [FILE.jsonl ...]   # default: dev.jsonl test.jsonl
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable
from pathlib import Path

from presence_audit.errors import ProfileError
from presence_audit.profile import load_profile

HERE = Path(__file__).resolve().parent
PROFILES = HERE / "profiles"
FIELDS = ("id", "lang", "profile", "platform", "kind", "text", "counterpart", "counterpart_id",
          "mentions", "timestamp", "time_basis", "class", "expect")
LANGS = ("en", "it", "es", "fr", "de")
TASKS = ("case_reference", "party_connection", "condemnation", "leak", "permitted")
TIME_BASES = ("exact", "bound", "unknown", "event")
# Kinds the importers produce per platform (DESIGN.md Activity kinds; page_like = liked page).
KINDS = {
    "x": {"post", "reply", "like", "follow", "follower", "message", "search"},
    "facebook": {"post", "comment", "like", "friend", "follow", "page_like", "group", "message",
                 "search"},
    "instagram": {"post", "comment", "like", "follow", "follower", "friend", "message",
                  "search"},
}
EMPTY_TEXT_KINDS = {"follow", "follower", "friend", "page_like"}  # name lists carry no words
ID = re.compile(r"^([a-z]{2})-\d{4}$")
CLASS = re.compile(r"^[a-z][a-z0-9_]*$")
TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
# A public post naming a case without condemning or leaking is still a case reference (v3).
NEG_ALLOWED = {"neg_ordinary_mention": {"case_reference"}}


def case_ids(profile: str, profiles: Path = PROFILES) -> set[str] | str:
    """The case ids of profiles/<profile>, or why the profile cannot be read."""
    path = profiles / profile / "profile.toml"
    if not path.is_file():
        return f"profile '{profile}' has no {path.relative_to(profiles.parent)}"
    try:
        loaded = load_profile(path)
    except ProfileError as err:
        return f"profile '{profile}' is invalid: {err}"
    if loaded.subject.role != "prosecutor":
        return f"profile '{profile}' has role '{loaded.subject.role}', not prosecutor"
    return {case.case_id for case in loaded.cases}


def item_problems(item: object, cases: set[str] | str) -> list[str]:
    """What is wrong with one parsed line, given the case ids of its profile."""
    if not isinstance(item, dict):
        return ["not a JSON object"]
    missing = [f for f in FIELDS if f not in item]
    extra = sorted(set(item) - set(FIELDS))
    if missing or extra:
        return [f"missing fields {missing}" if missing else f"unknown fields {extra}"]
    problems = _identity(item) + _activity(item) + _label(item)
    if isinstance(cases, str):
        return [*problems, cases]
    for exp in item["expect"] if isinstance(item["expect"], list) else []:
        if isinstance(exp, dict) and exp.get("case_id") not in cases:
            problems.append(f"case_id {exp.get('case_id')!r} is not in "
                            f"{item['profile']}/cases.csv")
    return problems


def _identity(item: dict) -> list[str]:
    problems = []
    m = ID.match(str(item["id"]))
    if item["lang"] not in LANGS:
        problems.append(f"lang {item['lang']!r} is not one of {', '.join(LANGS)}")
    if not m or m.group(1) != item["lang"]:
        problems.append(f"id {item['id']!r} is not '<lang>-NNNN' with lang {item['lang']!r}")
    return problems


def _activity(item: dict) -> list[str]:
    problems = []
    kinds = KINDS.get(item["platform"])
    if kinds is None:
        problems.append(f"platform {item['platform']!r} is not one of {', '.join(KINDS)}")
    elif item["kind"] not in kinds:
        problems.append(f"kind {item['kind']!r} does not occur on {item['platform']}")
    text = item["text"]
    if not isinstance(text, str):
        problems.append("text is not a string")
    elif item["kind"] in EMPTY_TEXT_KINDS and text:
        problems.append(f"a {item['kind']} carries no text")
    elif item["kind"] not in EMPTY_TEXT_KINDS and not text.strip():
        problems.append(f"a {item['kind']} needs text")
    for key in ("counterpart", "counterpart_id"):
        if item[key] is not None and not (isinstance(item[key], str) and item[key].strip()):
            problems.append(f"{key} must be a non-empty string or null")
    mentions = item["mentions"]
    if not isinstance(mentions, list) or not all(
            isinstance(h, str) and h and h == h.lower() and not h.startswith("@")
            for h in mentions):
        problems.append("mentions must be a list of lower-case handles without '@'")
    if not isinstance(item["timestamp"], str) or not TIMESTAMP.match(item["timestamp"]):
        problems.append(f"timestamp {item['timestamp']!r} is not YYYY-MM-DDTHH:MM:SSZ")
    if item["time_basis"] not in TIME_BASES:
        problems.append(f"time_basis {item['time_basis']!r} is not one of "
                        f"{', '.join(TIME_BASES)}")
    return problems


def _label(item: dict) -> list[str]:
    cls, expect = item["class"], item["expect"]
    if not isinstance(cls, str) or not CLASS.match(cls):
        return [f"class {cls!r} is not a lower-case identifier"]
    if not isinstance(expect, list):
        return ["expect is not a list"]
    problems = []
    for exp in expect:
        if not isinstance(exp, dict) or exp.get("task") not in TASKS:
            problems.append(f"expectation {exp!r} has no task of {', '.join(TASKS)}")
        elif set(exp) - {"task", "case_id", "entity"} or "case_id" not in exp:
            problems.append(f"expectation {exp!r} needs task and case_id, optionally entity")
        elif "entity" in exp and not (isinstance(exp["entity"], str) and exp["entity"]):
            problems.append(f"expectation {exp!r}: entity must be a non-empty string")
    tasks = {e.get("task") for e in expect if isinstance(e, dict)}
    allowed = NEG_ALLOWED.get(cls, {"permitted"})
    if cls.startswith("neg_") and tasks - allowed:
        problems.append(f"hard negative {cls} may only expect "
                        f"{' or '.join(repr(t) for t in sorted(allowed))}, not {sorted(tasks)}")
    if not cls.startswith("neg_") and not expect:
        problems.append(f"positive class {cls} expects nothing")
    if "permitted" in tasks and len(tasks) > 1:
        problems.append("a permitted item cannot also expect a finding")
    return problems


def validate(paths: Iterable[Path], profiles: Path = PROFILES) -> list[str]:
    """Problems of all lines of ``paths``, including ids repeated across files."""
    problems: list[str] = []
    seen: dict[str, str] = {}
    cache: dict[str, set[str] | str] = {}
    for path in paths:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            where = f"{path.name}:{n}"
            if not line.strip():
                problems.append(f"{where}: blank line")
                continue
            try:
                item = json.loads(line)
            except json.JSONDecodeError as err:
                problems.append(f"{where}: not JSON ({err.msg})")
                continue
            profile = item.get("profile") if isinstance(item, dict) else None
            if isinstance(profile, str) and profile not in cache:
                cache[profile] = case_ids(profile, profiles)
            cases = cache.get(profile, "profile is missing or not a string") \
                if isinstance(profile, str) else "profile is missing or not a string"
            problems += [f"{where}: {p}" for p in item_problems(item, cases)]
            if isinstance(item, dict) and "id" in item:
                key = str(item["id"])
                if key in seen:
                    problems.append(f"{where}: id {key!r} already on {seen[key]}")
                seen.setdefault(key, where)
    return problems


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv] or [HERE / "dev.jsonl", HERE / "test.jsonl"]
    missing = [str(p) for p in paths if not p.is_file()]
    if missing:
        print(f"error: no such file: {', '.join(missing)}", file=sys.stderr)
        return 2
    problems = validate(paths)
    for problem in problems:
        print(problem)
    print(f"{len(problems)} problem(s) in {', '.join(p.name for p in paths)}")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
