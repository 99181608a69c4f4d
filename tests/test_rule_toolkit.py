"""The rule toolkit: one toolkit every family uses, and the pieces it holds once.

Structural checks read the source with ``ast`` (no family imports a sibling family; one place
builds an Aho-Corasick automaton; nothing reads CPython's private regex parser); unit checks
cover M-REPEAT, the preserve paragraph, the cue-list loader and the declared regex prefilters.
"""

from __future__ import annotations

import ast
import re
import tomllib
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from presence_audit import classifiers, rules, severity
from presence_audit.matching import build_automaton, regex_rows
from presence_audit.rules import toolkit as kit
from presence_audit.rules.toolkit import cues

ROOT = Path(__file__).resolve().parents[1]
RULES = ROOT / "src" / "presence_audit" / "rules"
SOURCES = [*(ROOT / "src").rglob("*.py"), *(ROOT / "importers").rglob("*.py"),
           *(ROOT / "reports").rglob("*.py")]
FAMILIES = sorted(p.stem for p in RULES.glob("*.py") if not p.stem.startswith("_"))


def _imported_modules(path: Path) -> set[str]:
    """Dotted names a module imports, ``from x import y`` giving both ``x`` and ``x.y``."""
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            out.add(node.module)
            out |= {f"{node.module}.{a.name}" for a in node.names}
    return out


# --- structure ---------------------------------------------------------------------------

def test_no_rule_family_imports_another_family():
    assert {"case_comment", "cases", "parties", "security"} <= set(FAMILIES)
    for family in FAMILIES:
        imported = _imported_modules(RULES / f"{family}.py")
        siblings = {f"presence_audit.rules.{f}" for f in FAMILIES if f != family}
        assert not imported & siblings, f"{family} imports {imported & siblings}"
    for path in (RULES / "toolkit").glob("*.py"):  # the toolkit belongs to no family
        families = {f"presence_audit.rules.{f}" for f in FAMILIES}
        assert not _imported_modules(path) & families, path.name


def test_exactly_one_place_constructs_an_automaton():
    places = []
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute | ast.Name)
                    and getattr(node.func, "attr", getattr(node.func, "id", "")) == "Automaton"):
                places.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert len(places) == 1 and places[0].startswith("src/presence_audit/matching.py"), places


def test_nothing_reads_the_private_regex_parser():
    for path in SOURCES:
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"\bre\._parser\b|\bre\._constants\b|\bsre_parse\b|"
                             r"from re import _", text), path
    assert not (ROOT / "src" / "presence_audit" / "signals.py").exists()
    assert not (ROOT / "src" / "presence_audit" / "data" / "patterns").exists()


def test_every_rule_says_what_it_flags_and_what_it_does_not_detect():
    specs = rules.load()
    assert len(specs) >= 20
    for spec in specs.values():
        assert spec.example.strip() and spec.not_detected.strip(), spec.id
        assert spec.example != spec.summary and spec.not_detected != spec.example, spec.id


def test_rules_command_prints_example_and_not_detected():
    from typer.testing import CliRunner

    from presence_audit.cli import app

    out = CliRunner().invoke(app, ["rules"]).output
    spec = rules.load()["JUROR_CONTACT"]
    assert f"example: {spec.example}" in out
    assert f"not detected: {spec.not_detected}" in out


# --- automaton and regex prefilters ------------------------------------------------------

def test_build_automaton_skips_empty_keys_and_returns_none_without_any():
    assert build_automaton([]) is None
    assert build_automaton([("", 1)]) is None
    automaton = build_automaton([("cat", 1), ("", 2), ("at", 3)])
    assert sorted(v for _, v in automaton.iter("a cat")) == [1, 3]


