"""Issue 13 part 5: a classifier-only finding needs a lexicon or entity cue to agree.

DEMEANOR never comes from the classifier alone; a classifier-only POLITICAL finding needs a
political anchor (election or camp word, or a party with a stance, not in a question or a
reported label). Scans run on X archives in the real export layout (tests/xarchive.py).
"""

from pathlib import Path

import pandas as pd
import pytest
from xarchive import build_x_archive, like, tweet

from presence_audit.agreement import ACTIVITY, ENDORSEMENT, NONE, political_verdict
from presence_audit.classifiers import prepare
from presence_audit.scan import scan
from presence_audit.textnorm import normalize

ROOT = Path(__file__).resolve().parent.parent
PROFILE = ROOT / "sample_archives" / "profile.toml"
APRIL = "Tue Apr 16 14:02:11 +0000 2024"
POLITICAL = {"POLITICAL_ACTIVITY", "POLITICAL_ENDORSEMENT"}


def _scan(tmp_path, tweets=(), likes=()):
    """{text: set of rules} over the findings of one X archive."""
    posts = [tweet(f"17800000000000001{i:02d}", APRIL, t, lang=lang)
             for i, (lang, t) in enumerate(tweets)]
    liked = [like(f"17700000000000002{i:02d}", t) for i, (_, t) in enumerate(likes)]
    result = scan([build_x_archive(tmp_path / "a.zip", tweets=posts, likes=liked)], PROFILE)
    out: dict[str, set[str]] = {}
    for text, rule in zip(result.findings["text"], result.findings["rule"], strict=True):
        out.setdefault(str(text), set()).add(str(rule))
    return out


@pytest.mark.parametrize(("lang", "text", "verdict"), [
    ("en", "The Republicans gutted school funding again. Shameful.", ACTIVITY),
    ("it", "Il PD ha tradito i lavoratori, vergogna.", ACTIVITY),
    ("es", "El PSOE ha mentido otra vez, qué vergüenza.", ACTIVITY),
    ("fr", "Le RN ment aux ouvriers, honte à eux.", ACTIVITY),
    ("de", "Die AfD hetzt und lügt, eine Schande.", ACTIVITY),
    ("en", "I really hope the Democrats win the Senate this year.", ENDORSEMENT),
    ("de", "Ich hoffe, die Grünen gewinnen die Wahl in Bayern.", ENDORSEMENT),
    ("it", "Spero che la Lega vinca in Veneto.", ENDORSEMENT),
    ("en", "Turnout at the elections was the highest in decades.", ACTIVITY),  # anchor alone
    # a party named with no side taken
    ("en", "Propaganda for whom, the Republicans? Aliens?", NONE),
    ("de", "Propaganda für wen, die SPD? Aliens?", NONE),
    ("en", "He is now called a Republican troll by everyone for asking that.", NONE),
    ("de", "Jetzt wird er von allen als AfD-Troll bezeichnet, weil er gefragt hat.", NONE),
    ("fr", "Le RN tient son congrès à Perpignan ce week-end.", NONE),
    ("en", "Yes, that's exactly it, and so it is.", NONE),
    ("de", "Gasspeicher gestern bei 38 %, Prognosen sagten 41 %.", NONE),
])
def test_political_verdict_per_language(lang, text, verdict):
    assert political_verdict(normalize(text), lang) == verdict


def test_classifier_only_political_needs_an_anchor(tmp_path):
    """Partisan posts with a party and a stance are findings; function words, a link-only
    like, news figures, a party in a question or a reported label are not."""
    positives = [("en", "The Republicans gutted school funding again. Shameful. Vote them "
                        "out in November."),
                 ("it", "Il PD ha tradito i lavoratori, vergogna. Non votateli più."),
                 ("es", "El PSOE ha mentido otra vez, qué vergüenza. No les votéis el "
                        "domingo."),
                 ("de", "Die AfD hetzt und lügt, eine Schande. Wählt sie nicht am Sonntag.")]
    negatives = [("de", "Ja, genau so ist es, und das war es auch."),
                 ("en", "Propaganda for whom, the Republicans? Aliens?"),
                 ("de", "Propaganda für wen, die SPD? Aliens?"),
                 ("en", "He is now called a Republican troll by everyone for asking that."),
                 ("de", "Gasspeicher gestern bei 38 %, Prognosen sagten 41 %.")]
    liked = [("en", "Remember this? https://t.co/abc123"),
             ("en", "Gas storage at 38% yesterday, forecasts said 41%.")]
    rules = _scan(tmp_path, tweets=positives + negatives, likes=liked)
    for _, text in positives:
        assert rules.get(text, set()) & POLITICAL, text
    for _, text in negatives + liked:
        assert not rules.get(text, set()) & POLITICAL, (text, rules.get(text))


