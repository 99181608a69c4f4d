"""Language detection and lexicon matching over whole columns."""

import pandas as pd

from presence_audit.language import detect_languages, lexicon_matches, lexicon_terms


def test_detects_the_five_languages_and_und():
    texts = pd.Series([
        "The court will hear the appeal next week, after the holidays.",
        "La corte ascolterà il ricorso la prossima settimana, dopo le feste.",
        "El tribunal escuchará la apelación la semana que viene.",
        "Le tribunal entendra l'appel la semaine prochaine.",
        "Das Gericht wird die Berufung nächste Woche verhandeln.",
        "ok", "", None, "@someone https://t.co/x 😀",
    ], index=[10, 11, 12, 13, 14, 15, 16, 17, 18])
    langs = detect_languages(texts)
    assert langs.tolist() == ["en", "it", "es", "fr", "de", "und", "und", "und", "und"]
    assert langs.index.tolist() == texts.index.tolist()


def test_lexicon_word_boundaries_accents_case_and_spans():
    texts = pd.Series(["What an IDIOT.", "idiotically fine", "Che CRETINO!", "Sei un IMBÉCILLE",
                       "nothing here"], index=list("abcde"))
    langs = pd.Series(["en", "en", "it", "it", "en"], index=texts.index)
    hits = lexicon_matches(texts, langs, "insult")
    assert sorted(hits["row"]) == ["a", "c", "d"]  # "idiotically" is not "idiot"
    for row in hits.itertuples():
        original = texts[row.row][row.start:row.end]
        assert original.lower() in {"idiot", "cretino", "imbécille"}


def test_lexicon_is_routed_by_language():
    texts = pd.Series(["un idiota total", "un idiota total"])
    assert len(lexicon_matches(texts, pd.Series(["de", "und"]), "insult")) == 1
    only = lexicon_matches(texts, pd.Series(["es", "de"]), "insult")
    assert only["row"].tolist() == [0] and only["lang"].tolist() == ["es"]


def test_prefix_terms_and_multiword_terms():
    texts = pd.Series(["Che stronzate dice", "va a fanculo", "vaffanculo!", "piece of shit"])
    hits = lexicon_matches(texts, None, "profanity")
    assert set(hits["row"]) == {0, 1, 2, 3}  # "shit" inside "piece of shit"
    insults = lexicon_matches(texts, None, "insult")
    assert "piece of shit" in set(insults["term"])


def test_slur_lexicons_are_marked_and_small():
    terms = lexicon_terms("slur")
    assert 0 < len(terms) < 60
    assert set(terms["lang"]) == {"en", "it", "es", "fr", "de"}
