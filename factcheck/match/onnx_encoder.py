"""The encoder without torch: the model's transformer exported once to ONNX, run with ONNX
Runtime, tokenised with the ``tokenizers`` library, then pooled and normalised as
sentence-transformers does (mean over the attention mask, unit length).

The export needs torch, so it runs in a child process (``python -m
factcheck.match.onnx_encoder export``): the process that encodes never imports torch. It
writes ``model.onnx`` and ``export.json`` (the sha256 of ``model.onnx``, the source model's
identity and combined file hash) into ``<cache>/onnx/<model hash>/``; ``make install`` runs
it, and the first encoder to find it missing runs it too. Every load hashes what this
encoder reads (``model.onnx``, checked against the sha256 recorded at export; tokenizer and
configs) and finds the export by the source model's combined hash; the source weights,
which this encoder does not read, are re-hashed only when their size or mtime changed. The vectors agree with sentence-transformers' to within 1e-4 cosine
(tests/test_onnx_encoder.py), so the ONNX and torch encoders share the model's identity.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from factcheck.errors import ModelError
from factcheck.files import sha256_file
from factcheck.match.model import ModelSpec, resolve_model

OPSET = 17
EXPORT_RECORD = "export.json"


def default_cache_root() -> Path:
    return Path(os.environ.get("FACTCHECK_CACHE", Path.home() / ".cache" / "factcheck"))


def export_dir(spec: ModelSpec, cache_root: Path | None = None) -> Path:
    return (cache_root or default_cache_root()) / "onnx" / spec.digest[:32]


def _read_record(folder: Path) -> dict[str, object] | None:
    try:
        record = json.loads((folder / EXPORT_RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return record if isinstance(record, dict) else None


def ensure_export(spec: ModelSpec, cache_root: Path | None = None) -> Path:
    """``model.onnx`` for ``spec``, exported (in a child process) if missing or damaged."""
    folder = export_dir(spec, cache_root)
    record = _read_record(folder)
    if record is None or record.get("digest") != spec.digest or not (folder / "model.onnx").is_file():
        _run_export(spec, folder)
        record = _read_record(folder)
        if record is None:
            raise ModelError(f"the ONNX export of {spec.identity} left no {folder / EXPORT_RECORD}")
    onnx_file = folder / "model.onnx"
    digest = sha256_file(onnx_file)
    if digest != record.get("sha256"):
        _run_export(spec, folder)  # damaged in the cache: export afresh, once
        record = _read_record(folder) or {}
        digest = sha256_file(onnx_file)
        if digest != record.get("sha256"):
            raise ModelError(f"{onnx_file}: sha256 {digest} is not the one recorded at export "
                             f"({record.get('sha256')}); delete {folder} and run `make install`")
    return onnx_file


def _run_export(spec: ModelSpec, folder: Path) -> None:
    cmd = [sys.executable, "-m", "factcheck.match.onnx_encoder", "export", str(spec.folder), str(folder)]
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=900)
    except (OSError, subprocess.TimeoutExpired) as e:
        raise ModelError(f"cannot export {spec.folder} to ONNX: {e}") from None
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no message"])[-1]
        raise ModelError(f"cannot export {spec.folder} to ONNX ({last}); `--encoder torch` runs it without ONNX")


class OnnxEmbedder:
    """A sentence-transformers model run through ONNX Runtime; no torch in this process."""

    def __init__(self, path: str | Path | None = None, batch_size: int = 32, threads: int | None = None,
                 cache_root: Path | None = None, spec: ModelSpec | None = None) -> None:
        root = cache_root or default_cache_root()
        # this encoder reads the export, not the weights: their hash is reused while they are unchanged
        self.spec = spec or resolve_model(path, weights_known=root / "onnx" / "weights-sha256.json")
        onnx_file = ensure_export(self.spec, root)
        import onnxruntime as ort
        from tokenizers import Tokenizer

        try:
            self.tokenizer = Tokenizer.from_file(str(self.spec.folder / "tokenizer.json"))
        except Exception as e:  # the tokenizers library raises plain Exceptions
            raise ModelError(f"{self.spec.folder / 'tokenizer.json'}: cannot load the tokenizer ({e})") from None
        self.tokenizer.enable_truncation(self.spec.max_seq_length)
        self.tokenizer.no_padding()
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = threads or min(os.cpu_count() or 1, 4)
        opts.inter_op_num_threads = 1
        opts.log_severity_level = 3
        try:
            self.session = ort.InferenceSession(str(onnx_file), opts, providers=["CPUExecutionProvider"])
        except Exception as e:  # onnxruntime's errors share no base class worth naming
            raise ModelError(f"{onnx_file}: ONNX Runtime cannot load it ({e}); delete it and run `make install`") from None
        self.inputs = [i.name for i in self.session.get_inputs()]
        self.dim = int(self.session.get_outputs()[0].shape[-1])
        self.identity = self.spec.identity
        self.batch_size = batch_size

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        if not texts:
            return out
        encodings = self.tokenizer.encode_batch(list(texts))
        order = sorted(range(len(texts)), key=lambda i: -len(encodings[i].ids))  # batches of like length
        for lo in range(0, len(order), self.batch_size):
            rows = order[lo:lo + self.batch_size]
            width = max(len(encodings[i].ids) for i in rows)
            feed = {name: np.zeros((len(rows), width), dtype=np.int64) for name in self.inputs}
            for r, i in enumerate(rows):
                e, n = encodings[i], len(encodings[i].ids)
                feed["input_ids"][r, :n] = e.ids
                feed["attention_mask"][r, :n] = e.attention_mask
                if "token_type_ids" in feed:
                    feed["token_type_ids"][r, :n] = e.type_ids
            hidden = self.session.run(None, feed)[0]
            out[rows] = pool(hidden, feed["attention_mask"], self.spec.pooling)
        # unit rows, as the Embedder protocol promises (and SentenceEmbedder asks for), Normalize module or not
        out /= np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)
        return out


def pool(hidden: np.ndarray, mask: np.ndarray, mode: str) -> np.ndarray:
    """Token vectors to one vector a text, as sentence-transformers' Pooling module does."""
    if mode == "cls":
        return np.asarray(hidden[:, 0], dtype=np.float32)
    m = mask[:, :, None].astype(np.float32)
    if mode == "max":
        return np.asarray(np.where(m > 0, hidden, -1e9).max(axis=1), dtype=np.float32)
    summed = (hidden * m).sum(axis=1)
    return np.asarray(summed / np.maximum(m.sum(axis=1), 1e-9), dtype=np.float32)


