"""Stance gate: a party's or an official's name is no stance (issue 13, round 5).

Invented items in the five languages, written for presence-audit: news and report frames,
bare questions and names in passing take no side; praise, attacks, vote calls and wishes do.
"""

from __future__ import annotations

import pytest

from presence_audit.agreement import ACTIVITY, NONE, political_verdict
from presence_audit.profile import Handle, PoliticalEntity
from presence_audit.rules import RuleContext
from presence_audit.rules.political import detect
from presence_audit.rules.toolkit.stance import gate, named_key, news_frame
from presence_audit.textnorm import normalize

try:
    from test_matching import frame, scenario_profile
except ImportError:  # tests collected as a package
    from tests.test_matching import frame, scenario_profile

NO_STANCE = [
    ("en", "Just in: the Democrats move their county office to Elm Street next month "
           "https://t.co/abc123"),
    ("en", "Breaking: two council candidates of the Greens pulled out days before polling "
           "— coincidence?"),
    ("it", "Ultim'ora: il PD rinvia la direzione nazionale a giovedì per il maltempo."),
    ("es", "Última hora: el PSOE aplaza su comité federal por la tormenta en Madrid."),
    ("fr", "Selon la presse régionale, le RN change de trésorier dans le département."),
    ("de", "Eilmeldung: Die SPD verlegt ihren Landesparteitag von Erfurt nach Kassel."),
    ("de", "Meine Kollegen wählen zur Hälfte Grüne, der Rest die FDP — warum?"),
    ("en", "The harbour director (a Labour member) should resign over the ferry fiasco."),
    ("it", "Il direttore dell'ospedale (iscritto alla Lega) deve dimettersi per i ritardi."),
    ("en", "Anyone still arguing Democrats versus Republicans has missed the real story."),
    ("it", "Chi pensa ancora in termini di PD contro Lega non ha capito nulla del quartiere."),
    ("es", "Seguir pensando en PP contra PSOE es no entender lo que pasa en la calle."),
    ("fr", "Ceux qui raisonnent encore en PS contre RN ratent l'essentiel du quartier."),
    ("de", "Wer immer noch in CDU gegen SPD denkt, hat die Lage im Viertel nicht verstanden."),
]
STANCE = [
    ("en", "Breaking: the Tories scrapped the free bus pass. Shameless, vote them out."),
    ("en", "The Democrats are the only ones with a housing plan that adds up."),
    ("it", "Ultim'ora sul PD: che vergogna, mai più con loro."),
    ("es", "Según la prensa el PP subirá otra vez el IVA. Son unos mentirosos."),
    ("fr", "Selon les sondages le RN progresse. Quelle honte, ne votez pas pour eux."),
    ("de", "Laut Umfrage liegt die AfD vorne. Eine Schande, wählt nicht diese Hetzer."),
    ("de", "Die Grünen haben die Stadt ruiniert. Nie wieder."),
    ("en", "Democrats versus Republicans? The Republicans are liars, full stop."),
]


@pytest.mark.parametrize(("lang", "raw"), NO_STANCE)
def test_a_name_in_news_a_question_or_in_passing_is_no_finding(lang, raw):
    assert gate(raw, normalize(raw), lang, ACTIVITY) == NONE


@pytest.mark.parametrize(("lang", "raw"), STANCE)
def test_a_side_taken_toward_the_name_survives_the_gate(lang, raw):
    assert gate(raw, normalize(raw), lang, ACTIVITY) == ACTIVITY


def test_anchored_news_items_the_agreement_check_passes_are_gated():
    # the anchor alone ("candidates", "vote") made these partisan; the frame takes no side
    for lang, raw in [NO_STANCE[1], NO_STANCE[6]]:
        text = normalize(raw)
        assert political_verdict(text, lang, 0.9) != NONE
        assert gate(raw, text, lang, political_verdict(text, lang, 0.9)) == NONE


def test_news_frame_needs_a_frame_word_a_link_or_a_bare_closing_question():
    assert news_frame("see https://x.org/a", "see", "en")
    assert news_frame("", normalize("Breaking: the Tories lose a seat"), "en")
    assert news_frame("", normalize("Drei Rücktritte in einer Woche. Zufall?"), "de")
    assert not news_frame("", normalize("Who else is in? See you at the polls"), "en")
    # a street is no frame word ("via" is one only in English and German)
    assert not news_frame("", normalize("Tavolino in via Garibaldi, firmate la lista!"), "it")


