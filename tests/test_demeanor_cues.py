"""Issue 13 DEMEANOR recall: intemperate words, threats and weak cues in five languages.

A strong cue (an insult or intemperate phrase of ``intemperate.toml``, a masked swear word)
counts alone; a threat, stalking or an unwanted sexual message counts alone and even in
banter; a weak cue (an animal name, a vocative, a protected-group word) counts only when the
demeanor classifier agrees. Quoted, negated, linked and self-aimed words are not the
subject's own. The rule and ``classifier_eval`` read the same verdict.
"""

from __future__ import annotations

import pandas as pd
import pytest

from presence_audit.agreement import (
    NONE,
    STRONG,
    THREAT,
    WEAK,
    demeanor_verdict,
    pattern_needs,
)
from presence_audit.classifier_eval import path_flags
from presence_audit.classifiers import load_model
from presence_audit.rules import RuleContext
from presence_audit.rules.demeanor import detect
from presence_audit.rules.toolkit.speech import linked_at, negated_at, own_at, self_at
from presence_audit.textnorm import normalize

try:
    from test_matching import frame, one, scenario_profile
except ImportError:  # tests collected as a package
    from tests.test_matching import frame, one, scenario_profile


def verdict(text: str, lang: str, lexicon: bool = False, agrees: bool = False) -> str:
    return demeanor_verdict(normalize(text), lang, lexicon, agrees)[0]


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "Fresh out of law school and already an arrogant little prick."),
    ("en", "Get bent, you sh*tty little troll."),           # masked swear word
    ("it", "Sei solo un fallito rancoroso e patetico."),
    ("it", "Quel cafone del vicino ha parcheggiato di nuovo sul mio posto."),
    ("es", "Eres un mamarracho y un sinvergüenza."),
    ("es", "Ese tertuliano es un charlatán de tres al cuarto."),
    ("fr", "Espèce de gros blaireau, tu comprends rien."),
    ("fr", "Ce type est un raclure et un goujat."),
    ("de", "Du Hohlbirne hast wieder alles verbockt."),
    ("de", "Der Nachbar ist ein alter Stinkstiefel."),        # compound by prefix entry
])
def test_strong_words_count_alone(lang, text):
    assert verdict(text, lang) == STRONG


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "I know where you live, and I know when you leave for court."),
    ("en", "You'll regret filing that complaint against me."),
    ("it", "So dove abiti. Te ne pentirai."),
    ("it", "Se ti rivedo sotto casa mia ti spacco la faccia."),
    ("es", "Ya sé dónde vives. Te vas a arrepentir."),
    ("es", "Como vuelvas por aquí te parto la cara."),
    ("fr", "Je sais où tu habites, tu vas le regretter."),
    ("fr", "Continue et je te fais la peau."),
    ("de", "Ich weiß, wo du wohnst. Das wirst du bereuen."),
    ("de", "Wenn ich dich erwische, gibt's was auf die Fresse."),
])
def test_threats_count_alone(lang, text):
    assert verdict(text, lang) == THREAT
    # the rule looks for patterns only in texts holding a literal they need
    assert any(need in normalize(text) for need in pattern_needs())


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "That landlord is a greedy parasite."),
    ("it", "I miei coinquilini sono dei porci, lasciano tutto sporco."),
    ("es", "Los de la tienda son unos buitres."),
    ("fr", "Ce conducteur est une vraie vache, il m'a coupé la route."),
    ("de", "Du Pfosten, lern erst mal einparken."),           # vocative: "du X,"
])
def test_weak_cues_need_the_classifier(lang, text):
    assert verdict(text, lang, agrees=True) == WEAK
    assert verdict(text, lang, agrees=False) == NONE


@pytest.mark.parametrize(("lang", "text", "tier"), [
    ("en", "Women can't drive, everyone knows it.", WEAK),
    ("it", "I rom rubano, lo sanno tutti.", WEAK),
    ("de", "Frauen gehören nicht ans Steuer.", WEAK),
    ("en", "Women judges now make up half of our bench.", NONE),   # named, not generalized
    ("es", "Los gitanos celebran hoy su fiesta en la plaza.", NONE),
])
def test_a_group_word_is_weak_only_when_generalized_about(lang, text, tier):
    assert verdict(text, lang, agrees=True) == tier
    assert verdict(text, lang, agrees=False) == NONE


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "You absolute muppet, I love you. Happy birthday!"),
    ("it", "Che scemo, mi hai fatto ridere tutta la sera. Ti voglio bene."),
    ("es", "Jajaja qué zopenco, has metido el móvil en la nevera."),
    ("fr", "Bon anniversaire, vieux con !"),
    ("de", "Alter, du bist so ein Spinner, ich lieb's."),
])
def test_banter_cancels_insults(lang, text):
    assert verdict(text, lang, lexicon=True, agrees=True) == NONE


