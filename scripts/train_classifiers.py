"""Rebuild the shipped classifier models from the corpus (deterministic: same bytes each run).

Usage: python scripts/train_classifiers.py [--out DIR]
"""

import sys

from presence_audit.training import main

if __name__ == "__main__":
    sys.exit(main(["build", *sys.argv[1:]]))
