"""Demeanor family: profanity, insults, harassment, bias; others' content is not checkable."""

from __future__ import annotations

from presence_audit.rules import RuleContext
from presence_audit.rules.demeanor import THIRD_PARTY, detect

try:
    from test_matching import frame, one, scenario_profile
except ImportError:  # tests collected as a package
    from tests.test_matching import frame, one, scenario_profile


def run(rows, prof=None):
    return detect(RuleContext(frame(rows), prof or scenario_profile()))



def test_profanity_en_it_es_is_low_and_needs_review():
    d = run([{"kind": "post", "text": "What a shitty day in traffic."},
             {"kind": "post", "text": "Che giornata di merda oggi."},
             {"kind": "post", "text": "Qué día de mierda, joder."}])
    for row in (0, 1, 2):
        f = one(d, "DEMEANOR", row)
        assert f["severity"] == "low" and "needs review" in f["reason"]


def test_insult_at_case_counsel_is_high_with_classifier_explanation():
    f = one(run([{"kind": "reply", "text": "Daniel Okafor is an idiot and a moron.",
                  "counterpart": "dokafor_law"}]), "DEMEANOR")
    assert f["severity"] == "high" and f["entity"] == "Daniel Okafor"
    assert f["explanation"]["model"] == "demeanor" and f["explanation"]["top_terms"]
    assert f["confidence"] == "medium"  # classifier evidence never above medium


def test_italian_insult_and_french_german_lexicons():
    d = run([{"kind": "post", "text": "Quell'avvocato è un idiota e un cretino."},
             {"kind": "post", "text": "Quel connard, vraiment."},
             {"kind": "post", "text": "So ein Vollidiot, ehrlich."}])
    assert set(d.loc[d["rule"] == "DEMEANOR", "row"]) == {0, 1, 2}


def test_near_misses_killer_app_lyrics_and_civil_criticism():
    d = run([{"kind": "post", "text": "This killer app saves me hours every week."},
             {"kind": "post", "text": "Now playing my favourite song, the lyrics say shit "
                                      "happens."},
             {"kind": "post", "text": "Questa riforma della giustizia è sbagliata e va "
                                      "cambiata, con rispetto."},
             {"kind": "post", "text": "The bill is badly drafted and should be amended."}])
    assert d.empty, d[["row", "rule", "reason"]]


def test_sexual_message_to_court_connected_person_is_critical():
    f = one(run([{"kind": "message", "text": "send pics tonight, sexy",
                  "counterpart": "dokafor_law"}]), "DEMEANOR")
    assert f["severity"] == "critical"


def test_titled_account_raises_profanity():
    d = run([{"kind": "profile", "text": "Judge Maria Rossi"},
             {"kind": "post", "text": "What a shitty day in traffic."}])
    f = one(d, "DEMEANOR", 1)
    assert f["severity"] == "medium" and "M-TITLED" in f["reason"]


def test_slur_levels_by_act_and_teaching_context():
    d = run([{"kind": "post", "text": "those kikes again"},
             {"kind": "repost", "text": "RT those kikes again"},
             {"kind": "like", "text": "those kikes again", "time_basis": "bound"},
             {"kind": "post", "text": "Lecture on hate speech law: the word kike was used "
                                      "in the case."},
             {"kind": "post", "text": "Sono solo froci, dice lui"}])
    assert one(d, "BIAS_OR_DISCRIMINATION", 0)["severity"] == "critical"
    assert one(d, "BIAS_OR_DISCRIMINATION", 1)["severity"] == "high"
    assert one(d, "BIAS_OR_DISCRIMINATION", 2)["severity"] == "medium"
    teach = one(d, "BIAS_OR_DISCRIMINATION", 3)
    assert teach["severity"] == "medium" and "needs review" in teach["reason"]
    assert one(d, "BIAS_OR_DISCRIMINATION", 4)["severity"] == "critical"


def test_repeated_likes_of_one_authors_slur_content_are_high():
    rows = [{"kind": "like", "text": f"those kikes {i}", "time_basis": "exact",
             "counterpart": "hate_feed", "timestamp": f"2024-03-0{i}T10:00:00Z"}
            for i in range(1, 4)]
    d = run(rows)
    assert set(d["severity"]) == {"high"} and all("M-REPEAT" in r for r in d["reason"])


def test_likes_of_different_or_unknown_authors_get_no_repeat():
    """M-REPEAT counts acts toward one named counterpart, not a topic (issue 13 part 7)."""
    rows = [{"kind": "like", "text": f"those kikes {i}", "time_basis": "exact",
             "counterpart": who, "timestamp": f"2024-03-0{i}T10:00:00Z"}
            for i, who in enumerate(["feed_a", "feed_b", "feed_c", None, None, None], 1)]
    d = run(rows)
    assert len(d) == 6 and set(d["severity"]) == {"medium"}
    assert not any("M-REPEAT" in r for r in d["reason"])


def test_third_party_content_is_declared_not_checkable():
    assert "not checkable in these exports" in THIRD_PARTY.summary
    assert not (run([{"kind": "post", "text": "idiot"}])["rule"] == THIRD_PARTY.id).any()


def test_unverified_sharing_runs_only_with_a_domain_list():
    rows = [{"kind": "repost", "text": "This judge is corrupt http://fakenews.example/x"}]
    assert not (run(rows)["rule"] == "UNVERIFIED_CONTENT_SHARING").any()
    prof = scenario_profile()
    prof.policy.unverified_domains = ["fakenews.example"]
    f = one(run(rows, prof), "UNVERIFIED_CONTENT_SHARING")
    assert f["severity"] == "medium"


def test_neutral_message_to_counsel_is_not_an_insult():
    """A short neutral DM to counsel must not become a high DEMEANOR finding (classifier noise)."""
    d = run([{"kind": "message", "text": "About the warehouse lease",
              "counterpart_id": "1500000003", "timestamp": "2024-05-02T10:00:00Z"}])
    assert not (d["rule"] == "DEMEANOR").any()


def test_friendly_short_texts_are_not_intemperate_by_the_classifier_alone():
    """Greetings and private chit-chat the model over-scores never become findings alone."""
    d = run([{"kind": "comment", "text": "Très belle photo, ma chère ! 😍"},
             {"kind": "message", "text": "Ciao Maria, ti ricordi di me?",
              "timestamp": "2024-05-02T10:00:00Z"},
             {"kind": "comment", "text": "Buon compleanno Niccolò!"},
             {"kind": "post", "text": "That lawyer is an incompetent clown who should be "
                                      "disbarred for good"}])
    assert set(d.loc[d["rule"] == "DEMEANOR", "row"]) == {3}
