"""BIAS_OR_DISCRIMINATION on a real X archive: slurs spelled around, dehumanizing comparisons
of a protected group, and the hard negatives of each language (issue 13 part 6)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from xarchive import build_x_archive, like, snowflake, tweet, tweet_date

from presence_audit.rules.toolkit.bias import row_signals
from presence_audit.rules.toolkit.obfuscation import candidate_automaton, candidate_rows, fold
from presence_audit.scan import scan
from presence_audit.textnorm import normalize

BIAS = "BIAS_OR_DISCRIMINATION"
# (text, language): every one must be bias
POSITIVES = [
    ("Another n1gg3r on the night bus, of course.", "en"),
    ("Look at that f*ggot strutting around.", "en"),
    ("Those k i k e s own the media.", "en"),
    ("neeegro go home", "en"),
    ("Get out, w.e.t.b.a.c.k.", "en"),
    ("Immigrants are v3rm1n crawling over our border.", "en"),
    ("The invasion of migrants is destroying our towns, stop the invaders.", "en"),
    ("Muslims are a cancer on this country.", "en"),
    ("Quel fr0c1o del vicino ha parcheggiato male.", "it"),
    ("I rom sono parassiti che vivono alle nostre spalle.", "it"),
    ("Gli immigrati sono un'invasione.", "it"),
    ("Ese m4r1c0n no debería enseñar.", "es"),
    ("Los inmigrantes son alimañas.", "es"),
    ("Encore un b0ugn0ul devant la gare.", "fr"),
    ("Les migrants sont de la vermine.", "fr"),
    ("Diese Zig3uner klauen alles.", "de"),
    ("Flüchtlinge sind Ungeziefer.", "de"),
    ("Die Invasion der Migranten muss gestoppt werden.", "de"),
]
NEGATIVES = [
    ("Stop niggling about the footnotes, the brief is fine.", "en"),
    ("Negroni at six, then dinner by the river.", "en"),
    ("Grandma kept the kitchen spic and span.", "en"),
    ("Niger and Nigeria signed the river treaty.", "en"),
    ("Rats got into the garage again, calling pest control.", "en"),
    ("The invasion of Ukraine forced millions of refugees to flee.", "en"),
    ("Refugees with cancer wait months for treatment.", "en"),
    ("Calling migrants vermin is hate speech.", "en"),
    ("Sooo tired, nooo more rain pleeease.", "en"),
    ("see https://example.org/n1gger-slur-study and @kike_fan_account", "en"),
    ("Stasera Negroni in terrazza.", "it"),
    ("I parassiti del pomodoro hanno rovinato l'orto.", "it"),
    ("Corso di italiano gratuito per migranti.", "it"),
    ("Hoy arroz negro con alioli.", "es"),
    ("La plaga de langostas arrasó los cultivos.", "es"),
    ("La vermine a envahi le grenier.", "fr"),
    ("Le pédiatre a avancé le rendez-vous.", "fr"),
    ("Zigeunerschnitzel heißt jetzt Paprikaschnitzel.", "de"),
    ("Ungeziefer im Keller, morgen kommt der Kammerjäger.", "de"),
    ("Die Invasion der Tigermücke erreicht Bayern.", "de"),
]


def _bias_in(text: str, lang: str) -> bool:
    slurs, pairs = row_signals(fold(normalize(text)), lang)
    return bool(slurs or pairs)


@pytest.mark.parametrize(("text", "lang"), POSITIVES)
def test_slurs_and_comparisons_are_seen_through_spelling(text, lang):
    assert _bias_in(text, lang)
    # the whole-column candidate stage must keep the row
    automaton = candidate_automaton([("nigger", True), ("faggot", True), ("kikes", False),
                                     ("negro", False), ("wetback", True), ("vermin", False),
                                     ("invaders", False), ("invasion", False),
                                     ("cancer", False), ("frocio", False),
                                     ("parassiti", False), ("invasione", False),
                                     ("maricon", False), ("alimanas", False),
                                     ("bougnoul", True), ("vermine", False),
                                     ("zigeuner", False), ("ungeziefer", False)])
    assert candidate_rows(["plain words", normalize(text)], automaton).tolist() == [1]


@pytest.mark.parametrize(("text", "lang"), NEGATIVES)
def test_hard_negatives_are_not_bias(text, lang):
    assert not _bias_in(text, lang)


def test_language_routing_keeps_a_spanish_colour_out_of_english_and_italian_slurs():
    assert not _bias_in("vino negro", "es")
    assert _bias_in("un negro al parco", "it")


def judge_without_cases(folder: Path, name: str = "Helen Marlowe", handles: str = "") -> Path:
    """A judge's profile.toml (court "Eastbrook District Court") with an empty cases.csv."""
    (folder / "cases.csv").write_text(
        "case_id,caption,court,opened,closed,parties,counsel,witnesses,keywords\n",
        encoding="utf-8")
    (folder / "profile.toml").write_text(
        f'[subject]\nname = "{name}"\nrole = "judge"\njurisdiction = "INTL"\n'
        'court = "Eastbrook District Court"\ntimezone = "UTC"\n'
        + (f"[subject.handles]\n{handles}\n" if handles else "")
        + '[data]\ncases = "cases.csv"\n', encoding="utf-8")
    return folder / "profile.toml"


