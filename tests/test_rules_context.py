"""The one-phrase rules need their context (issue 13 part 8), on real X and Facebook exports:
"at home" with a place or a time; everyday deliberation words with the subject's own court;
"I recommend" and "my book" only as the subject's own words; money asked, not received."""

from __future__ import annotations

import pandas as pd
import pytest
from metaarchive import fb_path, thread
from metaarchive import write_zip as write_meta_zip
from xarchive import build_x_archive, conversation, like, message, snowflake, tweet, tweet_date

from presence_audit.scan import scan

try:
    from test_rules_bias import judge_without_cases
except ImportError:  # tests collected as a package
    from tests.test_rules_bias import judge_without_cases

OWN_ID, OTHER_ID = "4400000001", "4499000077"
OWNER = "Maria Rossi"
# (text, fires): PERSONAL_SECURITY_EXPOSURE
SECURITY = [
    ("Feel right at home with this new editor.", False),
    ("Home alone until Sunday, the street is so quiet.", True),
    ("At home by myself all weekend, kids are at camp.", True),
    ("Mi sento a casa con questo libro.", False),
    ("A casa da sola fino a domenica, finalmente silenzio.", True),
    ("Nos sentimos como en casa con este equipo.", False),
    ("Estaré en casa toda la semana, por fin descanso.", True),
    ("Je me sens à la maison dans ce club de lecture.", False),
    ("À la maison seule ce soir, les enfants sont chez mamie.", True),
    ("In diesem Verein fühle ich mich zu Hause.", False),
    ("Bis Sonntag allein zu Hause, alle sind verreist.", True),
]
# (text, fires): CONFIDENTIAL_INFORMATION without a listed case
CONFIDENTIAL = [
    ("We voted on the book club pick: Middlemarch again.", False),
    ("We voted in conference with my colleagues; the outcome stays quiet for now.", True),
    # the profile's court named across a double space and a line break
    ("We voted this morning at the Eastbrook  District\nCourt, results next week.", True),
    ("We voted at the Eastbrook District fair for the best pie.", False),
    ("Abbiamo votato il nuovo logo del circolo.", False),
    ("Abbiamo votato con i miei colleghi, ma nessuno lo sa ancora.", True),
    ("Tras mucha deliberación elegimos el sofá verde.", False),
    ("Deliberación larga con mis colegas; la decisión saldrá el lunes.", True),
    ("Le délibéré du jury de pâtisserie était serré.", False),
    ("Délibéré difficile avec mes collègues hier soir.", True),
    ("Tolle Beratung im Fahrradladen heute.", False),
    ("Lange Beratung mit meinen Kollegen, das Ergebnis bleibt unter uns.", True),
]
# first-person endorsements: liked (someone else's) never, authored always
ENDORSEMENTS = [
    "I highly recommend Luigi's bakery on Fifth.",
    "Out now: my book on tenancy law.",
    "Vi consiglio questo ristorante sul lago.",
    "Recomiendo este hotel en Cádiz.",
    "Je recommande ce garage, très honnête.",
    "Ich empfehle dieses Café am Markt.",
]


def _when(i: int, month: int = 3) -> str:
    return f"2024-{month:02d}-{1 + i % 27:02d}T10:{i % 60:02d}:00Z"


@pytest.fixture(scope="module")
def findings(tmp_path_factory) -> pd.DataFrame:
    tmp = tmp_path_factory.mktemp("context")
    profile = judge_without_cases(
        tmp, OWNER, f'x = "mariarossi_nyc#{OWN_ID}"\nfacebook = "{OWNER}"')
    texts = [t for t, _ in SECURITY + CONFIDENTIAL] + ENDORSEMENTS
    tweets = [tweet(snowflake(_when(i), i), tweet_date(_when(i)), t) for i, t in enumerate(texts)]
    tweets.append(tweet(snowflake(_when(1, 4), 80), tweet_date(_when(1, 4)),
                        "RT @author_example: my new book on tenancy law is out, I recommend it"))
    likes = [like(snowflake(_when(i, 5), 90 + i), t) for i, t in enumerate(ENDORSEMENTS)]
    dms = [conversation(f"{OWN_ID}-{OTHER_ID}", [
        message(snowflake(_when(2, 6), 1), OTHER_ID, "2024-06-02T10:00:00.000Z",
                "Please donate today to save the shelter! paypal.me/shelterexample",
                recipient=OWN_ID),
        message(snowflake(_when(3, 6), 2), OWN_ID, "2024-06-03T10:00:00.000Z",
                "Could you donate to the food pantry run? Every dollar helps.",
                recipient=OTHER_ID)])]
    x = build_x_archive(tmp / "x.zip", tweets=tweets, likes=likes, dms=dms)
    t = 1_717_400_000
    inbox = fb_path("inbox")
    fb = write_meta_zip(tmp / "fb.zip", {f"{inbox}/lotto_1/message_1.json": thread(
        [OWNER, "Lucky Lotto"], [
            {"sender_name": OWNER, "timestamp_ms": (t + 20) * 1000,
             "content": "Fate una donazione per la raccolta fondi della scuola!"},
            {"sender_name": "Lucky Lotto", "timestamp_ms": (t + 10) * 1000,
             "content": "Dona ora alla nostra raccolta fondi, vinci un premio!"}],
        thread_path="inbox/lotto_1")})
    return scan([str(x), str(fb)], str(profile)).findings


def _texts(findings: pd.DataFrame, rule: str, kind: str | None = None) -> set[str]:
    sub = findings[findings["rule"] == rule]
    if kind is not None:
        sub = sub[sub["kind"] == kind]
    return set(sub["text"].astype(str))


def test_at_home_needs_a_place_or_a_time(findings):
    got = _texts(findings, "PERSONAL_SECURITY_EXPOSURE")
    assert {t for t, fires in SECURITY if fires} <= got
    assert not {t for t, fires in SECURITY if not fires} & got


def test_everyday_deliberation_words_need_the_subjects_court(findings):
    got = _texts(findings, "CONFIDENTIAL_INFORMATION")
    assert {t for t, fires in CONFIDENTIAL if fires} <= got
    assert not {t for t, fires in CONFIDENTIAL if not fires} & got


def test_first_person_endorsements_count_only_as_the_subjects_words(findings):
    assert set(ENDORSEMENTS) <= _texts(findings, "COMMERCIAL_ENDORSEMENT", "post")
    assert not _texts(findings, "COMMERCIAL_ENDORSEMENT", "like")
    assert not _texts(findings, "COMMERCIAL_ENDORSEMENT", "repost")


def test_only_money_the_subject_asked_for_is_fundraising(findings):
    got = _texts(findings, "FUNDRAISING", "message")
    assert got == {"Could you donate to the food pantry run? Every dollar helps.",
                   "Fate una donazione per la raccolta fondi della scuola!"}
