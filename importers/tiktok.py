"""TikTok "Download your data" export (JSON): platform ``tiktok``.

Request it in the app under Settings and privacy → Account → Download your data, choosing
**JSON** (the TXT choice is a folder of text files this tool does not read). The zip holds one
``user_data_tiktok.json`` (older exports: ``user_data.json``). Read: videos with captions,
comments, likes, following, followers, direct messages, searches and the profile. Not read
(listed in coverage): watch history, favorites, shares, blocks, login and ads sections.
Section and list names changed over the years; every level is looked up through its known
variants (formats.md 8.1). Dates carry no zone and are read as UTC.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Literal

import orjson

from presence_audit import schema
from presence_audit.archive import is_debris
from presence_audit.coverage import CoverageEntry
from presence_audit.importers import ExportPart, ImportContext, ImportResult, register
from presence_audit.importers._toolkit import (
    MemberError,
    Route,
    RouteTable,
    Rows,
    marker_roots,
)

PLATFORM = "tiktok"
DATA_FILES = ("user_data_tiktok.json", "user_data.json")
FIELDS = ("record_id", "kind", "timestamp", "time_basis", "text", "counterpart",
          "counterpart_id", "mentions", "url", "account", "source", "observed_at")
ACTIVITY = ("Your Activity", "Activity")
_VIDEO_ID = re.compile(r"/(?:video|v)/(\d{6,25})")
_MENTION = re.compile(r"(?<![\w@])@([A-Za-z0-9._]{2,30})")
_CHAT_KEY = re.compile(r"^chat history with (.+?):?\s*$", re.I)

# kind -> key path, each level a tuple of the names it has had (formats.md 8.1)
SECTIONS: dict[str, tuple[tuple[str, ...], ...]] = {
    "post": (("Post", "Video"), ("Posts", "Videos"), ("VideoList",)),
    "comment": (("Comment",), ("Comments",), ("CommentsList",)),
    "like": (ACTIVITY, ("Like List",), ("ItemFavoriteList",)),
    "follow": (ACTIVITY, ("Following List", "Following"), ("Following",)),
    "follower": (ACTIVITY, ("Follower List", "Follower"), ("FansList",)),
    "search": (ACTIVITY, ("Search History", "Searches"), ("SearchList",)),
    "message": (("Direct Message", "Direct Messages"), ("Direct Messages", "Direct Message"),
                ("ChatHistory",)),
    "profile": (("Profile",), ("Profile Information", "Profile Info"), ("ProfileMap",)),
}
# sections recognized but not audited, with why (coverage says so)
NOT_READ = {
    "watch history": ((ACTIVITY, ("Video Browsing History", "Watch History")),
                      "videos watched: viewing history is not audited"),
    "favorite": ((ACTIVITY, ("Favorite Videos",)),
                 "favorited videos (links only): not audited"),
    "share": ((ACTIVITY, ("Share History",)), "share history: not audited"),
    "block": ((("App Settings",), ("Block",)), "blocked accounts: not audited"),
    "login": ((ACTIVITY, ("Login History",)), "login history: not audited"),
    "ads": ((("Ads and data",),), "ads and data: not audited"),
}


@dataclass
class _Member:
    """One data file of one part, and the coverage counts of each kind read from it."""

    part: ExportPart
    rel: str
    records: Counter = field(default_factory=Counter)
    bad: dict[str, Counter] = field(default_factory=dict)

    def source(self, kind: str, index: int) -> str:
        return f"{self.part.source(self.rel)}#{kind}/{index}"

    def skip(self, kind: str, why: str) -> None:
        self.bad.setdefault(kind, Counter())[why] += 1


@register
class TikTokImporter:
    name = PLATFORM

    def detect(self, names: list[str]) -> list[str]:
        """Roots holding ``user_data_tiktok.json`` or ``user_data.json``."""
        return marker_roots(names, DATA_FILES)

    def read(self, parts: list[ExportPart], ctx: ImportContext) -> ImportResult:
        rows = Rows(FIELDS, dedupe=("record_id",), empty_as_none=("text", "mentions"))
        coverage: list[CoverageEntry] = []
        for part in parts:
            ctx.progress(f"tiktok: reading {part.archive.label}")
            for rel in part.members():
                route = ROUTES.route(rel)
                if route is None or is_debris(rel):
                    continue  # the scan lists unclaimed members itself
                coverage += _read_member(part, rel, rows, ctx.own_handles.get(PLATFORM))
        frame = schema.from_records(rows.columns, PLATFORM)
        return ImportResult(frame=frame, coverage=coverage)


def _read_member(part: ExportPart, rel: str, rows: Rows, own: str | None
                 ) -> list[CoverageEntry]:
    """Every section of one user data file; a file that is not JSON fails alone."""
    label, member = part.archive.label, part.root + rel
    try:
        data = _load(part.read_bytes(rel))
    except MemberError as exc:
        return [CoverageEntry(PLATFORM, label, member, "user data", "failed",
                              reason=exc.reason)]
    m = _Member(part, rel)
    account = _handle(_text(_profile_map(data).get("userName"))) or own
    first = len(rows)
    found: list[str] = []
    for kind, path in SECTIONS.items():
        section = _dig(data, path)
        if section is _MISSING:
            continue
        found.append(kind)
        before = len(rows)
        READERS[kind](section, rows, m, account)
        m.records[kind] += len(rows) - before
    times = [t for t in rows.timestamp[first:] if t is not None]
    observed = max(times) if times else None  # no generation date: the latest record time
    for i in range(first, len(rows)):
        rows.observed_at[i] = observed
    out = [_entry(label, member, kind, m) for kind in found]
    for kind, (path, why) in NOT_READ.items():
        if _dig(data, path) is not _MISSING:
            out.append(CoverageEntry(PLATFORM, label, member, kind, "skipped", reason=why))
    if not found:
        out.append(CoverageEntry(PLATFORM, label, member, "user data", "unrecognized",
                                 reason="no known TikTok section in this file "
                                        f"(top-level keys: {', '.join(list(data)[:6])})"))
    return out


def _entry(label: str, member: str, kind: str, m: _Member) -> CoverageEntry:
    bad = m.bad.get(kind, Counter())
    reason = "; ".join(f"{n} {why}" for why, n in bad.most_common())
    if bad:
        reason = f"{sum(bad.values())} bad records skipped: {reason}"
    return CoverageEntry(PLATFORM, label, member, kind, "read", m.records[kind],
                         sum(bad.values()), reason)


# --- parsing helpers --------------------------------------------------------------------------

_MISSING = object()


def _load(raw: bytes) -> dict:
    """The user data JSON object; MemberError (one line) when it is not one."""
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise MemberError(f"not valid JSON (truncated or damaged download?): {exc}") from None
    if not isinstance(data, dict):
        raise MemberError("not a TikTok user data object (JSON top level is not an object)")
    return data


def _dig(data: object, path: Iterable[tuple[str, ...]]) -> object:
    """Follow ``path`` through nested objects, each level by its first present variant."""
    node = data
    for variants in path:
        if not isinstance(node, dict):
            return _MISSING
        key = next((k for k in variants if k in node), None)
        if key is None:
            return _MISSING
        node = node[key]
    return node


def _profile_map(data: dict) -> dict:
    found = _dig(data, SECTIONS["profile"])
    return found if isinstance(found, dict) else {}


def _text(value: object) -> str | None:
    if isinstance(value, str):
        value = value.strip()
        return value if value and value.lower() not in ("none", "n/a", "null") else None
    return None


def _handle(value: str | None) -> str | None:
    return value.lstrip("@").lower() if value else None


def _get(item: dict, *names: str) -> str | None:
    """A field by its variant spellings (``Date``/``date``, ``Link``/``link``)."""
    for name in names:
        if name in item:
            return _text(item[name])
    return None


def _time(value: str | None) -> datetime | None:
    """``YYYY-MM-DD HH:MM:SS`` (no zone, read as UTC; ``… UTC`` accepted)."""
    if not value:
        return None
    try:
        t = datetime.strptime(value.removesuffix(" UTC")[:19], "%Y-%m-%d %H:%M:%S")
    except ValueError:
        return None
    return t.replace(tzinfo=UTC) if t.year >= 2000 else None


def _mentions(text: str | None) -> str | None:
    return " ".join(dict.fromkeys(h.lower() for h in _MENTION.findall(text or ""))) or None


def _items(section: object, m: _Member, kind: str) -> list[tuple[int, dict]]:
    """The list's records as (index, dict); ``null`` is an empty list; others are bad."""
    if section is None:
        return []
    if not isinstance(section, list):
        m.skip(kind, "section is not a list")
        return []
    out = []
    for i, item in enumerate(section):
        if isinstance(item, dict):
            out.append((i, item))
        else:
            m.skip(kind, "records that are not objects")
    return out


