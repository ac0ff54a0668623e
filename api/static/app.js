"use strict";
// The search page. Everything is built with DOM calls (no inline scripts, handlers or styles),
// so it runs under a strict Content-Security-Policy. The URL holds the search: /?q=…&mode=…&doc=…&page=2
const $ = id => document.getElementById(id);
const form = $("ask-form");
const box = $("q");
const results = $("results");
const message = $("message");
const docSelect = $("doc");
const sessionSelect = $("session");
const yearSelect = $("year");
const toolbar = $("toolbar");
const moreButton = $("more");
const filters = $("filters");
const filterSummary = $("filter-summary");

const PAGE = 10;
const MAX_TOP_K = 50;
const MODES = { hybrid: "Best match", dense: "Meaning", bm25: "Exact words" };
const TITLE = document.title;
const SCORE_HELP = "Relevance score, for ordering within this answer only. Best match combines meaning and exact words and can exceed 1; Meaning is a cosine similarity; Exact words is a BM25 score.";

let documents = [];
const docsById = new Map();
let last = null; // { state, body, data }
let searchSeq = 0;

function say(text, kind) {
  message.textContent = text;
  message.className = kind || "";
}

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = text;
  return node;
}

// ---- the document list and the facets -------------------------------------------------

function yearOf(doc) { return (String(doc.date || "").match(/\d{4}/) || [""])[0]; }
function bodyOf(doc) { return doc.session ? doc.session.replace(/[./]\d+$/, "") : ""; }
function bodyName(doc) { return doc.body || (doc.session_label || doc.session || "").split(",")[0]; }

const docsReady = fetch("/documents").then(r => r.json()).then(docs => {
  documents = docs;
  for (const d of docs) {
    docsById.set(d.doc_id, d);
    const label = d.symbol || d.session_label || d.doc_id;
    docSelect.append(new Option(label + " — " + d.title, d.doc_id));
  }
  const bodies = new Map();
  for (const d of docs) {
    if (!d.session) continue;
    const key = bodyOf(d);
    if (!bodies.has(key)) bodies.set(key, { name: bodyName(d), sessions: new Map() });
    bodies.get(key).sessions.set(d.session, d.session_label || d.session);
  }
  for (const [key, body] of bodies) {
    const group = document.createElement("optgroup");
    group.label = body.name + " (" + key + ")";
    if (body.sessions.size > 1) group.append(new Option("All sessions of " + key, "body:" + key));
    for (const [session, label] of body.sessions) group.append(new Option(label + " (" + session + ")", "session:" + session));
    sessionSelect.append(group);
  }
  const years = [...new Set(docs.map(yearOf).filter(Boolean))].sort().reverse();
  for (const y of years) yearSelect.append(new Option(y, y));
}).catch(() => say("Could not load the document list · 无法加载文件列表。", "error"));

function allowedDocs(state) {
  if (!state.doc && !state.session && !state.year) return null;
  return documents.filter(d =>
    (!state.doc || d.doc_id === state.doc) &&
    (!state.session || (state.session.startsWith("body:") ? bodyOf(d) === state.session.slice(5) : "session:" + d.session === state.session)) &&
    (!state.year || yearOf(d) === state.year)
  ).map(d => d.doc_id);
}

// ---- state <-> URL <-> form -------------------------------------------------------------

function stateFromUrl() {
  const p = new URLSearchParams(location.search);
  const mode = p.get("mode") || "hybrid";
  const page = Math.min(Math.max(parseInt(p.get("page") || "1", 10) || 1, 1), MAX_TOP_K / PAGE);
  return { q: p.get("q") || "", mode: mode in MODES ? mode : "hybrid", doc: p.get("doc") || "", session: p.get("session") || "", year: p.get("year") || "", page };
}

function stateFromForm() {
  return {
    q: box.value.trim(),
    mode: form.querySelector("input[name=mode]:checked").value,
    doc: docSelect.value,
    session: sessionSelect.value,
    year: yearSelect.value,
    page: 1,
  };
}

function urlFor(state) {
  const p = new URLSearchParams();
  p.set("q", state.q);
  if (state.mode !== "hybrid") p.set("mode", state.mode);
  for (const key of ["doc", "session", "year"]) if (state[key]) p.set(key, state[key]);
  if (state.page > 1) p.set("page", String(state.page));
  return "/?" + p.toString();
}

