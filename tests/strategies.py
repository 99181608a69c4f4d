"""Hypothesis strategies for Meta-format exports (Facebook, Instagram, Threads), valid and hostile.

A generated archive is a ``Case``: zip members (path -> JSON-able object or raw bytes) plus,
for every data member made only of valid records, how many rows it must yield. Valid records
follow formats.md 2.4 / 3.3-3.6 and carry unique content, so none is a duplicate of another;
mutated records drop keys, swap types, inject control characters, huge or odd numbers and
nesting; mutated members are truncated, BOM-prefixed, salted with invalid UTF-8 or nested
thousands deep. Objects are serialized with Meta's per-byte mojibake (``metaarchive``).
"""

from __future__ import annotations

import json
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from hypothesis import strategies as st
from metaarchive import FB_PATHS, meta_json, thread, write_zip

from presence_audit import schema
from presence_audit.archive import open_archives
from presence_audit.coverage import STATUSES
from presence_audit.importers import ExportPart, ImportContext, ImportResult, all_importers

OWNER = "Ada Exämple"
IG_OWNER = "ada_example"
T_MIN, T_MAX = 1_000_000_000, 1_900_000_000  # 2001 .. 2030: inside every importer's range

WORDS = ("court", "hearing", "Niccolò", "café", "Jürgen", "días", "verdict", "party", "🙂",
         "appeal", "città", "ça", "brief", "vote", "Ωmega")

# --- scalar pieces ------------------------------------------------------------------------

timestamps = st.integers(T_MIN, T_MAX)
_tail = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)),
                max_size=12)


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


@st.composite
def phrase(draw) -> str:
    """A non-blank text: a known word plus any Unicode tail (accents, emoji, controls)."""
    return draw(st.sampled_from(WORDS)) + " " + draw(_tail)


def unique_phrases(n: int):
    return st.lists(phrase(), min_size=n, max_size=n, unique_by=_norm)


names = st.builds(lambda a, b: f"{a} {b}", st.sampled_from(("Ben", "Zoë", "Олег", "Marta")),
                  st.from_regex(r"[A-Z][a-zà-ÿ]{2,9}", fullmatch=True))
usernames = st.from_regex(r"[a-z][a-z0-9_.]{1,14}[a-z0-9]", fullmatch=True)
shortcodes = st.from_regex(r"[A-Za-z0-9_-]{11}", fullmatch=True)

# Values that break type assumptions: every JSON type, out-of-range and odd-format times.
hostile_scalars = st.one_of(
    st.none(), st.booleans(), st.just(""), st.just("   "),
    st.integers(-(2**63), 2**63 - 1), st.integers(10**19, 10**40),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from([0, -1, -1_700_000_000, 1e15, 1.7e12, "1700000000", "2024-05-14T09:15:02Z",
                     "yesterday", "Tue May 14 09:15:02 +0000 2024", 253_402_300_800]),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=20),
    st.text(alphabet=st.sampled_from("\x00\x01\x07\x1b\x7f\u200b\u202e\ufeff\n\t a"),
            max_size=10),
)
hostile_values = st.recursive(
    hostile_scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=3),
                            st.dictionaries(st.sampled_from(
                                ("name", "title", "timestamp", "data", "value", "href",
                                 "label", "dict", "vec", "x")), inner, max_size=3)),
    max_leaves=6)


def nested(value: object, depth: int) -> object:
    """``value`` wrapped ``depth`` levels deep in alternating lists and dicts."""
    for i in range(depth):
        value = [value] if i % 2 else {"data": value}
    return value


def deep_json(depth: int) -> bytes:
    """JSON nested ``depth`` levels (built as bytes: json.dumps would recurse)."""
    return b'{"a":' * depth + b"[]" + b"}" * depth


# --- record mutation ----------------------------------------------------------------------

def _slots(obj: object) -> list[tuple[object, object]]:
    """Every (container, key) pair in a JSON tree, iteratively."""
    out: list[tuple[object, object]] = []
    stack = [obj]
    while stack:
        cur = stack.pop()
        keys = list(cur) if isinstance(cur, dict) else range(len(cur)) \
            if isinstance(cur, list) else []
        for key in keys:
            out.append((cur, key))
            stack.append(cur[key])
    return out


