"""X archive files: the ``window.YTD`` envelope, which member holds what, and the record readers.

Kept apart from ``x.py`` (which orchestrates parts, coverage and the frame) so each reader is a
plain loop that appends to column lists: no per-row objects or frames in the hot path.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import PurePosixPath
from typing import Any

import msgspec
import orjson

from presence_audit.archive import is_debris
from presence_audit.errors import ArchiveError
from presence_audit.importers._toolkit import MemberError, Route, Rows, is_media

# stem of a data file (basename without -partN and .js) -> reader name
STEMS: dict[str, str] = {
    "tweet": "tweets", "tweets": "tweets", "community-tweet": "tweets",
    "deleted-tweets": "tweets",
    "note-tweet": "notes",
    "like": "likes",
    "following": "following", "follower": "follower",
    "direct-messages": "dms", "direct-messages-group": "group_dms",
    "message-event": "message_events",
    "saved-search": "searches",
    "account": "account", "manifest": "manifest", "profile": "profile",
    "screen-name-change": "screen_names",
}
# reader -> Activity kind named in coverage
COVERAGE_KIND = {
    "tweets": "post", "notes": "post", "likes": "like", "following": "follow",
    "follower": "follower", "dms": "message", "group_dms": "message",
    "message_events": "message", "searches": "search", "account": "account",
    "manifest": "account", "profile": "account", "screen_names": "account",
}
# reading order: account facts first (own id, handle, generation date), tweets before notes
ORDER = ("manifest", "account", "profile", "screen_names", "tweets", "notes", "likes",
         "following", "follower", "dms", "group_dms", "message_events", "searches")
WRAPPERS = {
    "tweets": "tweet", "notes": "noteTweet", "likes": "like", "following": "following",
    "follower": "follower", "dms": "dmConversation", "group_dms": "dmConversation",
    "message_events": "messageEvent", "searches": "savedSearch", "account": "account",
    "profile": "profile", "screen_names": "screenNameChange",
}

_DATA_FILE = re.compile(r"^(?P<stem>[a-z0-9_-]+?)(?:-part(?P<n>\d+))?\.js$")
_MONTHS = {m: f"{i:02d}" for i, m in enumerate(
    ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), 1)}
_STATUS_URL = re.compile(r"^https?://(?:www\.|mobile\.)?(?:twitter|x)\.com/([A-Za-z0-9_]{1,15})"
                         r"/status(?:es)?/(\d+)")
SNOWFLAKE_EPOCH_MS = 1288834974657
FIRST_SNOWFLAKE = 1 << 36  # ids below are pre-Nov-2010 sequential ids, not snowflakes
FIRST_YEAR = "2006"


# ---------------------------------------------------------------- member names


def stem_routes() -> list[Route]:
    """One route per data file stem: ``<stem>.js`` and its ``<stem>-partN.js`` parts."""
    return [Route(re.compile("^" + re.escape(stem) + r"(?:-part\d+)?\.js$"), reader,
                  COVERAGE_KIND[reader]) for stem, reader in STEMS.items()]


def data_file(rel: str, data_prefix: str) -> tuple[str, int] | None:
    """(stem, part number) when ``rel`` is a data ``*.js`` file directly in the data folder."""
    if not rel.startswith(data_prefix):
        return None
    m = _DATA_FILE.match(rel[len(data_prefix):])
    return (m["stem"], int(m["n"] or 0)) if m else None


def classify_other(rel: str, media_dirs: set[str]) -> tuple[str, str, str]:
    """(status, kind, reason) for a member that is not a data file this importer reads."""
    path = PurePosixPath(rel)
    if is_debris(rel):
        return "skipped", "debris", "macOS debris (resource fork or desktop file)"
    folders = path.parts[:-1]
    if any(f.endswith("_media") or f in media_dirs for f in folders) or is_media(rel):
        return "skipped", "media", "media file (never unpacked or read)"
    if path.name == "Your archive.html" or (folders and folders[0] == "assets"):
        return "skipped", "viewer", "the archive's offline viewer (no data)"
    if path.name.lower() == "readme.txt":
        return "skipped", "documentation", "the archive's field documentation (no data)"
    return "unrecognized", "other", "not a file this tool reads: its contents were not checked"


# ---------------------------------------------------------------- envelope


def load_member(read: Callable[[], bytes]) -> object:
    """Parse one ``window.YTD.<name>.partN = [...]`` (or ``window.__THAR_CONFIG = {...}``) file.

    Parsed once with orjson, straight from a view of the bytes after the first ``=``.
    """
    return parse(envelope(read))


def _one_line(text: str) -> str:
    return " ".join(text.split())


def items_of(payload: object, wrapper: str) -> list:
    """The array of a data file, with ``{"<wrapper>": {...}}`` items unwrapped (bare ones kept)."""
    if not isinstance(payload, list):
        raise MemberError("expected a JSON array after the envelope")
    # quirk: records are wrapped from ~2020 on, bare in 2018-2020 files
    return [it[wrapper] if type(it) is dict and type(it.get(wrapper)) is dict else it
            for it in payload]


# ---------------------------------------------------------------- typed fast path


class Rec(msgspec.Struct, forbid_unknown_fields=False):
    """A record decoded with only the fields a reader uses; ``get`` mirrors ``dict.get`` so
    the same reader code runs on typed records and on plain dicts (the fallback)."""

    # C-level attribute lookup: readers only ask for declared fields, all defaulting to None
    get = msgspec.Struct.__getattribute__


OBJ = (dict, Rec)  # what a reader accepts as a record object


class XUrl(Rec):
    url: str | None = None
    expanded_url: str | None = None


class XMention(Rec):
    screen_name: str | None = None
    id_str: str | None = None


class XEntities(Rec):
    urls: list[XUrl] | None = None
    media: list[XUrl] | None = None
    user_mentions: list[XMention] | None = None


class XTweet(Rec):
    id_str: str | None = None
    id: str | None = None
    created_at: str | None = None
    full_text: str | None = None
    text: str | None = None
    entities: XEntities | None = None
    in_reply_to_user_id_str: str | None = None
    in_reply_to_screen_name: str | None = None
    in_reply_to_status_id_str: str | None = None
    edit_info: dict | None = None


class XLike(Rec):
    tweetId: str | None = None  # X's field names
    fullText: str | None = None
    expandedUrl: str | None = None


class XRelation(Rec):
    accountId: str | None = None
    userLink: str | None = None


class _TweetItem(msgspec.Struct):
    tweet: XTweet | None = None


class _LikeItem(msgspec.Struct):
    like: XLike | None = None


class _FollowingItem(msgspec.Struct):
    following: XRelation | None = None


class _FollowerItem(msgspec.Struct):
    follower: XRelation | None = None


_FAST: dict[str, tuple[str, msgspec.json.Decoder[Any]]] = {
    "tweets": ("tweet", msgspec.json.Decoder(list[_TweetItem])),
    "likes": ("like", msgspec.json.Decoder(list[_LikeItem])),
    "following": ("following", msgspec.json.Decoder(list[_FollowingItem])),
    "follower": ("follower", msgspec.json.Decoder(list[_FollowerItem]))}


def envelope(read: Callable[[], bytes]) -> memoryview:
    """The JSON text of one ``window.YTD.<name>.partN = [...]`` file, as a view of the bytes."""
    try:
        data = read()
    except ArchiveError as exc:
        raise MemberError(_one_line(str(exc))) from None
    start = 3 if data[:3] == b"\xef\xbb\xbf" else 0  # quirk: tolerate a BOM though X writes none
    eq = data.find(b"=", start)
    head = data[start:eq].strip() if eq >= 0 else b""
    if eq < 0 or not head.startswith(b"window."):
        raise MemberError("not a window.YTD data file (no 'window.… =' assignment at the start)")
    end = len(data.rstrip(b" \t\r\n;"))  # some files end with a semicolon
    return memoryview(data)[eq + 1:end]


def parse(view: memoryview) -> object:
    """orjson parse of an envelope's JSON (the general path)."""
    try:
        return orjson.loads(view)
    except orjson.JSONDecodeError as exc:
        raise MemberError(f"truncated or invalid JSON after the envelope ({exc})") from None