def test_named_key_is_the_party_the_subject_states():
    assert named_key(normalize("The Tories again, what a mess"), "en") == "party:tories"
    assert named_key(normalize("Il sindaco (della Lega) ha chiuso il parco"), "it") == ""


def _profile():
    p = scenario_profile()
    p.political = [PoliticalEntity("Alex Moreno", "official", ["President Moreno"],
                                   [Handle("x", "alexmoreno")])]
    return p


def _likes(texts, counterpart=None):
    return [{"kind": "like", "text": t, "counterpart": counterpart, "time_basis": "bound",
             "timestamp": f"2024-03-0{i + 1}T10:00:00Z"} for i, t in enumerate(texts)]


def test_liked_news_naming_an_official_is_no_finding_and_no_repeat():
    news = ["Summit opens Monday in Geneva; guests include President Moreno.",
            "Reports: the port strike ended after Alex Moreno intervened https://t.co/x1",
            "Alex Moreno lands in Oslo for a two-day visit."]
    d = detect(RuleContext(frame(_likes(news)), _profile()))
    assert d.empty, d[["row", "rule", "reason"]]


def test_liked_attack_on_an_official_or_his_own_post_is_still_political():
    d = detect(RuleContext(frame(_likes(["Alex Moreno is a disgrace, he must go."])),
                           _profile()))
    assert set(d["rule"]) & {"POLITICAL_ACTIVITY", "POLITICAL_ENDORSEMENT"}
    own = detect(RuleContext(frame(_likes(["Summit opens Monday in Geneva."],
                                          counterpart="alexmoreno")), _profile()))
    assert not own.empty  # a like of the official's own post is a like of his content


def test_repeat_counts_acts_toward_the_same_named_party_not_the_topic():
    same = ["Speriamo che vinca la Lega alle regionali, forza!",
            "Io voto Lega, spero che vinca anche a Varese.",
            "Spero che la Lega vinca ovunque domenica, votatela!"]
    mixed = ["Speriamo che vinca la Lega alle regionali, forza!",
             "Io voto PD, spero che vinca anche a Varese.",
             "Spero che Azione vinca ovunque domenica, votatela!"]

    def repeats(texts):
        rows = [{"kind": "post", "text": t, "timestamp": f"2024-03-0{i + 1}T10:00:00Z"}
                for i, t in enumerate(texts)]
        d = detect(RuleContext(frame(rows), scenario_profile()))
        d = d[d["rule"].isin(["POLITICAL_ACTIVITY", "POLITICAL_ENDORSEMENT"])]
        assert len(d) == 3, d[["row", "rule", "reason"]]
        return ["M-REPEAT" in m for m in d["modifiers"]]

    assert all(repeats(same))
    assert not any(repeats(mixed))


@pytest.mark.parametrize(("lang", "raw"), [
    ("de", "Die Linke regiert inzwischen einfach scheiße, merkt das keiner? https://t.co/ab1"),
    ("en", "The Tories are a total shitshow, as always https://t.co/xy"),
])
def test_swearing_at_a_party_is_a_stance_even_beside_a_link(lang, raw):
    text = normalize(raw)
    assert gate(raw, text, lang, ACTIVITY) == ACTIVITY
    # ... while a frame word with no stance still does
    assert gate("", normalize("Breaking: the Tories announce a new leader"), "en",
                ACTIVITY) == NONE


@pytest.mark.parametrize(("raw", "kept"), [
    ('"The Greens are the only ones with a plan for the river." Couldn\'t agree more.', True),
    ('"The Greens are the only ones with a plan for the river," the leaflet said.', False),
])
def test_an_endorsed_quotation_naming_a_party_is_the_subjects(raw, kept):
    """Round 6: the gate reads an endorsed quotation as the subject's words, as the
    agreement check does; a quotation not endorsed still names the party for someone else."""
    text = normalize(raw)
    assert (gate(raw, text, "en", ACTIVITY) == ACTIVITY) is kept
    assert (political_verdict(text, "en", 0.6) != NONE) is kept
