"""Mastodon account archive and CSV exports: platform ``mastodon``.

How a user gets them: Preferences → Import and export → "Request your archive" gives
``archive-<YYYYmmddHHMMSS>-<hex>.zip`` (older servers: ``.tar.gz``) holding ``outbox.json``,
``likes.json``, ``bookmarks.json``, ``actor.json`` and media; Import and export → Data export
gives separate CSVs (``following_accounts.csv``, ``lists.csv``, ``blocked_accounts.csv``,
``muted_accounts.csv``, ``blocked_domains.csv``, ``bookmarks.csv``). The CSVs are read when
given as paths of their own, inside a folder, or lying next to the archive (formats.md 5).

Read: posts, replies, quotes and direct messages (Create of Note/Question; a message is a note
addressed to neither the public nor the followers), boosts (Announce), likes (no time), the
profile (actor.json: name, bio, profile fields), follows and list members (CSV). Counted but
not audited: bookmarks (private), blocks, mutes and blocked domains (no Activity kind).
Not in any export: followers, likes' and boosts' times, the text of boosted or liked posts.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

import pandas as pd
from lxml import etree
from lxml import html as lxml_html

from presence_audit import handles, schema
from presence_audit.archive import FileArchive, is_debris
from presence_audit.coverage import CoverageEntry
from presence_audit.importers import ExportPart, ImportContext, ImportResult, register
from presence_audit.importers._toolkit import MemberError, Route, RouteTable, Rows

PLATFORM = "mastodon"
PUBLIC = {"https://www.w3.org/ns/activitystreams#Public", "as:Public", "Public"}
ARCHIVE_MARKERS = ("outbox.json", "actor.json")
# CSV exports that name a Mastodon export on their own; lists.csv and bookmarks.csv are too
# generic and count only beside these or when given alone (formats.md 5.3)
CSV_MARKERS = ("following_accounts.csv", "muted_accounts.csv", "blocked_accounts.csv",
               "blocked_domains.csv")
CSV_NAMES = (*CSV_MARKERS, "lists.csv", "bookmarks.csv")
CSV_HEADERS = ("account address",)  # first cell of the header rows some CSVs carry
ARCHIVE_NAME = re.compile(r"archive-(\d{14})-[0-9a-f]+", re.IGNORECASE)
FIELDS = ("record_id", "kind", "published", "text", "counterpart", "mentions", "url", "source")
NOT_AUDITED = "not an activity audited (no Activity kind)"


def _r(pattern: str) -> re.Pattern[str]:
    return re.compile(rf"^{pattern}$", re.IGNORECASE)


ROUTES = (
    Route(_r(r"actor\.json"), "actor", "profile"),
    Route(_r(r"outbox\.json"), "outbox", "post"),
    Route(_r(r"likes\.json"), "likes", "like"),
    Route(_r(r"bookmarks\.(?:json|csv)"), "count", "bookmark",
          reason="bookmarks are private: " + NOT_AUDITED),
    Route(_r(r"following_accounts\.csv"), "following", "follow"),
    Route(_r(r"lists\.csv"), "lists", "group"),
    Route(_r(r"(?:blocked|muted)_accounts\.csv"), "count", "relation", reason=NOT_AUDITED),
    Route(_r(r"blocked_domains\.csv"), "count", "relation", reason=NOT_AUDITED),
)


# --- small helpers -------------------------------------------------------------------------


def acct(value: object, own_host: str = "") -> str | None:
    """``user@host`` of an actor or status URI, an ``@user@host`` or a local ``@user``."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    if own_host and text.startswith("@") and "@" not in text[1:]:
        text = f"{text}@{own_host}"
    try:
        return handles.read(PLATFORM, text).handle
    except ValueError:
        return None


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def plain_text(html: object) -> str:
    """Note HTML as plain text: paragraphs and line breaks kept, hidden link parts joined."""
    if not isinstance(html, str) or not html:
        return ""
    # lxml refuses control characters XML cannot hold; a note's text never needs them
    html = _CONTROL.sub("", html)
    try:
        root = lxml_html.fragment_fromstring(html, create_parent="div")
    except (etree.ParserError, ValueError):  # nothing parseable: the text as it came
        return html.strip()
    for br in root.iter("br"):
        br.tail = "\n" + (br.tail or "")
    for p in root.iter("p"):
        p.tail = "\n\n" + (p.tail or "")
    return re.sub(r"\n{3,}", "\n\n", root.text_content()).strip()


