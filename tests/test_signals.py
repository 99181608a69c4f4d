"""The rule toolkit's expression signals: language routing, cue spans, the 1.3 modifiers."""

from __future__ import annotations

import pandas as pd

from presence_audit.rules import RuleContext
from presence_audit.rules import toolkit as kit

try:
    from test_matching import frame, scenario_profile
except ImportError:  # tests collected as a package
    from tests.test_matching import frame, scenario_profile


def ctx_of(rows, **policy) -> RuleContext:
    return RuleContext(frame(rows), scenario_profile(**policy))


def test_cue_spans_are_word_bounded_accent_insensitive_and_map_to_the_original():
    ctx = ctx_of([{"kind": "post", "text": "Raccolta firme e COMIZIO in piazza, poi la Festa"},
                  {"kind": "post", "text": "Votèrò no: il mio vóto è segreto."},
                  {"kind": "post", "text": "A rallying cry for the team"}])
    camp = kit.cue_spans(ctx, "campaign")
    got = {(r.row, r.matched) for r in camp.itertuples()}
    assert (0, "Raccolta firme") in got and (0, "COMIZIO") in got
    assert not (camp["row"] == 2).any()  # "rally" inside "rallying" is not a hit
    endorse = kit.cue_spans(ctx, "endorsement")
    hit = endorse[endorse["cue"] == "il mio voto"].iloc[0]
    text = ctx.activity["text"].iat[1]
    assert text[hit["start"]:hit["end"]] == "il mio vóto"


def test_cues_route_by_row_language_and_und_rows_use_every_language():
    ctx = ctx_of([{"kind": "post", "text": "The vota function in my spreadsheet is broken again"},
                  {"kind": "post", "text": "vota"}])
    langs = kit.languages(ctx)
    assert langs.iat[0] == "en" and langs.iat[1] == "und"
    rows = set(kit.cue_spans(ctx, "endorsement")["row"])
    assert rows == {1}  # Italian "vota" is not an English cue; the undetermined row tries all


def test_titled_comes_from_a_profile_row_of_the_same_platform_account():
    ctx = RuleContext(frame([{"kind": "profile", "text": "Judge at Kings County Supreme Court"},
                             {"kind": "post", "text": "hello"}]), scenario_profile())
    assert kit.titled_platforms(ctx) == {("x", "mariarossi_nyc"): "Judge"}
    assert kit.titled(ctx).tolist() == [True, True]
    plain = ctx_of([{"kind": "profile", "text": "Runner, cook, dog person"},
                    {"kind": "post", "text": "hello"}])
    assert not kit.titled(plain).any()


def test_court_name_from_the_profile_is_an_office_marker():
    ctx = ctx_of([{"kind": "profile", "text": "Kings County Supreme Court"}])
    assert kit.titled(ctx).tolist() == [True]


def test_official_rows_include_protected_topics_from_the_policy():
    ctx = ctx_of([{"kind": "post", "text": "Court interpreters deserve better pay"},
                  {"kind": "post", "text": "Lo stato di diritto va difeso"}],
                 protected_topics=["interpreters deserve"])
    assert kit.official_rows(ctx).tolist() == [True, True]
    assert not kit.official_rows(ctx_of([{"kind": "post", "text": "Nice lunch"}])).any()


def test_weak_act_follows_like_weight():
    rows = [{"kind": "like", "text": "x", "time_basis": "bound"},
            {"kind": "follow", "counterpart": "a", "time_basis": "unknown"},
            {"kind": "post", "text": "x"}]
    assert kit.weak_act(ctx_of(rows)).tolist() == ["weak", "weak", ""]
    assert kit.weak_act(ctx_of(rows, like_weight="endorsement")).tolist() == ["", "weak", ""]
    assert kit.weak_act(ctx_of(rows, like_weight="ignore")).tolist() == ["drop", "weak", ""]


def test_pre_office_uses_exact_time_or_the_archive_date():
    ctx = ctx_of([{"kind": "post", "text": "a", "timestamp": "2018-05-01T00:00:00Z"},
                  {"kind": "post", "text": "b", "timestamp": "2020-05-01T00:00:00Z"},
                  {"kind": "like", "text": "c", "time_basis": "bound",
                   "timestamp": "2018-05-01T00:00:00Z"}])
    assert kit.pre_office(ctx).tolist() == [True, False, False]


def test_repeat_groups_need_three_acts_within_the_window():
    times = ["2024-01-01", "2024-02-01", "2024-03-25", "2024-09-01", "2024-01-05"]
    ctx = ctx_of([{"kind": "post", "text": str(i), "timestamp": f"{t}T00:00:00Z"}
                  for i, t in enumerate(times)])
    keys = pd.DataFrame({"row": [0, 1, 2, 3, 4], "key": ["a", "a", "a", "a", "b"]})
    assert kit.repeat_groups(ctx, keys).tolist() == [True, True, True, False, False]
    assert not kit.repeat_groups(ctx, keys, days=30).any()


def test_classifier_scores_are_batched_once_and_cached():
    ctx = ctx_of([{"kind": "post", "text": "Vote Republican, re-elect our senator!"},
                  {"kind": "follow", "counterpart": "a", "time_basis": "unknown"}])
    first = kit.classifier_scores(ctx, "political")
    assert list(first.index) == [0]
    assert kit.classifier_scores(ctx, "political") is first
    exp = kit.explanation("political", first.at[0, "score"], first.at[0, "top_terms"])
    assert exp["model"] == "political" and 0 <= exp["score"] <= 1 and exp["top_terms"]


def test_draft_caps_weak_evidence_and_names_modifiers():
    d = kit.draft(0, "X", "high", ["M-TITLED", "M-WEAK-EVIDENCE"], what="Posted x",
                      confidence="high")
    assert d["severity"] == "medium" and d["confidence"] == "medium"
    assert "M-TITLED" in d["reason"] and "needs review" in d["reason"]
    assert d["modifiers"] == ["M-TITLED", "M-WEAK-EVIDENCE"]


def test_classifier_scores_use_the_models_the_profile_names(monkeypatch, tmp_path):
    """[classifiers] models in the profile points scoring at an office's retrained models."""
    from presence_audit import classifiers
    from presence_audit.rules import RuleContext

    asked = []
    real = classifiers.load_model

    def spy(task, path=None):
        asked.append(path)
        return real(task)

    monkeypatch.setattr(classifiers, "load_model", spy)
    prof = scenario_profile()
    prof.models_dir = tmp_path
    ctx = RuleContext(frame([{"kind": "post", "text": "Vote for the Blue Slate!"}]), prof)
    kit.classifier_scores(ctx, "political")
    assert asked == [tmp_path]
