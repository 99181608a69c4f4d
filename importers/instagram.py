"""Instagram and Threads "Download your information" exports (JSON format).

How a user gets it: Accounts Center → Your information and permissions → Export your
information → the Instagram profile, **All time**, format **JSON** (an HTML download,
often the default, is read by ``instagram_html`` with less certainty). The zip is named
``instagram-<username>-<YYYY-MM-DD>-<random>.zip``; big histories arrive as several zips.
Threads data sits inside it (``your_instagram_activity/threads/``), so this importer emits
rows for two platforms: ``instagram`` and ``threads``.

Layouts read (formats.md 3.2): the 2018-2019 flat files (``media.json``, ``connections.json``
next to ``profile.json``), the 2020-2022 category folders (``followers_and_following/``,
``content/``), 2023 bare-list files, the 2023-2024 nested categories (``connections/``,
``your_instagram_activity/``) and the 2025+ changes (``media/`` instead of ``content/``,
usernames in ``title`` or only in ``/_u/`` links, ``label_values`` likes, Threads, reposts).
Instagram folders inside a Facebook Accounts Center export are found per folder.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import urlsplit

import pandas as pd

from presence_audit import schema
from presence_audit.archive import is_debris
from presence_audit.coverage import CoverageEntry
from presence_audit.importers import ExportPart, ImportContext, ImportResult, _meta, register
from presence_audit.importers._instagram_paths import (
    FACEBOOK_MARKERS,
    FLAT_SPECS,
    OWNED_PREFIXES,
    SPECS,
    split_order,
)
from presence_audit.importers._meta_html import without_html_downloads
from presence_audit.importers._toolkit import MemberError, Route, RouteTable, Rows, is_media

PLATFORM = "instagram"
SHORTCODE = re.compile(r"/(?:p|reels?|tv|post)/([A-Za-z0-9_-]+)")
MENTION = r"@([a-z0-9._]{1,30}[a-z0-9_])"
# localized "Media Owner" labels _meta.string_map does not map yet (formats.md 3.3: NL, DA)
OWNER_ALIASES = ("Auteur", "Forfatter", "Autor", "Author", "Autore")
EPOCH_2000 = 946_684_800  # earlier "times" are placeholders (formats.md 0.3), never 1970
YEAR_2100 = 4_102_444_800  # later "times" are garbage (and overflow datetime64 past 2262)


# --- detection ---------------------------------------------------------------------------

# Instagram-only folder pairs (Facebook has personal_information/profile_information and
# logged_information/search): they mark a root even in a split zip without activity files
IG_FOLDER_PAIRS = {("connections", "followers_and_following"),
                   ("logged_information", "recent_searches"),
                   ("personal_information", "personal_information")}


def find_roots(names: Iterable[str]) -> list[str]:
    """Export roots by marker folders, at any depth (formats.md 0.2)."""
    roots: set[str] = set()
    flat_dirs: dict[str, set[str]] = defaultdict(set)
    for name in names:
        parts = name.split("/")
        for i, seg in enumerate(parts[:-1]):
            nxt = parts[i + 1] if i + 1 < len(parts) - 1 else ""
            if (seg == "your_instagram_activity"
                    or (seg, nxt) in IG_FOLDER_PAIRS
                    or (seg == "followers_and_following"
                        and (i == 0 or parts[i - 1] != "connections"))):
                roots.add("".join(p + "/" for p in parts[:i]))
                break
        # 2018-2019 flat files sit next to profile.json
        if parts[-1] in ("profile.json", "media.json", "connections.json"):
            flat_dirs["".join(p + "/" for p in parts[:-1])].add(parts[-1])
    for folder, files in flat_dirs.items():
        if "profile.json" in files and files & {"media.json", "connections.json"}:
            roots.add(folder)
    return sorted(roots)


# --- rows --------------------------------------------------------------------------------

# seconds are turned into times once, vectorized, when the part's frame is built; a record
# repeating one of any part of the export is counted once (the frame is de-duplicated on
# (platform, record_id), so coverage row counts must match it)
FIELDS = ("platform", "kind", "record_id", "seconds", "text", "counterpart", "url", "source")


def new_rows(seen: set[tuple[str, str]] | None = None) -> Rows:
    return Rows(FIELDS, dedupe=("platform", "record_id"), seen=seen,
                empty_as_none=("text", "counterpart", "url"))


def seconds_to_utc(values: list) -> pd.Series:
    """Unix seconds to UTC times; 0, garbage, pre-2000 and post-2100 values become NaT."""
    numbers = [v if isinstance(v, int | float | str) and not isinstance(v, bool) else None
               for v in values]
    s = pd.to_numeric(pd.Series(numbers, dtype=object), errors="coerce").astype("float64")
    s = s.where((s >= EPOCH_2000) & (s <= YEAR_2100))
    return pd.Series(pd.to_datetime(s, unit="s", utc=True), dtype=schema.UTC_TS)


def iso_seconds(value: object) -> float | None:
    """2018-2019 flat files write ISO times (``taken_at``); turn them into Unix seconds."""
    if not isinstance(value, str) or not value:
        return None
    ts = pd.to_datetime(value, utc=True, errors="coerce")
    return None if pd.isna(ts) else ts.timestamp()


# --- small field helpers -----------------------------------------------------------------

_text = _meta.text


def username_from_href(href: object) -> str:
    """Last path segment of a profile link: /name, /_u/name?igsh=…, threads /@name."""
    if not isinstance(href, str) or not href:
        return ""
    path = [seg for seg in urlsplit(href).path.split("/") if seg]
    if not path or SHORTCODE.search(urlsplit(href).path):
        return path[0].lstrip("@") if path and path[0].startswith("@") else ""
    return path[-1].lstrip("@")


def shortcode(href: object) -> str:
    m = SHORTCODE.search(href) if isinstance(href, str) else None
    return m.group(1) if m else ""


PROFILE_FACTS = ("name", "username", "bio", "website", "private account", "date of birth")


def profile_text(smap: dict) -> str | None:
    """The account-level facts TITLE_MISUSE, ACCOUNT_HYGIENE and M-TITLED read, one line."""
    by_label = {k.lower(): v for k, v in smap.items() if isinstance(k, str)}
    facts = [f"{label}: {value}" for label in PROFILE_FACTS
             if (value := _text(by_label.get(label)))]
    return "; ".join(facts) or None


def sm_value(smap: dict, key: str) -> str:
    """Text of a canonical ``string_map_data`` entry (``_meta.string_map`` output)."""
    return _text(smap.get(key))


def sm_time(smap: dict, key: str) -> object:
    """Seconds of a canonical entry whose value is empty (time entries carry a timestamp)."""
    value = smap.get(key)
    return value if isinstance(value, int | float) and not isinstance(value, bool) else None


def sm_href(smap: dict, key: str) -> str:
    value = smap.get(f"{key}.href") or smap.get(key)
    return value if isinstance(value, str) and value.startswith("http") else ""


def string_list(record: dict) -> tuple[dict, str]:
    """First ``string_list_data`` entry and the record's ``title`` (formats.md 3.3)."""
    items = _meta.dicts(record.get("string_list_data"))
    return (items[0] if items else {}), _text(record.get("title"))