@pytest.fixture(scope="module")
def findings(tmp_path_factory) -> pd.DataFrame:
    """One X archive: authored, reposted and liked items, positives and hard negatives."""
    tmp = tmp_path_factory.mktemp("bias")
    profile = judge_without_cases(tmp)
    texts = [t for t, _ in POSITIVES + NEGATIVES]
    tweets = []
    for i, text in enumerate(texts):
        when = f"2024-03-{1 + i % 27:02d}T10:{i % 60:02d}:00Z"
        tweets.append(tweet(snowflake(when, i), tweet_date(when), text))
    when = "2024-04-02T09:00:00Z"
    tweets.append(tweet(snowflake(when, 90), tweet_date(when),
                        "RT @newsfeed_example: Gypsies are a plague on this town."))
    likes = [like(snowflake("2024-04-03T09:00:00Z", 91), "Refugees are parasites, all of them."),
             like(snowflake("2024-04-03T09:00:00Z", 92), "Rats in the subway are huge.")]
    archive = build_x_archive(tmp / "x.zip", tweets=tweets, likes=likes)
    return scan([str(archive)], str(profile)).findings


def _by_text(findings: pd.DataFrame, rule: str) -> dict[str, pd.Series]:
    sub = findings[findings["rule"] == rule]
    return {str(r["text"]): r for _, r in sub.iterrows()}


def test_authored_positives_are_critical_bias_and_negatives_raise_nothing(findings):
    bias = _by_text(findings, BIAS)
    for text, _ in POSITIVES:
        assert bias[text]["severity"] == "critical", text
        assert "hateful content" in bias[text]["reason"]
    for text, _ in NEGATIVES:
        assert text not in bias, text


def test_invaders_trope_is_bias_not_demeanor_or_political(findings):
    text = "The invasion of migrants is destroying our towns, stop the invaders."
    rows = findings[findings["text"] == text]
    assert set(rows["rule"]) == {BIAS}
    reason = rows.iloc[0]["reason"]
    assert "dehumanizing comparison" in reason and "migrants" in reason


def test_shared_is_high_and_liked_is_medium(findings):
    bias = _by_text(findings, BIAS)
    shared = next(r for t, r in bias.items() if "Gypsies are a plague" in t)
    assert shared["kind"] == "repost" and shared["severity"] == "high"
    liked = bias["Refugees are parasites, all of them."]
    assert liked["kind"] == "like" and liked["severity"] == "medium"
    assert "Rats in the subway are huge." not in bias


def test_evidence_points_at_the_spelled_around_word(findings):
    row = _by_text(findings, BIAS)["Another n1gg3r on the night bus, of course."]
    assert [e["text"] for e in row["evidence"]] == ["n1gg3r"]