def load_items(read: Callable[[], bytes], reader: str, wrapper: str) -> tuple[list, bool]:
    """A data file's records and whether the typed fast path read them.

    tweets/likes/follows decode straight into Structs holding only the fields the readers
    use; any record the Structs cannot hold (a wrong type, a bare or odd item) sends the whole
    file to the per-record path, which counts each bad record with its reason.
    """
    view = envelope(read)
    fast = _FAST.get(reader)
    if fast is not None:
        key, decoder = fast
        try:
            wrapped = decoder.decode(view)
        except (msgspec.DecodeError, msgspec.ValidationError):
            wrapped = None
        if wrapped is not None:
            items = [getattr(w, key) for w in wrapped]
            del wrapped
            if all(it is not None for it in items):
                return items, True
            del items
    return items_of(parse(view), wrapper), False


# ---------------------------------------------------------------- row sink


# one group of Activity rows plus, per row, its coverage entry and part; ts are ISO strings;
# ``received`` is True for a message someone else sent the owner (its row gets no account)
FIELDS = ("record_id", "kind", "ts", "time_basis", "text", "counterpart", "counterpart_id",
          "mentions", "url", "source", "entry", "part", "received")


def new_rows() -> Rows:
    """Readers add positionally, in ``FIELDS`` order (the hot path: no keyword parsing)."""
    return Rows(FIELDS)