def label_lookup(flat: object, *labels: str) -> object:
    """Find a label anywhere in a flattened label_values dict (Owner nests Username)."""
    stack = [flat]
    while stack:
        cur = stack.pop()
        if isinstance(cur, dict):
            for label in labels:
                if label in cur and not isinstance(cur[label], dict | list):
                    return cur[label]
            stack.extend(cur.values())
        elif isinstance(cur, list):
            stack.extend(cur)
    return None


# --- readers: one per file shape ---------------------------------------------------------

@dataclass
class Member:
    """What a reader needs about the file it reads."""

    part: ExportPart
    rel: str
    spec: Route
    rows: Rows
    own: frozenset[str] = frozenset()
    bad: int = 0
    note: str = ""

    def source(self, index: int) -> str:
        return self.part.source(self.rel, index)


def read_media(data: object, m: Member) -> None:
    """Posts, stories, reels, archived posts and Threads posts (media[] shape)."""
    platform, kind = m.spec.platform, m.spec.kind
    for i, rec in enumerate(_meta.records_under(data, *m.spec.keys)):
        if not isinstance(rec, dict):
            m.bad += 1
            continue
        media = _meta.dicts(rec.get("media")) or [rec]
        # caption: post-level title for carousels, media[0].title for single media
        text = _text(rec.get("title")) or _text(media[0].get("title"))
        seconds = rec.get("creation_timestamp") or media[0].get("creation_timestamp")
        uri = PurePosixPath(_text(media[0].get("uri"))).name
        rid = schema.content_id(platform, kind, seconds, text, uri)
        m.rows.add(platform, kind, rid, seconds, text=text, source=m.source(i))


