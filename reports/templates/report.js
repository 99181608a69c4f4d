// The interactive findings list: filter, search, sort and page through every finding, drawn
// from the inline JSON blob. Archive text is only ever set through textContent.
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  var node = document.getElementById("report-data");
  var list = document.getElementById("finding-list");
  if (!node || !list) { return; }
  var data = JSON.parse(node.textContent);
  var L = data.labels, F = data.findings, D = F.dict, C = F.c, N = F.n;
  var PAGE = 200, MEMBERS = 200;
  var status = document.getElementById("f-summary");
  var more = document.getElementById("f-more");
  var search = document.getElementById("f-search");
  var sortSel = document.getElementById("f-sort");
  var selects = Array.prototype.slice.call(document.querySelectorAll("select[data-filter]"));
  var groups = [], shown = 0, hay = null;
  var ROWS = {};  // item -> its findings, most severe first
  for (var r = 0; r < N; r++) { (ROWS[C.item[r]] = ROWS[C.item[r]] || []).push(r); }

  function fmt(s, o) {
    return String(s).replace(/\{(\w+)\}/g, function (_, k) { return o[k] == null ? "" : String(o[k]); });
  }
  function num(n) { return Number(n).toLocaleString(); }
  function say(key, n) { return fmt(n === 1 && L[key + "_one"] ? L[key + "_one"] : L[key], {n: num(n)}); }
  // Accent- and case-insensitive: "caffe" finds "Caffè".
  function fold(s) { return String(s).normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase(); }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text != null) { e.textContent = text; }
    return e;
  }
  function val(col, i) { return D[col][C[col][i]]; }
  function haystack() {
    if (hay) { return hay; }
    hay = new Array(N);
    for (var i = 0; i < N; i++) {
      hay[i] = fold([C.text[i] || "", C.reason[i], val("entity", i), val("cp", i), val("who", i),
        val("rule", i), D.title[C.rule[i]], C.fp[i], val("case", i), C.rid[i]].join("\n"));
    }
    return hay;
  }

  function apply() {
    var want = [];
    selects.forEach(function (s) {
      if (s.value) { want.push([s.getAttribute("data-filter"), D[s.getAttribute("data-filter")].indexOf(s.value)]); }
    });
    var q = fold(search.value.trim());
    var h = q ? haystack() : null;
    var idx = [];
    outer: for (var i = 0; i < N; i++) {
      for (var w = 0; w < want.length; w++) { if (C[want[w][0]][i] !== want[w][1]) { continue outer; } }
      if (h && h[i].indexOf(q) < 0) { continue; }
      idx.push(i);
    }
    var how = sortSel.value;
    if (how !== "severity") {
      var sign = how === "newest" ? -1 : 1;
      idx.sort(function (a, b) {
        var ta = C.t[a], tb = C.t[b];
        if (ta == null || tb == null) { return ta == null ? (tb == null ? a - b : 1) : -1; }
        return sign * (ta - tb) || a - b;
      });
    }
    // One card per item (its findings all shown); repeated items fold into one group card.
    var at = {}, seen = {}, nItems = 0;
    groups = [];
    for (var k = 0; k < idx.length; k++) {
      var it = C.item[idx[k]];
      if (seen[it]) { continue; }
      seen[it] = true;
      nItems++;
      var g = C.gid[idx[k]];
      if (at[g] === undefined) { at[g] = groups.length; groups.push([it]); } else { groups[at[g]].push(it); }
    }
    list.textContent = "";
    shown = 0;
    draw([nItems, idx.length]);
    saveState();
  }

  function draw(matching) {
    var frag = document.createDocumentFragment();
    var stop = Math.min(groups.length, shown + PAGE);
    for (; shown < stop; shown++) { frag.appendChild(card(groups[shown][0], groups[shown])); }
    list.appendChild(frag);
    if (matching != null) { list.setAttribute("data-matching", matching.join(" ")); }
    var m = list.getAttribute("data-matching").split(" ").map(Number);
    status.textContent = groups.length ? fmt(L.showing, {shown: num(shown), cards: say("showing_cards", groups.length),
      items: say("n_items", m[0]), findings: say("n_findings", m[1]), total: num(N)}) : L.no_match;
    more.hidden = shown >= groups.length;
  }

  function badge(cls, text) { return el("span", cls, text); }

  function textWithMarks(text, spans) {
    var q = el("blockquote", "text"), pos = 0;
    for (var s = 0; s < spans.length; s++) {
      if (spans[s][0] > pos) { q.appendChild(document.createTextNode(text.slice(pos, spans[s][0]))); }
      q.appendChild(el("mark", null, text.slice(spans[s][0], spans[s][1])));
      pos = spans[s][1];
    }
    if (pos < text.length) { q.appendChild(document.createTextNode(text.slice(pos))); }
    return q;
  }

  // The evidence spans of every finding on one item, sorted and merged.
  function itemSpans(rows) {
    var all = [];
    rows.forEach(function (j) { all = all.concat(C.hl[j]); });
    all.sort(function (x, y) { return x[0] - y[0] || x[1] - y[1]; });
    var out = [];
    all.forEach(function (sp) {
      var last = out[out.length - 1];
      if (last && sp[0] <= last[1]) { last[1] = Math.max(last[1], sp[1]); } else { out.push([sp[0], sp[1]]); }
    });
    return out;
  }

  function field(dl, term, value) {
    dl.appendChild(el("dt", null, term));
    var dd = el("dd");
    if (value instanceof Node) { dd.appendChild(value); } else { dd.textContent = value; }
    dl.appendChild(dd);
    return dd;
  }

  function copyButton(fp) {
    var b = el("button", "copy", L.copy);
    b.type = "button";
    b.setAttribute("aria-label", L.copy + " " + L.fingerprint);
    b.addEventListener("click", function () {
      var done = function () { b.textContent = L.copied; };
      var fallback = function () {
        var range = document.createRange();
        range.selectNodeContents(b.previousSibling);
        var sel = window.getSelection();
        sel.removeAllRanges();
        sel.addRange(range);
        try { document.execCommand("copy"); done(); } catch (e) { /* the text stays selected */ }
      };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(fp).then(done, fallback);
      } else { fallback(); }
    });
    return b;
  }

  function ruleLine(i, cls) {
    var p = el("p", cls);
    var sev = val("severity", i);
    p.appendChild(badge("sev sev-" + sev, L["sev_" + sev] || sev));
    p.appendChild(document.createTextNode(" "));
    p.appendChild(el("strong", null, D.title[C.rule[i]]));
    p.appendChild(document.createTextNode(" "));
    p.appendChild(badge("rule-id", val("rule", i)));
    p.appendChild(document.createTextNode(" — " + C.reason[i]));
    return p;
  }

  function findingFields(dl, i, several) {
    var sev = val("severity", i);
    var mods = C.mods[i].map(function (m) { return m + (D.mods[m] ? " (" + D.mods[m] + ")" : ""); });
    if (several) { field(dl, L.rule, D.title[C.rule[i]] + " (" + val("rule", i) + ")").className = "sub"; }
    field(dl, L.severity, (L["sev_" + sev] || sev) + (mods.length ? " — " + L.moved_by + " " + mods.join("; ") : ""));
    if (val("entity", i)) { field(dl, L.matched, val("entity", i)); }
    field(dl, L.confidence, L["conf_" + val("conf", i)] || val("conf", i));
    if (C.ev[i].length) {
      var evd = el("span");
      C.ev[i].forEach(function (e, k) {
        if (k) { evd.appendChild(document.createTextNode("; ")); }
        evd.appendChild(document.createTextNode(e[0] + ": "));
        evd.appendChild(el("mark", null, e[1]));
      });
      field(dl, L.evidence, evd);
    }
    if (val("case", i)) {
      var win = val("win", i);
      field(dl, L.case, val("case", i) + (win ? " — " + (L["window_" + win] || win) : ""));
    }
    var x = C.expl[i];
    if (x && x.terms.length) {
      field(dl, L.classifier, x.model + (x.score != null ? " " + x.score : "") + " — " + L.top_terms + ": " +
        x.terms.map(function (t) { return t[0]; }).join(", "));
    }
    field(dl, L.to_do, val("act", i));
    var refs = D.refs[C.refs[i]];
    if (refs.length) {
      var ul = el("ul");
      refs.forEach(function (r) { ul.appendChild(el("li", null, r)); });
      field(dl, L.sources, ul);
    }
    var fpd = field(dl, L.fingerprint, el("code", "fp", C.fp[i]));
    fpd.appendChild(copyButton(C.fp[i]));
    if (C.review[i].length) {
      var ol = el("ol", "review");
      C.review[i].forEach(function (r) {
        ol.appendChild(el("li", null, r.at + " " + (L["status_" + r.status] || r.status) + (r.by ? " (" + r.by + ")" : "") + (r.note ? ": " + r.note : "")));
      });
      field(dl, L.review, ol);
    }
  }

  function details(rows) {
    var d = el("details");
    d.appendChild(el("summary", null, L.details));
    d.addEventListener("toggle", function () {
      if (!d.open || d.childNodes.length > 1) { return; }
      var dl = el("dl", "fields"), i = rows[0];
      rows.forEach(function (j) { findingFields(dl, j, rows.length > 1); });
      if (C.url[i]) {
        var a = el("a", null, L.open_item);
        a.href = C.url[i];
        a.rel = "noreferrer noopener";
        field(dl, L.item, a);
      }
      field(dl, L.record, C.rid[i] + (val("acct", i) ? " · " + L.account_id + " " + val("acct", i) : ""));
      field(dl, L.source, D.src[C.src[i]] + (C.srci[i] ? "#" + C.srci[i] : ""));
      d.appendChild(dl);
    });
    return d;
  }

  // One item: its most severe finding heads the card; other rules on it are listed below.
  function card(item, members) {
    var rows = ROWS[item], i = rows[0];
    var sev = val("severity", i), count = members ? members.length : 1;
    var a = el("article", "finding " + sev);
    a.setAttribute("data-fp", C.fp[i]);
    a.setAttribute("data-item", String(item));
    var head = el("header");
    head.appendChild(badge("sev sev-" + sev, L["sev_" + sev] || sev));
    head.appendChild(el("h4", "title", D.title[C.rule[i]]));
    var rule = badge("rule-id", val("rule", i));
    rule.title = L.rule;
    head.appendChild(rule);
    var chg = val("change", i);
    if (chg) { head.appendChild(badge("badge chg-" + chg, L["chg_" + chg] || chg)); }
    var st = val("status", i);
    if (st && st !== "open") { head.appendChild(badge("badge status", D.stL[C.status[i]])); }
    if (count > 1) { head.appendChild(badge("badge count", "×" + num(count))); }
    a.appendChild(head);
    a.appendChild(el("p", "why", D.why[C.rule[i]]));
    var meta = el("p", "meta");
    meta.appendChild(document.createTextNode(val("platform", i) + " · " + D.kindL[C.kind[i]] + " · "));
    meta.appendChild(el("span", "when", val("when", i)));
    var tail = [];
    if (val("who", i)) { tail.push(val("who", i)); }
    if (val("case", i)) { tail.push(L.case + " " + val("case", i)); }
    if (tail.length) { meta.appendChild(document.createTextNode(" · " + tail.join(" · "))); }
    a.appendChild(meta);
    if (count > 1) { a.appendChild(el("p", "group-note", say("group_of", count))); }
    a.appendChild(el("p", "reason", C.reason[i]));
    if (C.text[i]) { a.appendChild(textWithMarks(C.text[i], itemSpans(rows))); }
    if (rows.length > 1) {
      var also = el("div", "also");
      also.appendChild(el("p", "also-head", say("n_rules", rows.length) + ":"));
      rows.slice(1).forEach(function (j) { also.appendChild(ruleLine(j, "also-rule")); });
      a.appendChild(also);
    }
    a.appendChild(details(rows));
    if (count > 1) {
      var box = el("div", "members");
      box.hidden = true;
      var b = el("button", "expand", say("show_all", count - 1));
      b.type = "button";
      b.setAttribute("aria-expanded", "false");
      b.addEventListener("click", function () {
        var open = box.hidden;
        if (open && !box.childNodes.length) {
          var frag = document.createDocumentFragment();
          // The card itself shows the first item: the others follow, each once.
          members.slice(1, MEMBERS + 1).forEach(function (j) { frag.appendChild(card(j, null)); });
          box.appendChild(frag);
          if (count - 1 > MEMBERS) { box.appendChild(el("p", "muted", "… +" + num(count - 1 - MEMBERS))); }
        }
        box.hidden = !open;
        b.setAttribute("aria-expanded", open ? "true" : "false");
        b.textContent = open ? L.hide_all : say("show_all", count - 1);
      });
      a.appendChild(b);
      a.appendChild(box);
    }
    return a;
  }

  // Filter state lives in the URL fragment (#f=severity:critical&q=...), so a reload keeps it.
  function saveState() {
    var parts = [];
    selects.forEach(function (s) { if (s.value) { parts.push(encodeURIComponent(s.getAttribute("data-filter")) + "=" + encodeURIComponent(s.value)); } });
    if (search.value.trim()) { parts.push("q=" + encodeURIComponent(search.value.trim())); }
    if (sortSel.value !== "severity") { parts.push("sort=" + encodeURIComponent(sortSel.value)); }
    var hash = parts.length ? "#findings?" + parts.join("&") : "";
    if (hash !== location.hash && (hash || location.hash.indexOf("#findings?") === 0)) {
      history.replaceState(null, "", hash || location.pathname + location.search);
    }
  }
  function loadState() {
    var at = location.hash.indexOf("#findings?");
    if (at !== 0) { return; }
    location.hash.slice(10).split("&").forEach(function (pair) {
      var kv = pair.split("="), k = decodeURIComponent(kv[0] || ""), v = decodeURIComponent(kv[1] || "");
      if (k === "q") { search.value = v; } else if (k === "sort") { sortSel.value = v; } else {
        selects.forEach(function (s) { if (s.getAttribute("data-filter") === k) { s.value = v; } });
      }
    });
  }

  // "(+N)" after a list of examples shows the rest (print shows them all).
  Array.prototype.forEach.call(document.querySelectorAll("button.more-toggle"), function (b) {
    b.addEventListener("click", function () {
      var open = b.getAttribute("aria-expanded") !== "true";
      b.setAttribute("aria-expanded", open ? "true" : "false");
      b.parentNode.classList.toggle("expanded", open);
    });
  });

  var timer = null;
  search.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(apply, 150); });
  selects.concat([sortSel]).forEach(function (s) { s.addEventListener("change", apply); });
  more.addEventListener("click", function () { draw(null); });
  document.getElementById("f-reset").addEventListener("click", function () {
    selects.forEach(function (s) { s.value = ""; });
    search.value = "";
    sortSel.value = "severity";
    apply();
  });
  loadState();
  apply();
})();
