"""``presence-audit doctor``: is this installation able to audit completely?

Loads every packaged file the audit reads (cue lists, dockets, lexicons, bundled
political lists, models, corpus, templates and labels) with the loader the audit itself uses,
imports every rule, importer and writer, and opens the history store. The list of files is
written out here, not found by walking the installed folders: a file missing from an install
must show up as missing, and a test keeps the list equal to the files in the source tree.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from importlib import resources
from pathlib import Path

from presence_audit.failures import cause

SIGNALS = ("advantage", "campaign", "case_mentions", "commercial", "confidential",
           "dehumanizing", "endorsement", "evaluative", "fundraising", "fundraising_platforms",
           "hostile", "intemperate", "legal_advice", "office", "official", "opposition",
           "own_work", "permitted", "pledge", "political_anchor", "profile_office", "publicity",
           "quotation", "reclaimed", "regalia", "reported", "security", "sexual", "slurs",
           "stance")
TEMPLATES = ("report.html.j2", "macros.html.j2", "batch_summary.html.j2",
             "partials/cases.html.j2", "partials/coverage.html.j2",
             "partials/findings.html.j2", "partials/incomplete.html.j2",
             "partials/letterhead.html.j2", "partials/overview.html.j2",
             "partials/relationships.html.j2")
INLINED = ("report.css", "report.js")
LABEL_LANGUAGES = ("en", "it")
CORPUS_README = "data/corpus/README.md"
TEMPLATE_PREFIX = "reports/templates/"


@dataclass
class Check:
    """One thing the audit needs, and whether it loaded."""

    group: str  # e.g. "cue lists"
    name: str  # package-relative path ("data/signals/campaign.toml") or a component
    ok: bool = True
    detail: str = ""


def _uncached(fn: Callable) -> Callable:
    """The loader itself, not its cache: the doctor must read the file now."""
    return getattr(fn, "__wrapped__", fn)


def package_file(rel: str) -> Path:
    """Where a package-relative file (``data/…`` or ``reports/templates/…``) is installed."""
    if rel.startswith(TEMPLATE_PREFIX):
        root = resources.files("presence_audit.reports") / "templates"
        return Path(str(root)) / rel[len(TEMPLATE_PREFIX):]
    return Path(str(resources.files("presence_audit"))) / rel


def data_files() -> dict[str, tuple[str, Callable[[], object]]]:
    """Every packaged data file: path -> (group, loader the audit uses for it)."""
    from presence_audit import classifiers, jurisdictions, language, matching, training
    from presence_audit.rules import cases
    from presence_audit.rules.toolkit import cues

    files: dict[str, tuple[str, Callable[[], object]]] = {}
    for name in SIGNALS:
        files[f"data/signals/{name}.toml"] = (
            "cue lists", partial(_uncached(cues.cue_file), name))
    files["data/dockets.toml"] = ("docket formats", _uncached(cases.docket_regex))
    files["data/courtroom_words.toml"] = ("courtroom words", matching.courtroom_words)
    for name in language.LEXICON_NAMES:
        for lang in language.LANGUAGES:
            files[f"data/lexicons/{name}_{lang}.txt"] = (
                "lexicons", partial(language._lexicon_lines, name, lang))
    for country in jurisdictions.BUNDLED_POLITICAL:
        files[f"data/political_{country}.csv"] = (
            "political lists", partial(_political_list, country))
    model_dir = str(classifiers.shipped_model_dir())
    for task in classifiers.LABELS:  # text tasks and a prosecutor's case models
        for suffix in ("json", "npz"):
            files[f"data/models/{task}.{suffix}"] = (
                "models", partial(_uncached(classifiers._load_cached), task, model_dir))
        files[f"data/corpus/{task}.csv"] = ("training corpus",
                                            partial(training.read_corpus, task))
    for task in classifiers.TASKS:  # case models have one corpus file, no batches
        for lang in language.LANGUAGES:  # batch 4 always; a later batch where written
            for folder in training.BATCH_FOLDERS:
                path = training.batch_path(task, lang, folder)
                if folder == training.BATCH_FOLDER or path.is_file():
                    files[f"data/corpus/{folder}/{task}_{lang}.csv"] = (
                        "training corpus", partial(training.read_batch_file, task, lang, path))
    files[CORPUS_README] = ("training corpus",
                            partial(_read_text, CORPUS_README))
    return files


def _political_list(country: str) -> object:
    from presence_audit import profile

    name = f"political_{country}.csv"
    label = f"presence_audit/data/{name} (bundled)"
    text = profile._decode(package_file(f"data/{name}").read_bytes(), label)
    return profile._political_rows(text, label, name)


def _read_text(rel: str) -> str:
    return package_file(rel).read_text("utf-8")


def _template(name: str) -> object:
    from presence_audit.reports import html

    return html.environment().get_template(name)


def template_files() -> dict[str, tuple[str, Callable[[], object]]]:
    """Every packaged template, stylesheet, script and labels file, with its loader."""
    from presence_audit.reports import html

    files: dict[str, tuple[str, Callable[[], object]]] = {}
    for name in TEMPLATES:
        files[TEMPLATE_PREFIX + name] = ("templates", partial(_template, name))
    for name in INLINED:
        files[TEMPLATE_PREFIX + name] = (
            "templates", partial(_read_text, TEMPLATE_PREFIX + name))
    for lang in LABEL_LANGUAGES:
        files[f"{TEMPLATE_PREFIX}labels/{lang}.toml"] = ("report labels",
                                                        partial(html.load_labels, lang))
    return files


def all_files() -> dict[str, tuple[str, Callable[[], object]]]:
    return {**data_files(), **template_files()}


def _load(group: str, name: str, loader: Callable[[], object]) -> Check:
    """Run one loader; a failure becomes the check's one-line detail."""
    try:
        loader()
    except Exception as exc:  # the doctor reports every broken part, it never stops at one
        return Check(group, name, ok=False, detail=cause(exc))
    return Check(group, name)