def read_comments(data: object, m: Member) -> None:
    """Comments on posts and reels (string_map_data with localized keys)."""
    for i, rec in enumerate(_meta.records_under(data, *m.spec.keys)):
        smap = _meta.string_map(rec) if isinstance(rec, dict) else {}
        text = sm_value(smap, "Comment")
        owner = sm_value(smap, "Media Owner") or next(
            (sm_value(smap, k) for k in OWNER_ALIASES if sm_value(smap, k)), "")
        seconds = sm_time(smap, "Time")
        if not text and not owner:
            m.bad += 1
            continue
        href = sm_href(smap, "Comment") or sm_href(smap, "Media Owner")
        rid = schema.content_id(PLATFORM, "comment", seconds, text, owner)
        m.rows.add(PLATFORM, "comment", rid, seconds, text=text, counterpart=owner, url=href,
                   source=m.source(i))


def read_likes(data: object, m: Member) -> None:
    """Liked posts/comments/stories: v0 string_list_data, or 2025 label_values + fbid."""
    records = _meta.records_under(data, *m.spec.keys)
    tag = PurePosixPath(m.rel).stem  # liked_posts / liked_comments / story_likes
    for i, rec in enumerate(records):
        if not isinstance(rec, dict):
            m.bad += 1
            continue
        if "label_values" in rec:
            flat = _meta.flatten_label_values(rec.get("label_values") or [])
            href = _text(label_lookup(flat, "URL", "Url"))
            owner = _text(label_lookup(flat, "Username", "Nome utente", "Benutzername"))
            seconds, fbid = rec.get("timestamp"), _text(str(rec.get("fbid") or ""))
        else:
            first, owner = string_list(rec)
            href, seconds, fbid = _text(first.get("href")), first.get("timestamp"), ""
        owner = owner or username_from_href(href)
        _add_like(m, m.spec.platform, tag, i, href, owner, seconds, fbid)


def _add_like(m: Member, platform: str, tag: str, i: int, href: str, owner: str,
              seconds: object, fbid: str) -> None:
    if not (href or owner):
        m.bad += 1
        return
    code = shortcode(href)
    # a liked comment's link is the post's, so several liked comments share one shortcode
    if code and tag != "liked_comments":
        rid = f"{tag}:{code}"
    elif fbid:
        rid = f"{tag}:fbid:{fbid}"
    else:
        rid = schema.content_id(platform, tag, seconds, href, owner)
    m.rows.add(platform, "like", rid, seconds, counterpart=owner, url=href, source=m.source(i))


def read_relations(data: object, m: Member) -> None:
    """Following / followers / close friends (string_list_data; username in value, title
    or only in the /_u/ link, formats.md 3.7.1)."""
    platform, kind = m.spec.platform, m.spec.kind
    for i, rec in enumerate(_meta.records_under(data, *m.spec.keys)):
        if not isinstance(rec, dict):
            m.bad += 1
            continue
        first, title = string_list(rec)
        href = _text(first.get("href"))
        name = _text(first.get("value")) or title or username_from_href(href)
        if not name:
            m.bad += 1
            continue
        m.rows.add(platform, kind, f"{kind}:{name.lower()}", first.get("timestamp"),
                   counterpart=name, url=href, source=m.source(i))


