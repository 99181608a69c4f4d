"""Print the count tables of the v3 demeanor test batch as Markdown, for demeanor.md.

Usage: ``python counts_demeanor.py`` (reads ``demeanor_test.csv`` next to this file). It reuses
the table code of ``../v2/counts.py`` pointed at this folder, so both batches are counted the
same way. It reads only the label, bias, lang, kind and class columns — never a model score —
so running it is not a look at the batch.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

HERE = Path(__file__).resolve().parent
V2_COUNTS = HERE.parent / "v2" / "counts.py"


def _v2_counts() -> ModuleType:
    """The v2 counts module, loaded by path (the evaluation folders are not a package)."""
    if not V2_COUNTS.is_file():
        raise SystemExit(f"counts_demeanor.py: missing {V2_COUNTS}")
    spec = importlib.util.spec_from_file_location("v2_counts", V2_COUNTS)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def report() -> str:
    """The label × language, class × label and kind × language tables of the v3 batch."""
    counts = _v2_counts()
    counts.HERE = HERE  # read_rows looks for <task>_test.csv in HERE
    return counts.report("demeanor")


if __name__ == "__main__":
    print(report())
    sys.exit(0)
