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

import numpy as np
import orjson
import pandas as pd
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from presence_audit import __version__
from presence_audit.errors import AuditInputError
from presence_audit.failures import lines as failure_lines
from presence_audit.outputs import TOOL_NAME, atomic_writer
from presence_audit.reports import ReportOptions, writer
from presence_audit.reports.charts import monthly_chart
from presence_audit.reports.views import case_views, interactions, next_steps, relationships
from presence_audit.severity import MODIFIERS
from presence_audit.summary import SEVERITY_ORDER, iso_one, iso_utc, summary

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
                "status": "status", "change": "change", "action": "action",
                "cp": "counterpart", "conf": "confidence", "win": "in_open_window",
                "basis": "time_basis"}
JS_LABELS = ("all", "rule", "severity", "showing", "show_more", "no_match", "group_of",
             "show_all", "hide_all",
             "details", "moved_by", "confidence", "matched", "evidence", "classifier",
             "top_terms", "to_do", "sources", "item", "open_item", "record", "source",
             "fingerprint", "copy", "copied", "review", "case", "undated", "window_yes",
             "window_possible", "window_no", "chg_new", "chg_unchanged", "chg_reappeared",
             "chg_resolved", "sev_critical", "sev_high", "sev_medium", "sev_low", "sev_info")


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


def choose_language(options: ReportOptions, profile) -> str:
    """--lang wins over the profile's [report] lang; English otherwise."""
    return options.lang or getattr(profile, "report_lang", None) or DEFAULT_LANG


# ----------------------------------------------------------------------------- evidence

def highlight(text: str | None, evidence: list) -> list[tuple[str, bool]]:
    """Cut ``text`` into (segment, marked) pieces along the evidence spans on ``text``."""
    if not text:
        return []
    pieces: list[tuple[str, bool]] = []
    pos = 0
    for start, end in text_spans(text, evidence):
        if start > pos:
            pieces.append((text[pos:start], False))
        pieces.append((text[start:end], True))
        pos = end
    if pos < len(text):
        pieces.append((text[pos:], False))
    return pieces


def text_spans(text: str, evidence) -> list[tuple[int, int]]:
    """Sorted, non-overlapping (start, end) code-point spans of the evidence on ``text``."""
    spans: list[tuple[int, int]] = []
    for ev in evidence if isinstance(evidence, list | tuple | np.ndarray) else []:
        if not isinstance(ev, dict) or ev.get("field", "text") != "text":
            continue
        try:
            start, end = int(ev["start"]), int(ev["end"])
        except (KeyError, TypeError, ValueError):
            continue
        want = ev.get("text")
        if not (0 <= start < end <= len(text)) or (want and text[start:end] != want):
            # Spans from a normalized copy may be shifted: fall back to the quoted words.
            found = text.find(want) if want else -1
            if found < 0:
                continue
            start, end = found, found + len(want)
        spans.append((start, end))
    out: list[tuple[int, int]] = []
    pos = 0
    for start, end in sorted(spans):
        start = max(start, pos)
        if end > start:  # an overlap with an earlier span is merged into it
            out.append((start, end))
            pos = end
    return out


def _utf16(text: str, spans: list[tuple[int, int]]) -> list[list[int]]:
    """Code-point spans as UTF-16 offsets, which JavaScript strings index by."""
    if text.isascii():
        return [[s, e] for s, e in spans]
    def at(i: int) -> int:
        return len(text[:i].encode("utf-16-le")) // 2
    return [[at(s), at(e)] for s, e in spans]


def iso_scalar(value) -> str | None:
    """One timestamp as ISO 8601 UTC (seconds), cheaply: the print list formats thousands."""
    if value is None or pd.isna(value):
        return None
    return pd.Timestamp(value).tz_convert("UTC").strftime("%Y-%m-%dT%H:%M:%SZ")


def modifier_text(modifier: str) -> str:
    """Why a modifier moved the severity, from the severity module's table (one source)."""
    steps, why = MODIFIERS.get(modifier, (0, ""))
    return f"{why} ({steps:+d})" if why and steps else why


def _safe_url(url) -> str | None:
    return url if isinstance(url, str) and url.startswith(("https://", "http://")) else None


def _listy(v) -> list:
    return list(v) if isinstance(v, list | tuple | np.ndarray) else []


# ----------------------------------------------------------------------------- findings

def prepare(findings: pd.DataFrame) -> pd.DataFrame:
    """Findings most severe first (then oldest), with the history columns defaulted, a group
    id per (rule, entity, case, kind, platform) and the group's size."""
    f = findings.reset_index(drop=True).copy()
    if "change" not in f.columns:
        f["change"] = ""
    if "review" not in f.columns:
        f["review"] = [[] for _ in range(len(f))]
    f["change"] = f["change"].astype("string").fillna("")
    f["_rank"] = f["severity"].map(SEVERITY_RANK).fillna(len(SEVERITY_RANK)).astype(int)
    f = f.sort_values(["_rank", "timestamp"], kind="stable", na_position="last")
    f = f.reset_index(drop=True)
    keys = f[list(GROUP_KEY)].astype("string").fillna("")
    f["_gid"] = keys.groupby(list(GROUP_KEY), sort=False).ngroup().to_numpy()
    size = f.groupby("_gid")["_gid"].transform("size")
    # Small groups stay single findings: each member becomes its own group.
    single = (size < GROUP_MIN).to_numpy()
    gid = f["_gid"].to_numpy().copy()
    gid[single] = gid.max() + 1 + np.arange(single.sum()) if len(gid) else gid[single]
    f["_gid"] = pd.factorize(gid)[0]
    f["_gsize"] = f.groupby("_gid")["_gid"].transform("size")
    return f


