"""Reddit data request export: platform ``reddit``.

Request it at reddit.com/settings/data-request (choose "your data", all time); Reddit mails a
zip of about forty CSV files, sometimes inside a folder ``export_<username>_<date>/``. Read:
posts, comments (replies when their parent is a comment), post and comment votes (an upvote
is a ``like``, a downvote a ``reaction``; votes carry no date), subscribed and moderated
subreddits (``group``), friends (``follow``), messages (``messages.csv``,
``messages_archive.csv``, ``chat_history.csv``). Saved and hidden items are private
bookmarks with no Activity kind: counted in coverage, not audited. Account files (IP logs,
statistics, preferences, …) are listed as skipped. Quirks: formats.md section 7.
"""

from __future__ import annotations

import re
from collections import Counter

from presence_audit.importers import ExportPart, ImportContext, ImportResult, register
from presence_audit.importers._toolkit import (
    CsvMember,
    CsvTable,
    Route,
    RouteTable,
    Rows,
    cell,
    import_csv_export,
    marker_roots,
)

PLATFORM = "reddit"
# files only a Reddit export has; posts.csv / comments.csv alone are not enough (7.4)
MARKERS = ("subscribed_subreddits.csv", "saved_posts.csv", "post_votes.csv",
           "comment_votes.csv", "checkfile.csv")
FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M:%S.%f", "%Y-%m-%dT%H:%M:%S",
           "%Y-%m-%dT%H:%M:%S.%f%z", "%Y-%m-%d %H:%M:%S%z", "%Y-%m-%d")
_SUBREDDIT = re.compile(r"/r/([A-Za-z0-9_]+)")
_REMOVED = ("[deleted]", "[removed]")


def _route(stem: str, reader: str, kind: str, keys: tuple[str, ...] = (),
           reason: str = "") -> Route:
    return Route(re.compile(rf"(?:^|/){re.escape(stem)}\.csv$", re.IGNORECASE), reader, kind,
                 keys, PLATFORM, reason)


def _sub(name: str, permalink: str = "") -> str | None:
    """``r/name`` of a subreddit cell, else the one in the permalink path (votes, saves)."""
    name = name.strip().removeprefix("r/").removeprefix("/r/")
    if not name:
        found = _SUBREDDIT.search(permalink)
        name = found.group(1) if found else ""
    return f"r/{name}" if name else None


def _words(*parts: str) -> str | None:
    """The person's words, without Reddit's placeholders for deleted or removed text."""
    kept = [p for p in parts if p and p not in _REMOVED]
    return "\n\n".join(kept) or None


def _bare(value: str) -> str:
    """A Reddit id without its type prefix (``t1_``, ``t3_``) or URL around it."""
    value = value.strip().rstrip("/")
    return value.rsplit("/", 1)[-1].split("_", 1)[-1] if value else ""


# --- readers, one per file: (table, rows, member) -----------------------------------------


def _posts(t: CsvTable, rows: Rows, m: CsvMember) -> None:
    for line, row, ts, basis in m.dated(t, FORMATS, "date"):
        pid, link = cell(row, "id"), cell(row, "permalink")
        if not m.has(pid, "rows without an id"):
            continue
        m.add(rows, line, record_id=f"t3_{_bare(pid)}", kind="post", timestamp=ts,
              time_basis=basis, text=_words(cell(row, "title"), cell(row, "body")),
              counterpart=_sub(cell(row, "subreddit"), link), url=link or None)


def _comments(t: CsvTable, rows: Rows, m: CsvMember) -> None:
    for line, row, ts, basis in m.dated(t, FORMATS, "date"):
        cid, link = cell(row, "id"), cell(row, "permalink")
        if not m.has(cid, "rows without an id"):
            continue
        parent, post = cell(row, "parent"), cell(row, "link")
        reply = bool(parent) and not parent.startswith("t3_") and _bare(parent) != _bare(post)
        m.add(rows, line, record_id=f"t1_{_bare(cid)}", kind="reply" if reply else "comment",
              timestamp=ts, time_basis=basis, text=_words(cell(row, "body")),
              counterpart=_sub(cell(row, "subreddit"), link or post), url=link or None)


def _votes(prefix: str):
    def read(t: CsvTable, rows: Rows, m: CsvMember) -> None:
        withdrawn = 0
        for line, row in t.rows:
            vid, link, way = cell(row, "id"), cell(row, "permalink"), cell(row, "direction")
            if way.lower() not in ("up", "down"):
                withdrawn += 1
                continue
            if not m.has(vid, "rows without an id"):
                continue
            m.add(rows, line, record_id=f"vote:{prefix}_{_bare(vid)}",
                  kind="like" if way.lower() == "up" else "reaction", time_basis="unknown",
                  text="downvote" if way.lower() == "down" else None,
                  counterpart=_sub("", link), url=link or None)
        if withdrawn:
            m.notes.append(f"{withdrawn} votes withdrawn or removed (direction none/removed)")
    return read


def _subreddits(prefix: str):
    def read(t: CsvTable, rows: Rows, m: CsvMember) -> None:
        for line, row in t.rows:
            sub = _sub(cell(row, "subreddit"))
            if sub is None:
                m.skip("rows without a subreddit")
                continue
            m.add(rows, line, record_id=f"{prefix}:{sub.lower()}", kind="group",
                  time_basis="unknown", counterpart=sub,
                  text="moderator" if prefix == "moderated" else None,
                  url=f"https://www.reddit.com/{sub}/")
    return read


