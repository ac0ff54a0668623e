"use strict";
const form = document.getElementById("ask-form");
const box = document.getElementById("q");
const results = document.getElementById("results");
const message = document.getElementById("message");
const docSelect = document.getElementById("doc");

function say(text, kind) {
  message.textContent = text;
  message.className = kind || "";
}

function escapeRe(s) { return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }

// Terms of the question worth highlighting: Latin words, numbers, and Chinese runs cut into pairs.
function terms(question) {
  const out = new Set();
  for (const m of question.matchAll(/[A-Za-z][A-Za-z\-]{2,}|\d+(?:[\/.]\d+)*/g)) out.add(m[0]);
  for (const m of question.matchAll(/[\u4e00-\u9fff]+/g)) {
    const run = m[0];
    if (run.length <= 2) { out.add(run); continue; }
    for (let i = 0; i + 2 <= run.length; i++) out.add(run.slice(i, i + 2));
  }
  const stop = new Set(["the", "and", "for", "what", "which", "how", "did", "does", "with", "哪些", "什么", "多少", "如何", "是否"]);
  return [...out].filter(t => !stop.has(t.toLowerCase()));
}

function highlighted(text, question, extra) {
  const frag = document.createDocumentFragment();
  const list = [...new Set([...terms(question), ...(extra || [])])].sort((a, b) => b.length - a.length).map(escapeRe);
  if (!list.length) { frag.append(text); return frag; }
  const re = new RegExp("(" + list.join("|") + ")", "gi");
  let last = 0;
  for (const m of text.matchAll(re)) {
    if (m.index > last) frag.append(text.slice(last, m.index));
    const mark = document.createElement("mark");
    mark.textContent = m[0];
    frag.append(mark);
    last = m.index + m[0].length;
  }
  frag.append(text.slice(last));
  return frag;
}

function card(hit, question, extra) {
  const li = document.createElement("li");
  li.className = "card";
  const head = document.createElement("div");
  head.className = "card-head";
  const cite = document.createElement("a");
  cite.className = "citation";
  cite.href = "/read/" + encodeURIComponent(hit.doc_id) + "?p=" + encodeURIComponent(hit.paragraph ?? "") + "#p-" + (hit.paragraph ?? "");
  cite.textContent = hit.citation;
  cite.title = "Open the document at this paragraph";
  const copy = document.createElement("button");
  copy.type = "button";
  copy.className = "copy";
  copy.textContent = "Copy citation";
  copy.setAttribute("aria-label", "Copy citation " + hit.citation);
  copy.addEventListener("click", async () => {
    try { await navigator.clipboard.writeText(hit.citation); copy.textContent = "Copied"; }
    catch (e) { copy.textContent = hit.citation; }
  });
  const score = document.createElement("span");
  score.className = "score";
  score.textContent = "score " + hit.score.toFixed(3);
  head.append(cite, copy, score);
  const zh = document.createElement("div");
  zh.className = "citation-zh";
  zh.textContent = hit.citation_zh;
  const section = document.createElement("div");
  section.className = "section";
  section.textContent = hit.section;
  const text = document.createElement("p");
  text.className = "text";
  text.append(highlighted(hit.text, question, extra));
  li.append(head, zh, section, text);
  return li;
}

async function ask(event) {
  if (event) event.preventDefault();
  const question = box.value.trim();
  results.replaceChildren();
  if (!question) { say("Please type a question first · 请先输入问题。", "error"); return; }
  const mode = form.querySelector("input[name=mode]:checked").value;
  const body = { question, mode, top_k: 10 };
  if (docSelect.value) body.documents = [docSelect.value];
  say("Searching… · 检索中…");
  try {
    const r = await fetch("/ask", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    const data = await r.json().catch(() => ({ error: "the server answered with something that is not JSON" }));
    if (!r.ok) { say("Error " + r.status + ": " + (data.error || "request failed"), "error"); return; }
    if (!data.results.length) { say("No paragraphs found · 未找到相关段落。", "empty"); return; }
    say(data.results.length + " paragraphs · " + data.mode + " · " + Math.round(data.took_ms) + " ms");
    for (const hit of data.results) results.append(card(hit, question, data.terms));
  } catch (e) {
    say("The server cannot be reached · 无法连接服务器: " + e.message, "error");
  }
}

form.addEventListener("submit", ask);
box.addEventListener("keydown", e => { if (e.key === "Enter" && !e.shiftKey) { e.preventDefault(); ask(); } });

fetch("/documents").then(r => r.json()).then(docs => {
  for (const d of docs) {
    const o = document.createElement("option");
    o.value = d.doc_id;
    o.textContent = (d.symbol || d.session_label || d.doc_id) + " — " + d.title;
    docSelect.append(o);
  }
}).catch(() => say("Could not load the document list.", "error"));
