"""A prosecutor's condemnation, leaks and permitted statements found by their structure, not
by listed sentences (issue 17): real X and Facebook exports, scanned end to end.

Every wording here is absent from the cue lists as a phrase: a character adjective or a
criminal noun, a crime asserted as fact, a release clause, a counted record, a refused offer,
a wished sentence; a step to come, evidence the defence has not seen, a source; a schedule,
a press release, an arrest with the presumption of innocence.
"""

from __future__ import annotations

from pathlib import Path

import metaarchive
import pandas as pd
import pytest
import xarchive

from presence_audit.scan import scan

CASE, OTHER = "24CR00412", "24CR00519"
OWN_ID, SISTER_ID = "4400000001", "1510000077"
CONDEMN, LEAK = "PUBLIC_CONDEMNATION_OF_ACCUSED", "CONFIDENTIAL_INFORMATION"
ABOVE_INFO = {"low", "medium", "high", "critical"}

CASES = ("case_id,caption,court,opened,closed,parties,counsel,witnesses,keywords,sealed\n"
         f"{CASE},State of Harlow v. Gregory Marlowe,Harlow County Circuit Court,2024-01-22,,"
         "State of Harlow;Gregory Marlowe,,,,false\n"
         f"{OTHER},State of Harlow v. Nadia Kettering,Harlow County Circuit Court,2024-02-05,,"
         "State of Harlow;Nadia Kettering,,,,false\n")
PROFILE = ('[subject]\nname = "Dana Whitcombe"\nrole = "prosecutor"\n'
           'jurisdiction = "US-model"\ncourt = "Harlow County Circuit Court"\n'
           'timezone = "America/Chicago"\nappointed = 2015-09-01\n'
           f'[subject.handles]\nx = "danawhit#{OWN_ID}"\nfacebook = "Dana Whitcombe"\n'
           '[data]\ncases = "cases.csv"\n')

