"""Helpers shared by the Meta importers (Facebook, Instagram, Threads): one place for Meta's quirks.

Meta's "Download Your Information" JSON has the same habits across its products: UTF-8 bytes
written as ``\\u00XX`` escapes (mojibake), key names that change generation by generation
(``_v2``/``_v3``), a generic ``label_values`` record shape, localized labels, ``timestamp: 0``
for "no time", and one message-thread layout. The importers read everything through these.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from pathlib import PurePosixPath

import orjson
import pandas as pd

from presence_audit.coverage import CoverageEntry
from presence_audit.errors import ArchiveError
from presence_audit.importers import ExportPart
from presence_audit.importers._toolkit import MemberError, Rows
from presence_audit.schema import content_id

BOM = b"\xef\xbb\xbf"
# Plausible Meta time range: nothing before 2000 (schema refuses it) or after 2100.
_MIN_SECONDS, _MAX_SECONDS = 946_684_800, 4_102_444_800


# --- mojibake ---------------------------------------------------------------------------

def fix_mojibake(s: str) -> str:
    """Undo Meta's byte-per-escape encoding (formats.md 2.7); correct text passes unchanged."""
    if s.isascii():
        return s
    try:
        return s.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        # characters above U+00FF or bytes that are not UTF-8: the text was never mangled
        return s


def fix_tree(obj: object, fix: Callable[[str], str] = fix_mojibake) -> object:
    """Copy of a parsed JSON value with every string and dict key repaired by ``fix``.

    Iterative (explicit stack), so JSON nested thousands deep cannot exhaust the C stack.
    """
    if isinstance(obj, str):
        return fix(obj)
    if not isinstance(obj, dict | list):
        return obj
    root: dict | list = {} if isinstance(obj, dict) else []
    stack: list[tuple[dict | list, dict | list]] = [(obj, root)]
    while stack:
        src, dst = stack.pop()
        items = src.items() if isinstance(src, dict) else enumerate(src)
        for key, value in items:
            if isinstance(value, str):
                new: object = fix(value)
            elif isinstance(value, dict):
                new = {}
                stack.append((value, new))
            elif isinstance(value, list):
                new = []
                stack.append((value, new))
            else:
                new = value
            if isinstance(dst, dict):
                dst[fix(str(key))] = new
            else:
                dst.append(new)
    return root


def load_json(part: ExportPart, rel: str, notes: list[str] | None = None) -> object:
    """Read one member once, parse it with orjson and repair its mojibake.

    JSON that orjson refuses but that still holds records (invalid UTF-8 bytes, lone
    surrogate escapes, numbers beyond a double) is parsed leniently once more so one bad
    string does not lose the whole member; what was repaired is appended to ``notes``.
    """
    try:
        raw = part.read_bytes(rel)
    except ArchiveError as exc:
        raise MemberError(f"could not read the member: {exc}") from None
    if raw.startswith(BOM):  # quirk: some re-saved exports carry a UTF-8 BOM
        raw = raw[len(BOM):]
    if not raw.strip():
        raise MemberError("empty file (no JSON in it)")
    try:
        data = orjson.loads(raw)
        fix: Callable[[str], str] = fix_mojibake
    except orjson.JSONDecodeError as exc:
        data, fix = _lenient_loads(raw, str(exc), notes), _scrub
    if not isinstance(data, dict | list):
        # every Meta data file is an object or a list; a bare scalar holds no records
        raise MemberError(f"no records: the file holds a bare {type(data).__name__}")
    return fix_tree(data, fix)


def _lenient_loads(raw: bytes, error: str, notes: list[str] | None) -> object:
    """Second, tolerant parse of a member orjson refused; MemberError if it is not JSON."""
    if "depth limit" in error:
        # real exports nest a few levels; thousands mean a broken or hostile file
        raise MemberError("JSON nested deeper than 1024 levels: not read")
    text = raw.decode("utf-8", errors="replace")
    try:
        data = json.loads(text)
    except RecursionError:
        raise MemberError("JSON nested too deep: not read") from None
    except ValueError:
        raise MemberError(f"invalid or truncated JSON ({error})") from None
    if notes is not None:
        notes.append(f"malformed text repaired ({error.split(':')[0]}): unreadable characters "
                     "shown as U+FFFD")
    return data