def read_hashtags(data: object, m: Member) -> None:
    """Followed hashtags: a follow whose counterpart is ``#tag``."""
    for i, rec in enumerate(_meta.records_under(data, *m.spec.keys)):
        first, title = string_list(rec) if isinstance(rec, dict) else ({}, "")
        tag = (_text(first.get("value")) or title).lstrip("#")
        if not tag:
            m.bad += 1
            continue
        m.rows.add(PLATFORM, "follow", f"follow:#{tag.lower()}", first.get("timestamp"),
                   counterpart=f"#{tag}", url=_text(first.get("href")), source=m.source(i))


def read_searches(data: object, m: Member) -> None:
    """Profile, keyword and hashtag searches (string_map_data, or 2025 string_list_data)."""
    stem = PurePosixPath(m.rel).stem
    is_profile = stem in ("profile_searches", "account_searches")
    for i, rec in enumerate(_meta.records_under(data, *m.spec.keys)):
        if not isinstance(rec, dict):
            m.bad += 1
            continue
        if rec.get("string_map_data"):
            smap = _meta.string_map(rec)
            query, href = sm_value(smap, "Search"), sm_href(smap, "Search")
            seconds = sm_time(smap, "Time")
        else:
            first, title = string_list(rec)
            href, seconds = _text(first.get("href")), first.get("timestamp")
            query = _text(first.get("value")) or title
        if is_profile:
            query = query or username_from_href(href)
        if not query:
            m.bad += 1
            continue
        if stem.startswith(("tag", "hashtag")) and not query.startswith("#"):
            query = "#" + query
        rid = schema.content_id(PLATFORM, "search", seconds, query)
        m.rows.add(PLATFORM, "search", rid, seconds, text=query,
                   counterpart=query if is_profile else None, url=href, source=m.source(i))


def read_reposts(data: object, m: Member) -> None:
    """Reposts (2025+): string_map_data ``Time of repost``/``Text`` plus the owner if given."""
    for i, rec in enumerate(_meta.records_under(data, *m.spec.keys)):
        if not isinstance(rec, dict):
            m.bad += 1
            continue
        smap = _meta.string_map(rec)
        href = next((sm_href(smap, k) for k in smap if sm_href(smap, k)), "")
        text = sm_value(smap, "Text")
        owner = (sm_value(smap, "Media Owner") or sm_value(smap, "Username")
                 or _text(rec.get("title")) or username_from_href(href))
        seconds = sm_time(smap, "Time of repost") or sm_time(smap, "Time")
        code = shortcode(href)
        rid = f"repost:{code}" if code else schema.content_id(PLATFORM, "repost", seconds,
                                                               text, owner, href)
        m.rows.add(PLATFORM, "repost", rid, seconds, text=text, counterpart=owner, url=href,
                   source=m.source(i))


def read_saved(data: object, m: Member) -> None:
    """Saved posts are private bookmarks: no Activity kind fits ('like' is a public act the
    owner sees), so they are counted in coverage and not turned into rows."""
    n = len(_meta.records_under(data, *m.spec.keys))
    m.note = (f"{n} saved items not audited: private bookmarks have no Activity kind "
              "('like' would claim a public act)")


def read_skip(data: object, m: Member) -> None:
    m.note = m.spec.reason


# --- 2018-2019 flat files ----------------------------------------------------------------

