"""BIAS_OR_DISCRIMINATION on hostile statements without a slur, and the routing a real-archive
reading asked for (issue 13 parts 6-7): elimination words, replacement and antisemitic tropes,
trait generalisations; victims that are no target; reported speech; in-group vernacular; and
M-REPEAT toward one named author only. Real X (tweets.js, like.js) and Facebook JSON exports,
invented texts."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from metaarchive import fb_path, meta_json
from metaarchive import write_zip as write_meta_zip
from test_rules_bias import judge_without_cases
from xarchive import build_x_archive, like, snowflake, tweet, tweet_date

from presence_audit.scan import scan

BIAS = "BIAS_OR_DISCRIMINATION"
OWNER = "Helen Marlowe"
# authored on X: each must be critical bias
STATEMENTS = [
    "Muslims must not exist in our part of the world.",
    "Good riddance, the depopulation of Muslims can't come soon enough.",
    "The Jews control the banks and the media.",
    "The great replacement is happening right now, wake up.",
    "Arabs are all thieves, every single one.",
    "I musulmani non devono esistere in Europa.",
    "Gli ebrei tirano i fili di tutto.",
    "Hay que exterminar a los gitanos.",
    "Los chinos son todos unos tramposos.",
    "Los musulmanes no se integran nunca, son todos unos fanáticos.",
    "Les musulmans n'ont pas leur place en France.",
    "Le grand remplacement est en marche.",
    "Juden raus!",
    "Migranten vermehren sich wie Karnickel und fluten das Land.",
    "Flüchtlinge? Das ist Ungeziefer, ganz einfach.",
]
# authored on X: none may be bias (news, teaching, history, victims, everyday senses)
CLEAN = [
    "same vermin as ever: once attacking Jews, now attacking citizens",
    "The 'great replacement' is a racist conspiracy theory, debunked many times.",
    "Police charged a man who wrote that Muslims must not exist here.",
    "The Nazis wanted the extermination of the Jews; never again.",
    "We need to get rid of the clutter in the archive.",
    "Refugees fled the flooding; the country opened shelters.",
    "Fertility is below replacement level, birth rates keep falling.",
    "Who pulls the strings in this team? The coach.",
    "Not all migrants are criminals, most of them work hard.",
    "We must eradicate poverty among refugees.",
    "How to get rid of women's old shoes without a landfill trip.",
    "Cheap Chinese steel is flooding Europe again.",
    "Chinese state firms control the banks there.",
    "In Judaism the Jews are the chosen people of the covenant.",
    "Migrants think the borders should disappear.",
    "All migrants, including the criminals, have a right to a lawyer.",
    "Migrants? The real vermin are the smugglers.",
    "Il mito della grande sostituzione è propaganda di estrema destra.",
    "El mito del gran reemplazo es una teoría conspirativa.",
    "Le grand remplacement, théorie du complot d'extrême droite.",
    "Raus aus der Stadt, rein in die Berge!",
    "Ungeziefer wie immer: früher gegen Juden, heute gegen Bürger.",
]
WHEN = "2024-03-01T10:00:00Z"


def _liked(seq: int, text: str, author: str | None) -> dict:
    tid = snowflake(f"2024-04-{1 + seq % 20:02d}T09:00:00Z", 200 + seq)
    url = f"https://twitter.com/{author}/status/{tid}" if author else None
    return like(tid, text, url)


LIKES = [
    ("They think they are chosen and owed everything you have.", "feed_a"),
    ("They are exterminating Germans by flooding the country with fast-breeding "
     "replacements.", "feed_b"),
    ("Muslims must not exist in our part of the world, full stop.", "feed_c"),
    ("I don't mean some guy who once said kike, when did extremists last do anything big?",
     "feed_d"),
    ("don't let any nigga tell me the hero's rant isn't cool", "feed_e"),
    ("same vermin as ever: once attacking Jews, now attacking citizens, unbelievable",
     "feed_f"),
    *[(f"those kikes again, part {i}", "hate_feed") for i in range(3)],
]


@pytest.fixture(scope="module")
def findings(tmp_path_factory) -> pd.DataFrame:
    tmp = tmp_path_factory.mktemp("bias_statements")
    profile = judge_without_cases(tmp, OWNER)
    tweets = []
    for i, text in enumerate(STATEMENTS + CLEAN):
        when = f"2024-03-{1 + i % 27:02d}T10:{i % 60:02d}:00Z"
        tweets.append(tweet(snowflake(when, i), tweet_date(when), text))
    likes = [_liked(i, text, who) for i, (text, who) in enumerate(LIKES)]
    x = build_x_archive(tmp / "x.zip", tweets=tweets, likes=likes)
    stamp = 1_712_000_000
    posts = [{"timestamp": stamp, "title": f"{OWNER} updated her status.",
              "data": [{"post": "Die Umvolkung läuft, Leute."}]},
             {"timestamp": stamp + 60, "title": f"{OWNER} updated her status.",
              "data": [{"post": "Seminar heute: wie die Verschwörungstheorie vom großen "
                                "Austausch funktioniert."}]}]
    comments = {"comments_v2": [{"timestamp": stamp + 120,
                                 "title": f"{OWNER} commented on Ben Sample's post.",
                                 "data": [{"comment": {"timestamp": stamp + 120,
                                                       "comment": "Jews are parasites and "
                                                                  "should be depopulated.",
                                                       "author": OWNER}}]}]}
    fb = write_meta_zip(tmp / "facebook.zip", {
        fb_path("profile"): meta_json({"profile_v2": {"name": {"full_name": OWNER}}}),
        fb_path("posts"): meta_json(posts), fb_path("comments"): meta_json(comments)})
    return scan([str(x), str(fb)], str(profile)).findings


def _bias(findings: pd.DataFrame) -> dict[str, pd.Series]:
    sub = findings[findings["rule"] == BIAS]
    return {str(r["text"]): r for _, r in sub.iterrows()}


def test_authored_hostile_statements_are_critical_bias(findings):
    bias = _bias(findings)
    for text in STATEMENTS:
        assert text in bias, text
        assert bias[text]["severity"] == "critical", text
    assert "hostile statement" in bias[STATEMENTS[0]]["reason"]
    assert "Muslims" in bias[STATEMENTS[0]]["reason"]


def test_news_teaching_history_and_victims_stay_clean(findings):
    bias = _bias(findings)
    for text in CLEAN:
        assert text not in bias, text


def test_facebook_post_and_comment_are_critical_and_a_seminar_is_clean(findings):
    bias = _bias(findings)
    assert bias["Die Umvolkung läuft, Leute."]["severity"] == "critical"
    comment = bias["Jews are parasites and should be depopulated."]
    assert comment["severity"] == "critical" and comment["platform"] == "facebook"
    assert not any(t.startswith("Seminar heute") for t in bias)


def test_liked_tropes_are_medium_and_repeat_counts_one_author_only(findings):
    bias = _bias(findings)
    for text, _ in LIKES[:3]:
        assert bias[text]["kind"] == "like" and bias[text]["severity"] == "medium", text
        assert "M-REPEAT" not in bias[text]["reason"]
    repeated = [bias[t] for t, who in LIKES if who == "hate_feed"]
    assert [r["severity"] for r in repeated] == ["high"] * 3
    assert all("M-REPEAT" in r["reason"] for r in repeated)


def test_reported_slur_is_low_review_and_vernacular_is_medium_review(findings):
    bias = _bias(findings)
    reported = bias[LIKES[3][0]]
    assert reported["severity"] == "low" and "reported words" in reported["reason"]
    assert "needs review" in reported["reason"]
    vernacular = bias[LIKES[4][0]]
    assert vernacular["severity"] == "medium" and "vernacular" in vernacular["reason"]
    assert "needs review" in vernacular["reason"]
    assert LIKES[5][0] not in bias  # the protected group names the victims


def test_first_person_speech_is_use_not_report(tmp_path: Path):
    profile = judge_without_cases(tmp_path, OWNER)
    when = "2024-03-02T10:00:00Z"
    tweets = [tweet(snowflake(when, 1), tweet_date(when), "I said it before: kikes, all of them."),
              tweet(snowflake(when, 2), tweet_date(when),
                    'On the bus a man shouted "kike" at a rabbi. Shameful.')]
    x = build_x_archive(tmp_path / "x.zip", tweets=tweets)
    bias = _bias(scan([str(x)], str(profile)).findings)
    assert bias["I said it before: kikes, all of them."]["severity"] == "critical"
    assert bias['On the bus a man shouted "kike" at a rabbi. Shameful.']["severity"] == "low"
