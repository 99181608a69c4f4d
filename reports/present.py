"""How the report says things: local times, people by name and handle, one card per item.

The findings stay as the rules wrote them; these helpers only change their presentation:
timestamps in the subject's time zone with their basis (exact, a lower bound, unknown),
counterparts by the name and handle the profile gives them instead of bare account ids, and
the findings of several rules on one record gathered into one item.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd

from presence_audit.severity import MODIFIERS

if TYPE_CHECKING:
    from presence_audit.profile import Profile

# Platforms whose handles read as @name (Facebook "handles" are display names).
AT_PLATFORMS = {"x", "instagram", "threads", "tiktok", "youtube", "mastodon", "bluesky"}
SIBLINGS = {"threads": "instagram", "instagram": "threads"}  # one Meta account, two apps


# ----------------------------------------------------------------------------- times

def local(value, tz: ZoneInfo, fmt: str = "%Y-%m-%d %H:%M") -> str | None:
    """One UTC timestamp as a local wall-clock string; None when missing."""
    if value is None or pd.isna(value):
        return None
    return pd.Timestamp(value).tz_convert(tz).strftime(fmt)


def local_series(values: pd.Series, tz: ZoneInfo, fmt: str = "%Y-%m-%d %H:%M") -> list:
    """``local`` over a column, vectorized (the findings list formats thousands)."""
    ts = pd.to_datetime(values, utc=True).dt.tz_convert(tz)
    return ts.dt.strftime(fmt).astype(object).where(ts.notna(), None).tolist()


def when_text(stamp: str | None, basis: str | None, labels: dict) -> str:
    """A local time as the reader should take it: exact, a lower bound, or unknown."""
    if not stamp or basis == "unknown":
        return labels["time_unknown"]
    if basis == "bound":
        return labels["time_bound"].format(when=stamp)
    return stamp


def zone_line(tz: ZoneInfo, start, end) -> str:
    """The zone's name and its abbreviations over the period, e.g. America/New_York (EST/EDT)."""
    points = [t for t in (start, end) if t is not None and not pd.isna(t)]
    points = points or [pd.Timestamp.now("UTC")]
    abbrevs = list(dict.fromkeys(pd.Timestamp(t).tz_convert(tz).tzname() or ""
                                 for t in [points[0], points[0] + pd.Timedelta(days=182), *points]))
    names = "/".join(a for a in abbrevs if a and not a.startswith(("+", "-")))
    return f"{tz.key} ({names})" if names and names != tz.key else tz.key


# ----------------------------------------------------------------------------- people

class People:
    """Looks up the profile's people and political entities by handle, account id or name."""

    def __init__(self, profile: Profile) -> None:
        self.by_key: dict[tuple[str, str], tuple[str, dict[str, str]]] = {}
        self.by_name: dict[str, tuple[str, dict[str, str]]] = {}
        entries = [(p.name, p.aliases, p.handles) for p in profile.people]
        entries += [(e.entity, e.aliases, e.handles) for e in profile.political]
        for name, aliases, handles in entries:
            own = {h.platform: h.handle for h in handles if h.handle}
            entry = (name, own)
            for h in handles:
                if h.handle:
                    self.by_key.setdefault((h.platform, h.handle.lower()), entry)
                if h.account_id:
                    self.by_key.setdefault((h.platform, "#" + h.account_id), entry)
            for n in (name, *aliases):
                self.by_name.setdefault(n.lower(), entry)

    def find(self, platform: str, value: str) -> tuple[str, dict[str, str]] | None:
        key = value.strip().lstrip("@").lower()
        for p in (platform, SIBLINGS.get(platform)):
            if p and (p, key) in self.by_key:
                return self.by_key[(p, key)]
        return self.by_name.get(key)

    def label(self, platform: str, counterpart: str | None, account_id: str | None = None
              ) -> str:
        """'Name (@handle)' for a known account, else the counterpart as the export names it."""
        found = self.find(platform, "#" + account_id) if account_id else None
        if found is None and counterpart:
            found = self.find(platform, counterpart)
        if found is None:
            return handle_text(platform, counterpart) if counterpart else ""
        name, handles = found
        handle = handles.get(platform) or handles.get(SIBLINGS.get(platform, ""))
        if not handle and counterpart and counterpart.lower() != name.lower():
            handle = counterpart
        if not handle or handle.lower() == name.lower():
            return name
        return f"{name} ({handle_text(platform, handle)})"


def handle_text(platform: str, handle: str) -> str:
    """A handle as people write it on that platform."""
    if platform in AT_PLATFORMS and " " not in handle and not handle.startswith(("@", "did:")):
        return "@" + handle
    return handle


def counterpart_ids(evidence: list) -> str | None:
    """The account id a finding matched on, kept for the details only."""
    for e in evidence:
        if isinstance(e, dict) and e.get("field") == "counterpart_id":
            return str(e.get("text") or "") or None
    return None


# ----------------------------------------------------------------------------- items

def item_keys(f: pd.DataFrame) -> np.ndarray:
    """One integer per distinct record (platform, record id): the findings of one item."""
    rid = f["record_id"].astype("string")
    key = f["platform"].astype("string").fillna("") + "\x1f" + rid.fillna(
        "fp:" + f["fingerprint"].astype("string").fillna(""))
    return pd.factorize(key)[0]


# ----------------------------------------------------------------------------- words

def kind_label(kind: str, labels: dict) -> str:
    return labels.get(f"kind_{kind}", kind)


