# The two commands a newcomer needs: `make run` and `make test`. Both build .venv first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
OUT    ?= out
SOURCES ?= sources

export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export TOKENIZERS_PARALLELISM := false

.PHONY: install run test quick browser bench eval clean lint mutants

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	$(BIN)/python -m factcheck.match.onnx_encoder install  # the encoder's ONNX export, into the cache
	@touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/factcheck run $(SOURCES) --out $(OUT)

# Both spread the tests over every core (pytest-xdist): `make test` a test file to a worker (its module
# fixtures built once), the quick loop test by test, an idle worker taking work from a busy one (faster there).
XDIST := -n logical --dist loadfile

test: install browser
	$(BIN)/python -m pytest $(XDIST)

# The quick loop: everything but the slow tests (model, browser, fuzz, kill loops, concurrency, full-size inputs).
quick: install
	$(BIN)/python -m pytest -m "not slow" -n logical --dist worksteal

# Named mutations of the parser and the flag decision; each must turn a test red (tests/mutants/run.py).
mutants: install
	$(BIN)/python tests/mutants/run.py

# ruff (lint), mypy --strict on the package, and radon: no function graded D or worse (cyclomatic
# complexity over 20); .ci/run runs this before the tests.
lint: install
	$(BIN)/ruff check factcheck tests bench
	$(BIN)/mypy
	@out="$$($(BIN)/radon cc -n D factcheck)"; if [ -n "$$out" ]; then echo "radon: functions graded D or worse:"; echo "$$out"; exit 1; fi

# The review page's end-to-end tests drive Debian's chromium (never `playwright install`).
browser:
	@test -x /usr/bin/chromium || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

bench: install
	$(BIN)/python bench/batch.py

clean:
	rm -rf $(OUT) .pytest_cache

# The claim base that `factcheck check` matches new articles against (issue #4; SQLite since #20,
# CI reads claims/base/), and its JSON Lines export (claims/base-export/, for review in a diff), built afresh from
# $(SOURCES) so it follows the extractor's code too (tests/test_base.py checks that it does).
.PHONY: base
base: install
	rm -rf claims/base  # built anew: no earlier generation's column files left beside the new ones
	$(BIN)/factcheck update $(SOURCES) --base claims/base
	$(BIN)/factcheck base export claims/base-export --base claims/base

# Detection quality on public data (issue #5): EQUATE pair judgements and CLEF-2020 claim retrieval,
# read in place from ../shared/benchmarks/. Figures and what they mean: docs/EVAL.md.
eval: install
	$(BIN)/python bench/eval_equate.py && $(BIN)/python bench/eval_clef.py

# Peer benchmark of the quantity parser against quantulum3 (bench/parse_peer.py). quantulum3 lives
# in its own environment, without the scikit-learn classifier; it is never a runtime dependency.
.PHONY: peer
peer:
	@test -x .venv-peer/bin/python || $(PYTHON) -m venv .venv-peer
	.venv-peer/bin/python -m pip install --quiet --disable-pip-version-check quantulum3==0.10.0
	.venv-peer/bin/python bench/parse_peer.py

# Matching at 10k/100k/1M claims, encoder throughput (ONNX vs torch), `check` wall time vs a 100k base
# (issue #14). About 30 min on 2 cores; figures in README, Benchmarks.
.PHONY: bench-scale
bench-scale: install
	$(BIN)/python bench/scale.py
