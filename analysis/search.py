"""Search the whole KPI catalogue (Kolada's ~6 100 KPIs, retired ones and own ones) by id, title and
description, the way a Swedish analyst types.

Why it is built like this:
- Swedish inflects and compounds. Words are compared by their Snowball stem ("nöjda" and "nöjdhet"
  meet "nöjd"; "maten" meets "mat"), by prefix (a half-typed "behör"), and as compound parts
  ("boende" finds "äldreboende", "skola" finds "skolmåltider"); a query word the catalogue lacks is
  tried as two catalogue words ("skolenkät" → "skol" + "enkät"). A query typed without å/ä/ö
  ("aldreboende") matches the words with them.
- Kolada's titles do not use everyday words. `SYNONYMS` is a short list of what people say next to what
  Kolada writes ("äldreboende" → "särskilt boende", "nöjd" → "brukarbedömning", "socialbidrag" →
  "ekonomiskt bistånd"); a synonym counts a little less than the word itself.
- Relevance, in this order: the id (exact, then a prefix of it); how many of the query's words
  matched (all before some); then a score where a title hit counts `TITLE_WEIGHT` times a description
  hit and a rare word counts more than a common one (inverse document frequency, so "maten" outweighs
  "nöjd"); ties go to KPIs with values, then to the shorter title.
- Speed: the index (vocabulary, stems, token × KPI matrices) is built once per catalogue; a query is a
  handful of vectorised string comparisons over the vocabulary and sparse column picks, well under
  100 ms (bench/search_bench.py).

Pure computation over the DataFrame that `store.catalogue.catalogue` reads.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd
import snowballstemmer
from scipy import sparse

TITLE_WEIGHT = 3.0
SYNONYM_WEIGHT = 0.8
SPLIT_WEIGHT = 0.75
MAX_WORDS = 12
RESULT_COLUMNS = [
    "kpi_id",
    "title",
    "has_values",
    "first_year",
    "last_year",
    "operating_area",
    "unit",
    "source",
    "retired",
    "words_matched",
    "score",
]
# Words that carry no meaning of their own in a KPI title; dropped unless the query is nothing else.
STOPWORDS = frozenset(
    "och i med av för som på till en ett att om den det de är eller från vid inom per samt hos mot hur vad "
    "the of and in for with to a an by on".split()
)
# What people say ↔ what Kolada writes. Each group's members find each other; a member may be a phrase,
# which must then stand word after word (by stem) in a title or description.
SYNONYMS: tuple[tuple[str, ...], ...] = (
    ("äldreboende", "särskilt boende", "säbo"),
    ("nöjd", "nöjdhet", "brukarbedömning"),
    ("socialbidrag", "ekonomiskt bistånd", "försörjningsstöd"),
    ("dagis", "förskola"),
    ("kommunalskatt", "skattesats", "utdebitering"),
    ("lärartäthet", "elever per lärare"),
    ("nyanlända", "nyinvandrade"),
    ("folkmängd", "invånare", "befolkning"),
    ("skolmat", "skolmåltid"),
)
# Swedish inflection endings (Snowball's, shortened): what may follow a stem in the same word.
ENDINGS = frozenset(
    "a e n s t an en et na ar er or as es ns ts ad at de te are ast ande ande arna erna orna heten ans ens ets".split()
)
_TOKEN = re.compile(r"[^\W_]+")
_KEEP = (("a\u030a", "å"), ("a\u0308", "ä"), ("o\u0308", "ö"))
_COMBINING = re.compile(r"[\u0300-\u036f]")
_FOLD = str.maketrans({"å": "a", "ä": "a", "ö": "o"})
_STEMMER = snowballstemmer.stemmer("swedish")


def normalize(text: str) -> str:
    """Lower case; accents other than å/ä/ö dropped (é → e, ü → u), since Swedish keeps å, ä, ö as letters."""
    decomposed = unicodedata.normalize("NFD", str(text).casefold())
    for base, letter in _KEEP:
        decomposed = decomposed.replace(base, letter)
    return _COMBINING.sub("", decomposed)


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(normalize(text))


def fold(word: str) -> str:
    """The word as typed on a keyboard without å, ä, ö."""
    return word.translate(_FOLD)


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    return _STEMMER.stemWord(word)


@dataclass(frozen=True)
class SearchIndex:
    """The catalogue prepared for searching. `catalogue` keeps the store's rows (kpi_id, title,
    description, operating_area, unit, source, retired, first_year, last_year) in index order."""

    catalogue: pd.DataFrame
    ids: np.ndarray  # upper-case kpi ids
    vocab: np.ndarray  # every distinct token of titles and descriptions
    vocab_stems: np.ndarray
    vocab_folded: np.ndarray
    vocab_folded_stems: np.ndarray
    title_tokens: sparse.csc_matrix  # KPI × vocab, 1 where the token stands in the title
    desc_tokens: sparse.csc_matrix
    title_stems: tuple[str, ...]  # " stem stem … " per KPI, for phrase synonyms
    desc_stems: tuple[str, ...]
    has_values: np.ndarray
    title_length: np.ndarray
    id_rank: np.ndarray  # position in id order

    @property
    def size(self) -> int:
        return len(self.ids)


def build_index(catalogue: pd.DataFrame) -> SearchIndex:
    """Tokenise and stem every title and description once (about a second for the whole catalogue)."""
    cat = catalogue.reset_index(drop=True)
    titles = [tokens(x) for x in cat["title"].fillna("")]
    descs = [tokens(x) for x in cat["description"].fillna("")]
    vocab = sorted({w for ws in titles for w in ws} | {w for ws in descs for w in ws})
    position = {w: i for i, w in enumerate(vocab)}
    stems = [stem(w) for w in vocab]
    folded = [fold(w) for w in vocab]

    def matrix(docs: list[list[str]]) -> sparse.csc_matrix:
        rows = [i for i, ws in enumerate(docs) for _ in set(ws)]
        cols = [position[w] for ws in docs for w in set(ws)]
        data = np.ones(len(rows), dtype=np.float32)
        return sparse.csc_matrix((data, (rows, cols)), shape=(len(docs), len(vocab)))

    stem_of = dict(zip(vocab, stems))
    return SearchIndex(
        catalogue=cat,
        ids=np.array([str(k).upper() for k in cat["kpi_id"]], dtype=str),
        vocab=np.array(vocab, dtype=str),
        vocab_stems=np.array(stems, dtype=str),
        vocab_folded=np.array(folded, dtype=str),
        vocab_folded_stems=np.array([stem(w) for w in folded], dtype=str),
        title_tokens=matrix(titles),
        desc_tokens=matrix(descs),
        title_stems=tuple(" " + " ".join(stem_of[w] for w in ws) + " " for ws in titles),
        desc_stems=tuple(" " + " ".join(stem_of[w] for w in ws) + " " for ws in descs),
        has_values=cat["first_year"].notna().to_numpy(),
        title_length=cat["title"].fillna("").str.len().to_numpy(),
        id_rank=np.argsort(np.argsort(cat["kpi_id"].astype(str).to_numpy(), kind="stable"), kind="stable"),
    )


def _token_weights(vocab: np.ndarray, stems: np.ndarray, word: str) -> np.ndarray:
    """How well each vocabulary token matches one query word, 0–1 (see the module docstring)."""
    s = stem(word)
    lw, ls = len(word), len(s)
    vlen = np.strings.str_len(vocab)
    w = np.zeros(len(vocab), dtype=np.float32)
    if ls >= 6:  # inside a compound: "boende" in "äldreboendeplatser"
        w[np.strings.find(vocab, s) >= 0] = 0.6
    if ls >= 4:  # compound head or modifier: "äldreboende" ends in "boende", "skolmåltid" starts with "skol"
        w[np.strings.endswith(stems, s) & (vlen > ls + 2)] = 0.7
        w[np.strings.startswith(vocab, s)] = np.maximum(w[np.strings.startswith(vocab, s)], 0.7)
    if lw >= 4:  # a longer form or a half-typed word ("mat" is a word, not the start of "matematik")
        pre = np.strings.startswith(vocab, word)
        w[pre] = np.maximum(w[pre], 0.85)
    # the token's stem plus an inflection ending is the query word: "förskol(a)" for "förskolan"
    slen = np.strings.str_len(stems)
    back = np.flatnonzero(np.strings.startswith(np.full(len(vocab), word), stems) & (slen >= 4))
    back = [i for i in back if word[slen[i] :] in ENDINGS]
    w[back] = np.maximum(w[back], 0.9)
    w[stems == s] = np.maximum(w[stems == s], 0.95)
    w[vocab == word] = 1.0
    return w


@dataclass(frozen=True)
class _WordHits:
    title: np.ndarray  # per KPI, 0–1
    desc: np.ndarray


def _kpi_weights(index: SearchIndex, token_weights: np.ndarray) -> _WordHits:
    picked = np.flatnonzero(token_weights)
    if len(picked) == 0:
        zero = np.zeros(index.size, dtype=np.float32)
        return _WordHits(zero, zero)
    scale = sparse.diags(token_weights[picked])

    def best(m: sparse.csc_matrix) -> np.ndarray:
        return np.asarray((m[:, picked] @ scale).max(axis=1).todense()).ravel()

    return _WordHits(best(index.title_tokens), best(index.desc_tokens))


def _phrase_hits(index: SearchIndex, phrase: str) -> _WordHits:
    """1 where the phrase's stems stand next to each other in the title / description."""
    words = tokens(phrase)
    needle = " " + " ".join(stem(w) for w in words) + " "
    if len(words) == 1:
        exact = (index.vocab_stems == needle.strip()).astype(np.float32)
        return _kpi_weights(index, exact)
    first = _kpi_weights(index, (index.vocab_stems == stem(words[0])).astype(np.float32))
    rows = np.flatnonzero((first.title > 0) | (first.desc > 0))  # only rows with the first word
    title = np.zeros(index.size, dtype=np.float32)
    desc = np.zeros(index.size, dtype=np.float32)
    for i in rows:
        title[i] = needle in index.title_stems[i]
        desc[i] = needle in index.desc_stems[i]
    return _WordHits(title, desc)