# text -> expected (rule, case) or None for "nothing above info"
POSTS = {
    # character: adjectives and a criminal noun, no listed label
    "Gregory Marlowe is a vile, sadistic little arsonist.": (CONDEMN, CASE),
    "Marlowe è un imprenditore avido e cinico.": (CONDEMN, CASE),
    "Marlowe ist ein feiger, hasserfüllter Brandstifter.": (CONDEMN, CASE),
    # guilt: a crime stated as fact
    "Let's be honest, Marlowe emptied those accounts himself.": (CONDEMN, CASE),
    # dangerousness: a release clause
    "Si Marlowe sale, habrá otra víctima antes de Navidad.": (CONDEMN, CASE),
    # record: sanctions counted
    "Marlowe a déjà fait de la prison à Lyon pour abus de confiance.": (CONDEMN, CASE),
    # plea: a refused offer
    "Marlowe said no to a reasonable resolution. The sentence will reflect it.": (
        CONDEMN, CASE),
    # punishment wished
    "Kettering should spend every last day of her life in a cell.": (CONDEMN, OTHER),
    # permitted: schedule, release, arrest with the presumption of innocence
    "Reminder for reporters: Gregory Marlowe's arraignment is Monday at 1:30 pm.": None,
    "News release: motions hearing scheduled in State of Harlow v. Marlowe.": None,
    "Deputies arrested Nadia Kettering this morning. She is entitled to the presumption of "
    "innocence.": None,
    # an allegation is no assertion of guilt
    "Gregory Marlowe was charged with arson; he allegedly torched the storage unit.": None,
    # hard negatives: fiction, sport, another person of the same surname
    "The villain is a vile, sadistic arsonist and deserves every day in a cell.": None,
    "Mi sobrino Pablo Marlowe es un pequeño delincuente: se comió la tarta.": None,
    # idioms (dev batch 4 classes): innocence mocked, a trust question, a sanction already
    # suffered, a term called too little, an animal epithet
    "Marlowe innocent? Yeah, right, and I'm the Pope.": (CONDEMN, CASE),
    "Unschuldig, dieser Marlowe? Na klar, und ich bin der Papst.": (CONDEMN, CASE),
    "Would anyone trust Kettering with their savings again? Didn't think so.": (
        CONDEMN, OTHER),
    "¿Confiarías a Marlowe las llaves de tu casa?": (CONDEMN, CASE),
    "Marlowe s'était déjà fait pincer à Lyon pour la même chose.": (CONDEMN, CASE),
    "Kettering lost her licence in 2020 and again in 2022.": (CONDEMN, OTHER),
    "Per Marlowe quindici anni sarebbero un regalo.": (CONDEMN, CASE),
    "Marlowe? Eine Ratte im Anzug.": (CONDEMN, CASE),
    # the same idioms with no accused are no condemnation
    "Innocent? Sure, and I'm the Queen. The butler did it, obviously.": None,
    "Would you let your kids watch this show? Didn't think so.": None,
    "Our keeper already conceded twice in 2023 and again in the final.": None,
    # permitted: jury selection on a date
    "Jury selection in State of Harlow v. Marlowe starts Tuesday at 9 am.": None,
    # idioms (dev batch 5 classes): a typifying relative clause, the allegation mocked in
    # quotes, the next harm a matter of time, a proverb of incorrigibility, a trial forced on
    # the victims, prison clothes wished
    "Marlowe is the sort of guy who steals from a church collection plate.": (CONDEMN, CASE),
    "Kettering è una di quelle che ti sorridono mentre ti svuotano il conto.": (
        CONDEMN, OTHER),
    'Le « présumé » Marlowe, laissez-moi rire.': (CONDEMN, CASE),
    "Mit Marlowe auf freiem Fuß ist das nächste Feuer nur eine Frage der Zeit.": (
        CONDEMN, CASE),
    "La cabra tira al monte, y Marlowe no iba a ser la excepción.": (CONDEMN, CASE),
    "Kettering could have ended this in March. Instead she is putting her victims through a "
    "trial.": (CONDEMN, OTHER),
    "I'd like to see Marlowe in an orange jumpsuit for a very long while.": (CONDEMN, CASE),
    # permitted: the presumption of innocence in other words
    "Gregory Marlowe appeared in court today. He remains innocent in the eyes of the law.": None,
    # the same idioms without an accused
    "Our striker is the sort of guy who never gives up. Next goal is a matter of time!": None,
    # idioms (dev batch 7 classes): "who else?" and the accused alone, zero remorse, out and
    # back at it, a regular of the police station, a trial chosen over the offer, his last
    # days of freedom
    "Who else could open that safe? Marlowe, and only Marlowe.": (CONDEMN, CASE),
    "Kettering: null Reue, null Mitgefühl.": (CONDEMN, OTHER),
    "Marlowe sort de détention et il recommence, c'est couru d'avance.": (CONDEMN, CASE),
    "Marlowe es cliente habitual del calabozo de la comisaría.": (CONDEMN, CASE),
    "Marlowe ha scelto il dibattimento invece dell'accordo. Lo avrà.": (CONDEMN, CASE),
    "Enjoy your last weeks of freedom, Marlowe.": (CONDEMN, CASE),
    # idioms (dev batch 8 classes): innocence in scare quotes, ice in the veins, a warning to
    # your loved ones, the same story in another town, prison trays
    "Marlowe and his \"innocence\", sure.": (CONDEMN, CASE),
    "Kettering hat Eis in den Adern.": (CONDEMN, OTHER),
    "Pray none of your kids crosses paths with Marlowe.": (CONDEMN, CASE),
    "Nouvelle ville, même histoire pour Marlowe.": (CONDEMN, CASE),
    "Marlowe, bandejas de plástico durante años.": (CONDEMN, CASE),
    # another season (not town) and the same story is sport
    "Third season, same story: our defence starts over again.": None,
    # the same idioms without an accused, and a factual line on the accused
    "Who else is coming to the barbecue? Bring chips.": None,
    "Il processo Marlowe riprende, ed è solo martedì.": None,
    # round 6: permitted wordings (a step reset or resumed, bail set, an arrest told as done,
    # a witness appeal promising confidence, charges called accusations)
    "The hearing for Gregory Marlowe has been reset to June 3 at 1:30 p.m.": None,
    "Der Prozess gegen Marlowe wird am Dienstag, 14. Mai, um 9:30 Uhr fortgesetzt.": None,
    "The judge set bail for Gregory Marlowe at $50,000 this afternoon.": None,
    "Deputies arrested Nadia Kettering Tuesday evening on the warrant issued last week.": None,
    "Eseguita all'alba l'ordinanza di custodia cautelare nei confronti di Marlowe.": None,
    "Chi ha visto il furgone di Marlowe il 2 maggio può rivolgersi in forma riservata ai "
    "Carabinieri.": None,
    "Gregory Marlowe has been charged with arson. Charges are accusations.": None,
    "Gregory Marlowe est renvoyé devant le tribunal correctionnel. La présomption "
    "d'innocence s'applique.": None,
    # round 6: condemnation (a wager on his guilt, a habit since a decade, counted records,
    # the book thrown, a deserved punishment, a verb before its subject, a plea refused)
    "Marlowe was behind that wheel. I'd bet my badge on it.": (CONDEMN, CASE),
    "Marlowe has been skimming from his clients since the nineties.": (CONDEMN, CASE),
    "Marlowe already has three prior convictions for fraud.": (CONDEMN, CASE),
    "Hoping the judge throws the whole book at Kettering.": (CONDEMN, OTHER),
    "Eine Strafe, die wehtut, hat Marlowe verdient.": (CONDEMN, CASE),
    "A la víctima la mató Marlowe, y punto.": (CONDEMN, CASE),
    "Marlowe a dit non au plaider-coupable. On en reparlera à l'audience.": (CONDEMN, CASE),
    "Marlowe hat eine Vorstrafe wegen Betrugs.": (CONDEMN, CASE),
    # round 6: someone else of his surname after a courtesy title
    "Happy retirement to Mrs. Ellen Marlowe, our school librarian!": None,
    # round 6: a leak post (evidence nobody has heard) is the leak rule's
    "Wait for the Marlowe voice notes that nobody has heard yet.": (LEAK, CASE),
}
MESSAGES = {
    # a step to come, no secrecy word
    "Marlowe gets picked up next week once the judge signs.": (LEAK, CASE),
    # evidence the defence has not seen
    "The phone dump on Marlowe came back. The defense hasn't seen it.": (LEAK, CASE),
    # a source, with a secrecy request in other words
    "La soffiata su Marlowe ce l'ha data il cognato. Non dirlo in giro.": (LEAK, CASE),
    # legal education with no case
    "Tonight's class: how cooperation agreements work and what discovery is.": None,
    # a target unaware of a step to come; someone informing us; the defence not yet holding it
    "Marlowe has no clue what's coming Friday.": (LEAK, CASE),
    "Kettering ahnt nichts, Freitag holen wir sie ab.": (LEAK, OTHER),
    "Devine qui nous renseigne sur Marlowe ? Sa propre sœur.": (LEAK, CASE),
    "Le chat di Marlowe sono pesantissime e il suo avvocato non le ha ancora viste.": (
        LEAK, CASE),
    # the defence ignorant of it; the accused finding out later
    "Second phone found in Marlowe's car, and his lawyer has no idea.": (LEAK, CASE),
    "Le juge a signé pour les comptes de Marlowe, quand il va l'apprendre…": (LEAK, CASE),
    # an insider turned; the defence's surprise when it is disclosed; a search in plain words
    "Marlowe's bookkeeper is ours now.": (LEAK, CASE),
    "La difesa di Marlowe cadrà dalla sedia quando depositiamo le perizie.": (LEAK, CASE),
    "Tomorrow we're going through Kettering's garage with a fine-tooth comb.": (LEAK, OTHER),
    # an arrest as a visit he does not expect; a neighbour keeping a log for the police
    "Giovedì Marlowe riceve una visita che non si aspetta.": (LEAK, CASE),
    "Kettering's neighbour keeps a log of her visitors for the detectives.": (LEAK, OTHER),
    # round 6: arrests to come in the first person, the defence not told, secrecy asked
    "Freitag früh nehmen wir Marlowe fest. Bitte niemandem erzählen.": (LEAK, CASE),
    "Lunedì andiamo a prendere Marlowe all'alba.": (LEAK, CASE),
    "Las grabaciones de Marlowe que la defensa aún no ha visto lo dicen todo.": (LEAK, CASE),
    "On a les images du parking avec Marlowe, et son avocate n'en sait encore rien.": (
        LEAK, CASE),
    # an arrest told as done in a private message is not yet public
    "Deputies arrested Marlowe an hour ago; nobody outside the office knows yet.": (
        LEAK, CASE),
    # a refusal to talk about the case is no leak
    "Je ne peux rien dire sur l'affaire Marlowe, tu le sais bien. Un verre samedi ?": None,
    "Ich darf nichts sagen zum Verfahren Marlowe, das weißt du ja.": None,
    # the same verbs on everyday errands
    "Sabato andiamo a prendere la nonna, poi il fascicolo Marlowe.": None,
    "Wir holen Papa um sechs ab, danach noch die Akte Marlowe.": None,
    # the same hush and surprise with no case
    "Psst, surprise party for Dad on Friday, he has no idea!": None,
}


