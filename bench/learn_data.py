"""Build the learned decision's training rows from the public benchmarks, then fit and score it.

    .venv/bin/python bench/learn_data.py            # rows -> factcheck/match/data/decision_pairs.csv,
                                                    # model -> factcheck/match/decision.json

What is labelled: pairs of figures that the attribute matcher would weigh — from different
articles (or passages), same unit, contexts at cosine >= the candidate floor, nothing in the
rules telling them apart (``decide.guard``, and the rule for a side that names nobody), not
twins of an aligned passage. Such a pair is

* **the same attribute** (label 1) when both state the same *distinctive* value (two or more
  significant digits, not a year, ordinal or score: "$27.5bn" and "$27.5bn", not "10%" and
  "10%"): one fact told twice, in other words. Plant a change in either figure and it is a
  disagreement the tool must find: these are paraphrase perturbations of real pairs;
* **different things** (label 0) when their values do not overlap. Real disagreements are
  rare among them (the BBC reading found about 20 in 12,000 claims), so the label is noisy
  by that much.

Sources, read in place from ../shared/benchmarks: the BBC corpus (pairs of articles; split
by article: both articles held out, or neither), EQUATE's entailed news pairs (NewsNLI and
RTE_Quant, premise vs hypothesis; split by row) and CLEF-2020 (tweet vs the verified claim
it matches, and each verified claim vs its own title; CLEF's test tweets and a fifth of the
claims held out). The split is fixed by a hash (``learned.split_of``) before any score is
seen; the bar is chosen on dev only. Vectors are cached (``--cache``).
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from factcheck.extract.load import load  # noqa: E402
from factcheck.match.candidates import candidate_pairs  # noqa: E402
from factcheck.match.compare import passage_article  # noqa: E402
from factcheck.match.decide import FLOOR, _pair_key, ruled_apart  # noqa: E402
from factcheck.match.embed import Embedder, VectorCache, load_embedder  # noqa: E402
from factcheck.match.figures import distinctive  # noqa: E402
from factcheck.match.learned import PACKAGED, TRAINING, Row, evidence, fit, read_rows, split_of, write_rows  # noqa: E402
from factcheck.match.run import align  # noqa: E402
from factcheck.pipeline import embed_mentions, extract_claims, find_mentions  # noqa: E402
from factcheck.records import Article, Mention  # noqa: E402

DATA = ROOT.parent / "shared" / "benchmarks"


def label(a: Mention, b: Mention) -> int | None:
    qa, qb = a.quantity, b.quantity
    if qa.value == qb.value and distinctive(qa):
        return 1
    if not qa.overlaps(qb):
        return 0
    return None


def weighed(groups: Sequence[tuple[list[Article], str]], embedder: Embedder, cache: VectorCache | None
            ) -> Iterator[tuple[Mention, Mention, float, str]]:
    """Each group's pairs of figures the attribute matcher weighs (see the module doc)."""
    prepared = []
    for arts, tag in groups:
        claims = extract_claims(arts)
        ms = find_mentions(claims, arts)
        if len(ms) > 1:
            prepared.append((ms, align(claims, arts), tag))
    vecs, _ = embed_mentions([m for ms, _, _ in prepared for m in ms], embedder, cache)
    pos = 0
    for ms, aligned, tag in prepared:
        v = vecs[pos:pos + len(ms)]
        pos += len(ms)
        twins = {_pair_key(a, b) for a, b, s in aligned if s.same_slot}
        for i, j, cos in candidate_pairs(ms, v, floor=FLOOR):
            a, b = ms[i], ms[j]
            if _pair_key(a, b) not in twins and not ruled_apart(a, b, cos):
                yield a, b, cos, tag


def _row(a: Mention, b: Mention, cos: float, source: str, split: str, key: str) -> Row | None:
    y = label(a, b)
    if y is None:
        return None
    return Row(evidence(a, b, cos), y, source, split, f"{key}|{a.claim.id}#{a.index}|{b.claim.id}#{b.index}")