def finding_blob(f: pd.DataFrame, catalog: dict) -> dict:
    """The prepared findings as dictionary-encoded columns for report.js."""
    n = len(f)
    dicts: dict[str, list] = {}
    cols: dict[str, list] = {}
    for short, name in DICT_COLUMNS.items():
        values = f[name].astype("string").fillna("") if name in f.columns \
            else pd.Series([""] * n, dtype="string")
        codes, uniques = pd.factorize(values)
        cols[short], dicts[short] = codes.tolist(), [str(u) for u in uniques]
    refs = ["\x1f".join(map(str, _listy(r))) for r in f["references"]]
    codes, uniques = pd.factorize(pd.Series(refs, dtype=object))
    cols["refs"], dicts["refs"] = codes.tolist(), [u.split("\x1f") if u else [] for u in uniques]
    source = f["source"].astype("string").fillna("")
    head = source.str.rsplit("#", n=1)
    codes, uniques = pd.factorize(head.str[0])
    cols["src"], dicts["src"] = codes.tolist(), [str(u) for u in uniques]
    cols["srci"] = head.str[1].fillna("").tolist()
    dicts["title"] = [getattr(catalog.get(r), "title", "") for r in dicts["rule"]]
    ts = pd.to_datetime(f["timestamp"], utc=True)
    cols["ts"] = iso_utc(ts).tolist()
    millis = (ts.astype("int64") // 1_000_000).where(ts.notna(), None)
    cols["t"] = [None if v is None or pd.isna(v) else int(v) for v in millis.astype(object)]
    texts = f["text"].astype(object).where(f["text"].notna(), None).tolist()
    hl, ev, mods, expl, review = [], [], [], [], []
    for text, evidence, modifiers, explanation, rev in zip(
            texts, f["evidence"], f["modifiers"], f["explanation"], f["review"], strict=True):
        evidence = _listy(evidence)
        hl.append(_utf16(text, text_spans(text, evidence)) if text else [])
        ev.append([[str(e.get("field", "")), str(e.get("text", ""))] for e in evidence
                   if isinstance(e, dict) and e.get("field", "text") != "text"])
        mods.append([str(m) for m in _listy(modifiers)])
        expl.append(_explanation(explanation))
        review.append([{k: str(r.get(k) or "") for k in ("status", "note", "by", "at")}
                       for r in _listy(rev) if isinstance(r, dict)])
    cols.update(fp=f["fingerprint"].astype("string").fillna("").tolist(), text=texts,
                hl=hl, ev=ev, mods=mods, expl=expl, review=review,
                reason=f["reason"].astype("string").fillna("").tolist(),
                url=[_safe_url(u) for u in f["url"].astype(object)],
                rid=f["record_id"].astype("string").fillna("").tolist(),
                gid=f["_gid"].tolist(), rank=f["_rank"].tolist())
    all_mods = {m for ms in mods for m in ms}
    dicts["mods"] = {m: modifier_text(m) for m in sorted(all_mods)}
    return {"n": n, "dict": dicts, "c": cols}


def _explanation(value) -> dict | None:
    if not isinstance(value, dict):
        return None
    terms = [[str(t[0]), float(t[1])] for t in _listy(value.get("top_terms"))
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


def card(row: dict, labels: dict) -> dict:
    """One finding (a group's first member) as the template's print/overview card."""
    text = row.get("text")
    text = None if text is None or (not isinstance(text, str) and pd.isna(text)) else text
    evidence = _listy(row.get("evidence"))
    ts = row.get("timestamp")
    return {
        **{k: (None if not isinstance(v, list | tuple | dict | np.ndarray) and pd.isna(v) else v)
           for k, v in row.items() if not k.startswith("_") and k not in ("evidence", "review")},
        "segments": highlight(text, evidence),
        "other_evidence": [e for e in evidence if isinstance(e, dict)
                           and e.get("field", "text") != "text"],
        "modifiers": [(m, modifier_text(m)) for m in _listy(row.get("modifiers"))],
        "references": _listy(row.get("references")),
        "review": [r for r in _listy(row.get("review")) if isinstance(r, dict)],
        "when": iso_scalar(ts), "url": _safe_url(row.get("url")),
        "window_text": labels.get(f"window_{row.get('in_open_window')}", ""),
        "count": int(row.get("_gsize", 1)),
    }


def group_cards(f: pd.DataFrame, profile, labels: dict, cap: int) -> tuple[list[dict], int]:
    """Print list: one card per group, grouped by case (case-list order) then category;
    returns the sections and the number of findings left out by ``cap``."""
    if f.empty:
        return [], 0
    first = f.drop_duplicates("_gid")
    bounds = f.groupby("_gid")["timestamp"].agg(["min", "max"])
    shown = first.head(cap)
    hidden = int(len(f) - shown["_gsize"].sum())
    order = {c.case_id: i for i, c in enumerate(profile.cases)}
    captions = {c.case_id: c.caption for c in profile.cases}
    case = shown["case_id"].astype("string").fillna("")
    shown = shown.assign(_case=case, _corder=case.map(order).fillna(len(order)))
    shown = shown.sort_values(["_corder", "_case", "category", "_rank"], kind="stable")
    sections: list[dict] = []
    for (case_id, category), part in shown.groupby(["_case", "category"], sort=False):
        title = (f"{labels['case']} {case_id}" + (f" — {captions[case_id]}"
                                                  if case_id in captions else "")
                 ) if case_id else labels["not_tied"]
        cards = []
        for row in part.to_dict("records"):
            c = card(row, labels)
            lo, hi = bounds.loc[row["_gid"]]
            c["first"], c["last"] = iso_scalar(lo), iso_scalar(hi)
            cards.append(c)
        sections.append({"title": title, "category": category, "cards": cards,
                         "n": int(part["_gsize"].sum())})
    return sections, hidden


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


def context(result, options: ReportOptions, labels: dict) -> dict:
    """Everything the template shows."""
    f = prepare(result.findings)
    start, end = result.period
    coverage = [e.to_dict() for e in result.coverage]
    kinds = (result.activity.groupby(["platform", "kind"], observed=True).size()
             .reset_index(name="n").to_dict("records"))
    catalog = result.catalog or {}
    open_f = f[f["status"] == "open"]
    top = [card(r, labels) for r in open_f.drop_duplicates("_gid").head(TOP_SEVERE)
           .to_dict("records")]
    changed = f[f["change"].isin(["new", "reappeared"])]
    sections, hidden = group_cards(f, result.profile, labels, options.html_max_findings)
    inter = interactions(result)
    filters = {name: sorted(v for v in f[col].astype("string").fillna("").unique() if v)
               for name, col in (("category", "category"), ("platform", "platform"),
                                 ("case", "case_id"), ("status", "status"),
                                 ("change", "change"))}
    filters["severity"] = [s for s in SEVERITY_ORDER if (f["severity"] == s).any()]
    undated = int(f["timestamp"].isna().sum()) if len(f) else 0
    return {
        "L": labels, "lang": labels["lang"],
        "tool": {"name": TOOL_NAME, "version": __version__},
        "csp": Markup(CSP),  # our constant; quotes must stay literal in the meta tag
        "profile": result.profile, "subject": result.profile.subject,
        "policy": getattr(result.profile, "policy", None),
        "generated_at": iso_one(result.generated_at),
        "period": (iso_one(start), iso_one(end)),
        "archives": result.archives,
        # platforms of the records (an Instagram export also holds Threads), not importers
        "platforms": sorted(set(result.activity["platform"].dropna().astype(str))
                            | {p for a in result.archives for p in a.platforms}),
        "summary": summary(result.findings), "severities": SEVERITY_ORDER,
        "top": top, "changed": len(changed),
        "changed_top": [card(r, labels) for r in changed.drop_duplicates("_gid").head(TOP_SEVERE)
                        .to_dict("records")],
        "next_steps": next_steps(result.findings, result.profile, catalog),
        "chart": monthly_chart(result.findings, labels["timeline"]), "undated": undated,
        "cases": case_views(result, labels, inter),
        "relationships": relationships(result, inter),
        "sections": sections, "hidden": hidden, "total": len(f),
        "filters": filters,
        "blob": safe_json({"labels": {k: labels[k] for k in JS_LABELS},
                           "findings": finding_blob(f, catalog)}),
        "covered": kinds, "untimed": untimed_kinds(result.activity),
        "rules_not_run": result.rules_not_run,
        "failures": failure_lines(getattr(result, "failures", [])),
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
    env = Environment(loader=ChoiceLoader(loaders),
                      autoescape=select_autoescape(default=True, default_for_string=True),
                      trim_blocks=True, lstrip_blocks=True)
    # Our own (or the office's) stylesheet and script, inlined: trusted files, never user text.
    env.globals["inline_css"] = Markup(env.loader.get_source(env, "report.css")[0])
    env.globals["inline_js"] = Markup(env.loader.get_source(env, "report.js")[0])
    env.filters["fmt"] = lambda template, **kw: str(template).format(**kw)
    return env


def render(result, options: ReportOptions | None = None) -> str:
    options = options or ReportOptions()
    template_dir = Path(options.template_dir) if options.template_dir else None
    env = environment(template_dir)
    labels = load_labels(choose_language(options, result.profile), template_dir)
    return env.get_template("report.html.j2").render(**context(result, options, labels))


@writer("html", order=30)
def write_html(out_dir: Path, result, options: ReportOptions) -> Path:
    path = out_dir / "report.html"
    with atomic_writer(path) as stream:
        stream.write(render(result, options).encode("utf-8"))
    return path
