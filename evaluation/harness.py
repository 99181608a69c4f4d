"""Run an evaluation set through the real scan and print precision, recall and F1.

    python evaluation/harness.py case_references --split dev [--show-errors]
    python evaluation/harness.py prosecutor --split test
    python evaluation/harness.py path/to/set --split all
    python evaluation/harness.py prosecutor --file evaluation/prosecutor/test_v2.jsonl

Per profile folder the items become real X, Facebook and Instagram exports (exports.py), the
scan pipeline runs in-process exactly as ``presence-audit scan`` would (no history), and
each finding is mapped back to its item through the record id the importer assigned. The
test split is never shown item by item: ``--show-errors`` is refused on it, so tuning can
only look at dev (evaluation/README.md).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import exports  # noqa: E402
import scoring  # noqa: E402

from presence_audit import scan  # noqa: E402
from presence_audit.errors import AuditInputError  # noqa: E402
from presence_audit.profile import load_profile  # noqa: E402

SPLITS = {"dev": ("dev.jsonl",), "test": ("test.jsonl",), "all": ("dev.jsonl", "test.jsonl")}
REQUIRED = ("id", "lang", "profile", "platform", "kind", "class", "expect")


class SetError(ValueError):
    """The set on disk is unusable; the message is one line for the user."""


def set_dir(name: str) -> Path:
    """A set by its folder name under evaluation/ or by path."""
    path = HERE / name if (HERE / name).is_dir() else Path(name)
    if not (path / "profiles").is_dir():
        raise SetError(f"{name}: not an evaluation set (no profiles/ folder)")
    return path


def load_items(folder: Path, split: str) -> list[dict]:
    """The items of a split, checked for the fields the harness needs."""
    return load_files([folder / name for name in SPLITS[split]], folder)


def load_files(paths: Iterable[Path], folder: Path) -> list[dict]:
    """The items of the given JSONL files (a split, or one named batch such as test_v2)."""
    items: list[dict] = []
    for path in paths:
        if not path.is_file():
            raise SetError(f"{path}: missing")
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
            except json.JSONDecodeError as exc:
                raise SetError(f"{path}:{n}: not JSON ({exc.msg})") from None
            missing = [k for k in REQUIRED if k not in item]
            if missing:
                raise SetError(f"{path}:{n}: missing {', '.join(missing)}")
            items.append(item)
    ids = [i["id"] for i in items]
    if len(ids) != len(set(ids)):
        raise SetError(f"{folder}: item ids are not unique")
    return items


def _row_keys(activity) -> dict[tuple, str]:
    """Activity row -> the key exports.py gave its item (time in seconds, or X account id)."""
    keys: dict[tuple, str] = {}
    for platform, kind, stamp, cid, rid in zip(
            activity["platform"].astype(str), activity["kind"].astype(str),
            activity["timestamp"], activity["counterpart_id"], activity["record_id"],
            strict=True):
        if kind == "profile":
            continue
        if stamp is not None and stamp == stamp:  # not NaT
            keys[(platform, "time", int(stamp.timestamp()))] = rid
        else:
            keys[(platform, kind, str(cid))] = rid
    return keys


def x_ids(profile) -> dict[str, str]:
    """X handle -> account id, as the profile's people and political lists give them."""
    listed = [*profile.subject.own_handles,
              *(h for p in [*profile.people, *profile.political] for h in p.handles)]
    return {h.handle: h.account_id for h in listed
            if h.platform == "x" and h.handle and h.account_id}


def run_profile(folder: Path, profile_name: str, items: list[dict], work: Path
                ) -> tuple[dict[str, list[scoring.Hit]], set[str], list[str]]:
    """Scan one profile's items; return hits per item id, own case ids, unmapped item ids."""
    profile_path = folder / "profiles" / profile_name / "profile.toml"
    if not profile_path.is_file():
        raise SetError(f"{profile_path}: missing (items name profile {profile_name!r})")
    profile = load_profile(str(profile_path))
    owner = exports.Owner(profile.subject.name, dict(profile.subject.handles), x_ids(profile))
    out = work / profile_name
    out.mkdir(parents=True, exist_ok=True)
    built = exports.build_profile(items, owner, out)
    result = scan.scan([str(p) for p in built.paths], str(profile_path), hash_archives=False)
    rows = _row_keys(result.activity)
    record_to_item: dict[tuple[str, str], str] = {}
    unmapped: list[str] = []
    for item_id, key in built.keys.items():
        rid = rows.get(key)
        if rid is None:
            unmapped.append(item_id)
        else:
            record_to_item[(key[0], rid)] = item_id
    hits: dict[str, list[scoring.Hit]] = defaultdict(list)
    f = result.findings
    for rule, platform, rid, case_id, severity in zip(
            f["rule"], f["platform"].astype(str), f["record_id"], f["case_id"], f["severity"],
            strict=True):
        item_id = record_to_item.get((platform, str(rid)))
        if item_id is not None:
            case = "" if case_id is None or case_id != case_id else str(case_id)
            hits[item_id].append(scoring.Hit(str(rule), case, str(severity)))
    own = {c.case_id for c in profile.cases if getattr(c, "assigned", "own") != "office"}
    return hits, own, unmapped


