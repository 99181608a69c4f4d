"""Write the prosecutor's case-model corpus from the dev part of this set.

    python evaluation/prosecutor/corpus.py
    presence-audit train --out src/presence_audit/data/models   # rebuilds the models

``src/presence_audit/data/corpus/condemnation.csv`` (columns text,label,lang,split,origin;
every row ``train``, origin the item id) holds the text of every dev item with text: an item
expecting the task is positive, every other one (leaks, permitted statements, true crime,
sport and fiction, contacts, ...) negative. The names of the set's people and the place names
of its cases are cut out of the text first: the set's five defendants per language recur in
every condemnation, and a model that learnt them would learn nothing about a real
prosecutor's accused. ``test.jsonl`` and ``test_v2.jsonl`` are never read. Same dev file,
same bytes.

``corpus_extra.csv`` (text,label,lang,origin) adds training texts written for the model alone
(round 5: native condemnation idioms per language, and ordinary mentions of an accused as hard
negatives); ``{name}`` marks where the accused is named and is cut like the set's names.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parents[1] / "src" / "presence_audit" / "data" / "corpus"
TASKS = {"condemnation": ("condemnation", "no_condemnation")}


def names_re(profile: str) -> re.Pattern[str]:
    """A pattern for the people of a profile (name and alias words of persons, with any
    hashtag or genitive around them) and the place names among its case keywords."""
    folder = HERE / "profiles" / profile
    words: set[str] = set()
    with (folder / "people.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if len(row["name"].split()) <= 3:  # a person, not an organisation
                words |= {w for w in f"{row['name']} {row['aliases']}".split() if w[:1].isupper()}
    with (folder / "cases.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            words |= {w for w in row["keywords"].split() if w[:1].isupper() and len(w) >= 4}
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w)))
    return re.compile(rf"(?<!\w)#?\w*(?:{alternatives})\w*", re.IGNORECASE)


def masked(text: str, pattern: re.Pattern[str]) -> str:
    return " ".join(pattern.sub(" ", text).split())


def rows(task: str, items: list[dict]) -> list[list[str]]:
    """One corpus row per dev item with text, labelled by whether it expects ``task``."""
    positive, negative = TASKS[task]
    patterns = {name: names_re(name) for name in sorted({i["profile"] for i in items})}
    return [[masked(item["text"], patterns[item["profile"]]),
             positive if any(e["task"] == task for e in item["expect"]) else negative,
             item["lang"], "train", item["id"]]
            for item in items if (item.get("text") or "").strip()]


def extra_rows(task: str) -> list[list[str]]:
    """The rows of ``corpus_extra.csv`` for ``task``, the accused's place cut out."""
    with (HERE / "corpus_extra.csv").open(encoding="utf-8", newline="") as handle:
        return [[" ".join(r["text"].replace("{name}", " ").split()),
                 r["label"], r["lang"], "train", r["origin"]]
                for r in csv.DictReader(handle) if r["label"] in TASKS[task]]


def main() -> None:
    lines = (HERE / "dev.jsonl").read_text(encoding="utf-8").splitlines()
    items = [json.loads(line) for line in lines if line.strip()]
    for task in TASKS:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(["text", "label", "lang", "split", "origin"])
        writer.writerows(rows(task, items))
        writer.writerows(extra_rows(task))
        (CORPUS / f"{task}.csv").write_text(buffer.getvalue(), encoding="utf-8")
        print(f"{task}: {len(items)} dev items -> {CORPUS / f'{task}.csv'}")


if __name__ == "__main__":
    main()
