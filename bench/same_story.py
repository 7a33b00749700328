"""The same-story set: near-duplicate BBC articles aligned sentence by sentence, and the figures
they agree or disagree on.

    .venv/bin/python bench/same_story.py [--corpus PATH] [--list] [--check]

1. **Near-duplicate articles**: pairs of articles (texts not identical) sharing at least 20% of
   their word 5-grams (Jaccard), read in place from ../shared/benchmarks/bbc_news (or
   $FACTCHECK_SHARED/benchmarks).
2. **Sentence alignment**: their sentences (the tool's splitter), every figure masked — digits,
   number words, ordinals ("fifth", "86th"), decades — aligned with the aligned-passage channel
   (``factcheck.match.align``), so ordinals the parser does not read yet are found too.
3. **Figures**: each aligned slot whose two figures are written differently is a candidate
   disagreement; slots written the same way in sentences that are not word for word the same
   are candidate agreeing pairs.
4. Beyond near-duplicate articles, ``--list`` also prints sentences anywhere in the corpus that
   align at 0.6 or more (the same statement in two write-ups of one story), and the same
   figure converted into another currency differently (``$27.5bn (£14.5bn)`` vs
   ``$27.5bn (£13bn)``) in sentences sharing a quarter of their content words.

5. ``--list --wider`` adds the searches that found the rest of the set (issue 10, second pass):
   *story pairs*, articles of one story that are not near-duplicates (TF-IDF cosine of the
   whole texts >= 0.3, or sharing one sentence aligned at 0.85), their figure sentences as the
   parser reads them (ordinals, scores, fractions, conversions, counts in words) aligned at
   0.5; every sentence pair of the corpus aligned at 0.55 with figures of one kind that differ;
   and every figure converted into one currency differently, with no bar on the words shared.

``--list`` prints the candidates, to be read and labelled by hand. The labels live in
``tests/data/same_story.jsonl``: references only (article ids, each sentence's offsets in the
article's text and sha1, each figure as written and its offset in the sentence) and a label:
``disagree`` (the two write-ups state different figures for the same thing: must flag) or
``agree`` (the same figure in both: must not flag). No BBC text is stored. ``--check`` verifies
every reference against the corpus (offsets, sha1, figures). ``tests/test_same_story.py`` runs
the tool on each labelled pair of articles.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from factcheck.records import Claim, Quantity

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("FACTCHECK_SHARED", ROOT.parent / "shared"))
CORPUS = SHARED / "benchmarks" / "bbc_news" / "bbc_articles.jsonl"
LABELS = ROOT / "tests" / "data" / "same_story.jsonl"
MIN_JACCARD = 0.2

_ORD = ("first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|"
        "fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth")
_WORDS = "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred"
FIGURE = re.compile(
    rf"(?:[$£€]|US\$|HK\$|A\$)?\d+(?:[.,]\d+)*(?:st|nd|rd|th|s|'s)?(?:%| ?per ?cent|m\b|bn\b| million\b| billion\b)?"
    rf"|\b(?:{_ORD})\b|\b(?:{_WORDS})(?: (?:million|billion))?\b", re.I)


def sha1(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def read(corpus: Path) -> dict[str, str]:
    with corpus.open(encoding="utf-8") as f:
        return {rec["id"]: rec["text"] for rec in map(json.loads, f)}


def near_duplicates(texts: dict[str, str], min_jaccard: float = MIN_JACCARD) -> list[tuple[str, str, float]]:
    """Article pairs, texts not identical, sharing at least ``min_jaccard`` of their word 5-grams."""
    ids = sorted(texts)
    grams = []
    for aid in ids:
        w = re.findall(r"\w+", texts[aid].lower())
        grams.append({tuple(w[i:i + 5]) for i in range(len(w) - 4)})
    index: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for k, g in enumerate(grams):
        for x in g:
            index[x].append(k)
    shared: Counter[tuple[int, int]] = Counter()
    for ks in index.values():
        if 1 < len(ks) <= 20:  # 5-grams in many articles are boilerplate
            for x in range(len(ks)):
                for y in range(x + 1, len(ks)):
                    shared[(ks[x], ks[y])] += 1
    out = []
    for (i, j), n in shared.items():
        jac = n / len(grams[i] | grams[j])
        if jac >= min_jaccard and texts[ids[i]] != texts[ids[j]]:
            out.append((ids[i], ids[j], jac))
    return sorted(out, key=lambda p: -p[2])


@dataclass(frozen=True)
class Candidate:
    a: str  # article ids
    b: str
    a_sentence: tuple[int, int]  # offsets in the article's text
    b_sentence: tuple[int, int]
    a_figure: tuple[int, int, str]  # offset in the sentence, end, as written
    b_figure: tuple[int, int, str]
    score: float
    same_slot: bool
    differs: str | None

    def record(self, texts: dict[str, str], label: str) -> dict[str, object]:
        sa, sb = texts[self.a][slice(*self.a_sentence)], texts[self.b][slice(*self.b_sentence)]
        return {"a": self.a, "b": self.b, "a_sentence": list(self.a_sentence), "b_sentence": list(self.b_sentence),
                "a_sha1": sha1(sa), "b_sha1": sha1(sb), "a_figure": list(self.a_figure),
                "b_figure": list(self.b_figure), "label": label}


def _sentence_claims(aid: str, text: str) -> list[Claim]:
    """Every sentence with a figure-like token, as a Claim whose quantities are those tokens (value 0):
    enough for the alignment, which masks figures and never reads their values."""
    from factcheck.extract.sentences import split

    out, pos = [], 0
    for line in text.split("\n"):
        for s, e in (split(text, pos, pos + len(line)) if line.strip() else ()):
            sentence = text[s:e]
            qs = tuple(Quantity(m.group(0), m.start(), m.end(), 0.0, 0.0, 0.0, "", "number")
                       for m in FIGURE.finditer(sentence))
            if qs:
                out.append(Claim(f"{aid}@{s}", aid, sentence, s, e, s, e, 1, qs))
        pos += len(line) + 1
    return out


def candidates(texts: dict[str, str], pairs: list[tuple[str, str, float]]) -> Iterator[Candidate]:
    from factcheck.match.align import align_claims

    for a, b, _ in pairs:
        ca, cb = _sentence_claims(a, texts[a]), _sentence_claims(b, texts[b])
        for m in align_claims(ca, cb, min_score=0.7):
            qa, qb = m.a.quantities[m.a_index], m.b.quantities[m.b_index]
            yield Candidate(a, b, (m.a.start, m.a.end), (m.b.start, m.b.end), (qa.start, qa.end, qa.text),
                            (qb.start, qb.end, qb.text), m.score, m.same_slot, m.differs)


def corpus_candidates(texts: dict[str, str], min_score: float = 0.6) -> Iterator[Candidate]:
    """Aligned sentences anywhere in the corpus (articles whose texts differ)."""
    from factcheck.match.align import align_claims

    claims = [c for aid, t in texts.items() for c in _sentence_claims(aid, t)]
    for m in align_claims(claims, claims, min_score=min_score):
        if texts[m.a.article_id] == texts[m.b.article_id]:
            continue
        qa, qb = m.a.quantities[m.a_index], m.b.quantities[m.b_index]
        yield Candidate(m.a.article_id, m.b.article_id, (m.a.start, m.a.end), (m.b.start, m.b.end),
                        (qa.start, qa.end, qa.text), (qb.start, qb.end, qb.text), m.score, m.same_slot, m.differs)


def conversion_candidates(texts: dict[str, str], min_dice: float = 0.25) -> Iterator[Candidate]:
    """The same figure converted into the same currency differently, in sentences about the same thing."""
    from factcheck.extract.claims import extract
    from factcheck.match.align import tokens
    from factcheck.match.conversions import conversions
    from factcheck.records import Article

    by: dict[tuple[float, str, str], list[tuple[Claim, int]]] = defaultdict(list)
    for aid, text in texts.items():
        for c in extract(Article(aid, aid, 1, 1, "", None, text)):
            for i, j in conversions(c):
                qa, qb = c.quantities[i], c.quantities[j]
                by[(qa.value, qa.unit, qb.unit)].append((c, j))
    for group in by.values():
        for x in range(len(group)):
            for y in range(x + 1, len(group)):
                (c1, j1), (c2, j2) = group[x], group[y]
                b1, b2 = c1.quantities[j1], c2.quantities[j2]
                if b1.overlaps(b2) or texts[c1.article_id] == texts[c2.article_id]:
                    continue
                w1, w2 = tokens(c1).content, tokens(c2).content
                dice = 2 * len(w1 & w2) / max(len(w1) + len(w2), 1)
                if dice >= min_dice:
                    yield Candidate(c1.article_id, c2.article_id, (c1.start, c1.end), (c2.start, c2.end),
                                    (b1.start, b1.end, b1.text), (b2.start, b2.end, b2.text), dice, True, None)


def story_pairs(texts: dict[str, str], min_cosine: float = 0.3) -> list[tuple[str, str, float]]:
    """Article pairs of one story that need not be near-duplicates: TF-IDF cosine of the texts."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import cosine_similarity

    ids = sorted(texts)
    sim = cosine_similarity(TfidfVectorizer(stop_words="english", sublinear_tf=True, min_df=2)
                            .fit_transform([texts[i] for i in ids]))
    return [(ids[i], ids[j], float(sim[i, j])) for i in range(len(ids)) for j in range(i + 1, len(ids))
            if sim[i, j] >= min_cosine and texts[ids[i]] != texts[ids[j]]]


