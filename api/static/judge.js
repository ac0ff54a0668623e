"use strict";
// Judging from the page: search, mark relevant paragraphs, save them into a question set (admin token).
const $ = id => document.getElementById(id);
const tokenBox = $("token"), whoBox = $("who"), setBox = $("set");
tokenBox.value = sessionStorage.getItem("qa-admin-token") || "";
whoBox.value = localStorage.getItem("qa-judge-who") || "";
tokenBox.addEventListener("change", () => sessionStorage.setItem("qa-admin-token", tokenBox.value));
whoBox.addEventListener("change", () => localStorage.setItem("qa-judge-who", whoBox.value));

function status(text, error) { const s = $("status"); s.textContent = text; s.className = error ? "error" : ""; }
function headers() { return { "content-type": "application/json", "authorization": "Bearer " + tokenBox.value.trim() }; }
async function call(url, options) {
  const r = await fetch(url, options);
  const body = await r.json().catch(() => ({}));
  if (!r.ok) throw new Error(body.error || ("HTTP " + r.status));
  return body;
}
function el(tag, cls, text) { const e = document.createElement(tag); if (cls) e.className = cls; if (text != null) e.textContent = text; return e; }

function hitItem(hit, extra) {
  const li = el("li"); li.dataset.doc = hit.doc_id; li.dataset.paragraph = hit.paragraph;
  const label = el("label"); const box = el("input"); box.type = "checkbox"; box.className = "relevant";
  box.addEventListener("change", () => li.classList.toggle("marked", box.checked));
  label.appendChild(box); label.appendChild(el("b", null, " " + hit.citation)); label.appendChild(document.createTextNode(" " + (extra || "")));
  li.appendChild(label); li.appendChild(el("div", "text", hit.text)); return li;
}
function marked(list) {
  const out = { relevant: [], not_relevant: [] };
  list.querySelectorAll("li").forEach(li => {
    const ref = { doc: li.dataset.doc, paragraph: li.dataset.paragraph };
    (li.querySelector("input.relevant").checked ? out.relevant : out.not_relevant).push(ref);
  });
  return out;
}
function checkForm() {
  if (!$("who-form").reportValidity()) throw new Error("fill in the token, your name and a set name");
}

let lastQuestion = null;
$("ask-form").addEventListener("submit", async ev => {
  ev.preventDefault();
  const q = $("q").value.trim(); if (!q) return;
  status("searching…");
  try {
    const res = await call("/ask", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ question: q, top_k: 10 }) });
    lastQuestion = { question: q, lang: res.language };
    const list = $("hits"); list.replaceChildren();
    res.results.filter(h => h.paragraph != null).forEach(h => list.appendChild(hitItem(h, "(" + h.lang + ")")));
    $("save-new").hidden = false; status(list.children.length + " paragraphs: mark the relevant ones");
  } catch (e) { status(e.message, true); }
});

$("save-new").addEventListener("click", async () => {
  try {
    checkForm();
    const refs = marked($("hits"));
    if (!refs.relevant.length) throw new Error("mark at least one paragraph as relevant");
    const body = { set: setBox.value, question: lastQuestion.question, lang: lastQuestion.lang, who: whoBox.value, ...refs };
    const res = await call("/judgements", { method: "POST", headers: headers(), body: JSON.stringify(body) });
    status("saved as " + res.question.id + " in " + res.set + ".jsonl");
  } catch (e) { status(e.message, true); }
});

$("load-sets").addEventListener("click", async () => {
  try {
    const sets = await call("/judgements/sets", { headers: headers() });
    const list = $("sets"); list.replaceChildren();
    sets.forEach(s => { const o = el("option"); o.value = s.set; o.label = s.set + " (" + s.questions + ")"; list.appendChild(o); });
    status(sets.length + " question sets");
  } catch (e) { status(e.message, true); }
});

$("load-pool").addEventListener("click", async () => {
  try {
    checkForm(); status("pooling the modes' top 10…");
    const pool = await call("/judgements/pool?set=" + encodeURIComponent(setBox.value) + "&limit=5", { headers: headers() });
    const box = $("pool"); box.replaceChildren();
    pool.forEach(q => {
      const sec = el("div", "pool-question"); sec.dataset.id = q.id;
      sec.appendChild(el("h3", null, q.id + " · " + q.question));
      const list = el("ol", "judge-hits");
      q.hits.forEach(h => list.appendChild(hitItem(h, Object.entries(h.ranks).map(([m, r]) => m + " #" + r).join(" · "))));
      const save = el("button", null, "Save: marked relevant, the rest not relevant"); save.type = "button";
      save.addEventListener("click", async () => {
        try {
          const body = { set: setBox.value, question_id: q.id, who: whoBox.value, ...marked(list) };
          await call("/judgements", { method: "POST", headers: headers(), body: JSON.stringify(body) });
          sec.remove(); status("saved the judgements of " + q.id);
        } catch (e) { status(e.message, true); }
      });
      sec.appendChild(list); sec.appendChild(save); box.appendChild(sec);
    });
    status(pool.length ? pool.length + " questions with unjudged hits" : "every hit of the set's questions is judged");
  } catch (e) { status(e.message, true); }
});
