"""Print precision and recall per language and per path (classifier only, cue only, both) on
the dev rows and on the untouched test batch (aggregate figures only; never its rows).

Usage: python scripts/evaluate_classifiers.py [--dev-only] [MODEL_DIR]   (default: the shipped
models). ``--dev-only`` leaves the untouched test batch closed: use it while tuning.
Training has one way, ``presence-audit train``; this only reads models.
"""

import sys
from pathlib import Path

from presence_audit.classifier_eval import figures, format_figures, read_test_batch
from presence_audit.classifiers import TASKS, load_model
from presence_audit.training import fit_and_dev

TEST_DIR = Path(__file__).resolve().parent.parent / "evaluation" / "classifiers"


def main(argv: list[str]) -> int:
    dev_only = "--dev-only" in argv
    rest = [a for a in argv if a != "--dev-only"]
    model_dir = Path(rest[0]) if rest else None
    for task in TASKS:
        model = load_model(task, model_dir)
        _, dev = fit_and_dev(task)
        print(format_figures(f"{task}: dev split", figures(model, dev)), end="\n\n")
        test = TEST_DIR / f"{task}_test.csv"
        if test.is_file() and not dev_only:
            print(format_figures(f"{task}: untouched test batch",
                                 figures(model, read_test_batch(test))), end="\n\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
