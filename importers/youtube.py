"""YouTube in a Google Takeout export: platform ``youtube``.

Request it at takeout.google.com: select "YouTube and YouTube Music" (and, for liked videos
and older history, "My Activity"), and under "Multiple formats" pick JSON for history (HTML
is the default; it is read too). Takeout names folders and files in the account's language
and Google renamed CSV columns, so files are recognized by their content — CSV headers,
the shape of the JSON — never by their English names (formats.md 8.2). Read: comments and
replies, live-chat messages, subscriptions, search history, playlists (their titles, and the
videos of a liked-videos playlist), likes in My Activity and old ``likes.json``. Counted but
not read: watch history (the Activity frame has no kind for viewing), ads, other playlists'
video ids, the legacy ``my-comments.html`` page.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from pathlib import PurePosixPath
from urllib.parse import parse_qs, urlsplit

import orjson
import pandas as pd

from presence_audit import schema
from presence_audit.archive import is_debris
from presence_audit.coverage import CoverageEntry
from presence_audit.importers import ExportPart, ImportContext, ImportResult, register
from presence_audit.importers._toolkit import MemberError, Route, RouteTable, Rows, is_media

PLATFORM = "youtube"
FIELDS = ("record_id", "kind", "timestamp", "time_basis", "text", "counterpart",
          "counterpart_id", "mentions", "url", "account", "source", "observed_at")
WATCH = "https://www.youtube.com/watch?v="
_MENTION = re.compile(r"(?<![\w@])@([A-Za-z0-9._\-]{3,60})")
_VIDEO = re.compile(r"[?&]v=([\w-]{6,20})")
_LIKED = re.compile(r"^(?:liked|likes?)(?:[ _-]?videos?)?\b|^j'aime|^me gusta", re.I)


@dataclass
class _Member:
    """One file being read: its coverage counts per kind and its bad records."""

    part: ExportPart
    rel: str
    account: str | None
    records: Counter = field(default_factory=Counter)
    bad: Counter = field(default_factory=Counter)
    notes: Counter = field(default_factory=Counter)
    flags: list[str] = field(default_factory=list)

    def source(self, index: int) -> str:
        return self.part.source(self.rel, index)


@register
class YouTubeImporter:
    name = PLATFORM

    def detect(self, names: list[str]) -> list[str]:
        """Folders named ``YouTube…`` inside a ``Takeout`` folder (or at the archive root):
        ``YouTube and YouTube Music/``, its localized names, and ``My Activity/YouTube/``."""
        roots = set()
        for name in names:
            if is_debris(name):
                continue
            segments = name.split("/")[:-1]
            for i, seg in enumerate(segments):
                if seg.lower().startswith("youtube") and (
                        i == 0 or any(s.lower() == "takeout" for s in segments[:i])):
                    roots.add("/".join(segments[:i + 1]) + "/")
                    break
        return sorted(roots)

    def read(self, parts: list[ExportPart], ctx: ImportContext) -> ImportResult:
        rows = Rows(FIELDS, dedupe=("record_id",), empty_as_none=("text", "mentions"))
        coverage: list[CoverageEntry] = []
        account = ctx.own_handles.get(PLATFORM)
        for part in parts:
            ctx.progress(f"youtube: reading {part.archive.label}")
            first = len(rows)
            for rel in part.members():
                route = None if is_debris(rel) or is_media(rel) else ROUTES.route(rel)
                if route is not None:
                    coverage += _read_member(_Member(part, rel, account), route, rows)
            times = [t for t in rows.timestamp[first:] if t is not None]
            latest = max(times) if times else None
            for i in range(first, len(rows)):
                rows.observed_at[i] = latest
        return ImportResult(frame=schema.from_records(rows.columns, PLATFORM),
                            coverage=coverage)


def _read_member(m: _Member, route: Route, rows: Rows) -> list[CoverageEntry]:
    label, member = m.part.archive.label, m.part.root + m.rel
    try:
        kind = ROUTES.reader(route)(m, m.part.read_bytes(m.rel), rows)
    except MemberError as exc:
        return [CoverageEntry(PLATFORM, label, member, route.kind, "failed",
                              reason=exc.reason)]
    if kind is None:
        return []  # not a YouTube data file: the scan lists it as unread
    if isinstance(kind, tuple):  # recognized, deliberately not read
        return [CoverageEntry(PLATFORM, label, member, kind[0], "skipped", reason=kind[1])]
    if not m.records:
        m.records[kind] += 0
    notes = [*m.flags, *(f"{n} {what}" for what, n in m.notes.most_common())]
    if m.bad:
        notes.append(f"{sum(m.bad.values())} bad records skipped: " + "; ".join(
            f"{n} {why}" for why, n in m.bad.most_common()))
    out = []
    for i, (k, n) in enumerate(sorted(m.records.items())):
        out.append(CoverageEntry(PLATFORM, label, member, k, "read", n,
                                 sum(m.bad.values()) if i == 0 else 0,
                                 "; ".join(notes) if i == 0 else ""))
    return out


# --- values -----------------------------------------------------------------------------------


def _time(value: object) -> datetime | None:
    """ISO 8601 as Takeout writes it (``Z`` or ``+00:00``, with or without fractions)."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        t = pd.Timestamp(value.strip())
    except (ValueError, TypeError):
        return None
    if t.tzinfo is None:
        t = t.tz_localize("UTC")
    return t.tz_convert("UTC").to_pydatetime() if t.year >= 2000 else None


