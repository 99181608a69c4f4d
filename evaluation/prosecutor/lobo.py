"""Leave-one-batch-out: the cue classes as they were when a dev batch was written, against
the same cues OR the condemnation/leak model trained on the batches written before it.

Dev only (``test.jsonl`` and ``test_v2.jsonl`` are never read). Three steps, from the root:

    # 1. the cues of each batch's day: the tree of the commit that added it (batch 2: 1066100),
    #    laid out as an installed package, run on the batch's items
    for c in 1066100 323d289 bdb73e9 7cc0600 280866a; do d=/tmp/lobo/$c; mkdir -p $d
      git archive $c src evaluation tests importers reports | tar -x -C $d
      mkdir -p $d/pkg && cp -r $d/src/presence_audit $d/pkg/ && \\
      cp -r $d/importers $d/reports $d/pkg/presence_audit/; done
    PYTHONPATH=/tmp/lobo/323d289/pkg python evaluation/prosecutor/lobo.py cues \\
        --tree /tmp/lobo/323d289 --batch 4 --out /tmp/lobo/cues4.json   # and 2, 5, 7, 8
    python evaluation/prosecutor/lobo.py cues --tree . --batch 0 --out /tmp/lobo/cues0.json
    # 2. the model path alone, through today's scan (cue classes switched off)
    python evaluation/prosecutor/lobo.py model --out /tmp/lobo/model.json
    # 3. the table (--any-kind: the leak path on posts too)
    python evaluation/prosecutor/lobo.py table --dir /tmp/lobo --model /tmp/lobo/model.json
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
BATCHES = (2, 4, 5, 7, 8, 9, 10, 11, 12)
TASKS = ("condemnation", "leak")
THRESHOLD = 0.5


def batch_of(item_id: str) -> int:
    """The dev batch of an item (0: the original split; README "Post-split dev additions")."""
    n = int(item_id.split("-")[1])
    if n < 5001:
        return 0
    if n <= 5112:
        return 1 if n <= 5027 else 2
    if n <= 5114:
        return 3
    return {52: 4, 53: 5, 54: 6, 55: 7, 56: 8, 57: 12, 65: 9, 66: 10, 67: 11}[n // 100]


def dev_items() -> list[dict]:
    lines = (HERE / "dev.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def run_hits(harness, folder: Path, items: list[dict]) -> tuple[dict, dict]:
    """Findings per item id as [rule, case, severity], and each profile's own cases."""
    groups: dict[str, list[dict]] = defaultdict(list)
    for item in items:
        groups[item["profile"]].append(item)
    hits, own = {}, {}
    with tempfile.TemporaryDirectory(prefix="lobo-") as tmp:
        for name, group in sorted(groups.items()):
            found, mine, _lost = harness.run_profile(folder, name, group, Path(tmp))
            own[name] = sorted(mine)
            hits |= {k: [[h.rule, h.case_id, h.severity] for h in v] for k, v in found.items()}
    return hits, own


def cues(tree: Path, batch: int, out: Path) -> None:
    sys.path[:0] = [str(tree / "evaluation"), str(tree / "tests")]
    import harness
    items = [i for i in dev_items() if batch_of(i["id"]) == batch]
    hits, own = run_hits(harness, tree / "evaluation" / "prosecutor", items)
    out.write_text(json.dumps({"hits": hits, "own": own}), encoding="utf-8")


def _train(task: str, items: list[dict]):
    import corpus
    import pandas as pd

    from presence_audit import training
    patterns = {p: corpus.names_re(p) for p in sorted({i["profile"] for i in items})}
    rows = [(corpus.masked(i["text"], patterns[i["profile"]]),
             task if any(e["task"] == task for e in i["expect"]) else f"no_{task}")
            for i in items if (i.get("text") or "").strip()]
    frame = pd.DataFrame(rows, columns=["text", "label"], dtype="string")
    return training._fit(task, frame["text"], frame["label"], {})


def _model_path_only(models: dict, threshold: float = THRESHOLD) -> None:
    """Switch the cue classes off and make each fold's model the only condemnation and leak
    evidence; the gate (accused pairs, criminal case, permitted basis) stays today's."""
    import numpy as np
    import pandas as pd

    from presence_audit import classifiers
    from presence_audit.rules import confidential as conf
    from presence_audit.rules import toolkit as kit
    from presence_audit.rules.case_comment import CONDEMN
    classifiers.LABELS.setdefault("leak", ("leak", "no_leak"))
    classifiers.LEXICON_FEATURES.setdefault("leak", ())

    def spans(ctx, task: str, kinds: tuple[str, ...]) -> pd.DataFrame:
        act = ctx.activity
        scored = classifiers.score(act["text"].fillna(""), task, models[task])["score"]
        ok = (scored.to_numpy() >= threshold) & act["kind"].astype(str).isin(kinds).to_numpy()
        allowed = kit.permitted_basis(ctx)
        return kit.span_frame([(int(r), "", "model", 0, len(str(act["text"].iat[r])), "model")
                               for r in np.flatnonzero(ok) if int(r) not in allowed])

    real = conf.cue_spans
    kit.model_agrees = lambda ctx, task, kinds: pd.DataFrame({"score": [], "top_terms": []})
    kit.condemnation_cues = lambda ctx: spans(ctx, "condemnation", CONDEMN.kinds).assign(
        act=False)
    conf.cue_spans = lambda ctx, f, k: real(ctx, f, k) if k == "public" else kit.span_frame([])
    conf.regex_spans = lambda ctx, f, k: (spans(ctx, "leak", conf.SPEC.kinds)
                                          if k == "investigative_re" else kit.span_frame([]))


