"""Issue 13 round 6: demeanor recall and precision in five languages.

Contempt without a swear word ("who do you think you are"), threats and sexual messages in
native wordings, weak words spelled around ("v3rm1n"), denied saying or thinking ("nobody
here thinks that ..."), sham denials ("... exactly like one"), Italian self-deprecation
("sono proprio un ..."), mild insults said to a friend's face ("aò scemo") and hearts as banter.
"""

from __future__ import annotations

import pandas as pd
import pytest

from presence_audit.agreement import NONE, STRONG, THREAT, WEAK, demeanor_verdict, pattern_needs
from presence_audit.language import lexicon_matches
from presence_audit.rules import RuleContext
from presence_audit.rules.demeanor import detect
from presence_audit.rules.toolkit.speech import (
    OWN_LEXICONS,
    denied_at,
    lexicon_own_at,
    mild_span,
    self_at,
    sham_at,
)
from presence_audit.textnorm import normalize

try:
    from test_matching import frame, scenario_profile
except ImportError:  # tests collected as a package
    from tests.test_matching import frame, scenario_profile


def verdict(text: str, lang: str, agrees: bool = False) -> str:
    """The verdict as the rule reads it: with the own insult and profanity lexicon words."""
    own = False
    for name, aimed in OWN_LEXICONS.items():
        hits = lexicon_matches(pd.Series([text]), pd.Series([lang]), name)
        own |= any(lexicon_own_at(text, int(s), int(e), aimed)
                   for s, e in zip(hits["start"], hits["end"], strict=True))
    return demeanor_verdict(normalize(text), lang, own, agrees)[0]


def at(text: str, word: str) -> tuple[str, int, int]:
    norm = normalize(text)
    start = norm.index(normalize(word))
    return norm, start, start + len(normalize(word))


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "Talking to you is like explaining offside to a goldfish."),
    ("en", "The tribunal is a kangaroo court and everyone knows it."),
    ("it", "Ma chi ti credi di essere per scrivermi così?"),
    ("it", "Quel giudicucolo di provincia ha rinviato di nuovo."),
    ("es", "Hablar contigo es como regar un cactus de plástico."),
    ("es", "Menudo abogaducho, no sabe ni presentar un escrito."),
    ("fr", "Pour qui tu te prends, avec tes grands airs ?"),
    ("fr", "Il lui manque une case, à ce greffier."),
    ("de", "Was bildest du dir ein, so mit mir zu reden?"),
    ("de", "Der Rechtsverdreher von gegenüber hat wieder geklagt."),
])
def test_contempt_without_a_swear_word_counts_alone(lang, text):
    assert verdict(text, lang) == STRONG


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "Someone should punch that smug columnist."),
    ("it", "Se ti becco fuori dal bar ti faccio saltare i denti."),
    ("es", "Ya sé a qué hora sales de la oficina."),
    ("fr", "Encore un mot et je te casse les dents."),
    ("de", "Komm mir noch einmal frech, dann kannst du deine Zähne einsammeln."),
    ("de", "Wer meinen Hund noch mal tritt, den mach ich kalt."),
])
def test_native_threats_count_and_hold_a_needed_literal(lang, text):
    assert verdict(text, lang) == THREAT
    assert any(need in normalize(text) for need in pattern_needs())


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "Those people are v3rm1n, every one of them."),
    ("it", "Sono p@r@ss1t1 e basta."),
    ("fr", "Quel encul3, il m'a rayé la portière."),   # a digit closing the word
])
def test_words_spelled_around_a_filter_count_alone(lang, text):
    assert verdict(text, lang) == STRONG


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "The wifi in chambers is sloooow today."),   # a stretched weak word stays plain
    ("en", "A parasite in the pond killed the fish."),
    ("en", "Upgraded to win10 and the mp3 player broke."),
])
def test_plain_or_stretched_weak_words_need_the_classifier(lang, text):
    assert verdict(text, lang) == NONE


@pytest.mark.parametrize(("lang", "text", "word"), [
    ("en", "Nobody in our office thinks the interns are idiots.", "idiots"),
    ("it", "Nessuno in ufficio pensa che i tirocinanti siano degli incapaci.", "incapaci"),
    ("es", "Nunca he dicho que los becarios sean unos inútiles.", "inutiles"),
    ("de", "Niemand hier im Büro denkt, dass die neuen Kollegen Idioten sind.", "idioten"),
])
def test_denied_saying_or_thinking_is_not_an_insult(lang, text, word):
    norm, start, _ = at(text, word)
    assert denied_at(norm, start)
    assert verdict(text, lang) == NONE