def _x_archive(path: Path) -> Path:
    when = "2024-05-02T15:00:00Z"
    tweets = [xarchive.tweet(xarchive.snowflake(when, n), xarchive.tweet_date(when), text)
              for n, text in enumerate(POSTS)]
    events = [xarchive.message(xarchive.snowflake(when, 100 + n), OWN_ID,
                               "2024-05-02T15:00:00.000Z", text, recipient=SISTER_ID)
              for n, text in enumerate(MESSAGES)]
    dms = [xarchive.conversation(f"{SISTER_ID}-{OWN_ID}", events)]
    return xarchive.build_x_archive(path, tweets=tweets, dms=dms,
                                    account=xarchive.account(OWN_ID, "danawhit"))


def _facebook_archive(path: Path) -> Path:
    """The same messages on Facebook Messenger, to a sister."""
    me, ts = "Dana Whitcombe", 1714662000
    messages = [{"sender_name": me, "timestamp_ms": (ts + n) * 1000, "content": text,
                 "is_geoblocked_for_viewer": False} for n, text in enumerate(MESSAGES)]
    folder = "inbox/ellenwhitcombe_10230000000000001"
    return metaarchive.write_zip(path, {
        "facebook-dana/" + metaarchive.fb_path("profile"): {
            "profile_v2": {"name": {"full_name": me}}},
        f"facebook-dana/{metaarchive.fb_path('inbox')}/ellenwhitcombe_10230000000000001/"
        "message_1.json": metaarchive.thread(["Ellen Whitcombe", me],
                                             sorted(messages, key=lambda m: -m["timestamp_ms"]),
                                             thread_path=folder)})