def _parsed_claims(texts: dict[str, str]) -> dict[str, list[Claim]]:
    from factcheck.extract.claims import extract
    from factcheck.records import Article

    return {aid: extract(Article(aid, aid, 1, 1, "", None, t)) for aid, t in texts.items()}


def _candidate(m: object) -> Candidate:
    from factcheck.match.align import SlotMatch

    assert isinstance(m, SlotMatch)
    qa, qb = m.a.quantities[m.a_index], m.b.quantities[m.b_index]
    return Candidate(m.a.article_id, m.b.article_id, (m.a.start, m.a.end), (m.b.start, m.b.end),
                     (qa.start, qa.end, qa.text), (qb.start, qb.end, qb.text), m.score, m.same_slot, m.differs)


def wider_candidates(texts: dict[str, str]) -> Iterator[Candidate]:
    """The second pass: story pairs aligned at 0.5, the corpus aligned at 0.55 (figures of one
    kind), each with the parser's own figures; figures whose values differ."""
    from factcheck.match.align import align_claims

    claims = _parsed_claims(texts)
    sentences = [Claim(f"{aid}@{s}", aid, texts[aid][s:e], s, e, s, e, 1, ()) for aid, text in texts.items()
                 for s, e in _spans(text)]
    shared = {tuple(sorted((m.a.article_id, m.b.article_id)))
              for m in _aligned_sentences(sentences, 0.85)}
    pairs = {(a, b) for a, b, _ in story_pairs(texts)} | {p for p in shared if texts[p[0]] != texts[p[1]]}
    for a, b in sorted(pairs):
        for m in align_claims(claims[a], claims[b], min_score=0.5):
            qa, qb = m.a.quantities[m.a_index], m.b.quantities[m.b_index]
            if (qa.value, qa.unit) != (qb.value, qb.unit):
                yield _candidate(m)
    every = [c for aid in sorted(claims) for c in claims[aid]]
    for m in align_claims(every, every, min_score=0.55):
        qa, qb = m.a.quantities[m.a_index], m.b.quantities[m.b_index]
        if (m.a.article_id != m.b.article_id and texts[m.a.article_id] != texts[m.b.article_id]
                and qa.kind == qb.kind and (qa.value, qa.unit) != (qb.value, qb.unit)):
            yield _candidate(m)
    yield from conversion_candidates(texts, min_dice=0.0)


