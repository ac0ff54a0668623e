"""The self-contained HTML report of an evaluation or a comparison: one file, no network.

Recall@k curves are drawn by matplotlib as inline SVG; the metrics and significance tables are
plain HTML; the per-question table is built in the browser from a JSON block in the page (filters
for misses, language and mode; a click opens the ranked hits of every mode, gold marked, with the
rank the same paragraph has in the other modes). Inline CSS and script only: served by the API
under its own Content-Security-Policy (``api/routes/reports.py``).
"""

from __future__ import annotations

import html
import io
import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from eval.compare import Comparison
    from eval.runner import EvalReport

__all__ = ["METRICS", "curve_svgs", "render_comparison", "render_report"]

METRICS = ["recall@1", "recall@5", "recall@10", "mrr@10", "ndcg@10"]
"""The metrics every evaluation reports, per mode and language."""

COLOURS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf"]


def curve_svgs(curves: dict[str, dict[str, list[float]]], *, title: str = "recall@k") -> list[tuple[str, str]]:
    """One SVG per language (``all`` first): recall@k for k = 1…depth, a line per run or mode."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    langs: list[str] = []
    for per_lang in curves.values():
        langs += [lang for lang in per_lang if lang not in langs]
    out: list[tuple[str, str]] = []
    with matplotlib.rc_context({"svg.fonttype": "none", "font.size": 9, "svg.hashsalt": "qa-eval"}):
        for lang in langs:
            fig, ax = plt.subplots(figsize=(4.6, 3.0))
            for i, (name, per_lang) in enumerate(curves.items()):
                values = per_lang.get(lang)
                if not values:
                    continue
                ax.plot(range(1, len(values) + 1), values, label=name, color=COLOURS[i % len(COLOURS)], linewidth=1.4)
            ax.set_xlabel("k")
            ax.set_ylabel("recall@k")
            ax.set_title(f"{title} — {lang}")
            ax.set_ylim(0, 1.02)
            ax.set_xlim(1, max((len(v.get(lang, [])) for v in curves.values()), default=1) or 1)
            ax.grid(alpha=0.3)
            ax.legend(loc="lower right", fontsize=8)
            fig.tight_layout()
            buffer = io.StringIO()
            fig.savefig(buffer, format="svg", metadata={"Date": None})
            plt.close(fig)
            svg = buffer.getvalue()
            out.append((lang, svg[svg.index("<svg") :]))
    return out


def _esc(value: object) -> str:
    return html.escape(str(value), quote=True)


def _meta_table(meta: dict[str, Any]) -> str:
    rows = []
    for key, value in meta.items():
        shown = json.dumps(value, ensure_ascii=False) if isinstance(value, dict | list) else str(value)
        rows.append(f"<tr><th>{_esc(key)}</th><td>{_esc(shown)}</td></tr>")
    return '<table class="meta">' + "".join(rows) + "</table>"


def _metrics_table(metrics: dict[str, dict[str, dict[str, float]]], names: Sequence[str]) -> str:
    head = "<tr><th>run</th><th>lang</th>" + "".join(f"<th>{m}</th>" for m in METRICS) + "</tr>"
    rows = []
    for name in names:
        for lang, values in metrics[name].items():
            cells = "".join(f"<td>{values[m]:.3f}</td>" for m in METRICS)
            rows.append(f"<tr><td>{_esc(name)}</td><td>{_esc(lang)}</td>{cells}</tr>")
    return f'<table class="num" id="metrics">{head}{"".join(rows)}</table>'


def _significance_table(significance: list[dict[str, Any]]) -> str:
    if not significance:
        return "<p>One run only: nothing to test.</p>"
    rows = "".join(
        f"<tr><td>{_esc(s['a'])}</td><td>{_esc(s['b'])}</td><td>{_esc(s['lang'])}</td>"
        f"<td>{s['delta']:+.3f}</td><td{' class=sig' if s['p'] < 0.05 else ''}>{s['p']:.3g}</td></tr>"
        for s in significance
    )
    return (
        '<table class="num" id="significance"><tr><th>A</th><th>B</th><th>lang</th>'
        f"<th>ΔMRR@10 (B−A)</th><th>p (paired t-test)</th></tr>{rows}</table>"
    )


def _page(title: str, body: str, data: dict[str, Any]) -> str:
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_esc(title)}</title><style>{CSS}</style></head><body>"
        f'<h1>{_esc(title)}</h1>{body}<script type="application/json" id="data">{payload}</script>'
        f"<script>{SCRIPT}</script></body></html>\n"
    )


def _question_section() -> str:
    return (
        '<h2 id="per-question">Questions</h2><div class="filters">'
        '<label><input type="checkbox" id="misses"> misses only (gold not first)</label> '
        '<label>language <select id="lang"><option value="">all</option></select></label> '
        '<label>mode <select id="mode"><option value="">any</option></select></label> '
        '<label id="outcome-label" hidden>outcome <select id="outcome"><option value="">all</option>'
        '<option value="win">B better</option><option value="loss">B worse</option>'
        '<option value="tie">tie</option></select></label> '
        '<span id="count"></span></div>'
        '<table id="questions"><thead></thead><tbody></tbody></table>'
        '<p class="note">Gold rank: where the first relevant paragraph came (— : not in the run). A click on a '
        "question opens each mode's hits; <b>gold</b> marks the relevant ones, and each hit says the rank the "
        "same paragraph has in the other modes (the dense score includes the sentence-window mix when the index "
        "has windows).</p>"
    )


def render_report(report: EvalReport) -> str:
    """The HTML page of one evaluation."""
    svgs = curve_svgs(report.curves)
    title = f"{report.name}: {report.questions} questions ({report.split})"
    timing = (
        f"<p>{report.seconds:.1f} s in all: analysing {report.analyse_seconds:.2f} s, encoding "
        f"{report.encode_seconds:.1f} s, ranking {report.search_seconds:.1f} s; answered at "
        f"{report.answer_rate_ratio:.2f}× the engine's batch-encode rate.</p>"
    )
    body = (
        _meta_table(report.meta)
        + timing
        + "<h2>Metrics</h2>"
        + _metrics_table(report.metrics, report.modes)
        + "<h2>Paired significance (MRR@10)</h2>"
        + _significance_table(report.significance)
        + "<h2>Recall@k</h2><div class=curves>"
        + "".join(f'<figure data-lang="{_esc(lang)}">{svg}</figure>' for lang, svg in svgs)
        + "</div>"
        + _question_section()
    )
    data = {"names": report.modes, "details": report.details, "passages": report.passages}
    return _page(title, body, data)


def render_comparison(comparison: Comparison) -> str:
    """The HTML page of ``qa eval --compare A B``."""
    svgs = curve_svgs(comparison.curves)
    warnings = "".join(f'<p class="warn">⚠ {_esc(w)}</p>' for w in comparison.warnings)
    deltas = []
    for row in comparison.deltas:
        p = row["p"]
        deltas.append(
            f"<tr><td>{_esc(row['mode'])}</td><td>{_esc(row['lang'])}</td><td>{_esc(row['metric'])}</td>"
            f"<td>{row['a']:.3f}</td><td>{row['b']:.3f}</td><td>{row['delta']:+.3f}</td>"
            f"<td{' class=sig' if p < 0.05 else ''}>{p:.3g}</td></tr>"
        )
    outcomes = "".join(
        f"<tr><td>{_esc(mode)}</td><td>{o['win']}</td><td>{o['loss']}</td><td>{o['tie']}</td></tr>"
        for mode, o in comparison.outcomes.items()
    )
    body = (
        f"<p>A: <code>{_esc(comparison.a)}</code><br>B: <code>{_esc(comparison.b)}</code></p>"
        + warnings
        + "<h2>A</h2>"
        + _meta_table(comparison.meta_a)
        + "<h2>B</h2>"
        + _meta_table(comparison.meta_b)
        + "<h2>Deltas (B − A), paired t-test per metric</h2>"
        + '<table class="num" id="deltas"><tr><th>mode</th><th>lang</th><th>metric</th><th>A</th><th>B</th>'
        + "<th>Δ</th><th>p</th></tr>"
        + "".join(deltas)
        + "</table><h2>Questions won and lost by B (reciprocal rank of the first gold paragraph)</h2>"
        + '<table class="num" id="outcomes"><tr><th>mode</th><th>B better</th><th>B worse</th><th>tie</th></tr>'
        + outcomes
        + "</table><h2>Recall@k</h2><div class=curves>"
        + "".join(f'<figure data-lang="{_esc(lang)}">{svg}</figure>' for lang, svg in svgs)
        + "</div>"
        + _question_section()
    )
    data = {
        "names": comparison.names,
        "details": comparison.details,
        "passages": comparison.passages,
        "pairs": comparison.pairs,
    }
    return _page(f"Comparison: {comparison.title}", body, data)


CSS = """
body{font:14px/1.45 system-ui,sans-serif;margin:1.5em auto;max-width:1200px;padding:0 1em;color:#222}
h1{font-size:1.4em}h2{font-size:1.15em;margin-top:1.6em}
table{border-collapse:collapse;margin:.4em 0}th,td{border:1px solid #ccc;padding:2px 6px;vertical-align:top}
table.num td{text-align:right}table.meta th{text-align:left;background:#f4f4f4}
td.sig{font-weight:bold;background:#fff3c4}.warn{background:#fde2e1;padding:.4em;border-left:4px solid #c00}
.curves{display:flex;flex-wrap:wrap;gap:8px}.curves figure{margin:0}.curves svg{width:440px;height:auto}
.filters{margin:.5em 0;display:flex;gap:1em;flex-wrap:wrap;align-items:center}
#questions{width:100%}#questions tr.q{cursor:pointer}#questions tr.q:hover{background:#f0f6ff}
#questions td.miss{color:#b00;font-weight:bold}#questions td.first{color:#070}
.detail>td{background:#fafafa}.modes{display:flex;gap:1em;flex-wrap:wrap}.modes>div{flex:1 1 330px;min-width:0}
.hit{border-left:3px solid #ddd;padding:2px 6px;margin:4px 0}.hit.gold{border-left-color:#1a7f37;background:#eaf7ee}
.badge{background:#1a7f37;color:#fff;border-radius:3px;padding:0 4px;font-size:.85em;margin-left:4px}
.sig-line{color:#555;font-size:.85em}.text{white-space:pre-wrap;font-size:.9em}.note{color:#555;font-size:.9em}
"""

SCRIPT = r"""
(function(){
var data=JSON.parse(document.getElementById('data').textContent);
var names=data.names,details=data.details,passages=data.passages,pairs=data.pairs||null;
var tbody=document.querySelector('#questions tbody'),thead=document.querySelector('#questions thead');
function el(tag,cls,text){var e=document.createElement(tag);if(cls)e.className=cls;if(text!=null)e.textContent=text;return e;}
var langSel=document.getElementById('lang'),modeSel=document.getElementById('mode');
var langs=[];details.forEach(function(d){if(langs.indexOf(d.lang)<0)langs.push(d.lang);});
langs.sort().forEach(function(l){var o=el('option',null,l);o.value=l;langSel.appendChild(o);});
names.forEach(function(n){var o=el('option',null,n);o.value=n;modeSel.appendChild(o);});
if(pairs){document.getElementById('outcome-label').hidden=false;}
var hr=el('tr');['id','lang','question'].concat(names.map(function(n){return 'gold rank: '+n;}))
  .concat(pairs?['B vs A']:[]).forEach(function(h){hr.appendChild(el('th',null,h));});thead.appendChild(hr);
function outcome(d){if(!pairs)return '';var out=[];pairs.forEach(function(p){var a=d.rank[p[0]],b=d.rank[p[1]];
  var ra=a?1/a:0,rb=b?1/b:0;out.push(rb>ra?'win':rb<ra?'loss':'tie');});
  return out.indexOf('win')>=0&&out.indexOf('loss')<0?'win':out.indexOf('loss')>=0&&out.indexOf('win')<0?'loss':
  out.every(function(o){return o==='tie';})?'tie':'mixed';}
var rows=[];
details.forEach(function(d,i){var tr=el('tr','q');tr.dataset.i=i;tr.dataset.lang=d.lang;
  tr.appendChild(el('td',null,d.id));tr.appendChild(el('td',null,d.lang));tr.appendChild(el('td',null,d.q));
  names.forEach(function(n){var r=d.rank[n];var td=el('td',r===1?'first':'miss',r==null?'—':String(r));
    if(!(n in d.rank)){td.className='';td.textContent='';}tr.appendChild(td);});
  d.outcome=outcome(d);if(pairs)tr.appendChild(el('td',null,d.outcome));
  tr.addEventListener('click',function(){toggle(tr,d);});rows.push(tr);tbody.appendChild(tr);});
function missed(d,mode){var ms=mode?[mode]:names;return ms.some(function(n){return (n in d.rank)&&d.rank[n]!==1;});}
function apply(){var onlyMiss=document.getElementById('misses').checked,lang=langSel.value,mode=modeSel.value,
  oc=document.getElementById('outcome').value,shown=0;
  rows.forEach(function(tr){var d=details[+tr.dataset.i];var ok=(!lang||d.lang===lang)&&(!onlyMiss||missed(d,mode))&&
    (!oc||d.outcome===oc)&&(!mode||mode in d.rank);tr.hidden=!ok;if(tr.nextSibling&&tr.nextSibling.className==='detail')
    tr.nextSibling.hidden=!ok;if(ok)shown++;});
  document.getElementById('count').textContent=shown+' of '+details.length+' questions';}
['misses','lang','mode','outcome'].forEach(function(id){document.getElementById(id).addEventListener('change',apply);});
function passage(pid){return passages[pid]||[pid,'',''];}
function toggle(tr,d){var next=tr.nextSibling;if(next&&next.className==='detail'){next.remove();return;}
  var row=el('tr','detail'),td=el('td');td.colSpan=tr.children.length;row.appendChild(td);
  var gold=new Set(d.gold);var box=el('div','modes');
  names.forEach(function(n){if(!d.hits[n])return;var col=el('div','mode');col.dataset.mode=n;
    col.appendChild(el('h3',null,n+(d.rank[n]?' — gold at '+d.rank[n]:' — gold not found')));
    d.hits[n].forEach(function(h,k){var p=passage(h[1]);var isGold=gold.has(h[0]);var div=el('div',isGold?'hit gold':'hit');
      var head=el('div');head.appendChild(el('b',null,'#'+(k+1)+' '+p[0]));
      head.appendChild(document.createTextNode(' ('+p[1]+', score '+h[2]+')'));
      if(isGold)head.appendChild(el('span','badge','gold'));div.appendChild(head);
      var others=names.filter(function(m){return m!==n&&d.hits[m];}).map(function(m){
        var at=d.hits[m].findIndex(function(x){return x[0]===h[0];});return m+' '+(at<0?'—':'#'+(at+1)+' ('+d.hits[m][at][2]+')');});
      if(others.length)div.appendChild(el('div','sig-line','other signals: '+others.join(' · ')));
      div.appendChild(el('div','text',p[2]));col.appendChild(div);});box.appendChild(col);});
  td.appendChild(box);var g=el('div','gold-list');g.appendChild(el('h3',null,'Gold paragraph(s)'));
  d.gold.forEach(function(k){var p=passage(k);var div=el('div','hit gold');var head=el('div');
    head.appendChild(el('b',null,p[0]));head.appendChild(el('span','badge','gold'));div.appendChild(head);
    div.appendChild(el('div','text',p[2]));g.appendChild(div);});
  td.appendChild(g);tr.after(row);}
apply();
})();
"""