@dataclass
class Member:
    """What the reader of one member needs: where rows go and how their provenance reads."""

    source: Callable[[int], str]
    entry: int
    part: int
    bad: Counter
    notes: list[str]


@dataclass
class Account:
    """The archive owner's facts, gathered from manifest.js / account.js before the data."""

    account_id: str | None = None
    handle: str | None = None
    generated: str | None = None  # ISO generation date from manifest.js
    previous_handles: list[str] = field(default_factory=list)
    # display name, bio, location, website: the `profile` row TITLE_MISUSE and M-TITLED read
    facts: dict[str, str] = field(default_factory=dict)

    def profile_text(self) -> str | None:
        order = ("display name", "username", "bio", "location", "website", "previous handles")
        facts = {**self.facts, "username": self.handle or ""}
        if self.previous_handles:
            facts["previous handles"] = ", ".join(self.previous_handles)
        text = "; ".join(f"{k}: {facts[k]}" for k in order if facts.get(k))
        return text if self.facts else None


def _digits(value: object) -> str | None:
    return value if type(value) is str and value.isdigit() else None


def tweet_time(created: object) -> str | None:
    """ISO string from ``Tue May 14 09:15:02 +0000 2024`` without per-record strptime."""
    if type(created) is not str:
        return None
    if len(created) == 30 and created[19:26] == " +0000 " and created[3] == " ":
        month = _MONTHS.get(created[4:7])
        if month:
            return f"{created[26:30]}-{month}-{created[8:10]}T{created[11:19]}Z"
    try:  # quirk: X writes +0000 always; other offsets take the slow path
        dt = datetime.strptime(created, "%a %b %d %H:%M:%S %z %Y")
    except ValueError:
        return None
    return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def unescape(text: str) -> str:
    """Undo X's HTML escaping; plain replaces for the three entities X writes."""
    if "&#" in text:
        return html.unescape(text)
    # quirk: full_text keeps &amp; &lt; &gt; (&amp; last, so "&amp;lt;" stays "&lt;")
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def status_url(url: object) -> tuple[str, str] | None:
    """(handle, status id) of an x.com/twitter.com status link, else None."""
    if type(url) is not str or "/status" not in url:
        return None
    m = _STATUS_URL.match(url)
    if not m or m[1].lower() in ("i", "intent"):
        return None
    return m[1], m[2]


def expand(text: str, urls: object, short: str, long: str) -> str:
    """Replace t.co short links by their expanded targets (plain replace, no regex)."""
    if type(urls) is list:
        for u in urls:
            if isinstance(u, OBJ):
                s, e = u.get(short), u.get(long)
                if type(s) is str and s and type(e) is str and e:
                    text = text.replace(s, e)
    return text


# ---------------------------------------------------------------- readers


def read_tweets(items: list, rows: Rows, m: Member, acct: Account, pairs: dict[str, str],
                chains: list[tuple[int, list[str]]]) -> None:
    """Posts, replies, reposts and quotes (tweets.js, tweet.js, parts, deleted, community)."""
    own = acct.handle
    prefix = f"https://x.com/{own}/status/" if own else "https://x.com/i/web/status/"
    for i, t in enumerate(items):
        head = _tweet_head(t, m)
        if head is None:
            continue
        tid, ts, text = head
        ent = t.get("entities")
        ent = ent if isinstance(ent, OBJ) else {}
        if "&" in text:
            text = unescape(text)
        urls = ent.get("urls")
        text = expand(text, urls, "url", "expanded_url")
        text = expand(text, ent.get("media"), "url", "expanded_url")
        names, by_name = _mentions(ent.get("user_mentions"), pairs)
        kind, cp, cp_id = _tweet_kind(t, text, urls, by_name, pairs)
        ids = _edit_ids(t.get("edit_info"))
        if type(ids) is list and len(ids) > 1:
            chains.append((len(rows), [x for x in ids if _digits(x)]))
        rows.add(tid, kind, ts, "exact", text, cp, cp_id, " ".join(names), prefix + tid,
                 m.source(i), m.entry, m.part)


