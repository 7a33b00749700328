"""The package's layers, written once: no module imports from a layer above its own."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "factcheck"

# Bottom to top. A module belongs to the entry that names the longest prefix of its name
# ("factcheck.match.run" is above the rest of "factcheck.match"); it may import from its own
# layer and the layers below, never from one above.
LAYERS: list[tuple[str, ...]] = [
    ("factcheck.errors", "factcheck.files", "factcheck.records", "factcheck.kinds", "factcheck.progress"),
    ("factcheck.extract",),  # reading articles: sentences, figures, what each figure measures
    ("factcheck.match",),  # embedding, candidates, aligned passages, the flag decision
    ("factcheck.match.run",),  # the one entry point of the matcher: find_flags
    ("factcheck.match.compare",),  # two passages through the matcher
    ("factcheck.pipeline", "factcheck.eval"),  # the stages strung together
    ("factcheck.engine", "factcheck.base", "factcheck.review"),  # Ray, the claim base, verdicts and the review page
    ("factcheck.outputs",),  # reports and check formats
    ("factcheck.cli", "factcheck"),  # the command line; the package's own exports ("factcheck" alone)
]


def _name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def layer(module: str) -> int:
    """The layer of ``module`` (by the longest entry naming it or a package above it)."""
    best, depth = -1, -1
    for i, entries in enumerate(LAYERS):
        for e in entries:
            named = module == e if e == "factcheck" else module == e or module.startswith(e + ".")
            if named and len(e) > depth:
                best, depth = i, len(e)
    return best


def imports(path: Path, module: str) -> set[str]:
    """The factcheck modules ``path`` imports, anywhere in it (functions' own imports too)."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package.split(".")[:len(package.split(".")) - node.level + 1]
                base = ".".join([*up, base] if base else up)
            for a in node.names:  # "from factcheck.match import align" imports the module align
                found.add(f"{base}.{a.name}" if f"{base}.{a.name}" in MODULES else base)
    return {m for m in found if m == "factcheck" or m.startswith("factcheck.")}


def test_every_module_has_a_layer():
    assert [m for m in MODULES if layer(m) < 0] == []


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_module_imports_from_a_layer_above_its_own(module):
    upward = sorted(m for m in imports(MODULES[module], module) if layer(m) > layer(module))
    assert upward == [], f"{module} (layer {layer(module)}) imports from above: {upward}"


def test_the_check_sees_an_upward_import(tmp_path):
    """The rule is live: a match module importing the pipeline is an upward import."""
    fake = tmp_path / "compare.py"
    fake.write_text("from factcheck.pipeline import embed_mentions\n", encoding="utf-8")
    assert [m for m in imports(fake, "factcheck.match.align") if layer(m) > layer("factcheck.match.align")] \
        == ["factcheck.pipeline"]
