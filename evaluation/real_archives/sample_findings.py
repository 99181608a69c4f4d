"""Draw a seeded sample of findings to label by hand, and sum up the labels (issue 13).

    python evaluation/real_archives/sample_findings.py sample FINDINGS.json --archive NAME \
        --out /tmp/labels-NAME.csv [--n 60] [--seed 13] [--with-text]
    python evaluation/real_archives/sample_findings.py summarize /tmp/labels-*.csv

``sample`` writes one row per drawn finding with empty ``label`` (right / wrong),
``reason_class`` and ``note`` columns. The finding's text goes into the file only with
``--with-text``, for reading on the labeller's own machine: real archives and anything copied
from them stay out of the repository (README.md beside this file). ``summarize`` prints
precision with a 95% Wilson interval overall, per archive, per rule and per evidence path.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import random
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path

SEED = 13
COLUMNS = ["archive", "fingerprint", "rule", "severity", "kind", "path", "score", "modifiers",
           "label", "reason_class", "note"]
RIGHT, WRONG = "right", "wrong"


def evidence_path(finding: dict) -> str:
    """How the finding was reached: entity, cue and classifier, cue only, classifier only."""
    model = bool((finding.get("explanation") or {}).get("model"))
    cue = bool(finding.get("evidence"))
    if finding.get("entity") or finding.get("case_id"):
        return "entity"
    if cue and model:
        return "cue+classifier"
    if cue:
        return "cue"
    return "classifier" if model else "other"


def draw(findings: list[dict], n: int, seed: int, archive: str,
         exclude: Iterable[str] = ()) -> list[dict]:
    """``n`` findings (all if fewer), chosen by a RNG seeded with the seed and archive name."""
    skip = set(exclude)
    pool = sorted((f for f in findings if f["rule"] not in skip), key=lambda f: f["fingerprint"])
    if len(pool) <= n:
        return pool
    return sorted(random.Random(f"{seed}:{archive}").sample(pool, n),
                  key=lambda f: f["fingerprint"])


def row(finding: dict, archive: str, with_text: bool) -> dict:
    score = (finding.get("explanation") or {}).get("score")
    out = {"archive": archive, "fingerprint": finding["fingerprint"], "rule": finding["rule"],
           "severity": finding["severity"], "kind": finding["kind"],
           "path": evidence_path(finding), "score": "" if score is None else f"{score:.2f}",
           "modifiers": " ".join(finding.get("modifiers") or []),
           "label": "", "reason_class": "", "note": ""}
    if with_text:
        out["text"] = finding.get("text") or ""
        out["reason"] = finding.get("reason") or ""
    return out


def write_sample(args: argparse.Namespace) -> int:
    try:
        findings = json.loads(args.findings.read_text(encoding="utf-8"))["findings"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        print(f"error: {args.findings}: not a readable findings.json ({exc})", file=sys.stderr)
        return 2
    chosen = draw(findings, args.n, args.seed, args.archive, args.exclude_rule)
    columns = COLUMNS + (["text", "reason"] if args.with_text else [])
    with args.out.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns)
        writer.writeheader()
        writer.writerows(row(f, args.archive, args.with_text) for f in chosen)
    print(f"{len(chosen)} of {len(findings)} findings -> {args.out}")
    return 0


def wilson(right: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """95% Wilson score interval of a proportion; small samples stay inside [0, 1]."""
    if n == 0:
        return 0.0, 1.0
    p = right / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


def read_labels(paths: list[Path]) -> list[dict]:
    rows = []
    for path in paths:
        with path.open(newline="", encoding="utf-8") as fh:
            rows += list(csv.DictReader(fh))
    return rows


def table(rows: list[dict], key: str) -> list[str]:
    groups: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        groups[r[key] if key else "all"].append(r)
    lines = []
    for name in sorted(groups):
        n = len(groups[name])
        right = sum(r["label"] == RIGHT for r in groups[name])
        lo, hi = wilson(right, n)
        lines.append(f"  {name:<32} {right:>3}/{n:<3} = {right / n:.2f}  [{lo:.2f}, {hi:.2f}]")
    return lines


def summarize(args: argparse.Namespace) -> int:
    rows = read_labels(args.labels)
    labelled = [r for r in rows if r["label"] in (RIGHT, WRONG)]
    print(f"{len(labelled)} labelled of {len(rows)} rows")
    if not labelled:
        return 1
    for key, title in (("", "overall"), ("archive", "per archive"), ("rule", "per rule"),
                       ("path", "per evidence path")):
        print(title)
        print("\n".join(table(labelled, key)))
    wrong = Counter(r["reason_class"] or "(none)" for r in labelled if r["label"] == WRONG)
    print("wrong, by reason class")
    print("\n".join(f"  {c:<40} {k}" for c, k in wrong.most_common()))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    s = sub.add_parser("sample", help="draw the sample and write the labelling CSV")
    s.add_argument("findings", type=Path)
    s.add_argument("--archive", required=True, help="a short name for the archive")
    s.add_argument("--out", type=Path, required=True)
    s.add_argument("--n", type=int, default=60)
    s.add_argument("--seed", type=int, default=SEED)
    s.add_argument("--exclude-rule", action="append", default=[], metavar="RULE")
    s.add_argument("--with-text", action="store_true",
                   help="add the finding's text and reason (for local labelling only)")
    m = sub.add_parser("summarize", help="precision from labelled CSVs")
    m.add_argument("labels", type=Path, nargs="+")
    args = parser.parse_args(argv)
    return write_sample(args) if args.command == "sample" else summarize(args)


if __name__ == "__main__":
    sys.exit(main())