def _mentions(text: str | None) -> str | None:
    return " ".join(dict.fromkeys(h.lower() for h in _MENTION.findall(text or ""))) or None


def _basis(when: datetime | None, exact: str = "exact") -> str:
    return exact if when is not None else "unknown"


def _video_url(video: str | None, comment: str | None = None) -> str | None:
    if not video:
        return None
    return WATCH + video + (f"&lc={comment}" if comment else "")


def _segments_text(cell: str) -> str:
    """A comment cell: JSON segments (old ``takeoutSegments`` or a comma-joined run of
    ``{"text": …}`` objects) joined into plain text; a plain cell is returned as it is."""
    raw = cell.strip()
    if not raw.startswith("{"):
        return raw
    try:
        parsed = orjson.loads(f"[{raw}]")
    except orjson.JSONDecodeError:
        return raw
    if len(parsed) == 1 and isinstance(parsed[0], dict) and "takeoutSegments" in parsed[0]:
        parsed = parsed[0]["takeoutSegments"]
    return "".join(s.get("text", "") for s in parsed if isinstance(s, dict)
                   and isinstance(s.get("text"), str)).strip()


# --- CSV ---------------------------------------------------------------------------------------


def _csv(m: _Member, raw: bytes, rows: Rows) -> str | tuple | None:
    """One Takeout CSV, recognized by its header (column names vary in case and order)."""
    try:
        reader = csv.reader(io.StringIO(raw.decode("utf-8-sig")))
        header = next(reader, [])
        records = list(reader)
    except (UnicodeDecodeError, csv.Error) as exc:
        raise MemberError(f"not a readable CSV file: {exc}") from None
    cols = {h.strip().lower(): i for i, h in enumerate(header)}
    for needs, reader_fn in CSV_SHAPES:
        if all(n in cols for n in needs):
            good = []
            for n, values in enumerate(records, start=2):
                if not any(v.strip() for v in values):
                    continue  # a blank line
                if len(values) != len(header):
                    m.bad["rows with a wrong number of columns"] += 1
                    continue
                good.append((n, {k: values[i].strip() for k, i in cols.items()}))
            return reader_fn(m, good, rows)
    return None


def _written(m: _Member, records: list, rows: Rows, *, prefix: str, column: str,
             kind_of: Callable[[dict], str], url_of: Callable[[dict, str], str | None]
             ) -> None:
    """Rows the person wrote (comments, live chats): ``<column> id/text/create timestamp``."""
    for n, r in records:
        rid, text = r.get(f"{column} id"), _segments_text(r.get(f"{column} text", ""))
        when = _time(r.get(f"{column} create timestamp"))
        if not rid or not text:
            m.bad["without id or text"] += 1
            continue
        kind = kind_of(r)
        if rows.add(f"{prefix}:{rid}", kind, when, _basis(when), text, None, None,
                    _mentions(text), url_of(r, rid), m.account, m.source(n)):
            m.records[kind] += 1


def _comments(m: _Member, records: list, rows: Rows) -> str:
    _written(m, records, rows, prefix="comment", column="comment",
             kind_of=lambda r: "reply" if r.get("parent comment id") else "comment",
             url_of=lambda r, rid: _video_url(r.get("video id"), rid))
    return "comment"


def _live_chats(m: _Member, records: list, rows: Rows) -> str:
    _written(m, records, rows, prefix="livechat", column="live chat",
             kind_of=lambda r: "message", url_of=lambda r, rid: _video_url(r.get("video id")))
    return "message"


def _subscriptions(m: _Member, records: list, rows: Rows) -> str:
    for n, r in records:
        cid, title = r.get("channel id"), r.get("channel title")
        if not cid:
            m.bad["without a channel id"] += 1
            continue
        url = r.get("channel url") or f"https://www.youtube.com/channel/{cid}"
        if rows.add(f"subscription:{cid}", "subscription", None, "unknown", None, title or None,
                    cid, None, url, m.account, m.source(n)):
            m.records["subscription"] += 1
    return "subscription"