def read_flat_media(data: object, m: Member) -> None:
    """``media.json``: photos/videos/stories lists with ``caption`` and ISO ``taken_at``."""
    for key in ("photos", "videos", "stories"):
        for i, rec in enumerate(_meta.as_list(_meta.as_dict(data).get(key))):
            if not isinstance(rec, dict):
                m.bad += 1
                continue
            text, seconds = _text(rec.get("caption")), iso_seconds(rec.get("taken_at"))
            uri = PurePosixPath(_text(rec.get("path"))).name
            rid = schema.content_id(PLATFORM, "post", seconds, text, uri)
            m.rows.add(PLATFORM, "post", rid, seconds, text=text,
                       source=m.part.source(f"{m.rel}:{key}", i))


def read_flat_connections(data: object, m: Member) -> None:
    """``connections.json``: {relation: {username: ISO time}}."""
    kinds = {"following": "follow", "followers": "follower", "close_friends": "friend"}
    for key, kind in kinds.items():
        block = _meta.as_dict(_meta.as_dict(data).get(key))
        for i, (name, when) in enumerate(block.items()):
            m.rows.add(PLATFORM, kind, f"{kind}:{name.lower()}", iso_seconds(when),
                       counterpart=name, source=m.part.source(f"{m.rel}:{key}", i))


def read_flat_comments(data: object, m: Member) -> None:
    """``comments.json``: media_comments as [ISO time, text, owner] triples."""
    for i, rec in enumerate(_meta.as_list(_meta.as_dict(data).get("media_comments"))):
        if not (isinstance(rec, list) and len(rec) >= 3):
            m.bad += 1
            continue
        seconds, text, owner = iso_seconds(rec[0]), _text(rec[1]), _text(rec[2])
        rid = schema.content_id(PLATFORM, "comment", seconds, text, owner)
        m.rows.add(PLATFORM, "comment", rid, seconds, text=text, counterpart=owner,
                   source=m.source(i))


def read_flat_likes(data: object, m: Member) -> None:
    """``likes.json``: media_likes / comment_likes as [ISO time, owner] pairs."""
    for key in ("media_likes", "comment_likes"):
        for i, rec in enumerate(_meta.as_list(_meta.as_dict(data).get(key))):
            if not (isinstance(rec, list) and len(rec) >= 2):
                m.bad += 1
                continue
            seconds, owner = iso_seconds(rec[0]), _text(rec[1])
            rid = schema.content_id(PLATFORM, key, seconds, owner)
            m.rows.add(PLATFORM, "like", rid, seconds, counterpart=owner,
                       source=m.part.source(f"{m.rel}:{key}", i))


def read_flat_searches(data: object, m: Member) -> None:
    """``searches.json``: [{search_click, time, type}]."""
    for i, rec in enumerate(data if isinstance(data, list) else []):
        query = _text(rec.get("search_click")) if isinstance(rec, dict) else ""
        if not query:
            m.bad += 1
            continue
        seconds = iso_seconds(rec.get("time"))
        is_user = rec.get("type") == "user"
        rid = schema.content_id(PLATFORM, "search", seconds, query)
        m.rows.add(PLATFORM, "search", rid, seconds, text=query,
                   counterpart=query if is_user else None, source=m.source(i))


def read_flat_messages(data: object, m: Member) -> None:
    """``messages.json``: [{participants, conversation[{sender, created_at, text}]}]."""
    own = m.own
    for t, thread in enumerate(_meta.as_list(data)):
        if not isinstance(thread, dict):
            m.bad += 1
            continue
        people = [p for p in _meta.as_list(thread.get("participants")) if isinstance(p, str)]
        others = [p for p in people if p.lower() not in own]
        for i, msg in enumerate(_meta.as_list(thread.get("conversation"))):
            if not isinstance(msg, dict):
                m.bad += 1
                continue
            sender, text = _text(msg.get("sender")), _text(msg.get("text"))
            seconds = iso_seconds(msg.get("created_at"))
            counterpart = sender if sender.lower() not in own else ", ".join(others)
            rid = schema.content_id(PLATFORM, "message", t, seconds, sender, text)
            m.rows.add(PLATFORM, "message", rid, seconds, text=text, counterpart=counterpart,
                       source=m.part.source(f"{m.rel}:{t}", i))