def _real_gate(models: dict, threshold: float) -> None:
    """Round 5: the condemnation cues off and each fold's model served to today's model path,
    so its whole gate runs (the accused named, not a place or a victims' group; permitted
    statements first), at ``threshold``."""
    import dataclasses

    from presence_audit.rules import toolkit as kit
    from presence_audit.rules.toolkit import scores
    real = scores._model
    scores._model = lambda ctx, task: (dataclasses.replace(models[task], threshold=threshold)
                                       if task in models else real(ctx, task))
    kit.condemnation_cues = lambda ctx: kit.span_frame([]).assign(act=False)


def model(out: Path, threshold: float = THRESHOLD, real_gate: bool = False) -> None:
    import numpy as np
    sys.path[:0] = [str(HERE.parent), str(HERE.parents[1] / "tests"), str(HERE)]
    import harness
    items = dev_items()
    models: dict = {}
    if real_gate:
        _real_gate(models, threshold)
    else:
        _model_path_only(models, threshold)
    result: dict[str, dict] = {}
    tasks = ("condemnation",) if real_gate else TASKS
    for b in BATCHES:
        models |= {t: _train(t, [i for i in items if batch_of(i["id"]) < b]) for t in tasks}
        result[str(b)] = run_hits(harness, HERE, [i for i in items if batch_of(i["id"]) == b])[0]
    original = [i for i in items if batch_of(i["id"]) == 0]
    later = [i for i in items if batch_of(i["id"]) > 0]
    fold = np.random.default_rng(0).permutation(len(original)) % 5
    result["0"] = {}
    for k in range(5):
        mine = [i for i, f in zip(original, fold, strict=True) if f != k]
        models |= {t: _train(t, mine + later) for t in tasks}
        held = [i for i, f in zip(original, fold, strict=True) if f == k]
        result["0"] |= run_hits(harness, HERE, held)[0]
    out.write_text(json.dumps(result), encoding="utf-8")


def table(folder: Path, model_file: Path, any_kind: bool) -> None:
    sys.path.insert(0, str(HERE.parent))
    import scoring
    found = json.loads(model_file.read_text(encoding="utf-8"))
    items = {i["id"]: i for i in dev_items()}
    print("batch task          cues        cues+model  precision  neg false alarms")
    for b in [*map(str, BATCHES), "0"]:
        cue = json.loads((folder / f"cues{b}.json").read_text(encoding="utf-8"))
        own = {k: set(v) for k, v in cue["own"].items()}
        for task in TASKS:
            c = u = fp = neg_fp = n_neg = 0
            n = 0
            for item_id in (i for i in items if str(batch_of(i)) == b):
                item = items[item_id]
                extra = [scoring.Hit(*h) for h in found[b].get(item_id, [])
                         if any_kind or task != "leak" or item["kind"] == "message"]
                base = [scoring.Hit(*h) for h in cue["hits"].get(item_id, [])]
                alone = scoring.score_item(item, task, base, own[item["profile"]])
                both = scoring.score_item(item, task, base + extra, own[item["profile"]])
                n, c, u, fp = n + alone.tp + alone.fn, c + alone.tp, u + both.tp, fp + both.fp
                if item["class"].startswith("neg_"):
                    n_neg, neg_fp = n_neg + 1, neg_fp + both.fp
            if not n:
                continue  # the batch has no item of this task (batch 10: no leaks)
            precision = f"{u / (u + fp):.2f}" if u + fp else "-"
            print(f"{b:>5} {task:<13} {c:>3}/{n:<3} {c / n:.2f}  {u:>3}/{n:<3} {u / n:.2f}  "
                  f"{precision:>9}  {neg_fp}/{n_neg}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="step", required=True)
    p = sub.add_parser("cues")
    p.add_argument("--tree", type=Path, required=True)
    p.add_argument("--batch", type=int, required=True)
    p.add_argument("--out", type=Path, required=True)
    p = sub.add_parser("model")
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--threshold", type=float, default=THRESHOLD)
    p.add_argument("--real-gate", action="store_true",
                   help="serve each fold's condemnation model to today's model path")
    p = sub.add_parser("table")
    p.add_argument("--dir", type=Path, required=True)
    p.add_argument("--model", type=Path, required=True)
    p.add_argument("--any-kind", action="store_true")
    args = parser.parse_args()
    if args.step == "cues":
        cues(args.tree.resolve(), args.batch, args.out)
    elif args.step == "model":
        model(args.out, args.threshold, args.real_gate)
    else:
        table(args.dir, args.model, args.any_kind)


if __name__ == "__main__":
    main()