def _spans(text: str) -> Iterator[tuple[int, int]]:
    from factcheck.extract.sentences import split

    pos = 0
    for line in text.split("\n"):
        if line.strip():
            yield from split(text, pos, pos + len(line))
        pos += len(line) + 1


@dataclass(frozen=True)
class _Pair:
    a: Claim
    b: Claim


def _aligned_sentences(sentences: list[Claim], min_score: float) -> Iterator[_Pair]:
    """Sentence pairs (any sentence, figures or not) of different articles aligned at ``min_score``."""
    from factcheck.match import align

    toks = [align.tokens(c) for c in sentences]
    for i, j in align._candidates(toks, toks, min_score, True):
        a, b = sentences[i], sentences[j]
        if a.article_id != b.article_id and align.passage_score(toks[i], toks[j]) >= min_score:
            yield _Pair(a, b)


def _norm(figure: str) -> str:
    return re.sub(r"\s+", " ", figure.lower())


def check(texts: dict[str, str], labels: list[dict[str, object]]) -> list[str]:
    """Problems with the references: a sentence or figure that is not where the label says."""
    bad = []
    for k, r in enumerate(labels, 1):
        for side in ("a", "b"):
            text = texts.get(str(r[side]))
            if text is None:
                bad.append(f"{LABELS.name}:{k}: no article {r[side]}")
                continue
            s, e = r[f"{side}_sentence"]  # type: ignore[misc]
            sentence = text[s:e]
            if sha1(sentence) != r[f"{side}_sha1"]:
                bad.append(f"{LABELS.name}:{k}: sentence of {r[side]} at {s}:{e} has changed")
                continue
            lo, hi, fig = r[f"{side}_figure"]  # type: ignore[misc]
            if sentence[lo:hi] != fig:
                bad.append(f"{LABELS.name}:{k}: figure {fig!r} not at {lo}:{hi} of {r[side]}'s sentence")
    return bad


