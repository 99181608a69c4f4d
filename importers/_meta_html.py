"""Meta's HTML downloads (Facebook, Instagram): pages parsed with lxml, localized dates read.

Accounts Center lets a user download "Your information" as HTML (often the default). Every
data page lists records as blocks (formats.md 0.5; checked against open-source parsers):

- 2022+: ``div._a6-g`` (with ``uiBoxWhite``) holding a header ``._a6-h`` (an ``h2`` in message
  threads and Instagram pages), a body ``._a6-p`` and a date footer ``._a6-o`` (its text
  sometimes inside a ``._a72d`` div);
- ≤2021: ``div.uiBoxWhite._2lej`` holding ``._2lel`` (header), ``._2let`` (body), ``._2lem``
  (date);
- Instagram pages put label/value pairs in tables: ``td._a6_q`` with the label as its own text
  and the value in nested divs, or the value in a second cell; a nested block (``Owner``)
  holds a table of its own.

Class names are obfuscated build artefacts, so they are matched as single tokens, and a
block's date falls back to a ``Time`` field or a body line that reads as a date. Dates are
localized text in the exporter's local time ("Jan 05, 2024 3:04:05 pm", "5 gen 2024,
15:04", "14. März 2024 um 09:15", "14 de mar. de 2024 9:15"): ``local_time`` reads the
English, Italian, German, French, Spanish, Portuguese and Dutch forms, ``to_utc`` places them
in a time zone and says how certain the result is (``time_basis``).

HTML shows less than JSON: no ids, no exact targets (only the localized sentence naming whose
item was liked), reactions as icons, times to the minute. ``HTML_LIMITS`` says so in coverage.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import PurePosixPath
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pandas as pd
from lxml import etree

from presence_audit import schema
from presence_audit.archive import is_debris
from presence_audit.coverage import CoverageEntry
from presence_audit.errors import ArchiveError
from presence_audit.importers import ExportPart
from presence_audit.importers._meta import canonical_label, norm_name
from presence_audit.importers._toolkit import MemberError, Route, RouteTable, Rows, is_media

HTML_LIMITS = (
    "downloaded in HTML format: read from the HTML pages, which carry no record ids, name the "
    "target of a like or comment only in a localized sentence (no link to the item), show "
    "reactions as icons and give times in the exporter's local time, to the minute; request "
    "the JSON format for a complete audit")

# --- localized dates ---------------------------------------------------------------------

_MONTH_NAMES = (  # EN, IT, DE, FR, ES, PT, NL: full names and the abbreviations Meta prints
    ("january jan gennaio gen januar jänner jän janvier janv enero ene janeiro januari", 1),
    ("february feb febbraio februar février févr fevr febrero fevereiro fev februari", 2),
    ("march mar marzo märz mär maerz mars março maart mrt", 3),
    ("april apr aprile avril abril abr", 4),
    ("may maggio mag mai mayo maio mei", 5),
    ("june jun giugno giu juni juin junio junho", 6),
    ("july jul luglio lug juli juillet juil julio julho", 7),
    ("august aug agosto ago août aout augustus", 8),
    ("september sep sept settembre set septembre septiembre setiembre setembro", 9),
    ("october oct ottobre ott oktober okt octobre octubre outubro out", 10),
    ("november nov novembre noviembre novembro", 11),
    ("december dec dicembre dic dezember dez décembre déc diciembre dezembro", 12),
)
MONTHS = {name: number for names, number in _MONTH_NAMES for name in names.split()}
# "3:04:05 pm", "15:04", "9:15 a.m."; never "14.11" (that is a numeric date)
_CLOCK = re.compile(r"(?<![\d:])(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*([ap])\.?\s?m\b\.?)?",
                    re.IGNORECASE)
_ISO = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?)?")
_NUMERIC = re.compile(r"\b(\d{1,2})([./])(\d{1,2})\2(\d{4})\b")
_TOKEN = re.compile(r"\d+|[^\W\d_]+")
# a span the exporter could be in: UTC-12 … UTC+14 (an unknown zone makes a lower bound)
_WIDEST_OFFSET = timedelta(hours=14)


def local_time(text: str) -> tuple[datetime, bool] | None:
    """A Meta HTML date as (naive local time, whether it has a time of day); None if unread.

    Order-free: the clock is taken out first, then the year (four digits), the month (a name
    in any of the languages above, or a numeric d.m.yyyy / yyyy-mm-dd date) and the day.
    Weekday names and words such as "at", "um", "alle", "de" are ignored.
    """
    value = " ".join(str(text).split())
    if not value:
        return None
    iso = _ISO.search(value)
    if iso:
        y, mo, d, hh, mi, ss = (int(g) if g else None for g in iso.groups())
        return _build(y, mo, d, hh, mi, ss, None)
    clock = _CLOCK.search(value)
    hh = mi = ss = None
    half = None
    if clock:
        hh, mi = int(clock[1]), int(clock[2])
        ss = int(clock[3]) if clock[3] else 0
        half = clock[4].lower() if clock[4] else None
        value = value[:clock.start()] + " " + value[clock.end():]
    numeric = _NUMERIC.search(value)
    if numeric:
        first, sep, second, year = numeric.groups()
        day, month = int(first), int(second)
        if sep == "/" and month > 12 >= day:  # "/" is ambiguous: only an impossible d/m flips
            day, month = month, day
        return _build(int(year), month, day, hh, mi, ss, half)
    return _from_tokens(_TOKEN.findall(value.casefold()), hh, mi, ss, half)


def _from_tokens(tokens: list[str], hh: int | None, mi: int | None, ss: int | None,
                 half: str | None) -> tuple[datetime, bool] | None:
    year = month = day = None
    for token in tokens:
        if token.isdigit():
            if len(token) == 4 and year is None:
                year = int(token)
            elif len(token) <= 2 and day is None:
                day = int(token)
        elif month is None and token in MONTHS:
            month = MONTHS[token]
    if year is None or month is None or day is None:
        return None
    return _build(year, month, day, hh, mi, ss, half)


def _build(year: int | None, month: int | None, day: int | None, hh: int | None,
           mi: int | None, ss: int | None, half: str | None) -> tuple[datetime, bool] | None:
    if year is None or month is None or day is None or not 2000 <= year <= 2100:
        return None
    if hh is not None and half:
        if hh > 12:
            return None
        hh = (hh % 12) + (12 if half == "p" else 0)
    try:
        when = datetime(year, month, day, hh or 0, mi or 0, ss or 0)
    except ValueError:  # "Feb 30", "25:61"
        return None
    return when, hh is not None


_FILLER = frozenset({"at", "um", "alle", "ore", "à", "a", "las", "de", "del", "om", "às",
                     "kl", "am", "pm"})


def is_date_line(line: str) -> bool:
    """Whether a whole line is a date (not a sentence that mentions one)."""
    if len(line) > 40 or local_time(line) is None:
        return False
    words = [t for t in _TOKEN.findall(_CLOCK.sub(" ", line.casefold()))
             if not t.isdigit() and t not in MONTHS and t not in _FILLER]
    return len(words) <= 1  # at most a weekday


def zone_of(name: str | None) -> ZoneInfo | None:
    """The exporter's time zone by IANA name (the profile's), or None when unknown."""
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def to_utc(local: datetime, has_time: bool, zone: ZoneInfo | None
           ) -> tuple[pd.Timestamp | None, str]:
    """(UTC time, time_basis) of a local HTML date.

    ``exact`` needs a time of day, a known zone and a local time that happened once; a date
    without a time, an hour repeated by a clock change, or an unknown zone give the earliest
    instant it can be, as a ``bound`` (with no zone: 14 hours before, the widest offset).
    """
    if zone is None:
        earliest = local.replace(tzinfo=UTC) - _WIDEST_OFFSET
        basis = "bound"
    else:
        first, second = local.replace(tzinfo=zone, fold=0), local.replace(tzinfo=zone, fold=1)
        earliest = min(first.astimezone(UTC), second.astimezone(UTC))
        basis = "exact" if has_time and first.utcoffset() == second.utcoffset() else "bound"
    if earliest.year < 2000:
        return None, "unknown"
    return pd.Timestamp(earliest), basis


def zone_note(zone: ZoneInfo | None) -> str:
    """What coverage says about the times of an HTML page."""
    if zone is None:
        return ("dates are the exporter's local time and no time zone was given: each is kept "
                "as a lower bound 14 hours early")
    return (f"dates are the exporter's local time, read in {zone.key} (the profile's zone); "
            "dates without a time of day are lower bounds")


# --- pages and blocks ----------------------------------------------------------------------

ROW = frozenset({"_a6-g", "_2lej", "uiBoxWhite"})
TITLE = frozenset({"_a6-h", "_2lel"})
BODY = frozenset({"_a6-p", "_2let"})
DATE = frozenset({"_a6-o", "_2lem"})
_LINE_TAGS = frozenset({"div", "p", "br", "tr", "td", "th", "li", "ul", "ol", "table", "h1",
                        "h2", "h3", "h4", "h5", "h6", "footer", "header", "section", "article",
                        "blockquote", "pre"})


@dataclass
class Block:
    """One record block of a page, as text: what every reader works from."""

    index: int
    title: str
    lines: list[str]
    date: str
    links: list[tuple[str, str]] = field(default_factory=list)  # (text, http(s) href)
    fields: dict[str, str] = field(default_factory=dict)  # canonical label -> value
    icons: list[str] = field(default_factory=list)  # image alt texts / file stems

    @property
    def text(self) -> str:
        return " ".join(self.lines)

    def field(self, *labels: str) -> str:
        return next((v for label in labels if (v := self.fields.get(label))), "")


@dataclass
class Page:
    title: str
    blocks: list[Block]


def _tokens(el: etree._Element) -> set[str]:
    return set((el.get("class") or "").split())


def _norm(text: str | None) -> str:
    return " ".join((text or "").split())


def _text(el: etree._Element) -> str:
    return "".join(el.itertext())


def load_page(raw: bytes) -> Page:
    """Parse one HTML page into blocks; MemberError when it is not an HTML page at all."""
    if not raw.strip():
        raise MemberError("empty file (no HTML in it)")
    if b"\x00" in raw[:4096]:
        raise MemberError("binary data (NUL bytes) in an HTML page: not read")
    if b"<" not in raw[:4096]:
        raise MemberError("not an HTML page (no markup at its start)")
    parser = etree.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)
    try:  # Meta writes UTF-8 (meta charset); libxml2 recovers from broken markup
        doc = etree.fromstring(raw, parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
        raise MemberError(f"not a readable HTML page ({exc})") from None
    if doc is None:
        raise MemberError("not a readable HTML page (nothing parsed)")
    for bad in doc.xpath("//script | //style"):
        _drop(bad)
    _mark_lines(doc)
    title = _norm(doc.findtext(".//title"))
    return Page(title, [_block(i, el) for i, el in enumerate(_own(doc, blocks_only=True))])


def _mark_lines(doc: etree._Element) -> None:
    """Newlines around block elements, so a block's text keeps its lines apart."""
    for el in doc.iter(*_LINE_TAGS):
        el.text = "\n" + (el.text or "")
        el.tail = "\n" + (el.tail or "")


