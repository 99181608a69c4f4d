"""report.html: the audit a person reads, in one self-contained, offline file.

Rendered from reports/templates/report.html.j2 (an office may override any template or label
with ``--template-dir``) with autoescaping on; the stylesheet and script are inlined, and a
Content-Security-Policy forbids every remote load, so opening the report never touches the
network. The server renders the overview, per-case view, relationships, chart, coverage and a
print list; the interactive findings list is drawn by report.js from one inline JSON blob
(columnar, dictionary-encoded) so 100,000 findings stay responsive. Every piece of archive
text reaches the page either through Jinja's escaping or through ``textContent``.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import orjson
import pandas as pd
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from presence_audit import __version__
from presence_audit.coverage import NOT_RUN_MARK
from presence_audit.errors import AuditInputError
from presence_audit.failures import lines as failure_lines
from presence_audit.outputs import TOOL_NAME, atomic_writer
from presence_audit.reports import ReportOptions, writer
from presence_audit.reports.cards import annotate, item_card, items, listy, print_sections
from presence_audit.reports.charts import monthly_chart
from presence_audit.reports.present import (
    _utf16,
    css_string,
    handle_text,
    highlight,  # noqa: F401  (re-exported: tests and office templates import it from here)
    item_keys,
    local,
    modifier_text,
    not_run_text,
    paper_size,
    safe_url,
    text_spans,
    zone_line,
)
from presence_audit.reports.reasons import ReasonTranslator
from presence_audit.reports.views import case_views, interactions, next_steps, relationships
from presence_audit.summary import SEVERITY_ORDER, iso_utc, summary

if TYPE_CHECKING:
    from presence_audit.profile import Profile

TEMPLATES = Path(__file__).parent / "templates"
CSP = ("default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
       "img-src data:; base-uri 'none'; form-action 'none'")
SEVERITY_RANK = {s: i for i, s in enumerate(SEVERITY_ORDER)}
DEFAULT_LANG = "en"
TOP_SEVERE = 5
GROUP_MIN = 3  # repeated findings (same rule, entity, case, kind) collapse from this many
GROUP_KEY = ("rule", "entity", "case_id", "kind", "platform")
DICT_COLUMNS = {"rule": "rule", "category": "category", "severity": "severity",
                "platform": "platform", "kind": "kind", "case": "case_id", "entity": "entity",
                "status": "status", "change": "change",
                "cp": "counterpart", "conf": "confidence", "win": "in_open_window",
                "basis": "time_basis"}
JS_LABELS = ("all", "rule", "severity", "showing", "show_more", "no_match", "group_of",
             "show_all", "hide_all",
             "details", "moved_by", "confidence", "matched", "evidence", "classifier",
             "top_terms", "to_do", "sources", "item", "open_item", "record", "source",
             "fingerprint", "copy", "copied", "review", "case", "undated", "window_yes",
             "window_possible", "window_no", "chg_new", "chg_unchanged", "chg_reappeared",
             "chg_resolved", "sev_critical", "sev_high", "sev_medium", "sev_low", "sev_info",
             "showing_cards", "showing_cards_one", "n_items", "n_items_one", "n_findings",
             "n_findings_one", "n_rules", "n_rules_one", "group_of_one", "show_all_one",
             "account_id",
             "conf_high", "conf_medium", "conf_low", "status_open", "status_acknowledged",
             "status_false_positive", "status_remediated", "status_disclosed",
             "status_suppressed")


# ----------------------------------------------------------------------------- labels

def available_languages(template_dir: Path | None = None) -> list[str]:
    """Languages with a labels file in the defaults or in the office's template folder."""
    dirs = [TEMPLATES / "labels"] + ([Path(template_dir) / "labels"] if template_dir else [])
    return sorted({p.stem for d in dirs if d.is_dir() for p in d.glob("*.toml")})