def _playlists(m: _Member, records: list, rows: Rows) -> str:
    """The playlists the person made: their titles are the person's words (kind ``post``)."""
    for n, r in records:
        pid = r.get("playlist id")
        title = next((v for k, v in r.items() if k.startswith("playlist title") and v), None)
        if not pid:
            m.bad["without a playlist id"] += 1
            continue
        when = _time(r.get("playlist create timestamp"))
        if rows.add(f"playlist:{pid}", "post", when, _basis(when), title, None, None,
                    _mentions(title), f"https://www.youtube.com/playlist?list={pid}",
                    m.account, m.source(n)):
            m.records["post"] += 1
    return "post"


def _playlist_videos(m: _Member, records: list, rows: Rows) -> str | tuple:
    """Videos of one playlist: only a liked-videos playlist says something (likes)."""
    if not _LIKED.search(PurePosixPath(m.rel).stem):
        return ("playlist", f"{len(records)} video ids of a playlist (no titles): not audited")
    for n, r in records:
        vid = r.get("video id")
        if not vid:
            m.bad["without a video id"] += 1
            continue
        when = _time(r.get("playlist video creation timestamp"))
        if rows.add(f"like:{vid}", "like", when, _basis(when), None, None, None, None,
                    _video_url(vid), m.account, m.source(n)):
            m.records["like"] += 1
    return "like"


# header columns (lower-case) that identify each CSV, most specific first
CSV_SHAPES = (
    (("comment id", "comment text"), _comments),
    (("live chat id", "live chat text"), _live_chats),
    (("channel id", "channel title"), _subscriptions),
    (("playlist id",), _playlists),
    (("video id", "playlist video creation timestamp"), _playlist_videos),
)


# --- JSON --------------------------------------------------------------------------------------


def _json(m: _Member, raw: bytes, rows: Rows) -> str | tuple | None:
    """An activity list (history, My Activity) or an old playlist file (``likes.json``)."""
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise MemberError(f"not valid JSON (truncated or damaged download?): {exc}") from None
    if isinstance(data, list) and any(isinstance(d, dict) and "time" in d
                                      and ("title" in d or "header" in d) for d in data):
        for i, item in enumerate(data):
            _activity(m, item if isinstance(item, dict) else {}, i, rows, "exact")
        return "activity"
    if isinstance(data, list) and any(isinstance(d, dict) and "snippet" in d for d in data):
        return _old_playlist(m, data, rows)
    if isinstance(data, list) and not data:
        return "activity"  # an empty history
    return None


def _activity(m: _Member, item: dict, index: int, rows: Rows, basis: str,
              when: datetime | None = None, has_time: bool = True) -> None:
    """One activity item: a search, a like, a watch (counted), an ad (counted)."""
    title, url = item.get("title"), item.get("titleUrl")
    if not isinstance(title, str) or not title.strip():
        m.bad["activity items without a title"] += 1
        return
    url = url if isinstance(url, str) else ""
    details = [d.get("name") for d in item.get("details") or () if isinstance(d, dict)]
    if any(isinstance(d, str) and "ads" in d.lower() for d in details):
        m.notes["ads excluded"] += 1
        return
    if has_time:
        when = _time(item.get("time"))
        if item.get("time") and when is None:
            m.bad["with an unreadable date"] += 1
            return
    elif when is None:
        m.notes["dates not readable (localized?): kept without a time"] += 1
    query = parse_qs(urlsplit(url).query).get("search_query")
    if query:
        text = query[0].strip()
        rows.add(schema.content_id("search", when, text), "search", when, _basis(when, basis),
                 text, None, None, None, url, m.account, m.source(index))
        m.records["search"] += 1
    elif _LIKED.search(title) and "v=" in url:
        video = _VIDEO.search(url)
        text = title.split(" ", 1)[1].strip() if " " in title else title
        channel = _channel(item)
        rid = f"like:{video.group(1)}" if video else schema.content_id("like", url)
        if rows.add(rid, "like", when, _basis(when, basis), text, channel[0], channel[1],
                    None, url, m.account, m.source(index)):
            m.records["like"] += 1
    elif "v=" in url or "/watch" in url:
        m.notes["videos watched (viewing history is not audited)"] += 1
    else:
        m.notes["other activity items not read"] += 1


def _channel(item: dict) -> tuple[str | None, str | None]:
    """The channel an activity item names (``subtitles``): title and ``UC…`` id."""
    for sub in item.get("subtitles") or ():
        if isinstance(sub, dict) and isinstance(sub.get("name"), str):
            url = sub.get("url") if isinstance(sub.get("url"), str) else ""
            cid = url.rsplit("/channel/", 1)[1] if "/channel/" in url else None
            return sub["name"], cid
    return None, None