def test_hope_for_a_party_is_an_endorsement(tmp_path):
    texts = [("en", "I really hope the Democrats win the Senate this year."),
             ("de", "Ich hoffe, die Grünen gewinnen die Wahl in Bayern.")]
    rules = _scan(tmp_path, likes=texts)
    for _, text in texts:
        assert "POLITICAL_ENDORSEMENT" in rules.get(text, set()), (text, rules.get(text))


def test_demeanor_needs_an_insult_word(tmp_path):
    """An insult-free text the classifier scores high is no DEMEANOR finding; an insult from
    the broadened intemperate list is one, and a general insult stays low."""
    quips = [("en", "Too many folks are behind on the news these days, sadly."),  # 0.68
             ("en", "I'd certainly hope so, ask the professor about it tomorrow."),
             ("en", "Has anyone shared this map yet? https://t.co/xyz987")]
    insults = [("de", "So ein Volltrottel, er hat schon wieder quer geparkt."),
               ("en", "What a numpty, he parked across three spaces again."),
               ("es", "Qué mediocre resentido, siempre igual en la cola del banco."),
               ("fr", "Quel minable, il a encore doublé tout le monde à la caisse."),
               ("it", "Che ignorante, ha parcheggiato di nuovo sulle strisce.")]
    posts = [tweet(f"17800000000000003{i:02d}", APRIL, t, lang=lang)
             for i, (lang, t) in enumerate(quips + insults)]
    result = scan([build_x_archive(tmp_path / "d.zip", tweets=posts)], PROFILE)
    f = result.findings[result.findings["rule"] == "DEMEANOR"]
    found = dict(zip(f["text"].astype(str), f["severity"].astype(str), strict=True))
    for _, text in quips:
        assert text not in found, text
    for _, text in insults:
        assert found.get(text) == "low", (text, found.get(text))


def _verdict(lang: str, text: str) -> str:
    """The verdict on a text as the classifier sees it (links, numbers removed)."""
    return political_verdict(prepare(pd.Series([text])).iat[0], lang)


@pytest.mark.parametrize(("lang", "text"), [
    # party names of the languages' countries with a stance
    ("en", "Sinn Fein are the only ones talking about housing in this town."),
    ("en", "The Tories gave us food banks and called it growth."),  # the party calls it
    ("it", "Il Movimento 5 Stelle ha tradito chi lo aveva votato."),
    ("es", "Junts vuelve a chantajear al gobierno, como siempre."),
    ("es", "Morena prometió acabar con la corrupción y mira."),
    ("fr", "Reconquête est un danger pour la République."),
    ("de", "Die ÖVP hat die Reform blockiert, typisch."),
    ("de", "Die CDU ist „unwählbar“ geworden."),  # a stance in scare quotes
    # campaign work and candidacy words, in their inflections
    ("en", "Knocking doors for our council candidate tonight, who's in?"),
    ("it", "Stasera volantinaggio per il nostro candidato al consiglio regionale."),
    ("es", "Busco apoderados para el domingo en el colegio electoral."),
    ("fr", "Besoin de bénévoles pour le porte-à-porte de notre candidate aux municipales."),
    ("de", "Heute Infostand am Marktplatz, wir suchen noch Leute zum Plakatieren."),
    # a vote for a name
    ("en", "Please vote Galloway, she helped my son when nobody else would."),
    ("fr", "J'appelle à voter Giraud dimanche, un gars du coin."),
    # campaign hashtags
    ("en", "#VoteSmith for a cleaner river"),
    ("en", "#AaltoForMayor #HarbourFirst"),
    ("it", "#VotaVerdi per una città respirabile"),
    ("es", "Seguimos. #GaliciaConBNG"),
    ("fr", "#VotezPCF pour des salaires dignes"),
    ("de", "Für unser Dorf! #KrämerWählen"),
])
def test_broadened_anchor_finds_partisan_text(lang, text):
    assert _verdict(lang, text) != NONE, text