def addresses(*values: object) -> list[str]:
    """``to``/``cc`` as one list (each may be a string, a list or absent)."""
    out: list[str] = []
    for v in values:
        items = [v] if isinstance(v, str) else v if isinstance(v, list) else []
        out.extend(a for a in items if isinstance(a, str))
    return out


def load_json(data: bytes) -> object:
    """Python's json keeps the last of a repeated key: outbox.json repeats ``orderedItems``,
    the empty copy first (formats.md 5.4), so this is the reading that finds the posts."""
    try:
        return json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise MemberError("not UTF-8 text (is this really a Mastodon export?)") from None
    except json.JSONDecodeError as exc:
        raise MemberError(f"not valid JSON, truncated or damaged ({exc.msg} at line "
                          f"{exc.lineno})") from None


def ordered_items(data: object) -> list:
    if not isinstance(data, dict) or not isinstance(data.get("orderedItems"), list):
        raise MemberError("no orderedItems list (not an ActivityPub collection)")
    return data["orderedItems"]


def csv_rows(data: bytes) -> list[list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise MemberError("not UTF-8 text (is this really a Mastodon CSV export?)") from None
    rows = [r for r in csv.reader(io.StringIO(text)) if any(c.strip() for c in r)]
    return rows[1:] if rows and rows[0][0].strip().lower() in CSV_HEADERS else rows


# --- readers -------------------------------------------------------------------------------


@dataclass
class Member:
    """What a reader needs: where the member is, the rows, the account, what went wrong."""

    part: ExportPart
    rel: str
    rows: Rows
    own: Account
    bad: Counter = field(default_factory=Counter)
    count: int = 0

    def source(self, index: int) -> str:
        return self.part.source(self.rel, index)


@dataclass
class Account:
    handle: str = ""
    host: str = ""
    facts: dict[str, str] = field(default_factory=dict)
    actor_id: str = ""
    url: str = ""


def read_actor(data: object, m: Member) -> None:
    """actor.json: own handle (preferredUsername@host of id) and the profile row."""
    if not isinstance(data, dict) or not isinstance(data.get("id"), str):
        raise MemberError("actor.json holds no actor object with an id")
    own = m.own
    own.actor_id, own.host = data["id"], urlsplit(data["id"]).hostname or ""
    user = data.get("preferredUsername")
    if isinstance(user, str) and user and own.host:
        own.handle = f"{user}@{own.host}".lower()
    own.url = data["url"] if isinstance(data.get("url"), str) else ""
    facts = {"display name": plain_text(data.get("name")), "bio": plain_text(data.get("summary"))}
    for prop in data.get("attachment") or ():
        if isinstance(prop, dict) and isinstance(prop.get("name"), str):
            facts[prop["name"].strip().lower()] = plain_text(prop.get("value"))
    if data.get("movedTo"):
        facts["moved to"] = str(data["movedTo"])
    own.facts = {k: v for k, v in facts.items() if v}
    if own.facts:  # account column and handle are filled in once every part is read
        m.rows.add(f"profile:{own.actor_id}", "profile", None, profile_text(own), None, None,
                   own.url or None, m.source(0))


def profile_text(own: Account) -> str | None:
    facts = {"username": own.handle, **own.facts}
    return "; ".join(f"{k}: {v}" for k, v in facts.items() if v) if own.facts else None


def read_outbox(data: object, m: Member) -> None:
    """Create (Note/Question) → post/reply/quote/message; Announce → repost."""
    for i, item in enumerate(ordered_items(data)):
        kind = item.get("type") if isinstance(item, dict) else None
        if kind == "Create" and isinstance(item.get("object"), dict):
            _note(item, item["object"], m, i)
        elif kind == "Announce":
            _boost(item, m, i)
        elif isinstance(item, dict):
            m.bad[f"{kind or 'untyped'} activity"] += 1
        else:
            m.bad["not an object"] += 1


def _note(activity: dict, obj: dict, m: Member, i: int) -> None:
    if obj.get("type") not in ("Note", "Question", "Article", "Page") or not obj.get("id"):
        m.bad[f"Create of {obj.get('type') or 'untyped object'}"] += 1
        return
    audience = addresses(obj.get("to"), obj.get("cc")) or addresses(activity.get("to"),
                                                                    activity.get("cc"))
    mentioned = [a for t in obj.get("tag") or () if isinstance(t, dict)
                 and t.get("type") == "Mention"
                 and (a := acct(t.get("href")) or acct(t.get("name"), m.own.host))]
    quoted = next((obj[k] for k in ("quote", "quoteUri", "quoteUrl", "_misskey_quote")
                   if isinstance(obj.get(k), str)), None)
    direct = not any(a in PUBLIC or a.endswith("/followers") for a in audience)
    if direct:
        kind, other = "message", (mentioned[0] if mentioned else None)
    elif obj.get("inReplyTo"):
        kind, other = "reply", acct(obj["inReplyTo"])
    elif quoted:
        kind, other = "quote", acct(quoted)
    else:
        kind, other = "post", None
    body = plain_text(obj.get("content")) or next(
        (plain_text(v) for v in (obj.get("contentMap") or {}).values()), "")
    warning = obj.get("summary") if isinstance(obj.get("summary"), str) else ""
    text = f"{warning}\n\n{body}".strip() if warning else body
    m.rows.add(str(obj["id"]), kind, obj.get("published") or activity.get("published"), text,
               other, " ".join(dict.fromkeys(mentioned)) or None,
               obj.get("url") if isinstance(obj.get("url"), str) else str(obj["id"]),
               m.source(i))


def _boost(activity: dict, m: Member, i: int) -> None:
    target = activity.get("object")
    target = target.get("id") if isinstance(target, dict) else target
    if not isinstance(target, str) or not activity.get("id"):
        m.bad["Announce without a boosted status"] += 1
        return
    m.rows.add(str(activity["id"]), "repost", activity.get("published"), None, acct(target),
               None, target, m.source(i))


def read_likes(data: object, m: Member) -> None:
    """likes.json: bare status URIs, no time, author only in the URI path."""
    for i, uri in enumerate(ordered_items(data)):
        if not isinstance(uri, str) or not uri:
            m.bad["not a status URI"] += 1
            continue
        m.rows.add(f"like:{uri}", "like", None, None, acct(uri), None, uri, m.source(i))


def read_following(rows: list[list[str]], m: Member) -> None:
    for i, row in enumerate(rows):
        other = acct(row[0])
        if not other:
            m.bad["no user@host address"] += 1
            continue
        m.rows.add(f"follow:{other}", "follow", None, None, other, None, None, m.source(i))


def read_lists(rows: list[list[str]], m: Member) -> None:
    """lists.csv: ``<list title>,<account>`` — membership in one's own list, kind group."""
    for i, row in enumerate(rows):
        other = acct(row[1]) if len(row) >= 2 else None
        if not other:
            m.bad["not <list title>,<user@host>"] += 1
            continue
        title = row[0].strip()
        m.rows.add(f"list:{title}:{other}", "group", None, title, other, None, None,
                   m.source(i))


def read_count(data: list, m: Member) -> None:
    m.count = len(data)


JSON_READERS = {"actor": read_actor, "outbox": read_outbox, "likes": read_likes}
CSV_READERS = {"following": read_following, "lists": read_lists}
TABLE = RouteTable(ROUTES, {**JSON_READERS, **CSV_READERS, "count": read_count})


# --- detection -----------------------------------------------------------------------------


def find_roots(names: list[str]) -> list[str]:
    """Folders holding outbox.json + actor.json, or a Mastodon CSV export (formats.md 0.2)."""
    files: dict[str, set[str]] = {}
    for name in names:
        if not is_debris(name):
            folder, _, base = name.rpartition("/")
            files.setdefault(folder + "/" if folder else "", set()).add(base.lower())
    roots = [folder for folder, found in files.items()
             if all(marker in found for marker in ARCHIVE_MARKERS)
             or any(marker in found for marker in CSV_MARKERS)]
    lone = [n for n in names if not is_debris(n)]
    if not roots and len(lone) == 1 and PurePosixPath(lone[0]).name.lower() in CSV_NAMES:
        roots.append(lone[0].rpartition("/")[0] + "/" if "/" in lone[0] else "")
    return sorted(roots)


def _files(part: ExportPart) -> set[Path]:
    """The files on disk a part reads: a folder's members, or the archive file itself."""
    if part.archive.kind == "folder":
        return {(part.archive.path / part.root / n).resolve() for n in part.members()}
    return {part.archive.path.resolve()}


def siblings(parts: list[ExportPart]) -> list[ExportPart]:
    """The CSV exports lying next to an archive file, unless already given (formats.md 5.1)."""
    given = {path for p in parts for path in _files(p)}
    found: list[ExportPart] = []
    for part in parts:
        if part.archive.kind not in ("zip", "tar"):
            continue
        for name in CSV_NAMES:
            path: Path = part.archive.path.parent / name
            if path.is_file() and not path.is_symlink() and path.resolve() not in given:
                given.add(path.resolve())
                found.append(ExportPart(FileArchive(path, part.archive.limits), ""))
    return found


# --- the importer --------------------------------------------------------------------------


def export_date(parts: list[ExportPart]) -> pd.Timestamp | None:
    for part in parts:
        match = ARCHIVE_NAME.search(f"{part.archive.label}/{part.root}")
        if match:
            ts = pd.to_datetime(match.group(1), format="%Y%m%d%H%M%S", utc=True, errors="coerce")
            if pd.notna(ts):
                return ts
    return None


class Reader:
    """Reads every part of one Mastodon export into rows and coverage entries."""

    def __init__(self, parts: list[ExportPart], ctx: ImportContext) -> None:
        self.parts, self.ctx = parts, ctx
        self.rows = Rows(FIELDS, dedupe=("record_id",), empty_as_none=("text", "counterpart"))
        self.own = Account()
        self.coverage: list[CoverageEntry] = []

    def run(self) -> ImportResult:
        claimed = [(p, rel, r) for p in self.parts for rel in p.members()
                   if (r := TABLE.route(rel))]
        for part, rel, route in sorted(claimed, key=lambda c: c[2].reader != "actor"):
            self.read_member(part, rel, route)
        own = self.own.handle or acct(self.ctx.own_handles.get(PLATFORM)) or ""
        frame = self.frame(own)
        self.coverage.append(CoverageEntry(
            PLATFORM, self.parts[0].archive.label, "(followers)", "follower", "skipped",
            reason="Mastodon exports no list of followers; followers are not audited"))
        return ImportResult(frame, self.coverage)

    def read_member(self, part: ExportPart, rel: str, route: Route) -> None:
        m = Member(part, rel, self.rows, self.own)
        before = len(self.rows)
        try:
            data = part.read_bytes(rel)
            payload = csv_rows(data) if rel.lower().endswith(".csv") else load_json(data)
            if route.reader == "count" and not isinstance(payload, list):
                payload = ordered_items(payload)
            TABLE.reader(route)(payload, m)
        except MemberError as exc:
            self.rows.truncate(before)
            self.cov(part, rel, route.kind, "failed", reason=exc.reason)
            return
        records = len(self.rows) - before
        if route.reader == "count":
            self.cov(part, rel, route.kind, "skipped",
                     reason=f"{m.count} entries counted; {route.reason}")
            return
        bad = sum(m.bad.values())
        why = "; ".join(f"{n} {what}" for what, n in m.bad.most_common())
        why = f"{bad} records skipped: {why}" if bad else ""
        if self.rows.repeated:
            why = "; ".join(filter(None, [why, f"{self.rows.repeated} repeated records"]))
            self.rows.repeated = 0
        self.cov(part, rel, route.kind, "read", records, bad, why)

    def cov(self, part: ExportPart, rel: str, kind: str, status: str, records: int = 0,
            bad: int = 0, reason: str = "") -> None:
        self.coverage.append(CoverageEntry(PLATFORM, part.archive.label, part.root + rel,
                                           kind, status, records, bad, reason))

    def frame(self, own: str) -> pd.DataFrame:
        columns = dict(self.rows.columns)
        stamps = pd.to_datetime(pd.Series(columns.pop("published"), dtype=object), utc=True,
                                errors="coerce", format="ISO8601")
        stamps = stamps.where(stamps.dt.year >= 2000)
        columns["timestamp"] = list(stamps)
        columns["time_basis"] = ["exact" if pd.notna(t) else "unknown" for t in stamps]
        columns["account"] = [own or None] * len(stamps)
        frame = schema.from_records(columns, PLATFORM) if len(stamps) else schema.empty()
        observed = export_date(self.parts)
        why = f"export date {observed.date()} from the archive name" if observed is not None \
            else "export date unknown (no archive-<date> name): newest record time used"
        if observed is None:
            observed = frame["timestamp"].max() if len(frame) else pd.NaT
        frame["observed_at"] = pd.Series(observed, index=frame.index, dtype=schema.UTC_TS)
        self.coverage.append(CoverageEntry(PLATFORM, self.parts[0].archive.label,
                                           self.parts[0].root or "/", "observed_at", "read",
                                           reason=why))
        return frame


@register
class MastodonImporter:
    """Mastodon account archives and CSV exports (platform ``mastodon``)."""

    name = "mastodon"

    def detect(self, names: list[str]) -> list[str]:
        return find_roots(names)

    def read(self, parts: list[ExportPart], ctx: ImportContext) -> ImportResult:
        ctx.progress("Mastodon: reading the archive and CSV exports")
        return Reader([*parts, *siblings(parts)], ctx).run()