def _synonym_hits(index: SearchIndex, word: str) -> _WordHits | None:
    s = stem(word)

    def same(member: str) -> bool:
        return " " not in member and s in (stem(member), fold(stem(member)))

    groups = [g for g in SYNONYMS if any(same(m) for m in g)]
    if not groups:
        return None
    title = np.zeros(index.size, dtype=np.float32)
    desc = np.zeros(index.size, dtype=np.float32)
    for group in groups:
        for member in group:
            if same(member):
                continue
            hits = _phrase_hits(index, member)
            title, desc = np.maximum(title, hits.title), np.maximum(desc, hits.desc)
    return _WordHits(title * SYNONYM_WEIGHT, desc * SYNONYM_WEIGHT)


def _split_hits(index: SearchIndex, word: str) -> _WordHits | None:
    """A compound the catalogue lacks, as two parts it has (a linking s dropped: "skolenkät" → "skol" +
    "enkät", "kvalitetsindex" → "kvalitet" + "index"); both parts must match, weaker than a word."""

    def found(part: str) -> bool:
        return len(part) >= 3 and bool(_token_weights(index.vocab, index.vocab_stems, part).any())

    for i in range(len(word) - 3, 2, -1):
        right = word[i:]
        for left in (word[:i], word[: i - 1] if word[i - 1] == "s" else None):
            if left and found(left) and found(right):
                a = _word_hits(index, left, split=False)
                b = _word_hits(index, right, split=False)
                anywhere_a, anywhere_b = np.maximum(a.title, a.desc), np.maximum(b.title, b.desc)
                return _WordHits(
                    np.minimum(a.title, b.title) * SPLIT_WEIGHT, np.minimum(anywhere_a, anywhere_b) * SPLIT_WEIGHT
                )
    return None