def test_banter_does_not_cancel_a_threat():
    assert verdict("Happy birthday. I know where you live.", "en") == THREAT


@pytest.mark.parametrize(("lang", "text"), [
    ("en", 'He called me a "spineless little worm" in the hallway.'),   # quoted
    ("en", "> you spineless little worm\nThat reply was uncalled for."),
    ("it", "Non è un cafone, è solo timido."),                            # negated
    ("en", "Nobody's a loser for coming last."),
    ("de", "Ich denke nicht, dass du ein Stinkstiefel bist."),
    ("en", "Read: news.example/opinion/why-every-scumbag-gets-away"),    # link slug
    ("es", "Hoy toca #DíaDelMamarracho en el colegio."),                  # hashtag
    ("en", "I'm such a halfwit, I locked myself out again."),             # self-aimed
    ("de", "Ich bin so ein Trottel, Schlüssel vergessen."),
    ("fr", "Je suis un vrai boulet aujourd'hui."),
])
def test_others_words_and_self_mockery_are_not_the_subjects_insult(lang, text):
    assert verdict(text, lang, agrees=True) == NONE


def test_speech_guards():
    text = "See blog.example/the-idiot-s-guide and #idiotday, you idiot"
    assert linked_at(text, text.index("idiot-s")) and linked_at(text, text.index("idiotday"))
    assert not linked_at(text, text.rindex("idiot"))
    assert self_at("I'm such an idiot", 12) and not self_at("you are such an idiot", 16)
    assert negated_at("There's nothing stupid about it", 16)
    assert own_at("I'm so fucking tired", 7, aimed=False)  # a swear word is not aimed
    assert not own_at("I'm such an idiot", 12, aimed=True)


def _rule(rows):
    return detect(RuleContext(frame(rows), scenario_profile()))


def test_threat_without_a_listed_person_is_medium_for_review():
    f = one(_rule([{"kind": "reply", "text": "I know where you live. Watch your back.",
                    "counterpart": "someone_else"}]), "DEMEANOR")
    assert f["severity"] == "medium" and "threatening" in f["reason"]
    assert "needs review" in f["reason"]


def test_weak_cue_with_classifier_agreement_is_low():
    d = _rule([{"kind": "post", "text": "The plumber is a greedy, heartless parasite."},
               {"kind": "post", "text": "The parasite in the pond is harmless to fish."}])
    f = one(d, "DEMEANOR", 0)
    assert f["severity"] == "low" and "needs review" in f["reason"]
    assert not ((d["rule"] == "DEMEANOR") & (d["row"] == 1)).any()


TEXTS = [("en", "You spineless little worm, everyone at the office knows it."),
         ("en", "I know where you live."),
         ("en", "Read: news.example/opinion/the-idiot-s-guide-to-mortgages"),
         ("en", "The hearing moved to Tuesday at nine."),
         ("it", "Sei un cafone e un buzzurro."),
         ("it", "Il gatto dorme sul divano tutto il giorno."),
         ("es", "Eres un mamarracho."),
         ("fr", "Je sais où tu habites."),
         ("de", "Du Hohlbirne."),
         ("de", "Ich bin so ein Trottel, Schlüssel vergessen.")]


def test_rule_and_evaluation_read_one_verdict():
    """The evaluation's finding path flags exactly the rows the rule makes a finding of."""
    rows = pd.DataFrame({"text": [t for _, t in TEXTS], "lang": [g for g, _ in TEXTS],
                         "label": "intemperate"})
    flagged = path_flags(load_model("demeanor"), rows)["finding"]
    d = _rule([{"kind": "post", "text": t} for _, t in TEXTS])
    ruled = set(d.loc[d["rule"].isin(["DEMEANOR", "BIAS_OR_DISCRIMINATION"]), "row"])
    assert {i for i, f in enumerate(flagged) if f} == ruled == {0, 1, 4, 6, 7, 8}