@pytest.fixture(scope="module")
def findings(tmp_path_factory) -> pd.DataFrame:
    tmp = tmp_path_factory.mktemp("prosecutor")
    (tmp / "cases.csv").write_text(CASES, encoding="utf-8")
    (tmp / "profile.toml").write_text(PROFILE, encoding="utf-8")
    paths = [_x_archive(tmp / "x.zip"), _facebook_archive(tmp / "facebook.zip")]
    return scan([str(p) for p in paths], str(tmp / "profile.toml"), hash_archives=False).findings


def _found(findings: pd.DataFrame, platform: str, text: str) -> set[tuple[str, str]]:
    mine = findings[(findings["platform"].astype(str) == platform)
                    & (findings["text"] == text)
                    & findings["severity"].astype(str).isin(ABOVE_INFO)]
    return {(str(r), str(c)) for r, c in zip(mine["rule"], mine["case_id"], strict=True)}


@pytest.mark.parametrize("text", list(POSTS))
def test_posts_by_structure(findings, text):
    want = POSTS[text]
    # the case rules are measured here; DEMEANOR weighs the words alone (a fictional
    # villain called "vile" may be a low DEMEANOR when the classifier agrees)
    found = {f for f in _found(findings, "x", text) if f[0] != "DEMEANOR"}
    if want is None:
        assert found == set()
    else:
        assert want in found
        # the sovereign party names every case: the item still gives its own case only
        assert {c for _, c in found if c not in ("None", "nan")} == {want[1]}


@pytest.mark.parametrize("platform", ["x", "facebook"])
@pytest.mark.parametrize("text", list(MESSAGES))
def test_private_messages_by_structure(findings, platform, text):
    want = MESSAGES[text]
    found = _found(findings, platform, text)
    assert (want in found) if want else found == set()


@pytest.mark.parametrize("text", [
    "Gregory Marlowe est renvoyé devant le tribunal correctionnel. La présomption "
    "d'innocence s'applique.",
    "Wait for the Marlowe voice notes that nobody has heard yet.",
])
def test_no_condemnation_at_any_level(findings, text):
    # an elided article ("d'innocence s'applique") is no pair of scare quotes, and the
    # condemnation model leaves a row holding a non-public fact to the leak rule: not even
    # an info condemnation
    mine = findings[(findings["platform"].astype(str) == "x") & (findings["text"] == text)]
    assert CONDEMN not in set(mine["rule"].astype(str))