@pytest.mark.parametrize(("lang", "text"), [
    # a party word in another sense
    ("en", "Child labour is a disaster and we must end it."),
    ("en", "Our trade union won a better pay deal, proud of everyone."),
    ("it", "La Lega Pro ha rinviato la partita per pioggia, un disastro."),
    ("es", "La Unión Europea aprueba la directiva, siempre tarde."),
    ("fr", "La Renaissance italienne est la meilleure période de l'art."),
    ("de", "Die linke Spur war gesperrt, nichts ging mehr."),
    ("de", "Die Partei hat im Verfahren nichts vorgetragen."),  # a litigant
    # an election word in another sense
    ("en", "Candidate for the job interview tomorrow, wish me luck!"),
    ("it", "Votate il nostro video al concorso, grazie!"),
    ("it", "Il treno regionale è di nuovo in ritardo, le comunicazioni comunali tacciono."),
    ("es", "Me presento como candidata a la plaza de coordinadora."),
    ("es", "Las piscinas municipales abren el lunes."),
    ("fr", "Je vote pour qu'on commande des pizzas ce soir."),
    ("de", "Ich hatte die Wahl zwischen Zug und Auto."),
    ("de", "Der Bundestag hat heute über die Rente debattiert."),
    ("en", "Vote wisely on Thursday, everyone."),
    ("fr", "Je vais voter demain matin avant le travail."),
    # someone else's words, or no side taken
    ("en", '"Vote for Smith" said the poster in an old photo.'),
    ("en", "> Vote Labour\nJust a photo of an old poster I found in the attic."),
    ("en", "Remember to vote on Thursday, whoever you vote for."),
    ("it", "Non c'entra nessun partito, raccogliamo firme per la pista ciclabile."),
    ("fr", "Dans les archives municipales, une affiche « Votez pour la liste d'union »."),
    ("fr", "Je ne soutiens aucune liste aux municipales, merci à tous ceux qui s'engagent."),
    ("fr", "Je n'ai jamais été au RN, ce compte me confond avec un homonyme."),
])
def test_broadened_anchor_keeps_hard_negatives_out(lang, text):
    assert _verdict(lang, text) == NONE, text


def test_hard_negatives_the_classifier_flags_are_no_finding(tmp_path):
    """The classifier scores these everyday texts partisan; the anchor keeps them out, and
    partisan posts in each language are still findings."""
    positives = [("en", "The Lib Dems sold out students on tuition fees and never apologised."),
                 ("it", "Fratelli d'Italia sta tagliando la sanità, una vergogna."),
                 ("es", "Vox solo sabe dividir, nunca propone nada útil."),
                 ("fr", "Reconquête est un danger pour la République."),
                 ("de", "Die AfD ist eine Gefahr für unsere Demokratie.")]
    negatives = [("en", "Eat your greens, they are good for you."),
                 ("it", "La Lega Serie A ha deciso il calendario, un disastro."),
                 ("es", "El partido de ayer fue un desastre, el árbitro fatal."),
                 ("fr", "Je n'ai jamais été au RN, ce compte me confond avec un homonyme."),
                 ("de", "Die linke Spur war wieder voll, nichts ging mehr.")]
    rules = _scan(tmp_path, tweets=positives + negatives)
    for _, text in positives:
        assert rules.get(text, set()) & POLITICAL, text
    for _, text in negatives:
        assert not rules.get(text, set()) & POLITICAL, (text, rules.get(text))


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "The Tories are finished in the north and they know it."),
    ("it", "Azione ha un programma serio, peccato che nessuno lo legga."),
    ("es", "Podemos ha dejado tirados a sus votantes por una pelea de egos."),
    ("fr", "LFI a transformé l'Assemblée en cirque."),
    ("de", "Die SPD hat die Pflegereform verschlafen."),
])
def test_a_confident_score_needs_no_stance_word(lang, text):
    """A stance has more wordings than a list: a party named as an actor is enough where the
    classifier is confident, not where it is merely over its threshold."""
    assert _verdict(lang, text) == NONE  # no stance word the lists know
    seen = prepare(pd.Series([text])).iat[0]
    assert political_verdict(seen, lang, 0.95) == ACTIVITY
    assert political_verdict(seen, lang, 0.6) == NONE


