"""Write the prosecutor's case-model corpora from the dev part of this set.

    python evaluation/prosecutor/corpus.py
    presence-audit train --out src/presence_audit/data/models   # rebuilds the models

``src/presence_audit/data/corpus/{condemnation,leak}.csv`` (columns text,label,lang,split,origin;
every row ``train``, origin the item id) hold the text of every dev item with text: an item
expecting the task is positive, every other one (leaks for condemnation, permitted statements,
true crime, sport and fiction, contacts, ...) negative. ``test.jsonl`` and ``test_v2.jsonl``
are never read. Same dev file, same bytes.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parents[1] / "src" / "presence_audit" / "data" / "corpus"
TASKS = {"condemnation": ("condemnation", "no_condemnation"), "leak": ("leak", "no_leak")}


def rows(task: str, items: list[dict]) -> list[list[str]]:
    """One corpus row per dev item with text, labelled by whether it expects ``task``."""
    positive, negative = TASKS[task]
    return [[item["text"], positive if any(e["task"] == task for e in item["expect"])
             else negative, item["lang"], "train", item["id"]]
            for item in items if (item.get("text") or "").strip()]


def main() -> None:
    lines = (HERE / "dev.jsonl").read_text(encoding="utf-8").splitlines()
    items = [json.loads(line) for line in lines if line.strip()]
    for task in TASKS:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(["text", "label", "lang", "split", "origin"])
        writer.writerows(rows(task, items))
        (CORPUS / f"{task}.csv").write_text(buffer.getvalue(), encoding="utf-8")
        print(f"{task}: {len(items)} dev items -> {CORPUS / f'{task}.csv'}")


if __name__ == "__main__":
    main()