READERS = {
    "media": read_media, "comments": read_comments, "likes": read_likes,
    "relations": read_relations, "hashtags": read_hashtags,
    "searches": read_searches, "reposts": read_reposts, "saved": read_saved,
    "skip": read_skip, "flat_media": read_flat_media,
    "flat_connections": read_flat_connections, "flat_comments": read_flat_comments,
    "flat_likes": read_flat_likes, "flat_searches": read_flat_searches,
    "flat_messages": read_flat_messages,
}
# read by PartReader itself: the owner's names come first, threads go to _meta.read_threads
HANDLED = ("profile", "flat_profile", "messages")
ROUTES = RouteTable(SPECS, READERS, HANDLED)
FLAT_ROUTES = RouteTable(FLAT_SPECS, READERS, HANDLED)  # the 2018-2019 root layout


# --- one export part ---------------------------------------------------------------------

EXPORT_NAME = re.compile(r"instagram-(?P<user>[A-Za-z0-9._]+)-(?P<date>\d{4}-\d{2}-\d{2})-",
                         re.I)


def name_info(part: ExportPart) -> tuple[str, pd.Timestamp | None]:
    """Username and export date from ``instagram-<user>-<YYYY-MM-DD>-<rand>`` (zip or folder)."""
    for text in (part.root, part.archive.label):
        m = EXPORT_NAME.search(text)
        if m:
            date = pd.to_datetime(m["date"], utc=True, errors="coerce")
            return m["user"], None if pd.isna(date) else date
    return "", None


@dataclass
class PartResult:
    rows: Rows
    messages: list[pd.DataFrame]
    coverage: list[CoverageEntry]
    account: str