def _drop(el: etree._Element) -> None:
    """Remove an element, keeping the text that follows it."""
    parent = el.getparent()
    if parent is None:
        return
    if el.tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def _is_row(el: etree._Element) -> bool:
    return bool(el.get("class")) and bool(_tokens(el) & ROW)


def _own(root: etree._Element, blocks_only: bool = False) -> Iterator[etree._Element]:
    """Descendants of ``root`` in document order, not entering blocks below it (Instagram's
    Owner box sits inside a block); ``blocks_only`` yields just those outermost blocks."""
    stack = list(reversed(root))
    while stack:
        el = stack.pop()
        if not isinstance(el.tag, str):
            continue
        row = _is_row(el)
        if row or not blocks_only:
            yield el
        if not row:
            stack.extend(reversed(el))


def _first(row: etree._Element, wanted: frozenset[str], tag: str = "") -> etree._Element | None:
    for el in _own(row):
        if el.tag == tag or (el.get("class") and _tokens(el) & wanted):
            return el
    return None


def _block(index: int, row: etree._Element) -> Block:
    head = _first(row, TITLE, "h2")
    foot = _first(row, DATE)
    title = _norm(_text(head)) if head is not None else ""
    date = _norm(_text(foot)) if foot is not None else ""
    fields = _fields(row)
    links = [(_norm(_text(a)), href) for a in row.iter("a")
             if (href := (a.get("href") or "").strip()).startswith(("http://", "https://"))]
    icons = [_norm(img.get("alt")) or PurePosixPath(img.get("src") or "").stem
             for img in row.iter("img")]
    for el in (head, foot, *row.iter("table")):
        if el is not None:
            _drop(el)
    lines = [s for line in _text(row).split("\n") if (s := _norm(line))]
    if not date:
        date = fields.get("Time", "") or fields.get("Date", "")
    if not date and lines and is_date_line(lines[-1]):
        date = lines.pop()  # Instagram lists put the date as the last line of the body
    return Block(index, title, lines, date, links, fields, [i for i in icons if i])