def file_checks() -> list[Check]:
    out = []
    for rel, (group, loader) in all_files().items():
        if not package_file(rel).is_file():
            out.append(Check(group, rel, ok=False, detail="missing: reinstall presence-audit"))
        else:
            out.append(_load(group, rel, loader))
    return out


def code_checks() -> list[Check]:
    """Every rule family, importer and writer module imports."""
    from presence_audit import engine, importers
    from presence_audit.reports import all_writers

    checks = [_load("code", "rule catalog", engine.catalog),
              _load("code", "importers", importers.all_importers),
              _load("code", "writers", all_writers)]
    for name, why in sorted(importers.LOAD_ERRORS.items()):
        checks.append(Check("code", f"importer {name}", ok=False, detail=why))
    return checks


def store_check(db: str | Path | None) -> Check:
    """The history store opens (or is created) and has the schema this version writes."""
    from presence_audit.history import SCHEMA_VERSION, open_store

    try:
        with open_store(db) as store:
            version = store.version()
            where = str(store.path)
    except Exception as exc:  # a locked, foreign or unwritable store is a finding here
        return Check("history store", str(db or "default"), ok=False, detail=cause(exc))
    if version != SCHEMA_VERSION:
        return Check("history store", where, ok=False,
                     detail=f"schema version {version}, expected {SCHEMA_VERSION}")
    return Check("history store", where, detail=f"{where}: schema version {version}")


def run_checks(db: str | Path | None = None) -> list[Check]:
    return [*file_checks(), *code_checks(), store_check(db)]


def rows(checks: list[Check]) -> list[tuple[str, str, str]]:
    """Table rows: one per group (how many passed), then one per failed check."""
    groups: dict[str, list[Check]] = {}
    for check in checks:
        groups.setdefault(check.group, []).append(check)
    out = []
    for group, items in groups.items():
        bad = [c for c in items if not c.ok]
        detail = items[0].detail if len(items) == 1 and not bad else ""
        out.append((group, f"{len(items) - len(bad)}/{len(items)} ok",
                    detail if not bad else f"{len(bad)} FAILED"))
        out.extend((f"  {c.name}", "FAILED", c.detail) for c in bad)
    return out


def verdict(checks: list[Check]) -> str:
    bad = sum(not c.ok for c in checks)
    if not bad:
        return f"ready: all {len(checks)} checks passed; an audit will run completely"
    return (f"NOT READY: {bad} of {len(checks)} checks failed; audits will be incomplete "
            "(exit 2) until this is fixed (reinstall presence-audit for missing files)")