function showFilters(state) {
  const chosen = [docSelect, sessionSelect, yearSelect].filter(s => s.value).map(s => s.options[s.selectedIndex].text.split(" — ")[0]);
  filterSummary.textContent = chosen.length ? "(" + chosen.join("; ") + ")" : "";
  if (chosen.length || window.matchMedia("(min-width: 40rem)").matches) filters.open = true;
}

function setSelect(select, value) {
  select.value = value;
  if (select.value !== value) select.value = "";
}

function fillForm(state) {
  box.value = state.q;
  const radio = form.querySelector("input[name=mode][value=" + state.mode + "]");
  if (radio) radio.checked = true;
  setSelect(docSelect, state.doc);
  setSelect(sessionSelect, state.session);
  setSelect(yearSelect, state.year);
  showFilters(state);
}

// ---- text with the answering sentence and the question's words marked ------------------------

function escapeRe(s) { return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }

function termPattern(terms) {
  const list = [...new Set((terms || []).filter(t => t && t.trim()))].sort((a, b) => b.length - a.length);
  if (!list.length) return null;
  return new RegExp(list.map(t => (/[A-Za-z]/.test(t) ? "(?<![A-Za-z])" : "") + escapeRe(t)).join("|"), "gi");
}

function appendWithTerms(parent, text, pattern) {
  if (!pattern) { parent.append(text); return; }
  let lastEnd = 0;
  for (const m of text.matchAll(pattern)) {
    if (!m[0]) continue;
    if (m.index > lastEnd) parent.append(text.slice(lastEnd, m.index));
    parent.append(el("span", "term", m[0]));
    lastEnd = m.index + m[0].length;
  }
  parent.append(text.slice(lastEnd));
}

// The API's spans count code points; JavaScript strings count UTF-16 units.
function unitOffsets(text) {
  const offsets = [];
  let unit = 0;
  for (const ch of text) { offsets.push(unit); unit += ch.length; }
  offsets.push(unit);
  return offsets;
}

function markedText(text, marks, pattern) {
  const frag = document.createDocumentFragment();
  const offsets = unitOffsets(text);
  let pos = 0;
  for (const m of [...(marks || [])].sort((a, b) => a.start - b.start)) {
    const start = offsets[Math.min(m.start, offsets.length - 1)];
    const end = offsets[Math.min(m.end, offsets.length - 1)];
    if (start < pos || end <= start) continue;
    appendWithTerms(frag, text.slice(pos, start), pattern);
    const mark = el("mark", "answer");
    mark.title = "The sentence that best matches the question";
    appendWithTerms(mark, text.slice(start, end), pattern);
    frag.append(mark);
    pos = end;
  }
  appendWithTerms(frag, text.slice(pos), pattern);
  return frag;
}

// ---- copying and downloading ------------------------------------------------------------

function oneLine(text) { return String(text || "").replace(/\s+/g, " ").trim(); }
function citedText(citation, text) { return citation + " — " + oneLine(text); }

async function copyText(text, button) {
  try {
    await navigator.clipboard.writeText(text);
  } catch (e) {
    const area = el("textarea", "offscreen");
    area.value = text;
    area.setAttribute("readonly", "");
    document.body.append(area);
    area.select();
    document.execCommand("copy");
    area.remove();
  }
  const label = button.dataset.label || button.textContent;
  button.dataset.label = label;
  button.textContent = "Copied ✓";
  setTimeout(() => { button.textContent = label; }, 1500);
}

function copyButton(label, text, aria) {
  const b = el("button", "copy", label);
  b.type = "button";
  if (aria) b.setAttribute("aria-label", aria);
  b.addEventListener("click", () => copyText(text, b));
  return b;
}

function save(content, type, filename) {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const a = el("a");
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

async function exported(fmt) {
  const r = await fetch("/ask?format=" + fmt, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(last.body) });
  if (!r.ok) throw new Error("export failed (" + r.status + ")");
  return r.text();
}

async function download(fmt) {
  if (!last) return;
  try {
    if (fmt === "json") save(JSON.stringify(last.data, null, 2) + "\n", "application/json", "un-docs-qa-results.json");
    else if (fmt === "csv") save(await exported("csv"), "text/csv;charset=utf-8", "un-docs-qa-results.csv");
    else save(await exported("md"), "text/plain;charset=utf-8", "un-docs-qa-citations.txt");
  } catch (e) { say("Export failed · 导出失败: " + e.message, "error"); }
}

