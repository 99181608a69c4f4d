"""Literals a regular expression cannot match without (tests only: src reads no private
regex parser): what checks that the declared ``*_re_needs`` of the cue files are complete.

A pattern list runs on every text unless a cheap pass (one Aho-Corasick scan of the column,
or ``in`` on one text) first finds the texts that hold one of a few literal strings every
match contains. Hand-written needle lists drift as patterns are added and, to stay safe,
fill up with words like "me" or "i" that every text holds (the round-5 demeanor regression:
the patterns ran on 98% of texts). Reading the literals off the parsed pattern keeps them
both complete and selective: for ``(?:i'll|i will) (?:find|hunt) you`` the needles are the
four whole phrases, not "i".

The analysis is conservative: a pattern it cannot bound (a class or wildcard everywhere, an
optional part only, a case-insensitive flag) gives ``None``, and the caller runs it on every
text.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import product

try:  # Python 3.11+: the parser moved under ``re``
    from re import _constants as _c
    from re import _parser as _p
except ImportError:  # pragma: no cover - older Python
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _p  # type: ignore[no-redef]

CAP = 12  # most alternatives a literal set may hold before it is cut down to its needs
_Info = tuple[frozenset[str] | None, frozenset[str] | None]  # (exact strings, needs)
_ZERO_WIDTH = (_c.AT, _c.ASSERT, _c.ASSERT_NOT)
_REPEATS = (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", _c.MAX_REPEAT))


@lru_cache(maxsize=4096)
def required_literals(pattern: str) -> frozenset[str] | None:
    """Literal strings one of which every match of ``pattern`` contains, or ``None`` when
    no such set can be read off it (then every text is a candidate)."""
    parsed = _p.parse(pattern)
    if parsed.state.flags & (re.IGNORECASE | re.VERBOSE):
        return None
    _, needs = _sequence(list(parsed))
    return needs if needs and "" not in needs else None


def alternation_literals(patterns: tuple[str, ...]) -> frozenset[str] | None:
    """Needles of ``(?:p1)|(?:p2)|...``: the union of each pattern's; ``None`` if any
    pattern has none."""
    found: set[str] = set()
    for pattern in patterns:
        needs = required_literals(pattern)
        if needs is None:
            return None
        found |= needs
    return frozenset(found)


def _best(candidates: list[frozenset[str]]) -> frozenset[str] | None:
    """The most selective needle set: longest shortest member, then fewest members."""
    usable = [c for c in candidates if c and "" not in c]
    if not usable:
        return None
    return max(usable, key=lambda c: (min(map(len, c)), -len(c)))


def _join(left: frozenset[str], right: frozenset[str]) -> frozenset[str] | None:
    if len(left) * len(right) > CAP:
        return None
    return frozenset(a + b for a, b in product(left, right))


def _sequence(items: list) -> _Info:
    """A concatenation: literal runs grow while each part is a small set of exact strings;
    any other part closes the run, and its own needs are a candidate too. Exact strings of
    the whole only while no run was closed."""
    run = frozenset({""})
    candidates: list[frozenset[str]] = []
    for op, av in items:
        if op in _REPEATS:
            lo, hi, body = av
            b_exact, b_needs = _sequence(list(body))
            item_exact = _repeated(b_exact, lo, hi)
            if item_exact is not None:
                run = _grow(run, item_exact, candidates)
            elif lo >= 1 and b_exact is not None and (head := _power(b_exact, lo)) is not None:
                candidates.append(_grow(run, head, candidates))  # ``lo`` copies follow the run
                run = head  # ... and the last ``lo`` copies precede what comes next
            else:
                candidates.append(run)
                if lo >= 1 and b_needs is not None:
                    candidates.append(b_needs)
                run = frozenset({""})
            continue
        item_exact, item_needs = _item(op, av)
        if item_exact is not None:
            run = _grow(run, item_exact, candidates)
            continue
        candidates.append(run)
        if item_needs is not None:
            candidates.append(item_needs)
        run = frozenset({""})
    exact = run if not candidates else None
    candidates.append(run)
    return exact, _best(candidates)


def _repeated(strings: frozenset[str] | None, lo: int, hi: int) -> frozenset[str] | None:
    """Exact strings of ``lo`` to ``hi`` copies, if few."""
    if strings is None or hi - lo > 3:
        return None
    out: set[str] = set()
    for times in range(lo, hi + 1):
        power = _power(strings, times)
        if power is None:
            return None
        out |= power
    return frozenset(out) if len(out) <= CAP else None


def _grow(run: frozenset[str], part: frozenset[str], candidates: list) -> frozenset[str]:
    """The run followed by ``part``; too many combinations: keep the run as a candidate and
    start anew from ``part``."""
    joined = _join(run, part)
    if joined is None:
        candidates.append(run)
        return part
    return joined


def _power(strings: frozenset[str], times: int) -> frozenset[str] | None:
    out: frozenset[str] | None = frozenset({""})
    for _ in range(times):
        out = _join(out, strings) if out is not None else None
    return out


def _item(op: object, av: object) -> _Info:
    """(exact strings, needs) of one parsed element that is not a repeat."""
    if op == _c.LITERAL:
        return frozenset({chr(av)}), frozenset({chr(av)})  # type: ignore[arg-type]
    if op in _ZERO_WIDTH:
        return frozenset({""}), None  # consumes nothing: neighbours stay adjacent
    if op == _c.IN:
        chars = [chr(v) for o, v in av if o == _c.LITERAL]  # type: ignore[union-attr]
        if len(chars) == len(av) and len(chars) <= 8:  # type: ignore[arg-type]
            return frozenset(chars), frozenset(chars)
        return None, None
    if op == _c.SUBPATTERN:
        _, add_flags, _, body = av  # type: ignore[misc]
        if add_flags & (re.IGNORECASE | re.VERBOSE):
            return None, None
        return _sequence(list(body))
    if op == _c.BRANCH:
        parts = [_sequence(list(branch)) for branch in av[1]]  # type: ignore[index]
        exacts = [e for e, _ in parts]
        exact = (frozenset().union(*exacts) if all(e is not None for e in exacts) else None)
        if exact is not None and len(exact) > CAP:
            exact = None
        needs = [n for _, n in parts]
        return exact, (frozenset().union(*needs) if all(n is not None for n in needs)
                       else None)
    return None, None  # ANY, NOT_LITERAL, CATEGORY, a back reference, ...