# -- the export, run in a child process (it imports torch)


def export(model_folder: Path, out: Path) -> None:
    """Export the transformer of the model in ``model_folder`` into ``out/model.onnx``."""
    import inspect

    import torch
    from transformers import AutoModel

    spec = resolve_model(model_folder)
    model = AutoModel.from_pretrained(str(model_folder))
    model.eval()
    takes_types = "token_type_ids" in inspect.signature(model.forward).parameters

    class Wrapped(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.inner = model

        def forward(self, *args: torch.Tensor) -> torch.Tensor:
            names = ["input_ids", "attention_mask", "token_type_ids"][:len(args)]
            return self.inner(**dict(zip(names, args))).last_hidden_state  # type: ignore[no-any-return]

    names = ["input_ids", "attention_mask"] + (["token_type_ids"] if takes_types else [])
    dummy = tuple(torch.ones((2, 8), dtype=torch.int64) if n != "token_type_ids" else
                  torch.zeros((2, 8), dtype=torch.int64) for n in names)
    out.mkdir(parents=True, exist_ok=True)
    tmp = out / f"model.onnx.tmp{os.getpid()}"
    axes = {n: {0: "batch", 1: "tokens"} for n in names}
    with torch.no_grad():
        torch.onnx.export(Wrapped(), dummy, str(tmp), input_names=names, output_names=["last_hidden_state"],
                          dynamic_axes={**axes, "last_hidden_state": {0: "batch", 1: "tokens"}},
                          opset_version=OPSET, dynamo=False)
    os.replace(tmp, out / "model.onnx")
    record = {"sha256": sha256_file(out / "model.onnx"), "digest": spec.digest, "identity": spec.identity,
              "files": dict(spec.files), "opset": OPSET, "torch": torch.__version__}
    tmp_record = out / f"{EXPORT_RECORD}.tmp{os.getpid()}"
    tmp_record.write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
    os.replace(tmp_record, out / EXPORT_RECORD)


def main(argv: Sequence[str]) -> int:
    """``export MODEL_DIR OUT_DIR``, or ``install [CACHE_ROOT]``: export the default model into the cache."""
    if len(argv) == 3 and argv[0] == "export":
        export(Path(argv[1]), Path(argv[2]))
        return 0
    if argv and argv[0] == "install" and len(argv) <= 2:
        spec = resolve_model()
        onnx_file = ensure_export(spec, Path(argv[1]) if len(argv) == 2 else None)
        print(f"{spec.identity}: {onnx_file}")
        return 0
    print("usage: python -m factcheck.match.onnx_encoder {export MODEL_DIR OUT_DIR | install [CACHE_ROOT]}",
          file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