def _old_playlist(m: _Member, data: list, rows: Rows) -> str | tuple:
    """Pre-2020 playlist JSON (Data API items): liked videos become likes with their titles."""
    if not _LIKED.search(PurePosixPath(m.rel).stem):
        return ("playlist", f"{len(data)} items of a playlist: not audited")
    for i, item in enumerate(data):
        snippet = item.get("snippet") if isinstance(item, dict) else None
        if not isinstance(snippet, dict):
            m.bad["items without a snippet"] += 1
            continue
        resource = snippet.get("resourceId") or {}
        vid = resource.get("videoId") if isinstance(resource, dict) else None
        when = _time(snippet.get("publishedAt"))
        title = snippet.get("title") if isinstance(snippet.get("title"), str) else None
        if not vid:
            m.bad["items without a video id"] += 1
            continue
        if rows.add(f"like:{vid}", "like", when, _basis(when), title, None, None, None,
                    _video_url(vid), m.account, m.source(i)):
            m.records["like"] += 1
    return "like"


# --- HTML --------------------------------------------------------------------------------------

_ZONES = {"UTC": 0, "GMT": 0, "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7,
          "MDT": -6, "PST": -8, "PDT": -7, "CET": 1, "CEST": 2, "BST": 1, "WET": 0, "WEST": 1,
          "EET": 2, "EEST": 3}
_HTML_DATE = re.compile(r"^([A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d{2}:\d{2}\s?[AP]M)"
                        r"\s*([A-Z]{2,5})?$")


def _html_time(text: str) -> datetime | None:
    """``Jun 15, 2025, 10:30:00 AM CEST`` (English Takeout); None for other languages or an
    unknown zone. At best a bound: the page is written in the exporter's local time."""
    found = _HTML_DATE.match(" ".join(text.replace("\u202f", " ").split()))
    if not found or (found.group(2) or "UTC") not in _ZONES:
        return None
    local = datetime.strptime(found.group(1).replace("  ", " "), "%b %d, %Y, %I:%M:%S %p")
    zone = timezone(timedelta(hours=_ZONES[found.group(2) or "UTC"]))
    return local.replace(tzinfo=zone).astimezone(UTC) if local.year >= 2000 else None


def _html(m: _Member, raw: bytes, rows: Rows) -> str | tuple | None:
    """My Activity / history pages in HTML: one ``outer-cell`` per item, its first
    ``content-cell`` holding the action, links and, last, the date."""
    from lxml import html as lxml_html  # only HTML exports need the parser

    if not raw.strip():
        raise MemberError("empty HTML page")
    try:
        # decoded here: without a charset tag lxml would guess Latin-1 (Takeout is UTF-8)
        doc = lxml_html.fromstring(raw.decode("utf-8", errors="replace"))
    except (ValueError, lxml_html.etree.ParserError) as exc:
        raise MemberError(f"not a readable HTML page: {exc}") from None
    cells = doc.xpath('//div[contains(concat(" ", normalize-space(@class), " "), '
                      '" outer-cell ")]')
    if not cells:
        if "comment" in PurePosixPath(m.rel).stem.lower():
            return ("comment", "legacy HTML comments page, not read: request a new Takeout "
                               "(comments now come as comments.csv)")
        return None
    for i, cell in enumerate(cells):
        content = cell.xpath('.//div[contains(@class, "content-cell")]')
        if not content:
            m.bad["items without content"] += 1
            continue
        body = content[0]
        links = body.xpath(".//a")
        texts = [t.strip() for t in body.itertext() if t.strip()]
        when = _html_time(texts[-1]) if texts else None
        item = {"title": " ".join(texts[:-1] if when else texts),
                "titleUrl": links[0].get("href") if links else ""}
        if len(links) > 1:
            item["subtitles"] = [{"name": links[1].text_content().strip(),
                                  "url": links[1].get("href") or ""}]
        if any("google ads" in t.lower() for t in cell.itertext()):
            item["details"] = [{"name": "From Google Ads"}]
        _activity(m, item, i, rows, "bound", when, has_time=False)
    m.flags.append("HTML export: dates in the exporter's local time, read as bounds")
    return "activity"


ROUTES = RouteTable(
    (Route(re.compile(r"\.csv$", re.I), "csv", "csv"),
     Route(re.compile(r"\.json$", re.I), "json", "json"),
     Route(re.compile(r"\.html?$", re.I), "html", "html")),
    {"csv": _csv, "json": _json, "html": _html})