def _scrub(s: str) -> str:
    """Replace lone surrogates (from ``\\udXXX`` escapes) that cannot be written as UTF-8."""
    s = s.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    return fix_mojibake(s)


# --- type-checked field access -------------------------------------------------------------
# Hostile or damaged files put any JSON type anywhere: readers reach fields only through these.

def dicts(value: object) -> list[dict]:
    """The dict elements of ``value`` if it is a list, else ``[]`` (never iterates a str/int)."""
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def as_list(value: object) -> list:
    """``value`` if it is a list, else ``[]``."""
    return value if isinstance(value, list) else []


def as_dict(value: object) -> dict:
    """``value`` if it is a dict, else ``{}``."""
    return value if isinstance(value, dict) else {}


def text(value: object) -> str:
    """``value`` stripped if it is a string, else ``""`` (numbers, lists, null are not text)."""
    return value.strip() if isinstance(value, str) else ""


def text_or_none(value: object) -> str | None:
    """``text(value)``, with no text as None (readers that tell "absent" from a value)."""
    return text(value) or None


# --- key variants and record shapes -------------------------------------------------------

_VERSIONED = re.compile(r"_v\d+$")


def _key_variants(keys: Iterable[str]) -> list[str]:
    out: list[str] = []
    for key in keys:
        # quirk: the same list is "x", "x_v2" or "x_v3" depending on the export's year
        variants = [key] if _VERSIONED.search(key) else [f"{key}_v3", f"{key}_v2", key]
        out.extend(v for v in variants if v not in out)
    return out


def records_under(obj: object, *keys: str) -> list:
    """The record list of a Meta JSON file, whatever its generation calls it (formats.md 2.3).

    Tries each key (and its ``_v3``/``_v2`` variants for bare keys), a bare list, then an
    object with exactly one list-valued key; anything else yields ``[]``.
    """
    if isinstance(obj, list):
        return obj
    if not isinstance(obj, dict):
        return []
    for key in _key_variants(keys):
        value = obj.get(key)
        if isinstance(value, list):
            return value
    lists = [v for v in obj.values() if isinstance(v, list)]
    return lists[0] if len(lists) == 1 else []


def flatten_label_values(items: object) -> dict[str, object]:
    """Flatten Meta's 2024+ ``label_values`` list into ``{key: value}`` (formats.md 2.4).

    Keys are ``ent_field_name`` where present (language independent), else the (localized)
    ``label``. ``{label, value}``/``timestamp_value``/``href`` give scalars (an href next to a
    value is kept under ``"<key>.href"``); ``{title, dict: [...]}`` gives a nested dict under
    the title whose entries are also merged into the top level when their key is free;
    ``{label, vec: [...]}`` gives a list of the elements' values (dicts for ``dict`` elements).
    """
    if isinstance(items, dict) and "label_values" in items:
        items = items["label_values"]
    out: dict[str, object] = {}
    if not isinstance(items, list):
        return out
    # explicit stack of (items, target dict, merge target or None)
    stack: list[tuple[list, dict, dict | None]] = [(items, out, None)]
    while stack:
        todo, target, merge = stack.pop()
        for item in todo:
            if not isinstance(item, dict):
                continue
            key = item.get("ent_field_name") or item.get("label") or item.get("title")
            if not isinstance(key, str):
                continue
            if isinstance(item.get("dict"), list):
                sub: dict[str, object] = {}
                target[key] = sub
                stack.append((item["dict"], sub, target if merge is None else merge))
                continue
            if _store_leaf(item, key, target) and merge is not None:
                merge.setdefault(key, target[key])
    return out


def _store_leaf(item: dict, key: str, target: dict) -> bool:
    """Store one scalar or ``vec`` entry under ``key``; False when the item holds neither."""
    if isinstance(item.get("vec"), list):
        target[key] = [_vec_value(v) for v in item["vec"]]
    elif "value" in item:
        target[key] = item["value"]
        if "href" in item:
            target[f"{key}.href"] = item["href"]
    elif "timestamp_value" in item:
        target[key] = item["timestamp_value"]
    elif "href" in item:
        target[key] = item["href"]
    else:
        return False
    return True


