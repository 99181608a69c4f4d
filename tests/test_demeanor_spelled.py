"""Issue 13 round 5: insults spelled around, 'single-quoted' and adopted quotations, and the
native threats and harassment of the five languages.

Spelled-around insults ("c0gl10ne", "d!ckhead", "e n f o i r é") count as strong cues; a
plain spelling or a hyphen compound ("moron-proof") is left to the lexicons. Words between
'single quotes' are someone else's, unless the subject adopts the quotation ("couldn't have
said it better"); a verbatim report ("mot pour mot") adopts nothing.
"""

from __future__ import annotations

import pandas as pd
import pytest

from presence_audit.agreement import NONE, STRONG, THREAT, demeanor_verdict, pattern_needs
from presence_audit.classifier_eval import path_flags
from presence_audit.classifiers import load_model
from presence_audit.rules import RuleContext
from presence_audit.rules.demeanor import detect
from presence_audit.rules.toolkit.speech import adopted, own_at, single_quoted_at
from presence_audit.rules.toolkit.spelled import spelled_hits, spelled_rows
from presence_audit.textnorm import normalize

try:
    from test_matching import frame, one, scenario_profile
except ImportError:  # tests collected as a package
    from tests.test_matching import frame, one, scenario_profile


def verdict(text: str, lang: str, lexicon: bool = False, agrees: bool = False) -> str:
    return demeanor_verdict(normalize(text), lang, lexicon, agrees)[0]


@pytest.mark.parametrize(("lang", "text", "word"), [
    ("en", "honestly what a d!ckh3ad", "d!ckh3ad"),
    ("it", "vai via, c0gl10n3", "c0gl10n3"),
    ("es", "eres un g.i.l.i.p.o.l.l.a.s", "g.i.l.i.p.o.l.l.a.s"),
    ("fr", "e n f o i r e, va", "e n f o i r e"),
    ("de", "du Vollidiooooot", "vollidiooooot"),
])
def test_spelled_around_insults_are_strong(lang, text, word):
    norm = normalize(text)
    assert verdict(text, lang) == STRONG
    hits = spelled_hits(norm, lang)
    assert [norm[s:e] for s, e in hits] == [normalize(word)]
    assert spelled_rows(["the hearing is at nine", norm]).tolist() == [1]


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "Moron-proof gadgets: the easiest phones reviewed"),   # a compound, not spelled
    ("en", "He plays polo at 3pm on Sundays"),                    # letters, not an insult
    ("it", "Il polmone sinistro sta bene, dice il medico."),
    ("en", "She scored 10 goals this season, idiot-level good? no, elite."),
])
def test_plain_words_and_compounds_are_not_spelled_around(lang, text):
    assert spelled_hits(normalize(text), lang) == []


def test_single_quotes_and_adopted_quotations():
    headline = "Footballer banned after shouting 'idiot' at the referee"
    assert single_quoted_at(headline, headline.index("idiot"))
    assert not own_at(headline, headline.index("idiot"))
    assert not single_quoted_at("I'd say you're an idiot", 17)   # apostrophes, no quote
    assert verdict(headline, "en", lexicon=False) == NONE
    adopted_text = '"The mayor is a spineless coward" - couldn\'t have said it better.'
    assert adopted(adopted_text)
    assert own_at(adopted_text, adopted_text.index("coward"))
    report = "Le mail disait mot pour mot « tu es un incapable ». Transféré aux RH."
    assert not adopted(report) and not own_at(report, report.index("incapable"))


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "Someone should give that clerk a proper kicking in the car park."),
    ("en", "I'll keep messaging you every night until you answer."),
    ("it", "Continuerò a scriverti finché non mi rispondi."),
    ("it", "A quel perito andrebbero spezzate le gambe."),
    ("es", "Como no me contestes, subo tus fotos al grupo."),
    ("es", "Te voy a partir la cara a la salida."),
    ("fr", "Je connais ton digicode, réfléchis bien."),
    ("fr", "Faudrait lui casser la gueule, à ce greffier."),
    ("de", "Ich schreibe dir so lange, bis du antwortest."),
    ("de", "Dem Gutachter sollte man die Fresse polieren."),
])
def test_native_threats_and_harassment_count_alone(lang, text):
    assert verdict(text, lang) == THREAT
    assert any(need in normalize(text) for need in pattern_needs())


@pytest.mark.parametrize(("lang", "text"), [
    ("fr", "Je suis crevé, cette semaine m'a tué."),          # tired, not "crève"
    ("de", "Die Schlange vor der Kantine ist heute lang."),   # a queue
    ("es", "La obra del puente se ha retrasado un año."),     # delayed
    ("it", "So dove fanno il miglior caffè vicino al tribunale."),
])
def test_everyday_senses_are_not_intemperate(lang, text):
    assert verdict(text, lang) == NONE


def test_affection_makes_a_native_insult_banter():
    text = "Boludo, te extrañamos en el asado, volvé pronto."
    assert verdict(text, "es", lexicon=True, agrees=True) == NONE


def test_rule_finds_a_spelled_around_insult_like_the_evaluation():
    texts = ["shut up, you w4nk3r", "The hearing moved to Tuesday at nine."]
    d = detect(RuleContext(frame([{"kind": "reply", "text": t} for t in texts]),
                           scenario_profile()))
    f = one(d, "DEMEANOR", 0)
    assert "w4nk3r" in f["reason"]
    rows = pd.DataFrame({"text": texts, "lang": "en", "label": "intemperate"})
    flagged = path_flags(load_model("demeanor"), rows)["finding"]
    assert flagged[0] and not flagged[1]


def test_batch5_is_trained_on_and_repeats_no_test_text():
    """Training reads every batch folder; batch 5 holds no text of the corpus test split or
    of the v1/v2 test batches (normalized: case, accents, spacing and punctuation dropped)."""
    import re
    from pathlib import Path

    from presence_audit.training import LANGUAGES, read_batch, read_corpus, training_rows

    def key(text: str) -> str:
        return re.sub(r"[\W_]+", "", normalize(text))

    batch5 = pd.concat([read_batch("demeanor", lang, ("batch5",)) for lang in LANGUAGES])
    assert len(batch5) == 300 and set(batch5["label"]) == {"intemperate", "civil"}
    assert set(batch5["text"]) <= set(training_rows("demeanor")["text"])
    root = Path(__file__).resolve().parent.parent / "evaluation" / "classifiers"
    held = read_corpus("demeanor").query("split == 'test'")["text"].tolist()
    for path in (root / "demeanor_test.csv", root / "v2" / "demeanor_test.csv"):
        held += pd.read_csv(path, dtype="string", keep_default_na=False)["text"].tolist()
    assert not {key(t) for t in batch5["text"]} & {key(t) for t in held}