def load_labels(lang: str, template_dir: Path | None = None) -> dict[str, str]:
    """English defaults, then ``lang``, then the office's overrides of ``lang``, merged."""
    if lang not in available_languages(template_dir):
        raise AuditInputError(f"no report labels for language {lang!r}; available: "
                              + ", ".join(available_languages(template_dir)))
    files = [TEMPLATES / "labels" / f"{DEFAULT_LANG}.toml", TEMPLATES / "labels" / f"{lang}.toml"]
    if template_dir:
        files.append(Path(template_dir) / "labels" / f"{lang}.toml")
    labels: dict[str, str] = {}
    for path in files:
        if not path.is_file():
            continue
        try:
            labels.update({k: str(v) for k, v in tomllib.loads(path.read_text("utf-8")).items()})
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
            raise AuditInputError(f"{path}: not a valid labels file ({err})") from None
    labels["lang"] = lang
    return labels


def say(labels: dict, key: str, n: int, **kw) -> str:
    """The label ``key`` for a count: ``key_one`` when ``n`` is 1 (``1 finding``)."""
    template = labels.get(f"{key}_one", labels[key]) if n == 1 else labels[key]
    return template.format(n=f"{n:,}", **kw)


def choose_language(options: ReportOptions, profile: Profile) -> str:
    """--lang wins over the profile's [report] lang; English otherwise."""
    return options.lang or profile.report_lang or DEFAULT_LANG


# ----------------------------------------------------------------------------- findings

def prepare(findings: pd.DataFrame) -> pd.DataFrame:
    """Findings most severe first (then oldest), with the history columns defaulted, the item
    each belongs to (``_item``; ``_primary`` marks the item's most severe finding), and a
    group id per (rule, entity, case, kind, platform) of the items' heads with its size."""
    f = findings.reset_index(drop=True).copy()
    if "change" not in f.columns:
        f["change"] = ""
    if "review" not in f.columns:
        f["review"] = [[] for _ in range(len(f))]
    f["change"] = f["change"].astype("string").fillna("")
    f["_rank"] = f["severity"].map(SEVERITY_RANK).fillna(len(SEVERITY_RANK)).astype(int)
    f = f.sort_values(["_rank", "timestamp"], kind="stable", na_position="last")
    f = f.reset_index(drop=True)
    f["_item"] = item_keys(f)  # numbered in order of first (most severe) appearance
    f["_primary"] = ~f["_item"].duplicated()
    gid = _item_groups(f[f["_primary"]])
    f["_gid"] = gid[f["_item"].to_numpy()] if len(f) else gid
    f["_gsize"] = f["_gid"].map(pd.Series(gid).value_counts()).astype(int) if len(f) else 0
    return f


def _item_groups(heads: pd.DataFrame) -> np.ndarray:
    """A group number per item: repeated items (same rule, entity, case, kind, platform) share
    one from GROUP_MIN on; the others are groups of one."""
    if heads.empty:
        return np.zeros(0, dtype=int)
    keys = heads[list(GROUP_KEY)].astype("string").fillna("")
    gid = keys.groupby(list(GROUP_KEY), sort=False).ngroup().to_numpy().copy()
    size = pd.Series(gid).map(pd.Series(gid).value_counts()).to_numpy()
    single = size < GROUP_MIN
    gid[single] = gid.max() + 1 + np.arange(single.sum())
    return pd.factorize(gid)[0]