def _tweet_head(t: object, m: Member) -> tuple[str, str, str] | None:
    """(id, time, raw text) of a usable tweet object; else None, counted in ``m.bad``."""
    if not isinstance(t, OBJ):
        m.bad["not a tweet object"] += 1
        return None
    tid = _digits(t.get("id_str")) or _digits(t.get("id"))
    if tid is None:
        m.bad["without a usable id_str"] += 1
        return None
    ts = tweet_time(t.get("created_at"))
    if ts is None:
        m.bad["with an unreadable created_at"] += 1
        return None
    if ts[:4] < FIRST_YEAR:  # quirk: some exports carry tweets dated 1997/2003; drop them
        m.bad["dated before 2006 (placeholder dates)"] += 1
        return None
    text = t.get("full_text")
    if text is None:
        text = t.get("text")
    if type(text) is not str:
        m.bad["without a text"] += 1
        return None
    return tid, ts, text


def _mentions(um: object, pairs: dict[str, str]) -> tuple[list[str], dict[str, str]]:
    """Mentioned screen names (lower case) and name -> user id; records id -> name pairs."""
    names: list[str] = []
    by_name: dict[str, str] = {}
    if type(um) is not list:
        return names, by_name
    for u in um:
        if not isinstance(u, OBJ):
            continue
        sn = u.get("screen_name")
        if type(sn) is str and sn:
            low = sn.lower()
            names.append(low)
            uid = _digits(u.get("id_str"))  # quirk: "-1" = deleted user, unusable
            if uid:
                pairs[uid] = sn
                by_name[low] = uid
    return names, by_name


def _tweet_kind(t: dict | Rec, text: str, urls: object, by_name: dict[str, str],
                pairs: dict[str, str]) -> tuple[str, str | None, str | None]:
    """(kind, counterpart, counterpart id): repost, reply, quote or post."""
    reply_uid = _digits(t.get("in_reply_to_user_id_str"))
    reply_sn = t.get("in_reply_to_screen_name")
    reply_sn = reply_sn if type(reply_sn) is str and reply_sn else None
    if reply_uid and reply_sn:
        pairs[reply_uid] = reply_sn
    if text.startswith("RT @"):  # quirk: no retweeted_status in archives; only the prefix
        colon = text.find(":", 4)
        cp = text[4:colon] if colon > 4 else text[4:].split(" ", 1)[0]
        return "repost", cp, by_name.get(cp.lower())
    if t.get("in_reply_to_status_id_str"):
        return "reply", reply_sn, reply_uid  # quirk: old replies may lack the screen name
    if type(urls) is list:  # quirk: no quoted_status in archives; a status link is a quote
        for u in urls:
            q = status_url(u.get("expanded_url")) if isinstance(u, OBJ) else None
            if q:
                return "quote", q[0], by_name.get(q[0].lower())
    return "post", None, None


def _edit_ids(ei: object) -> object:
    """The ``editTweetIds`` of a tweet's ``edit_info`` (old and new layouts), else None."""
    if type(ei) is not dict:
        return None
    ctl = ei.get("initial")
    if type(ctl) is not dict:
        edit = ei.get("edit")
        ctl = edit.get("editControlInitial") if type(edit) is dict else None
    return ctl.get("editTweetIds") if type(ctl) is dict else None


