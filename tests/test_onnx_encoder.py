"""The torch-free encoder and the model's identity.

ONNX Runtime must give sentence-transformers' vectors (within 1e-4 cosine) on the seed and
BBC claims; `factcheck check` must run without importing torch; every file the encoder
loads is part of the model's identity; a model that cannot load is an `Error:` with exit 2.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from factcheck.errors import ModelError
from factcheck.match.model import MODEL_NAME, PINNED, WEIGHTS_SHA256, default_model_path, resolve_model

from .conftest import ROOT, SHARED, SOURCES

BBC = SHARED / "benchmarks" / "bbc_news" / "bbc_articles.jsonl"
PINNED_ID = f"{MODEL_NAME}@{WEIGHTS_SHA256[:16]}"
NEW_ARTICLE = ("SenseTime files for listing after record funding round\n\n"
               "SenseTime, the Chinese facial recognition company, said on Monday that it had raised "
               "$750 million in its Series C round led by Alibaba.\n")


@pytest.fixture(scope="module")
def onnx_embedder():
    from factcheck.match.onnx_encoder import OnnxEmbedder

    return OnnxEmbedder()


def _texts(sources: list[Path], every: int = 1) -> list[str]:
    """The masked figure contexts the matcher embeds, and the claims' sentences."""
    from factcheck.extract.claims import extract_all
    from factcheck.extract.load import load
    from factcheck.extract.mentions import mentions

    articles, _ = load(sources)
    claims = extract_all(articles)[::every]
    windows = [m.window for m in mentions(claims, {a.id: a for a in articles})]
    return list(dict.fromkeys(windows + [c.text for c in claims]))


def _agreement(onnx_embedder, embedder, texts: list[str]) -> float:
    a, b = onnx_embedder.encode(texts), embedder.encode(texts)
    assert a.dtype == np.float32 and a.shape == b.shape
    assert np.allclose(np.linalg.norm(a, axis=1), 1, atol=1e-5)
    return float((a * b).sum(axis=1).min())


@pytest.mark.model
def test_onnx_vectors_match_sentence_transformers_on_the_seed(onnx_embedder, embedder):
    texts = _texts([SOURCES])
    assert len(texts) > 150
    assert onnx_embedder.identity == embedder.identity == PINNED_ID
    assert _agreement(onnx_embedder, embedder, texts) >= 1 - 1e-4


@pytest.mark.model
@pytest.mark.slow
@pytest.mark.skipif(not BBC.exists(), reason="the BBC corpus is not beside the repository")
def test_onnx_vectors_match_sentence_transformers_on_bbc_claims(onnx_embedder, embedder):
    texts = _texts([BBC], every=25)  # every 25th claim of 11,580, and its figures' contexts
    assert len(texts) > 500
    assert _agreement(onnx_embedder, embedder, texts) >= 1 - 1e-4


@pytest.mark.model
def test_onnx_encoder_handles_long_and_empty_input(onnx_embedder, embedder):
    texts = ["", "word " * 400, "SenseTime: valued at [MONEY]"]  # 400 words: cut at 256 tokens, as ST does
    assert _agreement(onnx_embedder, embedder, texts) >= 1 - 1e-4
    assert onnx_embedder.encode([]).shape == (0, 384)