def _friends(t: CsvTable, rows: Rows, m: CsvMember) -> None:
    for line, row in t.rows:
        user = cell(row, "username").removeprefix("u/").removeprefix("/u/")
        if not m.has(user, "rows without a username"):
            continue
        m.add(rows, line, record_id=f"friend:{user.lower()}", kind="follow",
              time_basis="unknown", counterpart=user.lower(), text=cell(row, "note") or None,
              url=f"https://www.reddit.com/user/{user}/")


def _messages(t: CsvTable, rows: Rows, m: CsvMember) -> None:
    names = Counter(n.lower() for _l, r in t.rows for n in (cell(r, "from"), cell(r, "to")) if n)
    # the subject is on every message: the name seen most, when the profile does not say
    own = m.own or (names.most_common(1)[0][0] if names else None)
    for line, row, ts, basis in m.dated(t, FORMATS, "date"):
        mid = cell(row, "id")
        if not m.has(mid, "rows without an id"):
            continue
        sender, to = cell(row, "from").lower(), cell(row, "to").lower()
        other = to if sender == own else sender
        m.add(rows, line, record_id=f"msg:{_bare(mid)}", kind="message", timestamp=ts,
              time_basis=basis, text=_words(cell(row, "subject"), cell(row, "body")),
              counterpart=other.removeprefix("u/") or None,
              url=cell(row, "permalink") or None)


def _chats(t: CsvTable, rows: Rows, m: CsvMember) -> None:
    for line, row, ts, basis in m.dated(t, FORMATS, "created_at"):
        mid = cell(row, "message_id")
        if not m.has(mid, "rows without a message_id"):
            continue
        sender = cell(row, "username").lower()
        other = (cell(row, "channel_name") or None) if sender == m.own else sender or None
        m.add(rows, line, record_id=f"chat:{mid}", kind="message", timestamp=ts,
              time_basis=basis, text=_words(cell(row, "message")), counterpart=other,
              url=cell(row, "channel_url") or None)


def _bookmarks(t: CsvTable, rows: Rows, m: CsvMember) -> None:
    m.counted_only = True
    m.notes.append(f"{len(t.rows)} items not audited: private bookmarks have no Activity kind "
                   "(a like is a public act)")


_SKIP = "account facts, not activity (not audited)"
_UNREAD = "not read by this tool: its contents were not checked"
ROUTES = RouteTable((
    _route("posts", "posts", "post", ("id", "permalink", "date", "subreddit", "title")),
    _route("comments", "comments", "comment", ("id", "permalink", "date", "subreddit", "body")),
    _route("post_votes", "post_votes", "like", ("id", "permalink", "direction")),
    _route("comment_votes", "comment_votes", "like", ("id", "permalink", "direction")),
    _route("subscribed_subreddits", "subscribed", "group", ("subreddit",)),
    _route("moderated_subreddits", "moderated", "group", ("subreddit",)),
    _route("approved_submitter_subreddits", "approved", "group", ("subreddit",)),
    _route("friends", "friends", "follow", ("username",)),
    _route("messages", "messages", "message", ("id", "date", "from", "to", "body")),
    _route("messages_archive", "messages", "message", ("id", "date", "from", "to", "body")),
    _route("chat_history", "chats", "message", ("message_id", "created_at", "username")),
    _route("saved_posts", "bookmarks", "saved", ("id", "permalink")),
    _route("saved_comments", "bookmarks", "saved", ("id", "permalink")),
    _route("hidden_posts", "bookmarks", "saved", ("id", "permalink")),
    _route("poll_votes", "unread", "other", reason=f"poll votes: {_UNREAD}"),
    _route("drafts", "unread", "post", reason=f"unsent drafts: {_UNREAD}"),
    _route("multireddits", "unread", "group", reason=f"custom feeds: {_UNREAD}"),
    *(_route(stem, "skip", "account", reason=_SKIP) for stem in (
        "checkfile", "statistics", "ip_logs", "account_gender", "birthdate",
        "user_preferences", "linked_identities", "linked_phone_number", "twitter",
        "gilded_content", "gold_received", "purchases", "subscriptions", "payouts",
        "stripe", "persona", "scheduled_posts", "announcements", "sensitive_ads_preferences",
        "post_headers", "comment_headers", "message_headers", "messages_archive_headers")),
), {"posts": _posts, "comments": _comments, "post_votes": _votes("t3"),
    "comment_votes": _votes("t1"), "subscribed": _subreddits("subscribed"),
    "moderated": _subreddits("moderated"), "approved": _subreddits("approved"),
    "friends": _friends, "messages": _messages, "chats": _chats, "bookmarks": _bookmarks},
    handled=("skip", "unread"))


@register
class RedditImporter:
    name = PLATFORM

    def detect(self, names: list[str]) -> list[str]:
        """Folders holding a file only Reddit exports write (subscribed_subreddits.csv, …)."""
        return marker_roots(names, MARKERS)

    def read(self, parts: list[ExportPart], ctx: ImportContext) -> ImportResult:
        own = (ctx.own_handles.get(PLATFORM) or "").lower() or None
        return import_csv_export(parts, ctx, PLATFORM, ROUTES, own)
