"""Print precision and recall per language and per path (classifier only, cue only, both) on
the dev rows, the retired test batches v1-v3 (dev data since round 6) and the untouched test
batch v4 (aggregate figures only; never its rows).

Usage: python scripts/evaluate_classifiers.py [--dev-only] [MODEL_DIR]   (default: the shipped
models). ``--dev-only`` leaves the untouched batch closed: use it while tuning.
Training has one way, ``presence-audit train``; this only reads models.
"""

import argparse
import sys
from pathlib import Path

from presence_audit.classifier_eval import figures, format_figures, read_test_batch
from presence_audit.classifiers import TASKS, ModelError, load_model
from presence_audit.training import fit_and_dev

EVAL_DIR = Path(__file__).resolve().parent.parent / "evaluation" / "classifiers"
# each batch was scored once and changes followed, so the next was written before the next
# round landed: v4 is the honest one now; v1-v3 are dev data since round 6
UNTOUCHED = {"untouched test batch v4": EVAL_DIR / "v4"}
RETIRED = {"retired test batch v3 (dev in round 6)": EVAL_DIR / "v3",
           "retired test batch v2 (dev in rounds 5-6)": EVAL_DIR / "v2",
           "retired test batch (v1, dev in rounds 5-6)": EVAL_DIR}

def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("model_dir", nargs="?", type=Path, help="models (default: shipped)")
    parser.add_argument("--dev-only", action="store_true", help="leave the untouched batch closed")
    args = parser.parse_args(argv)
    for task in TASKS:
        try:
            model = load_model(task, args.model_dir)
        except ModelError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        _, dev = fit_and_dev(task)
        print(format_figures(f"{task}: dev split", figures(model, dev)), end="\n\n")
        batches = RETIRED if args.dev_only else RETIRED | UNTOUCHED
        for title, folder in batches.items():
            test = folder / f"{task}_test.csv"
            if test.is_file():
                print(format_figures(f"{task}: {title}",
                                     figures(model, read_test_batch(test))), end="\n\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