def _vec_value(element: object) -> object:
    if not isinstance(element, dict):
        return element
    if isinstance(element.get("dict"), list):
        return flatten_label_values(element["dict"])
    for field in ("value", "timestamp_value", "href"):
        if field in element:
            return element[field]
    return None


# Instagram string_map_data keys are localized; map them to canonical names (formats.md 3.3).
# EN, IT, DE, FR, ES, NL, DA; lower-cased on lookup. Non-English spellings are [?] guesses
# from the apps' wording, extend as real exports show more.
_CANONICAL: dict[str, tuple[str, ...]] = {
    "Comment": ("comment", "commento", "kommentar", "commentaire", "comentario",
                "opmerking", "reactie"),
    "Time": ("time", "ora", "orario", "zeit", "uhrzeit", "heure", "hora", "tijd",
             "tidspunkt", "tid", "date", "data", "datum", "fecha"),
    "Media Owner": ("media owner", "proprietario del contenuto multimediale",
                    "proprietario dei contenuti multimediali", "medieneigentümer",
                    "eigentümer des medieninhalts", "propriétaire du contenu multimédia",
                    "propriétaire du média", "propietario del contenido multimedia",
                    "propietario del archivo multimedia", "media-eigenaar", "eigenaar van media",
                    "medieejer", "ejer af medie"),
    "Search": ("search", "ricerca", "suche", "recherche", "búsqueda", "busqueda", "zoeken",
               "zoekopdracht", "søgning"),
    "Value": ("value", "valore", "wert", "valeur", "valor", "waarde", "værdi"),
    "Username": ("username", "nome utente", "benutzername", "nom d'utilisateur",
                 "nom d’utilisateur", "nombre de usuario", "gebruikersnaam", "brugernavn"),
    "Name": ("name", "nome", "nom", "nombre", "naam", "navn"),
}
_CANONICAL_BY_LABEL = {label: canon for canon, labels in _CANONICAL.items() for label in labels}


def canonical_label(label: str) -> str:
    """The canonical English name of a localized label, or the label itself."""
    return _CANONICAL_BY_LABEL.get(label.strip().casefold(), label)


def string_map(record: object) -> dict[str, object]:
    """Instagram ``string_map_data`` as ``{canonical label: value}``.

    Each entry's ``value`` wins, else its ``timestamp``, else its ``href``; an ``href`` next to a
    value is kept as ``"<label>.href"``. Accepts the record or its ``string_map_data``.
    """
    if isinstance(record, dict) and isinstance(record.get("string_map_data"), dict):
        record = record["string_map_data"]
    out: dict[str, object] = {}
    if not isinstance(record, dict):
        return out
    for label, entry in record.items():
        key = canonical_label(label)
        if not isinstance(entry, dict):
            out.setdefault(key, entry)
            continue
        if entry.get("value") not in (None, ""):
            out.setdefault(key, entry["value"])
            if entry.get("href"):
                out.setdefault(f"{key}.href", entry["href"])
        elif entry.get("timestamp"):
            out.setdefault(key, entry["timestamp"])
        elif entry.get("href"):
            out.setdefault(key, entry["href"])
    return out


def meta_time(value: object, *, ms: bool = False) -> pd.Timestamp | None:
    """A Meta Unix time as a UTC Timestamp; ``0``, None, garbage or pre-2000 -> None."""
    if isinstance(value, bool) or value is None:
        return None
    try:
        number = float(value)  # type: ignore[arg-type]  # whatever float() takes; the rest -> None
    except (TypeError, ValueError):
        return None
    if number != number:  # NaN
        return None
    seconds = number / 1000 if ms else number
    # quirk: timestamp 0 means "no time" (formats.md 0.3), never 1970
    if not _MIN_SECONDS <= seconds <= _MAX_SECONDS:
        return None
    return pd.Timestamp(round(seconds * 1000), unit="ms", tz="UTC")


# --- rows -----------------------------------------------------------------------------------

FIELDS = ("kind", "record_id", "timestamp", "time_basis", "text", "counterpart",
          "counterpart_id", "mentions", "url", "account", "source")


