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

  function fmt(s, o) {
    return String(s).replace(/\{(\w+)\}/g, function (_, k) { return o[k] == null ? "" : String(o[k]); });
  }
  function num(n) { return Number(n).toLocaleString(); }
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
      hay[i] = [C.text[i] || "", C.reason[i], val("entity", i), val("cp", i), val("rule", i),
        C.fp[i], val("case", i), C.rid[i]].join("\n").toLowerCase();
    }
    return hay;
  }

  function apply() {
    var want = [];
    selects.forEach(function (s) {
      if (s.value) { want.push([s.getAttribute("data-filter"), D[s.getAttribute("data-filter")].indexOf(s.value)]); }
    });
    var q = search.value.trim().toLowerCase();
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
    var at = {};
    groups = [];
    for (var k = 0; k < idx.length; k++) {
      var g = C.gid[idx[k]];
      if (at[g] === undefined) { at[g] = groups.length; groups.push([idx[k]]); } else { groups[at[g]].push(idx[k]); }
    }
    list.textContent = "";
    shown = 0;
    draw(idx.length);
  }

  function draw(matching) {
    var frag = document.createDocumentFragment();
    var stop = Math.min(groups.length, shown + PAGE);
    for (; shown < stop; shown++) { frag.appendChild(card(groups[shown][0], groups[shown])); }
    list.appendChild(frag);
    if (matching != null) { list.setAttribute("data-matching", String(matching)); }
    matching = Number(list.getAttribute("data-matching"));
    status.textContent = groups.length ? fmt(L.showing, {shown: num(shown), groups: num(groups.length),
      findings: num(matching), total: num(N)}) : L.no_match;
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

  function details(i) {
    var d = el("details");
    d.appendChild(el("summary", null, L.details));
    d.addEventListener("toggle", function () {
      if (!d.open || d.childNodes.length > 1) { return; }
      var dl = el("dl", "fields");
      var sev = val("severity", i);
      var mods = C.mods[i].map(function (m) { return m + (D.mods[m] ? " (" + D.mods[m] + ")" : ""); });
      field(dl, L.rule, val("rule", i) + (D.title[C.rule[i]] ? " — " + D.title[C.rule[i]] : ""));
      field(dl, L.severity, (L["sev_" + sev] || sev) + (mods.length ? " — " + L.moved_by + " " + mods.join("; ") : ""));
      if (val("entity", i)) { field(dl, L.matched, val("entity", i)); }
      field(dl, L.confidence, val("conf", i));
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
      field(dl, L.to_do, val("action", i));
      var refs = D.refs[C.refs[i]];
      if (refs.length) {
        var ul = el("ul");
        refs.forEach(function (r) { ul.appendChild(el("li", null, r)); });
        field(dl, L.sources, ul);
      }
      if (C.url[i]) {
        var a = el("a", null, L.open_item);
        a.href = C.url[i];
        a.rel = "noreferrer noopener";
        field(dl, L.item, a);
      }
      field(dl, L.record, C.rid[i]);
      field(dl, L.source, D.src[C.src[i]] + (C.srci[i] ? "#" + C.srci[i] : ""));
      var fpd = field(dl, L.fingerprint, el("code", "fp", C.fp[i]));
      fpd.appendChild(copyButton(C.fp[i]));
      if (C.review[i].length) {
        var ol = el("ol", "review");
        C.review[i].forEach(function (r) {
          ol.appendChild(el("li", null, r.at + " " + r.status + (r.by ? " (" + r.by + ")" : "") + (r.note ? ": " + r.note : "")));
        });
        field(dl, L.review, ol);
      }
      d.appendChild(dl);
    });
    return d;
  }

  function card(i, members) {
    var sev = val("severity", i), count = members ? members.length : 1;
    var a = el("article", "finding " + sev);
    a.setAttribute("data-fp", C.fp[i]);
    var head = el("header");
    head.appendChild(badge("sev sev-" + sev, L["sev_" + sev] || sev));
    var rule = badge("rule", val("rule", i));
    rule.title = D.title[C.rule[i]] || "";
    head.appendChild(rule);
    var chg = val("change", i);
    if (chg) { head.appendChild(badge("badge chg-" + chg, L["chg_" + chg] || chg)); }
    var st = val("status", i);
    if (st && st !== "open") { head.appendChild(badge("badge status", st)); }
    if (count > 1) { head.appendChild(badge("badge count", "×" + num(count))); }
    var meta = [val("platform", i), val("kind", i), C.ts[i] || L.undated];
    if (val("cp", i)) { meta.push(val("cp", i)); }
    if (val("case", i)) { meta.push(L.case + " " + val("case", i)); }
    head.appendChild(badge("meta", meta.join(" · ")));
    a.appendChild(head);
    if (count > 1) {
      var times = members.map(function (j) { return C.ts[j]; }).filter(Boolean).sort();
      a.appendChild(el("p", "group-note", fmt(L.group_of, {n: num(count)}) +
        (times.length ? ": " + times[0].slice(0, 10) + " – " + times[times.length - 1].slice(0, 10) : "")));
    }
    a.appendChild(el("p", "reason", C.reason[i]));
    if (C.text[i]) { a.appendChild(textWithMarks(C.text[i], C.hl[i])); }
    a.appendChild(details(i));
    if (count > 1) {
      var box = el("div", "members");
      box.hidden = true;
      var b = el("button", "expand", fmt(L.show_all, {n: num(count)}));
      b.type = "button";
      b.setAttribute("aria-expanded", "false");
      b.addEventListener("click", function () {
        var open = box.hidden;
        if (open && !box.childNodes.length) {
          var frag = document.createDocumentFragment();
          members.slice(0, MEMBERS).forEach(function (j) { frag.appendChild(card(j, null)); });
          box.appendChild(frag);
          if (count > MEMBERS) { box.appendChild(el("p", "muted", "… +" + num(count - MEMBERS))); }
        }
        box.hidden = !open;
        b.setAttribute("aria-expanded", open ? "true" : "false");
        b.textContent = open ? L.hide_all : fmt(L.show_all, {n: num(count)});
      });
      a.appendChild(b);
      a.appendChild(box);
    }
    return a;
  }

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
  apply();
})();