def test_regex_rows_with_needs_equal_the_regex_on_every_row():
    pattern = re.compile(r"\bno\.\s*\d{2}-\d{3,5}\b", re.I)
    values = ["see No. 23-1234", "", "none here", "NO.  22-99999 and more", "no. 2-1"]
    assert regex_rows(values, pattern, needs=("no",)).tolist() == [0, 3]
    assert regex_rows(values, pattern).tolist() == [0, 3]
    assert regex_rows(values, pattern, needs=("zz",)).tolist() == []  # needs decide rows


def test_every_docket_format_declares_needs_its_example_holds():
    raw = tomllib.loads(resources.files("presence_audit").joinpath(
        "data/dockets.toml").read_text(encoding="utf-8"))
    for docket in raw["docket"]:
        flags = re.I if docket.get("ignore_case") else 0
        found = re.search(docket["pattern"], docket["example"], flags)
        assert found, docket["name"]
        assert any(n in found.group(0).lower() for n in docket["needs"]), docket["name"]
        if docket.get("ignore_case"):  # Unicode case folding: "ſ" matches "s" under (?i)
            assert not any(set(n) & set("iks") for n in docket["needs"]), docket["name"]


def test_declared_needs_are_lower_case_and_name_a_regex_list():
    for path in resources.files("presence_audit").joinpath("data/signals").iterdir():
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
        for lang, table in raw.items():
            for key, needs in table.items():
                if key.endswith(cues.NEEDS_SUFFIX):
                    regexes = key.removesuffix(cues.NEEDS_SUFFIX)
                    assert regexes.endswith(cues.REGEX_SUFFIX) and table.get(regexes), key
                    assert needs and all(n == n.lower() and n for n in needs), (path, lang)


# --- M-REPEAT ----------------------------------------------------------------------------

def _times(*days: int | None) -> pd.Series:
    base = pd.Timestamp("2024-01-01", tz="UTC")
    return pd.Series([base + pd.Timedelta(days=d) if d is not None else pd.NaT for d in days])


def test_repeat_flags_mark_three_acts_toward_one_key_within_the_window():
    rows = np.arange(5)
    keys = np.array(["a", "a", "a", "a", "b"])
    last = severity.REPEAT_DAYS
    got = kit.repeat_flags(rows, keys, _times(0, 30, last, last + 200, 1))
    assert got.tolist() == [True, True, True, False, False]
    # one day more and the first three no longer fit in the window
    assert not kit.repeat_flags(rows, keys, _times(0, 30, last + 1, last + 200, 1)).any()


def test_repeat_flags_ignore_untimed_acts_and_count_a_row_once_per_key():
    keys = np.array(["a", "a", "a", "a"])
    assert not kit.repeat_flags(np.arange(4), keys, _times(0, 1, None, None)).any()
    # the same row listed twice (two cases of one entity) is one act, not two
    assert not kit.repeat_flags(np.array([0, 0, 1, 1]), keys, _times(0, 0, 1, 1)).any()
    flags = kit.repeat_flags(np.array([0, 0, 1, 2]), keys, _times(0, 0, 1, 2))
    assert flags.tolist() == [True, True, True, True]


def test_the_m_repeat_description_names_the_one_window_constant():
    assert f"within {severity.REPEAT_DAYS} days" in severity.MODIFIERS["M-REPEAT"][1]


# --- remediation and reasons -------------------------------------------------------------

def test_every_preserve_paragraph_is_the_full_one_exactly_once():
    assert kit.PRESERVE.endswith("so removal is not read as concealment.")
    assert kit.with_preserve("Delete the item.  ") == "Delete the item. " + kit.PRESERVE
    carrying = [s for s in rules.load().values() if "Preserve before" in s.action]
    assert len(carrying) >= 15
    for spec in carrying:
        assert spec.action.count("Preserve before") == 1 and spec.action.endswith(kit.PRESERVE)


def test_adjusted_clause_names_moving_modifiers_only():
    assert kit.adjusted([]) == "" and kit.adjusted(["M-WEAK-EVIDENCE"]) == ""
    clause = kit.adjusted(["M-TITLED", "M-WEAK-EVIDENCE"])
    assert clause.startswith("; severity adjusted: M-TITLED (") and "WEAK-EVIDENCE" not in clause