@st.composite
def mutated(draw, record: object) -> object:
    """``record`` (a fresh copy) after 1-3 hostile edits at random places."""
    record = json.loads(json.dumps(record))
    for _ in range(draw(st.integers(1, 3))):
        op = draw(st.sampled_from(("drop", "swap", "control", "nest", "replace_all")))
        slots = _slots(record)
        if op == "replace_all" or not slots:
            record = draw(hostile_values)
            continue
        container, key = draw(st.sampled_from(slots))
        if op == "drop":
            if isinstance(container, dict):
                del container[key]
            else:
                container.pop(key)
        elif op == "swap":
            container[key] = draw(hostile_values)
        elif op == "control":
            old = container[key]
            bad = draw(st.sampled_from(("\x00", "\x1b[31m", "\u202e", "\ufeff", "\r\n", "\x7f")))
            container[key] = (old + bad if isinstance(old, str) else bad)
        else:
            container[key] = nested(container[key], draw(st.integers(2, 60)))
    return record


# --- raw member mutation ------------------------------------------------------------------

@st.composite
def broken_bytes(draw, obj: object) -> bytes:
    """Meta JSON for ``obj`` broken at the byte level."""
    raw = meta_json(obj)
    op = draw(st.sampled_from(("truncate", "bom", "bad_utf8", "deep", "empty", "html")))
    if op == "truncate":
        return raw[: draw(st.integers(0, max(len(raw) - 1, 0)))]
    if op == "bom":
        return b"\xef\xbb\xbf" + raw
    if op == "bad_utf8":
        quote = raw.find(b'"')
        cut = quote + 1 if quote >= 0 else 0
        junk = draw(st.sampled_from((b"\xff", b"\xc3", b"\xed\xa0\x80", b"\x80\x80", b"\xfe\xfe")))
        return raw[:cut] + junk + raw[cut:]
    if op == "deep":
        return deep_json(draw(st.integers(1100, 5000)))
    if op == "empty":
        return draw(st.sampled_from((b"", b"   \n", b"\xef\xbb\xbf")))
    return b"<html><body>not json</body></html>"


# --- cases ----------------------------------------------------------------------------------

@dataclass
class Case:
    """Members of one generated export and the rows each all-valid data member must yield."""

    members: dict[str, object] = field(default_factory=dict)
    expected: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Kind:
    """One data file family: where it lives, how to wrap its records, how to build one."""

    path: str
    wrap: object  # callable(list) -> JSON object for the file
    record: object  # callable(draw, i, text, name, stamp) -> record


def _member(draw, case: Case, kind: Kind, mode: str) -> None:
    n = draw(st.integers(1, 4))
    texts = draw(unique_phrases(n))
    people = draw(st.lists(names, min_size=n, max_size=n, unique_by=_norm))
    stamps = draw(st.lists(timestamps, min_size=n, max_size=n))
    records = [kind.record(draw, i, texts[i], people[i], stamps[i]) for i in range(n)]
    if mode == "valid":
        case.members[kind.path] = kind.wrap(records)
        case.expected[kind.path] = n
    elif mode == "records":
        k = draw(st.integers(1, n))
        for i in draw(st.lists(st.integers(0, n - 1), min_size=1, max_size=k)):
            records[i] = draw(mutated(records[i]))
        case.members[kind.path] = kind.wrap(records)
    elif mode == "file":
        case.members[kind.path] = draw(mutated(kind.wrap(records)))
    else:
        case.members[kind.path] = draw(broken_bytes(kind.wrap(records)))


MODES = st.sampled_from(("valid", "valid", "records", "records", "file", "bytes"))


@st.composite
def _case(draw, kinds: dict[str, Kind], fixed: dict[str, object], all_valid: bool,
          fixed_rows: dict[str, int] | None = None) -> Case:
    case = Case(members=dict(fixed), expected=dict(fixed_rows or {}))
    chosen = draw(st.lists(st.sampled_from(sorted(kinds)), min_size=1, max_size=len(kinds),
                           unique=True))
    for name in chosen:
        _member(draw, case, kinds[name], "valid" if all_valid else draw(MODES))
    return case


# --- Facebook ---------------------------------------------------------------------------------

