"use strict";
const docId = decodeURIComponent(location.pathname.replace(/^\/read\//, ""));
const params = new URLSearchParams(location.search);
const target = params.get("p") || (location.hash.startsWith("#p-") ? location.hash.slice(3) : "");
const message = document.getElementById("message");

// Back to the search that led here (its permalink), not to an empty page.
try {
  const from = new URL(document.referrer);
  if (from.origin === location.origin && from.pathname === "/" && from.search) document.getElementById("back").href = from.pathname + from.search;
} catch (e) { /* no referrer */ }

fetch("/documents/" + encodeURIComponent(docId)).then(async r => {
  const data = await r.json();
  if (!r.ok) { message.textContent = "Error " + r.status + ": " + data.error; message.className = "error"; return; }
  document.title = (data.symbol || data.doc_id) + " · " + data.title;
  document.getElementById("title").textContent = data.title;
  const meta = document.getElementById("meta");
  meta.textContent = [data.symbol || data.session_label, String(data.date || "").replace("/", " – "), data.source].filter(Boolean).join(" · ");
  const official = data.ods_url || (data.symbol ? "https://documents.un.org/api/symbol/access?s=" + encodeURIComponent(data.symbol) + "&l=" + encodeURIComponent(data.language || "en") + "&t=pdf" : "");
  if (official) {
    const link = document.createElement("a");
    link.href = official;
    link.rel = "noopener";
    link.target = "_blank";
    link.textContent = "Official document (PDF) ↗";
    meta.append(" · ", link);
  }
  const container = document.getElementById("doc");
  let lastSection = null;
  data.items.forEach((p, i) => {
    if (p.section && p.section !== lastSection) {
      const h = document.createElement("h2");
      h.textContent = p.section;
      container.append(h);
      lastSection = p.section;
    }
    const div = document.createElement("section");
    div.className = "para";
    div.id = p.paragraph ? "p-" + p.paragraph : "u-" + i;
    div.dataset.entry = p.entry || p.paragraph || "";
    const num = document.createElement("span");
    num.className = "num";
    num.textContent = p.paragraph ? p.paragraph + "." : "";
    const text = document.createElement("p");
    text.textContent = p.text;
    const lang = p.lang || data.language || "";
    text.lang = lang === "zh" ? "zh-Hans" : lang;
    text.dir = lang === "ar" ? "rtl" : "ltr";  // Arabic paragraphs read right to left
    const cite = document.createElement("div");
    cite.className = "citation-zh";
    cite.textContent = p.citation + " · " + p.citation_zh + " · " + p.source + ":" + p.lines[0] + "–" + p.lines[1];
    div.append(num, text, cite);
    container.append(div);
  });
  if (target) {
    const el = document.getElementById("p-" + target) || [...container.querySelectorAll("section.para")].find(s => s.dataset.entry === target);
    if (el) {
      el.classList.add("cited");
      el.setAttribute("aria-current", "true");
      el.scrollIntoView({ block: "center" });
    } else {
      message.textContent = "Paragraph " + target + " is not in this document.";
      message.className = "error";
    }
  }
}).catch(e => { message.textContent = "The server cannot be reached: " + e.message; message.className = "error"; });