def new_rows(seen: set[str] | None = None) -> Rows:
    """The Meta importers' accumulator: ``FIELDS``, a repeated record_id counted once."""
    return Rows(FIELDS, dedupe=("record_id",), seen=seen,
                empty_as_none=("text", "counterpart", "mentions", "url", "account"))


def add_row(rows: Rows, *, kind: str, record_id: str, timestamp: pd.Timestamp | None,
            source: str, text: str | None = None, counterpart: str | None = None,
            counterpart_id: str | None = None, mentions: str | None = None,
            url: str | None = None, account: str | None = None) -> bool:
    """Append one row, its time basis from ``timestamp``; False if ``record_id`` was added."""
    return rows.add(kind=kind, record_id=record_id, timestamp=timestamp,
                    time_basis="exact" if timestamp is not None else "unknown",
                    text=text, counterpart=counterpart, counterpart_id=counterpart_id,
                    mentions=mentions, url=url, account=account, source=source)


# --- message threads ----------------------------------------------------------------------

_MESSAGE_FILE = re.compile(r"(?:^|/)message_(\d+)\.json$")


def norm_name(name: object) -> str:
    """A display name compared loosely: whitespace collapsed, case folded."""
    return " ".join(str(name).split()).casefold() if name else ""


def read_threads(part: ExportPart, members: Iterable[str], platform: str,
                 own_names: set[str], seen: set[str] | None = None
                 ) -> tuple[dict[str, list], list[CoverageEntry]]:
    """Rows (kind ``message``) and coverage for Meta message threads (formats.md 2.5, 2.6).

    ``members`` are the part's message JSON paths: ``<folder>/<thread>/message_N.json`` files
    (message_1 newest) and/or one-file-per-thread Messenger "secure storage" exports (camelCase
    keys). ``own_names`` are the owner's display names: the other participant(s) become the
    counterpart; group threads use the thread title. Repeated messages are kept once (also
    against ``seen``, the caller's record ids, which is updated).
    """
    own = {norm_name(n) for n in own_names if n}
    rows = new_rows(seen)
    coverage: list[CoverageEntry] = []
    for rel in sorted(members, key=_thread_sort_key):
        notes: list[str] = []
        try:
            data = load_json(part, rel, notes)
        except MemberError as exc:
            coverage.append(CoverageEntry(platform, part.archive.label, part.root + rel,
                                          "message", "failed", reason=exc.reason))
            continue
        if not isinstance(data, dict) or not isinstance(data.get("messages"), list):
            coverage.append(CoverageEntry(platform, part.archive.label, part.root + rel,
                                          "message", "failed",
                                          reason="not a message thread (no 'messages' list)"))
            continue
        added, bad, repeated = _thread_rows(part, rel, data, platform, own, rows)
        if bad:
            notes.append(f"{bad} messages without sender or content skipped")
        if repeated:
            notes.append(f"{repeated} repeated messages counted once")
        reason = "; ".join(notes)
        coverage.append(CoverageEntry(platform, part.archive.label, part.root + rel,
                                      "message", "read", added, bad, reason))
    return rows.columns, coverage


def _thread_sort_key(rel: str) -> tuple[str, int]:
    m = _MESSAGE_FILE.search(rel)
    return (rel[: m.start()], int(m.group(1))) if m else (rel, 0)