// ---- one hit ----------------------------------------------------------------------------

function odsUrl(symbol, lang) {
  return "https://documents.un.org/api/symbol/access?s=" + encodeURIComponent(symbol) + "&l=" + encodeURIComponent(lang || "en") + "&t=pdf";
}

function readerUrl(hit) {
  // Numbered paragraphs by their number; summary, annex rows… by their entry id.
  const p = hit.entry || hit.paragraph || "";
  return "/read/" + encodeURIComponent(hit.doc_id) + "?p=" + encodeURIComponent(p) + (hit.paragraph ? "#p-" + hit.paragraph : "");
}

function isWeak(score, top, mode) {
  // Dense scores are cosines bunched near the top; the others spread out.
  return mode === "dense" ? score < top - 0.04 : score < 0.5 * top;
}

// Text in a language: its HTML lang, and right to left for Arabic (the six official UN languages).
function setLanguage(node, lang) {
  node.lang = lang === "zh" ? "zh-Hans" : (lang || "");
  node.dir = lang === "ar" ? "rtl" : "ltr";
  return node;
}

function textBlock(lang, citation, text, marks, pattern, label) {
  const block = setLanguage(el("div", "version"), lang);
  const head = el("div", "version-head");
  const name = el("span", "lang", label);
  name.dir = "auto";  // "ar · A/HRC/7/3، الفقرة 12" keeps its order inside a right-to-left block
  head.append(name, copyButton("Copy", citedText(citation, text), "Copy " + citation + " with its text"));
  const p = el("p", "text");
  p.append(markedText(text, marks || [], pattern));
  block.append(head, p);
  return block;
}

function card(hit, data, top, pattern) {
  const doc = docsById.get(hit.doc_id) || {};
  const weak = isWeak(hit.score, top, data.mode);
  const li = el("li", "card" + (weak ? " weak" : ""));
  li.tabIndex = -1;

  const head = el("div", "card-head");
  const rank = el("span", "rank", String(hit.rank));
  rank.title = SCORE_HELP + " Score: " + hit.score.toFixed(3);
  const cite = el("a", "citation", hit.citation);
  cite.href = readerUrl(hit);
  cite.title = "Read the document at this paragraph";
  head.append(rank, cite);
  if (weak) {
    const tag = el("span", "weak-tag", "weak match");
    tag.title = "Scores far below the best result: probably not what you are looking for. " + SCORE_HELP;
    head.append(tag);
  }

  const meta = el("div", "doc-meta");
  const english = data.language === "en" && doc.title_en;
  const title = el("span", "doc-title", english ? doc.title_en : (doc.title || ""));
  title.title = english ? doc.title : (doc.title_en || "");
  const where = [doc.session_label || doc.session, String(doc.date || "").replace("/", " – ")].filter(Boolean).join(" · ");
  meta.append(title);
  if (where) meta.append(el("span", "doc-where", where));

  const section = el("div", "section", hit.section || "");
  const lang = hit.lang || hit.language || doc.language || "zh";
  const versions = hit.versions || [];
  let body;
  if (versions.length) {
    body = el("div", "versions");
    body.append(textBlock(lang, hit.citation, hit.text, hit.marks, pattern, lang + " · " + hit.citation));
    for (const v of versions) body.append(textBlock(v.lang, v.citation, v.text, v.marks, pattern, v.lang + " · " + v.citation));
  } else {
    body = setLanguage(el("p", "text"), lang);
    body.append(markedText(hit.text, hit.marks, pattern));
  }

  li.append(head, meta);
  if (hit.section) li.append(section);
  li.append(body);

  if (hit.footnotes && hit.footnotes.length) {
    const notes = el("ul", "footnotes");
    notes.setAttribute("aria-label", "Footnotes");
    for (const n of hit.footnotes) {
      const item = el("li");
      item.append(el("sup", "", n.mark), " " + n.text);
      notes.append(item);
    }
    li.append(notes);
  }

  const cites = el("div", "cites");
  for (const c of [hit.citation, hit.citation_zh]) {
    const one = el("span", "cite-form");
    one.append(el("code", "", c), copyButton("Copy", c, "Copy citation " + c));
    cites.append(one);
  }
  const actions = el("div", "actions");
  actions.append(copyButton("Copy citation with text", citedText(hit.citation, hit.text), "Copy " + hit.citation + " with its text"));
  const read = el("a", "action-link", "Read in context · 上下文");
  read.href = readerUrl(hit);
  actions.append(read);
  const official = hit.ods_url || (hit.symbol ? odsUrl(hit.symbol, lang) : "");
  if (official) {
    const link = el("a", "action-link", "Official document (PDF) ↗");
    link.href = official;
    link.rel = "noopener";
    link.target = "_blank";
    link.title = "The document on the UN Official Document System";
    actions.append(link);
  }
  li.append(cites, actions);
  return li;
}

