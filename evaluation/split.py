"""Split an evaluation set into dev (about 40%) and test (about 60%), stratified by lang x class.

    python evaluation/split.py evaluation/case_references [--source items.jsonl]

Without ``--source`` the set's own dev.jsonl and test.jsonl are merged and split again, which
gives the same split (the assignment depends only on the seed, the stratum and the item ids),
so the script documents the split and checks it. Run it once, BEFORE any tuning. Items
written after the split carry an ``added`` note and stay in dev: they were written to tune
on, and moving them into test would put tuned-on items in the untouched part.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import defaultdict
from pathlib import Path

SEED = 12
DEV_SHARE = 0.4


def read(paths: list[Path]) -> list[dict]:
    items = []
    for path in paths:
        items += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
                  if line.strip()]
    return items


def split(items: list[dict], seed: int = SEED) -> tuple[list[dict], list[dict]]:
    """Per (lang, class) stratum, shuffle by a seeded RNG and put round(40%) into dev; items
    with an ``added`` note (post-split dev additions) go to dev as they are."""
    strata: dict[tuple[str, str], list[dict]] = defaultdict(list)
    dev, test = [item for item in items if item.get("added")], []
    for item in items:
        if not item.get("added"):
            strata[(item["lang"], item["class"])].append(item)
    for key in sorted(strata):
        group = sorted(strata[key], key=lambda i: i["id"])
        random.Random(f"{seed}:{key[0]}:{key[1]}").shuffle(group)
        cut = round(len(group) * DEV_SHARE)
        dev += group[:cut]
        test += group[cut:]
    return sorted(dev, key=lambda i: i["id"]), sorted(test, key=lambda i: i["id"])


def write(path: Path, items: list[dict]) -> None:
    path.write_text("".join(json.dumps(i, ensure_ascii=False) + "\n" for i in items),
                    encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("set", type=Path)
    parser.add_argument("--source", type=Path, help="all items (default: dev + test)")
    args = parser.parse_args(argv)
    sources = [args.source] if args.source else [args.set / "dev.jsonl", args.set / "test.jsonl"]
    missing = [str(p) for p in sources if not p.is_file()]
    if missing:
        print(f"error: missing {', '.join(missing)}", file=sys.stderr)
        return 2
    dev, test = split(read(sources))
    write(args.set / "dev.jsonl", dev)
    write(args.set / "test.jsonl", test)
    print(f"{args.set}: {len(dev)} dev, {len(test)} test")
    return 0


if __name__ == "__main__":
    sys.exit(main())