def test_a_denial_ends_at_but():
    text = "Nobody will say it out loud, but the new clerk is an idiot."
    norm, start, _ = at(text, "idiot")
    assert not denied_at(norm, start)
    assert verdict(text, "en") == STRONG


def test_sham_denial_counts_a_civil_turn_does_not():
    sham = "I'm not saying you're an idiot, I'm saying you argue exactly like one."
    civil = "I'm not saying the clerk is an idiot, I'm saying the form is confusing."
    norm, start, _ = at(sham, "idiot")
    assert sham_at(norm, start) and verdict(sham, "en") == STRONG
    norm, start, _ = at(civil, "idiot")
    assert not sham_at(norm, start) and verdict(civil, "en") == NONE


@pytest.mark.parametrize(("text", "word", "own"), [
    ("Sono proprio un cretino, ho lasciato le chiavi in macchina.", "cretino", True),
    ("Testa di legno che sono, ho dimenticato l'udienza.", "testa di legno", True),
    ("Schon wieder den Schlüssel vergessen. Ich Trottel.", "trottel", True),
    ("Sono un cretino e un bugiardo, il nuovo assessore.", "cretino", False),  # no "ho", "mi"
    ("I miei coinquilini sono dei porci.", "porci", False),
])
def test_self_deprecation(text, word, own):
    norm, start, _ = at(text, word)
    assert self_at(norm, start) is own


@pytest.mark.parametrize(("lang", "text", "word", "addressed"), [
    ("it", "Ehi scemo, vieni a cena stasera?", "scemo", True),
    ("it", "Ma sei un tontolone, la cena è domani!", "tontolone", True),
    ("en", "Oi, you muppet, your keys are on my desk.", "muppet", True),
    ("es", "Oye, bobo, que la cena es mañana.", "bobo", True),
    ("it", "Il vicino è uno scemo, parcheggia sul marciapiede.", "scemo", False),
    ("en", "What a numpty, he blocked the whole lane.", "numpty", False),
    ("it", "Ehi idiota, vieni a cena stasera?", "idiota", False),      # not a mild word
])
def test_mild_insults_said_to_a_friends_face(lang, text, word, addressed):
    norm, start, end = at(text, word)
    assert mild_span(norm, start, end) is addressed
    assert lexicon_own_at(norm, start, end) is not addressed
    assert (verdict(text, lang) == STRONG) is not addressed


def test_a_mild_cue_term_said_to_a_friend_needs_the_classifier():
    text = "Ehi scemo, vieni a cena stasera?"
    assert (verdict(text, "it"), verdict(text, "it", agrees=True)) == (NONE, WEAK)


def test_a_heart_is_banter_but_not_for_threats():
    assert verdict("Che cretina che sei ❤ buon viaggio", "it") == NONE
    assert verdict("Ti spacco la faccia ❤", "it") == THREAT


def test_new_adoptions_make_a_quoted_insult_the_subjects():
    assert verdict("> il vicino è un cafone\nConfermo, l'ho visto io.", "it") == STRONG
    assert verdict("> il vicino è un cafone\nNon credo, è sempre gentile.", "it") == NONE
    assert verdict("> der Hausmeister ist ein Idiot\nStimmt genau.", "de") == STRONG


def test_the_rule_reads_denials_and_mild_words_like_the_verdict():
    rows = [{"kind": "post", "text": "Nessuno in ufficio pensa che i tirocinanti siano "
                                     "degli incapaci."},
            {"kind": "post", "text": "Ehi scemo, vieni a cena stasera?"},
            {"kind": "post", "text": "Il vicino è uno scemo, parcheggia sul marciapiede."},
            {"kind": "post", "text": "Ma chi ti credi di essere per scrivermi così?"}]
    d = detect(RuleContext(frame(rows), scenario_profile()))
    flagged = set(d.loc[d["rule"] == "DEMEANOR", "row"].astype(int))
    assert {2, 3} <= flagged and 0 not in flagged


@pytest.mark.parametrize(("text", "word", "own"), [
    ("J'ai oublié ma robe au vestiaire. Quel boulet.", "boulet", True),
    ("Me, pushing the door marked PULL for the third time today. Absolute muppet.",
     "muppet", True),
    ("I read your brief twice. Pathetic.", "pathetic", False),            # addressed
    ("I read the brief twice. What a dumbass.", "dumbass", False),        # a strong insult
    ("I waited two hours. Pathetic. Then the clerk left.", "pathetic", False),  # not closing
])
def test_a_closing_exclamation_after_ones_own_mishap(text, word, own):
    norm, start, _ = at(text, word)
    assert self_at(norm, start) is own
