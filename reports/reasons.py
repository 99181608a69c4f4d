"""Coverage reasons in the report language, without touching the importers.

The importers write coverage reasons in English. The labels files hold a table of their
templates: in ``en.toml`` each ``cov_*`` key is the English reason with its variable parts as
``{fields}`` (so the English text is the pattern), in another language the same key is the
translation using the same fields. A reason is matched whole, else cut at its top-level "; "
into parts matched one by one. Fields: ``n``/``m`` are counts, ``kinds`` a list of record
kinds (translated by their ``kind_*`` labels), the names in ``VERBATIM`` are copied (names,
files, zones, error text), any other field is itself translated the same way. What no template
matches stays English and is reported as such, so the page can mark it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from string import Formatter

PREFIX = "cov_"
COUNTS = {"n", "m"}
VERBATIM = {"name", "file", "zone", "error", "date", "did", "events", "langs", "member",
            "value"}
MAX_DEPTH = 4


@dataclass(frozen=True)
class Reason:
    """A reason in the report language; ``english`` when some of it had no translation."""

    text: str
    english: bool = False


def _field_pattern(name: str) -> str:
    return rf"(?P<{name}>\d[\d,]*)" if name in COUNTS else rf"(?P<{name}>.+?)"


@lru_cache(maxsize=512)
def template_pattern(template: str) -> re.Pattern[str]:
    """The English template as an anchored regex capturing its fields."""
    out = []
    for literal, field, _, _ in Formatter().parse(template):
        out.append(re.escape(literal))
        if field:
            out.append(_field_pattern(field))
    return re.compile("".join(out), re.S)


def _specificity(template: str) -> int:
    return sum(len(lit) for lit, *_ in Formatter().parse(template))


def reason_table(english: dict, labels: dict) -> list[tuple[re.Pattern[str], str]]:
    """(English pattern, template in the report language), the most literal text first so a
    specific template wins over a general one."""
    keys = sorted((k for k in english if k.startswith(PREFIX)),
                  key=lambda k: -_specificity(english[k]))
    return [(template_pattern(english[k]), labels.get(k, english[k])) for k in keys]


def split_parts(reason: str) -> list[str]:
    """``reason`` cut at each "; " outside parentheses."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(reason):
        depth += (ch == "(") - (ch == ")")
        if depth == 0 and reason.startswith("; ", i):
            parts.append(reason[start:i])
            start = i + 2
    parts.append(reason[start:])
    return parts


class ReasonTranslator:
    """Translates coverage reasons with the labels' table (English: unchanged)."""

    def __init__(self, english: dict, labels: dict) -> None:
        self.labels = labels
        self.identity = labels.get("lang", "en") == "en"
        self.table = [] if self.identity else reason_table(english, labels)

    def __call__(self, reason: str) -> Reason:
        if self.identity or not reason:
            return Reason(reason)
        return self._translate(reason, 0)

    def _translate(self, reason: str, depth: int) -> Reason:
        """The whole reason by one template, else its parts; a complete translation wins."""
        whole = self._match(reason, depth)
        if whole is not None and not whole.english:
            return whole
        parts = split_parts(reason)
        if len(parts) > 1 and depth < MAX_DEPTH:
            done = [self._translate(p, depth + 1) for p in parts]
            joined = Reason("; ".join(d.text for d in done), any(d.english for d in done))
            if whole is None or not joined.english:
                return joined
        return whole or Reason(reason, english=True)

    def _match(self, reason: str, depth: int) -> Reason | None:
        """The first template translating ``reason`` completely, else the first matching."""
        first = None
        for pattern, template in self.table:
            m = pattern.fullmatch(reason)
            if m is None:
                continue
            fields, english = {}, False
            for name, value in m.groupdict().items():
                fields[name], miss = self._field(name, value, depth)
                english |= miss
            done = Reason(template.format(**fields), english)
            if not english:
                return done
            first = first or done
        return first

    def _field(self, name: str, value: str, depth: int) -> tuple[str, bool]:
        if name in COUNTS or name in VERBATIM:
            return value, False
        if name == "kinds":
            return ", ".join(self.labels.get(f"kind_{k}", k) for k in value.split(", ")), False
        if depth >= MAX_DEPTH:
            return value, True
        done = self._translate(value, depth + 1)
        return done.text, done.english