def _fields(row: etree._Element) -> dict[str, str]:
    """Label/value pairs of the block's tables (Instagram), labels canonical (English)."""
    out: dict[str, str] = {}
    for tr in row.iter("tr"):
        cells = [c for c in tr if isinstance(c.tag, str) and c.tag in ("td", "th")]
        if len(cells) >= 2:
            label, value = _norm(_text(cells[0])), _norm(_text(cells[1]))
            href_cell = cells[1]
        elif len(cells) == 1:
            label = _norm(cells[0].text)
            value = " ".join(s for child in cells[0] if isinstance(child.tag, str)
                             if (s := _norm(_text(child))))
            href_cell = cells[0]
        else:
            continue
        if not label:
            continue
        key = canonical_label(label)
        if value:
            out.setdefault(key, value)
        href = next((h for a in href_cell.iter("a") if (h := a.get("href") or "")), "")
        if href:
            out.setdefault(f"{key}.href", href)
    return out


# --- rows --------------------------------------------------------------------------------

FIELDS = ("kind", "record_id", "timestamp", "time_basis", "text", "counterpart",
          "counterpart_id", "mentions", "url", "account", "source")


def new_rows(seen: set[str] | None = None) -> Rows:
    return Rows(FIELDS, dedupe=("record_id",), seen=seen,
                empty_as_none=("text", "counterpart", "mentions", "url", "account"))