def _dated(item: dict, m: _Member, kind: str) -> datetime | Literal[False] | None:
    """The record's time; False (and counted bad) when the date is present but unreadable."""
    raw = _get(item, "Date", "date")
    when = _time(raw)
    if raw and when is None:
        m.skip(kind, "with an unreadable date")
        return False
    return when


# --- readers: (section, rows, member, own handle) ---------------------------------------------


def _posts(section: object, rows: Rows, m: _Member, account: str | None) -> None:
    for i, item in _items(section, m, "post"):
        when = _dated(item, m, "post")
        link = _get(item, "Link", "VideoLink", "link")
        caption = _get(item, "Title", "Description", "title")
        if when is False or not (link or caption):
            if when is not False:
                m.skip("post", "without link or caption")
            continue
        vid = _VIDEO_ID.search(link or "")
        rid = f"video:{vid.group(1)}" if vid else schema.content_id("post", when, caption, link)
        rows.add(rid, "post", when, _basis(when), caption, None, None, _mentions(caption), link,
                 account, m.source("post", i))


def _fields(section: object, m: _Member, kind: str, names: tuple[str, ...], missing: str
            ) -> Iterator[tuple[int, datetime | None, str, dict]]:
    """(index, time, value of the first of ``names``, record) of each dated record that has
    the value; the others are counted as bad."""
    for i, item in _items(section, m, kind):
        when = _dated(item, m, kind)
        value = _get(item, *names)
        if when is False:
            continue
        if not value:
            m.skip(kind, missing)
            continue
        yield i, when, value, item