def finding_blob(f: pd.DataFrame, labels: dict) -> dict:
    """The prepared, annotated findings as dictionary-encoded columns for report.js."""
    n = len(f)
    dicts: dict[str, list | dict[str, str]] = {}
    cols: dict[str, list] = {}
    for short, name in DICT_COLUMNS.items():
        values = f[name].astype("string").fillna("") if name in f.columns \
            else pd.Series([""] * n, dtype="string")
        codes, uniques = pd.factorize(values)
        cols[short], dicts[short] = codes.tolist(), [str(u) for u in uniques]
    refs = ["\x1f".join(map(str, listy(r))) for r in f["references"]]
    codes, uniques = pd.factorize(pd.Series(refs, dtype=object))
    cols["refs"], dicts["refs"] = codes.tolist(), [u.split("\x1f") if u else [] for u in uniques]
    source = f["source"].astype("string").fillna("")
    head = source.str.rsplit("#", n=1)
    codes, uniques = pd.factorize(head.str[0])
    cols["src"], dicts["src"] = codes.tolist(), [str(u) for u in uniques]
    cols["srci"] = head.str[1].fillna("").tolist()
    dicts["title"] = [labels.get(f"title_{r}", r) for r in dicts["rule"]]
    dicts["why"] = [labels.get(f"why_{r}", "") for r in dicts["rule"]]
    dicts["kindL"] = [labels.get(f"kind_{k}", k) for k in dicts["kind"]]
    dicts["catL"] = [labels.get(f"cat_{c}", c) for c in dicts["category"]]
    dicts["stL"] = [labels.get(f"status_{s}", s) for s in dicts["status"]]
    for short, name in (("who", "_who"), ("when", "_when"), ("act", "_action"),
                        ("acct", "_acct")):
        codes, uniques = pd.factorize(f[name].astype("string").fillna("") if n
                                      else pd.Series([], dtype="string"))
        cols[short], dicts[short] = codes.tolist(), [str(u) for u in uniques]
    ts = pd.to_datetime(f["timestamp"], utc=True)
    cols["ts"] = iso_utc(ts).tolist()
    millis = (ts.astype("int64") // 1_000_000).where(ts.notna(), None)
    cols["t"] = [None if v is None or pd.isna(v) else int(v) for v in millis.astype(object)]
    texts = f["text"].astype(object).where(f["text"].notna(), None).tolist()
    hl, ev, mods, expl, review = [], [], [], [], []
    for text, evidence, modifiers, explanation, rev, who in zip(
            texts, f["evidence"], f["modifiers"], f["explanation"], f["review"], f["_who"],
            strict=True):
        evidence = listy(evidence)
        hl.append(_utf16(text, text_spans(text, evidence)) if text else [])
        ev.append([[labels.get(f"ev_{e.get('field')}", str(e.get("field", ""))),
                    who if str(e.get("field", "")).startswith("counterpart") and who
                    else str(e.get("text", ""))] for e in evidence
                   if isinstance(e, dict) and e.get("field", "text") != "text"])
        mods.append([str(m) for m in listy(modifiers)])
        expl.append(_explanation(explanation))
        review.append([{k: str(r.get(k) or "") for k in ("status", "note", "by", "at")}
                       for r in listy(rev) if isinstance(r, dict)])
    cols.update(fp=f["fingerprint"].astype("string").fillna("").tolist(), text=texts,
                hl=hl, ev=ev, mods=mods, expl=expl, review=review,
                reason=f["_reason"].tolist(),
                url=[safe_url(u) for u in f["url"].astype(object)],
                rid=f["record_id"].astype("string").fillna("").tolist(),
                item=f["_item"].tolist(), gid=f["_gid"].tolist(), rank=f["_rank"].tolist())
    all_mods = {m for ms in mods for m in ms}
    dicts["mods"] = {m: modifier_text(m, labels) for m in sorted(all_mods)}
    return {"n": n, "dict": dicts, "c": cols}


def _explanation(value) -> dict | None:
    if not isinstance(value, dict):
        return None
    terms = [[str(t[0]), float(t[1])] for t in listy(value.get("top_terms"))
             if isinstance(t, list | tuple) and len(t) == 2]
    score = value.get("score")
    return {"model": str(value.get("model") or ""), "terms": terms,
            "score": round(float(score), 3) if isinstance(score, int | float) else None}


def safe_json(data) -> Markup:
    """JSON for a <script type="application/json"> element: '<', '>', '&' and the JavaScript
    line separators escaped, so no text in it can close the element or start markup."""
    raw = orjson.dumps(data, option=orjson.OPT_SERIALIZE_NUMPY)
    for char, esc in ((b"<", b"\\u003c"), (b">", b"\\u003e"), (b"&", b"\\u0026"),
                      ("\u2028".encode(), b"\\u2028"), ("\u2029".encode(), b"\\u2029")):
        raw = raw.replace(char, esc)
    return Markup(raw.decode("utf-8"))


def head_cards(f: pd.DataFrame, heads: pd.DataFrame, labels: dict) -> list[dict]:
    """Item cards for the overview's short lists, one per item headed by ``heads``."""
    by_item = items(f[f["_item"].isin(heads["_item"])])
    return [item_card(by_item[int(i)], labels, int(n))
            for i, n in zip(heads["_item"], heads["_gsize"], strict=True)]


# ----------------------------------------------------------------------------- context

def untimed_kinds(activity: pd.DataFrame) -> list[dict]:
    """Record kinds with rows lacking a timestamp, and how many."""
    if activity.empty:
        return []
    frame = activity.assign(missing=activity["timestamp"].isna())
    table = frame.groupby(["platform", "kind"], observed=True).agg(
        n=("missing", "size"), missing=("missing", "sum")).reset_index()
    return table[table["missing"] > 0].to_dict("records")


def coverage_summary(coverage: list[dict]) -> list[dict]:
    if not coverage:
        return []
    frame = pd.DataFrame(coverage)
    return (frame.groupby(["archive", "status"], sort=False)
            .agg(members=("member", "size"), records=("records", "sum"))
            .reset_index().to_dict("records"))


def translated_coverage(entries, labels: dict) -> list[dict]:
    """Coverage entries as dicts, each reason in the report language (``reason_en``: some of
    it had no translation and is shown as the importer wrote it)."""
    translate = ReasonTranslator(load_labels(DEFAULT_LANG), labels)
    out = []
    for e in entries:
        row = e.to_dict()
        said = translate(row["reason"])
        out.append({**row, "reason": said.text, "reason_en": said.english})
    return out


def context(result, options: ReportOptions, labels: dict) -> dict:
    """Everything the template shows."""
    catalog = result.catalog or {}
    profile = result.profile
    f = annotate(prepare(result.findings), profile, labels, catalog)
    tz = profile.tz
    start, end = result.period
    coverage = translated_coverage(result.coverage, labels)
    kinds = (result.activity.groupby(["platform", "kind"], observed=True).size()
             .reset_index(name="n").to_dict("records"))
    heads = f[f["_primary"]]
    open_heads = heads[heads["status"] == "open"].drop_duplicates("_gid")
    changed = f[f["change"].isin(["new", "reappeared"])]
    changed_heads = heads[heads["_item"].isin(changed["_item"])].drop_duplicates("_gid")
    sections, hidden = print_sections(f, profile, labels, options.html_max_findings)
    inter = interactions(result)
    filters = {name: sorted(v for v in f[col].astype("string").fillna("").unique() if v)
               for name, col in (("category", "category"), ("platform", "platform"),
                                 ("case", "case_id"), ("status", "status"),
                                 ("change", "change"))}
    filters["severity"] = [s for s in SEVERITY_ORDER if (f["severity"] == s).any()]
    undated = int(f["timestamp"].isna().sum()) if len(f) else 0
    category_names = {k[4:]: v for k, v in labels.items() if k.startswith("cat_")}
    return {
        "L": labels, "lang": labels["lang"],
        "tool": {"name": TOOL_NAME, "version": __version__},
        "csp": Markup(CSP),  # our constant; quotes must stay literal in the meta tag
        "profile": result.profile, "subject": result.profile.subject,
        "policy": result.profile.policy,
        "generated_at": local(result.generated_at, tz),
        "period": (local(start, tz, "%Y-%m-%d"), local(end, tz, "%Y-%m-%d")),
        "zone": zone_line(tz, start, end), "n_items": len(heads),
        "paper": Markup(paper_size(profile.subject.jurisdiction)),
        "running_header": Markup(css_string(f"{labels['title']}: {profile.subject.name}")),
        "archives": result.archives,
        # platforms of the records (an Instagram export also holds Threads), not importers
        "platforms": sorted(set(result.activity["platform"].dropna().astype(str))
                            | {p for a in result.archives for p in a.platforms}),
        "summary": summary(result.findings), "severities": SEVERITY_ORDER,
        "top": head_cards(f, open_heads.head(TOP_SEVERE), labels),
        "changed": len(changed),
        "changed_top": head_cards(f, changed_heads.head(TOP_SEVERE), labels),
        "next_steps": next_steps(result.findings, profile, catalog, labels),
        "chart": monthly_chart(result.findings, labels["timeline"], names=category_names),
        "undated": undated,
        "chart_narrow": monthly_chart(result.findings, labels["timeline"], width=420,
                                      height=280, names=category_names),
        "cases": case_views(result, labels, inter),
        "relationships": relationships(result, inter),
        "sections": sections, "hidden": hidden, "total": len(f),
        "rule_actions": list(dict.fromkeys(zip(f["_title"], f["rule"].astype(str),
                                               f["_action"], strict=True))),
        "filters": filters,
        "blob": safe_json({"labels": {k: labels[k] for k in JS_LABELS},
                           "findings": finding_blob(f, labels)}),
        "covered": kinds, "untimed": untimed_kinds(result.activity),
        "rules_not_run": [(rule, not_run_text(why, labels))
                          for rule, why in result.rules_not_run],
        "failures": failure_lines(getattr(result, "failures", [])),
        "classifiers_off": [shown["reason"] for e, shown in zip(result.coverage, coverage,
                                                                 strict=True)
                            if NOT_RUN_MARK in e.reason],
        "coverage": coverage[:options.html_max_coverage],
        "coverage_hidden": max(0, len(coverage) - options.html_max_coverage),
        "coverage_summary": coverage_summary(coverage),
        "coverage_problems": sum(1 for e in coverage if e["status"] in ("failed",
                                                                         "unrecognized")),
        "fail_on": options.fail_on,
    }


def environment(template_dir: Path | None = None) -> Environment:
    """Templates from the office's folder first, then the defaults in reports/templates/."""
    loaders = [FileSystemLoader(TEMPLATES)]
    if template_dir is not None:
        if not Path(template_dir).is_dir():
            raise AuditInputError(f"--template-dir {template_dir}: not a folder")
        loaders.insert(0, FileSystemLoader(template_dir))
    loader = ChoiceLoader(loaders)
    env = Environment(loader=loader,
                      autoescape=select_autoescape(default=True, default_for_string=True),
                      trim_blocks=True, lstrip_blocks=True, extensions=["jinja2.ext.do"])
    # Our own (or the office's) stylesheet and script, inlined: trusted files, never user text.
    env.globals["inline_css"] = Markup(loader.get_source(env, "report.css")[0])
    env.globals["inline_js"] = Markup(loader.get_source(env, "report.js")[0])
    env.filters["fmt"] = lambda template, **kw: str(template).format(**kw)
    env.filters["say"] = say
    env.globals["handle"] = handle_text
    return env


def render(result, options: ReportOptions | None = None) -> str:
    options = options or ReportOptions()
    template_dir = Path(options.template_dir) if options.template_dir else None
    env = environment(template_dir)
    labels = load_labels(choose_language(options, result.profile), template_dir)
    return env.get_template("report.html.j2").render(**context(result, options, labels))


FILENAME = "report.html"


@writer("html", order=30, filename=FILENAME)
def write_html(out_dir: Path, result, options: ReportOptions) -> Path:
    path = out_dir / FILENAME
    with atomic_writer(path) as stream:
        stream.write(render(result, options).encode("utf-8"))
    return path