@dataclass
class HtmlMember:
    """The page a reader is reading: where rows go, its zone, its bad-record tally."""

    part: ExportPart
    rel: str
    route: Route
    rows: Rows
    zone: ZoneInfo | None
    platform: str
    page_title: str = ""
    bad: int = 0
    undated: int = 0
    notes: list[str] = field(default_factory=list)
    result: dict[str, str] = field(default_factory=dict)  # facts a reader hands back (owner)

    def record(self, block: Block, kind: str, *, text: str = "", counterpart: str = "",
            url: str = "", record_id: str = "") -> bool:
        """Add one row dated by the block's date text; False if its record id repeats."""
        parsed = local_time(block.date) if block.date else None
        when, basis = to_utc(*parsed, self.zone) if parsed else (None, "unknown")
        if block.date and parsed is None:
            self.undated += 1
        # the id hashes the date as written, so a different profile zone keeps it stable
        rid = record_id or schema.content_id(self.platform, "html", kind, block.date,
                                             norm_name(text), norm_name(counterpart))
        return self.rows.add(kind=kind, record_id=rid, timestamp=when, time_basis=basis,
                             text=text, counterpart=counterpart, url=url,
                             source=self.part.source(self.rel, block.index))


def read_thread(blocks: list[Block], m: HtmlMember) -> None:
    """One message-thread page (Facebook and Instagram alike): the sender is each block's
    header, the page title names the thread (the other person, or the group's name)."""
    folder = m.rel.rsplit("/", 1)[0]
    thread = m.page_title or folder.rsplit("/", 1)[-1]
    for b in blocks:
        if not b.title and not b.text:
            m.bad += 1
            continue
        rid = schema.content_id(m.platform, "html", "message", folder, b.date, b.title, b.text)
        m.record(b, "message", text=b.text, counterpart=thread, record_id=rid)


HtmlReader = Callable[[list[Block], HtmlMember], None]

_NAVIGATION = re.compile(r"(?:^|/)(?:index|start_here|your_information)\.html?$", re.I)
_ATTACHMENTS = re.compile(r"(?:^|/)(?:photos|videos|files|gifs|audio|media)/", re.I)


def html_twin(rel: str, members: set[str]) -> bool:
    """Whether the same page exists as JSON (a mixed download): the JSON importer reads it."""
    stem = rel.rsplit(".", 1)[0]
    return f"{stem}.json" in members