# --- cue-list loader ---------------------------------------------------------------------

@pytest.fixture
def cue_folder(tmp_path, monkeypatch):
    """A package data root holding ``data/signals``; the loader's caches are cleared."""
    folder = tmp_path / "data" / "signals"
    folder.mkdir(parents=True)
    monkeypatch.setattr(cues.resources, "files", lambda _package: tmp_path)
    cues.cue_file.cache_clear()
    cues.cue_lists.cache_clear()
    yield folder
    cues.cue_file.cache_clear()
    cues.cue_lists.cache_clear()


def test_cue_loader_reads_language_tables_nested_lists_and_prefixes(cue_folder):
    (cue_folder / "demo.toml").write_text(
        '[en]\nterms = ["Vote  FOR", "re-elect*", "  "]\n[en.issues]\nhousing = ["Eviction"]\n'
        '[all]\nterms = ["#ad"]\n[areas]\nhousing = ["housing"]\n', encoding="utf-8")
    assert kit.cue_list("demo") == {"en": ("vote for", "re-elect*"), "all": ("#ad",)}
    assert kit.cue_lists("demo", "issues.housing") == {"en": ("eviction",)}
    assert kit.cue_file("demo")["areas"] == {"housing": ["housing"]}


@pytest.mark.parametrize(("text", "message"), [
    ('[en]\nterms = ["a", 3]\n', "en.terms must be a list of strings"),
    ('[en]\nterms = "vote"\n', "en.terms must be a list of strings"),
    ("[en\nterms = []\n", "is not valid TOML"),
    ('en = ["vote"]\n', "[en] must be a table of lists"),
])
def test_cue_loader_refuses_files_not_in_the_format(cue_folder, text, message):
    (cue_folder / "bad.toml").write_text(text, encoding="utf-8")
    with pytest.raises(kit.CueListError, match=re.escape(message)):
        kit.cue_list("bad")


def test_cue_loader_names_unknown_files_and_lists(cue_folder):
    (cue_folder / "demo.toml").write_text('[en]\nterms = ["a"]\n', encoding="utf-8")
    with pytest.raises(FileNotFoundError, match=r"missing\.toml"):
        kit.cue_list("missing")
    with pytest.raises(kit.CueListError, match="has no list 'guilt'"):
        kit.cue_lists("demo", "guilt")


def test_regex_spans_refuse_a_word_list():
    from presence_audit.rules import RuleContext

    with pytest.raises(kit.CueListError, match="not a regex list"):
        kit.regex_spans(RuleContext(pd.DataFrame(), None), "pledge", "issues")


# --- per-run caches ----------------------------------------------------------------------

def test_span_index_lives_in_the_runs_cache():
    from presence_audit.rules import RuleContext

    ctx = RuleContext(pd.DataFrame(), None)
    spans = kit.span_frame([(2, "en", "vote", 0, 4, "Vote"), (2, "en", "for", 5, 8, "for")])
    assert kit.words(ctx, spans, 2) == '"Vote", "for"'
    index = ctx.shared["spans:by_row"]
    assert index[id(spans)][0] is spans  # the frame is kept alive beside its index
    other = RuleContext(pd.DataFrame(), None)
    assert kit.evidence(other, spans, 2)[0] == {"field": "text", "start": 0, "end": 4,
                                                "text": "Vote"}
    assert "spans:by_row" in other.shared and ctx.shared["spans:by_row"] is not \
        other.shared["spans:by_row"]


def test_classifier_vocabularies_are_a_property_of_the_model():
    model = classifiers.load_model("demeanor")
    first = model.vocabularies
    assert model.vocabularies is first
    word = model.vocab["word"]
    assert first["word"] == {t: i for i, t in enumerate(word)}
    assert not hasattr(classifiers, "_VOCABULARIES")