@pytest.mark.parametrize(("lang", "text"), [
    ("fr", "Le RN tient son congrès à Perpignan ce week-end."),  # a news report
    ("en", "The Tories have elected a new leader this afternoon."),
    ("de", "Laut neuer Umfrage liegt die CDU bei dreißig Prozent."),
    ("es", "Según la encuesta, el PSOE baja dos puntos."),
    ("it", "Il PD presenta oggi il nuovo simbolo in conferenza stampa."),
    ("de", "Ein Ingenieur sprach beim AfD-Symposium über Brandschutz."),  # a compound
    ("en", "He was a Tory-leaning columnist for years before the switch."),
    ("fr", "Je n'ai jamais été au RN, ce compte me confond avec un homonyme."),  # denied
    ("en", "Seminar on the founding of the Republican Party, for the legal history course."),
    ("it", "Allo stadio tutti in piedi a cantare Fratelli d'Italia, pelle d'oca."),
])
def test_a_confident_score_is_not_enough_for_news_compounds_or_teaching(lang, text):
    assert political_verdict(prepare(pd.Series([text])).iat[0], lang, 0.99) == NONE, text


@pytest.mark.parametrize(("lang", "text", "verdict"), [
    # a quotation the subject endorses in their own words is theirs
    ("en", '"The Greens will keep the ferry running" - the candidate tonight. Couldn\'t agree '
           "more.", ACTIVITY),
    ("de", "„Die SPD baut endlich Wohnungen“ – genau so, unterschreibe ich.", ACTIVITY),
    # without the endorsement it is someone else's
    ("en", '"The Greens will keep the ferry running," said the man on the radio.', NONE),
    # scare quotes in a news report are the reporter's
    ("it", 'Al telegiornale: la Lega dice "tutto risolto", per i sindacati è un "disastro".',
     NONE),
    # campaign work, member ballots and attack hashtags, in the subject's words
    ("de", "Mitgliederentscheid bei uns: heute abgestimmt, klar für die Kandidatin aus dem Ort.",
     ACTIVITY),
    ("fr", "On cherche des assesseurs pour la liste de Fabre dimanche, écrivez-moi.", ACTIVITY),
    ("es", "Cierre de campaña de Ordóñez el sábado en el parque, venid todos.", ACTIVITY),
    ("de", "#FCKCSU", ACTIVITY),
    # homonyms and refusals
    ("fr", "PS : le gâteau est dans le frigo, servez-vous.", NONE),
    ("de", "Am Wochenende ins Grüne, endlich wieder Sonne.", NONE),
    ("de", "Die Ampel an der Schule ist schon wieder kaputt.", NONE),
    ("es", "Vox populi: el mejor café del pueblo es el de la estación.", NONE),
    ("en", "I won't tell you who I vote for, it's a secret ballot. More tea?", NONE),
])
def test_round5_verdicts(lang, text, verdict):
    """Round 5 (issue 13): endorsed quotations, news scare quotes, campaign and member-ballot
    words, attack hashtags, and homonyms of party words."""
    assert political_verdict(prepare(pd.Series([text])).iat[0], lang, 0.6) == verdict