def read_notes(items: list, m: Member) -> list[tuple]:
    """Long posts (note-tweet.js) as (id, second, text, mentions, member, index) to link later."""
    notes = []
    for i, n in enumerate(items):
        if type(n) is not dict:
            m.bad["not a note object"] += 1
            continue
        nid = _digits(n.get("noteTweetId"))
        core = n.get("core")
        core = core if type(core) is dict else {}
        created = n.get("createdAt")
        text = core.get("text")
        if nid is None or type(text) is not str or type(created) is not str \
                or len(created) < 19:
            m.bad["without an id, text or createdAt"] += 1
            continue
        text = expand(text, core.get("urls"), "shortUrl", "expandedUrl")
        mentions = core.get("mentions")
        names = [x.get("screenName", "").lower() for x in mentions or []
                 if type(x) is dict and type(x.get("screenName")) is str]
        notes.append((nid, created[:19] + "Z", text, " ".join(names), m, i))
    return notes


def read_likes(items: list, rows: Rows, m: Member, ids: list[int]) -> None:
    """Likes: no date of their own; dated later by the liked tweet's snowflake id (a bound)."""
    for i, lk in enumerate(items):
        if not isinstance(lk, OBJ):
            m.bad["not a like object"] += 1
            continue
        tid = _digits(lk.get("tweetId"))
        if tid is None:
            m.bad["without a usable tweetId"] += 1
            continue
        text = lk.get("fullText")  # quirk: absent for tweets the account can no longer see
        url = lk.get("expandedUrl")
        url = url if type(url) is str else None
        q = status_url(url)
        if type(text) is str and "&" in text:
            text = unescape(text)
        rows.add("like:" + tid, "like", None, "bound", text if type(text) is str else None,
                 q[0] if q else None, None, "", url, m.source(i), m.entry, m.part)
        ids.append(int(tid))


def read_relations(items: list, rows: Rows, m: Member, kind: str) -> None:
    """following.js / follower.js: account ids only, no dates."""
    for i, r in enumerate(items):
        aid = _digits(r.get("accountId")) if isinstance(r, OBJ) else None
        if aid is None:
            m.bad["without a usable accountId (deleted accounts are -1)"] += 1
            continue
        link = r.get("userLink")  # quirk: missing in ~2019-2020 files
        url = link if type(link) is str else f"https://x.com/i/user/{aid}"
        rows.add(f"{kind}:{aid}", kind, None, "unknown", None, None, aid, "", url,
                 m.source(i), m.entry, m.part)


def read_dms(items: list, rows: Rows, m: Member, acct: Account, group: bool) -> None:
    """direct-messages.js and direct-messages-group.js: one row per messageCreate."""
    own = acct.account_id
    events: Counter = Counter()
    for i, conv in enumerate(items):
        if type(conv) is not dict or type(conv.get("messages")) is not list:
            m.bad["conversation without a messages list"] += 1
            continue
        cid = conv.get("conversationId")
        cid = cid if type(cid) is str else ""
        name = _group_name(conv["messages"]) if group else None
        for j, ev in enumerate(conv["messages"]):
            if type(ev) is not dict:
                m.bad["message event that is not an object"] += 1
                continue
            mc = ev.get("messageCreate")
            if type(mc) is not dict:
                for key in ev:  # group events: joins, leaves, renames are not messages
                    events[key] += 1
                continue
            mid, created = _digits(mc.get("id")), mc.get("createdAt")
            sender = _digits(mc.get("senderId"))
            if mid is None or type(created) is not str or sender is None:
                m.bad["message without an id, createdAt or senderId"] += 1
                continue
            text = mc.get("text")
            text = expand(text, mc.get("urls"), "url", "expanded") if type(text) is str else None
            cp_id: str | None
            if group:
                cp_id = sender if sender != own else cid
                cp = name if sender == own else None
            else:
                recipient = _digits(mc.get("recipientId"))
                cp_id = sender if sender != own else recipient
                if cp_id is None:  # recipient missing: the other half of "<idA>-<idB>"
                    cp_id = next((x for x in cid.split("-") if x != own), None)
                cp = None
            rows.add(mid, "message", created, "exact", text, cp, cp_id, "", None,
                     f"{m.source(i)}/{j}", m.entry, m.part, own is not None and sender != own)
    if events:
        listed = ", ".join(f"{n} {k}" for k, n in sorted(events.items()))
        m.notes.append(f"conversation events that are not messages: {listed}")


def _group_name(events: list) -> str | None:
    """The group's latest name (conversationNameUpdate), wherever it sits in the list."""
    name: str | None = None
    when = ""
    for ev in events:
        upd = ev.get("conversationNameUpdate") if type(ev) is dict else None
        if type(upd) is dict and type(upd.get("name")) is str:
            at = upd["createdAt"] if type(upd.get("createdAt")) is str else ""
            if name is None or at >= when:
                name, when = upd["name"], at
    return name