def reason_in(row: dict, labels: dict, who: str, when: str, caption: str) -> str:
    """A finding's reason rebuilt from its fields in the report language, for languages
    other than the findings' own (English): what was done, to whom, which case, when."""
    parts = [kind_label(str(row.get("kind") or ""), labels) + (f" — {who}" if who else "")]
    entity, case = (v if isinstance(v, str) and v else None
                    for v in (row.get("entity"), row.get("case_id")))
    if case:
        parts.append(labels["reason_case"].format(case=case, caption=caption).replace(" ()", ""))
    elif entity and entity not in who:
        parts.append(labels["reason_matched"].format(entity=entity))
    words = [str(e.get("text")) for e in row.get("evidence_list", [])
             if e.get("field", "text") == "text" and 0 < len(str(e.get("text") or "")) <= 40]
    if words:
        parts.append(labels["reason_words"].format(
            words=", ".join(f"«{w}»" for w in dict.fromkeys(words))))
    parts.append(when)
    window = labels.get(f"window_{row.get('in_open_window')}", "")
    line = " · ".join(p for p in parts if p) + (f"; {window}" if window else "") + "."
    return line[:1].upper() + line[1:]


# ----------------------------------------------------------------------------- evidence

def highlight(text: str | None, evidence: list) -> list[tuple[str, bool]]:
    """Cut ``text`` into (segment, marked) pieces along the evidence spans on ``text``."""
    if not text:
        return []
    pieces: list[tuple[str, bool]] = []
    pos = 0
    for start, end in text_spans(text, evidence):
        if start > pos:
            pieces.append((text[pos:start], False))
        pieces.append((text[start:end], True))
        pos = end
    if pos < len(text):
        pieces.append((text[pos:], False))
    return pieces


def text_spans(text: str, evidence) -> list[tuple[int, int]]:
    """Sorted, non-overlapping (start, end) code-point spans of the evidence on ``text``."""
    spans: list[tuple[int, int]] = []
    for ev in evidence if isinstance(evidence, list | tuple | np.ndarray) else []:
        if not isinstance(ev, dict) or ev.get("field", "text") != "text":
            continue
        try:
            start, end = int(ev["start"]), int(ev["end"])
        except (KeyError, TypeError, ValueError):
            continue
        want = ev.get("text") or ""
        if not (0 <= start < end <= len(text)) or (want and text[start:end] != want):
            # Spans from a normalized copy may be shifted: fall back to the quoted words.
            found = text.find(want) if want else -1
            if found < 0:
                continue
            start, end = found, found + len(want)
        spans.append((start, end))
    out: list[tuple[int, int]] = []
    pos = 0
    for start, end in sorted(spans):
        start = max(start, pos)
        if end > start:  # an overlap with an earlier span is merged into it
            out.append((start, end))
            pos = end
    return out


def _utf16(text: str, spans: list[tuple[int, int]]) -> list[list[int]]:
    """Code-point spans as UTF-16 offsets, which JavaScript strings index by."""
    if text.isascii():
        return [[s, e] for s, e in spans]
    def at(i: int) -> int:
        return len(text[:i].encode("utf-16-le")) // 2
    return [[at(s), at(e)] for s, e in spans]


def modifier_text(modifier: str, labels: dict | None = None) -> str:
    """Why a modifier moved the severity: the label ``mod_<id>`` in the report language, else
    the severity module's table (one source)."""
    steps, why = MODIFIERS.get(modifier, (0, ""))
    why = (labels or {}).get(f"mod_{modifier}") or why
    return f"{why} ({steps:+d})" if why and steps else why


NOT_RUN = ((re.compile(r"disabled in the profile$"), "nr_disabled"),
           (re.compile(r"does not apply to the role (?P<role>\w+)$"), "nr_role"),
           (re.compile(r"the exports hold none of the record kinds it reads \((?P<kinds>.*)\)$"),
            "nr_kinds"))


def not_run_text(why: str, labels: dict) -> str:
    """Why a rule could not run, in the report language (the engine says it in English)."""
    from presence_audit.engine import NEEDS

    for need, (_, text) in NEEDS.items():
        if why == text:
            return labels.get(f"nr_{need}", why)
    for pattern, key in NOT_RUN:
        m = pattern.match(why)
        if m and key in labels:
            parts = m.groupdict()
            if "role" in parts:
                parts["role"] = labels.get(f"subject_{parts['role']}", parts["role"])
            if "kinds" in parts:
                parts["kinds"] = ", ".join(labels.get(f"kind_{k}", k)
                                           for k in parts["kinds"].split(", "))
            return labels[key].format(**parts)
    return why


def safe_url(url) -> str | None:
    return url if isinstance(url, str) and url.startswith(("https://", "http://")) else None


# ----------------------------------------------------------------------------- paper

LETTER_REGIONS = {"US", "CA", "MX", "PH", "CL", "CO", "VE", "GT", "CR", "PA", "DO", "PR"}


def paper_size(jurisdiction: str) -> str:
    """US Letter where the jurisdiction's country uses it (en-US and neighbours), else A4."""
    region = str(jurisdiction or "").split("-")[0].upper()
    return "letter" if region in LETTER_REGIONS else "A4"


def css_string(text: str) -> str:
    """``text`` as a quoted CSS string: every character but letters, digits and spaces is
    a hex escape, so no profile value can end the string or the <style> element."""
    out = []
    for ch in text:
        out.append(ch if (ch.isalnum() and ch.isascii()) or ch == " " else f"\\{ord(ch):x} ")
    return '"' + "".join(out) + '"'
