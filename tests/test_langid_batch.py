"""The batched language identifier gives py3langid's own answer for every text."""

import pytest

from presence_audit import langid_batch
from presence_audit.language import _identifier

TEXTS = [
    "The court will hear the appeal next week, after the holidays.",
    "La corte ascolterà il ricorso la prossima settimana, dopo le feste.",
    "El tribunal escuchará la apelación la semana que viene.",
    "Le tribunal entendra l'appel la semaine prochaine.",
    "Das Gericht wird die Berufung nächste Woche verhandeln.",
    "WHAT A DISGRACE THIS RULING IS",  # all upper case: py3langid lowers it first
    "Cafe\u0301 au lait",  # decomposed accent: NFC first
    "😀😀 ok 🎉",
    "!!!",
    "",
    "x" * 5000,  # longer than a batch text: the per-text path
    "Grazie a tutti per gli auguri " * 40,  # long, but batched
]


def _label(result):
    lang, conf = result
    return lang if conf >= 0.5 else "und"


def test_batch_matches_per_text_classification():
    ident = _identifier()
    batch = langid_batch.classify_many(ident, TEXTS)
    single = [ident.classify(t) for t in TEXTS]
    assert [_label(r) for r in batch] == [_label(r) for r in single]
    for (lang_b, conf_b), (lang_s, conf_s) in zip(batch, single, strict=True):
        assert lang_b == lang_s
        assert conf_b == pytest.approx(conf_s, abs=1e-4)


def test_batch_really_batches_short_texts(monkeypatch):
    ident = _identifier()
    calls = []
    monkeypatch.setattr(type(ident), "classify", lambda self, t: calls.append(t) or ("en", 1.0))
    langid_batch.classify_many(ident, TEXTS)
    assert calls == ["x" * 5000]  # only the one over BATCH_MAX_BYTES


def test_empty_input():
    assert langid_batch.classify_many(_identifier(), []) == []


def test_chunks_give_the_same_answers(monkeypatch):
    ident = _identifier()
    whole = langid_batch.classify_many(ident, TEXTS)
    monkeypatch.setattr(langid_batch, "BATCH_TEXTS", 3)
    assert langid_batch.classify_many(ident, TEXTS) == whole
