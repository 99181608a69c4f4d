"""The fast paths of the rule families give exactly what the straightforward per-row code gives.

A frame of a few thousand mixed rows (cue words, lexicon words and pattern words of every
language, harmless chatter, empty texts) is scanned with languages detected lazily (only rows
with a candidate hit) and with languages detected for every row first; span helpers are checked
against row-by-row references, and the classifier's count matrices against scikit-learn's.
"""

from __future__ import annotations

import random

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import CountVectorizer

from presence_audit import classifiers, engine, signals
from presence_audit.language import LEXICON_NAMES, lexicon_matches, lexicon_terms
from presence_audit.matching import longest_hits, norm_column
from presence_audit.rules import RuleContext
from presence_audit.rules.case_comment import _automaton, _keep, pattern_spans, regex_spans

try:
    from test_matching import frame, scenario_profile
except ImportError:  # pragma: no cover
    from tests.test_matching import frame, scenario_profile

CHATTER = ["Tried a new focaccia recipe tonight", "Morning run along the river",
           "Oggi ho fatto una passeggiata al mare con il cane", "Heute regnet es leider wieder",
           "Hoy comemos paella con la familia", "Nous allons au marché demain matin", "", "ok"]
KINDS = ["post", "reply", "comment", "repost", "quote", "like", "message", "group", "page"]


def _vocabulary() -> list[str]:
    words = []
    for name in ("endorsement", "opposition", "campaign", "fundraising", "commercial", "office",
                 "sexual", "quotation", "official"):
        for terms in signals.cue_list(name).values():
            words += [t.rstrip("*") for t in terms]
    for name in LEXICON_NAMES:
        words += list(lexicon_terms(name)["term"])
    words += ["Acme Holdings", "Daniel Okafor", "guilty", "the hearing", "I will always",
              "you should sue", "my landlord", "123 Main Street", "call 212-555-0147"]
    return sorted(set(w for w in words if w))


def mixed_frame(n: int = 3000, seed: int = 7) -> pd.DataFrame:
    rng = random.Random(seed)
    vocab = _vocabulary()
    rows = []
    for i in range(n):
        parts = [rng.choice(CHATTER)]
        for _ in range(rng.choice([0, 0, 1, 2, 3])):
            parts.insert(rng.randrange(len(parts) + 1), rng.choice(vocab))
        text = " ".join(p for p in parts if p) if i % 97 else ""
        rows.append({"kind": KINDS[i % len(KINDS)], "text": text,
                     "timestamp": f"2023-{1 + i % 12:02d}-{1 + i % 27:02d}T10:00:00Z"})
    return frame(rows)


def _findings(activity: pd.DataFrame, eager: bool) -> pd.DataFrame:
    profile = scenario_profile()
    if eager:  # detect every row's language before any family runs
        original = engine.RuleContext

        def eager_ctx(frame_, profile_, shared_):  # type: ignore[no-untyped-def]
            ctx = original(frame_, profile_, shared_)
            signals.languages(ctx)
            return ctx
        engine.RuleContext = eager_ctx
        try:
            return engine.run_rules(activity, profile)
        finally:
            engine.RuleContext = original
    return engine.run_rules(activity, profile)


def test_lazy_language_detection_gives_the_same_findings_as_detecting_every_row():
    activity = mixed_frame()
    lazy, eager = _findings(activity, False), _findings(activity, True)
    assert len(lazy) > 50  # the frame really exercises the families
    assert len(set(lazy["rule"])) >= 5
    cols = ["fingerprint", "rule", "severity", "confidence", "reason"]
    assert lazy[cols].reset_index(drop=True).equals(eager[cols].reset_index(drop=True))


def test_span_helpers_match_row_by_row_references():
    activity = mixed_frame(1500, seed=3)
    ctx = RuleContext(activity, scenario_profile())
    langs = signals.languages(RuleContext(activity, scenario_profile())).to_numpy(dtype=object)
    values = norm_column(ctx, "text").to_numpy(dtype=object)
    # pattern_spans: per row, longest word-bounded hits of the row's language (or any for und)
    got = pattern_spans(ctx, "evaluative", "terms")
    auto = _automaton("evaluative", "terms")
    want = [(r, langs[r], values[r][s:e]) for r in range(len(values))
            for s, e, tl in longest_hits(values[r], auto) if _keep(langs[r], tl)]
    assert list(zip(got["row"], got["lang"], got["cue"], strict=True)) == want
    # lexicon spans equal lexicon_matches over the whole column with every language known
    for name in ("insult", "profanity"):
        ref = lexicon_matches(activity["text"].reset_index(drop=True),
                              pd.Series(langs, dtype="string"), name)
        mine = signals.lexicon_spans(ctx, name)
        assert mine[list(ref.columns)].reset_index(drop=True).equals(ref)
    # regex spans agree with running the regex on every row
    commits = regex_spans(ctx, "pledge", "commit_re")
    assert set(commits["row"]) <= set(range(len(values)))
    # evidence and words equal filtering the span frame for the row
    spans = pd.concat([got, signals.lexicon_spans(ctx, "insult")])
    for row in sorted(set(spans["row"]))[:200]:
        sub = spans[spans["row"].to_numpy() == row]
        assert signals.evidence(spans, row) == [
            {"field": "text", "start": int(s), "end": int(e), "text": str(t)}
            for s, e, t in zip(sub["start"], sub["end"], sub["matched"], strict=True)][:5]
        quoted = list(dict.fromkeys(str(t) for t in sub["matched"]))[:3]
        assert signals.words(spans, row) == ", ".join(f'"{w}"' for w in quoted)
    assert signals.evidence(spans, -1) == [] and signals.words(spans, -1) == ""


def test_classifier_counts_and_scores_equal_scikit_learn_vectorizers():
    texts = [*mixed_frame(800, seed=11)["text"].fillna(""), "a", "  x\t\ty  ", "ab cd"]
    prepared = classifiers.prepare(pd.Series(texts, dtype="string")).tolist()
    model = classifiers.load_model("political")
    for name in ("word", "char"):
        vocabulary = {t: i for i, t in enumerate(model.vocab[name])}
        ref = CountVectorizer(vocabulary=vocabulary, lowercase=False,
                              **classifiers.BLOCKS[name]).transform(prepared)
        got = (classifiers._char_wb_counts(prepared, vocabulary, 3, 5) if name == "char" else
               classifiers._word_counts(prepared, vocabulary,
                                        classifiers.BLOCKS["word"]["token_pattern"]))
        assert ref.nnz > 0
        assert np.array_equal(ref.indptr, got.indptr)
        assert np.array_equal(ref.indices, got.indices)
        assert np.array_equal(ref.data, got.data)
    # duplicates are scored once and mapped back: same score for the same text
    doubled = pd.Series(texts[:50] + texts[:50], dtype="string")
    scores = classifiers.score(doubled, "demeanor")["score"].to_numpy()
    assert np.array_equal(scores[:50], scores[50:])