def _comments(section: object, rows: Rows, m: _Member, account: str | None) -> None:
    for i, when, text, item in _fields(section, m, "comment", ("comment", "Comment"),
                                       "without text"):
        url = _get(item, "url", "Url", "link")
        rows.add(schema.content_id("comment", when, text, url), "comment", when, _basis(when),
                 text, None, None, _mentions(text), url, account, m.source("comment", i))


def _likes(section: object, rows: Rows, m: _Member, account: str | None) -> None:
    for i, when, link, _item in _fields(section, m, "like", ("link", "Link", "VideoLink"),
                                        "without a link"):
        vid = _VIDEO_ID.search(link)
        rid = f"like:{vid.group(1)}" if vid else schema.content_id("like", link)
        rows.add(rid, "like", when, _basis(when), None, None, None, None, link, account,
                 m.source("like", i))


def _relations(kind: str) -> Callable[[object, Rows, _Member, str | None], None]:
    def read(section: object, rows: Rows, m: _Member, account: str | None) -> None:
        for i, when, name, _item in _fields(section, m, kind,
                                            ("UserName", "userName", "Username"),
                                            "without a user name"):
            who = _handle(name)
            rows.add(f"{kind}:{who}", kind, when, _basis(when), None, who, None, None,
                     f"https://www.tiktok.com/@{who}", account, m.source(kind, i))
    return read


def _searches(section: object, rows: Rows, m: _Member, account: str | None) -> None:
    for i, when, term, _item in _fields(section, m, "search",
                                        ("SearchTerm", "searchTerm", "Search Term"),
                                        "without a search term"):
        rows.add(schema.content_id("search", when, term), "search", when, _basis(when), term,
                 None, None, None, None, account, m.source("search", i))


def _messages(section: object, rows: Rows, m: _Member, account: str | None) -> None:
    """``ChatHistory`` maps "Chat History with <user>:" to that chat's messages."""
    if section is None:
        return
    if not isinstance(section, dict):
        m.skip("message", "section is not an object of chats")
        return
    for key, chat in section.items():
        found = _CHAT_KEY.match(key)
        partner = _handle(found.group(1).strip() if found else key.strip())
        for i, when, text, item in _fields(chat, m, "message", ("Content", "content"),
                                           "without content"):
            sender = _handle(_get(item, "From", "from"))
            rid = schema.content_id("message", partner, when, sender, text)
            rows.add(rid, "message", when, _basis(when), text, partner, None, _mentions(text),
                     None, account, m.source("message", i))


def _profile(section: object, rows: Rows, m: _Member, account: str | None) -> None:
    if not isinstance(section, dict):
        m.skip("profile", "profile is not an object")
        return
    parts = [_text(section.get(k)) for k in ("displayName", "bioDescription")]
    text = " — ".join(p for p in parts if p)
    if not (account or text):
        m.skip("profile", "without user name or text")
        return
    rows.add(f"profile:{account or text}", "profile", None, "unknown", text, None, None,
             _mentions(text), f"https://www.tiktok.com/@{account}" if account else None,
             account, m.source("profile", 0))


def _basis(when: datetime | None) -> str:
    return "exact" if when is not None else "unknown"


READERS = {"post": _posts, "comment": _comments, "like": _likes,
           "follow": _relations("follow"), "follower": _relations("follower"),
           "search": _searches, "message": _messages, "profile": _profile}
ROUTES = RouteTable([Route(re.compile(rf"(?:^|/){re.escape(name)}$"), "user_data", "user data")
                     for name in DATA_FILES], READERS, handled=("user_data",))