@pytest.mark.model
def test_check_runs_without_torch(tmp_path):
    new = tmp_path / "new.txt"
    new.write_text(NEW_ARTICLE, encoding="utf-8")
    script = (
        "import sys\n"
        "from factcheck.cli import main\n"
        f"sys.argv = ['factcheck', 'check', {str(new)!r}, '--base', {str(ROOT / 'claims' / 'base')!r}, "
        "'--format', 'json']\n"
        "try:\n    main()\nexcept SystemExit as e:\n    code = e.code\n"
        "print('TORCH', 'torch' in sys.modules, 'EXIT', code, file=sys.stderr)\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert "TORCH False EXIT 1" in done.stderr, done.stderr
    flags = json.loads(done.stdout)["flags"]
    assert flags and all(f["kind"] == "conflict" for f in flags)  # $750m vs the stored $600m Series C


# -- identity: every file the encoder loads


def _copy_model(dest: Path) -> Path:
    """The bundled model folder, its weights linked (not copied), the small files copied."""
    src = default_model_path()
    shutil.copytree(src, dest, ignore=shutil.ignore_patterns("model.safetensors"))
    (dest / "model.safetensors").symlink_to(src / "model.safetensors")
    return dest


def test_bundled_model_is_pinned_file_by_file(monkeypatch):
    monkeypatch.delenv("FACTCHECK_MODEL", raising=False)
    spec = resolve_model()
    assert spec.pinned and spec.identity == PINNED_ID
    assert dict(spec.files) == PINNED
    assert (spec.pooling, spec.normalize, spec.max_seq_length) == ("mean", True, 256)


def test_an_identical_copy_is_the_pinned_model(tmp_path, monkeypatch):
    copy = _copy_model(tmp_path / "copy")
    monkeypatch.setenv("FACTCHECK_MODEL", str(copy))
    assert resolve_model().identity == PINNED_ID
    assert resolve_model(copy).identity == PINNED_ID


def test_a_changed_pooling_config_is_another_model(tmp_path, monkeypatch):
    copy = _copy_model(tmp_path / "cls-pooled")
    config = copy / "1_Pooling" / "config.json"
    cfg = json.loads(config.read_text())
    cfg.update(pooling_mode_mean_tokens=False, pooling_mode_cls_token=True)
    config.write_text(json.dumps(cfg))
    spec = resolve_model(copy)
    assert not spec.pinned and spec.pooling == "cls"
    assert spec.identity.startswith("cls-pooled@") and spec.identity != PINNED_ID
    monkeypatch.setenv("FACTCHECK_MODEL", str(copy))  # allowed there too, and recorded as what it is
    assert resolve_model().identity == spec.identity


@pytest.mark.parametrize("name", ["tokenizer.json", "vocab.txt", "config.json", "sentence_bert_config.json"])
def test_every_loaded_file_is_in_the_identity(tmp_path, name):
    copy = _copy_model(tmp_path / "m")
    with (copy / name).open("a", encoding="utf-8") as f:
        f.write("\n")
    assert resolve_model(copy).identity != PINNED_ID


def test_unusable_model_folders_are_model_errors(tmp_path):
    with pytest.raises(ModelError, match="not found"):
        resolve_model(tmp_path / "nowhere")
    with pytest.raises(ModelError, match="no model.safetensors"):
        resolve_model(tmp_path)
    copy = _copy_model(tmp_path / "no-modules")
    (copy / "modules.json").unlink()
    with pytest.raises(ModelError, match="modules.json"):
        resolve_model(copy)


@pytest.mark.model
@pytest.mark.slow
def test_truncated_weights_are_an_error_with_exit_2(tmp_path):
    copy = _copy_model(tmp_path / "truncated")
    weights = copy / "model.safetensors"
    data = weights.resolve().read_bytes()[:1_000_000]
    weights.unlink()
    weights.write_bytes(data)
    new = tmp_path / "new.txt"
    new.write_text(NEW_ARTICLE, encoding="utf-8")
    env = {**os.environ, "FACTCHECK_CACHE": str(tmp_path / "cache")}
    for encoder in ("onnx", "torch"):
        done = subprocess.run([str(Path(sys.executable).parent / "factcheck"), "check", str(new), "--model", str(copy),
                               "--base", str(ROOT / "claims" / "base")],
                              capture_output=True, text=True, timeout=300, cwd=ROOT,
                              env={**env, "FACTCHECK_ENCODER": encoder})
        assert done.returncode == 2, (encoder, done.stderr)
        assert done.stderr.startswith("Error: ") and "Traceback" not in done.stderr, done.stderr


def test_weights_hash_is_reused_only_while_the_file_is_unchanged(tmp_path):
    copy = _copy_model(tmp_path / "m")
    weights = copy / "model.safetensors"
    weights.unlink()
    weights.write_bytes(b"weights one")
    known = tmp_path / "known.json"
    first = resolve_model(copy, weights_known=known)
    assert dict(first.files)["model.safetensors"] == hashlib.sha256(b"weights one").hexdigest()
    table = json.loads(known.read_text())
    entry = table[str(weights.resolve())]
    entry[2] = "0" * 64  # a recorded hash is trusted while size and mtime match ...
    known.write_text(json.dumps(table))
    assert dict(resolve_model(copy, weights_known=known).files)["model.safetensors"] == "0" * 64
    weights.write_bytes(b"weights two")  # ... and not once they change
    os.utime(weights, ns=(entry[1] + 10**9, entry[1] + 10**9))
    assert dict(resolve_model(copy, weights_known=known).files)["model.safetensors"] == \
        hashlib.sha256(b"weights two").hexdigest()
    assert dict(resolve_model(copy).files)["model.safetensors"] == hashlib.sha256(b"weights two").hexdigest()