@dataclass
class HtmlExport:
    """Rows and coverage of one platform's HTML download, across its parts."""

    platform: str
    table: RouteTable
    zone: ZoneInfo | None
    rows: Rows = field(default_factory=new_rows)
    coverage: list[CoverageEntry] = field(default_factory=list)
    facts: dict[str, str] = field(default_factory=dict)

    def entry(self, part: ExportPart, rel: str, kind: str, status: str, records: int = 0,
              bad: int = 0, reason: str = "") -> None:
        self.coverage.append(CoverageEntry(self.platform, part.archive.label,
                                           part.root + rel or "/", kind, status, records, bad,
                                           reason))

    def read_part(self, part: ExportPart, members: list[str], first: Iterable[str] = ()) -> None:
        """Every member of a part into rows or coverage; ``first`` (readers) run before the
        rest, so the owner a profile page names is known to the message pages."""
        names = set(members)
        order = {name: i for i, name in enumerate(first)}
        routed = sorted(members, key=lambda rel: order.get(self._reader(rel), len(order)))
        for rel in routed:
            self.read_member(part, rel, names)
        self.entry(part, "", "format", "read", reason=f"{HTML_LIMITS}; {zone_note(self.zone)}")

    def _reader(self, rel: str) -> str:
        route = self.table.route(rel) if rel.lower().endswith((".html", ".htm")) else None
        return route.reader if route else ""

    def read_member(self, part: ExportPart, rel: str, names: set[str]) -> None:
        lower = rel.lower()
        if is_debris(rel):
            self.entry(part, rel, "debris", "skipped", reason="macOS/desktop debris")
        elif lower.endswith(".json"):
            return  # a mixed download: the JSON importer reads (and accounts for) it
        elif is_media(rel):
            self.entry(part, rel, "media", "skipped", reason="media file (not audited)")
        elif not lower.endswith((".html", ".htm")):
            reason = ("empty category (no-data.txt)" if lower.endswith("no-data.txt")
                      else "not checked: not an HTML page of the export")
            self.entry(part, rel, "other", "read" if "no-data" in reason else "unrecognized",
                       reason=reason)
        elif html_twin(rel, names):
            self.entry(part, rel, "html", "skipped",
                       reason="the same page is in the download as JSON, which is read instead")
        else:
            self.read_routed(part, rel)

    def read_routed(self, part: ExportPart, rel: str) -> None:
        route = self.table.route(rel)
        if route is not None and route.reader == "unread":
            self.entry(part, rel, route.kind, "unrecognized", reason=route.reason)
        elif route is not None:
            self.read_page(part, rel, route)
        elif _ATTACHMENTS.search(rel):
            self.entry(part, rel, "media", "skipped", reason="attachment (HTML file)")
        elif _NAVIGATION.search(rel):
            self.entry(part, rel, "html", "skipped", reason="navigation page of the download")
        else:
            self.entry(part, rel, "html", "unrecognized",
                       reason="HTML page not read: no data kind the audit uses")

    def read_page(self, part: ExportPart, rel: str, route: Route) -> None:
        try:
            page = load_page(part.read_bytes(rel))
        except ArchiveError as exc:
            self.entry(part, rel, route.kind, "failed", reason=f"could not read the member: {exc}")
            return
        except MemberError as exc:
            self.entry(part, rel, route.kind, "failed", reason=exc.reason)
            return
        if not page.blocks:
            self.entry(part, rel, route.kind, "failed",
                       reason="no record blocks found: an HTML layout this tool does not know "
                              "(request the export in JSON format)")
            return
        m = HtmlMember(part, rel, route, self.rows, self.zone, route.platform or self.platform,
                       page.title, result=self.facts)
        before, repeated = len(self.rows), self.rows.repeated
        self.table.reader(route)(page.blocks, m)
        added = len(self.rows) - before
        notes = list(m.notes)
        if m.bad:
            notes.insert(0, f"{m.bad} blocks without the text or name needed")
        if m.undated:
            notes.append(f"{m.undated} dates in a form not understood (kept undated)")
        if self.rows.repeated > repeated:
            notes.append(f"{self.rows.repeated - repeated} records repeating one already read, "
                         "counted once")
        self.entry(part, rel, route.kind, "read", added, m.bad, "; ".join(notes))


def html_pages(names: Iterable[str]) -> list[str]:
    """Members that are HTML pages (no debris)."""
    return [n for n in names if n.lower().endswith((".html", ".htm")) and not is_debris(n)]


def without_html_downloads(names: list[str], roots: list[str]) -> list[str]:
    """Roots a JSON importer should read: those holding JSON, or no HTML page at all.

    A root holding only HTML pages is an HTML download, read by the HTML importers.
    """
    kept = []
    for root in roots:
        under = [n for n in names if n.startswith(root) and not is_debris(n)]
        if any(n.lower().endswith(".json") for n in under) or not html_pages(under):
            kept.append(root)
    return kept


def html_roots(names: list[str], roots: list[str], table: RouteTable) -> list[str]:
    """Roots holding at least one HTML page ``table`` reads."""
    return [root for root in roots
            if any(table.route(n[len(root):]) for n in html_pages(names) if n.startswith(root))]


def frame(export: HtmlExport, account: str | None, observed: pd.Timestamp | None
          ) -> pd.DataFrame:
    """The Activity frame of an HTML download: ``account`` and ``observed_at`` on every row."""
    columns = dict(export.rows.columns)
    n = len(export.rows)
    columns["account"] = [account] * n
    columns["observed_at"] = [observed] * n
    columns["platform"] = [export.platform] * n
    return schema.dedupe(schema.from_records(columns, export.platform))