def bbc(embedder: Embedder, cache: VectorCache | None) -> Iterator[Row]:
    arts, _ = load([DATA / "bbc_news" / "bbc_articles.jsonl"])
    for a, b, cos, _ in weighed([(arts, "bbc")], embedder, cache):
        sa, sb = split_of(a.article_id), split_of(b.article_id)
        if sa == sb and (r := _row(a, b, cos, "bbc", sa, "bbc")):
            yield r


def _passages(x: str, y: str) -> list[Article]:
    return [passage_article("A", x), passage_article("B", y)]


def equate(embedder: Embedder, cache: VectorCache | None) -> Iterator[Row]:
    groups = []
    for sub in ("NewsNLI", "RTE_Quant"):
        with open(DATA / "equate" / f"{sub}.csv", newline="", encoding="utf-8") as f:
            for k, r in enumerate(csv.DictReader(f)):
                if r["label"] == "entailment":
                    groups.append((_passages(r["premise"], r["hypothesis"]), f"{sub}/{k}"))
    for a, b, cos, tag in weighed(groups, embedder, cache):
        if r := _row(a, b, cos, "equate", split_of(tag), tag):
            yield r


def _tsv(path: Path) -> dict[str, list[str]]:
    with open(path, newline="", encoding="utf-8") as f:
        rd = csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        next(rd)
        return {r[0]: r[1:] for r in rd if r}


def clef(embedder: Embedder, cache: VectorCache | None) -> Iterator[Row]:
    root = DATA / "clef2020_task2"
    claims = _tsv(root / "v3.0" / "verified_claims.docs.tsv")
    groups = []
    for folder, split in (("v3.0/train", "dev"), ("v3.0/dev", "dev"), ("test", "test")):
        tweets = _tsv(root / folder / "tweets.queries.tsv")
        for line in (root / folder / "tweet-vclaim-pairs.qrels").read_text(encoding="utf-8").splitlines():
            q, _, v, _ = line.split()
            if q in tweets and v in claims and tweets[q]:
                groups.append((_passages(tweets[q][0], claims[v][0].strip('"')), f"{split}:{folder}/{q}"))
    for v, row in claims.items():
        if len(row) >= 2:
            groups.append((_passages(row[1], row[0].strip('"')), f"{split_of('clef/' + v)}:title/{v}"))
    for a, b, cos, tag in weighed(groups, embedder, cache):
        split, key = tag.split(":", 1)
        if r := _row(a, b, cos, "clef", split, key):
            yield r


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cache", type=Path, default=Path.home() / ".cache" / "factcheck" / "eval")
    ap.add_argument("--rows", type=Path, default=TRAINING)
    ap.add_argument("--model", type=Path, default=PACKAGED)
    args = ap.parse_args()
    if not DATA.exists():
        sys.exit(f"benchmarks not found: {DATA}")
    embedder = load_embedder(None, "onnx")
    cache = VectorCache(args.cache)
    rows = [*bbc(embedder, cache), *equate(embedder, cache), *clef(embedder, cache)]
    counts = Counter((r.source, r.split, r.label) for r in rows)
    for (source, split, y), n in sorted(counts.items()):
        print(f"{source:7} {split:5} label {y}: {n}")
    args.rows.parent.mkdir(parents=True, exist_ok=True)
    write_rows(rows, args.rows)
    model = fit(read_rows(args.rows))  # as stored: `factcheck learn` with no verdicts fits the same model
    model.save(args.model)
    print(f"rows -> {args.rows}; model -> {args.model}")
    print(f"threshold {model.threshold}; coefficients {dict(zip(('cosine', 'passage', 'words', 'role'), model.coef))}")
    for part in ("dev", "test"):
        print(part, model.about.get(part))


if __name__ == "__main__":
    main()
