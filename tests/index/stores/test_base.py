from corpus.loading import Corpus
from index.stores.base import paragraph_key


def test_keys_are_stable_positive_63_bit_and_unique(corpus: Corpus) -> None:
    keys = [paragraph_key(p.doc_id, p.ordinal) for p in corpus.paragraphs]
    assert len(set(keys)) == len(keys)
    assert all(0 <= k < 2**63 for k in keys)
    assert paragraph_key("004_723cbf81696a18db", 3) == paragraph_key("004_723cbf81696a18db", 3)
    assert paragraph_key("a", 1) != paragraph_key("a", 2) != paragraph_key("b", 1)
