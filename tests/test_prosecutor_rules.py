"""A prosecutor's own risks (issue 17): condemning the accused, leaking the file, and what
she may say (MRPC 3.6(b), 3.8(f)); the sovereign party identifies no case."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from presence_audit.profile import Case, Person, Policy, Profile, Subject, merge_case_names
from presence_audit.rules import RuleContext
from presence_audit.rules.case_comment import detect_condemnation
from presence_audit.rules.cases import detect as detect_cases
from presence_audit.rules.confidential import detect as detect_leaks
from presence_audit.rules.toolkit import permitted_basis

try:
    from test_matching import frame
except ImportError:  # tests collected as a package
    from tests.test_matching import frame

MARLOWE, KETTERING = "24CR00412", "24CR00519"
WHEN = "2024-05-02T15:00:00Z"


def prosecutor(jurisdiction: str = "US-model") -> Profile:
    """An invented deputy district attorney with two pending criminal cases."""
    subject = Subject(name="Dana Whitcombe", role="prosecutor", jurisdiction=jurisdiction,
                      court="Harlow County Circuit Court", timezone="America/Chicago",
                      appointed=date(2015, 9, 1))
    court = "Harlow County Circuit Court"
    cases = [Case(MARLOWE, "State of Harlow v. Gregory Marlowe", court, date(2024, 1, 22),
                  None, ["State of Harlow", "Gregory Marlowe"], [], [], ["storage unit"],
                  line=2),
             Case(KETTERING, "State of Harlow v. Nadia Kettering", court, date(2024, 2, 5),
                  None, ["State of Harlow", "Nadia Kettering"], [], [], [], line=3)]
    people: list[Person] = []
    return Profile(path=Path("profile.toml"), subject=subject, cases=cases,
                   people=merge_case_names(people, cases, "cases.csv"), political=[],
                   policy=Policy())


def run(detector, text: str, kind: str = "post", profile: Profile | None = None
        ) -> pd.DataFrame:
    rows = [{"kind": kind, "text": text, "timestamp": WHEN}]
    return detector(RuleContext(frame(rows), profile or prosecutor()))


@pytest.mark.parametrize("text", [
    "Marlowe is a predator and this whole county knows it.",
    "He refused our offer. Marlowe will regret that at sentencing, he'll regret it.",
    "Marlowe è un delinquente nato.",
    "Marlowe es un peligro público.",
    "Marlowe, c'est un prédateur.",
    "Marlowe ist ein eiskalter Verbrecher.",
])
def test_condemnation_of_the_accused_in_five_languages(text: str) -> None:
    d = run(detect_condemnation, text, kind="comment")
    assert list(d["case_id"]) == [MARLOWE]  # the sovereign party adds no second case
    assert list(d["severity"]) == ["critical"]


def test_condemnation_needs_a_defendant_of_her_cases() -> None:
    assert run(detect_condemnation, "What a heartless killer in that documentary.").empty
    # another first name before the surname: someone else
    assert run(detect_condemnation, "Congrats to coach Peter Marlowe, a killer instinct.").empty


def test_presumption_of_innocence_is_a_safe_harbour() -> None:
    d = run(detect_condemnation, "Marlowe confessed to police. He is presumed innocent.")
    assert list(d["severity"]) == ["info"]


def test_permitted_statement_is_info_with_the_rule_that_allows_it() -> None:
    d = run(detect_cases, "Scheduling note: the Marlowe trial has been moved to June 3.")
    assert list(d["severity"]) == ["info"]
    assert "3.6(b)(4)" in d["reason"].iat[0]


def test_permitted_statement_with_opinion_is_not_permitted() -> None:
    text = "Scheduling note: the Marlowe trial has been moved to June 3. Guilty as sin."
    assert list(run(detect_cases, text)["severity"]) != ["info"]
    assert list(run(detect_condemnation, text)["severity"]) == ["critical"]


def test_judge_gets_no_permitted_downgrade() -> None:
    judge = prosecutor()
    judge.subject.role = "judge"
    d = run(detect_cases, "Scheduling note: the Marlowe trial has been moved to June 3.",
            profile=judge)
    assert "info" not in set(d["severity"])


@pytest.mark.parametrize("text", [
    "Keep this quiet, we raid Marlowe's storage unit Friday.",
    "Off the record, Marlowe's bookkeeper is cooperating.",
    "Resti tra noi, il GIP ha appena autorizzato il GPS sull'auto di Marlowe.",
    "Entre tú y yo: el martes la Guardia Civil entra en la nave de Marlowe.",
    "Entre nous : mardi les enquêteurs débarquent au cabinet de Marlowe.",
    "Vertraulich: Marlowes Buchhalterin arbeitet mit uns zusammen.",
])
def test_leaks_of_the_file_in_private_messages(text: str) -> None:
    d = run(detect_leaks, text, kind="message")
    assert list(d["case_id"]) == [MARLOWE]
    assert set(d["severity"]) <= {"high", "critical"}


@pytest.mark.parametrize("text", [
    "Judge Ames okayed a tracker on Marlowe's truck this afternoon.",
    "Il gip ci ha dato l'ok per la cimice nell'auto di Marlowe.",
    "El juez ha dado luz verde para intervenir el teléfono de Marlowe.",
    "Le comptable de Marlowe nous fait passer ses relevés chaque semaine.",
    "Die Funkzellenauswertung zeigt Marlowes Handy am Tatort, das hast du nicht von mir.",
    "No lo vayas contando, pero a Marlowe le quedan días en la calle.",
    "Un serveur du bar nous prévient chaque fois qu'il voit Marlowe avec quelqu'un.",
    "Marlowe's own accountant walked in last week wanting a deal.",
])
def test_leaks_in_each_countrys_procedure_words(text: str) -> None:
    """Round 5 (issue 17): a judge authorising a step, a source sending us papers, a
    secrecy idiom, in the procedure vocabulary of each country."""
    d = run(detect_leaks, text, kind="message")
    assert list(d["case_id"]) == [MARLOWE]


@pytest.mark.parametrize("text", [
    "Yes, the search of Marlowe's office was last month, it was all over the news.",
    "Sì, la perquisizione da Marlowe è stata il mese scorso, l'hanno detto in tv. Nessun segreto.",
    "Running late, the Marlowe hearing went long. Can you grab the kids?",
    "The Tribune already ran the story about the raid on Marlowe's shop, so yes, you can tell Sue.",
    "Esta mañana la Policía Nacional ha detenido a Marlowe, lo dijeron en la tele.",
    "Pff, mes réquisitions pour l'audience Marlowe sont pour vendredi. Garde-moi des lasagnes.",
])
def test_public_facts_and_family_errands_are_no_leak(text: str) -> None:
    """An investigative step the news already told, not said in confidence, gives nothing;
    a secrecy word inside "no secret" does not make it confidential."""
    assert run(detect_leaks, text, kind="message").empty


def test_confidence_about_a_public_step_stays_a_near_miss() -> None:
    d = run(detect_leaks, "Between us, the search at Marlowe's was on the news already.",
            kind="message")
    assert list(d["severity"]) == ["info"]


def test_civics_post_is_no_leak() -> None:
    text = "Talked to a fifth-grade class about how a search warrant works."
    assert run(detect_leaks, text).empty


def test_sovereign_party_identifies_no_case() -> None:
    d = run(detect_cases, "Prep weekend for State of Harlow v. Marlowe, coffee is co-counsel.")
    assert sorted(set(d["case_id"].dropna())) == [MARLOWE]
    assert run(detect_cases, "Proud to serve the State of Harlow in court today.")[
        "case_id"].dropna().empty


def test_prosecutor_sample_findings() -> None:
    """The prosecutor sample: three condemnations, leaks only tied to her cases, permitted
    statements at info naming the rule that allows them."""
    from presence_audit.scan import scan

    root = Path(__file__).resolve().parent.parent / "sample_archives" / "prosecutor"
    f = scan([str(root / "x-sample.zip")], str(root / "profile.toml"),
             hash_archives=False).findings
    condemn = f[f["rule"] == "PUBLIC_CONDEMNATION_OF_ACCUSED"]
    assert len(set(condemn["case_id"])) == 3 and set(condemn["severity"]) == {"critical"}
    leaks = f[f["rule"] == "CONFIDENTIAL_INFORMATION"]
    assert len(leaks) == 2 and leaks["case_id"].notna().all()  # the civics post is no leak
    allowed = f[f["reason"].str.contains("permitted statement")]
    assert len(allowed) >= 2 and set(allowed["severity"]) == {"info"}


def test_opinion_blocks_a_permitted_statement_that_names_no_case() -> None:
    """The pattern classes run only on rows naming a case or an accused, plus the rows holding
    a permitted statement: there an opinion still blocks the permitted basis."""
    rows = [{"kind": "post", "timestamp": WHEN, "text": text} for text in (
        "Anyone with information please contact police. Who else would do this? Nobody.",
        "Anyone with information please contact police.",
        "Who else would do this? Nobody.")]
    basis = permitted_basis(RuleContext(frame(rows), prosecutor()))
    assert sorted(basis) == [1]


def test_genitive_of_a_surname_that_is_a_common_word() -> None:
    """"Sanders Handy": the genitive of an accused whose surname is also a word counts when
    written as a name, as the bare surname does (issue 17, round 5)."""
    base = prosecutor("INTL")
    case = Case("401 Js 877/24", "Staatsanwaltschaft Kassel gegen Erik Sander", "Landgericht",
                date(2024, 1, 29), None, ["Staatsanwaltschaft Kassel", "Erik Sander"], [], [],
                [], line=2)
    profile = Profile(path=base.path, subject=base.subject, cases=[case],
                      people=merge_case_names([], [case], "cases.csv"), political=[],
                      policy=Policy())
    said = "Der Ermittlungsrichter hat die TKÜ für {} Handy genehmigt."
    assert list(run(detect_leaks, said.format("Sanders"), "message", profile)["case_id"]) \
        == ["401 Js 877/24"]
    assert run(detect_leaks, said.format("sanders"), "message", profile).empty


@pytest.mark.parametrize("text", [
    "Marlowe was taken into custody by deputies at about 6 p.m. on Tuesday. He will see a "
    "judge Wednesday; he is presumed innocent.",
    "Marlowe è stato fermato martedì verso le 18 a Collesalvetti; vale per lui la "
    "presunzione di innocenza.",
    "Marlowe fue detenido el martes hacia las seis por la Guardia Civil; se presume su "
    "inocencia.",
    "Marlowe a été interpellé mardi vers 18 h ; il bénéficie de la présomption d'innocence.",
])
def test_an_arrest_announced_with_the_presumption_is_permitted_not_a_leak(text: str) -> None:
    """Its day and hour are the arrest facts MRPC 3.6(b)(6)(iii) allows, not a step to come."""
    assert run(detect_leaks, text).empty
    assert set(run(detect_cases, "Marlowe trial update. " + text)["severity"]) == {"info"}


def test_an_arrest_to_come_is_a_leak_without_the_presumption() -> None:
    text = "Marlowe gets taken into custody Tuesday at dawn."
    assert list(run(detect_leaks, text, kind="message")["case_id"]) == [MARLOWE]


@pytest.mark.parametrize("text", [
    "Next court date in the Marlowe case: March 28, Courtroom 3B.",
    "In the Marlowe case the judge heard the motions this morning and will rule by Friday.",
    "Sharing the Courier's report: 'Marlowe trial set for June after defense request.'",
    "Grim weather for the Marlowe hearing tomorrow, bring an umbrella.",
    "Nel processo Marlowe il giudice deciderà entro venerdì.",
    "Mañana, día de la vista de Marlowe: traed paraguas.",
    "Le procès Marlowe renvoyé à juin à la demande de la défense.",
    "Im Verfahren gegen Marlowe entscheidet die Kammer bis Freitag.",
    "Marlowe, like anyone else, deserves a fair trial.",
])
def test_schedule_and_fair_trial_statements_are_permitted(text: str) -> None:
    assert set(run(detect_cases, text)["severity"]) <= {"info"}
    assert run(detect_condemnation, text).empty


def test_the_queue_is_no_snake() -> None:
    queue = "Morgen Verhandlung gegen Marlowe: Die Schlange steht draußen, nehmt Schirme mit."
    assert run(detect_condemnation, queue).empty
    snake = "Marlowe ist und bleibt diese falsche Schlange."
    assert list(run(detect_condemnation, snake)["case_id"]) == [MARLOWE]


def test_the_model_path_needs_the_accused_named() -> None:
    """A case recognized by its place keyword or a victims' group says nothing about the
    accused: the model's path does not take it; a name, hashtag or docket does."""
    from presence_audit.rules import toolkit as kit

    profile = prosecutor()
    profile.people.append(Person("Storage Unit Families", "victim", [MARLOWE],
                                 ["Storage Families"]))
    ctx = RuleContext(frame([{"kind": "post", "text": "x", "timestamp": WHEN}]), profile)
    assert kit.names_the_accused(ctx, MARLOWE, "named_accused", "Marlowe")
    assert kit.names_the_accused(ctx, MARLOWE, "hashtag", "#FreeMarlowe")
    assert kit.names_the_accused(ctx, MARLOWE, "case_id", MARLOWE)
    assert not kit.names_the_accused(ctx, MARLOWE, "case_keyword", "storage unit")
    assert not kit.names_the_accused(ctx, MARLOWE, "named_accused", "Storage Families")
    assert not kit.names_the_accused(ctx, KETTERING, "named_accused", "Marlowe")