class PartReader:
    """Reads one export root: classifies every member, then runs the readers."""

    def __init__(self, part: ExportPart, ctx: ImportContext,
                 seen: set[tuple[str, str]] | None = None):
        self.part, self.ctx = part, ctx
        self.label = part.archive.label
        self.coverage: list[CoverageEntry] = []
        # ids shared by every part of one export: overlapping zips count a record once
        self.seen = set() if seen is None else seen
        self.rows = new_rows(self.seen)

    def cov(self, member: str, kind: str, status: str, records: int = 0, bad: int = 0,
            reason: str = "", platform: str = PLATFORM) -> None:
        self.coverage.append(CoverageEntry(platform, self.label, self.part.root + member, kind,
                                           status, records, bad, reason))

    def members(self) -> tuple[list[str], bool]:
        """Members this importer owns, and whether the root holds the 2018-2019 flat files."""
        members = [m for m in self.part.members() if not is_debris(m)]
        if any(m.startswith(FACEBOOK_MARKERS) for m in members):
            # linked Instagram inside a Facebook export: leave Facebook's files to its importer
            members = [m for m in members if m.startswith(OWNED_PREFIXES)]
        flat = "profile.json" in members and bool({"media.json", "connections.json"}
                                                   & set(members))
        return members, flat

    def classify(self, members: list[str], flat: bool
                 ) -> tuple[dict[Route, list[str]], list[str]]:
        """Group members by table row; media, HTML and unknown files go straight to coverage."""
        claimed: dict[Route, list[str]] = defaultdict(list)
        html = set(_meta.html_files(members))
        media: dict[str, int] = defaultdict(int)
        for rel in members:
            ext = rel.rsplit(".", 1)[-1].lower() if "." in rel else ""
            spec = (FLAT_ROUTES if flat else ROUTES).route(rel) if ext == "json" else None
            if spec is not None:
                claimed[spec].append(rel)
            elif is_media(rel):
                media[rel.split("/", 1)[0] + "/" if "/" in rel else rel] += 1
            elif rel in html:
                self.cov(rel, "html", "unrecognized",
                         reason="HTML-format page: not read; request the export in JSON format")
            elif PurePosixPath(rel).name == "no-data.txt":
                self.cov(rel, "empty", "read", reason="empty category (no-data.txt)")
            else:
                self.cov(rel, "unknown", "unrecognized",
                         reason="not read: no Instagram data kind the audit uses is known here")
        for folder, n in sorted(media.items()):
            self.cov(folder, "media", "skipped", records=0,
                     reason=f"{n} media files (images, videos) not read")
        return claimed, sorted(html)

    def load(self, rel: str, spec: Route, notes: list[str] | None = None) -> object | None:
        try:
            return _meta.load_json(self.part, rel, notes)
        except MemberError as exc:
            self.cov(rel, spec.kind, "failed", reason=exc.reason, platform=spec.platform)
            return None

    def profile_account(self, claimed: dict[Route, list[str]]) -> tuple[str, set[str]]:
        """Own username and display names: profile file, else the profile, else the zip name."""
        names: set[str] = set()
        account = ""
        for spec, rels in claimed.items():
            if spec.reader not in ("profile", "flat_profile"):
                continue
            for rel in rels:
                data = self.load(rel, spec)
                if data is None:
                    continue
                if spec.reader == "profile":
                    records = _meta.records_under(data, *spec.keys)
                    smap = _meta.string_map(records[0]) if records else {}
                else:
                    flat = data if isinstance(data, dict) else {}
                    smap = {k.title(): v for k, v in flat.items() if isinstance(k, str)}
                user, name = sm_value(smap, "Username"), sm_value(smap, "Name")
                account = account or user
                names.update(n for n in (user, name) if n)
                text = profile_text(smap)
                if user and text:
                    self.rows.add(PLATFORM, "profile", f"profile:{user.lower()}", None,
                                  text=text, source=self.part.source(rel))
                self.cov(rel, "profile", "read" if user else "failed",
                         records=int(bool(user and text)),
                         reason="" if user else "no Username in the profile")
        zip_user, _ = name_info(self.part)
        account = account or self.ctx.own_handles.get(PLATFORM, "") or zip_user
        names.update(n for n in (account, self.ctx.own_handles.get(PLATFORM)) if n)
        return account, names

    def run(self) -> PartResult:
        members, flat = self.members()
        claimed, html = self.classify(members, flat)
        if html and not any(m.lower().endswith(".json") for m in members):
            raise _meta.html_error(f"{self.label} (Instagram)", html)
        account, own = self.profile_account(claimed)
        messages: list[pd.DataFrame] = []
        for spec, rels in claimed.items():
            rels = sorted(rels, key=split_order)
            if spec.reader in ("profile", "flat_profile"):
                continue
            if spec.reader == "messages":
                messages.append(self.read_messages(rels, own))
                continue
            for rel in rels:
                self.read_member(rel, spec, frozenset(n.lower() for n in own))
        return PartResult(self.rows, messages, self.coverage, account)

    def read_member(self, rel: str, spec: Route, own: frozenset[str]) -> None:
        notes: list[str] = []
        data = self.load(rel, spec, notes)
        if data is None:
            return
        member = Member(self.part, rel, spec, self.rows, own)
        before, repeated = len(self.rows), self.rows.repeated
        try:
            ROUTES.reader(spec)(data, member)
        except (AttributeError, TypeError, KeyError, ValueError, IndexError) as exc:
            # a shape no generation is known to write: say so, keep the rest of the export
            self.rows.truncate(before)
            self.cov(rel, spec.kind, "failed", platform=spec.platform,
                     reason=f"unexpected structure ({type(exc).__name__}: {exc})"[:200])
            return
        added = len(self.rows) - before
        status = "skipped" if spec.reader in ("saved", "skip") else "read"
        if self.rows.repeated > repeated:
            notes.append(f"{self.rows.repeated - repeated} records repeating one already read, "
                         "counted once")
        first = member.note or (f"{member.bad} records without the fields needed"
                                if member.bad else "")
        reason = "; ".join(n for n in (first, *notes) if n)
        if spec.reader == "media" and spec.platform == "threads":
            reason = (reason + "; " if reason else "") + (
                "posts and replies are not distinguished by the export: all read as posts")
        self.cov(rel, spec.kind, status, added, member.bad, reason, platform=spec.platform)

    def read_messages(self, rels: list[str], own: set[str]) -> pd.DataFrame:
        ids = {rid for platform, rid in self.seen if platform == PLATFORM}
        columns, coverage = _meta.read_threads(self.part, rels, PLATFORM, own, seen=ids)
        self.seen.update((PLATFORM, rid) for rid in columns.get("record_id", []))
        self.coverage.extend(coverage)
        columns = dict(columns)
        columns["platform"] = [PLATFORM] * len(columns.get("record_id", []))
        return schema.from_records(columns, PLATFORM)