def _thread_rows(part: ExportPart, rel: str, data: dict, platform: str, own: set[str],
                 rows: Rows) -> tuple[int, int, int]:
    secure = "threadName" in data or any(isinstance(m, dict) and "senderName" in m
                                         for m in data["messages"][:5])
    listed = data.get("participants")
    participants = [text(p.get("name")) if isinstance(p, dict) else text(p)
                    for p in (listed if isinstance(listed, list) else [])]
    participants = [p for p in participants if p]
    title = text(data.get("threadName" if secure else "title")) or text(data.get("title"))
    others = [p for p in participants if norm_name(p) not in own]
    counterpart: str | None
    if len(participants) > 2:
        counterpart = title or ", ".join(others)
    elif others and own:
        counterpart = others[0]
    else:
        counterpart = title or (others[0] if others else None)
    # thread identity stable across re-exports: Meta's thread_path, else <folder>/<thread>
    path = PurePosixPath(rel)
    thread = text(data.get("thread_path")) or ("/".join(path.parts[-3:-1])
                                                if _MESSAGE_FILE.search(rel) else path.stem)
    account = next((p for p in participants if norm_name(p) in own), None)
    added = bad = repeated = 0
    for index, message in enumerate(data["messages"]):
        if not isinstance(message, dict):
            bad += 1
            continue
        if secure:
            sender, body = text(message.get("senderName")), text(message.get("text"))
            stamp = message.get("timestamp")
        else:
            sender, body = text(message.get("sender_name")), text(message.get("content"))
            stamp = message.get("timestamp_ms")
            share = message.get("share")
            if isinstance(share, dict):
                extra = " ".join(t for k in ("link", "share_text") if (t := text(share.get(k))))
                body = f"{body} {extra}".strip()
        if not sender and not body:
            bad += 1
            continue
        time = meta_time(stamp, ms=True)
        record_id = content_id(platform, thread, time.isoformat() if time else "", sender, body)
        # a message someone else sent the owner carries no account (schema: ``account``)
        received = account is not None and bool(sender) and norm_name(sender) not in own
        if add_row(rows, kind="message", record_id=record_id, timestamp=time,
                   source=part.source(rel, index), text=body, counterpart=counterpart,
                   account=None if received else account):
            added += 1
        else:
            repeated += 1
    return added, bad, repeated


# --- member discovery ---------------------------------------------------------------------

_HTML_SKIP = re.compile(r"(?:^|/)(?:photos|videos|files|gifs|audio)/", re.I)


def html_files(members: Iterable[str]) -> list[str]:
    """HTML pages of an export downloaded in HTML format (formats.md 0.5), media folders aside."""
    return [m for m in members
            if m.lower().endswith((".html", ".htm")) and not _HTML_SKIP.search(m)]


def html_error(label: str, html: list[str]) -> ArchiveError:
    """The one-line error for an export that holds HTML pages and no JSON at all."""
    shown = ", ".join(html[:3]) + (f" and {len(html) - 3} more" if len(html) > 3 else "")
    return ArchiveError(
        f"{label}: this export was downloaded in HTML format ({len(html)} HTML files: {shown}); "
        "request it again choosing format JSON")


def _norm_path(path: str) -> str:
    # quirk: who_you've_followed.json and who_you_ve_followed.json both occur (2.8 pitfall 3)
    return path.replace("'", "_").replace("’", "_").casefold()


_SPLIT = re.compile(r"^(?P<stem>.*?)(?:_(?P<n>\d+))?(?P<ext>\.[A-Za-z0-9]+)$")
_UNDERSCORE = "[_'’]"  # either apostrophe spelling, or the underscore Meta writes for it


def _suffix_regex(suffix: str, number: str = r"(\d+)") -> str | None:
    m = _SPLIT.match(_norm_path(suffix))
    if not m:
        return None
    stem = re.escape(m["stem"]).replace("_", _UNDERSCORE)
    return stem + f"(?:{_UNDERSCORE}{number})?" + re.escape(m["ext"])


def suffix_pattern(*suffixes: str) -> re.Pattern[str]:
    """A route pattern for members ending in any of ``suffixes`` at a path boundary.

    A suffix ``dir/name.json`` (or ``dir/name_1.json``) also matches ``name_2.json`` … (split
    files), either apostrophe spelling, any case and any prefix folder (formats.md 2.2).
    """
    alternatives = [r for s in suffixes if (r := _suffix_regex(s, r"\d+"))]
    return re.compile(r"(?:^|/)(?:" + "|".join(alternatives) + ")$", re.IGNORECASE)


def find(members: Iterable[str], *suffixes: str) -> list[str]:
    """Members ``suffix_pattern(*suffixes)`` matches, split parts sorted numerically."""
    patterns = [re.compile(r"(?:^|/)" + r + "$", re.IGNORECASE)
                for s in suffixes if (r := _suffix_regex(s))]
    found: list[tuple[str, int, str]] = []
    for member in members:
        for pattern in patterns:
            hit = pattern.search(member)
            if hit:
                number = int(hit.group(1)) if hit.group(1) else 0
                found.append((member[: len(member) - len(hit.group(0))], number, member))
                break
    return [member for _, _, member in sorted(found)]