def test_pattern_needs_pass_few_everyday_texts():
    """The needs of the threat and masked-swear patterns are their own literals, not common
    words ("me", "you", "i"): an everyday text holds none, so the rule runs no pattern on
    it; a threat holds one and ``pattern_hit`` confirms it."""
    from presence_audit.agreement import THREAT, demeanor_verdict, pattern_hit, pattern_needs
    from presence_audit.textnorm import normalize

    threat = normalize("I know where you live, watch yourself")
    assert pattern_hit(threat, "en")
    assert any(need in threat for need in pattern_needs())
    assert demeanor_verdict(threat, "en", False, False)[0] == THREAT
    plain = normalize("you and me at the lake on sunday, i think")
    assert not any(need in plain for need in pattern_needs())
    assert not pattern_hit(plain, "en")
    assert demeanor_verdict(plain, "en", False, False)[0] == NONE
    assert min(map(len, pattern_needs())) >= 2


def test_pattern_rows_answers_pattern_hit_for_a_whole_column():
    """Per language table, the texts a pattern of that table matches, in one pass."""
    from presence_audit.agreement import pattern_hit, pattern_rows
    from presence_audit.textnorm import normalize

    texts = [normalize(t) for t in (
        "I know where you live", "you and me", "Te ne pentirai!", "what a sh*tshow",
        "", "Ich weiß, wo du wohnst", "te ne pentirai")]
    by_table = pattern_rows(texts)
    for lang in ("en", "it", "de", "fr"):
        got = set(by_table.get(lang, []).tolist()) if lang in by_table else set()
        assert got == {i for i, t in enumerate(texts) if pattern_hit(t, lang)
                       and any(p.search(t) for p in _own_patterns(lang))}, lang
    assert set(by_table["en"].tolist()) == {0, 3}
    assert set(by_table["it"].tolist()) == {2, 6}
    assert set(by_table["de"].tolist()) == {5}


def _own_patterns(lang: str) -> list:
    from presence_audit.agreement import PATTERN_LISTS, _regexes

    return [_regexes(name)[lang] for name in PATTERN_LISTS if lang in _regexes(name)]


@pytest.mark.parametrize(("lang", "text", "verdict"), [
    # a party told to go in a hashtag, or joined to a refusal or a cheer
    ("en", "Bins every three weeks now and the library shut. #LabourOut", ACTIVITY),
    ("de", "Zwölf Jahre im Rathaus sind genug. #SPDRaus", ACTIVITY),
    ("it", "Domenica si decide tutto #NonVotoLega", ACTIVITY),
    ("en", "Cleared the whole shed this weekend #clearout", NONE),
    # canvassing work in its inflections, members' demonyms, campaign finance
    ("en", "Knocked on doors in the rain for the Greens all afternoon.", ACTIVITY),
    ("fr", "Ce soir on va coller les affiches près de la gare, qui vient ?", ACTIVITY),
    ("it", "Forzista da sempre, non cambio idea adesso.", ACTIVITY),
    ("de", "Wer hilft Samstag im Wahlkreisbüro beim Eintüten der Briefe?", ACTIVITY),
    ("es", "Mañana reparto de propaganda en la plaza, nos vemos a las diez.", ACTIVITY),
    # "candidate" for a prize, a grant or in science; idioms; a card that is no party card
    ("en", "The team found a candidate gene for early flowering in wheat.", NONE),
    ("es", "Candidato a la beca de investigación del ministerio, deseadme suerte.", NONE),
    ("es", "Menuda papeleta: mudanza el lunes y la furgoneta sin batería.", NONE),
    ("it", "Candidata al premio per il miglior racconto breve, che emozione!", NONE),
    ("it", "Rifatta la tessera della biblioteca, finalmente posso prendere i fumetti.", NONE),
    # a vote verb followed by an adverb names nobody
    ("en", "In the book club we vote afterwards on the next title.", NONE),
])
def test_round6_verdicts(lang, text, verdict):
    """Round 6 (issue 13): attack hashtags with the party first, word classes of campaign
    work, and "candidate", "papeleta" and "tessera" in their everyday senses."""
    assert political_verdict(prepare(pd.Series([text])).iat[0], lang, 0.6) == verdict
