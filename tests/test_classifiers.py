"""Classifiers: deterministic builds, safe loading, held-out quality, explanations, retraining."""

import numpy as np
import orjson
import pandas as pd
import pytest
from typer.testing import CliRunner

from presence_audit.classifiers import (
    ModelError,
    load_model,
    model_paths,
    prepare,
    score,
    shipped_model_dir,
)
from presence_audit.cli import app
from presence_audit.textnorm import normalize
from presence_audit.training import (
    LANGUAGES,
    LabelsError,
    evaluate,
    fit_and_dev,
    held_out_split,
    read_corpus,
    train_with_labels,
    training_rows,
)

F1_FLOOR = 0.85


@pytest.fixture(scope="module")
def fresh(tmp_path_factory):
    """Both models rebuilt from the corpus by ``presence-audit train --out`` (the one way)."""
    out = tmp_path_factory.mktemp("models")
    result = CliRunner().invoke(app, ["train", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "political: held-out evaluation" in result.output
    assert "demeanor: held-out evaluation" in result.output
    return out, {task: load_model(task, out) for task in ("political", "demeanor")}


def test_rebuild_matches_shipped_within_tolerance(fresh):
    """Rebuilt models equal the shipped ones: metadata exactly, arrays within 1e-7.

    Byte identity held only with the numpy/scikit-learn releases that built the shipped files;
    newer releases give coefficients that differ by ~1e-10 (floating-point summation order), so
    a fresh machine failed the README's test command. 1e-7 is far below anything that moves a
    score, while a real change — corpus, vocabulary, parameters, counts — still fails the exact
    comparison of the JSON (it holds the corpus hash) or the array shapes.
    """
    out, _ = fresh
    for task in ("political", "demeanor"):
        (new_json, new_npz), (old_json, old_npz) = (model_paths(task, out),
                                                    model_paths(task, shipped_model_dir()))
        assert orjson.loads(new_json.read_bytes()) == orjson.loads(old_json.read_bytes()), task
        with np.load(new_npz, allow_pickle=False) as new, \
                np.load(old_npz, allow_pickle=False) as old:
            assert sorted(new.files) == sorted(old.files), task
            for name in old.files:
                assert new[name].shape == old[name].shape, (task, name)
                np.testing.assert_allclose(new[name], old[name], rtol=0, atol=1e-7,
                                           err_msg=f"{task} {name}")


def test_no_pickle_in_model_files():
    for task in ("political", "demeanor"):
        _, npz = model_paths(task, shipped_model_dir())
        with np.load(npz, allow_pickle=False) as data:
            assert all(data[k].dtype != object for k in data.files)


@pytest.mark.parametrize("task", ["political", "demeanor"])
def test_held_out_f1_meets_the_floor(fresh, task):
    _, models = fresh
    report = evaluate(models[task], held_out_split(task))
    positive = models[task].positive
    assert report[positive]["f1"] >= F1_FLOOR, report
    assert report["macro"]["f1"] >= F1_FLOOR, report


def test_training_never_sees_the_test_split_nor_dev(fresh):
    _, models = fresh
    for task in ("political", "demeanor"):
        corpus = read_corpus(task)
        fit, dev = fit_and_dev(task)
        assert models[task].meta["n_train"] == len(fit)
        assert models[task].meta["n_dev"] == len(dev)
        held_out = set(prepare(corpus.loc[corpus["split"] == "test", "text"]))
        assert not held_out & set(prepare(fit["text"]))
        assert len(fit) + len(dev) == len(training_rows(task))
        # dev is stratified: every language keeps about its share of positives
        for lang in LANGUAGES:
            share = (dev["lang"] == lang).mean()
            assert share > 0.1, (task, lang)


def test_models_declare_languages_and_dev_thresholds(fresh):
    _, models = fresh
    for model in models.values():
        assert set(model.languages) == set(LANGUAGES)
        assert all(0.5 <= t < 1 for t in model.thresholds.values())
        assert set(model.thresholds) == set(LANGUAGES)


def test_tampered_or_missing_model_gives_clear_error(tmp_path, fresh):
    out, _ = fresh
    for name in ("political.json", "political.npz"):
        (tmp_path / name).write_bytes((out / name).read_bytes())
    (tmp_path / "political.npz").write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(ModelError, match=r"political\.npz"):
        load_model("political", tmp_path)
    # An .npz holding a pickled object array must be refused, not unpickled.
    np.savez(tmp_path / "political.npz", idf_word=np.array([object()], dtype=object))
    with pytest.raises(ModelError):
        load_model("political", tmp_path)
    (tmp_path / "political.npz").write_bytes((out / "political.npz").read_bytes())
    (tmp_path / "political.json").write_text('{"format": "something else"}')
    with pytest.raises(ModelError, match="format"):
        load_model("political", tmp_path)
    with pytest.raises(ModelError, match="not found"):
        load_model("demeanor", tmp_path / "nowhere")


def test_hard_negatives_mostly_below_threshold():
    held_out = held_out_split("political")
    cues = "party|festa|vot|campaign|campagna|judge|giudic| v\\. "
    negatives = held_out[(held_out["label"] == "not_partisan")
                         & held_out["text"].str.contains(cues, case=False, regex=True)]
    assert len(negatives) >= 5
    result = score(negatives["text"], "political")
    assert (result["label"] == "not_partisan").mean() > 0.5
    civil = held_out_split("demeanor")
    civil = civil[civil["label"] == "civil"]
    assert (score(civil["text"], "demeanor")["label"] == "civil").mean() > 0.5


def test_scores_labels_and_top_terms_explain_the_text():
    texts = pd.Series(["Vote for Delgado and the whole Republican ticket on Tuesday!",
                       "Votate tutti per il nostro candidato del centrodestra!", "", None],
                      index=[5, 6, 7, 8])
    result = score(texts, "political")
    assert list(result.columns) == ["score", "label", "top_terms", "threshold", "agreed",
                                    "routed"]
    assert result.index.tolist() == [5, 6, 7, 8]
    assert result.loc[5, "label"] == "partisan" and result.loc[6, "label"] == "partisan"
    assert result.loc[7, "score"] == 0.0 and result.loc[8, "score"] == 0.0
    assert result.loc[7, "top_terms"] == [] and result.loc[8, "label"] == "not_partisan"
    for idx in (5, 6):
        terms = result.loc[idx, "top_terms"]
        assert 1 <= len(terms) <= 5
        weights = [w for _, w in terms]
        assert weights == sorted(weights, reverse=True) and all(w > 0 for w in weights)
        text = normalize(texts[idx])
        for term, _ in terms:
            assert term in text and not term.startswith("lexicon:"), term


def test_links_mentions_and_numbers_are_never_evidence():
    texts = pd.Series(["RT @votedelgado: Vote Delgado for senate https://t.co/Xy12ab?s=20 "
                       "www.example.com/vote?si=ab12 2024 #vote"])
    terms = [t for t, _ in score(texts, "political")["top_terms"][0]]
    assert terms and "vote" in terms
    for noise in ("co", "si", "rt", "votedelgado", "2024", "www", "com", "s"):
        assert noise not in " ".join(terms).split(), terms


def test_stop_words_are_never_evidence():
    stop = load_model("political").stop_words
    assert {"the", "und", "die", "ich", "you", "if", "is", "che", "les", "los"} <= stop
    texts = pd.Series(["I could add it if you like", "Die und ich wählen die Partei"])
    for task in ("political", "demeanor"):
        for terms in score(texts, task)["top_terms"]:
            assert not any(w in stop for t, _ in terms for w in t.split()), terms


@pytest.mark.parametrize("text", ["I would endorse that patch, it fixes the build.",
                                  "I sent you a direct message.",
                                  "I could add it if you like."])
def test_everyday_english_is_not_partisan_or_intemperate(text):
    texts = pd.Series([text])
    assert score(texts, "political")["label"][0] == "not_partisan"
    assert score(texts, "demeanor")["label"][0] == "civil"


def test_items_in_other_languages_are_not_scored():
    texts = pd.Series(["Votem no nosso candidato no domingo", "Vote for Delgado on Tuesday"])
    result = score(texts, "political", langs=pd.Series(["pt", "en"]))
    assert result["routed"].tolist() == [False, True]
    assert np.isnan(result["score"][0]) and result["top_terms"][0] == []
    assert result["label"][0] == "not_partisan"


def test_demeanor_separates_insult_from_civil_criticism():
    texts = pd.Series(["That prosecutor is a pathetic idiot and a liar.",
                       "With respect, I think the new bill on court fees is a mistake."])
    result = score(texts, "demeanor")
    assert result["label"].tolist() == ["intemperate", "civil"]
    assert result.loc[0, "score"] > result.loc[1, "score"]


def test_train_with_labels_changes_predictions(tmp_path, capsys):
    odd = ["Go Falcons, beat the Owls!", "Hurrah for the Falcons, down with the Owls!",
           "Falcons forever, Owls never!"]
    labels = tmp_path / "labels.csv"
    lines = ["text,label"] + [f'"{t}",partisan' for t in odd] * 4
    labels.write_text("\n".join(lines) + "\n", encoding="utf-8")
    before = score(pd.Series(odd), "political")["score"]
    report = train_with_labels(labels, tmp_path / "office")
    after = score(pd.Series(odd), "political", load_model("political", tmp_path / "office"))
    assert (after["score"].to_numpy() > before.to_numpy()).all()
    assert (after["label"] == "partisan").all()
    assert report["political"]["added"] == 12
    assert set(report["political"]["before"]) == {"partisan", "not_partisan", "macro"}
    assert report["demeanor"]["added"] == 0


def test_labels_overlapping_the_test_split_are_skipped(tmp_path):
    held = held_out_split("demeanor").iloc[0]
    labels = tmp_path / "labels.csv"
    pd.DataFrame({"text": [held["text"]], "label": [held["label"]]}).to_csv(labels, index=False)
    report = train_with_labels(labels, tmp_path / "out")
    assert report["demeanor"]["skipped_test_overlap"] == 1
    assert report["demeanor"]["added"] == 0


@pytest.mark.parametrize(("content", "message"), [
    ("text,label\nhello,partisan\nworld,angry\n", r"line 3, field 'label'"),
    ("words,tag\nhello,partisan\n", r"line 1: header"),
    ("text,label\n,civil\n", r"line 2, field 'text'"),
    ("text,label\nhello,civil,extra\n", r"line 2: expected 2 fields"),
    ("text,label,task\nhello,civil,political\n", r"line 2, field 'task'"),
    ("text,label\n", "no labelled rows"),
])
def test_bad_labels_csv_is_one_clear_line(tmp_path, content, message):
    labels = tmp_path / "labels.csv"
    labels.write_text(content, encoding="utf-8")
    with pytest.raises(LabelsError, match=message) as info:
        train_with_labels(labels, tmp_path / "out")
    assert "\n" not in str(info.value) and "labels.csv" in str(info.value)
    assert not (tmp_path / "out").exists()


def test_political_agreed_thresholds_lie_between_floor_and_threshold(fresh, tmp_path):
    """Round 5: where an anchor agrees the political model needs a lower score, chosen on dev
    per language, never under the floor nor above the language's own threshold; saved and
    read back with the model. The other models have none."""
    from dataclasses import replace

    from presence_audit.classifiers import save_model
    from presence_audit.training import AGREED_FLOOR

    _, models = fresh
    political = models["political"]
    assert set(political.agreed) == set(LANGUAGES)
    for lang in LANGUAGES:
        assert AGREED_FLOOR <= political.agreed_for(lang) <= political.threshold_for(lang)
    assert not models["demeanor"].agreed
    assert models["demeanor"].agreed_for("en") == models["demeanor"].threshold_for("en")
    save_model(replace(political, agreed={"en": 0.99}), tmp_path)
    again = load_model("political", tmp_path)
    assert again.agreed == {"en": 0.99}
    assert again.agreed_for("en") == again.threshold_for("en")  # never above it


def test_later_batches_only_fit_and_leave_dev_alone():
    """Dev is carved from the corpus and batch 4 alone: a later batch adds fitting rows and
    leaves the dev rows (and figures before and after it) comparable."""
    from presence_audit.training import BATCH_FOLDERS, read_batch

    fit, dev = fit_and_dev("political")
    later = {t for lang in LANGUAGES
             for t in read_batch("political", lang, BATCH_FOLDERS[1:])["text"]}
    assert later and not later & set(dev["text"])
    assert later <= set(fit["text"])


def test_agreed_threshold_sits_at_the_floor_when_dev_precision_holds_there(monkeypatch):
    """Round 6: with no anchored dev row between the floor and the lowest anchored score
    above it, the floor is the threshold where precision holds; an anchored negative
    above the floor moves it past that row."""
    from types import SimpleNamespace

    import presence_audit.agreement as agreement
    import presence_audit.training as training

    scores = [0.45, 0.5, 0.6, 0.7, 0.8, 0.9, 0.1]
    labels = ["partisan"] * 6 + ["not_partisan"]
    dev = pd.DataFrame({"text": [f"t{i}" for i in range(7)], "label": labels,
                        "lang": ["en"] * 7})
    model = SimpleNamespace(task="political", positive="partisan", languages=("en",),
                            threshold_for=lambda lang: 0.55)
    monkeypatch.setattr(agreement, "political_verdicts",
                        lambda texts, langs, scored: [agreement.ACTIVITY] * len(texts))
    monkeypatch.setattr(training, "score",
                        lambda texts, task, m: pd.DataFrame({"score": scores[:len(texts)]}))
    assert training.agreed_thresholds(model, dev) == {"en": training.AGREED_FLOOR}
    scores[6], labels[6] = 0.4, "not_partisan"  # an anchored negative above the floor
    dev["label"] = labels
    assert training.agreed_thresholds(model, dev) == {"en": 0.45}
