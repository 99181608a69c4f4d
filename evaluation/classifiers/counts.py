"""Print the count tables of an untouched test batch as Markdown, for its note.

Usage: ``python evaluation/classifiers/counts.py v2|v3|v4 political|demeanor`` (reads
``<folder>/<task>_test.csv`` in this folder). It reads only the label, bias, lang, kind and
class columns — never a model score — so running it is not a look at the batch. One script for
every batch, so all are counted the same way.
"""

from __future__ import annotations

import csv
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
LANGS = ["en", "it", "es", "fr", "de"]


def read_rows(folder: Path, task: str) -> list[dict[str, str]]:
    """The batch's rows as dicts; a missing file is one clear line, not a traceback."""
    path = folder / f"{task}_test.csv"
    if not path.is_file():
        raise SystemExit(f"counts.py: no file {path.name} in {folder}")
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def group_of(row: dict[str, str], biased_labels: set[str]) -> str:
    """The label, split by the bias column only for labels that have bias 1 rows."""
    if row["label"] in biased_labels:
        return f"{row['label']}, bias {row['bias']}"
    return row["label"]


def table(title: str, rows: list[str], cols: list[str], cells: Counter, total: bool = True,
          extra: dict[str, str] | None = None) -> str:
    """One Markdown table of counts; `extra` adds a last text column per row."""
    head = [title, *cols] + (["total"] if total else []) + (["languages"] if extra else [])
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for row in rows:
        values = [cells[row, col] for col in cols]
        line = [row, *map(str, values)] + ([str(sum(values))] if total else [])
        lines.append("| " + " | ".join(line + ([extra[row]] if extra else [])) + " |")
    if total:
        sums = [sum(cells[row, col] for row in rows) for col in cols]
        lines.append("| " + " | ".join(["total", *map(str, sums), str(sum(sums))]) + " |")
    return "\n".join(lines)


def report(folder: Path, task: str) -> str:
    """The three tables: label × language, class × label (with languages), kind × language."""
    rows = read_rows(folder, task)
    biased = {r["label"] for r in rows if r.get("bias") == "1"}
    groups = sorted({group_of(r, biased) for r in rows})
    by_lang = Counter((group_of(r, biased), r["lang"]) for r in rows)
    by_class = Counter((r["class"], group_of(r, biased)) for r in rows)
    class_langs = {c: str(len({r["lang"] for r in rows if r["class"] == c}))
                   for c in {r["class"] for r in rows}}
    class_order = sorted(class_langs, key=lambda c: (-sum(by_class[c, g] for g in groups), c))
    kinds = sorted({r["kind"] for r in rows})
    by_kind = Counter((r["kind"], r["lang"]) for r in rows)
    name = f"{task}_test.csv"
    return "\n\n".join([
        f"### {name} — label × language\n\n" + table(task, groups, LANGS, by_lang),
        f"### {name} — class × label, and in how many of the five languages\n\n"
        + table("class", class_order, groups, by_class, total=False, extra=class_langs),
        f"### {name} — kind × language\n\n" + table("kind", kinds, LANGS, by_kind),
    ])


def main(argv: list[str]) -> int:
    if len(argv) != 2 or not (HERE / argv[0]).is_dir() \
            or argv[1] not in {"political", "demeanor"}:
        print("usage: python evaluation/classifiers/counts.py v2|v3|v4 political|demeanor",
              file=sys.stderr)
        return 2
    print(report(HERE / argv[0], argv[1]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