def load_labels(path: Path = LABELS) -> list[dict[str, object]]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--list", action="store_true", help="print the candidates to read")
    ap.add_argument("--wider", action="store_true", help="with --list: the second pass's searches too")
    ap.add_argument("--check", action="store_true", help="verify the labelled references against the corpus")
    args = ap.parse_args()
    if not args.corpus.exists():
        sys.exit(f"corpus not found: {args.corpus} (it lives in ../shared/benchmarks/)")
    texts = read(args.corpus)
    pairs = near_duplicates(texts)
    found = list(candidates(texts, pairs))
    differ = [c for c in found if _norm(c.a_figure[2]) != _norm(c.b_figure[2])]
    same = [c for c in found if _norm(c.a_figure[2]) == _norm(c.b_figure[2])]
    reworded = [c for c in same if texts[c.a][slice(*c.a_sentence)] != texts[c.b][slice(*c.b_sentence)]]
    print(f"near-duplicate article pairs {len(pairs)}; aligned figure pairs {len(found)}: "
          f"written differently {len(differ)}, the same {len(same)} ({len(reworded)} in reworded sentences)")
    if args.list:
        wider = [c for c in corpus_candidates(texts) if _norm(c.a_figure[2]) != _norm(c.b_figure[2])]
        converted = list(conversion_candidates(texts))
        if args.wider:
            seen = {(c.a, c.b, c.a_sentence, c.b_sentence) for c in wider + converted}
            more = [c for c in wider_candidates(texts) if (c.a, c.b, c.a_sentence, c.b_sentence) not in seen]
            print(f"second pass (story pairs, lower alignment, every conversion): {len(more)}")
            converted += more
        print(f"corpus-wide aligned sentences with figures written differently: {len(wider)}; "
              f"figures converted differently: {len(converted)}")
        for n, c in enumerate(differ + reworded + wider + converted):
            sa, sb = texts[c.a][slice(*c.a_sentence)], texts[c.b][slice(*c.b_sentence)]
            tag = "SAME" if c in reworded else "DIFF"
            print(f"\n#{n} {tag} {c.score:.2f} slot={c.same_slot} {c.a} {c.a_figure[2]!r} | {c.b} {c.b_figure[2]!r}"
                  f" [{c.differs}]")
            print("  A:", sa)
            print("  B:", sb)
            print("  REC:", json.dumps(c.record(texts, "?")))
    if args.check and LABELS.exists():
        labels = load_labels()
        problems = check(texts, labels)
        counts = Counter(str(r["label"]) for r in labels)
        print(f"labels: {dict(counts)}; {len(problems)} problems")
        for p in problems:
            print("  ", p)


if __name__ == "__main__":
    main()