FB = FB_PATHS["current"]


def _fb_post(draw, i, text, name, t):
    return {"timestamp": t, "title": f"{OWNER} updated her status.", "data": [{"post": text}],
            "tags": [{"name": name}]}


def _fb_comment(draw, i, text, name, t):
    return {"timestamp": t, "title": f"{OWNER} commented on {name}'s post.",
            "data": [{"comment": {"timestamp": t, "comment": text, "author": OWNER}}]}


def _fb_reaction(draw, i, text, name, t):
    reaction = draw(st.sampled_from(("LIKE", "LOVE", "WOW", "ANGRY")))
    return {"timestamp": t, "title": f"{OWNER} reacted to {name}'s post: {text}",
            "data": [{"reaction": {"reaction": reaction, "actor": OWNER}}]}


def _fb_reaction_lv(draw, i, text, name, t):
    return {"timestamp": t, "fbid": str(9_900_000_000_000_000 + i), "media": [],
            "label_values": [{"label": "Reaction", "value": "Like"},
                             {"label": "Name", "value": f"{name} {text}"},
                             {"label": "URL", "value": f"https://www.facebook.com/p/{i}"}]}


def _fb_person(draw, i, text, name, t):
    return {"name": name, "timestamp": t}


def _fb_group(draw, i, text, name, t):
    group = f"Group {text}"
    return {"timestamp": t, "title": f"{OWNER} became a member of {group}.",
            "data": [{"name": group}]}


def _fb_search(draw, i, text, name, t):
    return {"timestamp": t, "title": "You searched on Facebook", "data": [{"text": text}]}


def _fb_message(draw, i, text, name, t):
    return {"sender_name": draw(st.sampled_from((OWNER, "Ben Sample"))),
            "timestamp_ms": t * 1000 + draw(st.integers(0, 999)), "content": text}


FACEBOOK: dict[str, Kind] = {
    "posts": Kind(FB["posts"], list, _fb_post),
    "comments": Kind(FB["comments"], lambda r: {"comments_v2": r}, _fb_comment),
    "reactions": Kind(FB["reactions"], list, _fb_reaction),
    "reactions_lv": Kind(FB["reactions_lv"], list, _fb_reaction_lv),
    "friends": Kind(FB["friends"], lambda r: {"friends_v2": r}, _fb_person),
    "following": Kind(FB["following"], lambda r: {"following_v3": r}, _fb_person),
    "groups": Kind(FB["groups"], lambda r: {"groups_joined_v2": r}, _fb_group),
    "search": Kind(FB["search"], lambda r: {"searches_v2": r}, _fb_search),
    "messages": Kind(FB["inbox"] + "/bensample_1/message_1.json",
                     lambda r: thread([OWNER, "Ben Sample"], r,
                                      thread_path="inbox/bensample_1"), _fb_message),
}
FB_FIXED = {FB["profile"]: {"profile_v2": {"name": {"full_name": OWNER}}}}


def facebook_cases(all_valid: bool = False):
    """Facebook exports (2024+ layout): all-valid, or any mix of valid and hostile members."""
    return _case(FACEBOOK, FB_FIXED, all_valid, {FB["profile"]: 1})  # the account's profile row


# --- Instagram and Threads ------------------------------------------------------------------

ACT = "your_instagram_activity/"
REL = "connections/followers_and_following/"


def _ig_post(draw, i, text, name, t):
    return {"media": [{"uri": f"media/posts/202401/{18_000_000_000 + i}.jpg",
                       "creation_timestamp": t, "title": text}]}


def _ig_comment(draw, i, text, name, t):
    return {"media_list_data": [{"uri": ""}], "string_map_data": {
        "Comment": {"value": text}, "Media Owner": {"value": draw(usernames)},
        "Time": {"timestamp": t}}}


def _ig_like(draw, i, text, name, t):
    return {"title": draw(usernames), "string_list_data": [
        {"href": f"https://www.instagram.com/p/{draw(shortcodes)}{i}/", "value": "👍",
         "timestamp": t}]}


def _ig_following(draw, i, text, name, t):
    user = f"{draw(usernames)}{i}"
    return {"title": user, "string_list_data": [
        {"href": f"https://www.instagram.com/_u/{user}", "timestamp": t}]}


