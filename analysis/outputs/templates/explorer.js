"use strict";
// The explorer's script: plain JavaScript, no library. The search language is measure/concordance/search.py's,
// written again here (tests check that both count the same matches).
const DATA = JSON.parse(document.getElementById("data").textContent);
let LANG = document.documentElement.lang;
const W = (key) => (DATA.words[LANG][key] !== undefined ? DATA.words[LANG][key] : key);
const $ = (id) => document.getElementById(id);
const esc = (s) => s.replace(/[&<>"]/g, (c) => ({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}[c]));
const fmt = (x, d = 0) => x.toLocaleString(LANG === "vi" ? "vi-VN" : "en-GB", {minimumFractionDigits: d, maximumFractionDigits: d});

// --- plan texts, decoded when first needed --------------------------------------------
const texts = new Map();
function textOf(plan) {
  if (!texts.has(plan.id)) {
    const bytes = Uint8Array.from(atob(plan.z), (c) => c.charCodeAt(0));
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    texts.set(plan.id, new Response(stream).text());
  }
  return texts.get(plan.id);
}

// --- the search language (measure/search.py) ------------------------------------------
const TONES = new Set(["\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]);
const MARKED = "ăâêôơư", VOWELS = "aăâeêioôơuưy", WORD = "[\\p{L}\\p{N}_]";
function stripTones(s) {
  return s.replace(/[^\u0000-\u007f]/g, (c) => {
    if (c === "đ") return "d";
    if (c === "Đ") return "D";
    const base = c.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
    return base.length === 1 ? base : c;
  });
}
function tonePosition(base) {
  const lower = base.toLowerCase();
  if (lower.length !== base.length) return null;
  let pos = [...lower].map((c, i) => (VOWELS.includes(c) ? i : -1)).filter((i) => i >= 0);
  if (!pos.length) return null;
  if ((lower.startsWith("qu") || lower.startsWith("gi")) && pos.length > 1 && pos[0] === 1) pos = pos.slice(1);
  if (pos.length > 3 || pos.some((p, k) => p !== pos[0] + k)) return null;
  const marked = pos.filter((i) => MARKED.includes(lower[i]));
  if (marked.length) return marked[marked.length - 1];
  if (pos[pos.length - 1] + 1 < lower.length) return pos[pos.length - 1];
  return pos.length === 3 ? pos[1] : pos[0];
}
function normalizeSyllable(s) {
  const d = [...s.normalize("NFD")];
  const tones = d.filter((c) => TONES.has(c));
  if (tones.length !== 1) return s;
  const base = d.filter((c) => !TONES.has(c)).join("").normalize("NFC");
  const p = tonePosition(base);
  return p === null ? s : base.slice(0, p) + (base[p] + tones[0]).normalize("NFC") + base.slice(p + 1);
}
const normalizeTones = (t) => t.replace(/(?:\p{L}\p{M}*)+/gu, normalizeSyllable);
const reEscape = (s) => s.replace(/[.*+?^${}()|[\]\\\/-]/g, "\\$&");
function syllable(t) {
  if (t === "*") return WORD + "+";
  return t.endsWith("*") ? reEscape(t.slice(0, -1)) + WORD + "*" : reEscape(t);
}
function parseQuery(q) {
  // Refusals and the untoned suggestion as in search.py's parse_query and Query.untoned.
  const insensitive = stripTones(q) === q;
  const alts = q.split("|").map((p) => normalizeTones(p.replace(/_/g, " ")).split(/\s+/).filter(Boolean));
  if (!alts.some((a) => a.length)) return {error: "empty_query"};
  if (!alts.every((a) => a.length)) return {error: "empty_alternative"};
  if (alts.some((a) => a.every((s) => s === "*"))) return {error: "star_only"};
  const bodies = alts.map((a) => a.map((s) => syllable(insensitive ? stripTones(s) : s)).join("[\\s_]+"));
  const re = new RegExp(`(?<!${WORD})(?:${bodies.map((b) => `(?:${b})`).join("|")})(?!${WORD})`, "giu");
  return {re, insensitive, text: q.trim(), untoned: insensitive ? null : stripTones(q).trim()};
}
function matches(query, text) {
  const hay = query.insensitive ? stripTones(text) : text;
  return [...hay.matchAll(query.re)].map((m) => [m.index, m.index + m[0].length]);
}
// Whether a match starting at ``at`` is in the plan's body: its segment is the last one starting
// at or before it, as kwic.py finds it; rates count only these, as themes count body words.
function inBody(plan, at) {
  let found = plan.segments.length ? plan.segments[0] : null;
  for (const seg of plan.segments) { if (seg[0] <= at) found = seg; else break; }
  return found !== null && found[5] === 1;
}

// --- filters ------------------------------------------------------------------------
const FILTERS = ["province", "year", "doc_type", "resolution"];
function fillFilters() {
  for (const key of FILTERS) {
    const values = [...new Set(DATA.plans.map((p) => p[key]).filter((v) => v !== null && v !== ""))].sort();
    $("f-" + key).innerHTML = `<option value="">${esc(W("all"))}</option>` +
      values.map((v) => `<option>${esc(String(v))}</option>`).join("");
  }
}
const chosenPlans = () => DATA.plans.filter((p) => FILTERS.every((k) => !$("f-" + k).value || String(p[k]) === $("f-" + k).value));

// --- search -------------------------------------------------------------------------
let lastResult = null;
async function runSearch() {
  const query = parseQuery($("q").value);
  if (query.error) { $("results").innerHTML = `<p id="refused" class="note">${esc(W(query.error))}</p>`; return; }
  const result = [];
  for (const plan of chosenPlans()) {
    const text = await textOf(plan);
    const spans = matches(query, text);
    result.push({plan, text, spans, body: spans.filter(([a]) => inBody(plan, a)).length});
  }
  let untoned = null;  // nothing found as written: what the query finds without diacritics
  if (query.untoned !== null && !result.some((r) => r.spans.length)) {
    const loose = parseQuery(query.untoned);
    let n = 0;
    for (const r of result) n += matches(loose, r.text).length;
    untoned = {text: query.untoned, n};
  }
  lastResult = {query, result, untoned};
  showResult();
}
function context(text, [a, b]) {
  const left = text.slice(Math.max(0, a - 300), a).split(/\s+/).slice(-7).join(" ");
  const right = text.slice(b, b + 300).split(/\s+/).slice(0, 8).join(" ");
  return `${esc(left)} <mark>${esc(text.slice(a, b).split(/\s+/).join(" "))}</mark> ${esc(right)}`;
}
function groupTable(rows, key) {
  const groups = new Map();
  for (const r of rows) {
    const g = groups.get(r.plan[key]) || {n: 0, body: 0, words: 0, plans: 0};
    g.n += r.spans.length; g.body += r.body; g.words += r.plan.words; g.plans += 1;
    groups.set(r.plan[key], g);
  }
  // One base: the rate divides body matches by body words; matches elsewhere are shown apart.
  return `<table><tr><th>${esc(W(key))}</th><th>${esc(W("plans"))}</th><th>${esc(W("matches_body"))}</th><th>${esc(W("matches_outside"))}</th><th>${esc(W("rate"))}</th></tr>` +
    [...groups.entries()].sort((a, b) => String(a[0]).localeCompare(String(b[0]))).map(([k, g]) =>
      `<tr><td>${esc(String(k ?? ""))}</td><td class="n">${g.plans}</td><td class="n">${g.body}</td><td class="n">${g.n - g.body}</td><td class="n">${fmt(g.words ? 1000 * g.body / g.words : 0, 2)}</td></tr>`).join("") + "</table>";
}
function xray(r) {
  const ticks = r.spans.map(([a]) => `<line x1="${(100 * a / r.text.length).toFixed(2)}%" x2="${(100 * a / r.text.length).toFixed(2)}%" y1="0" y2="14"/>`).join("");
  return `<svg class="xray" width="100%" height="14" role="img" aria-label="${esc(W("xray"))}">${ticks}</svg>`;
}
function showResult() {
  const {query, result, untoned} = lastResult;
  const total = result.reduce((s, r) => s + r.spans.length, 0), body = result.reduce((s, r) => s + r.body, 0);
  let html = `<p id="total" data-total="${total}" data-body="${body}">${esc(W("found").replace("{n}", fmt(total)).replace("{plans}", fmt(result.filter((r) => r.spans.length).length)).replace("{body}", fmt(body)).replace("{outside}", fmt(total - body)))}</p>`;
  html += `<p class="note base">${esc(W("rate_base"))}</p>`;
  if (query.insensitive) html += `<p class="note tones">${esc(W("tone_note"))}</p>`;
  if (untoned) html += `<p id="hint" class="note" data-query="${esc(untoned.text)}" data-count="${untoned.n}">${esc(W("untoned_hint").replace("{query}", query.text).replace("{untoned}", untoned.text).replace("{n}", fmt(untoned.n)))}</p>`;
  html += `<h3>${esc(W("by_province"))}</h3>` + groupTable(result, "province") + `<h3>${esc(W("by_year"))}</h3>` + groupTable(result, "year");
  html += `<h3>${esc(W("by_plan"))}</h3>`;
  for (const r of result.filter((x) => x.spans.length)) {
    const outside = r.spans.length - r.body ? `; ${r.spans.length - r.body} ${esc(W("outside_body"))}` : "";
    html += `<section class="plan" data-plan="${esc(r.plan.id)}" data-count="${r.spans.length}" data-body="${r.body}"><h4>${esc(r.plan.label)} — ${r.body} ${esc(W("in_body"))} (${fmt(1000 * r.body / Math.max(1, r.plan.words), 2)} ${esc(W("per_1000"))})${outside}</h4>${xray(r)}<ol>` +
      r.spans.slice(0, 200).map((s) => `<li><a href="#" class="kwic" data-plan="${esc(r.plan.id)}" data-at="${s[0]}" data-end="${s[1]}">${context(r.text, s)}</a></li>`).join("") + "</ol></section>";
  }
  $("results").innerHTML = html;
}

// --- reader -------------------------------------------------------------------------
const PART = ["body", "header", "title", "distribution", "signature", "repeat"];
async function openPlan(id, at = null, end = null) {
  const plan = DATA.plans.find((p) => p.id === id);
  const text = await textOf(plan);
  $("plan-select").value = id;
  const marks = plan.hits.map(([a, b, t]) => ({a, b, cls: "hit", colour: DATA.themes[t].colour, title: DATA.themes[t].label[LANG]}));
  if (at !== null) marks.push({a: at, b: end, cls: "focus", colour: "#fde047", title: ""});
  marks.sort((x, y) => x.a - y.a || (x.cls === "focus" ? -1 : 1));
  let html = "", toc = "";
  for (const [a, b, part, section, kind] of plan.segments) {
    let body = "", cursor = a;
    for (const m of marks.filter((m) => m.a >= a && m.b <= b)) {
      if (m.a < cursor) continue;  // an overlapping mark: the first one wins
      body += esc(text.slice(cursor, m.a)) + `<span class="${m.cls}"${m.cls === "focus" ? ' id="focus"' : ""} style="background:${m.colour}${m.cls === "hit" ? "66" : ""}" title="${esc(m.title)}">${esc(text.slice(m.a, m.b))}</span>`;
      cursor = m.b;
    }
    body += esc(text.slice(cursor, b));
    const anchor = `seg-${a}`;
    if (kind === "section" || kind === "item") toc += `<li class="${kind}"><a href="#${anchor}">${esc(text.slice(a, Math.min(b, a + 70)))}</a></li>`;
    html += `<p id="${anchor}" class="seg ${PART[part]} ${kind}"${PART[part] !== "body" ? ` title="${esc(W("not_measured"))}"` : ""}>${body}</p>`;
  }
  // Colour encodes theme in the text, so the key comes first.
  const key = DATA.themes.map((t) => `<span class="swatch" style="background:${t.colour}66;padding:0 4px;border-radius:2px">${esc(t.label[LANG])}</span>`).join(" ");
  $("toc").innerHTML = toc;
  $("text").innerHTML = `<p id="theme-legend" class="note">${esc(W("theme_legend"))} ${key}</p>` + html;
  show("reader");
  if ($("focus")) $("focus").scrollIntoView({block: "center"});
}

// --- themes -------------------------------------------------------------------------
async function showTheme() {
  const i = Number($("theme-select").value);
  const theme = DATA.themes[i];
  const rows = [];
  for (const plan of chosenPlans()) {
    const spans = plan.hits.filter((h) => h[2] === i).map((h) => [h[0], h[1]]);
    rows.push({plan, spans, body: spans.filter(([a]) => inBody(plan, a)).length, text: await textOf(plan)});
  }
  let html = `<p class="phrases">${theme.phrases.map((p) => `<span lang="vi">${esc(p)}</span>`).join(" · ")}</p>` + groupTable(rows, "province");
  for (const r of rows.filter((x) => x.spans.length)) {
    html += `<section class="plan"><h4>${esc(r.plan.label)} — ${r.spans.length}</h4>${xray(r)}<ol>` + r.spans.slice(0, 20).map((s) =>
      `<li><a href="#" class="kwic" data-plan="${esc(r.plan.id)}" data-at="${s[0]}" data-end="${s[1]}">${context(r.text, s)}</a></li>`).join("") + "</ol></section>";
  }
  $("theme-result").innerHTML = html;
}

// --- page ---------------------------------------------------------------------------
function show(tab) {
  for (const t of ["search", "reader", "themes"]) { $("tab-" + t).hidden = t !== tab; $("btn-" + t).classList.toggle("on", t === tab); }
}
function relabel() {
  document.documentElement.lang = LANG;
  document.querySelectorAll("[data-w]").forEach((el) => { el.textContent = W(el.dataset.w); });
  $("plan-select").innerHTML = DATA.plans.map((p) => `<option value="${esc(p.id)}">${esc(p.label)}</option>`).join("");
  $("theme-select").innerHTML = DATA.themes.map((t, i) => `<option value="${i}">${esc(t.label[LANG])}</option>`).join("");
  fillFilters();
}
document.addEventListener("click", (e) => {
  const link = e.target.closest("a.kwic");
  if (link) { e.preventDefault(); openPlan(link.dataset.plan, Number(link.dataset.at), Number(link.dataset.end)); }
});
$("search-form").addEventListener("submit", (e) => { e.preventDefault(); runSearch(); });
$("plan-select").addEventListener("change", () => openPlan($("plan-select").value));
$("theme-select").addEventListener("change", showTheme);
for (const t of ["search", "reader", "themes"]) $("btn-" + t).addEventListener("click", () => { show(t); if (t === "themes") showTheme(); });
$("lang").addEventListener("click", () => { LANG = LANG === "en" ? "vi" : "en"; relabel(); if (lastResult) showResult(); });
relabel();
show("search");
document.body.dataset.ready = "1";
