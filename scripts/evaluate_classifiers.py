"""Print held-out precision, recall and F1 per class for each classifier.

Usage: python scripts/evaluate_classifiers.py [MODEL_DIR]   (default: the shipped models)
Training has one way, ``presence-audit train``; this only reads models.
"""

import sys
from pathlib import Path

from presence_audit.classifiers import load_model
from presence_audit.training import TASKS, evaluate, format_evaluation, held_out_split


def main(args: list[str]) -> int:
    model_dir = Path(args[0]) if args else None
    for task in TASKS:
        print(format_evaluation(task, evaluate(load_model(task, model_dir), held_out_split(task))))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
