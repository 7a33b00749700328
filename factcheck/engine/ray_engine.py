"""The batch run on Ray: loading, claim extraction and embedding as Ray Data batches over
shards of files; matching on the driver, per dimension group (exact search for small
groups, the HNSW index for large ones: ``factcheck.match.candidates``).

The stages are ``factcheck.pipeline``'s public functions, and the result is the local
run's: articles, claims and mentions come out in the order the local run reads the files,
each shard's vectors come from the same encoder, and the driver finds the flags with the
same ``match.run.find_flags``. Without ``RAY_ADDRESS`` (or ``address``), Ray
starts on this machine; with it, the shards go to the cluster's workers, which must see
the source files at the same paths and have factcheck installed.

    factcheck run SOURCES --engine ray [--shard-files 64] [--workers N] [--device cuda]
"""

from __future__ import annotations

import os
import pickle
import time
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from factcheck.errors import FactcheckError, SourceError, UsageError
from factcheck.extract.walk import discover
from factcheck.match.embed import VectorCache, load_embedder
from factcheck.match.learned import DecisionModel, current
from factcheck.match.run import find_flags
from factcheck.pipeline import Result, embed_mentions, extract_claims, find_mentions, load_sources
from factcheck.records import Article, Claim, Mention, Note

SHARD_FILES = 64  # files a Ray Data batch reads, extracts and embeds together


def shards(sources: Iterable[str | Path], size: int = SHARD_FILES) -> list[list[tuple[str, str]]]:
    """The files under ``sources`` as (file, path shown in the report), in the local run's
    order, cut into shards of ``size`` files."""
    found, _ = discover(sources)  # what cannot be read is noted again when its shard reads it
    files = [(str(f.file), f.shown) for f in found]
    return [files[i:i + size] for i in range(0, len(files), size)]


def extract_shard(files: Sequence[tuple[str, str]]) -> tuple[list[Article], list[Note], list[Claim], list[Mention]]:
    """Read, split and describe the files of one shard, as the local run does."""
    articles: list[Article] = []
    notes: list[Note] = []
    for f, shown in files:
        arts, file_notes = load_sources([f])
        name = Path(f).name
        articles += [replace(a, id=f"{shown}#{a.record}", path=shown) if a.path == name else a for a in arts]
        notes += [replace(n, path=shown) if n.path == name else n for n in file_notes]
    claims = extract_claims(articles)
    return articles, notes, claims, find_mentions(claims, articles)


def _extract_batch(batch: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    out = []
    for files in batch["files"]:
        try:
            out.append(pickle.dumps(("ok", extract_shard(pickle.loads(files)))))
        except FactcheckError as e:  # reported on the driver as the error it is
            out.append(pickle.dumps(("error", e)))
    return {"shard": batch["shard"], "payload": np.asarray(out, dtype=object)}


class _Encode:
    """A Ray Data worker holding one encoder: adds each shard's vectors."""

    def __init__(self, model: str | None, encoder: str, device: str, cache_dir: str | None) -> None:
        self.embedder = load_embedder(model, encoder, device)
        self.cache = VectorCache(cache_dir) if cache_dir else None

    def __call__(self, batch: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        out = []
        for payload in batch["payload"]:
            status, value = pickle.loads(payload)
            if status == "ok":
                articles, notes, claims, ms = value
                vecs, computed = embed_mentions(ms, self.embedder, self.cache)
                value = (articles, notes, claims, ms, vecs, computed, self.embedder.identity)
            out.append(pickle.dumps((status, value)))
        return {"shard": batch["shard"], "payload": np.asarray(out, dtype=object)}


def run(sources: Iterable[str | Path], model: str | None = None, cache_dir: str | Path | None = None,
        threshold: float | None = None, *, encoder: str = "onnx", device: str = "cpu", shard_files: int = SHARD_FILES,
        workers: int | None = None, address: str | None = None, num_cpus: int | None = None,
        decision: DecisionModel | None = None) -> Result:
    """The batch run of ``sources`` on Ray; the same ``Result`` as ``factcheck.pipeline.run``."""
    try:
        import ray
    except ImportError:
        raise UsageError("--engine ray needs Ray: pip install 'factcheck[ray]'") from None
    t0 = time.perf_counter()
    parts = shards(sources, shard_files)
    started = not ray.is_initialized()
    if started:
        address = address or os.environ.get("RAY_ADDRESS")
        ray.init(address=address, num_cpus=None if address else num_cpus, include_dashboard=False,
                 log_to_driver=False, configure_logging=False)
    try:
        ctx = ray.data.DataContext.get_current()
        ctx.enable_progress_bars = False
        ctx.verbose_stats_logs = False
        items = [{"shard": i, "files": pickle.dumps(files)} for i, files in enumerate(parts)]
        encode_opts: dict[str, Any] = {"num_gpus": 1} if device != "cpu" else {}
        n_workers = workers or max(1, min(len(parts), int(ray.available_resources().get("CPU", 1)) // 2 or 1))  # type: ignore[no-untyped-call]
        ds = (ray.data.from_items(items)
              .map_batches(_extract_batch, batch_size=1)
              .map_batches(_Encode, batch_size=1, compute=ray.data.ActorPoolStrategy(size=n_workers), fn_constructor_kwargs={
                  "model": model, "encoder": encoder, "device": device,
                  "cache_dir": str(cache_dir) if cache_dir else None}, **encode_opts))
        rows = sorted(ds.take_all(), key=lambda r: int(r["shard"])) if items else []
    finally:
        if started:
            ray.shutdown()
    t1 = time.perf_counter()
    articles: list[Article] = []
    notes: list[Note] = []
    claims: list[Claim] = []
    ms: list[Mention] = []
    vecs: list[np.ndarray] = []
    computed, identity = 0, ""
    for row in rows:
        status, value = pickle.loads(row["payload"])
        if status == "error":
            raise value if isinstance(value, FactcheckError) else SourceError("?", str(value))
        arts, part_notes, part_claims, part_ms, part_vecs, part_computed, identity = value
        articles += arts
        notes += part_notes
        claims += part_claims
        ms += part_ms
        vecs.append(part_vecs)
        computed += part_computed
    if not identity:
        identity = load_embedder(model, encoder, device).identity if not rows else identity
    vectors = np.concatenate(vecs) if vecs else np.zeros((0, 0), dtype=np.float32)
    flags = find_flags(ms, vectors, claims, articles, decision or current(), threshold=threshold).flags
    seconds = {"ray (load, claims, embed)": t1 - t0, "match": time.perf_counter() - t1}
    return Result(articles, claims, ms, vectors, flags, notes, identity, seconds, computed)