// ---- searching --------------------------------------------------------------------------

function clearResults() {
  results.replaceChildren();
  toolbar.hidden = true;
  moreButton.hidden = true;
  last = null;
}

async function run(state, push) {
  if (push) {
    const url = urlFor(state);
    if (url !== location.pathname + location.search) history.pushState(null, "", url);
  }
  const seq = ++searchSeq;
  clearResults();
  if (!state.q) { say("Please type a question first · 请先输入问题。", "error"); box.focus(); return; }
  document.title = state.q + " · " + TITLE;
  const topK = Math.min(PAGE * state.page, MAX_TOP_K);
  const body = { question: state.q, mode: state.mode, top_k: topK };
  const allowed = allowedDocs(state);
  if (allowed && !allowed.length) { say("No document matches these filters · 没有符合筛选条件的文件。", "error"); return; }
  if (allowed) body.documents = allowed;
  say("Searching… · 检索中…");
  try {
    const r = await fetch("/ask", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    const data = await r.json().catch(() => ({ error: "the server answered with something that is not JSON" }));
    if (seq !== searchSeq) return;
    if (!r.ok) { say("Error " + r.status + ": " + (data.error || "request failed"), "error"); return; }
    if (!data.results.length) { say("No paragraphs found · 未找到相关段落。", "empty"); return; }
    last = { state, body, data };
    const top = data.results[0].score;
    const pattern = termPattern(data.terms);
    let weak = 0;
    for (const hit of data.results) {
      const li = card(hit, data, top, pattern);
      if (li.classList.contains("weak")) {
        if (!weak) results.append(el("li", "floor", "Weaker matches · 相关性较低"));
        weak++;
      }
      results.append(li);
    }
    const strong = data.results.length - weak;
    say(data.results.length + " paragraphs" + (weak ? " (" + strong + " strong, " + weak + " weak)" : "") + " · " + MODES[data.mode] + " · " + Math.round(data.took_ms) + " ms");
    toolbar.hidden = false;
    moreButton.hidden = data.results.length < topK || topK >= MAX_TOP_K;
    if (state.page > 1) {
      const first = results.querySelectorAll(".card")[PAGE * (state.page - 1)];
      if (first) first.focus();
    }
  } catch (e) {
    if (seq === searchSeq) say("The server cannot be reached · 无法连接服务器: " + e.message, "error");
  }
}

form.addEventListener("submit", e => { e.preventDefault(); run(stateFromForm(), true); });
for (const select of [docSelect, sessionSelect, yearSelect]) select.addEventListener("change", () => showFilters());
box.addEventListener("keydown", e => {
  if (e.key === "Enter" && !e.shiftKey && !e.isComposing) { e.preventDefault(); form.requestSubmit(); }
});
moreButton.addEventListener("click", () => {
  if (!last) return;
  run({ ...last.state, page: last.state.page + 1 }, true);
});
$("export-csv").addEventListener("click", () => download("csv"));
$("export-json").addEventListener("click", () => download("json"));
$("export-md").addEventListener("click", () => download("md"));
$("copy-list").addEventListener("click", async e => {
  const button = e.currentTarget;
  if (!last) return;
  try { await copyText(await exported("md"), button); } catch (err) { say("Copy failed: " + err.message, "error"); }
});

function fromUrl() {
  const state = stateFromUrl();
  fillForm(state);
  if (state.q) run(state, false);
  else { clearResults(); say(""); document.title = TITLE; }
}

window.addEventListener("popstate", () => docsReady.then(fromUrl));
docsReady.then(fromUrl);
