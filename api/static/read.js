"use strict";
const docId = decodeURIComponent(location.pathname.replace(/^\/read\//, ""));
const params = new URLSearchParams(location.search);
const target = params.get("p") || (location.hash.startsWith("#p-") ? location.hash.slice(3) : "");
const message = document.getElementById("message");
const zh = (document.documentElement.lang || "").startsWith("zh");

// An error in the page's language (the server's explanation, in English, after it).
function errorText(status, detail) {
  const what = status === 404 ? ["This document is not in the index", "索引中没有此文件"]
    : status === 422 ? ["This address cannot be read", "无法读取此地址"]
    : status === 503 ? ["The service is busy or still loading; try again in a moment", "服务繁忙或仍在加载，请稍后再试"]
    : ["The server could not answer", "服务器无法回答"];
  const head = zh ? what[1] + " · " + what[0] : what[0];
  return detail ? head + " (" + detail + ")" : head;
}

// Back to the search that led here (its permalink), not to an empty page.
try {
  const from = new URL(document.referrer);
  if (from.origin === location.origin && from.pathname === "/" && from.search) document.getElementById("back").href = from.pathname + from.search;
} catch (e) { /* no referrer */ }

fetch("/documents/" + encodeURIComponent(docId)).then(async r => {
  const data = await r.json().catch(() => ({}));
  if (!r.ok) { message.textContent = errorText(r.status, data.error); message.className = "error"; return; }
  document.title = (data.symbol || data.doc_id) + " · " + data.title;
  document.getElementById("title").textContent = data.title;
  const meta = document.getElementById("meta");
  meta.textContent = [data.symbol || data.session_label, String(data.date || "").replace("/", " – ")].filter(Boolean).join(" · ");
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
    cite.textContent = p.citation + " · " + p.citation_zh;  // not the server's file path
    div.append(num, text);
    if (p.footnotes && p.footnotes.length) {
      const notes = document.createElement("ul");
      notes.className = "footnotes";
      notes.setAttribute("aria-label", zh ? "脚注 · Footnotes" : "Footnotes");
      for (const n of p.footnotes) {
        const item = document.createElement("li");
        const mark = document.createElement("sup");
        mark.textContent = n.mark;
        item.append(mark, " " + n.text);
        notes.append(item);
      }
      div.append(notes);
    }
    div.append(cite);
    container.append(div);
  });
  if (target) {
    const el = document.getElementById("p-" + target) || [...container.querySelectorAll("section.para")].find(s => s.dataset.entry === target);
    if (el) {
      el.classList.add("cited");
      el.setAttribute("aria-current", "true");
      el.scrollIntoView({ block: "center" });
    } else {
      message.textContent = zh ? "此文件中没有第" + target + "段 · Paragraph " + target + " is not in this document." : "Paragraph " + target + " is not in this document.";
      message.className = "error";
    }
  }
}).catch(e => { message.textContent = (zh ? "无法连接服务器 · " : "") + "The server cannot be reached: " + e.message; message.className = "error"; });