def _ig_follower(draw, i, text, name, t):
    user = f"{draw(usernames)}{i}"
    return {"title": "", "media_list_data": [], "string_list_data": [
        {"href": f"https://www.instagram.com/{user}", "value": user, "timestamp": t}]}


def _ig_search(draw, i, text, name, t):
    return {"string_map_data": {"Search": {"value": text}, "Time": {"timestamp": t}}}


def _threads_post(draw, i, text, name, t):
    return {"title": text, "creation_timestamp": t,
            "media": [{"uri": "", "creation_timestamp": t, "title": text}]}


def _ig_message(draw, i, text, name, t):
    return {"sender_name": draw(st.sampled_from((OWNER, "Ben Sample"))),
            "timestamp_ms": t * 1000 + draw(st.integers(0, 999)), "content": text}


INSTAGRAM: dict[str, Kind] = {
    "posts": Kind(ACT + "media/posts_1.json", list, _ig_post),
    "comments": Kind(ACT + "comments/post_comments_1.json", list, _ig_comment),
    "likes": Kind(ACT + "likes/liked_posts.json", lambda r: {"likes_media_likes": r}, _ig_like),
    "following": Kind(REL + "following.json", lambda r: {"relationships_following": r},
                      _ig_following),
    "followers": Kind(REL + "followers_1.json", list, _ig_follower),
    "search": Kind("logged_information/recent_searches/word_or_phrase_searches.json",
                   lambda r: {"searches_keyword": r}, _ig_search),
    "threads": Kind(ACT + "threads/threads_and_replies.json",
                    lambda r: {"text_post_app_text_posts": r}, _threads_post),
    "messages": Kind(ACT + "messages/inbox/bensample_1234/message_1.json",
                     lambda r: thread([OWNER, "Ben Sample"], r,
                                      thread_path="inbox/bensample_1234"), _ig_message),
}
IG_FIXED = {"personal_information/personal_information/personal_information.json": {
    "profile_user": [{"string_map_data": {"Username": {"value": IG_OWNER},
                                          "Name": {"value": OWNER}}}]}}


def instagram_cases(all_valid: bool = False):
    """Instagram + Threads exports (2025 layout): all-valid, or valid and hostile mixed."""
    return _case(INSTAGRAM, IG_FIXED, all_valid, dict.fromkeys(IG_FIXED, 1))  # profile row


# --- running a case and checking the importer contract --------------------------------------

def importer(name: str):
    return next(i for i in all_importers() if i.name == name)


def read_case(name: str, case: Case) -> tuple[ImportResult, str]:
    """Write the case as a zip, detect the roots, read them; returns the result and zip label."""
    with tempfile.TemporaryDirectory() as tmp:
        archive = open_archives([write_zip(Path(tmp) / "export.zip", case.members)])[0]
        try:
            roots = importer(name).detect(archive.names)
            assert roots == [""], roots
            result = importer(name).read([ExportPart(archive, r) for r in roots],
                                         ImportContext())
        finally:
            archive.close()
    return result, archive.label


def check_contract(result: ImportResult, label: str, case: Case) -> None:
    schema.validate(result.frame)
    for entry in result.coverage:
        assert entry.status in STATUSES
        assert entry.records >= 0 and entry.bad_records >= 0
        if entry.status != "read":
            assert entry.records == 0, entry
        if entry.status == "failed":
            assert entry.reason, entry
        if entry.bad_records:
            assert entry.reason, entry
    # rows per member (source = "<archive>:<member>#<index>") equal the coverage counts
    rows = Counter(s.rsplit("#", 1)[0] for s in result.frame["source"])
    counted = Counter()
    for entry in result.coverage:
        counted[f"{label}:{entry.member}"] += entry.records
    assert {k: v for k, v in counted.items() if v} == dict(rows)
    # every data member is accounted for
    covered = {e.member for e in result.coverage}
    assert set(case.members) <= covered, set(case.members) - covered


def check_valid_imported(result: ImportResult, case: Case) -> None:
    entries = {e.member: e for e in result.coverage}
    for member, n in case.expected.items():
        entry = entries[member]
        assert (entry.status, entry.records, entry.bad_records) == ("read", n, 0), entry
