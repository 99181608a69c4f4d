"""Print held-out precision, recall and F1 per class for each classifier.

Usage: python scripts/evaluate_classifiers.py [--model DIR]
"""

import sys

from presence_audit.training import main

if __name__ == "__main__":
    sys.exit(main(["evaluate", *sys.argv[1:]]))
