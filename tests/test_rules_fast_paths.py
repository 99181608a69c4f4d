"""The fast paths of the rule families give exactly what the straightforward per-row code gives.

A frame of a few thousand mixed rows (cue words, lexicon words and pattern words of every
language, harmless chatter, empty texts) is scanned with languages detected lazily (only rows
with a candidate hit) and with languages detected for every row first; span helpers are checked
against row-by-row references, and the classifier's count matrices against scikit-learn's.
"""

from __future__ import annotations

import random
import re

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import CountVectorizer

from presence_audit import classifiers, engine
from presence_audit.language import LEXICON_NAMES, lexicon_matches, lexicon_terms
from presence_audit.matching import norm_column
from presence_audit.rules import RuleContext
from presence_audit.rules import toolkit as kit

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
        for terms in kit.cue_list(name).values():
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
            kit.languages(ctx)
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
    langs = kit.languages(RuleContext(activity, scenario_profile())).to_numpy(dtype=object)
    values = norm_column(ctx, "text").to_numpy(dtype=object)
    # cue_spans: per row, word-bounded hits of the row's language (or any for und), longest
    # then leftmost among overlapping ones
    got = kit.cue_spans(ctx, "evaluative", "terms")
    terms = [(t, {lang}) for lang, ts in kit.cue_lists("evaluative", "terms").items() for t in ts]
    want = []
    for r, text in enumerate(values):
        hits = [(m.start(), m.end()) for t, ls in terms if langs[r] == "und" or langs[r] in ls
                for m in re.finditer(rf"(?<!\w){re.escape(t)}(?!\w)", text)]
        hits.sort(key=lambda h: (h[0] - h[1], h[0]))
        kept: list[tuple[int, int]] = []
        for h in hits:
            if all(h[1] <= k[0] or h[0] >= k[1] for k in kept):
                kept.append(h)
        want += [(r, langs[r], text[s:e]) for s, e in sorted(set(kept))]
    assert want
    assert list(zip(got["row"], got["lang"], got["cue"], strict=True)) == want
    # lexicon spans equal lexicon_matches over the whole column with every language known
    for name in ("insult", "profanity"):
        ref = lexicon_matches(activity["text"].reset_index(drop=True),
                              pd.Series(langs, dtype="string"), name)
        mine = kit.lexicon_spans(ctx, name)
        assert mine[list(ref.columns)].reset_index(drop=True).equals(ref)
    # regex spans (prefiltered by the declared needs) agree with the regex on every row
    mine = kit.regex_spans(ctx, "pledge", "commit_re")
    for lang, regexes in kit.cue_lists("pledge", "commit_re").items():
        pattern = re.compile("|".join(f"(?:{r})" for r in regexes))
        sub = mine[mine["lang"] == lang]
        ref = [(r, m.group(0)) for r, text in enumerate(values)
               if langs[r] in ("und", lang) for m in pattern.finditer(text)]
        assert list(zip(sub["row"], sub["cue"], strict=True)) == ref
    # evidence and words equal filtering the span frame for the row
    spans = pd.concat([got, kit.lexicon_spans(ctx, "insult")])
    for row in sorted(set(spans["row"]))[:200]:
        sub = spans[spans["row"].to_numpy() == row]
        assert kit.evidence(ctx, spans, row) == [
            {"field": "text", "start": int(s), "end": int(e), "text": str(t)}
            for s, e, t in zip(sub["start"], sub["end"], sub["matched"], strict=True)][:5]
        quoted = list(dict.fromkeys(str(t) for t in sub["matched"]))[:3]
        assert kit.words(ctx, spans, row) == ", ".join(f'"{w}"' for w in quoted)
    assert kit.evidence(ctx, spans, -1) == [] and kit.words(ctx, spans, -1) == ""


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


def test_row_scaling_equals_scikit_learn_l2_normalize():
    from scipy import sparse
    from sklearn.preprocessing import normalize

    rng = np.random.default_rng(5)
    dense = rng.random((40, 30)) * (rng.random((40, 30)) < 0.2)
    dense[3] = 0.0  # an all-zero row stays zero
    ref = normalize(sparse.csr_matrix(dense), norm="l2")
    got = classifiers._l2_rows(sparse.csr_matrix(dense))
    assert np.array_equal(ref.indptr, got.indptr) and np.array_equal(ref.indices, got.indices)
    assert np.array_equal(ref.data, got.data)  # the same arithmetic, bit for bit