def read_message_events(items: list, rows: Rows, m: Member, acct: Account) -> None:
    """message-event.js (encrypted DMs, 2025+): counted and dated, the content is ciphertext."""
    own = acct.account_id
    other: Counter = Counter()
    for i, ev in enumerate(items):
        if type(ev) is not dict:
            m.bad["not a message event object"] += 1
            continue
        detail = ev.get("detail")
        if type(detail) is not dict or "messageCreateEvent" not in detail:
            for key in detail if type(detail) is dict else ("unknown",):
                other[key] += 1
            continue
        mid, ms = ev.get("messageId"), _digits(ev.get("createdAtMsec"))
        sender = _digits(ev.get("senderId"))
        if type(mid) is not str or not mid or ms is None:
            m.bad["encrypted message without a messageId or createdAtMsec"] += 1
            continue
        ts = datetime.fromtimestamp(int(ms) / 1000, UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        cid = ev.get("conversationId")
        cp_id = sender if sender and sender != own else next(
            (x for x in (cid.split(":") if type(cid) is str else []) if x != own), None)
        rows.add(mid, "message", ts, "exact", "", None, cp_id, "", None, m.source(i),
                 m.entry, m.part)
    m.notes.append("content encrypted, not readable")
    if other:
        m.notes.append("events that are not messages: "
                       + ", ".join(f"{n} {k}" for k, n in sorted(other.items())))


def read_searches(items: list, rows: Rows, m: Member) -> None:
    """saved-search.js: saved queries (X exports no search history)."""
    for i, s in enumerate(items):
        sid = _digits(s.get("savedSearchId")) if type(s) is dict else None
        query = s.get("query") if type(s) is dict else None
        if sid is None or type(query) is not str:
            m.bad["saved search without an id or query"] += 1
            continue
        rows.add(f"search:{sid}", "search", None, "unknown", query, None, None, "", None,
                 m.source(i), m.entry, m.part)


def read_account(items: list, m: Member, acct: Account) -> None:
    for a in items:
        if type(a) is dict:
            acct.account_id = acct.account_id or _digits(a.get("accountId"))
            if type(a.get("username")) is str and a["username"]:
                acct.handle = a["username"]
            if type(a.get("accountDisplayName")) is str and a["accountDisplayName"].strip():
                acct.facts["display name"] = a["accountDisplayName"].strip()


def read_profile(items: list, m: Member, acct: Account) -> None:
    """profile.js: ``profile.description{bio, website, location}``."""
    for p in items:
        desc = p.get("description") if type(p) is dict else None
        if type(desc) is not dict:
            continue
        for key in ("bio", "location", "website"):
            if type(desc.get(key)) is str and desc[key].strip():
                acct.facts[key] = html.unescape(desc[key].strip())


def read_manifest(payload: object, acct: Account) -> tuple[list[str], set[str]]:
    """Account facts and generation date; returns (listed file names, media directories)."""
    if type(payload) is not dict:
        raise MemberError("manifest.js does not hold a JSON object")
    info, arch = payload.get("userInfo"), payload.get("archiveInfo")
    if type(info) is dict:
        acct.account_id = acct.account_id or _digits(info.get("accountId"))
        if not acct.handle and type(info.get("userName")) is str:
            acct.handle = info["userName"] or None
    if type(arch) is dict and type(arch.get("generationDate")) is str:
        acct.generated = arch["generationDate"]
    files, media = [], set()
    types = payload.get("dataTypes")
    for spec in (types.values() if type(types) is dict else ()):
        if type(spec) is not dict:
            continue
        if type(spec.get("mediaDirectory")) is str:
            media.add(PurePosixPath(spec["mediaDirectory"]).name)
        for f in spec.get("files") or ():
            if type(f) is dict and type(f.get("fileName")) is str:
                files.append(f["fileName"])
    return files, media


def read_screen_names(items: list, m: Member, acct: Account) -> None:
    for s in items:
        inner = s.get("screenNameChange") if type(s) is dict else None
        if type(inner) is dict and type(inner.get("changedFrom")) is str:
            acct.previous_handles.append(inner["changedFrom"])
    if acct.previous_handles:
        m.notes.append("previous handles: " + ", ".join(acct.previous_handles))
