"""PENDING_CASE_COMMENT, PREJUDGMENT_OR_PLEDGE, PUBLIC_CONDEMNATION_OF_ACCUSED, LEGAL_ADVICE."""

from __future__ import annotations

from presence_audit.rules import RuleContext
from presence_audit.rules import case_comment as cc

try:
    from test_matching import frame, scenario_profile
except ImportError:  # tests collected as a package
    from tests.test_matching import frame, scenario_profile


def run(fn, rows, role="judge", **policy):
    return fn(RuleContext(frame(rows), scenario_profile(role, **policy)))


def test_judge_own_pending_case_evaluative_is_critical_prosecutor_high():
    row = {"kind": "post", "text": "Index No. 512345/2024: Acme Holdings is lying, a disgrace."}
    j = run(cc.detect_pending, [row])
    p = run(cc.detect_pending, [row], "prosecutor")
    assert list(j["severity"]) == ["critical"] and list(p["severity"]) == ["high"]
    assert '"disgrace"' in j.iloc[0]["reason"] and "512345/2024" in j.iloc[0]["reason"]


def test_like_of_evaluative_post_takes_weak_act_and_ignore_drops_it():
    row = {"kind": "like", "text": "Brightwater will lose, liar! motion to dismiss tomorrow",
           "time_basis": "bound"}
    d = run(cc.detect_pending, [row])
    assert list(d["severity"]) == ["high"] and "M-WEAK-ACT" in d.iloc[0]["modifiers"]
    assert "M-WEAK-ACT" in d.iloc[0]["reason"]
    assert run(cc.detect_pending, [row], like_weight="ignore").empty


def test_closed_case_comment_is_low_and_neutral_link_does_not_fire():
    d = run(cc.detect_pending, [{"kind": "post", "text":
                                 "In re Estate of Harold Finch was a disgrace"}])
    assert list(d["severity"]) == ["low"]
    assert run(cc.detect_pending, [{"kind": "post", "text":
                                    "Judgment in Index No. 512345/2024: https://x.test/j"}]).empty


def test_italian_evaluative_comment():
    text = "Il fascicolo 512345/2024: Acme è chiaramente colpevole, che vergogna"
    d = run(cc.detect_pending, [{"kind": "post", "text": text}])
    assert list(d["severity"]) == ["critical"]


def test_pledge_en_it_and_near_misses():
    d = run(cc.detect_pledge, [
        {"kind": "post", "text": "I will never grant bail to anyone charged with a gun crime."},
        {"kind": "post", "text": "Non concederò mai gli arresti domiciliari a uno spacciatore."},
        {"kind": "post", "text": "I never miss a run, even on bail hearing days."},
        {"kind": "post", "text": "The statute requires a bail hearing within 48 hours."},
        {"kind": "post", "text": "Non perderò mai la passione per la corsa."}])
    assert sorted(d["row"]) == [0, 1] and set(d["severity"]) == {"high"}


def test_pledge_outside_a_family_court_is_medium():
    profile = scenario_profile()
    profile.subject.court = "Family Court of Kings County"
    d = cc.detect_pledge(RuleContext(frame([{"kind": "post", "text":
                                             "I will never grant bail to burglars"}]), profile))
    assert list(d["severity"]) == ["medium"]


def test_condemnation_critical_and_safe_harbour_info():
    d = run(cc.detect_condemnation, [
        {"kind": "post", "text": "Gregory Vance is a monster, he confessed.",
         "timestamp": "2024-01-10T00:00Z"},
        {"kind": "post", "text": "Gregory Vance confessed; he is presumed innocent.",
         "timestamp": "2024-01-10T00:00Z"},
        {"kind": "post", "text": "Gregory Vance è un mostro, ha confessato.",
         "timestamp": "2024-01-10T00:00Z"},
        {"kind": "post", "text": "Gregory Vance was arraigned today.",
         "timestamp": "2024-01-10T00:00Z"}], "prosecutor")
    sev = dict(zip(d["row"], d["severity"], strict=True))
    assert sev == {0: "critical", 1: "info", 2: "critical"}


def test_condemnation_after_verdict_is_high():
    d = run(cc.detect_condemnation, [{"kind": "post", "text": "Gregory Vance, a monster.",
                                      "timestamp": "2024-05-28T00:00Z"}], "prosecutor")
    assert list(d["severity"]) == ["high"]


def test_legal_advice_roles_and_near_misses():
    rows = [{"kind": "reply", "text": "You should sue them, your deposit is owed."},
            {"kind": "reply", "text": "Dovresti fare causa al tuo datore di lavoro."},
            {"kind": "post", "text": "How does jury duty work? A short explainer."},
            {"kind": "reply", "text": "See the court's self-help pages."}]
    j = run(cc.detect_advice, rows)
    assert sorted(j["row"]) == [0, 1] and set(j["severity"]) <= {"medium", "high"}
    p = run(cc.detect_advice, rows, "prosecutor")
    assert set(p["severity"]) == {"info"}


def office_profile(role: str):
    """The scenario, with both pending/criminal cases marked as a colleague's (assigned=office)."""
    prof = scenario_profile(role)
    for case in prof.cases:
        case.assigned = "office"
    return prof


def test_a_colleagues_case_ranks_below_the_own_case():
    """rules.md: judge, any other pending case: high; prosecutor, same office: medium."""
    row = {"kind": "post", "text": "Index No. 512345/2024: Acme Holdings is lying, a disgrace."}
    j = cc.detect_pending(RuleContext(frame([row]), office_profile("judge")))
    p = cc.detect_pending(RuleContext(frame([row]), office_profile("prosecutor")))
    assert list(j["severity"]) == ["high"] and list(p["severity"]) == ["medium"]
    assert "same office" in p.iloc[0]["reason"]


def test_condemnation_in_a_colleagues_case_is_high():
    row = {"kind": "post", "text": "Gregory Vance is a monster, he confessed.",
           "timestamp": "2024-01-10T00:00Z"}
    d = cc.detect_condemnation(RuleContext(frame([row]), office_profile("prosecutor")))
    assert list(d["severity"]) == ["high"] and "colleague" in d.iloc[0]["reason"]