def to_frame(result: PartResult, part: ExportPart) -> tuple[pd.DataFrame, str]:
    """The part's Activity frame with account, mentions and observed_at filled in."""
    columns = {k: v for k, v in result.rows.columns.items() if k != "seconds"}
    times = seconds_to_utc(result.rows.columns["seconds"])
    columns["timestamp"] = list(times)
    # Meta follows, likes and posts carry their own time: exact; 0 or absent: unknown
    columns["time_basis"] = ["exact" if pd.notna(t) else "unknown" for t in times]
    frame = schema.from_records(columns, PLATFORM) if len(result.rows) else schema.empty()
    frame = schema.concat([frame, *result.messages])
    if result.account:
        # a message row without an account was received (``_meta._thread_rows``): keep it so
        received = (frame["kind"] == "message").to_numpy(dtype=bool) & frame["account"].isna() \
            .to_numpy(dtype=bool)
        frame["account"] = pd.Series([None if got else result.account
                                      for got in received.tolist()],
                                     index=frame.index, dtype=schema.STRING)
    frame["mentions"] = mentions(frame["text"])
    _, named = name_info(part)
    newest = frame["timestamp"].max() if len(frame) else pd.NaT
    if named is not None:
        observed, why = named, f"export date {named.date()} from the archive name"
    elif pd.notna(newest):
        observed, why = newest, ("export date unknown (no instagram-<user>-<date> name): "
                                 "newest record time used as observed_at")
    else:
        observed, why = pd.NaT, "export date unknown and no dated records"
    frame["observed_at"] = pd.Series(observed, index=frame.index, dtype=schema.UTC_TS)
    return frame, why


def mentions(text: pd.Series) -> pd.Series:
    """@handles in the text, lower-case, space-separated (whole-column regex)."""
    found = text.str.lower().str.extractall(MENTION)
    out = pd.Series(pd.NA, index=text.index, dtype=schema.STRING)
    if len(found):
        joined = found[0].groupby(level=0).agg(" ".join)
        out.loc[joined.index] = joined.astype(schema.STRING)
    return out


@register
class InstagramImporter:
    """Instagram and Threads JSON exports (platforms ``instagram`` and ``threads``)."""

    name = "instagram"

    def detect(self, names: list[str]) -> list[str]:
        # an HTML-only download is the instagram_html importer's (formats.md 0.5)
        return without_html_downloads(names, find_roots(n for n in names if not is_debris(n)))

    def read(self, parts: list[ExportPart], ctx: ImportContext) -> ImportResult:
        frames: list[pd.DataFrame] = []
        coverage: list[CoverageEntry] = []
        seen: set[tuple[str, str]] = set()
        for part in parts:
            ctx.progress(f"Instagram: reading {part.archive.label}:{part.root or '/'}")
            result = PartReader(part, ctx, seen).run()
            frame, why = to_frame(result, part)
            coverage.extend(result.coverage)
            coverage.append(CoverageEntry(PLATFORM, part.archive.label, part.root or "/",
                                          "observed_at", "read", reason=why))
            frames.append(frame)
        return ImportResult(schema.concat(frames), coverage)
