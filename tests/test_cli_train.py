"""`presence-audit train`: an office refits the classifiers with its own labelled examples."""

from __future__ import annotations

from typer.testing import CliRunner

from presence_audit.cli import app


def test_train_writes_models_and_prints_before_and_after(tmp_path):
    labels = tmp_path / "labels.csv"
    labels.write_text(
        "text,label\n"
        '"Vote the Blue Slate on Tuesday, every single one of them!",partisan\n'
        '"Bring a dish to the neighbourhood party on Saturday",not_partisan\n'
        '"You are a spineless clown and everyone knows it",intemperate\n'
        '"Thank you all for a careful, civil hearing today",civil\n', encoding="utf-8")
    out = tmp_path / "models"
    result = CliRunner().invoke(app, ["train", "--labels", str(labels), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert result.output.count("before:") == 2 and result.output.count("after:") == 2
    for task in ("political", "demeanor"):
        assert (out / f"{task}.json").stat().st_size > 0
        assert (out / f"{task}.npz").stat().st_size > 0


def test_train_with_a_bad_label_is_a_one_line_error(tmp_path):
    labels = tmp_path / "labels.csv"
    labels.write_text("text,label\nhello there,maybe\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["train", "--labels", str(labels), "--out",
                                      str(tmp_path / "m")])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "labels.csv" in lines[0] and "line 2" in lines[0]
    assert not (tmp_path / "m").exists()