def _word_hits(index: SearchIndex, word: str, split: bool = True) -> _WordHits:
    weights = _token_weights(index.vocab, index.vocab_stems, word)
    if fold(word) == word:  # typed without å/ä/ö: compare with the catalogue's words folded too
        folded = _token_weights(index.vocab_folded, index.vocab_folded_stems, word) * 0.95
        weights = np.maximum(weights, folded)
    hits = _kpi_weights(index, weights)
    synonyms = _synonym_hits(index, word)
    if synonyms is not None:
        hits = _WordHits(np.maximum(hits.title, synonyms.title), np.maximum(hits.desc, synonyms.desc))
    if split and not weights.any() and len(word) >= 7:
        parts = _split_hits(index, word)
        if parts is not None:
            hits = _WordHits(np.maximum(hits.title, parts.title), np.maximum(hits.desc, parts.desc))
    return hits


def query_words(text: str) -> list[str]:
    """The query's words without stop words (unless it has nothing else), at most MAX_WORDS."""
    words = list(dict.fromkeys(tokens(text)))[:MAX_WORDS]
    content = [w for w in words if w not in STOPWORDS]
    return content or words


def _id_hits(index: SearchIndex, text: str) -> np.ndarray:
    """2 for a KPI whose id is the query or one of its parts, 1 for an id starting with such a part
    (only parts with a digit: "N154" is an id being typed, "egen" is a word)."""
    parts = {p.upper() for p in text.split() if p} | {text.strip().upper()}
    hit = np.zeros(index.size, dtype=np.int8)
    for p in parts:
        if any(ch.isdigit() for ch in p) and len(p) >= 2:
            hit[np.strings.startswith(index.ids, p)] = np.maximum(hit[np.strings.startswith(index.ids, p)], 1)
        hit[index.ids == p] = 2
    return hit


def search(index: SearchIndex, text: str, limit: int | None = 50) -> pd.DataFrame:
    """The KPIs that match `text`, best first (RESULT_COLUMNS; at most `limit` rows)."""
    text = str(text)[:300]
    ids = _id_hits(index, text)
    words = query_words(text)
    matched = np.zeros(index.size, dtype=np.int16)
    score = np.zeros(index.size, dtype=np.float64)
    for word in words:
        hits = _word_hits(index, word)
        best = np.maximum(TITLE_WEIGHT * hits.title, hits.desc)
        found = best > 0
        df = int(found.sum())
        if df == 0:
            continue
        matched += found
        score += best * math.log(1.0 + index.size / df)
    keep = np.flatnonzero((matched > 0) | (ids > 0))
    order = np.lexsort(
        (
            index.title_length[keep],
            np.where(ids[keep] == 1, index.id_rank[keep], 0),  # ids being typed: in id order
            ~index.has_values[keep],
            -score[keep],
            -matched[keep],
            -ids[keep],
        )
    )
    keep = keep[order][:limit] if limit is not None else keep[order]
    out = index.catalogue.iloc[keep].reset_index(drop=True)
    return out.assign(
        has_values=index.has_values[keep],
        first_year=out["first_year"].astype("Int64"),
        last_year=out["last_year"].astype("Int64"),
        retired=out["retired"].astype(bool),
        words_matched=matched[keep].astype(int),
        score=np.round(score[keep], 3),
    )[RESULT_COLUMNS]