def evaluate(folder: Path, items: list[dict], tasks: list[str] | None = None
             ) -> tuple[scoring.Scores, list[str]]:
    """Scan every profile of ``items`` and score them; also return unmapped item ids."""
    by_profile: dict[str, list[dict]] = defaultdict(list)
    for item in items:
        by_profile[item["profile"]].append(item)
    hits: dict[str, list[scoring.Hit]] = {}
    own: dict[str, set[str]] = {}
    unmapped: list[str] = []
    with tempfile.TemporaryDirectory(prefix="eval-") as tmp:
        for name, group in sorted(by_profile.items()):
            found, own[name], lost = run_profile(folder, name, group, Path(tmp))
            hits.update(found)
            unmapped += lost
    return scoring.score(items, hits, own, tasks or scoring.tasks_of(items)), unmapped


# ----------------------------------------------------------------------------- printing


def _fmt(value: float | None) -> str:
    return "   -" if value is None else f"{value:4.2f}"


def table(scores: scoring.Scores, tasks: Iterable[str], langs: list[str]) -> list[str]:
    """Precision / recall / F1 per task, overall and per language."""
    lines = [f"{'task':<17} {'lang':<4} {'pos':>4} {'TP':>4} {'FP':>4} {'FN':>4} "
             f"{'prec':>5} {'rec':>5} {'F1':>5}"]
    for task in tasks:
        for lang in ["all", *langs]:
            c = scores.by_lang.get((task, lang))
            if c is None:
                continue
            lines.append(f"{task:<17} {lang:<4} {c.positives:>4} {c.tp:>4} {c.fp:>4} {c.fn:>4} "
                         f"{_fmt(c.precision):>5} {_fmt(c.recall):>5} {_fmt(c.f1):>5}")
    return lines


def class_table(scores: scoring.Scores, tasks: Iterable[str]) -> list[str]:
    """Per class: how many expected decisions were found and how many false alarms rose."""
    lines = [f"{'class':<22} {'task':<17} {'items':>5} {'found':>9} {'false alarms':>12}"]
    for task in tasks:
        for (t, cls), c in sorted(scores.by_class.items()):
            if t != task:
                continue
            found = f"{c.tp}/{c.positives}" if c.positives else "-"
            lines.append(f"{cls:<22} {task:<17} {c.items:>5} {found:>9} {c.fp:>12}")
    return lines


def errors(scores: scoring.Scores) -> list[str]:
    """Misses and false alarms, grouped by class (dev only)."""
    misses: dict[str, list[str]] = defaultdict(list)
    alarms: dict[str, list[str]] = defaultdict(list)
    for o in scores.outcomes:
        item = o.item
        head = f"{item['id']} [{item['platform']} {item['kind']}] {o.task}"
        what = item.get("text") or item.get("counterpart") or item.get("counterpart_id") or ""
        if o.fn:
            misses[item["class"]].append(f"    {head} {sorted(o.expected)}: {what}")
        if o.fp:
            alarms[item["class"]].append(
                f"    {head} -> {sorted(o.found - o.expected) or sorted(o.found)} "
                f"({', '.join(o.rules)}): {what}")
    lines: list[str] = []
    for title, groups in (("misses", misses), ("false alarms", alarms)):
        lines.append(f"{title} ({sum(map(len, groups.values()))})")
        for cls in sorted(groups):
            lines.append(f"  {cls} ({len(groups[cls])})")
            lines.extend(groups[cls])
    return lines


def _untouched(name: str) -> bool:
    """A file no one may read item by item: anything but a dev file (test*, all, ...)."""
    return not name.startswith("dev")


def _in_set(path: Path, folder: Path) -> Path:
    """``path`` as given, or relative to the set folder when only there."""
    return path if path.is_file() or not (folder / path).is_file() else folder / path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("set", help="case_references, prosecutor, or a path to a set folder")
    parser.add_argument("--split", choices=tuple(SPLITS), default="dev")
    parser.add_argument("--file", type=Path, default=None,
                        help="score this JSONL file of the set instead of a split "
                             "(e.g. an untouched batch such as test_v2.jsonl)")
    parser.add_argument("--show-errors", action="store_true",
                        help="list misses and false alarms by class (dev only)")
    args = parser.parse_args(argv)
    refused = _untouched(args.file.name) if args.file else args.split != "dev"
    if args.show_errors and refused:
        what = args.file.name if args.file else f"the {args.split} split"
        print(f"error: --show-errors is for the dev split only; {what} is never read item by item "
              "while tuning", file=sys.stderr)
        return 2
    try:
        folder = set_dir(args.set)
        items = (load_files([_in_set(args.file, folder)], folder) if args.file
                 else load_items(folder, args.split))
        started = time.perf_counter()
        scores, unmapped = evaluate(folder, items)
    except (SetError, exports.ItemError, AuditInputError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    tasks = scoring.tasks_of(items)
    langs = sorted({i["lang"] for i in items})
    profiles = len({i["profile"] for i in items})
    part = f"file {args.file.name}" if args.file else f"split {args.split}"
    print(f"set {folder.name} · {part} · {len(items)} items · {profiles} profiles "
          f"· {time.perf_counter() - started:.1f} s")
    if unmapped:
        print(f"warning: {len(unmapped)} items produced no activity row (counted as misses): "
              + ", ".join(sorted(unmapped)[:10]) + (" …" if len(unmapped) > 10 else ""))
    print()
    print("\n".join(table(scores, tasks, langs)))
    print()
    print("\n".join(class_table(scores, tasks)))
    if args.show_errors:
        print()
        print("\n".join(errors(scores)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
