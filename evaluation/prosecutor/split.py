"""Split the prosecutor evaluation items into dev (about 40%) and test (about 60%).

Stratified by language x class with a fixed seed, so every class of every language has items in
both parts where it has two or more, and running it again gives the same split. The split was
made once, before any tuning; re-run it only after adding items, never to move an item.

    python evaluation/prosecutor/split.py [ITEMS.jsonl]

Reads ITEMS.jsonl, or by default the items already in dev.jsonl and test.jsonl, and rewrites
both files.
"""

from __future__ import annotations

import json
import random
import sys
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = 17  # the issue number; never change it once the split exists
DEV_SHARE = 0.4
# Items numbered from here on ("en-5001") were written after tuning began, to test whether
# the detectors generalise beyond the first wordings: dev only, never part of the split.
POST_SPLIT_FROM = 5001


def post_split(item: dict) -> bool:
    """A dev addition written after the split (id number >= ``POST_SPLIT_FROM``)."""
    return int(item["id"].rsplit("-", 1)[1]) >= POST_SPLIT_FROM


def read_items(paths: list[Path]) -> list[dict]:
    """All items of the given JSONL files, in id order."""
    items = [json.loads(line) for p in paths if p.exists()
             for line in p.read_text(encoding="utf-8").splitlines() if line.strip()]
    return sorted(items, key=lambda item: item["id"])


def split(items: list[dict]) -> tuple[list[dict], list[dict]]:
    """(dev, test) in id order: per (lang, class) stratum, round(40%) of its items go to dev;
    post-split additions all go to dev."""
    items = sorted(items, key=lambda item: item["id"])
    strata: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for item in items:
        if not post_split(item):
            strata[(item["lang"], item["class"])].append(item)
    dev_ids: set[str] = {item["id"] for item in items if post_split(item)}
    for (lang, cls), group in sorted(strata.items()):
        ids = sorted(item["id"] for item in group)
        random.Random(f"{SEED}:{lang}:{cls}").shuffle(ids)
        dev_ids.update(ids[:int(len(ids) * DEV_SHARE + 0.5)])
    dev = [item for item in items if item["id"] in dev_ids]
    test = [item for item in items if item["id"] not in dev_ids]
    return dev, test


def write(path: Path, items: list[dict]) -> None:
    path.write_text("".join(json.dumps(item, ensure_ascii=False) + "\n" for item in items),
                    encoding="utf-8")


def main(argv: list[str]) -> int:
    sources = [Path(argv[0])] if argv else [HERE / "dev.jsonl", HERE / "test.jsonl"]
    dev, test = split(read_items(sources))
    write(HERE / "dev.jsonl", dev)
    write(HERE / "test.jsonl", test)
    print(f"dev {len(dev)} items, test {len(test)} items")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
